"""Progress of the long steps: core/progress.py on its own (silent unless shown, `quiet` wins, items pass through),
and `pipeline run` / `pipeline report` as a user sees them — every step of the report phase on stderr, nothing
with --quiet."""

import io
import subprocess
import sys
import threading

import pytest
from click.testing import CliRunner

from pipeline.batch.runner import run
from pipeline.cli import cli
from pipeline.core import progress

from .conftest import CORPORA

REPORT_STEPS = ["statistics: sentences", "statistics: tokens", "statistics: tf-idf", "statistics: entities",
                "keyness", "statistics: tables", "figures", "data package"]


def lines(text: str) -> list[str]:
    """What a terminal shows in the end: tqdm redraws a line after `\\r`."""
    return [part.strip() for line in text.splitlines() for part in line.split("\r") if part.strip()]


def progress_lines(text: str) -> list[str]:
    return [line for line in lines(text) if line.startswith(("analysis", *REPORT_STEPS))]


# ------------------------------------------------------------------ the helper

def test_silent_unless_shown(capsys):
    with progress.step("statistics"):
        pass
    assert list(progress.items("figures", [1, 2, 3])) == [1, 2, 3]
    assert not progress.is_shown()
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("outer, inner, shown", [(True, None, True), (False, None, False), (True, False, False),
                                                 (False, True, True)])
def test_the_innermost_setting_wins(outer, inner, shown):
    buf = io.StringIO()
    with progress.shown(outer, file=buf):
        if inner is None:
            with progress.step("statistics"):
                pass
        else:
            with progress.shown(inner, file=buf), progress.step("statistics"):
                pass
    assert ("statistics…" in buf.getvalue()) is shown
    assert not progress.is_shown()                       # left as it was


@pytest.mark.parametrize("name, items, unit, last", [
    ("figures", ["documents_by_language", "top_entities", "events_timeline"], "figures", "3/3 figures"),
    ("report pages", range(40), "pages", "40/40 pages"),
    ("keyness", {"a": 1, "b": 2}.items(), "", "2/2"),
    ("tokens", (x for x in "абв"), "", "3"),              # a generator: no total, still counted
])
def test_items_pass_through_and_count(name, items, unit, last):
    buf = io.StringIO()
    with progress.shown(file=buf):
        got = list(progress.items(name, items, unit=unit))
    assert len(got) == int(last.split("/")[0].split()[0])
    final = lines(buf.getvalue())[-1]
    assert final.startswith(name) and last in final


def test_a_step_with_a_total_is_advanced_by_its_caller():
    buf = io.StringIO()
    with progress.shown(file=buf), progress.step("statistics: tokens", total=5, unit="documents") as bar:
        for _ in range(5):
            bar.update(1)
    assert "5/5 documents" in lines(buf.getvalue())[-1]


def test_a_nested_step_leaves_only_the_outer_line():
    buf = io.StringIO()
    with progress.shown(file=buf), progress.step("report"):
        for _ in progress.items("report pages", range(3), unit="pages"):
            pass
    assert lines(buf.getvalue())[-1].startswith("report…")


def test_a_thread_does_not_inherit_progress():
    buf, seen = io.StringIO(), []
    with progress.shown(file=buf):
        worker = threading.Thread(target=lambda: seen.append(progress.is_shown()))
        worker.start()
        worker.join()
        seen.append(progress.is_shown())
    assert seen == [False, True]


# ------------------------------------------------------------------ the commands

@pytest.fixture(scope="module")
def finished(tmp_path_factory, stages):
    """A run of two sample papers, without its report."""
    corpus = tmp_path_factory.mktemp("progress_corpus")
    for name in ("ru_altai_mongolia.txt", "en_central_asia_corridors.txt"):
        (corpus / name).write_bytes((CORPORA / name).read_bytes())
    out = tmp_path_factory.mktemp("progress_out")
    run(corpus, out, quiet=True, stages=stages)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("flags", [[], ["--group-by", "year"], ["--quiet"], ["-q"]])
def test_report_shows_every_step_unless_quiet(finished, flags):
    result = CliRunner().invoke(cli, ["report", str(finished), *flags])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""                            # progress and messages go to stderr
    shown = progress_lines(result.stderr)
    if "--quiet" in flags or "-q" in flags:
        assert shown == [] and lines(result.stderr) == [f"report: {finished / 'report.html'}"]
    else:
        for name in REPORT_STEPS:
            assert any(line.startswith(name) for line in shown), name
        assert any(line.startswith("statistics: tokens") and "2/2 documents" in line for line in shown)
        assert any(line.startswith("figures") and "6/6 figures" in line for line in shown)
    assert (finished / "report.html").exists() and (finished / "data" / "keyness.csv").exists()


@pytest.mark.slow
@pytest.mark.parametrize("quiet", [False, True])
def test_run_shows_the_analysis_and_the_report_phase_unless_quiet(tmp_path, quiet):
    (tmp_path / "a.txt").write_text("Омск и Павлодар подписали соглашение о сотрудничестве в 2019 году.", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", str(tmp_path / "a.txt"), "--out",
                             str(tmp_path / "out"), "--workers", "1", *(["--quiet"] if quiet else [])],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    shown = progress_lines(result.stderr)
    if quiet:
        assert shown == [] and len(lines(result.stderr)) == 1     # `1 of 1 documents analysed …`
    else:
        assert any(line.startswith("analysis") and "1/1" in line for line in shown)
        for name in REPORT_STEPS:
            assert any(line.startswith(name) for line in shown), name
    assert (tmp_path / "out" / "report.html").exists()

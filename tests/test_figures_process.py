"""The figures drawn in a child process (results/figures_process.py) while the runner writes the report: written by
the child, SVGs before PNGs, the child's exception raised in the parent as it was (a bug → the same ReportError, a
full disk → OSError), and no child left behind by an interrupted or killed parent (issue 18)."""

import functools
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.batch import runner
from pipeline.batch.reuse import REPORT_PARTS
from pipeline.batch.runner import ReportError, _report, run
from pipeline.results import figures_process
from pipeline.results.figures import FIGURES

from .conftest import CORPORA
from .test_report import make_run

# ------------------------------------------------------------------ stand-ins for figures.write_figures, run by the child

def draw_and_sign(out: Path, names: list[str], done) -> list[Path]:
    """write_figures, and the process that drew them in figures/pid."""
    from pipeline.results.figures import write_figures

    written = write_figures(out, names, done)
    (out / "figures" / "pid").write_text(str(os.getpid()), encoding="utf-8")
    return written


def broken_figure(data):
    raise RuntimeError("a bug in a figure")


def draw_with_a_broken_figure(out: Path, names: list[str], done) -> list[Path]:
    """write_figures with one of its builders broken, in the child: a monkeypatch there, where it counts."""
    from pipeline.results import figures

    figures.FIGURES["top_entities"] = figures.Chart(figures.entities_data, broken_figure)
    return figures.write_figures(out, names, done)


def draw_onto_a_full_disk(out: Path, names: list[str], done) -> list[Path]:
    raise OSError(28, "No space left on device")


def draw_slowly(out: Path, names: list[str], done) -> list[Path]:
    (out / "figures").mkdir(exist_ok=True)
    (out / "figures" / "pid").write_text(str(os.getpid()), encoding="utf-8")
    time.sleep(60)
    return []


# ------------------------------------------------------------------ the child on its own

def test_the_figures_are_drawn_by_a_child_process_svgs_first(tmp_path):
    out = make_run(tmp_path)
    figures = figures_process.start(out, draw=draw_and_sign)
    try:
        shown = figures.shown()  # said before they are drawn: the report links them meanwhile
        figures.svgs()
        svgs = {p.stem for p in (out / "figures").glob("*.svg")}
        assert svgs == shown and svgs <= set(FIGURES) and figures.names == list(FIGURES)
        written = figures.finish()
    finally:
        figures.stop()
    assert int((out / "figures" / "pid").read_text()) != os.getpid()
    assert {p.name for p in written} == {f"{name}.{ext}" for name in svgs for ext in ("svg", "png")}
    assert all(p.stat().st_size > 1000 for p in written)
    assert not list((out / "figures").glob(".*.tmp"))


def test_a_prepared_child_draws_nothing_until_told_to(tmp_path):
    out = make_run(tmp_path)
    figures = figures_process.prepare(out, draw=draw_and_sign)
    try:
        while figures.names is None:  # ready: Python and matplotlib started
            figures._receive()
        time.sleep(0.5)
        assert not (out / "figures").exists()
    finally:
        figures.stop()  # e.g. the statistics failed: the child goes without drawing
    assert figures._process.returncode is not None and not (out / "figures").exists()


def test_early_the_figures_of_the_datasets_alone_are_drawn_and_the_others_wait(tmp_path):
    """`early`: the statistics are being computed; only figures.EARLY may be drawn (SVG, then PNG); `go`: the rest."""
    from pipeline.results.figures import EARLY

    out = make_run(tmp_path)
    figures = figures_process.prepare(out)
    try:
        figures.early()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(list((out / "figures").glob("*.png"))) < len(EARLY):
            time.sleep(0.1)
        drawn = {p.name for p in (out / "figures").iterdir()}
        assert drawn == {f"{name}.{ext}" for name in EARLY for ext in ("svg", "png")}
        figures.go()
        written = figures.finish()
    finally:
        figures.stop()
    assert set(EARLY) <= {p.stem for p in written} <= set(FIGURES)
    assert [p.stem for p in written][:2] == [list(FIGURES)[0]] * 2  # returned in FIGURES' order, SVG before PNG


@pytest.mark.parametrize("names", [["top_entities", "events_timeline"], []])
def test_only_the_figures_named(tmp_path, names):
    out = make_run(tmp_path)
    figures = figures_process.start(out, names)
    try:
        written = figures.finish()
    finally:
        figures.stop()
    assert {p.stem for p in written} <= set(names)
    assert {p.stem for p in (out / "figures").iterdir()} == {p.stem for p in written}


def raised_by_the_child(tmp_path, draw, error, wait: str):
    """What `figures.<wait>()` raises when the child runs `draw`; the child stopped either way."""
    figures = figures_process.start(make_run(tmp_path), draw=draw)
    try:
        with pytest.raises(error) as caught:
            getattr(figures, wait)()
    finally:
        figures.stop()
    return caught.value


def test_a_bug_in_a_figure_is_raised_here_as_it_was_raised_there(tmp_path):
    error = raised_by_the_child(tmp_path, draw_with_a_broken_figure, RuntimeError, "finish")
    assert type(error) is RuntimeError and str(error) == "a bug in a figure"
    assert "broken_figure" in "".join(error.__notes__)  # the child's traceback, for whoever debugs it


def test_a_full_disk_in_the_child_is_an_oserror_here(tmp_path):
    assert raised_by_the_child(tmp_path, draw_onto_a_full_disk, OSError, "svgs").errno == 28


def test_a_child_that_dies_is_a_figures_error(tmp_path):
    out = make_run(tmp_path)
    figures = figures_process.start(out, draw=draw_slowly)
    try:
        while not (out / "figures" / "pid").exists():
            time.sleep(0.05)
        os.kill(int((out / "figures" / "pid").read_text()), signal.SIGKILL)
        with pytest.raises(figures_process.FiguresError, match="exit code -9"):
            figures.finish()
    finally:
        figures.stop()


def gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as f:
            return any(line.startswith("State:") and "Z" in line for line in f)  # a zombie no one reaps is gone too
    except FileNotFoundError:
        return True


def test_the_child_does_not_outlive_a_killed_parent(tmp_path):
    out = make_run(tmp_path)
    parent = (f"import os, signal, time; from pathlib import Path; from pipeline.results import figures_process; "
              f"from tests.test_figures_process import draw_slowly; "
              f"figures_process.start({str(out)!r}, draw=draw_slowly); "
              f"p = Path({str(out / 'figures' / 'pid')!r}); "
              f"[time.sleep(0.05) for _ in range(600) if not p.exists()]; os.kill(os.getpid(), signal.SIGKILL)")
    subprocess.run([sys.executable, "-c", parent], cwd=Path(__file__).parents[1], timeout=120)
    child = int((out / "figures" / "pid").read_text())
    deadline = time.monotonic() + 15
    while not gone(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert gone(child)


# ------------------------------------------------------------------ through the runner, on the sample corpus

@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory, stages):
    out = tmp_path_factory.mktemp("figures_process") / "run"
    run(CORPORA, out, quiet=True, stages=stages, report=True)
    return out


@pytest.mark.slow
def test_the_runner_writes_every_figure_and_links_them(corpus_run):
    figures = corpus_run / "figures"
    drawn = {p.stem for p in figures.glob("*.svg")}
    assert drawn == {p.stem for p in figures.glob("*.png")} and len(drawn) >= 5
    assert not list(figures.glob(".*"))
    html = (corpus_run / "report.html").read_text(encoding="utf-8")
    for name in FIGURES:
        assert (f'href="figures/{name}.svg"' in html) is (name in drawn), name


@pytest.fixture()
def generation(corpus_run, tmp_path):
    """A copy of the sample corpus's finished run, without its report."""
    gen = shutil.copytree(corpus_run / "current", tmp_path / "gen", symlinks=True)
    for name in REPORT_PARTS:
        path = gen / name
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    return gen


@pytest.mark.slow
def test_a_bug_in_a_figure_in_the_child_drops_the_report_as_before(generation, monkeypatch):
    monkeypatch.setattr(figures_process, "prepare", functools.partial(figures_process.prepare,
                                                                     draw=draw_with_a_broken_figure))
    failure = _report(generation, None, False)
    assert isinstance(failure, ReportError) and str(failure) == "RuntimeError: a bug in a figure"
    assert not any((generation / name).exists() for name in REPORT_PARTS)
    assert (generation / "data" / "entities.csv").exists()


@pytest.mark.slow
def test_an_interrupted_report_stops_the_child(generation, monkeypatch):
    started = []

    def prepare(out, names=None, draw=None, previous=None):
        started.append(figures_process.Figures(Path(out).resolve(), names, draw, previous))
        return started[-1]

    def interrupted(folder, **_):
        raise KeyboardInterrupt

    monkeypatch.setattr(figures_process, "prepare", prepare)
    monkeypatch.setattr("pipeline.results.report.write_report", interrupted)
    with pytest.raises(KeyboardInterrupt):
        runner._write_reports(generation)
    assert started and started[0]._process.returncode is not None
    assert not list((generation / "figures").glob(".*.tmp"))

"""The fault suite: every kind of bad input in one corpus with good documents. Each gets one clear row in
errors.csv, the good documents' outputs are what they are without the bad ones, the exit code is 1."""

from __future__ import annotations

import shutil
from pathlib import Path
from unittest import mock

import pytest

from pipeline.batch import runner
from pipeline.batch.runner import run

from ..conftest import rows, same_files
from .generate import GOOD, make_faults

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def faults(tmp_path_factory, stages):
    root = tmp_path_factory.mktemp("faults")
    corpus = root / "corpus"
    expected = make_faults(corpus)
    original = runner.discover

    def listed_then_vanishes(*args, **kwargs):
        found = original(*args, **kwargs)
        (corpus / "vanishes.txt").unlink()  # deleted after the run has listed it
        return found

    with mock.patch.object(runner, "discover", listed_then_vanishes):
        summary = run(corpus, root / "out", quiet=True, stages=stages)
    yield corpus, root / "out", expected, summary
    (corpus / "unreadable.txt").chmod(0o644)


def test_at_least_25_kinds_of_bad_input(faults):
    _, _, expected, _ = faults
    assert len(expected) >= 25


def test_each_bad_input_gets_one_clear_row(faults):
    corpus, out, expected, _ = faults
    errors = rows(out, "errors")
    by_path = {}
    for row in errors:
        by_path.setdefault(Path(row["source_path"]).relative_to(corpus).as_posix(), []).append(row)
    for name, code in expected.items():
        got = by_path.get(name, [])
        if code is None:
            assert not got, (name, got)
            continue
        assert [r["code"] for r in got] == [code], (name, got)
        row = got[0]
        assert row["level"] == ("warning" if code.startswith("W") else "error"), name
        assert row["message"] and row["hint"] and row["doc_id"] and row["stage"], name
        for text in (row["message"], row["hint"]):
            assert "\n" not in text and "Traceback" not in text, name
    assert set(by_path) <= set(expected) | set(GOOD) | {"ru_altai_mongolia_copy.txt"}


def test_inputs_that_can_be_read_are_analysed(faults):
    corpus, out, expected, _ = faults
    status = {Path(r["source_path"]).relative_to(corpus).as_posix(): r["status"] for r in rows(out, "documents")}
    for name, code in expected.items():
        assert status[name] == ("error" if code and code.startswith("E") else "ok"), name
    assert "~$lockfile.docx" not in status
    for name in ("utf16_no_bom.txt", "control_chars.txt", "Статья о сотрудничестве 2024.txt", "bidi_and_bom.txt"):
        doc_id = next(r["doc_id"] for r in rows(out, "documents") if r["source_path"].endswith(name))
        text = (out / "text" / f"{doc_id}.txt").read_text(encoding="utf-8")
        assert "область" in text and "\x00" not in text and "\x07" not in text, name


def test_the_good_documents_are_unchanged(faults, tmp_path, stages):
    corpus, out, _, _ = faults
    alone = tmp_path / "corpus"
    alone.mkdir()
    for name in GOOD:
        shutil.copy(corpus / name, alone / name)
    run(alone, tmp_path / "out", quiet=True, stages=stages)
    for table in ("sentences", "tokens", "entities", "dates", "citations", "formats", "events"):
        mine = [r for r in rows(out, table) if r["doc_id"] in {Path(n).stem for n in GOOD}]
        assert mine == rows(tmp_path / "out", table), table
    for name in GOOD:
        stem = Path(name).stem
        assert (out / "text" / f"{stem}.txt").read_bytes() == (tmp_path / "out" / "text" / f"{stem}.txt").read_bytes()


def test_the_exit_code_is_1_and_the_same_rows_come_from_the_cli(faults, tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import cli

    corpus, out, expected, _ = faults
    result = CliRunner().invoke(cli, ["run", str(corpus), "--out", str(tmp_path), "--workers", "1", "--no-report", "-q"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    # vanishes.txt is gone by now: it is not listed at all
    before = [r for r in rows(out, "errors") if not r["source_path"].endswith("vanishes.txt")]
    assert [(r["doc_id"], r["code"]) for r in rows(tmp_path, "errors")] == [(r["doc_id"], r["code"]) for r in before]


def test_two_runs_give_byte_identical_csvs(faults, tmp_path, stages):
    corpus, _, _, _ = faults
    run(corpus, tmp_path / "a", quiet=True, stages=stages)
    run(corpus, tmp_path / "b", quiet=True, stages=stages)
    same_files(tmp_path / "a", tmp_path / "b")


def test_links_are_followed_only_when_asked(faults, tmp_path, stages):
    corpus, _, _, _ = faults
    from pipeline.ingest.discovery import discover

    found = {f[0]: f.problem for f in discover(corpus, follow_symlinks=True)}
    assert found["link_out"] is None  # read from outside the corpus, as asked
    assert found["loop/up"].code == "E011"  # a loop is still a loop

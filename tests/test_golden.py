"""The sample corpus gives exactly the golden outputs (regenerate: python scripts/update_golden.py)."""

import difflib

import pytest

from pipeline.batch.runner import run

from .conftest import CORPORA
from .golden import GOLDEN, snapshot

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory, stages):
    out = tmp_path_factory.mktemp("corpus_out")
    summary = run(CORPORA, out, quiet=True, stages=stages)
    return out, summary


def test_sample_corpus_all_formats_succeed(corpus_run):
    _, summary = corpus_run
    assert summary.failed == 0
    assert {i["path"].rsplit(".", 1)[1] for i in summary.inputs} == {"txt", "pdf", "docx", "html"}


@pytest.mark.parametrize("name", sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.suffix in (".csv", ".txt")))
def test_matches_golden(corpus_run, name):
    out, _ = corpus_run
    got = snapshot(out)[name]
    want = (GOLDEN / name).read_text(encoding="utf-8")
    if got != want:
        diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True), "golden", "run", n=1))
        pytest.fail(f"{name} differs from the golden output:\n{diff[:4000]}")

"""An unchanged rerun keeps the current run's report (issue 18): the same datasets, code and options → the
statistics, figures, report and data package are hard-linked from the current run, not computed again; any
change to the datasets (a document, a correction) or to the report's options computes them again."""

import os
import shutil

import pytest

from pipeline.batch.reuse import KEY_FILE, REPORT_PARTS
from pipeline.batch.runner import run

from .conftest import CORPORA

pytestmark = pytest.mark.slow
DOC = "ru_pavlodar_cp1251.txt"


def inode(path):
    return os.stat(path).st_ino


@pytest.fixture()
def corpus(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    shutil.copy(CORPORA / DOC, root / DOC)
    return root


def run_into(corpus, out, stages, **options):
    run(corpus, out, quiet=True, stages=stages, cache=out / ".cache.sqlite", report=True, **options)
    return (out / "current").resolve()


def test_an_unchanged_rerun_links_the_report(corpus, tmp_path, stages):
    out = tmp_path / "out"
    first = run_into(corpus, out, stages)
    kept = {p: inode(first / p) for p in ("report.html", "report.md", "datapackage.json", "data/freq_lemmas.csv",
                                          "data/keyness.csv", "figures/top_entities.svg")}
    key = (first / KEY_FILE).read_text()
    second = run_into(corpus, out, stages)  # the first generation is gone once the second is current
    assert second != first and (second / KEY_FILE).read_text() == key
    assert {p: inode(second / p) for p in kept} == kept  # the same files, linked
    assert all((second / name).exists() for name in REPORT_PARTS)


@pytest.mark.parametrize("change", ["document", "group_by"])
def test_a_change_computes_the_report_again(corpus, tmp_path, stages, change):
    out = tmp_path / "out"
    first = run_into(corpus, out, stages)
    report, key = (first / "report.html").read_bytes(), (first / KEY_FILE).read_text()
    if change == "document":
        with open(corpus / DOC, "a", encoding="cp1251") as f:
            f.write("\nОмская область и Павлодарская область подписали ещё одно соглашение.\n")
        second = run_into(corpus, out, stages)
    else:
        second = run_into(corpus, out, stages, group_by="year")
    # written again: other bytes (an inode number may be reused once the first generation is gone)
    assert (second / "report.html").read_bytes() != report and (second / KEY_FILE).read_text() != key


def test_a_one_shot_run_drops_its_models_before_the_report(corpus, tmp_path):
    """The command line's process analyses once: its models (~350 MB) are not held through the report."""
    from pipeline.analysis.nlp_ru import news_embedding
    from pipeline.batch import assemble

    run(corpus, tmp_path / "out", quiet=True, one_shot=True)
    assert (tmp_path / "out" / "data" / "entities.csv").exists()
    assert "base" not in assemble._PROCESS and news_embedding.cache_info().currsize == 0
    assert "gazetteer" in assemble._PROCESS  # the entity index and the codebook stages still use it

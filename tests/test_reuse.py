"""An unchanged rerun keeps the current run's report (issue 18): the same datasets, code and options → the
statistics, figures, report and data package are hard-linked from the current run, not computed again; any
change to the datasets (a document, a correction) or to the report's options computes them again."""

import csv
import json
import os
import shutil
import subprocess
import sys

import pytest

from pipeline.batch.reuse import KEY_FILE, REPORT_PARTS
from pipeline.batch.runner import run

from .conftest import CORPORA
from .test_cache import counted  # noqa: F401, F811 (the fixture: how many documents the stages analysed)

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


ONE_SHOT = """
import sys, weakref
from pathlib import Path
from pipeline.analysis import taggers
from pipeline.analysis.nlp_en import load_english
from pipeline.analysis.nlp_ru import news_embedding
from pipeline.batch import assemble
from pipeline.batch.runner import run

models = [weakref.ref(news_embedding()), weakref.ref(load_english())]  # shared with the run, frozen by it (loaded)
run(Path(sys.argv[1]), Path(sys.argv[2]), quiet=True, one_shot=True)
assert (Path(sys.argv[2]) / "data" / "entities.csv").exists()
assert "base" not in assemble._PROCESS and news_embedding.cache_info().currsize == 0
assert [model() for model in models] == [None, None], "still in memory"  # not only gone from the caches
assert not taggers._FORWARD, "the forward passes built on the taggers"
parsers = [stage.parser for stages in assemble._PROCESS.values() if isinstance(stages, list) for stage in stages
           if hasattr(stage, "parser")]
assert parsers and not any({"russian", "english"} & set(vars(p)) for p in parsers), "the events' parser"
assert "gazetteer" in assemble._PROCESS  # the entity index and the codebook stages still use it
print("released")
"""


def test_a_one_shot_run_drops_its_models_before_the_report(corpus, tmp_path):
    """The command line's process analyses once: its models (~350 MB) are not held through the report — gone from
    memory, not only from the caches. In a process of its own: here, other tests' stages hold the same models."""
    done = subprocess.run([sys.executable, "-c", ONE_SHOT, str(corpus), str(tmp_path / "out")], capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0 and done.stdout.strip().endswith("released"), done.stderr[-3000:]


# ------------------------------------------------------------------ a changed corpus: what did not change is kept

def copy_run(src, dst):
    """A run folder's datasets, texts and manifest (what the statistics and the report read), as new files."""
    dst.mkdir()
    for name in ("data", "text"):
        shutil.copytree(src / name, dst / name)
    shutil.copy(src / "manifest.json", dst / "manifest.json")
    return dst


def test_figures_of_the_same_data_are_kept_and_the_others_drawn(corpus_report, tmp_path):
    """A figure whose data is unchanged keeps the previous run's SVG and PNG (the same files, linked); the timeline of
    an events table cut in half is drawn again, as is a figure whose previous PNG or SVG was cut short. Every file is
    the one a run without a previous one draws, byte for byte."""
    from pipeline.results.figure_reuse import PNG_KEY, png_tag, svg_tag
    from pipeline.results.figures import FIGURES, write_figures

    before = copy_run(corpus_report, tmp_path / "before")
    shutil.copytree(corpus_report / "figures", before / "figures")
    for name in ("top_lemmas.png", "top_entities.png", "cooccurrence_network.svg"):  # cut short: the head, the key kept
        damaged = before / "figures" / name
        damaged.write_bytes(damaged.read_bytes()[:200 if name == "top_lemmas.png" else -100])
    after = copy_run(before, tmp_path / "after")
    events = (after / "data" / "events.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(events) > 3
    (after / "data" / "events.csv").write_text("".join(events[:len(events) // 2]), encoding="utf-8")  # a new timeline
    write_figures(after, previous=before)
    fresh = copy_run(after, tmp_path / "fresh")
    write_figures(fresh)  # no previous run: every figure drawn
    kept, drawn = set(), set()
    for name in FIGURES:
        svg, png = f"figures/{name}.svg", f"figures/{name}.png"
        if not (before / svg).exists() or not (after / svg).exists():
            assert (after / svg).exists() == (after / png).exists() == (fresh / png).exists()
            continue
        for path in (svg, png):
            assert (after / path).read_bytes() == (fresh / path).read_bytes(), path  # a kept file is the one drawn now
        assert svg_tag(after / svg) == png_tag(after / png) == svg_tag(fresh / svg) is not None
        same = [inode(after / path) == inode(before / path) for path in (svg, png)]
        assert same in ([True, True], [False, False]), name  # kept or drawn: the two files together
        (kept if same[0] else drawn).add(name)
    assert len(kept) >= 2 and {"events_timeline", "top_lemmas", "top_entities", "cooccurrence_network"} <= drawn
    assert PNG_KEY == "Figure-Data-SHA256"


@pytest.mark.parametrize("changed, same", [(0, False), (35, True), (39, True)])
def test_a_figure_key_changes_with_what_the_figure_shows_only(tmp_path, changed, same):
    """documents_by_language shows the 30 largest of 40 documents: one of them grown changes its key, one of the
    ten smallest grown a little does not."""
    from pipeline.results.figure_data import documents_data
    from pipeline.results.figure_reuse import figure_key

    class Sized:  # the two things documents_data reads of a Run
        def __init__(self, grown: int | None = None):
            self.ok_doc_ids = [f"doc{i:02}" for i in range(40)]
            self.tokens_by_lang = {d: {"ru": 1000 - 10 * i} for i, d in enumerate(self.ok_doc_ids)}
            if grown is not None:
                self.tokens_by_lang[f"doc{grown:02}"]["ru"] += 3

    key = lambda run: figure_key("documents_by_language", documents_data(run))  # noqa: E731
    assert (key(Sized(changed)) == key(Sized())) == same


def test_pages_of_unchanged_documents_are_kept(corpus_report, tmp_path):
    from pipeline.results.report import PAGES_FILE, write_report

    before = corpus_report
    after = copy_run(before, tmp_path / "after")
    with open(after / "data" / "documents.csv", encoding="utf-8", newline="") as f:
        table = list(csv.reader(f))
    doc_id = table[1][table[0].index("doc_id")]
    table[1][table[0].index("title")] = "A title changed by hand"
    with open(after / "data" / "documents.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(table)
    write_report(after, previous=before)
    fresh = copy_run(after, tmp_path / "fresh")
    write_report(fresh)
    pages = sorted(p.relative_to(fresh / "report") for p in (fresh / "report").rglob("*.html"))
    assert len(pages) == len(table) - 1 >= 5
    for page in pages:
        assert (after / "report" / page).read_bytes() == (fresh / "report" / page).read_bytes()
        same = inode(after / "report" / page) == inode(before / "report" / page)
        assert same == (str(page) != f"{doc_id}.html"), page  # only the changed document's page is written
    assert "A title changed by hand" in (after / "report" / f"{doc_id}.html").read_text(encoding="utf-8")
    assert (after / "report" / PAGES_FILE).read_bytes() == (fresh / "report" / PAGES_FILE).read_bytes()


def test_a_rerun_with_one_document_changed_writes_its_page_alone(corpus, tmp_path, stages):
    shutil.copy(CORPORA / "en_central_asia_corridors.txt", corpus / "en_central_asia_corridors.txt")
    out = tmp_path / "out"
    first = run_into(corpus, out, stages)
    pages = {p: inode(p) for p in (first / "report").rglob("*.html")}
    pngs = {p.name: (inode(p), (first / "figures" / f"{p.stem}.svg").read_bytes()) for p in (first / "figures").glob("*.png")}
    with open(corpus / DOC, "a", encoding="cp1251") as f:
        f.write("\nОмская область и Павлодарская область подписали ещё одно соглашение.\n")
    second = run_into(corpus, out, stages)
    changed = {p.name: inode(second / "report" / p.relative_to(first / "report")) == n for p, n in pages.items()}
    assert changed == {"ru_pavlodar_cp1251.html": False, "en_central_asia_corridors.html": True}
    for name, (number, svg) in pngs.items():
        assert (inode(second / "figures" / name) == number) == ((second / "figures" / name).with_suffix(".svg").read_bytes() == svg)


# ------------------------------------------------------------------ an unchanged corpus: its datasets are kept

DATASETS = ("data/documents.csv", "data/tokens.csv", "data/entities.csv", "data/entity_index.csv", "data/errors.csv",
            "data/.token_counts.msgpack", f"text/{DOC.removesuffix('.txt')}.txt")


def test_an_unchanged_rerun_links_the_datasets(corpus, tmp_path, stages, counted):  # noqa: F811
    out = tmp_path / "out"
    first = run_into(corpus, out, stages)
    kept = {p: inode(first / p) for p in DATASETS}
    before = json.loads((first / "manifest.json").read_text(encoding="utf-8"))
    key = (first / KEY_FILE).read_text()
    second = run_into(corpus, out, stages)  # the first generation is gone once the second is current
    assert {p: inode(second / p) for p in DATASETS} == kept and len(counted) == 1  # linked, nothing analysed
    after = json.loads((second / "manifest.json").read_text(encoding="utf-8"))
    assert after["started"] >= before["started"]
    assert [after[k] for k in ("documents", "failed", "tokens")] == [before[k] for k in ("documents", "failed", "tokens")]
    assert [i["sha256"] for i in after["inputs"]] == [i["sha256"] for i in before["inputs"]]
    assert (second / KEY_FILE).read_text() == key  # and so the report is kept too


@pytest.mark.parametrize("change", ["document", "new file", "force", "translit", "corrections", "a failed document"])
def test_a_changed_corpus_or_run_writes_the_datasets_again(corpus, tmp_path, stages, change):
    options = {}
    if change == "a failed document":
        (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    out = tmp_path / "out"
    first = run_into(corpus, out, stages)
    kept = {p: inode(first / p) for p in DATASETS}
    tokens = (first / "data" / "tokens.csv").read_bytes()
    if change == "document":
        with open(corpus / DOC, "a", encoding="cp1251") as f:
            f.write("\nОмская область и Павлодарская область подписали ещё одно соглашение.\n")
    elif change == "new file":
        shutil.copy(CORPORA / "en_central_asia_corridors.txt", corpus / "en_central_asia_corridors.txt")
    elif change == "force":
        options["force"] = True
    elif change == "translit":
        options["translit"] = "icao_doc_9303"
    elif change == "corrections":
        options["corrections"] = tmp_path / "corrections.yaml"
        with open(first / "data" / "entity_index.csv", encoding="utf-8", newline="") as f:
            entity = next(csv.DictReader(f))["entity_id"]
        options["corrections"].write_text(f"- {{drop: {entity}}}\n", encoding="utf-8")
    second = run_into(corpus, out, stages, **options)
    assert all(inode(second / p) != n for p, n in kept.items())  # written again, not linked
    same = change in ("force", "translit", "corrections", "a failed document")
    assert ((second / "data" / "tokens.csv").read_bytes() == tokens) == same
    if change == "a failed document":
        assert json.loads((second / "manifest.json").read_text(encoding="utf-8"))["failed"] == 1


def test_the_figures_process_starts_before_the_analysis_and_only_when_needed(corpus, tmp_path, stages, monkeypatch):
    """Its Python and matplotlib load while the documents are analysed; the report uses that child (one child
    a run); an unchanged rerun, whose datasets and report are linked, starts none."""
    import pipeline.batch.job as job
    from pipeline.results import figures_process

    events, real_prepare, real_process = [], figures_process.prepare, job.process

    def prepare(*args, **kwargs):
        events.append("figures")
        return real_prepare(*args, **kwargs)

    def process(*args, **kwargs):
        events.append("analysis")
        return real_process(*args, **kwargs)

    monkeypatch.setattr(figures_process, "prepare", prepare)
    monkeypatch.setattr(job, "process", process)
    out = tmp_path / "out"
    first = run_into(corpus, out, stages)
    assert events == ["figures", "analysis"] and (first / "figures" / "top_entities.png").exists()
    events.clear()
    run_into(corpus, out, stages)
    assert events == []

"""pipeline/results/run_folder.py and the report's reading of a run: the manifest read once, the raw flag, the
statistics tables the frequency layer wrote read as they are, and the codebook through knowledge.codebook."""

import csv
import json

import pytest

from pipeline.knowledge.codebook import load_codebook
from pipeline.results.report_data import Run
from pipeline.results.run_folder import OutOfOrder, RunFolder, rows_by_document


def write_csv(path, columns, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, columns)
        writer.writeheader()
        writer.writerows(rows)


def make_folder(tmp_path, raw=False, codebook="/nowhere/codebook.yaml"):
    out = tmp_path / "out"
    (out / "data").mkdir(parents=True)
    manifest = {"corpus": "c", "limits": {"raw_csv": raw}, "codebook": {"path": codebook, "sha256": "x"}}
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    write_csv(out / "data" / "documents.csv", ["doc_id", "status"], [{"doc_id": "a", "status": "ok"}])
    write_csv(out / "data" / "formats.csv", ["doc_id", "sent_id", "category"],
              [{"doc_id": "a", "sent_id": "1", "category": "forum"}])
    return out


def test_the_manifest_is_read_once_and_names_the_raw_flag(tmp_path):
    out = make_folder(tmp_path, raw=True)
    folder = RunFolder(out)
    assert folder.raw_csv is True and folder.manifest["corpus"] == "c"
    (out / "manifest.json").write_text("{}", encoding="utf-8")
    assert folder.raw_csv is True and folder.manifest["corpus"] == "c"
    assert RunFolder(out).raw_csv is False and RunFolder(tmp_path / "none").manifest == {}
    assert folder.path("data", "formats.csv") == out / "data" / "formats.csv"


def test_tables_are_streamed_with_the_apostrophe_undone_unless_raw(tmp_path):
    for raw, cell in ((False, "=1+1"), (True, "'=1+1")):
        out = make_folder(tmp_path / str(raw), raw=raw)
        write_csv(out / "data" / "errors.csv", ["doc_id", "message"], [{"doc_id": "a", "message": "'=1+1"}])
        folder = RunFolder(out)
        rows = folder.table("errors")
        assert not isinstance(rows, list) and [r["message"] for r in rows] == [cell]
        assert folder.has("errors") and not folder.has("keyness") and list(folder.table("keyness")) == []


def test_the_report_reads_the_statistics_tables_as_written(tmp_path):
    out = make_folder(tmp_path)
    # freq_formats.csv says 5 (formats.csv has one row): the table is read, not recomputed
    write_csv(out / "data" / "freq_formats.csv", ["doc_id", "category", "mentions"],
              [{"doc_id": "__corpus__", "category": "forum", "mentions": 5}, {"doc_id": "a", "category": "forum", "mentions": 5}])
    write_csv(out / "data" / "cooccurrence.csv", ["source", "target", "count", "documents"],
              [{"source": "per/x", "target": "per/y", "count": 7, "documents": 1}])
    run = Run(out)
    assert run.format_counts == {("a", "forum"): 5}
    assert run.cooccurrence == ([("per/x", "per/y", 7, 1)], "cooccurrence.csv")


def test_without_the_statistics_tables_the_frequency_layer_counts(tmp_path):
    out = make_folder(tmp_path)
    write_csv(out / "data" / "sentences.csv", ["doc_id", "sent_id", "spheres", "risks"],
              [{"doc_id": "a", "sent_id": "1", "spheres": "education;science", "risks": ""}])
    write_csv(out / "data" / "entities.csv", ["doc_id", "sent_id", "entity_id", "role"],
              [{"doc_id": "a", "sent_id": "1", "entity_id": e, "role": "actor"} for e in ("per/x", "per/y")])
    run = Run(out)
    assert run.format_counts == {("a", "forum"): 1}
    assert run.spheres["sphere"] == {"education": 1, "science": 1}
    assert run.cooccurrence == ([("per/x", "per/y", 1, 1)], "entities.csv (same sentence)")


def test_format_order_from_the_codebook_the_manifest_names_else_the_default(tmp_path):
    default = [e.key for e in load_codebook().of("formats")]
    run = Run(make_folder(tmp_path / "moved"))  # the manifest names a codebook that is gone
    assert run.format_categories == default
    own = tmp_path / "own.yaml"
    text = load_codebook().path.read_text(encoding="utf-8")
    own.write_text(text, encoding="utf-8")
    assert Run(make_folder(tmp_path / "own", codebook=str(own))).codebook.path == own


@pytest.mark.parametrize("entity_docs, expected, ordered", [
    ("a a b c c", {"a": 2, "b": 1, "c": 2}, True),      # as a run writes them: document after document
    ("a a c c", {"a": 2, "b": 0, "c": 2}, True),        # b has none: c's rows wait for their turn
    ("x a y b", {"a": 1, "b": 1, "c": 0}, True),        # rows of no listed document are left out
    ("", {"a": 0, "b": 0, "c": 0}, True),
    ("c a b a", {"a": 2, "b": 1, "c": 1}, False),       # a table edited by hand: read whole instead
    ("b a", {"a": 1, "b": 1, "c": 0}, False),           # found out only after the last document
    ("a b a", {"a": 2, "b": 1, "c": 0}, False),
])
def test_document_pages_read_one_document_at_a_time(tmp_path, entity_docs, expected, ordered):
    out = make_folder(tmp_path)
    write_csv(out / "data" / "entities.csv", ["doc_id", "n"],
              [{"doc_id": d, "n": str(i)} for i, d in enumerate(entity_docs.split())])

    def pages(ordered):
        return {doc_id: len(rows["entities"]) + 10 * len(rows["dates"])
                for doc_id, rows in rows_by_document(RunFolder(out), ["entities", "dates"], ["a", "b", "c"], ordered)}

    if not ordered:
        with pytest.raises(OutOfOrder):
            pages(True)
    assert pages(ordered) == expected


def test_document_pages_do_not_hold_the_corpus(tmp_path):
    """With the rows in the run's order, document k is given when the rows up to document k + 1 (and one row
    more: the end of its group) are read."""
    out = make_folder(tmp_path)
    write_csv(out / "data" / "entities.csv", ["doc_id", "n"], [{"doc_id": f"d{i:03d}", "n": str(j)}
                                                                for i in range(200) for j in range(5)])
    read = []
    folder = RunFolder(out)
    stream = folder.table
    folder.table = lambda name: (read.append(r) or r for r in stream(name))
    for k, (doc_id, rows) in enumerate(rows_by_document(folder, ["entities"], [f"d{i:03d}" for i in range(200)])):
        assert doc_id == f"d{k:03d}" and len(rows["entities"]) == 5 and len(read) <= 5 * (k + 2) + 1

"""datapackage.json: one resource per CSV, every field typed and described, valid for frictionless."""

import json

import frictionless
import pytest

from pipeline.results.datapackage import TABLES, write_datapackage

from .test_report import finish, make_run, write_csv


def validate(path):
    report = frictionless.validate(str(path))
    assert report.valid, "\n".join(f"{e[0]}: {e[1]}" for e in report.flatten(["type", "note"])[:20])
    return json.loads(path.read_text(encoding="utf-8"))


def test_hand_made_run(tmp_path):
    out = make_run(tmp_path)
    write_csv(out / "data" / "tfidf.csv", ["doc_id", "lemma", "weight_x", "empty_col"],
              [{"doc_id": "sub/paper1", "lemma": "форум", "weight_x": "0.5"}])
    package = validate(write_datapackage(out))
    assert package["profile"] == "tabular-data-package" and package["name"] == "pipeline-test"
    resources = {r["name"]: r for r in package["resources"]}
    assert set(resources) == {p.stem for p in (out / "data").glob("*.csv")}
    for r in resources.values():
        assert r["path"] == f"data/{r['name']}.csv" and r["format"] == "csv" and r["encoding"] == "utf-8"
        assert r["dialect"]["header"] is True
        assert all(f["description"] for f in r["schema"]["fields"])
    types = {r["name"]: {f["name"]: f["type"] for f in r["schema"]["fields"]} for r in resources.values()}
    assert types["entities"]["start"] == "integer" and types["entities"]["text"] == "string"
    assert types["dates"]["start"] == "integer"  # empty for a running header, integer elsewhere
    assert types["entity_index"]["lat"] == "number" and types["entity_index"]["mentions"] == "integer"
    assert types["events"]["ordinal"] == "integer"  # empty in this run: the table spec types it, not the values
    assert types["documents"]["year"] == "string" and types["documents"]["n_tokens"] == "integer"
    assert types["tfidf"] == {"doc_id": "string", "lemma": "string", "weight_x": "number", "empty_col": "string"}
    fields = {f["name"]: f for f in resources["tfidf"]["schema"]["fields"]}
    assert fields["weight_x"]["description"] == "column weight_x of tfidf.csv"
    assert resources["documents"]["schema"]["primaryKey"] == ["doc_id"]


def test_every_documented_column_has_a_description():
    from pipeline.core.schema import (
        CITATION_COLUMNS,
        DATE_COLUMNS,
        DOCUMENT_COLUMNS,
        ENTITY_COLUMNS,
        ENTITY_INDEX_COLUMNS,
        ERROR_COLUMNS,
        EVENT_COLUMNS,
        FORMAT_COLUMNS,
        REFERENCE_COLUMNS,
        SENTENCE_COLUMNS,
        TOKEN_COLUMNS,
    )

    for name, columns in {"documents": DOCUMENT_COLUMNS, "sentences": SENTENCE_COLUMNS, "tokens": TOKEN_COLUMNS,
                          "entities": ENTITY_COLUMNS, "entity_index": ENTITY_INDEX_COLUMNS, "dates": DATE_COLUMNS,
                          "citations": CITATION_COLUMNS, "references": REFERENCE_COLUMNS, "formats": FORMAT_COLUMNS,
                          "events": EVENT_COLUMNS, "errors": ERROR_COLUMNS}.items():
        assert set(columns) <= set(TABLES[name][1]), (name, set(columns) - set(TABLES[name][1]))


@pytest.mark.slow
def test_package_of_the_seed_run_validates(seed_run, tmp_path):
    import shutil

    out = tmp_path / "run"
    shutil.copytree(seed_run[0], out)
    finish(out)
    package = validate(out / "datapackage.json")
    assert {r["path"] for r in package["resources"]} == {f"data/{p.name}" for p in (out / "data").glob("*.csv")}
    entities = next(r for r in package["resources"] if r["name"] == "entities")
    assert {"fields": ["entity_id"], "reference": {"resource": "entity_index", "fields": ["entity_id"]}} in \
        entities["schema"]["foreignKeys"]


@pytest.mark.parametrize("body, primary_ok, distinct", [
    ("a,1,x\na,2,y\nb,1,z\n", True, {("a",), ("b",)}),
    ("a,1,x\na,1,y\n", False, {("a",)}),                   # a duplicate primary key
    ("a,1,x\nb,,y\n", False, {("a",), ("b",)}),            # an empty cell in the primary key
    ("a,1,x\nb\n", False, {("a",), ("b",)}),               # a short row (edited by hand): its missing cells empty
    ("a,1,x,extra\nb,2\n", True, {("a",), ("b",)}),        # a long row, then a short one: the key holds
    ("", None, set()),                                      # a header alone
])
def test_a_scan_finds_keys_as_frictionless_would(tmp_path, body, primary_ok, distinct, monkeypatch):
    """scan_csv's primary key check and distinct foreign key values, chunk by chunk (CHUNK = 1 here: every row its
    own chunk, as in a large file) and all at once."""
    from pipeline.results import datapackage

    path = tmp_path / "t.csv"
    path.write_text("doc_id,sent_id,text\n" + body, encoding="utf-8")
    for chunk in (1, 20_000):
        monkeypatch.setattr(datapackage, "CHUNK", chunk)
        scan = datapackage.scan_csv(path, ("doc_id", "sent_id"), [("doc_id",), ("doc_id", "sent_id")], {"doc_id"})
        assert scan.rows == body.count("\n")
        assert scan.primary_ok == (primary_ok if body else True)
        assert scan.distinct[("doc_id",)] == distinct
        assert scan.kinds == {"sent_id": {"integer"} if body and "x" in body else set(), "text": {"string"} if body else set()}

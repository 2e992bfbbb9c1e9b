"""End to end: the seed article through `pipeline run`."""

import json

import pytest

from pipeline.batch.manifest import MODEL_FILES

from .conftest import rows

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed(seed_run):
    out, summary = seed_run
    text = (out / "text" / "000_5ac4b8d52ef0a1b2.txt").read_text(encoding="utf-8")
    return out, summary, text


def test_writes_the_run_layout(seed):
    out, summary, _ = seed
    assert summary.failed == 0
    for name in ["documents", "sentences", "tokens", "entities", "entity_index", "errors"]:
        assert (out / "data" / f"{name}.csv").exists()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["inputs"][0]["sha256"] == rows(out, "documents")[0]["sha256"]
    assert {"natasha", "spacy", "pymorphy3"} <= set(manifest["libraries"])
    assert set(manifest["models"]) == set(MODEL_FILES) | {"gazetteer"}
    assert rows(out, "errors") == []


def test_documents_row(seed):
    out, _, text = seed
    (doc,) = rows(out, "documents")
    assert doc["status"] == "ok" and doc["encoding"] == "utf-8" and doc["format"] == "txt"
    assert doc["languages"] == "ru;en"
    assert int(doc["n_chars"]) == len(text)
    assert doc["running_headers"] == "28 Theories and Problems of Political Studies. 2025, Vol. 14, Is. 5A;Pitrakov V.Yu."


def test_the_running_header_names_the_author(seed):
    """The seed's text has no byline: its author is the running header's, with no mention (and so no id) in the text."""
    out, _, _ = seed
    (author,) = rows(out, "authors")
    assert (author["position"], author["surname"], author["initials"], author["entity_id"]) == ("1", "Pitrakov", "V.Yu.", "")
    assert rows(out, "documents")[0]["authors"] == "Pitrakov V.Yu."
    assert rows(out, "documents")[0]["year"] == "2025"  # the header's, not a cited work's


def test_no_line_breaks_or_headers_in_sentences_and_entities(seed):
    out, _, text = seed
    for name in ["sentences", "entities"]:
        for r in rows(out, name):
            assert "\n" not in r["text"]
            assert "Theories and Problems" not in r["text"] and "Pitrakov" not in r["text"]
            assert text[int(r["start"]):int(r["end"])] == r["text"]


def test_sections(seed):
    out, _, _ = seed
    sents = rows(out, "sentences")
    sections = list(dict.fromkeys(s["section"] for s in sents))
    assert sections == ["abstract", "introduction", "methods", "results", "conclusion"]
    first = {s["section"]: s["text"] for s in reversed(sents)}
    assert first["results"] == "Результаты и обсуждения"


def test_english_abstract_is_english_with_english_entities(seed):
    out, _, text = seed
    start = text.index("\n\nAbstract\n\n") + 2
    english = [s for s in rows(out, "sentences") if int(s["start"]) >= start]
    assert len(english) >= 8 and {s["lang"] for s in english} == {"en"}
    assert {s["lang"] for s in rows(out, "sentences") if int(s["start"]) < start} == {"ru"}
    ents = [e for e in rows(out, "entities") if int(e["start"]) >= start]
    assert {e["lang"] for e in ents} == {"en"} and all(e["source"].startswith("spacy:") for e in ents)
    assert {"Russian Federation", "Republic of Kazakhstan", "Omsk Region"} <= {e["text"] for e in ents}


def test_repaired_words(seed):
    _, _, text = seed
    assert "политико-экономическим реалиям" in text
    assert "interorganizational ties" in text and "sustainable partnership" in text
    assert "взаимо- " not in text and "interorganizationa l" not in text


@pytest.mark.parametrize("mention, label, normal", [
    ("Омской области", "LOC", "Омская область"),
    ("Виталия Хоценко", "PER", "Виталий Хоценко"),
    ("Владимир Путин", "PER", "Владимир Путин"),
    ("Касым-Жомарт Токаев", "PER", "Касым-Жомарт Токаев"),
    ("Российской Федерацией", "LOC", "Российская Федерация"),
])
def test_entities_from_natasha(seed, mention, label, normal):
    out, _, _ = seed
    found = [e for e in rows(out, "entities") if e["text"] == mention]
    assert found and all(e["label"] == label and e["normal"] == normal and e["role"] == "actor" for e in found)
    assert all(e["entity_id"] for e in found)


def test_sentences_and_entities_are_linked(seed):
    out, _, _ = seed
    sents = {s["sent_id"]: s for s in rows(out, "sentences")}
    for e in rows(out, "entities"):
        s = sents[e["sent_id"]]
        assert int(s["start"]) <= int(e["start"]) < int(s["end"])


def test_tokens_have_pymorphy_lemmas(seed):
    out, _, _ = seed
    lemmas = {(t["text"], t["lemma"]) for t in rows(out, "tokens")}
    assert {("России", "россия"), ("Россией", "россия"), ("форумов", "форум"), ("областями", "область"),
            ("programs", "program"), ("regions", "region")} <= lemmas

"""The stage contract (issue 16): every stage's REQUIRES and ASSIGNS name real Document fields (or dotted fields of
their records), check_order fails on a misspelt name and on a read before a write, and the real stages, run on
real documents, read and write only what they declare."""

from __future__ import annotations

import dataclasses
import warnings
from pathlib import Path

import pytest

from pipeline.core.schema import Document
from pipeline.core.stages import EVERY_STAGE, StageOrderError, check_order, field_error

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
PAPERS = Path(__file__).resolve().parent / "papers"
FIELDS = {f.name for f in dataclasses.fields(Document)}


# ---------------------------------------------------------------- check_order, model-free


class Fake:
    def __init__(self, name, requires=(), assigns=()):
        self.name, self.REQUIRES, self.ASSIGNS = name, tuple(requires), tuple(assigns)

    def __call__(self, doc):
        return doc


def test_check_order_passes_a_good_order():
    check_order([Fake("clean", ["raw"], ["text"]), Fake("nlp", ["text"], ["sentences", "entities"]),
                 Fake("abbr", ["entities"], ["abbreviations"]), Fake("link", ["entities", "abbreviations"], ["entities.entity_id"]),
                 Fake("number", ["sentences"], ["sentences.sent_id"]),
                 Fake("events", ["entities.entity_id", "sentences.sent_id"], ["events"])])


@pytest.mark.parametrize("name", ["entity_spans", "sent_ids", "entities.entity", "sentences.tokens.x", "file_meta.",
                                  ".raw", "abbreviations.x", "dates.sent", "meta.title", "bibliography.volumes",
                                  "sentences.tokens.feats.Case"])
def test_check_order_names_a_field_that_is_not_one(name):
    with pytest.raises(StageOrderError, match="'bad'.*" + name.replace(".", r"\.")):
        check_order([Fake("clean", ["raw"], ["text", "sentences", "entities"]), Fake("bad", [], [name])])


def test_check_order_names_a_misspelt_requirement():
    with pytest.raises(StageOrderError, match="'nlp'.*'txet'"):
        check_order([Fake("clean", ["raw"], ["text"]), Fake("nlp", ["txet"], ["sentences"])])


def test_check_order_fails_on_a_read_before_a_write():
    with pytest.raises(StageOrderError, match="'link' needs entities, sentences.sent_id, which no earlier"):
        check_order([Fake("clean", ["raw"], ["text"]), Fake("link", ["text", "entities", "sentences.sent_id"], []),
                     Fake("nlp", ["text"], ["entities", "sentences"])])


def test_a_dotted_requirement_is_met_by_its_whole_field():
    check_order([Fake("nlp", ["raw"], ["sentences"]), Fake("number", ["sentences.sent_id"], [])])


def test_a_dotted_requirement_is_not_met_by_another_field_of_its_record():
    with pytest.raises(StageOrderError, match="needs bibliography.year"):
        check_order([Fake("title", ["raw"], ["bibliography.title"]), Fake("dating", ["bibliography.year"], [])])


def test_ingest_gives_the_file_metadata():
    check_order([Fake("clean", ["raw", "file_meta.headers"], ["text"]), Fake("meta", ["file_meta.title"], [])])


def test_a_whole_field_is_not_met_by_one_of_its_parts():
    with pytest.raises(StageOrderError, match="needs sentences"):
        check_order([Fake("number", ["raw"], ["sentences.sent_id"]), Fake("events", ["sentences"], [])])


def test_every_stage_class_declares_real_fields():
    from pipeline.batch import assemble

    classes = [c for c in vars(assemble).values() if isinstance(c, type) and hasattr(c, "REQUIRES")]
    assert len(classes) >= 16
    bad = [f"{c.__name__}: {field_error(n)}" for c in classes for n in (*c.REQUIRES, *c.ASSIGNS) if field_error(n)]
    assert not bad, "\n".join(bad)


@pytest.mark.slow
def test_the_real_stage_list_is_in_order(stages):
    check_order(stages)
    names = [s.name for s in stages]
    assert names.index("roles") < names.index("places") < names.index("link") < names.index("finalize")


# ---------------------------------------------------------------- what the real stages read and write


class Recording(Document):
    """A Document that notes which of its fields are read and set; swapped in as `doc.__class__` for one stage."""

    def __getattribute__(self, name):
        if name in FIELDS:
            object.__getattribute__(self, "__dict__").setdefault("_reads", set()).add(name)
        return object.__getattribute__(self, name)

    def __setattr__(self, name, value):
        if name in FIELDS:
            self.__dict__.setdefault("_writes", set()).add(name)
        object.__setattr__(self, name, value)


def _cell(value):
    """What is compared of a record's field before and after a stage: the value, or a list's identity and length."""
    if isinstance(value, list):
        return ("list", id(value), len(value))
    if isinstance(value, dict):
        return ("dict", id(value), len(value))
    if dataclasses.is_dataclass(value):
        return ("record", id(value))
    return ("value", value)


def _fields(record) -> dict:
    return {f.name: _cell(getattr(record, f.name)) for f in dataclasses.fields(record)}


def snapshot(doc: Document) -> dict:
    """field → (list identity, record ids, {record id: {field: cell}}) for the lists of records and for a record
    field (`bibliography`, as a list of one); under "dicts", the items of the dict fields (`abbreviations`)."""
    shot, dicts = {}, {}
    for name in FIELDS:
        value = doc.__dict__.get(name)
        if isinstance(value, list):
            records = {id(r): _fields(r) for r in value if dataclasses.is_dataclass(r)}
            shot[name] = (id(value), [id(r) for r in value], records)
        elif dataclasses.is_dataclass(value):
            shot[name] = (id(value), [id(value)], {id(value): _fields(value)})
        elif isinstance(value, dict):
            dicts[name] = (id(value), repr(list(value.items())))
    shot["dicts"] = dicts
    return shot


def changed(before: dict, after: dict) -> set[str]:
    """The names a stage changed in place: `entities` when records were added, dropped or reordered,
    `entities.role` when a record's field changed, `abbreviations` when a dict's items changed."""
    out = {name for name in set(before["dicts"]) | set(after["dicts"])
           if before["dicts"].get(name) != after["dicts"].get(name)}
    for name in set(before) - {"dicts"}:
        if name not in after:
            continue
        (list_a, ids_a, rec_a), (list_b, ids_b, rec_b) = before[name], after[name]
        if list_a == list_b and ids_a != ids_b and name != "warnings":
            out.add(name)  # records added, dropped or reordered in place (a new list: the Recording saw the set)
        for rid, fields in rec_a.items():
            for f, cell in fields.items():
                if rid in rec_b and rec_b[rid][f] != cell:
                    out.add(f"{name}.{f}")
    return out


def record(doc: Document, stages) -> tuple[Document, dict]:
    """`doc` through `stages`, and per stage name (reads, writes): top-level fields read and set, and the
    in-place changes (`changed`)."""
    seen = {}
    for stage in stages:
        before = snapshot(doc)
        doc.__class__ = Recording
        try:
            out = stage(doc)
        finally:
            doc.__class__ = Document
        assert out is doc, f"stage '{stage.name}' returned another Document"
        reads, writes = doc.__dict__.pop("_reads", set()), doc.__dict__.pop("_writes", set())
        writes |= changed(before, snapshot(doc))
        seen[stage.name] = (reads, writes)
    return doc, seen


def documents():
    from pipeline.ingest.readers import read_document

    papers = sorted(p for p in PAPERS.iterdir() if p.is_file() and p.suffix not in (".py", ".yaml"))
    paths = sorted(p for p in CORPORA.iterdir() if p.is_file()) + papers
    return [read_document(p.stem, p) for p in paths]


def top(name: str) -> str:
    return name.split(".", 1)[0]


def violations(stage, reads: set, writes: set) -> list[str]:
    declared = set(stage.REQUIRES) | set(stage.ASSIGNS)
    declared_top = {top(n) for n in declared}
    out = [f"reads {r}, which it neither requires nor assigns" for r in sorted(reads - declared_top - set(EVERY_STAGE))]
    for w in sorted(writes - set(EVERY_STAGE)):
        if w not in stage.ASSIGNS and top(w) not in stage.ASSIGNS:
            out.append(f"writes {w}, which it does not assign")
    return out


@pytest.mark.slow
def test_the_stages_read_and_write_only_what_they_declare(stages):
    seen: dict[str, tuple[set, set]] = {s.name: (set(), set()) for s in stages}
    for doc in documents():
        _, one = record(doc, stages)
        for name, (reads, writes) in one.items():
            seen[name][0].update(reads)
            seen[name][1].update(writes)
    assert "raw" in seen["clean"][0] and "entities.entity_id" in seen["link"][1]  # the recording sees reads and writes
    problems = [f"stage '{s.name}' {v}" for s in stages for v in violations(s, *seen[s.name])]
    assert not problems, "\n".join(problems)
    unused = [f"stage '{s.name}' assigns {a} but never wrote it here" for s in stages for a in s.ASSIGNS
              if a not in seen[s.name][1] and not any(top(w) == a for w in seen[s.name][1])]
    if unused:
        warnings.warn("\n".join(unused))

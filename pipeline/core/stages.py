"""The stage protocol: each stage is a callable `(doc) -> doc` that declares what it REQUIRES and ASSIGNS."""

from __future__ import annotations

import dataclasses
import gc
import time
import types
import typing
from bisect import bisect_right

from .errors import PipelineError, warning
from .schema import DateMention, Document, FormatMention

# What a Document has when it leaves ingest (readers.read_document, and the run options job.process sets).
INGESTED = ("doc_id", "source_path", "format", "sha256", "encoding", "raw", "file_meta", "keep_back_matter", "status",
            "error", "warnings")
# What every stage may read without declaring it: the document's identity, and the warnings it may append to.
EVERY_STAGE = ("doc_id", "source_path", "format", "warnings")
# Record classes of the Document's fields typed as a bare `list` whose records live in core.schema (the others —
# citations, references, authors, events — are classes of the analysis layer: a dotted name on them is checked
# as far as its first part).
RECORDS = {"dates": DateMention, "formats": FormatMention}


class StageOrderError(Exception):
    pass


def _record_type(hint):
    """The record class a field's type names (`list[Mention] | None` → Mention, `Bibliography | None` →
    Bibliography), `dict` for a dict, else None."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return next((t for t in map(_record_type, args) if t is not None), None)
    if origin is list and args:
        return _record_type(args[0])
    if hint is dict or origin is dict:
        return dict
    return hint if dataclasses.is_dataclass(hint) else None


def field_error(name: str) -> str | None:
    """Why `name` is not a Document field or a dotted field of its records (`entities.entity_id`,
    `sentences.tokens.lemma`, `file_meta.title`), or None when it is one."""
    parts = name.split(".")
    if not all(p.isidentifier() for p in parts):
        return f"'{name}' is not a field name"
    owner, hints = Document, typing.get_type_hints(Document)
    for depth, part in enumerate(parts):
        if part not in hints:
            where = "Document" if owner is Document else f"{owner.__name__} (of {'.'.join(parts[:depth])})"
            return f"'{name}': {where} has no field '{part}'"
        record = RECORDS.get(part) if owner is Document and part in RECORDS else _record_type(hints[part])
        if depth == len(parts) - 1:
            return None
        if record is dict:
            return f"'{name}': {'.'.join(parts[:depth + 1])} is a dict, it has no fields"
        if record is None:
            return None  # a record class this layer cannot see: the rest of the name is not checked
        owner, hints = record, typing.get_type_hints(record)
    return None


def check_order(stages, available=INGESTED) -> None:
    """Fail before touching a corpus if a stage declares a name that is not a Document field (stages.field_error),
    or needs something no earlier stage assigns. A dotted requirement (`entities.entity_id`) is met by a stage
    that assigns it or its whole field (`entities`)."""
    have = set(available)
    for stage in stages:
        for name in (*stage.REQUIRES, *stage.ASSIGNS):
            error = field_error(name)
            if error:
                raise StageOrderError(f"stage '{stage.name}' declares {error}")
        missing = [r for r in stage.REQUIRES if r not in have and r.split(".")[0] not in have]
        if missing:
            raise StageOrderError(f"stage '{stage.name}' needs {', '.join(missing)}, which no earlier stage assigns")
        have.update(stage.ASSIGNS)


def analyse(doc: Document, stages, timings: dict | None = None) -> Document:
    """`doc` through `stages` in order, adding each stage's seconds to `timings`. A PipelineError names its
    stage; any other exception — a bug on this input — becomes E100 of that stage: the document's, not the
    batch's. MemoryError passes on (the job makes it E013)."""
    for stage in stages:
        t = time.perf_counter()
        try:
            doc = stage(doc)
        except PipelineError as e:
            e.stage = stage.name
            raise
        except MemoryError:
            raise
        except Exception as e:
            err = PipelineError("E100", stage=stage.name, reason=" ".join(f"{type(e).__name__}: {e}".split())[:300])
            err.stage = stage.name
            raise err from None
        if timings is not None:
            timings[stage.name] = timings.get(stage.name, 0.0) + time.perf_counter() - t
    return doc


class Finalize:
    """Orders sentences and entities, numbers sentences, places each entity in its sentence."""

    name = "finalize"
    REQUIRES = ("paragraphs", "sentences", "entities", "citations", "dates")
    ASSIGNS = ("sentences", "entities",  # both reordered
               "sentences.sent_id", "entities.sent_id", "citations.sent_id", "dates.sent_id")

    def __call__(self, doc: Document) -> Document:
        doc.sentences.sort(key=lambda s: s.start)
        for i, sent in enumerate(doc.sentences, 1):
            sent.sent_id = i
        starts = [s.start for s in doc.sentences]
        doc.entities.sort(key=lambda m: (m.start, m.end))
        dated = [d for d in doc.dates or [] if d.start is not None]
        parts = [p for m in doc.entities or [] for p in m.parts]
        for item in (doc.entities or []) + parts + (doc.citations or []) + dated:
            i = bisect_right(starts, item.start) - 1
            item.sent_id = doc.sentences[i].sent_id if i >= 0 else 0
        langs = sorted({p.lang for p in doc.paragraphs or []})
        if not {"ru", "en"} & set(langs):
            doc.warnings.append(warning("W004", langs=", ".join(langs) or "none"))
        return doc


def longest_first(items: list) -> list:
    """Non-overlapping items (anything with start and end), the longest first, returned in text order.

    Two items overlap when each starts before the other ends. The characters the chosen items cover are marked
    in a bytearray (over the items' own stretch of text), so each candidate is checked against its own span, not
    against every item chosen before it: linear, where comparing with each chosen item was quadratic."""
    ordered = sorted(items, key=lambda x: (-(x.end - x.start), x.start, getattr(x, "rule", "")))
    if not ordered:
        return []
    base = min(min(x.start, x.end) for x in ordered)
    taken = bytearray(max(max(x.start, x.end) for x in ordered) - base + 1)  # 1 where a chosen item covers it
    begins = bytearray(len(taken))  # 1 where a chosen item starts: two chosen items may touch
    chosen = []
    for item in ordered:
        a, b = item.start - base, item.end - base
        if b > a:
            if taken.find(1, a, b) != -1:
                continue
            taken[a:b] = b"\x01" * (b - a)
            begins[a] = 1
        else:  # empty (or reversed): it overlaps only a chosen item that starts before it and ends after it
            lo, hi = b, a
            if lo > 0 and taken.find(0, lo - 1, hi + 1) == -1 and begins.find(1, lo, hi + 1) == -1:
                continue
        chosen.append(item)
    return sorted(chosen, key=lambda x: x.start)


def loaded(model):
    """`model`, just built, taken out of the garbage collector's sight with everything else alive (gc.freeze):
    models live as long as the process, and a collector that scans their millions of objects again and again
    made the analysis of 500 documents 15 % slower. Called after each model a process loads, eagerly or lazily."""
    gc.freeze()
    return model

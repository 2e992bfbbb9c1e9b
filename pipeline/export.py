"""Streaming writers for the run layout: text/<doc_id>.txt, data/*.csv, manifest.json."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from .schema import (
    CITATION_COLUMNS, DATE_COLUMNS, DOCUMENT_COLUMNS, EVENT_COLUMNS, FORMAT_COLUMNS, REFERENCE_COLUMNS, ENTITY_COLUMNS, ENTITY_INDEX_COLUMNS, ERROR_COLUMNS, SENTENCE_COLUMNS, TOKEN_COLUMNS, Document,
)

TABLES = {
    "documents": DOCUMENT_COLUMNS,
    "sentences": SENTENCE_COLUMNS,
    "tokens": TOKEN_COLUMNS,
    "entities": ENTITY_COLUMNS,
    "dates": DATE_COLUMNS,
    "citations": CITATION_COLUMNS,
    "references": REFERENCE_COLUMNS,
    "formats": FORMAT_COLUMNS,
    "events": EVENT_COLUMNS,
    "errors": ERROR_COLUMNS,
}


def document_row(doc: Document) -> dict:
    meta = doc.meta or {}
    langs = sorted({p.lang for p in doc.paragraphs or []}, key=["ru", "en", "other"].index)
    return {
        "doc_id": doc.doc_id, "source_path": doc.source_path, "sha256": doc.sha256, "format": doc.format,
        "encoding": doc.encoding,
        **{key: meta.get(key, "") for key in ("title", "authors", "journal", "year", "volume", "issue", "doi",
                                                "keywords", "udc")},
        "languages": ";".join(langs),
        "n_chars": len(doc.text) if doc.text is not None else "",
        "n_sentences": len(doc.sentences) if doc.sentences is not None else "",
        "n_tokens": sum(len(s.tokens) for s in doc.sentences) if doc.sentences is not None else "",
        "n_entities": len(doc.entities) if doc.entities is not None else "",
        "running_headers": ";".join(dict.fromkeys(doc.running_headers or [])),
        "status": doc.status, "error": doc.error,
    }


def sentence_rows(doc: Document):
    for s in doc.sentences or []:
        yield {"doc_id": doc.doc_id, "sent_id": s.sent_id, "start": s.start, "end": s.end, "section": s.section,
               "lang": s.lang, "n_tokens": len(s.tokens), "spheres": ";".join(s.spheres), "risks": ";".join(s.risks),
               "text": s.text}


def token_rows(doc: Document):
    for s in doc.sentences or []:
        for t in s.tokens:
            yield {"doc_id": doc.doc_id, "sent_id": s.sent_id, "start": t.start, "end": t.end, "text": t.text,
                   "lemma": t.lemma, "pos": t.pos, "lang": s.lang}


def entity_rows(doc: Document):
    """Mentions in text order; a name inside a name kept whole follows it, with `inside` set."""
    for m in doc.entities or []:
        for x, inside in [(m, "")] + [(p, m.entity_id) for p in m.parts]:
            yield {"doc_id": doc.doc_id, "sent_id": m.sent_id, "start": x.start, "end": x.end, "text": x.text,
                   "label": x.label, "normal": x.normal, "entity_id": x.entity_id, "role": x.role, "lang": x.lang,
                   "source": x.source, "inside": inside}


def date_rows(doc: Document):
    for d in doc.dates or []:
        yield {"doc_id": doc.doc_id, "sent_id": d.sent_id if d.sent_id is not None else "",
               "start": "" if d.start is None else d.start, "end": "" if d.end is None else d.end,
               "text": d.text, "value": d.value, "precision": d.precision, "kind": d.kind, "lang": d.lang,
               "rule": d.rule}


def citation_rows(doc: Document):
    for c in doc.citations or []:
        yield {"doc_id": doc.doc_id, "sent_id": c.sent_id, "start": c.start, "end": c.end, "text": c.text,
               "authors": ";".join(c.authors), "title": c.title, "year": c.year, "pages": c.pages,
               "kind": c.kind, "ref_id": c.ref_id}


def reference_rows(doc: Document):
    for r in doc.references or []:
        yield {"doc_id": doc.doc_id, "ref_id": r.ref_id, "text": r.text, "authors": ";".join(r.authors),
               "year": r.year, "title": r.title}


def format_rows(doc: Document):
    for f in doc.formats or []:
        yield {"doc_id": doc.doc_id, "sent_id": f.sent_id, "start": f.start, "end": f.end, "text": f.text,
               "category": f.category, "lemma": f.lemma, "lang": f.lang, "rule": f.rule}


def event_rows(doc: Document):
    """Ids from the document as written now: the cache may hold the same content under another name."""
    for n, e in enumerate(doc.events or [], 1):
        yield {**e.__dict__, "event_id": f"{doc.doc_id}#e{n}", "doc_id": doc.doc_id,
               "actors": ";".join(e.actors), "actor_names": ";".join(e.actor_names)}


@dataclass
class Rendered:
    """A document as a run writes it: CSV lines per table, the cleaned text, what the entity index counts.
    A worker renders the documents it analyses, so the main process of a parallel run only writes."""

    doc_id: str
    status: str
    sha256: str
    tokens: int
    text: str | None
    tables: dict[str, str]
    index: list[tuple[str, str, str, str]]


ROWS = {"sentences": sentence_rows, "tokens": token_rows, "entities": entity_rows, "dates": date_rows,
        "citations": citation_rows, "references": reference_rows, "formats": format_rows, "events": event_rows}


def render(doc: Document) -> Rendered:
    from .linking import index_rows

    ok = doc.status == "ok"
    tables = {}
    for name, rows in [("documents", [document_row(doc)])] + [(n, f(doc)) for n, f in ROWS.items() if ok]:
        buf = io.StringIO()
        csv.DictWriter(buf, fieldnames=TABLES[name], extrasaction="ignore").writerows(rows)
        tables[name] = buf.getvalue()
    return Rendered(doc.doc_id, doc.status, doc.sha256, sum(len(s.tokens) for s in doc.sentences or []),
                    doc.text if ok else None, tables, index_rows(doc))


class RunWriter:
    """Opens every CSV at the start of a run and appends each document's rows as it finishes,
    so memory does not grow with the corpus and what is written survives a crash."""

    def __init__(self, out: Path):
        self.out = Path(out)
        (self.out / "data").mkdir(parents=True, exist_ok=True)
        (self.out / "text").mkdir(parents=True, exist_ok=True)
        self.files, self.writers = {}, {}
        for name, columns in TABLES.items():
            f = open(self.out / "data" / f"{name}.csv", "w", encoding="utf-8", newline="")
            writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            self.files[name], self.writers[name] = f, writer

    def text_path(self, doc_id: str) -> Path:
        path = (self.out / "text" / f"{doc_id}.txt").resolve()
        if not path.is_relative_to((self.out / "text").resolve()):
            raise ValueError(f"doc_id {doc_id!r} points outside the output folder")
        return path

    def write(self, doc: Document | Rendered) -> None:
        doc = doc if isinstance(doc, Rendered) else render(doc)
        if doc.text is not None:
            path = self.text_path(doc.doc_id)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(doc.text, encoding="utf-8")
        for name, lines in doc.tables.items():
            self.files[name].write(lines)
        for f in self.files.values():
            f.flush()

    def error(self, row: dict) -> None:
        self.writers["errors"].writerow(row)
        self.files["errors"].flush()

    def close(self) -> None:
        for f in self.files.values():
            f.close()


def write_table(path: Path, columns: list[str], rows) -> None:
    """A whole CSV at once, under a temporary name first: a reader never sees half of it."""
    tmp = path.with_suffix(".csv.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(path)


def write_entity_index(out: Path, index) -> None:
    write_table(Path(out) / "data" / "entity_index.csv", ENTITY_INDEX_COLUMNS, index.rows())


def write_manifest(out: Path, manifest: dict) -> None:
    path = Path(out) / "manifest.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)

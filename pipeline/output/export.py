"""Streaming writers for the run layout: text/<doc_id>.txt, data/*.csv, manifest.json."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..core.schema import REFERENCE_COLUMNS, Bibliography, Document, name_mentions
from ..core.spec import SPEC

# the tables RunWriter streams, one CSV each; their columns and order come from the table spec (core/spec.py)
TABLES = {name: SPEC[name].names for name in ("documents", "authors", "sentences", "tokens", "entities", "dates",
                                              "citations", "references", "formats", "events", "errors",
                                              "corrections")}


def document_row(doc: Document) -> dict:
    # before the metadata stage ran (a document that failed earlier): what the file itself says
    bib = doc.bibliography or Bibliography(title=doc.file_meta.title, authors=doc.file_meta.authors)
    langs = sorted({p.lang for p in doc.paragraphs or []}, key=["ru", "en", "other"].index)
    return {
        "doc_id": doc.doc_id, "source_path": doc.source_path, "sha256": doc.sha256, "format": doc.format,
        "encoding": doc.encoding,
        **{key: getattr(bib, key) for key in ("title", "authors", "journal", "year", "volume", "issue", "pages", "doi",
                                                "keywords", "keywords_en", "udc", "jel", "received", "accepted")},
        "n_references": len(doc.references) if doc.references is not None else "",
        "languages": ";".join(langs),
        "n_chars": len(doc.text) if doc.text is not None else "",
        "n_sentences": len(doc.sentences) if doc.sentences is not None else "",
        "n_tokens": sum(len(s.tokens) for s in doc.sentences) if doc.sentences is not None else "",
        "n_entities": len(name_mentions(doc.entities)) if doc.entities is not None else "",
        "running_headers": ";".join(dict.fromkeys(doc.running_headers or [])),
        "status": doc.status, "error": doc.error,
    }


def author_rows(doc: Document):
    """The paper's own authors in byline order, each with the entity id its name got."""
    ids = {(m.start, m.end): m.entity_id for m in doc.entities or [] if m.role == "author"}
    for a in doc.authors or []:
        yield {"doc_id": doc.doc_id, "position": a.position, "name": a.name, "surname": a.surname,
               "initials": a.initials, "given": a.given, "patronymic": a.patronymic, "affiliation": a.affiliation,
               "city": a.city, "email": a.email, "orcid": a.orcid, "entity_id": ids.get((a.start, a.end), ""),
               "lang": a.lang}


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


def token_lines(doc: Document, raw: bool = False):
    """token_rows as safe_lines makes them, without a dict per token: of a token's cells only its text and lemma
    can be anything (doc_id is checked once; the rest are numbers, UD tags and language codes)."""
    doc_id = next(safe_lines([{"doc_id": doc.doc_id}], ["doc_id"], raw))[0]
    for s in doc.sentences or []:
        sent_id, lang = s.sent_id, s.lang
        for t in s.tokens:
            text, lemma = capped(t.text), capped(t.lemma)
            if not raw:
                text, lemma = safe_cell(text), safe_cell(lemma)
            yield [doc_id, sent_id, t.start, t.end, text, lemma, t.pos, lang]


def entity_rows(doc: Document):
    """Mentions in text order; a name inside a name kept whole follows it, with `inside` set."""
    for m in doc.entities or []:
        for x, inside in [(m, "")] + [(p, m.entity_id) for p in m.parts]:
            yield {"doc_id": doc.doc_id, "sent_id": m.sent_id, "start": x.start, "end": x.end, "text": x.text,
                   "label": x.label, "normal": x.normal, "entity_id": x.entity_id, "role": x.role, "lang": x.lang,
                   "source": x.source, "inside": inside, "kind": x.kind, "confidence": x.confidence}


def date_rows(doc: Document):
    for d in doc.dates or []:
        yield {"doc_id": doc.doc_id, "sent_id": d.sent_id if d.sent_id is not None else "",
               "start": "" if d.start is None else d.start, "end": "" if d.end is None else d.end,
               "text": d.text, "value": d.value, "precision": d.precision, "kind": d.kind, "lang": d.lang,
               "rule": d.rule, "inferred": d.inferred}


def citation_rows(doc: Document):
    for c in doc.citations or []:
        yield {"doc_id": doc.doc_id, "sent_id": c.sent_id, "start": c.start, "end": c.end, "text": c.text,
               "authors": ";".join(c.authors), "title": c.title, "year": c.year, "pages": c.pages,
               "kind": c.kind, "ref_id": c.ref_id}


def reference_rows(doc: Document):
    """One row per work; `getattr` so that a Reference cached before a field existed still writes."""
    for r in doc.references or []:
        row = {name: getattr(r, name, "") for name in REFERENCE_COLUMNS}
        yield {**row, "doc_id": doc.doc_id, "authors": ";".join(r.authors)}


def format_rows(doc: Document):
    for f in doc.formats or []:
        yield {"doc_id": doc.doc_id, "sent_id": f.sent_id, "start": f.start, "end": f.end, "text": f.text,
               "category": f.category, "lemma": f.lemma, "lang": f.lang, "rule": f.rule}


def event_rows(doc: Document):
    """Ids from the document as written now: the cache may hold the same content under another name."""
    for n, e in enumerate(doc.events or [], 1):
        yield {**e.__dict__, "event_id": f"{doc.doc_id}#e{n}", "doc_id": doc.doc_id,
               "actors": ";".join(e.actors), "actor_names": ";".join(e.actor_names), "actor_how": ";".join(e.actor_how),
               "source": "extraction"}


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
    warnings: list[tuple[str, str, str]]
    counts: dict | None = None  # its token counts for the statistics (output/token_counts.py), set by the job


csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # a 5 MB paragraph is one cell of text/*.csv readers

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA = re.compile(r"'*[=+\-@\t\r]")       # a formula, or one already behind apostrophes
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")
_FIRST = set("'=+-@\t\r")  # a cheap test first: most cells start with none of these


def safe_cell(value):
    """A text cell a spreadsheet would run as a formula (OWASP CSV injection: =, +, -, @, tab, CR first)
    gets a leading apostrophe; numbers and other text pass unchanged. A cell that already starts with
    apostrophes before such a character gets one more, so plain_cell can always undo it."""
    if isinstance(value, str) and value[:1] in _FIRST and _FORMULA.match(value):
        return "'" + value
    return value


def plain_cell(value: str) -> str:
    """safe_cell undone: the text as the document has it (`'- item` → `- item`)."""
    return value[1:] if value[:1] == "'" and _NEUTRALISED.match(value) else value


def raw_csv(out: Path) -> bool:
    """Whether the run in `out` wrote its tables with --raw-csv (its manifest says; no manifest → no)."""
    try:
        return bool(json.loads((Path(out) / "manifest.json").read_text(encoding="utf-8"))["limits"]["raw_csv"])
    except (OSError, ValueError, KeyError, TypeError):
        return False


def read_rows(path: Path, raw: bool | None = None):
    """The rows of OUT/data/<name>.csv as dicts, streamed, with safe_cell undone unless the run wrote
    raw cells (`raw`; None → its manifest says); a table the run did not write is empty."""
    path = Path(path)
    if not path.exists():
        return
    if raw is None:
        raw = raw_csv(path.parent.parent)
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            if not raw:
                for k, v in row.items():
                    if v and v[0] == "'":  # the few neutralised cells, changed in place
                        row[k] = plain_cell(v)
            yield row


MAX_CELL = 2000  # characters: a spreadsheet cell holds 32,767, and a longer value than this is a runaway
LONG_TEXT = {"text", "evidence"}  # a sentence's text, an event's evidence: as long as the text makes them


def capped(value):
    """A cell built from a mention, a reference entry or a name stays under MAX_CELL: cut, with `…` at the end."""
    if isinstance(value, str) and len(value) > MAX_CELL:
        return value[:MAX_CELL - 1] + "…"
    return value


def safe_lines(rows, columns: list[str], raw: bool = False, long_text=frozenset()):
    """Each row (a dict) as the list of its `columns`' cells for csv.writer — a missing key an empty cell, other
    keys ignored — every cell but the `long_text` columns cut to MAX_CELL (capped) and, unless `raw`, formulas
    neutralised (safe_cell). No dict per row: these are the millions of cells a run writes."""
    pairs = [(k, k not in long_text) for k in columns]
    for row in rows:
        get = row.get
        line = []
        for k, limited in pairs:
            v = get(k, "")
            if isinstance(v, str) and v:  # numbers and empty cells pass as they are
                if limited:
                    v = capped(v)
                if not raw:
                    v = safe_cell(v)
            line.append(v)
        yield line


ROWS = {"authors": author_rows, "sentences": sentence_rows, "tokens": token_rows, "entities": entity_rows, "dates": date_rows,
        "citations": citation_rows, "references": reference_rows, "formats": format_rows, "events": event_rows}


def render(doc: Document, raw: bool = False) -> Rendered:
    """`raw` writes cells as they are; by default formulas are neutralised (safe_cell)."""
    from ..analysis.linking import index_rows

    ok = doc.status == "ok"
    tables = {}
    for name, rows in [("documents", [document_row(doc)])] + [(n, f(doc)) for n, f in ROWS.items() if ok]:
        buf = io.StringIO()
        long_text = LONG_TEXT if name in ("sentences", "events") else frozenset()
        lines = token_lines(doc, raw) if name == "tokens" else safe_lines(rows, TABLES[name], raw, long_text)
        csv.writer(buf).writerows(lines)
        tables[name] = buf.getvalue()
    return Rendered(doc.doc_id, doc.status, doc.sha256, sum(len(s.tokens) for s in doc.sentences or []),
                    doc.text if ok else None, tables, index_rows(doc), list(doc.warnings))


class RunWriter:
    """Opens every CSV of a run in `folder` (a new generation of OUT: outdir.Output) and appends each
    document's rows as it finishes, so memory does not grow with the corpus. Nobody reads the folder until
    the run switches OUT to it; `abandon` removes it."""

    def __init__(self, folder: Path, raw: bool = False):
        self.stage = Path(folder)
        self.raw = raw
        (self.stage / "data").mkdir(parents=True, exist_ok=True)
        (self.stage / "text").mkdir(exist_ok=True)
        self.files, self.writers = {}, {}
        self.folders: set[Path] = set()  # the folders of text/ made so far
        for name, columns in TABLES.items():
            f = open(self.stage / "data" / f"{name}.csv", "w", encoding="utf-8", newline="")
            writer = csv.writer(f)
            writer.writerow(columns)
            self.files[name], self.writers[name] = f, writer

    def text_path(self, doc_id: str) -> Path:
        """text/<doc_id>.txt, a doc_id being a relative path of plain names (`/` between its folders): one that is
        absolute or names `..`, `.` or an empty folder would point outside the output folder, or at a folder.
        Checked on the string: the folders under text/ are this run's own, never links (5,000 resolve() calls took
        0.5 s of a rerun)."""
        parts = doc_id.split("/")
        if any(p in ("", ".", "..") or "\0" in p or (os.altsep and os.altsep in p) for p in parts):
            raise ValueError(f"doc_id {doc_id!r} points outside the output folder")
        return self.stage / "text" / f"{doc_id}.txt"

    def write(self, doc: Document | Rendered) -> None:
        doc = doc if isinstance(doc, Rendered) else render(doc, self.raw)
        if doc.text is not None:
            path = self.text_path(doc.doc_id)
            if path.parent not in self.folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                self.folders.add(path.parent)
            path.write_text(doc.text, encoding="utf-8")
        for name, lines in doc.tables.items():
            self.files[name].write(lines)

    def error(self, row: dict) -> None:
        self.writers["errors"].writerow(next(safe_lines([row], TABLES["errors"], self.raw)))

    def close(self) -> None:
        """Every table flushed and closed (a full disk shows here at the latest, as an OSError)."""
        files, self.files = self.files, {}
        failure = None
        for f in files.values():
            try:
                f.close()
            except OSError as e:
                failure = failure or e
        if failure:
            raise failure

    def abandon(self) -> None:
        try:
            self.close()
        except OSError:
            pass
        shutil.rmtree(self.stage, ignore_errors=True)


@contextmanager
def replacing(path: Path):
    """A temporary name beside `path` to write to, renamed to `path` when the block ends and removed when it
    fails: a reader sees the old file or the new one, never half of it."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        yield tmp
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def write_table(path: Path, columns: list[str], rows, raw: bool = False, long_text=frozenset()) -> None:
    """A whole CSV at once, under a temporary name first (replacing); `rows` may be a generator reading `path`."""
    with replacing(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        writer.writerows(safe_lines(rows, columns, raw, long_text))


def write_entity_index(out: Path, index, raw: bool = False) -> None:
    write_table(Path(out) / "data" / "entity_index.csv", SPEC["entity_index"].names, index.rows(), raw)


def atomic_write_text(path: Path, text: str) -> None:
    """`path` written in UTF-8 under a temporary name first (replacing)."""
    with replacing(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_manifest(out: Path, manifest: dict) -> None:
    atomic_write_text(Path(out) / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))

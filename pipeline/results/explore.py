"""The tables of report.html as data for its explorer (assets/explore.js): each a list of columns (key, label,
kind) and facets, and its rows as arrays. The page searches, sorts, filters and pages them itself; every table
keeps at most MAX_ROWS rows (the largest first) and says so, the whole table being in OUT/data."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import lru_cache
from importlib import metadata

from ..core import user_cache
from .charts import event_year
from .report_data import Run, as_float, as_int, short
from .report_pages import doc_href

MAX_ROWS = 20_000


def col(key: str, label: str | None = None, kind: str = "", **extra) -> dict:
    """A column: kind is num, doc (a doc_id linked to its page), badge, list (;-joined), long (truncated with the
    whole text on hover), id, fix (the corrections of the row) or plain text."""
    return {"key": key, "label": label or key.replace("_", " "), "kind": kind, **extra}


def spec(table_id: str, noun: str, columns: list[dict], rows: list[list], facets: list[str], sort: tuple | None = None,
         source: str = "", total: int | None = None) -> dict:
    """The table for the explorer; `total` is the table's size when `rows` are already only its first ones."""
    total = len(rows) if total is None else total
    note = ""
    if total > MAX_ROWS:
        rows = rows[:MAX_ROWS]
        note = f"The first {MAX_ROWS:,} of {total:,} rows; all of them are in {source}."
    elif source:
        note = f"From {source}."
    return {"id": table_id, "noun": noun, "columns": columns, "rows": rows, "facets": facets,
            "sort": list(sort) if sort else None, "note": note}


def documents(run: Run) -> dict:
    columns = [col("key", "#", "key"), col("doc_id", "document", "doc", full=True), col("title", kind="long"), col("authors", kind="list"),
               col("journal"), col("year"), col("format"), col("languages", kind="list", multi=True),
               col("tokens", kind="num"), col("entities", kind="num"), col("events", kind="num"), col("status", kind="badge")]
    events = Counter(r.get("doc_id") for r in run.rows("events"))
    rows = [[run.doc_keys[d["doc_id"]], d["doc_id"], short(d.get("title", ""), 300), d.get("authors", ""),
             d.get("journal", ""), d.get("year", ""), d.get("format", ""), d.get("languages", ""), as_int(d.get("n_tokens")),
             as_int(d.get("n_entities")), events.get(d["doc_id"], 0), d.get("status") or "ok"] for d in run.documents]
    return spec("documents", "documents", columns, rows, ["year", "languages", "journal", "format", "status"],
                source="data/documents.csv")


def entities(run: Run) -> dict:
    """One row per entity and role: how often it is mentioned in that role, and in how many documents."""
    mentions: Counter = Counter()
    docs: dict[tuple, set] = defaultdict(set)
    for (entity_id, role), in_docs in run.entity_docs.items():
        key = (entity_id, role or "actor")
        mentions[key] += sum(in_docs.values())
        docs[key].update(in_docs)
    columns = [col("name", kind="long"), col("name_en", "English"), col("entity_id", "id", "id"), col("label", "type"),
               col("role"), col("mentions", kind="num"), col("documents", kind="num"), col("first_doc", "first in", "doc"),
               col("fix", "", "fix", fix="entity")]
    rows = []
    for (entity_id, role), n in sorted(mentions.items(), key=lambda kv: (-kv[1], kv[0])):
        index = run.index.get(entity_id, {})
        first = min(docs[(entity_id, role)], key=lambda d: (-1 if not d else 0, d)) if docs[(entity_id, role)] else ""
        rows.append([index.get("name") or entity_id, index.get("name_en") or "", entity_id,
                     index.get("label") or run.entity_label(entity_id), role, n, len(docs[(entity_id, role)]), first, ""])
    return spec("entities", "entities", columns, rows, ["label", "role"], source="data/entities.csv")


def formats(run: Run) -> dict:
    columns = [col("doc_id", "doc", "doc", anchor="sent_id"), col("sent_id", "sentence", "num"), col("category"),
               col("text", "as written"), col("lemma", "trigger"), col("lang", "language")]
    rows, total = [], 0
    for r in run.folder.table("formats"):  # a stream: only the rows shown are kept
        total += 1
        if total <= MAX_ROWS:
            rows.append([r.get("doc_id", ""), as_int(r.get("sent_id")), r.get("category", ""), r.get("text", ""),
                         r.get("lemma", ""), r.get("lang", "")])
    return spec("formats", "format mentions", columns, rows, ["category", "lang", "doc_id"], source="data/formats.csv",
                total=total)


def events(run: Run) -> dict:
    columns = [col("event_id", "event", hidden=True), col("date"), col("year", hidden=True), col("category"),
               col("actor_names", "actors", "list", multi=True), col("actor_ids", "actor ids", multi=True, hidden=True),
               col("place_name", "place"), col("status", kind="badge"), col("doc_id", "doc", "doc", anchor="sent_id"),
               col("sent_id", "sentence", hidden=True), col("evidence", "sentence", "long"),
               col("fix", "", "fix", fix="event")]
    rows = [[r.get("event_id", ""), r.get("date", ""), "" if (year := event_year(r)) is None else str(year),
             r.get("category", ""), r.get("actor_names", ""), r.get("actors", ""), r.get("place_name", ""),
             r.get("status") or "unknown", r.get("doc_id", ""), as_int(r.get("sent_id")), r.get("evidence", ""), ""]
            for r in run.events]
    return spec("events", "events", columns, rows, ["category", "status", "year", "actor_names", "place_name", "doc_id"],
                source="data/events.csv")


def pairs(run: Run) -> dict:
    edges, source = run.cooccurrence
    columns = [col("a", "entity"), col("a_id", "id", "id"), col("b", "entity"), col("b_id", "id", "id"),
               col("count", "sentences", "num"), col("documents", kind="num")]
    rows = [[run.entity_name(a, False), a, run.entity_name(b, False), b, n, d]
            for a, b, n, d in sorted(edges, key=lambda x: (-x[2], x[0], x[1]))]
    return spec("pairs", "pairs", columns, rows, [], source=source)


def keyness(run: Run) -> dict:
    columns = [col("target", "document or group", "doc", full=True), col("lang", "language"), col("lemma"),
               col("count_target", "count", "num"), col("count_reference", "in the rest", "num"), col("g2", "G²", "num")]
    rows = [[target, r.get("lang", ""), r.get("lemma", ""), as_int(r.get("count_target")),
             as_int(r.get("count_reference")), round(r["_g2"], 1)]
            for target, found in run.keyness.items() for r in found]
    rows.sort(key=lambda r: -r[5])
    return spec("keyness", "key lemmas", columns, rows, ["target", "lang"], source="data/keyness.csv")


def lemmas(run: Run) -> dict:
    columns = [col("lemma"), col("lang", "language"), col("pos", "part of speech"), col("count", kind="num"),
               col("per_10k", "per 10k", "num"), col("documents", kind="num")]
    rows = [[r.get("lemma", ""), r.get("lang", ""), r.get("pos", ""), as_int(r.get("count")),
             as_float(r.get("per_10k"), 0.0), as_int(r.get("documents"))]
            for r in run.corpus_lemmas]
    rows.sort(key=lambda r: (-r[3], r[0]))
    return spec("lemmas", "lemmas", columns, rows, ["lang", "pos"], source="data/freq_lemmas.csv")


def problems(run: Run) -> dict:
    columns = [col("level", kind="badge"), col("doc_id", "document"), col("source_path", "file", "id"), col("stage"),
               col("code"), col("message", kind="long"), col("hint", kind="long")]
    rows = [[r.get("level") or "error", r.get("doc_id", ""), r.get("source_path", ""), r.get("stage", ""),
             r.get("code", ""), r.get("message", ""), r.get("hint", "")] for r in run.rows("errors")]
    return spec("problems", "problems", columns, rows, ["level", "code", "stage"], source="data/errors.csv")


TABLES = {"documents": documents, "entities": entities, "formats": formats, "events": events, "pairs": pairs,
          "keyness": keyness, "lemmas": lemmas, "problems": problems}


def payload(run: Run, charts: dict[str, dict]) -> Iterator[str]:
    """The explorer's data — {"docs": …, "tables": {name: table…}, "charts": …} — as the pieces of its script_json,
    one table at a time: a table's rows are built, written and let go before the next (at 5,000 documents the
    tables hold some 20 MB of text)."""
    docs = {d["doc_id"]: {"key": run.doc_keys[d["doc_id"]], "href": doc_href(d["doc_id"]),
                          "title": short(d.get("title", ""), 120)}
            for d in run.documents}
    yield '{"docs":' + script_json(docs) + ',"tables":{'
    for i, (name, build) in enumerate(TABLES.items()):
        yield ("," if i else "") + script_json(name) + ":" + script_json(build(run))
    yield '},"charts":' + script_json(charts) + "}"


def script_json(data: dict) -> str:
    """JSON for a <script type="application/json"> block: `<` escaped, so no text in the data ends the block."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script, from vl-convert's bundle of the published packages (no
    network); wrapped in a function so that its top-level names stay out of the page's scope. Made in a child
    process: vl-convert's JavaScript runtime takes some 150 MB that the report's process then never holds. Kept
    in the user's cache by vl-convert's version (core/user_cache.py): ~1.5 s the next reports do not spend."""
    name = f"vega-bundle-{metadata.version('vl-convert-python')}.js"
    kept = user_cache.read(name) or b""
    digest, _, bundle = kept.partition(b"\n")  # the first line: the sha256 of the rest, so a damaged file is not used
    if not bundle or hashlib.sha256(bundle).hexdigest().encode() != digest:
        code = "import sys, vl_convert; sys.stdout.buffer.write(vl_convert.javascript_bundle().encode('utf-8'))"
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=300)
        if done.returncode != 0:
            last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"])[-1]
            raise RuntimeError(f"vl-convert could not bundle the Vega libraries: {last}")
        bundle = done.stdout
        user_cache.write(name, hashlib.sha256(bundle).hexdigest().encode() + b"\n" + bundle)
    return "(function(){\n" + bundle.decode("utf-8").replace("</script", "<\\/script") + "\n})();"

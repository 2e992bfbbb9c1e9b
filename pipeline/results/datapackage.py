"""OUT/datapackage.json: a Frictionless tabular Data Package describing every CSV of OUT/data — one resource per
file, every field typed and described (the meanings of README.md's "Outputs"), so that `frictionless validate`,
R's `frictionless` or pandas users get the tables with their types and documentation."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter
from pathlib import Path

from ..core import progress
from ..core.spec import MEANINGS, SPEC, Table
from ..output.export import atomic_write_text
from .run_folder import RunFolder

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

# types, descriptions and keys of every table the run writes: the table spec (core/spec.py)
TABLES: dict[str, tuple[str, dict[str, str]]] = {
    name: (t.description, {c.name: c.description for c in t.columns}) for name, t in SPEC.items()}

# meanings of the columns of a table the spec does not have (kwic_*.csv, an older run's extra columns…)
COMMON = {
    **MEANINGS, "lemma": "the lemma",
    "pos": "Universal Dependencies part of speech", "count": "occurrences", "documents": "number of documents",
    "mentions": "mentions", "per_10k": "occurrences per 10,000 tokens", "g2": "log-likelihood statistic G²",
    "p_value": "p-value", "effect": "effect size", "pmi": "pointwise mutual information", "dice": "Dice coefficient",
    "tf": "term frequency", "idf": "inverse document frequency", "tfidf": "TF-IDF weight", "tf_idf": "TF-IDF weight",
    "entity_id": "as in entities.csv", "label": "PER, ORG or LOC", "name": "name", "category": "format key of the codebook",
    "left": "context before the match", "right": "context after the match", "match": "the matched text",
    "keyword": "the matched text", "text": "text", "term": "the term", "rank": "rank", "score": "score",
    "t_score": "t-score", "log_dice": "logDice", "collocate": "the co-occurring lemma", "node": "the node lemma",
}
INTEGER = {"start", "end", "sent_id", "position", "n_chars", "n_sentences", "n_tokens", "n_entities", "mentions", "documents", "count",
           "count_target", "count_reference", "ordinal", "rank", "window", "n", "freq", "frequency", "tf", "df",
           "sentences", "dates", "events"}  # the last three only name counts in the frequency tables
NUMBER = {"lat", "lon", "per_10k", "g2", "p_value", "effect", "pmi", "dice", "tfidf", "tf_idf", "idf", "score",
          "expected", "log_likelihood",
          "t_score", "log_dice", "log_ratio", "weight", "chi2", "mi"}
ORDER = list(TABLES)


def _kind(value: str) -> str:
    if re.fullmatch(r"[+-]?\d+", value):
        return "integer"
    try:
        float(value)
    except ValueError:
        return "string"
    return "number" if value.strip().lower() not in ("nan", "inf", "-inf", "+inf", "infinity", "-infinity") else "string"


def field_type(name: str, kinds: set[str], known: bool) -> str:
    """For a column the table spec does not have: offsets and counts integer, coordinates and statistics number,
    everything else string — and only if every value of this run fits (an empty column is a string); a column
    nothing documents is inferred the same way."""
    if not kinds or "string" in kinds:
        return "string"
    inferred = "integer" if kinds == {"integer"} else "number"
    if name in INTEGER or name.startswith(("n_", "count_")):
        return inferred
    if name in NUMBER:
        return "number"
    return "string" if known else inferred


@dataclass
class Scan:
    """What one pass over a CSV tells: its header, the kinds of the values of the columns the spec does not type,
    the distinct value tuples of the column groups asked for (foreign keys, and what they point to), whether the
    primary key holds (unique, never empty; None when the header lacks one of its columns), and its rows."""
    header: list[str]
    kinds: dict[str, set[str]]
    distinct: dict[tuple[str, ...], set[tuple]]
    primary_ok: bool | None
    rows: int


CHUNK = 500  # rows read at once by scan_csv: more is slower (20,000: 2.7× the time, a heap of lists for the collector)


def scan_csv(path: Path, primary=(), groups=(), typed=frozenset()) -> Scan:
    """One streamed pass over a CSV: only distinct key tuples and the primary key's tuples are held (tokens.csv of
    5,000 documents is 300 MB; its document ids are 5,000), never a column's values. Rows are taken CHUNK at a
    time and their keys picked by itemgetter (the 25 tables of 5,000 documents in 2.3 s instead of 3.9 s); a chunk
    with a short row (a file edited by hand) is read row by row, a missing cell an empty one."""
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, [])
        at = {name: i for i, name in reversed(list(enumerate(header)))}  # the first column of a name, as index()
        kinds = {name: set() for name in header if name not in typed}
        guessed = [(at[name], kinds[name]) for name in kinds]
        wanted = [g for g in dict.fromkeys(groups) if all(f in at for f in g)]
        distinct = {g: set() for g in wanted}
        kept = [([at[f] for f in g], distinct[g]) for g in wanted]
        key = [at[f] for f in primary] if primary and all(f in at for f in primary) else None
        seen, unique, rows = set(), True, 0
        if not guessed and not kept and key is None:
            return Scan(header, kinds, distinct, None, sum(1 for _ in reader))
        width = max([i for columns, _ in kept for i in columns] + (key or []) + [i for i, _ in guessed]) + 1
        for chunk in iter(lambda: list(islice(reader, CHUNK)), []):
            rows += len(chunk)
            if min(map(len, chunk)) < width:  # a short row: padded, this chunk only
                chunk = [row + [""] * (width - len(row)) if len(row) < width else row for row in chunk]
            for i, kinds_seen in guessed:
                for row in chunk:
                    value = row[i]
                    if value != "" and len(kinds_seen) < 3 and "string" not in kinds_seen:
                        kinds_seen.add(_kind(value))
            for columns, values in kept:
                values.update(_tuples(chunk, columns))
            if key is not None and unique:
                seen.update(_tuples(chunk, key))
                unique = len(seen) == rows and not any("" in map(itemgetter(i), chunk) for i in key)
    return Scan(header, kinds, distinct, None if key is None else unique, rows)


def _tuples(rows: list[list[str]], columns: list[int]):
    """The tuple of the `columns` of each row, made in C (zip makes the 1-tuples of a single column)."""
    return map(itemgetter(*columns), rows) if len(columns) > 1 else zip(map(itemgetter(columns[0]), rows))


def _sha256(path: Path) -> tuple[int, str, bytes]:
    """(bytes, sha256, the first 64 KiB) of a file, read in pieces."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as f:
        head = f.read(65536)
        piece = head
        while piece:
            digest.update(piece)
            size += len(piece)
            piece = f.read(1 << 20)
    return size, digest.hexdigest(), head


def _table_of(name: str) -> Table:
    """The spec's table, or for a CSV it does not have, one with no columns and a key to documents."""
    return SPEC.get(name) or Table(name, f"{name}.csv: a table computed from the run.", (),
                                   foreign_keys=(SPEC["tokens"].foreign_keys[0],))


def _keys(name: str, table: Table, described: dict[str, Scan]) -> dict:
    """The table's primary and foreign keys (the spec's), each only where this run's data honours it: a key that
    frictionless would find broken (a duplicate, a value the other table lacks) is left out, not declared."""
    scan = described[name]
    schema = {}
    if table.primary_key and scan.primary_ok:
        schema["primaryKey"] = list(table.primary_key)
    fks = []
    for fk in table.foreign_keys:
        here = scan.distinct.get(tuple(fk.fields))
        there = described[fk.table].distinct.get(tuple(fk.to)) if fk.table in described and fk.table != name else None
        if scan.rows and here and there and here <= there:
            fks.append({"fields": list(fk.fields), "reference": {"resource": fk.table, "fields": list(fk.to)}})
    if fks:
        schema["foreignKeys"] = fks
    return schema


def write_datapackage(out: Path) -> Path:
    """OUT/datapackage.json describing every CSV in OUT/data; returns its path. Types, descriptions and keys come from
    the table spec; only a column it does not have is typed by reading its values."""
    out = Path(out)
    manifest = RunFolder(out).manifest
    paths = sorted((out / "data").glob("*.csv"), key=lambda p: (ORDER.index(p.stem) if p.stem in ORDER else len(ORDER), p.stem))
    tables = {p.stem: _table_of(p.stem) for p in paths}
    targets = {(fk.table, tuple(fk.to)) for t in tables.values() for fk in t.foreign_keys}
    described: dict[str, Scan] = {}
    for path in progress.items("data package", paths, unit="tables"):
        t = tables[path.stem]
        groups = [tuple(fk.fields) for fk in t.foreign_keys] + [to for table, to in targets if table == path.stem]
        described[path.stem] = scan_csv(path, t.primary_key, groups, typed=set(t.names))
    resources = []
    for path in paths:
        name, table = path.stem, tables[path.stem]
        header, kinds, rows = described[name].header, described[name].kinds, described[name].rows
        fields = []
        for column in header:
            spec = table.column(column)
            if spec:
                fields.append({"name": column, "type": spec.type, "description": spec.description})
                continue
            known = column in COMMON
            fields.append({"name": column, "type": field_type(column, kinds.get(column, set()), known),
                           "description": COMMON.get(column) or f"column {column} of {path.name}"})
        schema: dict = {"fields": fields, "missingValues": [""], **_keys(name, table, described)}
        size, sha256, head = _sha256(path)
        resources.append({
            "name": re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-") or "table",
            "title": path.name, "description": table.description + f" {rows:,} rows.", "profile": "tabular-data-resource",
            "path": f"data/{path.name}", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "bytes": size, "hash": "sha256:" + sha256,
            "dialect": {"header": True, "delimiter": ",", "quoteChar": "\"", "doubleQuote": True,
                        "lineTerminator": "\r\n" if b"\r\n" in head else "\n"},
            "schema": schema,
        })
    corpus = Path(str(manifest.get("corpus") or out.resolve().name)).name or "corpus"
    package = {
        "profile": "tabular-data-package",
        "name": re.sub(r"[^a-z0-9._-]+", "-", f"pipeline-{corpus}".lower()).strip("-"),
        "title": f"Tidy datasets of the corpus {corpus}",
        "description": "Cleaned texts of Russian and English papers analysed by pipeline: documents, sentences, tokens, "
                       "named entities with an entity index, dates (EDTF), citations and references, cooperation formats "
                       "and events, and frequency tables. Every start/end offset points into text/<doc_id>.txt; the "
                       "document-term matrix is data/dtm.mtx (Matrix Market; rows data/dtm_docs.txt, columns "
                       "data/dtm_vocab.txt) when computed. See README.md, section Outputs.",
        "version": str(manifest.get("pipeline", "")),
        "created": manifest.get("started") or None,
        "keywords": ["cross-border cooperation", "named entities", "EDTF", "Russian", "English"],
        "sources": [{"title": f"corpus {manifest.get('corpus', corpus)}"}],
        "resources": resources,
    }
    package = {k: v for k, v in package.items() if v not in (None, "")}
    path = out / "datapackage.json"
    atomic_write_text(path, json.dumps(package, ensure_ascii=False, indent=2) + "\n")
    return path

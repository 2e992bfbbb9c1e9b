"""A finished run's CSVs read back for the figures, report.html and report.md: loading and the few aggregates.

Everything here reads the run folder through RunFolder (OUT/data/*.csv, OUT/manifest.json) and the codebook
the manifest names through knowledge.codebook. The statistics the frequency layer writes (freq_formats,
freq_spheres, formats_actors, cooccurrence) are read as written; a run without them gets them from the frequency
layer's own functions. Any other missing file is None (the section that needs it is skipped with a note), so a
report can be rebuilt from an older run or a partial one.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from itertools import takewhile
from pathlib import Path

from ..knowledge.codebook import Codebook, load_codebook
from ..knowledge.resources import ResourceError
from .frequencies import entity_tables, format_rows, formats_actor_rows, sphere_rows
from .run_folder import RunFolder, shared_values

CORPUS = "__corpus__"  # the corpus rows of freq_lemmas.csv
LABELS = ("PER", "ORG", "LOC")
LANG_NAMES = {"ru": "Russian", "en": "English", "other": "other"}
CONTENT_POS = {"NOUN", "PROPN", "ADJ", "VERB"}
SEASONS = {21: 3, 22: 6, 23: 9, 24: 12}  # EDTF seasons (spring…winter) → first month


def as_int(value, default: int = 0) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return default


def as_float(value, default: float | None = None) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def short(text: str, n: int = 32) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


# ---------------------------------------------------------------------------------------------- EDTF

def _point(value: str, upper: bool) -> float | None:
    """One EDTF date (no interval) → a fractional year: its first instant, or with `upper` its last."""
    value = value.strip().rstrip("?~%")
    if "X" in value.upper():
        digits = value.upper().split("-")[0]
        lo, hi = digits.replace("X", "0"), digits.replace("X", "9")
        if not (lo.isdigit() and len(lo) == 4):
            return None
        return float(int(hi) + 1) if upper else float(int(lo))
    m = re.fullmatch(r"(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not m:
        return None
    year, month, day = int(m[1]), m[2] and int(m[2]), m[3] and int(m[3])
    if not month:
        return float(year + 1 if upper else year)
    if month in SEASONS:
        first = SEASONS[month]
        return year + ((first + 2) if upper else (first - 1)) / 12
    if not 1 <= month <= 12:
        return None
    if not day:
        return year + (month if upper else month - 1) / 12
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    start = date(year, 1, 1).toordinal()
    days = date(year + 1, 1, 1).toordinal() - start
    return year + (d.toordinal() - start + (1 if upper else 0)) / days


def edtf_span(value: str) -> tuple[float, float] | None:
    """`2019` → (2019.0, 2020.0), `2022-10/2023-03` → (2022.75, 2023.25); None when it is not a date."""
    if not value:
        return None
    lo, _, hi = value.partition("/")
    a = _point(lo, False) if lo not in ("", "..") else None
    b = _point(hi or lo, True) if (hi or lo) not in ("", "..") else None
    if a is None and b is None:
        return None
    a = b - 1 if a is None else a
    b = a + 1 if b is None else b
    return (a, b) if a <= b else (b, a)


# ---------------------------------------------------------------------------------------------- the run

@dataclass
class Entity:
    entity_id: str
    label: str
    name: str
    name_en: str = ""
    mentions: int = 0
    docs: Counter = field(default_factory=Counter)

    @property
    def display(self) -> str:
        """The name for a chart read by an international audience: English name, else the original."""
        return self.name_en or self.name or self.entity_id


class Run:
    """Lazy access to one run folder (a RunFolder: its manifest read once), tables kept once read."""

    def __init__(self, out: Path):
        self.folder = RunFolder(out)
        self.out, self.data = self.folder.out, self.folder.data
        self._tables: dict[str, list[dict] | None] = {}
        self.figures: set[str] | None = None  # the figures the run will have (write_report); None: the SVGs there are

    def table(self, name: str) -> list[dict] | None:
        """All rows of OUT/data/<name>.csv (cells as the documents have them), None when it is missing."""
        if name not in self._tables:
            self._tables[name] = shared_values(self.folder.table(name)) if self.folder.has(name) else None
        return self._tables[name]

    def has(self, name: str) -> bool:
        """Whether the run wrote OUT/data/<name>.csv — asked without reading it (freq_lemmas.csv of 5,000 documents
        is 700,000 rows)."""
        return self._tables[name] is not None if name in self._tables else self.folder.has(name)

    def rows(self, name: str) -> list[dict]:
        return self.table(name) or []

    def count(self, name: str) -> int:
        """The rows of OUT/data/<name>.csv (0 when it is missing), counted without keeping them."""
        rows = self._tables.get(name)
        return len(rows) if rows is not None else sum(1 for _ in self.folder.table(name))

    def problems(self, level: str) -> list[dict]:
        """errors.csv rows of one level: `error` (not analysed) or `warning` (analysed, to check)."""
        return [r for r in self.rows("errors") if (r.get("level") or "error") == level]

    # -- run metadata

    @property
    def raw_csv(self) -> bool:
        return self.folder.raw_csv

    @property
    def manifest(self) -> dict:
        return self.folder.manifest

    @cached_property
    def codebook(self) -> Codebook | None:
        """The codebook the run used (its manifest names it), else the default one; None when neither loads."""
        for path in dict.fromkeys((self.folder.codebook_path, None)):
            try:
                return load_codebook(path)
            except ResourceError:  # the report must not fail on a moved or broken codebook
                continue
        return None

    @property
    def corpus_name(self) -> str:
        corpus = str(self.manifest.get("corpus") or "").rstrip("/\\")
        name = Path(corpus).name if corpus else ""
        return name or self.out.resolve().name or "corpus"

    @property
    def run_date(self) -> str:
        started = self.manifest.get("started", "")
        try:
            return datetime.fromisoformat(started).strftime("%Y-%m-%d %H:%M UTC" if "+00:00" in started else "%Y-%m-%d %H:%M")
        except ValueError:
            return started or "unknown date"

    # -- documents

    @cached_property
    def documents(self) -> list[dict]:
        return sorted(self.rows("documents"), key=lambda r: r["doc_id"])

    @cached_property
    def doc_ids(self) -> list[str]:
        return [d["doc_id"] for d in self.documents]

    @cached_property
    def doc_keys(self) -> dict[str, str]:
        """Short labels D1, D2… used where a doc_id is too long (entity tables)."""
        return {doc_id: f"D{i}" for i, doc_id in enumerate(self.doc_ids, 1)}

    @cached_property
    def ok_doc_ids(self) -> list[str]:
        return [d["doc_id"] for d in self.documents if d.get("status", "ok") == "ok"]

    @cached_property
    def tokens_by_lang(self) -> dict[str, Counter]:
        """doc_id → tokens per language of its sentences (the size of each language in each document)."""
        result: dict[str, Counter] = defaultdict(Counter)
        for s in self.folder.table("sentences"):  # a stream: the sentences are not kept
            result[s["doc_id"]][s.get("lang") or "other"] += as_int(s.get("n_tokens"))
        return result

    # -- entities

    @cached_property
    def index(self) -> dict[str, dict]:
        return {r["entity_id"]: r for r in self.rows("entity_index")}

    def entity_name(self, entity_id: str, english: bool = True) -> str:
        row = self.index.get(entity_id, {})
        if english:
            return row.get("name_en") or row.get("translit") or row.get("name") or entity_id
        return row.get("name") or row.get("name_en") or entity_id

    def entity_label(self, entity_id: str) -> str:
        label = self.index.get(entity_id, {}).get("label")
        if label:
            return label
        prefix = entity_id.split("/")[0]
        return {"per": "PER", "org": "ORG"}.get(prefix, "LOC" if prefix in ("loc", "city", "region", "country") else "")

    @cached_property
    def entity_docs(self) -> dict[tuple[str, str | None], Counter]:
        """(entity_id, role as written) → Counter(doc_id → mentions), from one pass over entities.csv, read as a
        stream (its rows, the largest table the report reads, are not kept)."""
        counts: dict[tuple[str, str | None], Counter] = defaultdict(Counter)
        first: dict[str, tuple[str, str]] = {}  # each entity's first actor mention: (label, normal)
        for e in self.folder.table("entities"):
            entity_id, role = e.get("entity_id"), e.get("role")
            if not entity_id:
                continue
            counts[(entity_id, role)][e["doc_id"]] += 1
            if role in ("actor", None) and entity_id not in first:
                first[entity_id] = (e.get("label", ""), e.get("normal", ""))
        self._first_actor = first
        return counts

    @cached_property
    def actors(self) -> dict[str, Entity]:
        """Entities mentioned as actors (not as cited or publishing authors), nested names included."""
        counts = self.entity_docs
        result: dict[str, Entity] = {}
        for entity_id, (label, normal) in self._first_actor.items():
            row = self.index.get(entity_id, {})
            ent = result[entity_id] = Entity(entity_id, row.get("label") or label, row.get("name") or normal,
                                             row.get("name_en") or row.get("translit") or "")
            for role in ("actor", None):
                ent.docs.update(counts.get((entity_id, role), {}))
            ent.mentions = sum(ent.docs.values())
        return result

    def top_entities(self, label: str, n: int = 10) -> list[Entity]:
        ents = [e for e in self.actors.values() if e.label == label]
        return sorted(ents, key=lambda e: (-e.mentions, -len(e.docs), e.entity_id))[:n]

    @cached_property
    def cited_authors(self) -> Counter:
        counts: Counter = Counter()
        for c in self.rows("citations"):
            for a in (c.get("authors") or "").split(";"):
                if a.strip():
                    counts[a.strip()] += 1
        return counts

    # -- formats

    @cached_property
    def format_categories(self) -> list[str]:
        """The codebook's format keys in its order (the run's own codebook, else the default), then any others seen."""
        keys = [entry.key for entry in self.codebook.of("formats")] if self.codebook else []
        seen = {cat for (_, cat) in self.format_counts}
        return keys + sorted(seen - set(keys))

    def statistic(self, name: str, compute) -> list[dict]:
        """The rows of a table the frequency layer writes (freq_formats, freq_spheres, formats_actors,
        cooccurrence); for a run without it, `compute(folder)` — the frequency layer's own function, over
        every sentence (no section left out)."""
        rows = self.table(name)
        return rows if rows is not None else list(compute(self.folder))

    @cached_property
    def format_counts(self) -> Counter:
        """(doc_id, category) → mentions, from freq_formats.csv."""
        counts: Counter = Counter()
        for r in self.statistic("freq_formats", format_rows):
            if r.get("doc_id") and r["doc_id"] != CORPUS:
                counts[(r["doc_id"], r["category"])] += as_int(r.get("mentions"))
        return counts

    @cached_property
    def spheres(self) -> dict[str, Counter]:
        """{"sphere"|"risk": Counter(key → sentences)} of the corpus, from freq_spheres.csv."""
        result: dict[str, Counter] = {"sphere": Counter(), "risk": Counter()}
        for r in self.statistic("freq_spheres", lambda folder: sphere_rows(folder)[0]):
            if r.get("doc_id") == CORPUS and r.get("dimension") in result:
                result[r["dimension"]][r.get("key", "")] += as_int(r.get("sentences"))
        return result

    @cached_property
    def format_actors(self) -> dict[str, list[tuple[str, int]]]:
        """category → [(entity_id, events)], most frequent first, from formats_actors.csv."""
        counts: dict[str, Counter] = defaultdict(Counter)
        for r in self.statistic("formats_actors", lambda folder: formats_actor_rows(folder, self.index)):
            counts[r.get("category", "")][r.get("entity_id", "")] += as_int(r.get("events"))
        return {c: sorted(n.items(), key=lambda kv: (-kv[1], kv[0])) for c, n in counts.items()}

    # -- events

    @cached_property
    def events(self) -> list[dict]:
        """events.csv rows with `span` (fractional years) where the date parses, in date order."""
        rows = []
        for r in self.rows("events"):
            rows.append(dict(r, span=edtf_span(r.get("date", ""))))
        return sorted(rows, key=lambda r: (r["span"] is None, r["span"] or (0, 0), r["doc_id"], as_int(r.get("sent_id"))))

    # -- co-occurrence

    @cached_property
    def cooccurrence(self) -> tuple[list[tuple[str, str, int, int]], str]:
        """Edges (source, target, count, documents) of cooccurrence.csv, and where they come from."""
        source = "cooccurrence.csv" if self.has("cooccurrence") else "entities.csv (same sentence)"
        rows = self.statistic("cooccurrence", lambda folder: entity_tables(
            folder, self.index, {}, self.count("sentences"))[2])
        edges = [(r["source"], r["target"], as_int(r.get("count")), as_int(r.get("documents")))
                 for r in rows if r.get("source") and r.get("target") and r["source"] != r["target"]]
        return edges, source

    def network(self, max_nodes: int = 24, max_edges: int = 60) -> tuple[list[str], list[tuple[str, str, int]]]:
        """The strongest part of the co-occurrence graph: nodes by weighted degree, edges by count."""
        edges, _ = self.cooccurrence
        strength: Counter = Counter()
        for a, b, n, _ in edges:
            strength[a] += n
            strength[b] += n
        nodes = [k for k, _ in sorted(strength.items(), key=lambda kv: (-kv[1], kv[0]))[:max_nodes]]
        keep = set(nodes)
        chosen = sorted(((a, b, n) for a, b, n, _ in edges if a in keep and b in keep), key=lambda e: (-e[2], e[0], e[1]))
        chosen = chosen[:max_edges]
        linked = {x for a, b, _ in chosen for x in (a, b)}
        return [n for n in nodes if n in linked], chosen

    # -- frequencies (written by pipeline/frequencies.py; optional)

    @cached_property
    def corpus_lemmas(self) -> list[dict]:
        """The corpus rows of freq_lemmas.csv: the frequency layer writes them first, so reading stops at the first
        document's row (the per-document rows are most of the file: 560,000 rows at 5,000 documents); a table
        that does not start with them (sorted by hand) is read to its end."""
        if not self.folder.has("freq_lemmas"):
            return []
        rows = self.folder.table("freq_lemmas")
        first = next(rows, None)
        if first is None:
            return []
        if first.get("doc_id") != CORPUS:
            return [r for r in rows if r.get("doc_id") == CORPUS]
        return [first, *takewhile(lambda r: r.get("doc_id") == CORPUS, rows)]

    def top_lemmas(self, lang: str, n: int = 15, doc_id: str = CORPUS) -> list[tuple[str, int]]:
        source = self.corpus_lemmas if doc_id == CORPUS else self.rows("freq_lemmas")
        rows = [r for r in source if r.get("doc_id") == doc_id and r.get("lang") == lang
                and has_letter(r.get("lemma", "")) and len(r["lemma"]) > 1 and (not r.get("pos") or r["pos"] in CONTENT_POS)]
        counts: Counter = Counter()
        for r in rows:
            counts[r["lemma"]] += as_int(r.get("count"))
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]

    @cached_property
    def lemma_langs(self) -> list[str]:
        langs = {r.get("lang") for r in self.corpus_lemmas}
        return [lang for lang in ("ru", "en", "other") if lang in langs] + sorted(x for x in langs - {"ru", "en", "other"} if x)

    @cached_property
    def keyness(self) -> dict[str, list[dict]]:
        """target → its over-used lemmas (positive effect, p < 0.05 when a p-value is given), strongest first; read as
        a stream, each row kept as the five values the report shows (keyness.csv of 5,000 documents is 100,000
        rows)."""
        result: dict[str, list[dict]] = defaultdict(list)
        for r in (self.folder.table("keyness") if self.folder.has("keyness") else ()):
            g2, effect, p = as_float(r.get("g2"), 0.0), as_float(r.get("effect")), as_float(r.get("p_value"))
            if not has_letter(r.get("lemma", "")) or (effect is not None and effect <= 0) or (p is not None and p >= 0.05):
                continue
            result[r.get("target", "")].append({  # what the pages, the explorer and report.md show: no more
                "lemma": r.get("lemma", ""), "lang": sys.intern(r.get("lang") or ""), "_g2": g2,
                "count_target": as_int(r.get("count_target")), "count_reference": as_int(r.get("count_reference"))})
        return {t: sorted(rs, key=lambda r: (-r["_g2"], r.get("lemma", ""))) for t, rs in sorted(result.items())}



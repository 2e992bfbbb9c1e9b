"""Keyword in context over a finished run: every occurrence of a lemma, a phrase or an entity.

`term` is
- an entity id (anything with a `/`: `country/KZ`), matched on entities.csv `entity_id` — every mention
  of the entity, whatever its form (Казахстан, РК, Republic of Kazakhstan), names inside names included;
- a phrase of several words (`форум межрегионального сотрудничества`), each lemmatised as pymorphy3's
  first parse does (its normal form) and matched on consecutive tokens of one sentence (a word also
  matches itself, so a phrase of lemmas works too);
- else one lemma, matched on tokens.csv `lemma` (`россия` finds России, Россией…); a word that is not
  a lemma of the corpus is lemmatised and tried again (`России` → `россия`).

Contexts come from text/<doc_id>.txt: `window` tokens on each side (by tokens.csv offsets, within the
document), line breaks replaced by spaces. tokens.csv is streamed one document at a time; only the texts
of documents with a match are read. Every row, in the CSV and on the terminal, names its document
(`doc_id`) and sentence (`sent_id`, as in sentences.csv). A search that finds nothing is explained in one
line by `nothing_found` (what was searched, in which run, what to try instead).
"""

from __future__ import annotations

import csv
import difflib
import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from pathlib import Path

from ..core.text import slug as name_part
from ..output.export import plain_cell, write_table
from .run_folder import RunFolder

COLUMNS = ["doc_id", "sent_id", "start", "end", "left", "match", "right", "lemma_or_id"]
_WORD = re.compile(r"\w+(?:[-‐]\w+)*")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_SPACE = re.compile(r"\s+")
DOC_WIDTH = 32  # at most this many characters of a doc_id on the terminal (cut at its start: the file name stays)


def _norm(lemma: str) -> str:
    return lemma.lower().replace("ё", "е")


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def lemmatise(word: str) -> str:
    """pymorphy3's first-parse normal form of a Russian word; any other word lower-cased."""
    if _CYRILLIC.search(word):
        return _norm(_morph().parse(word)[0].normal_form)
    return _norm(word)


def _documents(run: RunFolder, wanted: set | None = None):
    """(doc_id, [(sent_id, start, end, lemma)]) per document of tokens.csv, streamed; only `wanted`
    documents when given (the others are skipped without being kept)."""
    path = run.table_path("tokens")
    raw = run.raw_csv
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, [])
        i_doc, i_sent, i_start, i_end, i_lemma = (header.index(c) for c in ("doc_id", "sent_id", "start", "end", "lemma"))
        doc_id, tokens = None, []
        for row in reader:
            if row[i_doc] != doc_id:
                if tokens:
                    yield doc_id, tokens
                doc_id, tokens = row[i_doc], []
            if wanted is None or doc_id in wanted:
                lemma = row[i_lemma] if raw else plain_cell(row[i_lemma])
                tokens.append((row[i_sent], int(row[i_start]), int(row[i_end]), _norm(lemma)))
        if tokens:
            yield doc_id, tokens


def _find_lemmas(run: RunFolder, query: list[set]):
    """{doc_id: (tokens, [(sent_id, start, end, lemmas)])} for consecutive tokens whose lemmas match."""
    n, found = len(query), {}
    for doc_id, tokens in _documents(run):
        hits = []
        for i in range(len(tokens) - n + 1):
            if tokens[i][3] in query[0] and all(
                    tokens[i + k][3] in query[k] and tokens[i + k][0] == tokens[i][0] for k in range(1, n)):
                hits.append((tokens[i][0], tokens[i][1], tokens[i + n - 1][2], " ".join(t[3] for t in tokens[i:i + n])))
        if hits:
            found[doc_id] = (tokens, hits)
    return found


def _find_entity(run: RunFolder, entity_id: str):
    mentions = {}
    rows = [r for r in run.table("entities") if r["entity_id"] == entity_id or r["entity_id"].lower() == entity_id.lower()]
    exact = [r for r in rows if r["entity_id"] == entity_id] or rows
    for r in exact:
        mentions.setdefault(r["doc_id"], set()).add((r["sent_id"], int(r["start"]), int(r["end"]), r["entity_id"]))
    found = {}
    for doc_id, tokens in _documents(run, set(mentions)):
        if doc_id in mentions:
            found[doc_id] = (tokens, sorted(mentions[doc_id], key=lambda m: (m[1], m[2])))
    return found


def _context(text: str, tokens, starts, ends, start: int, end: int, window: int):
    i = bisect_right(ends, start)          # tokens that end before the match
    j = bisect_left(starts, end)           # tokens that start after it
    left_from = tokens[max(i - window, 0)][1] if i > 0 else start
    right_to = tokens[min(j + window, len(tokens)) - 1][2] if j < len(tokens) else end
    clean = lambda s: _SPACE.sub(" ", s).strip()  # noqa: E731
    return clean(text[left_from:start]), clean(text[start:end]), clean(text[end:right_to])


def kwic(out: Path, term: str, window: int = 5) -> list[dict]:
    """Every occurrence of `term` (a lemma, a phrase of lemmas or words, or an entity id) in the run in
    OUT; rows doc_id, sent_id, start, end, left, match, right, lemma_or_id, by document and offset."""
    run, term = RunFolder(out), term.strip()
    if "/" in term:
        found = _find_entity(run, term)
    else:
        words = _WORD.findall(term)
        if not words:
            return []
        if len(words) == 1:
            found = _find_lemmas(run, [{_norm(words[0])}])
            if not found and lemmatise(words[0]) != _norm(words[0]):
                found = _find_lemmas(run, [{lemmatise(words[0])}])
        else:
            found = _find_lemmas(run, [{_norm(w), lemmatise(w)} for w in words])
    rows = []
    for doc_id in sorted(found):
        tokens, hits = found[doc_id]
        tokens = sorted(tokens, key=lambda t: (t[1], t[2]))
        starts, ends = [t[1] for t in tokens], [t[2] for t in tokens]
        text = run.path("text", f"{doc_id}.txt").read_text(encoding="utf-8")
        for sent_id, start, end, label in hits:
            left, match, right = _context(text, tokens, starts, ends, start, end, window)
            rows.append({"doc_id": doc_id, "sent_id": int(sent_id) if sent_id.isdigit() else sent_id,
                         "start": start, "end": end, "left": left, "match": match, "right": right,
                         "lemma_or_id": label})
    return rows


def slug(term: str) -> str:
    """A file-name part for a term: `country/KZ` → `country_kz`, `форум межрегиональный` → `форум_межрегиональный`."""
    return name_part(term.lower(), r"\w", "_", "")[:60] or "term"


def write_kwic(out: Path, term: str, rows, path: Path | None = None) -> Path:
    """The rows as a CSV (default OUT/data/kwic_<slug>.csv), written under a temporary name first."""
    path = Path(path) if path else Path(out) / "data" / f"kwic_{slug(term)}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_table(path, COLUMNS, rows, RunFolder(out).raw_csv)
    return path


def _cut(text: str, width: int, keep_end: bool = False) -> str:
    if len(text) <= width:
        return text
    return "…" + text[len(text) - width + 1:] if keep_end else text[:width - 1] + "…"


def format_table(rows, width: int = 100) -> str:
    """An aligned table for the terminal under a header of the CSV's names: the document and the sentence of
    each line (`doc_id`, `sent_id`), the left context right-aligned, the match, the right context. A long
    doc_id is cut at its start, the contexts at their far end, with `…`, to fit `width` characters."""
    rows = list(rows)
    if not rows:
        return "(no occurrences)"
    gap = "  "
    doc_width = min(max(len("doc_id"), *(len(r["doc_id"]) for r in rows)), DOC_WIDTH)
    sent_width = max(len("sent_id"), *(len(str(r["sent_id"])) for r in rows))
    rest = width - doc_width - sent_width - 2 * len(gap)
    match_width = min(max(len(r["match"]) for r in rows), max(rest // 2, 10))
    side = max((rest - match_width - 2 * len(gap)) // 2, 10)
    header = (f"{'doc_id':<{doc_width}}{gap}{'sent_id':>{sent_width}}{gap}{'left':>{side}}{gap}"
              f"{'match':<{match_width}}{gap}right")
    lines = [header]
    for r in rows:
        left = _cut(r["left"], side, keep_end=True)
        doc, sent = _cut(r["doc_id"], doc_width, keep_end=True), str(r["sent_id"])
        lines.append(f"{doc:<{doc_width}}{gap}{sent:>{sent_width}}{gap}{left:>{side}}{gap}"
                     f"{_cut(r['match'], match_width):<{match_width}}{gap}{_cut(r['right'], side)}".rstrip())
    return "\n".join(lines)


def _close(terms, known: set, cutoff: float, n: int = 3) -> list[str]:
    """The `n` entries of `known` closest to any of `terms` (compared lower-cased), the closest first."""
    by_key = {k.lower(): k for k in sorted(known)}
    scored = {}
    for term in [terms] if isinstance(terms, str) else terms:
        for key in difflib.get_close_matches(term.lower(), by_key, n, cutoff):
            ratio = difflib.SequenceMatcher(None, term.lower(), key).ratio()
            scored[key] = max(scored.get(key, 0.0), ratio)
    return [by_key[k] for k in sorted(scored, key=lambda k: (-scored[k], k))[:n]]


def nothing_found(out: Path, term: str, where: str | None = None) -> str:
    """One line for a search that found nothing: what was searched (the lemmas tried, the entity id), in which
    run (`where`, default OUT), and what to try — the closest lemmas or entity ids of the run, the words of a
    phrase that the run does not have at all."""
    run, term, where = RunFolder(out), term.strip(), where or str(out)
    if "/" in term:
        close = _close(term, {r["entity_id"] for r in run.table("entity_index")}, 0.6)
        hint = f"did you mean {', '.join(close)}?" if close else "the run's entity ids are in data/entity_index.csv"
        return f"nothing found: no mention of the entity {term} in the run in {where} — {hint}"
    words = _WORD.findall(term)
    if not words:
        return (f"nothing found: «{term}» has no word to search for — give a lemma (россия), a phrase or an "
                f"entity id (country/KZ)")
    vocabulary = {t[3] for _, tokens in _documents(run) for t in tokens}
    if len(words) == 1:
        tried = " or ".join(dict.fromkeys((_norm(words[0]), lemmatise(words[0]))))
        close = _close(tried.split(" or "), vocabulary, 0.78)
        hint = f"close lemmas in this run: {', '.join(close)}" if close else "try the lemma or another form of the word"
        return f"nothing found: no token with the lemma {tried} in the run in {where} — {hint}"
    lemmas = " ".join(lemmatise(w) for w in words)
    missing = [w for w in words if not {_norm(w), lemmatise(w)} & vocabulary]
    why = f"not in this run at all: {', '.join(missing)}" if missing else "no sentence has them in this order"
    return (f"nothing found: no phrase «{term}» (lemmas {lemmas}) in the run in {where} ({why}) — "
            f"try fewer words, or each word's lemma")

"""A document's token counts: what the frequency tables need from its tokens, counted once, as plain data.

`document_counts` turns one document's token rows into a record of plain dicts (lemma counts and their parts
of speech, n-grams, adjacent pairs, words per language); the worker that analyses a document counts its
tokens (`document_record`: the record its rendered rows give, `rendered_counts`), the cache keeps the record
with the rendering, and the run writes every document's record into OUT/data/.token_counts.msgpack beside
tokens.csv. The frequency layer merges these
records (results/frequencies.TokenCounts.add), in any order, instead of reading tokens.csv again; a run folder
without them (an older run), or one counted with other stop words or sections, is counted from tokens.csv
by the same `document_counts`, one document at a time (`counts_from_tokens`).

A record: {"basis": what it was counted with (stop words, excluded sections, --raw-csv),
"words": {lang: words}, "lemmas": {lang: {lemma: count}} (content lemmas), "pos": {lang: {lemma: {pos: count}}},
"ngrams": {lang: {"2"|"3": {ngram: count}}}, "pairs": {lang: {w1: {w2: count}}} (adjacent content lemmas),
"firsts"/"seconds": {lang: {lemma: count}} (first/second word of an adjacent pair of words),
"pair_totals": {lang: pairs of words}}. An n-gram or a pair takes its sentence's language.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from pathlib import Path

import msgpack

from ..core.spec import SPEC
from ..knowledge.resources import section_names
from ..knowledge.stopwords import load_stopwords
from .export import capped, plain_cell

COUNTS_FILE = ".token_counts.msgpack"  # in OUT/data, beside tokens.csv
FORMAT, VERSION = "pipeline-token-counts", 1
NON_WORD_POS = frozenset({"PUNCT", "NUM", "SYM"})
_LETTER = re.compile(r"[^\W\d_]")
_TOKENS, _SENTENCES = SPEC["tokens"].names, SPEC["sentences"].names


def is_word(lemma: str, pos: str) -> bool:
    """Not punctuation, a symbol or a number (`2015`, `1990-й`, `3-х`): a letter, and not a digit first."""
    return pos not in NON_WORD_POS and _LETTER.search(lemma) is not None and not lemma[:1].isdigit()


def basis(stopwords: dict, excluded, raw: bool) -> str:
    """What a record was counted with, as a short hash: records of another basis are not merged."""
    key = [sorted((lang, sorted(words)) for lang, words in stopwords.items()), sorted(excluded), bool(raw)]
    return hashlib.sha256(json.dumps(key, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


class Kinds:
    """The kind of a (lemma, pos, lang), remembered: 0 not a word, 1 a word that is not content (a stop word,
    X), 2 content."""

    def __init__(self, stopwords: dict):
        self.stopwords, self.memo = stopwords, {}

    def __call__(self, lemma: str, pos: str, lang: str) -> int:
        kind = self.memo.get((lemma, pos, lang))
        if kind is None:
            if len(self.memo) > 200_000:  # a worker counts document after document: its memory stays flat
                self.memo.clear()
            kind = 0 if not is_word(lemma, pos) else 1 if pos == "X" or lemma in self.stopwords.get(lang, ()) else 2
            self.memo[lemma, pos, lang] = kind
        return kind


def document_counts(rows, kinds: Kinds, stamp: str = "") -> dict:
    """The record of one document from its token rows, in order: (sent_id, lemma, pos, lang), the lemma
    lower-cased, the sentences left out already left out. (Counted per token of every document a run
    analyses: the loops are written out, with no call per token.)"""
    record = {"basis": stamp, "words": {}, "lemmas": {}, "pos": {}, "ngrams": {}, "pairs": {}, "firsts": {},
              "seconds": {}, "pair_totals": {}}
    words, lemmas, pos_of = record["words"], record["lemmas"], record["pos"]
    memo = kinds.memo
    for _, sentence in groupby(rows, key=itemgetter(0)):
        tokens = []
        for _, lemma, pos, lang in sentence:
            kind = memo.get((lemma, pos, lang))
            if kind is None:
                kind = kinds(lemma, pos, lang)
            if kind:
                words[lang] = words.get(lang, 0) + 1
                if kind == 2:
                    counts = lemmas.get(lang)
                    if counts is None:
                        counts = lemmas[lang] = {}
                    counts[lemma] = counts.get(lemma, 0) + 1
                    tags = pos_of.setdefault(lang, {}).get(lemma)
                    if tags is None:
                        tags = pos_of[lang][lemma] = {}
                    tags[pos] = tags.get(pos, 0) + 1
            tokens.append((lemma, kind))
        if tokens:
            _sentence(record, tokens, lang)
    return record


def _sentence(record: dict, tokens: list, lang: str) -> None:
    """The adjacent pairs and the 2- and 3-grams of one sentence's (lemma, kind) tokens, in its language."""
    firsts = record["firsts"].setdefault(lang, {})
    seconds = record["seconds"].setdefault(lang, {})
    pairs = bigrams = trigrams = None
    n_pairs = 0
    previous = None
    for i, (l2, k2) in enumerate(tokens):
        if previous is not None and previous[1] and k2:
            l1, k1 = previous
            n_pairs += 1
            firsts[l1] = firsts.get(l1, 0) + 1
            seconds[l2] = seconds.get(l2, 0) + 1
            if k1 == 2 and k2 == 2:
                pairs = pairs if pairs is not None else record["pairs"].setdefault(lang, {})
                after = pairs.get(l1)
                if after is None:
                    after = pairs[l1] = {}
                after[l2] = after.get(l2, 0) + 1
                bigrams = bigrams if bigrams is not None else record["ngrams"].setdefault(lang, {}).setdefault("2", {})
                gram = f"{l1} {l2}"
                bigrams[gram] = bigrams.get(gram, 0) + 1
            if k2 == 2 and i >= 2 and tokens[i - 2][1] == 2:
                trigrams = trigrams if trigrams is not None else record["ngrams"].setdefault(lang, {}).setdefault("3", {})
                gram = f"{tokens[i - 2][0]} {l1} {l2}"
                trigrams[gram] = trigrams.get(gram, 0) + 1
        previous = (l2, k2)
    if n_pairs:
        record["pair_totals"][lang] = record["pair_totals"].get(lang, 0) + n_pairs
    if not firsts:
        del record["firsts"][lang]
    if not seconds:
        del record["seconds"][lang]


def _token_row(row: list, at: tuple, raw: bool) -> tuple:
    i_sent, i_lemma, i_pos, i_lang = at
    lemma = row[i_lemma].lower()
    return row[i_sent], lemma if raw else plain_cell(lemma), row[i_pos], row[i_lang]


@lru_cache(maxsize=None)
def _defaults(keep_back_matter: bool, raw: bool) -> tuple:
    """(Kinds, excluded sections, basis) of the models in use: what a run's report counts with."""
    stopwords = load_stopwords()
    excluded = frozenset() if keep_back_matter else section_names().excluded
    return Kinds(stopwords), excluded, basis(stopwords, excluded, raw)


def document_record(doc, keep_back_matter: bool = False, raw: bool = False) -> dict:
    """The record of an analysed document, from its sentences and tokens as they are: what rendered_counts
    gets from its rendered rows (the lemma as its tokens.csv cell holds it, capped, then lower-cased — the
    spreadsheet guard undone), without writing and parsing them again."""
    kinds, excluded, stamp = _defaults(keep_back_matter, raw)
    rows = ((s.sent_id, (capped(t.lemma) or "").lower(), t.pos or "", s.lang or "")
            for s in doc.sentences or () if s.section not in excluded for t in s.tokens)
    return document_counts(rows, kinds, stamp)


def rendered_counts(tables: dict, keep_back_matter: bool = False, raw: bool = False) -> dict:
    """The record of a rendered document (its CSV lines per table), counted as the report would count it."""
    kinds, excluded, stamp = _defaults(keep_back_matter, raw)
    i_section, i_sid = _SENTENCES.index("section"), _SENTENCES.index("sent_id")
    skip = {r[i_sid] for r in csv.reader(io.StringIO(tables.get("sentences", ""))) if r[i_section] in excluded}
    at = tuple(_TOKENS.index(c) for c in ("sent_id", "lemma", "pos", "lang"))
    rows = (_token_row(r, at, raw) for r in csv.reader(io.StringIO(tables.get("tokens", ""))))
    return document_counts((r for r in rows if r[0] not in skip), kinds, stamp)


def counts_from_tokens(path: Path, stopwords: dict, skip=frozenset(), raw: bool = False):
    """(doc_id, record) of every document of a tokens.csv, streamed; `skip`: (doc_id, sent_id) left out."""
    kinds = Kinds(stopwords)
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, [])
        i_doc = header.index("doc_id")
        at = tuple(header.index(c) for c in ("sent_id", "lemma", "pos", "lang"))
        for doc_id, rows in groupby(reader, key=lambda r: r[i_doc]):
            rows = (_token_row(r, at, raw) for r in rows)
            yield doc_id, document_counts((r for r in rows if (doc_id, r[0]) not in skip) if skip else rows, kinds)


class CountsWriter:
    """OUT/data/.token_counts.msgpack, streamed as the run writes its documents: a header, one
    [doc_id, record] per document with tokens, and a trailer naming the size of the tokens.csv it goes with."""

    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / COUNTS_FILE
        self.file = open(self.path, "wb")
        self.packer = msgpack.Packer(use_bin_type=True)
        self.file.write(self.packer.pack({"format": FORMAT, "version": VERSION}))

    def write(self, doc_id: str, record: dict | None) -> None:
        if record is not None:
            self.file.write(self.packer.pack([doc_id, record]))

    def close(self, tokens_csv: Path | None = None) -> None:
        """The trailer (with `tokens_csv`, the finished table), then the file closed."""
        if not self.file.closed:
            if tokens_csv is not None:
                self.file.write(self.packer.pack({"tokens_csv_bytes": Path(tokens_csv).stat().st_size}))
            self.file.close()


class StaleCounts(ValueError):
    """Kept token counts that do not go with this tokens.csv or these options: count tokens.csv instead."""


def read_counts(data_dir: Path, stamp: str):
    """(doc_id, record) of OUT/data/.token_counts.msgpack, streamed in the run's order; None when there is no
    such file. The stream raises StaleCounts at a record of another basis than `stamp`, at a damaged file, and
    at the end when the file does not end with the size of this tokens.csv (another run's, or cut short)."""
    path, tokens = Path(data_dir) / COUNTS_FILE, Path(data_dir) / "tokens.csv"
    try:
        f = open(path, "rb")  # noqa: SIM115 — closed by the stream
    except OSError:
        return None
    return _records(f, tokens, stamp)


def _records(f, tokens: Path, stamp: str):
    with f:
        items = msgpack.Unpacker(f, raw=False, max_buffer_size=2 ** 31)
        try:
            if next(items, None) != {"format": FORMAT, "version": VERSION}:
                raise StaleCounts(f"{f.name}: not {FORMAT} version {VERSION}")
            for item in items:
                if isinstance(item, dict):  # the trailer, last
                    if item != {"tokens_csv_bytes": tokens.stat().st_size} or next(items, None) is not None:
                        raise StaleCounts(f"{f.name}: not the counts of this {tokens.name}")
                    return
                if not (isinstance(item, list) and len(item) == 2 and isinstance(item[1], dict)
                        and item[1].get("basis") == stamp):
                    raise StaleCounts(f"{f.name}: counted with other options")
                yield item[0], item[1]
        except (OSError, ValueError, msgpack.UnpackException) as e:
            raise StaleCounts(f"{f.name}: {e}") from None
    raise StaleCounts(f"{f.name}: cut short")

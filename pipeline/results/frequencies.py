"""The frequency layer: tidy tables computed from a finished run's CSVs (OUT/data/*.csv).

`write_frequencies(out)` merges the token counts the run kept for each document (output/token_counts.py;
tokens.csv counted again only for a run that has none, or other options), reads each other input CSV once, as
a stream, and writes into OUT/data/:
freq_lemmas, freq_ngrams, collocations, keyness, tfidf, freq_entities, freq_entities_by_year,
freq_formats, freq_spheres, freq_dates, cooccurrence, formats_actors (.csv) and the document-term matrix
dtm.mtx with dtm_vocab.txt (its columns) and dtm_docs.txt (its rows).

Definitions used throughout:
- a *word* is a token whose part of speech is not PUNCT, NUM or SYM and whose lemma has a letter and
  does not start with a digit (`1990-й`, `3-х` are numbers);
  `per_10k` is per 10,000 words of that document (or of the corpus) in that language, stop words included;
- a *content* token is a word that is not X (URLs, stray foreign fragments) and whose lemma is not a stop
  word of its sentence's language (models/stopwords.yaml); lemmas are lower-cased and the lemma is the
  unit (России, Россией → россия), whatever part of speech the tagger gave each token;
- `doc_id` `__corpus__` marks corpus-wide rows; they come first.
"""

from __future__ import annotations

import csv
import os
import re
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from ..core import progress
from ..core.spec import FREQUENCIES
from ..knowledge.resources import section_names
from ..knowledge.stopwords import load_stopwords
from ..output.export import atomic_write_text, write_table
from ..output.token_counts import (  # noqa: F401
    NON_WORD_POS,
    basis,
    counts_from_tokens,
    is_word,
    read_counts,
)
from .keyness import collocation_rows, cooccurrence_rows, keyness_rows
from .run_folder import RunFolder

CORPUS = "__corpus__"
UNKNOWN = "unknown"  # the group of documents whose --group-by cell is empty (a paper that gives no year)
TFIDF_TOP = 20
_PERIOD = re.compile(r"\d[\dX]{3}")

# the tables write_frequencies writes, in this order; their columns come from the table spec (core/spec.py)
COLUMNS = {t.name: t.names for t in FREQUENCIES}


# ----------------------------------------------------------------------------------------- input

class TokenCounts:
    """Content lemmas per document and language, words, n-grams, bigrams: the documents' token counts
    (output/token_counts.py), merged."""

    def __init__(self, stopwords: dict, skip=frozenset()):
        self.stopwords = stopwords
        self.skip = skip  # (doc_id, sent_id) of the sentences left out: the reference list, the author notes
        self.lemmas: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
        self.words = Counter()             # (doc_id, lang) → words
        self.pos = defaultdict(Counter)    # (lang, lemma) → Counter(pos)
        self.ngrams = Counter()            # (lang, n, ngram) → count
        self.ngram_docs = Counter()        # (lang, n, ngram) → documents
        self.pairs = Counter()             # (lang, w1, w2) → adjacent content lemmas
        self.firsts, self.seconds, self.pair_totals = Counter(), Counter(), Counter()

    def read(self, run: RunFolder, documents: int | None = None, excluded=frozenset()) -> "TokenCounts":
        """Every document's counts merged: those the run kept (OUT/data/.token_counts.msgpack) when they were
        counted as asked (the same stop words and `excluded` sections), else tokens.csv counted, streamed;
        progress by document (`documents`: how many to expect)."""
        path = run.table_path("tokens")
        if not path.exists():
            return self
        kept = read_counts(run.data, basis(self.stopwords, excluded, run.raw_csv))
        if kept is not None:
            try:
                return self.merge(kept, documents)
            except (KeyError, TypeError, AttributeError, ValueError):  # StaleCounts, a damaged record: tokens.csv
                self.__init__(self.stopwords, self.skip)                # counted instead
        return self.merge(counts_from_tokens(path, self.stopwords, self.skip, run.raw_csv), documents)

    def merge(self, records, documents: int | None = None) -> "TokenCounts":
        """(doc_id, record) pairs merged in, with progress by document (`documents`: how many to expect)."""
        with progress.step("statistics: tokens", total=documents, unit="documents") as bar:
            for doc_id, record in records:
                self.add(doc_id, record)
                bar.update(1)
            bar.update(max((bar.total or 0) - bar.n, 0))  # a document without a token counts as done too
        return self

    def add(self, doc_id: str, record: dict) -> None:
        """One document's counts merged in: sums, so any order gives the same tables."""
        for lang, n in record["words"].items():
            self.words[doc_id, lang] += n
        for lang, counts in record["lemmas"].items():
            self.lemmas[doc_id][lang].update(counts)
        for lang, by_lemma in record["pos"].items():
            for lemma, counts in by_lemma.items():
                self.pos[lang, lemma].update(counts)
        for lang, by_n in record["ngrams"].items():
            for n, grams in by_n.items():
                for gram, c in grams.items():
                    self.ngrams[lang, int(n), gram] += c
                    self.ngram_docs[lang, int(n), gram] += 1
        for lang, by_first in record["pairs"].items():
            for w1, seconds in by_first.items():
                for w2, c in seconds.items():
                    self.pairs[lang, w1, w2] += c
        for mine, theirs in ((self.firsts, record["firsts"]), (self.seconds, record["seconds"])):
            for lang, counts in theirs.items():
                for lemma, c in counts.items():
                    mine[lang, lemma] += c
        self.pair_totals.update(record["pair_totals"])

    def pos_of(self, lang: str, lemma: str) -> str:
        """The lemma's most frequent part of speech in the corpus (ties: alphabetical)."""
        return min(self.pos[lang, lemma].items(), key=lambda kv: (-kv[1], kv[0]))[0]

    def by_doc(self) -> dict[str, Counter]:
        """{doc_id: Counter(lemma)} over all the document's languages, to be read only: a one-language document's
        is its own Counter, not a copy (5,000 documents' lemma counts are held once, not twice)."""
        return {doc_id: next(iter(by_lang.values())) if len(by_lang) == 1 else sum(by_lang.values(), Counter())
                for doc_id, by_lang in self.lemmas.items()}

    def corpus(self) -> tuple[dict[str, Counter], dict[str, Counter]]:
        """({lang: Counter(lemma → count)}, {lang: Counter(lemma → documents)}) of the whole corpus."""
        counts, docs = defaultdict(Counter), defaultdict(Counter)
        for by_lang in self.lemmas.values():
            for lang, c in by_lang.items():
                counts[lang].update(c)
                docs[lang].update(c.keys())
        return counts, docs


# ----------------------------------------------------------------------------------------- lemma tables

def lemma_rows(tc: TokenCounts):
    """freq_lemmas rows, generated in their order: the corpus by language, then each document."""
    (corpus, docs), corpus_words = tc.corpus(), Counter()
    for (_, lang), n in tc.words.items():
        corpus_words[lang] += n
    pos = {key: tc.pos_of(*key) for key in tc.pos}
    ranked = lambda counts: sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))  # noqa: E731
    for lang in sorted(corpus):
        for w, n in ranked(corpus[lang]):
            yield {"doc_id": CORPUS, "lang": lang, "lemma": w, "pos": pos[lang, w], "count": n,
                   "per_10k": round(n * 10_000 / corpus_words[lang], 3), "documents": docs[lang][w]}
    for doc_id in sorted(tc.lemmas):
        for lang, counts in sorted(tc.lemmas[doc_id].items()):
            words = tc.words[doc_id, lang]
            for w, n in ranked(counts):
                yield {"doc_id": doc_id, "lang": lang, "lemma": w, "pos": pos[lang, w], "count": n,
                       "per_10k": round(n * 10_000 / words, 3), "documents": 1}


def ngram_rows(tc: TokenCounts, min_count: int = 2):
    rows = [{"lang": lang, "n": n, "ngram": gram, "count": c, "documents": tc.ngram_docs[lang, n, gram]}
            for (lang, n, gram), c in tc.ngrams.items() if c >= min_count]
    rows.sort(key=lambda r: (r["lang"], r["n"], -r["count"], r["ngram"]))
    return rows


def tfidf_and_dtm(doc_ids: list[str], by_doc: dict[str, Counter], top: int = TFIDF_TOP):
    """tf-idf rows (top `top` lemmas per document) and the document-term matrix (documents × lemmas, counts,
    columns in alphabetical order). The weights are scikit-learn's TfidfVectorizer(sublinear_tf=True): tf
    1 + ln(count), idf ln((1 + documents) / (1 + documents with the lemma)) + 1, each row scaled to unit
    length — computed on the matrix here, because importing scikit-learn (and scipy.stats with it) costs a
    run 1.3 s; tests/test_frequencies.py checks the numbers against scikit-learn's."""
    from scipy import sparse

    counters = [by_doc.get(d, Counter()) for d in doc_ids]
    vocab = sorted({w for counts in counters for w in counts})
    column = {w: j for j, w in enumerate(vocab)}
    data, indices, indptr = [], [], [0]
    for counts in counters:
        for j, n in sorted((column[w], n) for w, n in counts.items()):
            indices.append(j)
            data.append(n)
        indptr.append(len(indices))
    dtm = sparse.csr_matrix((np.array(data, dtype=np.int64), np.array(indices, dtype=np.int64), indptr),
                            shape=(len(doc_ids), len(vocab)))
    if not vocab:  # no document has a content word
        return [], dtm, []
    weights = tfidf_weights(dtm)
    rows = []
    for i, doc_id in enumerate(doc_ids):
        row = weights.getrow(i)
        best = sorted(zip(row.data, row.indices), key=lambda x: (-x[0], vocab[x[1]]))[:top]
        rows += [{"doc_id": doc_id, "lemma": vocab[j], "tfidf": round(float(w), 6), "rank": r}
                 for r, (w, j) in enumerate(best, 1)]
    return rows, dtm, vocab


def tfidf_weights(dtm):
    """The tf-idf matrix of a documents × terms count matrix (CSR), as scikit-learn's
    TfidfTransformer(sublinear_tf=True, smooth_idf=True, norm="l2") computes it."""
    weights = dtm.astype(np.float64)
    weights.data = np.log(weights.data) + 1.0
    n = dtm.shape[0]
    df = np.bincount(dtm.indices, minlength=dtm.shape[1])
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    weights.data *= idf[weights.indices]
    rows = np.repeat(np.arange(n), np.diff(weights.indptr))
    norms = np.sqrt(np.bincount(rows, weights=weights.data ** 2, minlength=n))
    norms[norms == 0] = 1.0
    weights.data /= norms[rows]
    return weights


def write_dtm(data_dir: Path, dtm, vocab: list[str], doc_ids: list[str]) -> list[Path]:
    from scipy.io import mmwrite

    paths = [data_dir / "dtm.mtx", data_dir / "dtm_vocab.txt", data_dir / "dtm_docs.txt"]
    tmp = data_dir / ".dtm.tmp.mtx"
    mmwrite(str(tmp), dtm, comment="documents x lemmas (counts): rows in dtm_docs.txt, columns in dtm_vocab.txt",
            field="integer", symmetry="general")
    os.replace(tmp, paths[0])
    for path, lines in zip(paths[1:], (vocab, doc_ids)):
        atomic_write_text(path, "".join(f"{x}\n" for x in lines))
    return paths


# ----------------------------------------------------------------------------------------- other tables

def entity_tables(run: RunFolder, index: dict, doc_year: dict, n_sentences: int, min_count: int = 1,
                  skip=frozenset()):
    """freq_entities, freq_entities_by_year and cooccurrence from one pass over entities.csv (actors)."""
    per_doc, by_year, in_sentence = defaultdict(Counter), Counter(), defaultdict(set)
    for row in run.table("entities"):
        if row["role"] != "actor" or not row["entity_id"] or (row["doc_id"], row["sent_id"]) in skip:
            continue
        doc_id, entity_id = row["doc_id"], row["entity_id"]
        per_doc[doc_id][entity_id] += 1
        per_doc[CORPUS][entity_id] += 1
        by_year[doc_year.get(doc_id, ""), entity_id] += 1
        in_sentence[doc_id, row["sent_id"]].add(entity_id)
    names = {e: r["name"] or r["name_en"] or e for e, r in index.items()}
    freq = [{"doc_id": d, "entity_id": e, "label": index.get(e, {}).get("label", ""), "name": names.get(e, e),
             "mentions": n} for d, counts in per_doc.items() for e, n in counts.items()]
    freq.sort(key=lambda r: (r["doc_id"] != CORPUS, r["doc_id"], -r["mentions"], r["entity_id"]))
    years = [{"year": y, "entity_id": e, "mentions": n} for (y, e), n in by_year.items()]
    years.sort(key=lambda r: (r["year"] == "", r["year"], -r["mentions"], r["entity_id"]))
    pairs = cooccurrence_rows(((d, ids) for (d, _), ids in in_sentence.items()), names, n_sentences, min_count)
    return freq, years, pairs


def sphere_rows(run: RunFolder, excluded=frozenset()):
    """freq_spheres (sentences per sphere and risk), the number of sentences counted in the corpus, and the
    (doc_id, sent_id) of the sentences in `excluded` sections, which no table counts."""
    counts, n, skip = defaultdict(Counter), 0, set()
    for row in run.table("sentences"):
        if row.get("section") in excluded:
            skip.add((row["doc_id"], row["sent_id"]))
            continue
        n += 1
        for dimension, column in (("sphere", "spheres"), ("risk", "risks")):
            for key in filter(None, row.get(column, "").split(";")):
                counts[row["doc_id"]][dimension, key] += 1
                counts[CORPUS][dimension, key] += 1
    rows = [{"doc_id": d, "dimension": dim, "key": k, "sentences": c} for d, cs in counts.items() for (dim, k), c in cs.items()]
    rows.sort(key=lambda r: (r["doc_id"] != CORPUS, r["doc_id"], r["dimension"], -r["sentences"], r["key"]))
    return rows, n, frozenset(skip)


def format_rows(run: RunFolder, skip=frozenset()):
    counts = defaultdict(Counter)
    for row in run.table("formats"):
        if (row["doc_id"], row["sent_id"]) in skip:
            continue
        counts[row["doc_id"]][row["category"]] += 1
        counts[CORPUS][row["category"]] += 1
    rows = [{"doc_id": d, "category": k, "mentions": c} for d, cs in counts.items() for k, c in cs.items()]
    rows.sort(key=lambda r: (r["doc_id"] != CORPUS, r["doc_id"], -r["mentions"], r["category"]))
    return rows


def period(value: str) -> str:
    """The year of an EDTF value (`2005-05` → 2005), a decade or century as written (`199X`, `20XX`), the
    start year of a range (`2015/2024` → 2015); '' when there is none."""
    start = value.split("/")[0].lstrip("-~?% ")
    m = _PERIOD.match(start) or _PERIOD.search(value)
    return m.group(0) if m else ""


def date_rows(run: RunFolder, skip=frozenset()):
    counts, docs = Counter(), defaultdict(set)
    for row in run.table("dates"):
        if (row["doc_id"], row["sent_id"]) in skip:
            continue
        key = (period(row["value"]), row["kind"])
        counts[key] += 1
        docs[key].add(row["doc_id"])
    rows = [{"period": p, "kind": k, "dates": c, "documents": len(docs[p, k])} for (p, k), c in counts.items()]
    rows.sort(key=lambda r: (r["period"], r["kind"]))
    return rows


def formats_actor_rows(run: RunFolder, index: dict):
    counts, names = Counter(), {}
    for row in run.table("events"):
        ids, labels = row["actors"].split(";"), row["actor_names"].split(";")
        aligned = dict(zip(ids, labels)) if len(ids) == len(labels) else {}
        for entity_id in dict.fromkeys(filter(None, ids)):
            counts[row["category"], entity_id] += 1
            names.setdefault(entity_id, aligned.get(entity_id, ""))
    rows = [{"category": c, "entity_id": e, "events": n,
             "name": index.get(e, {}).get("name") or names[e] or index.get(e, {}).get("name_en", "")}
            for (c, e), n in counts.items()]
    rows.sort(key=lambda r: (r["category"], -r["events"], r["entity_id"]))
    return rows


def group_targets(lemmas: dict, documents: list[dict], group_by: str) -> dict:
    """{group value: {lang: Counter}}: the documents of each value of a documents.csv column, summed
    (`;`-joined cells put a document in each of their groups; an empty cell in the group `unknown`)."""
    groups = defaultdict(lambda: defaultdict(Counter))
    for doc in documents:
        values = [v for v in dict.fromkeys(v.strip() for v in (doc.get(group_by) or "").split(";")) if v]
        for value in values or [UNKNOWN]:
            for lang, counts in lemmas.get(doc["doc_id"], {}).items():
                groups[value][lang].update(counts)
    return groups


# ----------------------------------------------------------------------------------------- all of it

def write_frequencies(out: Path, stopwords=None, group_by: str | None = None, min_count: int = 2,
                      cooccurrence_min: int = 1, keep_back_matter: bool = False) -> list[Path]:
    """Reads OUT/data/*.csv of a finished run, writes OUT/data/freq_*.csv and OUT/data/dtm.*; returns the
    written paths. `stopwords`: {lang: set} or a YAML file (default models/stopwords.yaml). `group_by`: a
    documents.csv column (year, journal…) for the keyness of groups of documents; None → each document
    against the rest. `min_count` applies to n-grams and collocations. The sections models/sections.yaml lists as
    `excluded` (the reference list, the notes about the authors) are left out unless `keep_back_matter`."""
    run = RunFolder(out)
    data_dir, raw = run.data, run.raw_csv
    if not isinstance(stopwords, dict):
        stopwords = load_stopwords(stopwords)
    with open(data_dir / "documents.csv", encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        columns = reader.fieldnames or []
    documents = list(run.table("documents"))
    if group_by is not None and group_by not in columns:
        raise ValueError(f"--group-by {group_by}: documents.csv has no such column (it has {', '.join(columns)})")
    index = {r["entity_id"]: r for r in run.table("entity_index")}
    doc_ids = sorted(d["doc_id"] for d in documents if d.get("status", "ok") == "ok")

    excluded = frozenset() if keep_back_matter else section_names().excluded
    with progress.step("statistics: sentences"):
        spheres, n_sentences, skip = sphere_rows(run, excluded)
    tc = TokenCounts(stopwords, skip).read(run, documents=len(doc_ids), excluded=excluded)
    by_doc = tc.by_doc()
    doc_ids += sorted(set(by_doc) - set(doc_ids))
    corpus, _ = tc.corpus()
    targets = group_targets(tc.lemmas, documents, group_by) if group_by else tc.lemmas
    with progress.step("statistics: tf-idf"):
        tfidf, dtm, vocab = tfidf_and_dtm(doc_ids, by_doc)
    del by_doc
    doc_year = {d["doc_id"]: d.get("year", "") for d in documents}
    with progress.step("statistics: entities"):
        entities, by_year, pairs = entity_tables(run, index, doc_year, n_sentences, cooccurrence_min, skip)
    keyness = keyness_rows(targets, corpus)  # its own progress, by target
    tables = {  # computed as they are written, one after the other
        "freq_lemmas": lambda: lemma_rows(tc),
        "freq_ngrams": lambda: ngram_rows(tc, min_count),
        "collocations": lambda: collocation_rows(tc.pairs, tc.firsts, tc.seconds, tc.pair_totals, min_count),
        "keyness": lambda: keyness,
        "tfidf": lambda: tfidf,
        "freq_entities": lambda: entities,
        "freq_entities_by_year": lambda: by_year,
        "freq_formats": lambda: format_rows(run, skip),
        "freq_spheres": lambda: spheres,
        "freq_dates": lambda: date_rows(run, skip),
        "cooccurrence": lambda: pairs,
        "formats_actors": lambda: formats_actor_rows(run, index),
    }
    paths = []
    for name, rows in progress.items("statistics: tables", tables.items(), unit="tables"):
        path = data_dir / f"{name}.csv"
        write_table(path, COLUMNS[name], rows(), raw)
        paths.append(path)
    return paths + write_dtm(data_dir, dtm, vocab, doc_ids)

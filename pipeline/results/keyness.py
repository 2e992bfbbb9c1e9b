"""Association measures of the frequency layer: Dunning's G², PMI, Dice, log ratio; and the tables built
on them — keyness.csv, collocations.csv, cooccurrence.csv.

Every G² is that of the full 2×2 contingency table (Dunning 1993), as quanteda's textstat_keyness
computes it (without its Yates correction):

                    word      other words
    target          o11       o12            o11 + o12 = target size
    reference       o21       o22

    G² = 2 Σ o·ln(o/e), e = row total · column total / N; a cell with o = 0 adds 0.

For keyness G² is signed: negative when the word is rarer in the target than expected (o11 < e11).
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from scipy.special import (  # chdtrc(1, x) is scipy.stats.chi2.sf(x, 1): without scipy.stats' 0.4 s import
    chdtrc,
    xlogy,
)

from ..core import progress

CHI2_05 = 3.84  # the 5 % critical value of chi-square with 1 degree of freedom


def g2(o11, o12, o21, o22):
    """Dunning's log-likelihood G² of a 2×2 table (numbers or numpy arrays of the same shape)."""
    o11, o12, o21, o22 = (np.asarray(x, dtype=float) for x in (o11, o12, o21, o22))
    n = o11 + o12 + o21 + o22
    r1, r2, c1, c2 = o11 + o12, o21 + o22, o11 + o21, o12 + o22
    with np.errstate(divide="ignore", invalid="ignore"):
        total = sum(np.where(o > 0, xlogy(o, o / (r * c / n)), 0.0)
                    for o, r, c in ((o11, r1, c1), (o12, r1, c2), (o21, r2, c1), (o22, r2, c2)))
    result = np.maximum(2.0 * total, 0.0)  # rounding can leave -1e-13
    return float(result) if result.ndim == 0 else result


def expected11(o11, o12, o21, o22):
    """The expected count of the first cell under independence: row total · column total / N."""
    n = o11 + o12 + o21 + o22
    return (o11 + o12) * (o11 + o21) / n


def pmi(o11, e11):
    """Pointwise mutual information in bits: log2(observed / expected)."""
    return float(np.log2(o11 / e11))


def dice(ab, a, b):
    """Dice coefficient: 2·|A∩B| / (|A| + |B|)."""
    return 2.0 * ab / (a + b)


def log_ratio(a, size_a, b, size_b):
    """Hardie's log ratio, log2 of the ratio of relative frequencies; a zero count counts as 0.5."""
    a, b = np.maximum(np.asarray(a, dtype=float), 0.5), np.maximum(np.asarray(b, dtype=float), 0.5)
    result = np.log2((a / size_a) / (b / size_b))
    return float(result) if result.ndim == 0 else result


def _r(x, digits=4):
    return round(float(x), digits)


def keyness_rows(targets: dict, corpus: dict | None = None, min_count: int = 2, threshold: float = CHI2_05):
    """`targets`: {target: {lang: Counter(lemma → count)}}; `corpus`: {lang: Counter} of the whole corpus
    (default: the sum of the targets, right when they are the documents). Each target against the rest
    of the corpus, language by language; rows with count_target ≥ min_count and |G²| ≥ threshold, by
    target, then G² descending."""
    if corpus is None:
        corpus = {}
        for by_lang in targets.values():
            for lang, counts in by_lang.items():
                corpus.setdefault(lang, Counter()).update(counts)
    sizes = {lang: sum(c.values()) for lang, c in corpus.items()}
    rows = []
    for target, by_lang in progress.items("keyness", targets.items(), unit="targets"):
        for lang, counts in by_lang.items():
            size_t = sum(counts.values())
            size_r = sizes[lang] - size_t
            lemmas = sorted(w for w, n in counts.items() if n >= min_count)
            if not lemmas or size_r <= 0:
                continue
            a = np.array([counts[w] for w in lemmas], dtype=float)
            b = np.array([corpus[lang][w] for w in lemmas], dtype=float) - a
            g = g2(a, size_t - a, b, size_r - b)
            sign = np.where(a < (a + b) * size_t / (size_t + size_r), -1.0, 1.0)
            g = g * sign
            effect = log_ratio(a, size_t, b, size_r)
            p = chdtrc(1, np.abs(g))
            for i in np.flatnonzero(np.abs(g) >= threshold):
                rows.append({"target": target, "lang": lang, "lemma": lemmas[i], "count_target": int(a[i]),
                             "count_reference": int(b[i]), "g2": _r(g[i]), "p_value": float(f"{p[i]:.6g}"),
                             "effect": _r(effect[i])})
    rows.sort(key=lambda r: (r["target"], -r["g2"], r["lang"], r["lemma"]))
    return rows


def collocation_rows(pairs: Counter, firsts: Counter, seconds: Counter, totals: Counter, min_count: int = 2):
    """Adjacent lemma bigrams. `pairs`: (lang, w1, w2) → count of the pairs reported (content lemmas);
    `firsts`/`seconds`: (lang, lemma) → how often the lemma is the first/second word of any adjacent pair
    of words; `totals`: lang → number of adjacent pairs of words. Sorted by G² descending."""
    rows = []
    for (lang, w1, w2), o11 in pairs.items():
        if o11 < min_count:
            continue
        n, f1, f2 = totals[lang], firsts[lang, w1], seconds[lang, w2]
        o12, o21 = f1 - o11, f2 - o11
        o22 = n - f1 - f2 + o11
        e11 = f1 * f2 / n
        rows.append({"lang": lang, "w1": w1, "w2": w2, "count": o11, "expected": _r(e11),
                     "log_likelihood": _r(g2(o11, o12, o21, o22)), "pmi": _r(pmi(o11, e11))})
    rows.sort(key=lambda r: (-r["log_likelihood"], r["lang"], r["w1"], r["w2"]))
    return rows


def cooccurrence_rows(sentences, names: dict, n_sentences: int, min_count: int = 1):
    """`sentences`: iterable of (doc_id, set of entity ids) per sentence. Undirected pairs (source <
    target) found together in at least `min_count` sentences: count, documents, PMI and Dice over
    sentences (`n_sentences` is the number of sentences in the corpus)."""
    single, pair, pair_docs, seen = Counter(), Counter(), {}, 0
    for doc_id, ids in sentences:
        seen += 1
        ids = sorted(ids)
        single.update(ids)
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                pair[a, b] += 1
                pair_docs.setdefault((a, b), set()).add(doc_id)
    n = max(n_sentences, seen, 1)
    rows = []
    for (a, b), count in pair.items():
        if count < min_count:
            continue
        rows.append({"source": a, "target": b, "source_name": names.get(a, ""), "target_name": names.get(b, ""),
                     "count": count, "documents": len(pair_docs[a, b]),
                     "pmi": _r(pmi(count, single[a] * single[b] / n)), "dice": _r(dice(count, single[a], single[b]))})
    rows.sort(key=lambda r: (-r["count"], r["source"], r["target"]))
    return rows

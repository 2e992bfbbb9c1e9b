"""The frequency layer: association measures on numbers computed by hand, then every table on real runs
(the sample corpus and the seed article), checked against counts made here from the run's own CSVs."""

import csv
import json
import math
import shutil
from collections import Counter, defaultdict

import msgpack
import pytest
from scipy.io import mmread
from scipy.stats import chi2, chi2_contingency

from pipeline.batch.runner import run
from pipeline.knowledge.resources import ResourceError, section_names
from pipeline.output.token_counts import COUNTS_FILE, StaleCounts, basis, read_counts
from pipeline.results.frequencies import (
    COLUMNS,
    CORPUS,
    TokenCounts,
    is_word,
    lemma_rows,
    load_stopwords,
    ngram_rows,
    period,
    tfidf_weights,
    write_frequencies,
)
from pipeline.results.keyness import (
    collocation_rows,
    cooccurrence_rows,
    dice,
    expected11,
    g2,
    keyness_rows,
    log_ratio,
    pmi,
)

from .conftest import CORPORA, FACTRU, need, rows

FUNCTION_POS = {"ADP", "CCONJ", "SCONJ", "PART", "PRON", "DET", "AUX", "PUNCT", "NUM", "SYM", "X"}
RUSSIA_FORMS = {"россия", "россии", "россию", "россией", "россиею"}


# ------------------------------------------------------------------ association measures, by hand

@pytest.mark.parametrize("table, want", [
    # expected 1.2, 28.8, 38.8, 931.2: 2·(10 ln(10/1.2) + 20 ln(20/28.8) + 30 ln(30/38.8) + 940 ln(940/931.2))
    ((10, 20, 30, 940), 30.0691),
    ((5, 0, 0, 5), 20 * math.log(2)),       # every expected cell is 2.5; the zero cells add nothing
    ((10, 10, 10, 10), 0.0),                # independence
    ((1, 99, 99, 9801), 0.0),               # independence: 1 · 9801 = 99 · 99
    ((3, 0, 0, 0), 0.0),                    # one cell only
])
def test_g2_by_hand(table, want):
    assert g2(*table) == pytest.approx(want, abs=1e-4)


def test_g2_agrees_with_scipys_g_test():
    for table in [(10, 20, 30, 940), (7, 1, 2, 500), (40, 60, 25, 875)]:
        want = chi2_contingency([table[:2], table[2:]], correction=False, lambda_="log-likelihood")[0]
        assert g2(*table) == pytest.approx(want)


@pytest.mark.parametrize("fn, args, want", [
    (expected11, (10, 20, 30, 940), 1.2),   # 30 · 40 / 1000
    (pmi, (8, 2), 2.0),                     # log2(8 / 2)
    (pmi, (1, 4), -2.0),
    (dice, (3, 4, 8), 0.5),                 # 2 · 3 / (4 + 8)
    (dice, (5, 5, 5), 1.0),
    (log_ratio, (10, 1000, 5, 1000), 1.0),  # twice as frequent
    (log_ratio, (4, 100, 0, 100), 3.0),     # a zero counts as 0.5: log2(4 / 0.5)
    (log_ratio, (5, 100, 20, 100), -2.0),
])
def test_measures_by_hand(fn, args, want):
    assert fn(*args) == pytest.approx(want)


def test_collocation_row_by_hand():
    # 1000 adjacent pairs; "республика" starts 30 of them, "казахстан" ends 40, together 10
    pairs = Counter({("ru", "республика", "казахстан"): 10, ("ru", "рабочий", "группа"): 1})
    firsts = Counter({("ru", "республика"): 30, ("ru", "рабочий"): 1})
    seconds = Counter({("ru", "казахстан"): 40, ("ru", "группа"): 1})
    (row,) = collocation_rows(pairs, firsts, seconds, Counter({"ru": 1000}), min_count=2)
    assert (row["w1"], row["w2"], row["count"], row["expected"]) == ("республика", "казахстан", 10, 1.2)
    assert row["log_likelihood"] == pytest.approx(30.0691, abs=1e-4)
    assert row["pmi"] == pytest.approx(math.log2(10 / 1.2), abs=1e-4)


def test_keyness_by_hand():
    # target a: x 10 of 100; the rest: x 2 of 200 → over-used; y 90 of 100 against 198 of 200 → under-used
    targets = {"a": {"ru": Counter(x=10, y=90)}, "b": {"ru": Counter(x=2, y=198)}}
    got = {(r["target"], r["lemma"]): r for r in keyness_rows(targets)}
    x, y = got["a", "x"], got["a", "y"]
    assert x["g2"] == pytest.approx(g2(10, 90, 2, 198), abs=1e-4) and x["g2"] > 3.84
    assert y["g2"] == pytest.approx(-g2(90, 10, 198, 2), abs=1e-4)
    assert x["p_value"] == pytest.approx(chi2.sf(g2(10, 90, 2, 198), 1), rel=1e-5)
    assert x["effect"] == pytest.approx(math.log2((10 / 100) / (2 / 200)), abs=1e-4)
    assert (x["count_target"], x["count_reference"]) == (10, 2)
    assert ("b", "x") in got and got["b", "x"]["g2"] < 0   # b is the reference of a, and a target itself
    assert [r["target"] for r in keyness_rows(targets)] == ["a", "a", "b", "b"]


def test_cooccurrence_by_hand():
    sentences = [("d1", {"country/KZ", "country/RU"}), ("d1", {"country/KZ"}), ("d2", {"country/RU", "country/KZ"}),
                 ("d2", {"city/1", "country/KZ", "country/RU"})]
    got = cooccurrence_rows(sentences, {"country/KZ": "Казахстан"}, n_sentences=10)
    top = got[0]
    assert (top["source"], top["target"], top["count"], top["documents"]) == ("country/KZ", "country/RU", 3, 2)
    assert top["source_name"] == "Казахстан" and top["target_name"] == ""
    assert top["pmi"] == pytest.approx(math.log2(3 * 10 / (4 * 3)), abs=1e-4)
    assert top["dice"] == pytest.approx(2 * 3 / (4 + 3), abs=1e-4)
    assert [(r["source"], r["target"]) for r in got[1:]] == [("city/1", "country/KZ"), ("city/1", "country/RU")]
    assert cooccurrence_rows(sentences, {"country/KZ": "Казахстан"}, 10, min_count=2) == [top]


@pytest.mark.parametrize("value, want", [
    ("1992-10-22", "1992"), ("2005-05", "2005"), ("2019", "2019"), ("2019-21", "2019"), ("199X", "199X"),
    ("20XX", "20XX"), ("2015/2024", "2015"), ("2022-10/2023-03", "2022"), ("../2020", "2020"), ("", ""),
])
def test_period(value, want):
    assert period(value) == want


@pytest.mark.parametrize("lemma, pos, want", [
    ("россия", "PROPN", True), ("www", "X", True), (",", "PUNCT", False), ("2015", "NUM", False),
    ("1990-й", "ADJ", False), ("три", "NUM", False), ("covid-19", "NOUN", True), ("—", "NOUN", False),
])
def test_is_word(lemma, pos, want):
    assert is_word(lemma, pos) is want


# ------------------------------------------------------------------ models/stopwords.yaml

def test_stopwords_file():
    stop = load_stopwords()
    assert {"и", "в", "на", "с", "по", "для", "не", "что", "который", "этот", "быть", "а", "также", "как", "к", "о",
            "из", "от", "до", "у", "за", "при", "же", "ли", "бы", "то", "так", "его", "её", "ее", "их", "он", "она",
            "они", "мы", "вы", "весь", "свой", "себя"} <= stop["ru"]
    assert {"the", "a", "of", "and", "be", "have", "'s", "no", "on", "off", "it", "which"} <= stop["en"]
    assert not {"true", "false", "none", ""} & (stop["ru"] | stop["en"])
    assert all(w == w.lower() and len(w.split()) == 1 for words in stop.values() for w in words)


@pytest.mark.parametrize("text, where, fragment", [
    ("version: 1\nru: [и, в]\n", ":1:", "key 'en': missing"),
    ("version: 1\nru: и\nen: [the]\n", ":2:", "key 'ru': expected a list of strings"),
    ("version: 1\nru: [и]\nen: [the,\n  no]\n", ":4:", "key 'en': False"),
    ("version: 1\nru: [и, в рамках]\nen: [the]\n", ":2:", "not one lemma"),
    ("version: 1\nru: [и]\nRussian: [и]\nen: [the]\n", ":3:", "key 'Russian': not a language code"),
    ("version: 2\nru: [и]\nen: [the]\n", ":1:", "key 'version': must be 1"),
    ("version: 1\nru: [и\n", ":3:", "not valid YAML"),
])
def test_stopwords_errors_name_file_line_and_key(tmp_path, text, where, fragment):
    path = tmp_path / "stop.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ResourceError) as e:
        load_stopwords(path)
    assert f"{path}{where}" in str(e.value) and fragment in str(e.value)


def test_own_stopwords_file(tmp_path):
    path = tmp_path / "stop.yaml"
    path.write_text("version: 1\nru: [всё, и]\nen: []\nother: [a]\n", encoding="utf-8")
    assert load_stopwords(path) == {"ru": frozenset({"всё", "все", "и"}), "en": frozenset(), "other": frozenset({"a"})}


# ------------------------------------------------------------------ real runs

@pytest.fixture(scope="module")
def sample(tmp_path_factory, stages):
    out = tmp_path_factory.mktemp("freq_sample")
    run(CORPORA, out, quiet=True, stages=stages)
    return out, write_frequencies(out)


@pytest.fixture(scope="module")
def seed(tmp_path_factory, seed_run):
    src, _ = seed_run
    out = copy_run(src, tmp_path_factory.mktemp("freq_seed"))
    return out, write_frequencies(out)


@pytest.fixture(params=["sample", "seed"])
def result(request):
    return request.getfixturevalue(request.param)


def copy_run(out, dest):
    """A copy of a run's data/ and text/ in `dest` (a folder the statistics can be written into again)."""
    for part in ("data", "text"):
        shutil.copytree(out / part, dest / part)
    return dest


def left_out(out) -> set:
    """(doc_id, sent_id) of the sentences statistics do not count: the reference lists, the notes about the authors."""
    return {(s["doc_id"], s["sent_id"]) for s in rows(out, "sentences") if s["section"] in ("references", "about_authors")}


def counted(out, name: str) -> list[dict]:
    """The rows of a table the statistics count."""
    skip = left_out(out)
    return [t for t in rows(out, name) if (t["doc_id"], t["sent_id"]) not in skip]


def counted_tokens(out):
    return counted(out, "tokens")


def content_tokens(out):
    """(doc_id, lang, lemma) of every content token, counted here from tokens.csv."""
    stop = load_stopwords()
    return Counter((t["doc_id"], t["lang"], t["lemma"].lower()) for t in counted_tokens(out)
                   if t["pos"] not in {"PUNCT", "NUM", "SYM", "X"} and any(c.isalpha() for c in t["lemma"])
                   and not t["lemma"][0].isdigit() and t["lemma"].lower() not in stop.get(t["lang"], ()))


@pytest.mark.slow
def test_writes_every_table(result):
    out, paths = result
    names = {p.name for p in paths}
    assert names == {f"{name}.csv" for name in COLUMNS} | {"dtm.mtx", "dtm_vocab.txt", "dtm_docs.txt"}
    for name, columns in COLUMNS.items():
        with open(out / "data" / f"{name}.csv", encoding="utf-8", newline="") as f:
            assert next(csv.reader(f)) == columns, name
    assert not [p for p in (out / "data").iterdir() if "tmp" in p.name]


@pytest.mark.slow
def test_same_input_same_bytes(sample, tmp_path):
    out, paths = sample
    again = copy_run(out, tmp_path / "again")
    for path in write_frequencies(again):
        assert path.read_bytes() == (out / "data" / path.name).read_bytes(), path.name


@pytest.mark.slow
def test_kept_token_counts_give_the_tables_tokens_csv_gives(sample, tmp_path):
    """A run keeps every document's token counts (data/.token_counts.msgpack) and the statistics merge them; a
    folder without them (an older run) is counted from tokens.csv: the same tables, byte for byte."""
    out, paths = sample
    assert len(list(read_counts(out / "data", basis(load_stopwords(), section_names().excluded, False)))) == 7
    older = copy_run(out, tmp_path / "older")
    (older / "data" / COUNTS_FILE).unlink()
    for path in write_frequencies(older):
        assert path.read_bytes() == (out / "data" / path.name).read_bytes(), path.name


@pytest.mark.slow
def test_token_counts_of_other_options_or_another_tokens_csv_are_not_merged(sample, tmp_path):
    out, _ = sample
    data = tmp_path / "data"
    shutil.copytree(out / "data", data)
    excluded = section_names().excluded
    assert list(read_counts(data, basis(load_stopwords(), excluded, False)))
    for other in (basis(load_stopwords(), frozenset(), False),          # --keep-back-matter
                  basis({"ru": frozenset({"и"})}, excluded, False),     # other stop words
                  basis(load_stopwords(), excluded, True)):             # --raw-csv
        with pytest.raises(StaleCounts):
            list(read_counts(data, other))
    lines = (data / "tokens.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (data / "tokens.csv").write_text("".join(lines[:-1]), encoding="utf-8")  # edited after the run
    with pytest.raises(StaleCounts):
        list(read_counts(data, basis(load_stopwords(), excluded, False)))
    (data / COUNTS_FILE).unlink()
    assert read_counts(data, basis(load_stopwords(), excluded, False)) is None


@pytest.mark.slow
def test_damaged_token_counts_are_counted_from_tokens_csv(sample, tmp_path):
    out, _ = sample
    copy = copy_run(out, tmp_path / "copy")
    path = copy / "data" / COUNTS_FILE
    with open(path, "rb") as f:
        items = list(msgpack.Unpacker(f, raw=False, strict_map_key=False))
    items[-2][1]["ngrams"] = ["not", "a", "mapping"]  # the last document's: the others are merged already
    path.write_bytes(b"".join(msgpack.packb(item, use_bin_type=True) for item in items))
    for written in write_frequencies(copy):
        assert written.read_bytes() == (out / "data" / written.name).read_bytes(), written.name


@pytest.mark.slow
def test_document_counts_merge_in_any_order(sample):
    out, _ = sample
    records = list(read_counts(out / "data", basis(load_stopwords(), section_names().excluded, False)))
    merged = []
    for order in (records, records[::-1]):
        tc = TokenCounts(load_stopwords())
        for doc_id, record in order:
            tc.add(doc_id, record)
        merged.append(tc)
    a, b = merged
    for name in ("words", "pos", "ngrams", "ngram_docs", "pairs", "firsts", "seconds", "pair_totals"):
        assert dict(getattr(a, name)) == dict(getattr(b, name)), name
    assert a.by_doc() == b.by_doc() and a.corpus() == b.corpus()
    assert list(lemma_rows(a)) == list(lemma_rows(b)) and ngram_rows(a) == ngram_rows(b)


@pytest.mark.slow
@pytest.mark.parametrize("keep_back_matter, raw", [(False, False), (True, False), (False, True)])
def test_a_documents_counts_are_those_of_its_rendered_rows(stages, seed_text, keep_back_matter, raw):
    """document_record counts the analysed document itself; the record must be the one its tokens.csv and
    sentences.csv rows give (rendered_counts) — lemmas a spreadsheet would run, an overlong one, the reference list."""
    from pipeline.core.schema import Document
    from pipeline.core.stages import analyse
    from pipeline.output.export import render
    from pipeline.output.token_counts import document_record, rendered_counts

    texts = [seed_text, (CORPORA / "en_central_asia_corridors.txt").read_text(encoding="utf-8")]
    texts += [json.loads(line)["text"] for line in need(FACTRU).read_text(encoding="utf-8").splitlines()[:3]]
    for n, text in enumerate(texts):
        doc = analyse(Document(doc_id=f"d{n}", source_path="", format="txt", raw=text), stages)
        tokens = [t for s in doc.sentences for t in s.tokens]
        assert len(tokens) > 50
        tokens[0].lemma, tokens[1].lemma, tokens[2].lemma = "=СУММ(A1)", "'-x", "ы" * 2500
        tokens[3].pos = None
        want = rendered_counts(render(doc, raw=raw).tables, keep_back_matter, raw)
        assert document_record(doc, keep_back_matter, raw) == want


@pytest.mark.slow
def test_russia_is_one_lemma(seed):
    out, _ = seed
    forms = Counter(t["text"] for t in rows(out, "tokens") if t["text"].lower() in RUSSIA_FORMS)
    assert {"России", "Россией"} <= set(forms)
    lemmas = {(r["doc_id"], r["lemma"]): r for r in rows(out, "freq_lemmas") if r["lang"] == "ru"}
    corpus = lemmas[CORPUS, "россия"]
    assert int(corpus["count"]) == sum(forms.values()) and corpus["documents"] == "1"
    assert int(lemmas["000_5ac4b8d52ef0a1b2", "россия"]["count"]) == sum(forms.values())
    assert not {lemma for _, lemma in lemmas if lemma in RUSSIA_FORMS - {"россия"}}


@pytest.mark.slow
def test_no_stop_word_or_function_word_in_any_top_20(result):
    out, _ = result
    stop = load_stopwords()
    top = defaultdict(list)
    for r in rows(out, "freq_lemmas"):
        top[r["doc_id"], r["lang"]].append(r)
    assert top
    for (doc_id, lang), ranked in top.items():
        counts = [int(r["count"]) for r in ranked]
        assert counts == sorted(counts, reverse=True)
        for r in ranked[:20]:
            assert r["lemma"] not in stop.get(lang, ()), (doc_id, r["lemma"])
            assert r["pos"] not in FUNCTION_POS, (doc_id, r["lemma"], r["pos"])


@pytest.mark.slow
def test_lemma_counts_and_relative_frequencies(result):
    out, _ = result
    content = content_tokens(out)
    words = Counter((t["doc_id"], t["lang"]) for t in counted_tokens(out) if is_word(t["lemma"].lower(), t["pos"]))
    corpus_words = Counter()
    for (_, lang), n in words.items():
        corpus_words[lang] += n
    got = rows(out, "freq_lemmas")
    docs = [r for r in got if r["doc_id"] != CORPUS]
    assert got[:1] and got[0]["doc_id"] == CORPUS and docs
    assert {(r["doc_id"], r["lang"], r["lemma"]): int(r["count"]) for r in docs} == dict(content)
    for r in docs:
        assert float(r["per_10k"]) == pytest.approx(int(r["count"]) * 10_000 / words[r["doc_id"], r["lang"]], abs=1e-3)
    by_lemma = defaultdict(list)
    for (doc_id, lang, lemma), n in content.items():
        by_lemma[lang, lemma].append(n)
    for r in got[:len(got) - len(docs)]:
        assert int(r["count"]) == sum(by_lemma[r["lang"], r["lemma"]])
        assert int(r["documents"]) == len(by_lemma[r["lang"], r["lemma"]])
        assert float(r["per_10k"]) == pytest.approx(int(r["count"]) * 10_000 / corpus_words[r["lang"]], abs=1e-3)


@pytest.mark.slow
def test_document_term_matrix(result):
    out, _ = result
    data = out / "data"
    matrix = mmread(str(data / "dtm.mtx")).tocsr()
    docs = (data / "dtm_docs.txt").read_text(encoding="utf-8").splitlines()
    vocab = (data / "dtm_vocab.txt").read_text(encoding="utf-8").splitlines()
    assert matrix.shape == (len(docs), len(vocab))
    assert docs == sorted(r["doc_id"] for r in rows(out, "documents") if r["status"] == "ok")
    assert vocab == sorted(set(vocab))
    content = content_tokens(out)
    assert matrix.sum() == sum(content.values())
    by_doc = Counter()
    for (doc_id, _, lemma), n in content.items():
        by_doc[doc_id, lemma] += n
    for (doc_id, lemma), n in list(by_doc.items())[:200]:
        assert matrix[docs.index(doc_id), vocab.index(lemma)] == n


@pytest.mark.parametrize("seed", range(6))
def test_tfidf_weights_are_scikit_learns(seed):
    """The weights computed on the matrix are TfidfVectorizer(sublinear_tf=True)'s, empty rows and columns
    included, and the run's own matrix gives scikit-learn's numbers too (test_tfidf_top_20)."""
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfTransformer

    rng = np.random.default_rng(seed)
    counts = rng.integers(0, 4, size=(25, 60)) * (rng.random((25, 60)) < 0.15)
    counts[seed] = 0  # a document of no content word
    matrix = sparse.csr_matrix(counts.astype(np.int64))
    want = TfidfTransformer(sublinear_tf=True).fit_transform(matrix).toarray()
    assert np.abs(tfidf_weights(matrix).toarray() - want).max() < 1e-12


@pytest.mark.slow
def test_tfidf_top_20(result):
    out, _ = result
    got = defaultdict(list)
    for r in rows(out, "tfidf"):
        got[r["doc_id"]].append(r)
    vocab = set((out / "data" / "dtm_vocab.txt").read_text(encoding="utf-8").splitlines())
    assert set(got) == {doc_id for doc_id, _, _ in content_tokens(out)}
    for doc_id, ranked in got.items():
        assert 1 <= len(ranked) <= 20
        assert [int(r["rank"]) for r in ranked] == list(range(1, len(ranked) + 1))
        weights = [float(r["tfidf"]) for r in ranked]
        assert weights == sorted(weights, reverse=True) and all(0 < w <= 1 for w in weights)
        assert {r["lemma"] for r in ranked} <= vocab
    from sklearn.feature_extraction.text import TfidfTransformer

    matrix = mmread(str(out / "data" / "dtm.mtx")).tocsr()
    docs = (out / "data" / "dtm_docs.txt").read_text(encoding="utf-8").splitlines()
    words = (out / "data" / "dtm_vocab.txt").read_text(encoding="utf-8").splitlines()
    weights = TfidfTransformer(sublinear_tf=True).fit_transform(matrix).tocsr()
    for doc_id, ranked in got.items():
        row = weights.getrow(docs.index(doc_id))
        for r in ranked:
            assert float(r["tfidf"]) == round(float(row[0, words.index(r["lemma"])]), 6)


@pytest.mark.slow
def test_ngrams_recounted_within_sentences(result):
    out, _ = result
    stop = load_stopwords()
    sentences = defaultdict(list)
    for t in counted_tokens(out):
        sentences[t["doc_id"], t["sent_id"], t["lang"]].append(t["lemma"].lower())
    got = rows(out, "freq_ngrams")
    assert got
    for r in got:
        words = r["ngram"].split(" ")
        assert len(words) == int(r["n"]) in (2, 3) and int(r["count"]) >= 2
        assert words[0] not in stop[r["lang"]] and words[-1] not in stop[r["lang"]]
        assert all(any(c.isalpha() for c in w) for w in words)
    for r in got[:30]:
        words, n = r["ngram"].split(" "), int(r["n"])
        found = [doc_id for (doc_id, _, lang), lemmas in sentences.items() if lang == r["lang"]
                 for i in range(len(lemmas) - n + 1) if lemmas[i:i + n] == words]
        assert (len(found), len(set(found))) == (int(r["count"]), int(r["documents"])), r["ngram"]


@pytest.mark.slow
def test_collocations(result):
    out, _ = result
    got = rows(out, "collocations")
    assert got
    g = [float(r["log_likelihood"]) for r in got]
    assert g == sorted(g, reverse=True)
    for r in got:
        assert int(r["count"]) >= 2 and float(r["expected"]) > 0
        assert float(r["pmi"]) == pytest.approx(math.log2(int(r["count"]) / float(r["expected"])), abs=2e-2)


@pytest.mark.slow
def test_republic_of_kazakhstan_is_a_collocation(sample):
    out, _ = sample
    tokens = counted_tokens(out)
    together = sum(1 for a, b in zip(tokens, tokens[1:]) if (a["doc_id"], a["sent_id"]) == (b["doc_id"], b["sent_id"])
                   and a["lang"] == "ru" and (a["lemma"], b["lemma"]) == ("республика", "казахстан"))
    row = next(r for r in rows(out, "collocations") if (r["lang"], r["w1"], r["w2"]) == ("ru", "республика", "казахстан"))
    assert int(row["count"]) == together >= 5 and float(row["log_likelihood"]) > 10.83   # p < 0.001


@pytest.mark.slow
def test_keyness_of_each_document(sample):
    out, _ = sample
    got = rows(out, "keyness")
    assert got and {r["target"] for r in got} <= {r["doc_id"] for r in rows(out, "documents")}
    assert [(r["target"], -float(r["g2"])) for r in got] == sorted((r["target"], -float(r["g2"])) for r in got)
    content = content_tokens(out)
    size, total = Counter(), Counter()
    for (doc_id, lang, lemma), n in content.items():
        size[doc_id, lang] += n
        total[lang, lemma] += n
    lang_size = Counter()
    for (_, lang), n in size.items():
        lang_size[lang] += n
    for r in got:
        a, lang = int(r["count_target"]), r["lang"]
        b = total[lang, r["lemma"]] - a
        assert a == content[r["target"], lang, r["lemma"]] >= 2 and int(r["count_reference"]) == b
        t, rest = size[r["target"], lang], lang_size[lang] - size[r["target"], lang]
        assert abs(float(r["g2"])) == pytest.approx(g2(a, t - a, b, rest - b), abs=1e-3) and abs(float(r["g2"])) >= 3.84
        assert (float(r["g2"]) > 0) == (a / t > b / rest) == (float(r["effect"]) > 0)
        assert float(r["p_value"]) == pytest.approx(chi2.sf(abs(float(r["g2"])), 1), rel=1e-3)


@pytest.mark.slow
def test_keyness_needs_a_reference(seed):
    out, _ = seed
    assert rows(out, "keyness") == []   # one document: nothing to compare it with


@pytest.mark.slow
def test_keyness_by_group(sample, tmp_path):
    out, _ = sample
    copy_run(out, tmp_path)
    write_frequencies(tmp_path, group_by="year")
    documents = rows(out, "documents")
    years = {r["year"] for r in documents if r["year"]}
    got = rows(tmp_path, "keyness")
    assert got and {r["target"] for r in got} <= years | {"unknown"} and len(years) >= 2
    if any(not r["year"] for r in documents):  # a paper that gives no year is in the group `unknown`, not left out
        assert "unknown" in {r["target"] for r in got}
    with pytest.raises(ValueError, match="no such column"):
        write_frequencies(tmp_path, group_by="decade")


@pytest.mark.slow
def test_entity_tables(result):
    out, _ = result
    actors = [e for e in counted(out, "entities") if e["role"] == "actor"]
    index = {r["entity_id"]: r for r in rows(out, "entity_index")}
    want = Counter(e["entity_id"] for e in actors)
    got = rows(out, "freq_entities")
    corpus = {r["entity_id"]: r for r in got if r["doc_id"] == CORPUS}
    assert {e: int(r["mentions"]) for e, r in corpus.items()} == dict(want)
    assert all(r["name"] == index[e]["name"] and r["label"] == index[e]["label"] for e, r in corpus.items())
    per_doc = Counter((e["doc_id"], e["entity_id"]) for e in actors)
    assert {(r["doc_id"], r["entity_id"]): int(r["mentions"]) for r in got if r["doc_id"] != CORPUS} == dict(per_doc)
    by_year = Counter()
    for r in rows(out, "freq_entities_by_year"):
        by_year[r["entity_id"]] += int(r["mentions"])
    assert by_year == want
    assert corpus["country/KZ"]["name"] == "Казахстан"


@pytest.mark.slow
def test_cooccurrence_recounted(result):
    out, _ = result
    sentences = defaultdict(set)
    for e in counted(out, "entities"):
        if e["role"] == "actor":
            sentences[e["doc_id"], e["sent_id"]].add(e["entity_id"])
    want, docs = Counter(), defaultdict(set)
    for (doc_id, _), ids in sentences.items():
        for a in ids:
            for b in ids:
                if a < b:
                    want[a, b] += 1
                    docs[a, b].add(doc_id)
    got = rows(out, "cooccurrence")
    assert {(r["source"], r["target"]): int(r["count"]) for r in got} == dict(want)
    assert all(int(r["documents"]) == len(docs[r["source"], r["target"]]) for r in got)
    assert [-int(r["count"]) for r in got] == sorted(-int(r["count"]) for r in got)
    assert ("country/KZ", "country/RU") in want


@pytest.mark.slow
def test_formats_spheres_dates_and_actors(result):
    out, _ = result
    formats = Counter(r["category"] for r in counted(out, "formats"))
    assert {r["category"]: int(r["mentions"]) for r in rows(out, "freq_formats") if r["doc_id"] == CORPUS} == dict(formats)
    sentences = counted(out, "sentences")
    spheres = Counter(("sphere", k) for s in sentences for k in s["spheres"].split(";") if k)
    spheres += Counter(("risk", k) for s in sentences for k in s["risks"].split(";") if k)
    got = {(r["dimension"], r["key"]): int(r["sentences"]) for r in rows(out, "freq_spheres") if r["doc_id"] == CORPUS}
    assert got == dict(spheres) and got
    dates = counted(out, "dates")
    freq = rows(out, "freq_dates")
    assert sum(int(r["dates"]) for r in freq) == len(dates)
    assert {r["period"] for r in freq} == {period(d["value"]) for d in dates}
    events = rows(out, "events")
    actors = Counter((e["category"], a) for e in events for a in set(e["actors"].split(";")) if a)
    assert {(r["category"], r["entity_id"]): int(r["events"]) for r in rows(out, "formats_actors")} == dict(actors)


@pytest.mark.slow
def test_sample_dates_by_period(sample):
    out, _ = sample
    freq = {(r["period"], r["kind"]): r for r in rows(out, "freq_dates")}
    decades = Counter(d["kind"] for d in rows(out, "dates") if d["value"] == "199X")
    assert decades and all(int(freq["199X", k]["dates"]) == n for k, n in decades.items())
    ranges = [d for d in rows(out, "dates") if "/" in d["value"]]
    assert ranges and all((d["value"][:4], d["kind"]) in freq for d in ranges)

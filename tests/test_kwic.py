"""Keyword in context: lemmas, word forms, phrases and entity ids on real runs (the sample corpus and the
seed article), checked against tokens.csv, entities.csv and sentences.csv; the CSV and the terminal table
name the document and sentence of every line; a search that finds nothing says so in one line and exits 1."""

import csv

import pytest
from click.testing import CliRunner

from pipeline.batch.runner import run
from pipeline.cli import cli
from pipeline.results.kwic import (
    COLUMNS,
    format_table,
    kwic,
    nothing_found,
    slug,
    write_kwic,
)

from .conftest import CORPORA, rows

SEED_ID = "000_5ac4b8d52ef0a1b2"


def text_of(out, doc_id):
    return (out / "text" / f"{doc_id}.txt").read_text(encoding="utf-8")


def phrase_count(out, lemmas):
    """Consecutive tokens of one sentence with these lemmas, counted here from tokens.csv."""
    tokens = rows(out, "tokens")
    n = len(lemmas)
    return sum(1 for i in range(len(tokens) - n + 1)
               if [t["lemma"] for t in tokens[i:i + n]] == lemmas
               and len({(t["doc_id"], t["sent_id"]) for t in tokens[i:i + n]}) == 1)


def match_columns(lines, got):
    """The columns where every line has its row's match."""
    return set.intersection(*[{i for i in range(len(line)) if line.startswith(r["match"], i)} for line, r in zip(lines, got)])


# ------------------------------------------------------------------ without a run

@pytest.mark.parametrize("term, want", [
    ("country/KZ", "country_kz"), ("россия", "россия"), ("форум межрегиональный сотрудничество", "форум_межрегиональный_сотрудничество"),
    ("Belt and Road", "belt_and_road"), ("org/eaeu", "org_eaeu"), ("??", "term"),
])
def test_slug(term, want):
    assert slug(term) == want


def test_format_table_aligns_the_match():
    got = [
        {"doc_id": "ru_altai_mongolia", "sent_id": 12, "left": "сотрудничества между", "match": "Россией",
         "right": "и Казахстаном в рамках"},
        {"doc_id": "sub/" + "z" * 60 + "/paper", "sent_id": 7, "left": "x" * 300, "match": "России", "right": "y" * 300},
        {"doc_id": "a", "sent_id": 1043, "left": "", "match": "Россия", "right": ""},
    ]
    header, *lines = format_table(got, width=100).splitlines()
    assert header.split() == ["doc_id", "sent_id", "left", "match", "right"]
    assert len(lines) == 3 and all(len(line) <= 100 for line in lines)
    assert match_columns(lines, got)                        # every match starts in the same column
    assert lines[0].startswith("ru_altai_mongolia") and lines[0].split()[1] == "12"
    assert lines[0].endswith("Россией  и Казахстаном в рамках")
    assert lines[1].startswith("…") and lines[1].split()[0].endswith("z/paper")   # a long doc_id keeps its end
    assert "…x" in lines[1] and lines[1].endswith("y…")
    assert lines[2].split()[:2] == ["a", "1043"]
    assert format_table([]) == "(no occurrences)"


# ------------------------------------------------------------------ real runs

@pytest.fixture(scope="module")
def sample(tmp_path_factory, stages):
    out = tmp_path_factory.mktemp("kwic_sample")
    run(CORPORA, out, quiet=True, stages=stages)
    return out


@pytest.fixture(scope="module")
def seed(seed_run):
    return seed_run[0]


@pytest.fixture(params=["sample", "seed"])
def out(request):
    return request.getfixturevalue(request.param)


def check_rows(out, got):
    """Offsets point at the match; contexts are one line; rows are in document and text order."""
    texts = {}
    for r in got:
        text = texts.setdefault(r["doc_id"], text_of(out, r["doc_id"]))
        assert " ".join(text[r["start"]:r["end"]].split()) == r["match"]
        assert not any("\n" in r[k] for k in ("left", "match", "right"))
        assert list(r) == COLUMNS
    assert [(r["doc_id"], r["start"]) for r in got] == sorted((r["doc_id"], r["start"]) for r in got)


@pytest.mark.slow
def test_lemma_finds_every_form(out):
    got = kwic(out, "россия")
    tokens = [t for t in rows(out, "tokens") if t["lemma"] == "россия"]
    assert len(got) == len(tokens) > 0
    assert {(r["doc_id"], r["start"]) for r in got} == {(t["doc_id"], int(t["start"])) for t in tokens}
    assert {"России", "Россией"} <= {r["match"] for r in got}
    assert {r["lemma_or_id"] for r in got} == {"россия"}
    check_rows(out, got)


@pytest.mark.slow
@pytest.mark.parametrize("term", ["России", "Россией", "РОССИЯ", " россия "])
def test_a_word_form_is_lemmatised(seed, term):
    assert kwic(seed, term) == kwic(seed, "россия")


@pytest.mark.slow
def test_entity_id_finds_every_mention(out):
    got = kwic(out, "country/KZ")
    mentions = [e for e in rows(out, "entities") if e["entity_id"] == "country/KZ"]
    assert len(got) == len(mentions) > 0
    assert {(r["doc_id"], r["start"], r["end"]) for r in got} == {(e["doc_id"], int(e["start"]), int(e["end"])) for e in mentions}
    assert {r["lemma_or_id"] for r in got} == {"country/KZ"}
    check_rows(out, got)


@pytest.mark.slow
def test_kazakhstan_in_every_form_on_the_seed(seed):
    matches = {r["match"] for r in kwic(seed, "country/KZ")}
    assert {"Казахстана", "Казахстаном", "Республики Казахстан", "РК", "Republic of Kazakhstan"} <= matches
    assert kwic(seed, "country/kz") == kwic(seed, "country/KZ")   # an id typed in the wrong case still works


@pytest.mark.slow
@pytest.mark.parametrize("term", ["форум межрегионального сотрудничества", "Форумов межрегионального сотрудничества",
                                  "форум межрегиональный сотрудничество"])
def test_phrase(out, term):
    got = kwic(out, term)
    want = phrase_count(out, ["форум", "межрегиональный", "сотрудничество"])
    assert len(got) == want > 0
    assert all(r["match"].lower().startswith("форум") and r["match"].endswith("сотрудничества") for r in got)
    assert {r["lemma_or_id"] for r in got} == {"форум межрегиональный сотрудничество"}
    check_rows(out, got)


@pytest.mark.slow
def test_english_phrase(sample):
    got = kwic(sample, "Belt and Road")
    assert len(got) == phrase_count(sample, ["belt", "and", "road"]) > 0
    assert {r["match"] for r in got} == {"Belt and Road"}


@pytest.mark.slow
@pytest.mark.parametrize("window", [1, 3])
def test_window_counts_tokens(seed, window):
    tokens = [t for t in rows(seed, "tokens") if t["doc_id"] == SEED_ID]
    text = text_of(seed, SEED_ID)
    at = {int(t["start"]): i for i, t in enumerate(tokens)}
    for r in kwic(seed, "россия", window=window):
        i = at[r["start"]]
        before, after = tokens[max(i - window, 0)], tokens[min(i + window, len(tokens) - 1)]
        assert r["left"] == " ".join(text[int(before["start"]):r["start"]].split())
        assert r["right"] == " ".join(text[r["end"]:int(after["end"])].split())
        if window == 1:
            assert r["left"] == tokens[i - 1]["text"] and r["right"] == tokens[i + 1]["text"]


@pytest.mark.slow
@pytest.mark.parametrize("term", ["нетакогослова", "org/nothing-like-this", "---"])
def test_nothing_found(seed, term):
    assert kwic(seed, term) == []


@pytest.mark.slow
def test_write_kwic(seed, tmp_path):
    got = kwic(seed, "country/KZ")
    path = write_kwic(seed, "country/KZ", got)
    assert path == seed / "data" / "kwic_country_kz.csv"
    with open(path, encoding="utf-8", newline="") as f:
        back = list(csv.DictReader(f))
    assert back == [{k: str(v) for k, v in r.items()} for r in got]
    path.unlink()
    own = write_kwic(seed, "country/KZ", got, tmp_path / "sub" / "kz.csv")
    assert own.read_bytes() == write_kwic(seed, "x", got, tmp_path / "again.csv").read_bytes()
    assert not list(tmp_path.rglob("*.tmp"))


@pytest.mark.slow
def test_format_table_on_the_seed(seed):
    got = kwic(seed, "россия")
    lines = format_table(got).splitlines()[1:]
    assert len(lines) == len(got)
    assert match_columns(lines, got)


# ------------------------------------------------------------------ document and sentence of every line

@pytest.mark.slow
@pytest.mark.parametrize("term", ["россия", "России", "country/KZ", "форум межрегионального сотрудничества"])
def test_every_line_names_its_document_and_sentence(out, term):
    """sent_id is the sentences.csv row that holds the match; the terminal line and the CSV row say both."""
    got = kwic(out, term)
    assert got
    sentences = {(s["doc_id"], int(s["sent_id"])): s for s in rows(out, "sentences")}
    for r in got:
        sentence = sentences[r["doc_id"], r["sent_id"]]
        assert int(sentence["start"]) <= r["start"] < r["end"] <= int(sentence["end"])
    header, *lines = format_table(got, width=200).splitlines()
    assert header.split()[:2] == ["doc_id", "sent_id"]
    assert [line.split()[:2] for line in lines] == [[r["doc_id"], str(r["sent_id"])] for r in got]


@pytest.mark.slow
def test_the_command_prints_and_writes_document_and_sentence(seed, tmp_path):
    result = CliRunner().invoke(cli, ["kwic", "country/KZ", "--out", str(seed), "--csv", str(tmp_path / "kz.csv")])
    assert result.exit_code == 0, result.output
    header, *lines = result.stdout.splitlines()
    got = kwic(seed, "country/KZ")
    assert header.split()[:2] == ["doc_id", "sent_id"] and len(lines) == len(got)
    assert all(line.startswith(SEED_ID) and line.split()[1] == str(r["sent_id"]) for line, r in zip(lines, got))
    with open(tmp_path / "kz.csv", encoding="utf-8", newline="") as f:
        written = list(csv.DictReader(f))
    assert [(w["doc_id"], w["sent_id"]) for w in written] == [(r["doc_id"], str(r["sent_id"])) for r in got]
    assert f"{len(got)} occurrences" in result.stderr


# ------------------------------------------------------------------ nothing found

@pytest.mark.slow
@pytest.mark.parametrize("term, said", [
    ("нетакогослова", ["the lemma нетакогослова", "try the lemma or another form"]),
    ("Росия", ["the lemma росия", "close lemmas in this run: россия"]),                # a typo: the lemma is offered
    ("Казахстанн", ["close lemmas in this run: казахстан"]),
    ("форум фрумов сотрудничества", ["phrase «форум фрумов сотрудничества»", "not in this run at all: фрумов",
                                     "try fewer words"]),
    ("сотрудничество форум", ["no sentence has them in this order"]),
    ("country/kzz", ["the entity country/kzz", "did you mean country/KZ"]),
    ("org/nothing-like-this", ["the entity org/nothing-like-this"]),
    ("?!", ["no word to search for"]),
])
def test_nothing_found_says_so_in_one_line_and_exits_1(seed, term, said):
    result = CliRunner().invoke(cli, ["kwic", term, "--out", str(seed)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("nothing found: ")
    assert str(seed) in result.stderr or "no word" in result.stderr   # which run was searched
    for part in said:
        assert part in result.stderr
    assert not list((seed / "data").glob("kwic_*.csv"))                 # no empty table left behind
    assert nothing_found(seed, term) == result.stderr.strip()

"""Output that is safe to open and cannot be half-written: CSV injection, round-trips through pandas,
atomic commits, per-document limits, doc_ids that cannot leave the output folder."""

from __future__ import annotations

import csv
import subprocess
import sys
import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.batch.runner import run
from pipeline.core.errors import PipelineError
from pipeline.core.limits import Limits, memory_limit, time_limit
from pipeline.output.export import (
    FORMULA_START,
    RunWriter,
    plain_cell,
    safe_cell,
    safe_lines,
    write_table,
)

from .conftest import CORPORA, rows


@pytest.mark.parametrize("cell, expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+7 (381) 200-00-00", "'+7 (381) 200-00-00"),
    ("-", "'-"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"),
    ("\rcmd", "'\rcmd"),
    ("Омск", "Омск"),
    ("2024", "2024"),
    ("a=b", "a=b"),
    (12, 12),
    (-5, -5),
    ("", ""),
    ("'=already", "''=already"),
    ("'quoted", "'quoted"),
])
def test_formula_cells_are_neutralised(cell, expected):
    assert safe_cell(cell) == expected
    assert plain_cell(safe_cell(cell)) == cell if isinstance(cell, str) else True


@settings(max_examples=300, derandomize=True, database=None)
@given(st.text(alphabet=st.sampled_from("'=+-@\t\rаz1 \"\n"), max_size=8))
def test_plain_cell_undoes_safe_cell(text):
    assert plain_cell(safe_cell(text)) == text
    assert not safe_cell(text).startswith(FORMULA_START)


@settings(max_examples=200, derandomize=True, database=None)
@given(st.lists(st.tuples(st.text(alphabet=st.sampled_from("'=+-@\t\rаz1 \""), min_size=1, max_size=6),
                          st.text(alphabet=st.sampled_from("'=+-@аz"), max_size=4), st.booleans()), max_size=6),
       st.sampled_from(["d", "=cmd", "'-x"]), st.booleans())
def test_token_lines_are_the_safe_lines_of_token_rows(tokens, doc_id, raw):
    """tokens.csv is written by a fast path (token_lines) that must give exactly safe_lines' cells, long ones too."""
    from pipeline.core.schema import Document, Sentence, Token
    from pipeline.output.export import TABLES, token_lines, token_rows

    made = [Token(i, i + 1, text * (700 if long else 1), lemma, "X", {}) for i, (text, lemma, long) in enumerate(tokens)]
    doc = Document(doc_id, "x.txt", "txt", sentences=[Sentence(0, 9, "", "body", "ru", tokens=made)])
    assert list(token_lines(doc, raw)) == list(safe_lines(token_rows(doc), TABLES["tokens"], raw))


def file_rows(out, name):
    """The cells exactly as written in the file."""
    with open(out / "data" / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


ODD = ['He said "yes", then left', "line one\nline two", "«Ёлки», ; tab\there", "=1+2", "-минус", 'a""b', "\r\nx"]


@pytest.mark.parametrize("raw", [False, True])
def test_quotes_and_newlines_round_trip_through_pandas(tmp_path, raw):
    import pandas as pd
    path = tmp_path / "t.csv"
    write_table(path, ["n", "text"], [{"n": i, "text": t} for i, t in enumerate(ODD)], raw=raw)
    back = pd.read_csv(path, keep_default_na=False)["text"].tolist()
    assert back == [t if raw else safe_cell(t) for t in ODD]


def test_a_formula_in_a_document_is_neutralised_unless_raw(tmp_path, stages):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "doc.txt").write_text("=HYPERLINK(\"http://evil\") Омская область сотрудничает с Казахстаном.\n\n"
                                    "- Павлодар и Омск подписали соглашение в 2024 году.\n", encoding="utf-8")
    run(corpus, tmp_path / "safe", quiet=True, stages=stages)
    run(corpus, tmp_path / "raw", quiet=True, stages=stages, limits=Limits(raw_csv=True))
    safe = [r["text"] for r in file_rows(tmp_path / "safe", "sentences")]
    raw = [r["text"] for r in file_rows(tmp_path / "raw", "sentences")]
    assert safe[0].startswith("'=HYPERLINK") and raw[0].startswith("=HYPERLINK")
    assert all(not t.startswith(("=", "+", "-", "@")) for t in safe)
    assert [r["text"] for r in rows(tmp_path / "safe", "sentences")] == raw  # read back as the document has it
    assert [r["text"] for r in rows(tmp_path / "raw", "sentences")] == raw  # its manifest says raw: nothing undone
    assert any(r["text"] == "'-" for r in file_rows(tmp_path / "safe", "tokens"))


def test_an_interrupted_run_leaves_the_previous_output_intact(tmp_path, stages, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("ru_altai_mongolia.txt", "en_central_asia_corridors.txt", "ru_pavlodar_cp1251.txt"):
        (corpus / name).write_bytes((CORPORA / name).read_bytes())
    out = tmp_path / "out"
    run(corpus, out, quiet=True, stages=stages)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (corpus / "ru_altai_mongolia.txt").write_text("Новый текст об Омске и Павлодаре.\n", encoding="utf-8")
    calls = []

    def interrupted(self, doc):
        calls.append(doc)
        if len(calls) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(RunWriter, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run(corpus, out, quiet=True, stages=stages)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before  # nothing half-written, nothing staged left behind


def test_a_run_leaves_one_generation_and_links_to_it(tmp_path, stages):
    out = tmp_path / "out"
    for _ in range(2):
        run(CORPORA / "ru_pavlodar_cp1251.txt", out, quiet=True, stages=stages)
    assert (out / "manifest.json").is_file() and (out / "data" / "documents.csv").is_file()
    assert [p.name for p in (out / ".runs").iterdir()] == [(out / "current").resolve().name]
    assert (out / "data").resolve() == (out / "current" / "data").resolve()


@pytest.mark.parametrize("doc_id", ["../escape", "../../etc/passwd", "/etc/passwd", "a/../../b", "", ".", "a/", "a//b",
                                    "a/./b", "a/..", "nul\0byte"])
def test_no_doc_id_escapes_the_output_folder(tmp_path, doc_id):
    writer = RunWriter(tmp_path)
    try:
        with pytest.raises(ValueError):
            writer.text_path(doc_id)
    finally:
        writer.abandon()


@pytest.mark.parametrize("doc_id", ["paper", "2021/omsk/paper", "Пётр_и_Павел", "..hidden", "a..b", "report.v2"])
def test_a_doc_id_of_plain_names_is_a_file_under_text(tmp_path, doc_id):
    writer = RunWriter(tmp_path)
    try:
        path = writer.text_path(doc_id)
        assert path.resolve().is_relative_to((tmp_path / "text").resolve()) and path.name == doc_id.split("/")[-1] + ".txt"
    finally:
        writer.abandon()


class Slow:
    name = "slow"
    REQUIRES = ()
    ASSIGNS = ()

    def __call__(self, doc):
        if doc.doc_id == "slow":
            time.sleep(5)
        return doc


class Greedy(Slow):
    name = "greedy"

    def __call__(self, doc):
        if doc.doc_id == "greedy":
            raise MemoryError
        return doc


def test_a_document_over_the_time_or_memory_limit_fails_alone(tmp_path, stages):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("slow", "greedy", "fine"):
        (corpus / f"{name}.txt").write_text("Омская область и Казахстан.\n", encoding="utf-8")
    t = time.perf_counter()
    summary = run(corpus, tmp_path / "out", quiet=True, stages=[Slow(), Greedy()] + stages,
                  limits=Limits(timeout=1))
    assert time.perf_counter() - t < 5
    codes = {r["doc_id"]: r["code"] for r in rows(tmp_path / "out", "errors")}
    assert codes == {"slow": "E012", "greedy": "E013"}
    assert summary.failed == 2 and summary.documents == 3


def test_time_limit_raises_the_coded_error():
    with pytest.raises(PipelineError) as e, time_limit(0.2):
        time.sleep(2)
    assert e.value.code == "E012"


class _SlowFinaliser:
    def __del__(self):  # a timeout raised in here is only printed by Python ("Exception ignored in ...")
        time.sleep(0.6)


def _swallowed_then_busy():
    thing = _SlowFinaliser()
    del thing  # the limit passes inside __del__, as it did inside distributed's gc callback on a Dask worker
    end = time.perf_counter() + 3
    while time.perf_counter() < end:
        pass


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("in_thread", [False, True], ids=["main thread", "worker thread"])
def test_a_timeout_swallowed_where_it_fell_is_raised_again(in_thread):
    outcome = {}

    def block():
        try:
            with time_limit(0.3):
                _swallowed_then_busy()
            outcome["code"] = None
        except PipelineError as e:
            outcome["code"] = e.code

    if in_thread:
        thread = threading.Thread(target=block)
        thread.start()
        thread.join(10)
    else:
        block()
    assert outcome == {"code": "E012"}


def test_memory_limit_makes_an_allocation_fail():
    code = ("from pipeline.core.limits import limit_memory\nlimit_memory(50)\n"
            "try:\n    b = bytearray(500_000_000)\nexcept MemoryError:\n    print('refused')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "refused", result.stderr


def test_memory_limit_holds_for_a_block_of_this_process_only():
    import resource
    before = resource.getrlimit(resource.RLIMIT_DATA)
    with memory_limit(100):
        with pytest.raises(MemoryError):
            bytearray(1_000_000_000)
    assert resource.getrlimit(resource.RLIMIT_DATA) == before
    assert len(bytearray(200_000_000)) == 200_000_000

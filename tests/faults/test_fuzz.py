"""Issue 15, fuzzed: byte-flipped, truncated and spliced copies of a sample of every format and text encoding,
made with a fixed seed. Reading one gives a Document or a PipelineError, never another exception, and never
hangs; a mixed batch of them goes through `run` to the end, each file `ok` or with its error row."""

from __future__ import annotations

import io
import random
import shutil
import signal
import time
import zipfile
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import pytest

from pipeline.core.errors import PipelineError
from pipeline.core.schema import Document
from pipeline.ingest.readers import read_document

from ..conftest import CORPORA, rows
from .generate import DOCUMENT_XML, RU, with_member

PER_FORMAT = 300
SEED = 15
TEXT = RU * 4 + "Cross-border cooperation of Omsk Region and North Kazakhstan, 2024.\n"
TEXT_ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1251", "koi8-r"]
SECONDS_PER_FILE = 10  # far over what any of them takes: past it the reader hangs


def _docx() -> bytes:
    import docx

    d = docx.Document()
    d.core_properties.title = "Приграничное сотрудничество"
    d.add_heading("Введение", level=1)
    for line in TEXT.splitlines():
        d.add_paragraph(line)
    table = d.add_table(rows=2, cols=2)
    for i, cell in enumerate(c for row in table.rows for c in row.cells):
        cell.text = ["Омск", "Павлодар", "2023", "2024"][i]
    d.sections[0].header.paragraphs[0].text = "Вестник Омского университета"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _pdf() -> bytes:
    """Two pages of Cyrillic text in a font with Cyrillic letters (matplotlib's DejaVu Sans)."""
    import matplotlib
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("dejavu", fname=str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"))
    pdf.set_font("dejavu", size=11)
    pdf.set_title("Приграничное сотрудничество")
    for _ in range(2):
        pdf.add_page()
        pdf.multi_cell(0, 8, TEXT * 2)
    return bytes(pdf.output())


def _html() -> bytes:
    paragraphs = "".join(f"<p>{line} <sup>1</sup></p>" for line in TEXT.splitlines())
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Новости</title>"
            f"<meta name='author' content='Иванов И. И.'><script>var a = '<p>x</p>';</script></head>"
            f"<body><nav>Главная</nav><article><h1>Форум в Омске</h1>{paragraphs}"
            f"<table><tr><td>Омск</td><td>2024</td></tr></table></article></body></html>").encode("utf-8")


@lru_cache(maxsize=None)
def samples() -> dict[str, tuple[str, bytes]]:
    """{format name: (file suffix, good bytes)}."""
    out = {"docx": (".docx", _docx()), "pdf": (".pdf", _pdf()), "html": (".html", _html())}
    for encoding in TEXT_ENCODINGS:
        out[f"txt-{encoding}"] = (".txt", TEXT.encode(encoding))
    return out


def mutate(rng: random.Random, data: bytes, other: bytes) -> tuple[str, bytes]:
    """One damaged copy of `data`: a few bytes flipped, cut short, or its start joined to `other`'s end."""
    kind = rng.choice(["flip", "truncate", "splice"])
    if kind == "flip":
        out = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            out[rng.randrange(len(out))] ^= rng.randint(1, 255)
        return kind, bytes(out)
    if kind == "truncate":
        return kind, data[: rng.randrange(len(data))]
    return kind, data[: rng.randrange(len(data))] + other[rng.randrange(len(other)):]


def damaged(name: str, n: int, seed: int = SEED) -> list[tuple[str, str, bytes]]:
    """`n` damaged copies of the sample `name`: (what was done, suffix, bytes); the same every run. Any damage
    to a zip member fails its CRC, so `docx-xml` damages word/document.xml and zips it again: python-docx
    and lxml get to parse it."""
    rng = random.Random(f"{seed}-{name}")
    suffix, data = samples()[name if name != "docx-xml" else "docx"]
    if name == "docx-xml":
        xml = zipfile.ZipFile(io.BytesIO(data)).read(DOCUMENT_XML)
        return [(kind, suffix, with_member(data, out)) for kind, out in (mutate(rng, xml, xml) for _ in range(n))]
    others = [d for _, d in samples().values()]
    return [(kind, suffix, out) for kind, out in (mutate(rng, data, rng.choice(others)) for _ in range(n))]


class Hang(Exception):
    pass


@contextmanager
def deadline(seconds: int):
    def alarm(signum, frame):
        raise Hang(f"over {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("name", [*samples(), "docx-xml"])
def test_issue_15_fuzzed_files_are_read_or_refused(tmp_path, name):
    t0, failures, codes = time.perf_counter(), [], {}
    path = tmp_path / f"fuzzed{samples()[name.replace('-xml', '')][0]}"
    for i, (kind, _, data) in enumerate(damaged(name, PER_FORMAT)):
        path.write_bytes(data)
        try:
            with deadline(SECONDS_PER_FILE):
                doc = read_document("fuzzed", path)
            assert isinstance(doc, Document) and isinstance(doc.raw, str) and doc.raw.strip()
            codes["ok"] = codes.get("ok", 0) + 1
        except PipelineError as e:
            assert "\n" not in e.message and e.__context__ is None, (i, kind, e.message)
            codes[e.code] = codes.get(e.code, 0) + 1
        except Exception as e:  # noqa: BLE001 - what this test looks for
            failures.append(f"#{i} {kind}: {type(e).__name__}: {str(e)[:200]}")
    assert not failures, f"{len(failures)} of {PER_FORMAT} {name} files raised: " + "; ".join(failures[:5])
    if name != "docx":  # a copy damaged at the zip level fails its CRC: E006 every time
        assert len(codes) > 1, codes  # the damage was seen: not every copy read, not every copy refused alike
    assert time.perf_counter() - t0 < 60, codes


@pytest.mark.parametrize("name", list(samples()))
def test_issue_15_the_samples_are_read_whole(tmp_path, name):
    """The copies are damaged from good files: each sample reads, with no warning, as the text it holds."""
    suffix, data = samples()[name]
    (tmp_path / f"a{suffix}").write_bytes(data)
    doc = read_document("a", tmp_path / f"a{suffix}")
    assert "Северо-Казахстанская область" in " ".join(doc.raw.split()) and not doc.warnings


@pytest.mark.slow
def test_issue_15_a_fuzzed_batch_through_run(tmp_path, stages):
    from pipeline.batch.runner import run

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in [*samples(), "docx-xml"]:
        for i, (kind, suffix, data) in enumerate(damaged(name, 5 if name != "docx" else 1, seed=SEED + 1)):
            (corpus / f"{name}-{i}-{kind}{suffix}").write_bytes(data)
    for good in ("ru_altai_mongolia.txt", "ru_samara_news.html"):
        shutil.copy(CORPORA / good, corpus / good)
    files = sorted(p.name for p in corpus.iterdir())
    summary = run(corpus, tmp_path / "out", quiet=True, stages=stages)
    assert summary.documents == len(files) > 40
    docs = rows(tmp_path / "out", "documents")
    errors = [r for r in rows(tmp_path / "out", "errors") if r["level"] == "error"]
    assert sorted(Path(r["source_path"]).name for r in docs) == files
    for doc in docs:
        mine = [r["code"] for r in errors if r["doc_id"] == doc["doc_id"]]
        assert (doc["status"], len(mine)) in (("ok", 0), ("error", 1)), (doc, mine)
        if doc["status"] == "ok":
            assert (tmp_path / "out" / "text" / f"{doc['doc_id']}.txt").exists()
    assert {d["status"] for d in docs if d["source_path"].endswith(("ru_altai_mongolia.txt", "ru_samara_news.html"))} == {"ok"}

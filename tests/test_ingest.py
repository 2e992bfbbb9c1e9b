"""One reader per format and encoding; every unreadable input is a coded PipelineError."""


import docx
import pytest

from pipeline.core.errors import PipelineError
from pipeline.ingest.decoding import decode
from pipeline.ingest.discovery import discover
from pipeline.ingest.readers import read_document

from .conftest import CORPORA

RUSSIAN = ("Омская область является ключевым регионом в системе приграничного сотрудничества, "
           "имеющая общие границы с Павлодарской и Северо-Казахстанской областями Республики Казахстан.")


@pytest.mark.parametrize("data, encoding", [
    (RUSSIAN.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + RUSSIAN.encode("utf-8"), "utf-8-sig"),
    (RUSSIAN.encode("utf-16"), "utf-16"),
    (RUSSIAN.encode("utf-16-le"), "utf-16-le"),
    (RUSSIAN.encode("utf-16-be"), "utf-16-be"),
    (RUSSIAN.encode("cp1251"), "cp1251"),
    (RUSSIAN.encode("koi8-r"), "koi8-r"),
])
def test_decode(data, encoding):
    text, found = decode(data)
    assert text == RUSSIAN
    assert found == encoding


def _damaged(data: bytes, at: int, byte: int) -> bytes:
    return data[:at] + bytes([byte]) + data[at + 1:]


@pytest.mark.parametrize("data, encoding, codes", [
    (_damaged(RUSSIAN.encode("cp1251"), 40, 0x1B), "cp1251", ["W006"]),  # charset_normalizer calls an ESC binary
    (_damaged(RUSSIAN.encode("cp1251"), 40, 0x98), "cp1251", ["W005"]),  # a byte CP1251 leaves undefined
    (_damaged(_damaged(RUSSIAN.encode("koi8-r"), 40, 0x0C), 60, 0x1B), "koi8-r", ["W006"]),
    (b"\xef\xbb\xbf" + RUSSIAN.encode() + b"\n" + RUSSIAN.encode("cp1251") + b"\n" + RUSSIAN.encode(), "utf-8-sig+cp1251", ["W002"]),
], ids=["cp1251_with_escape", "cp1251_with_undefined_byte", "koi8r_with_controls", "utf8_bom_with_cp1251_line"])
def test_damaged_legacy_text_is_read(tmp_path, data, encoding, codes):
    (tmp_path / "a.txt").write_bytes(data)
    doc = read_document("a", tmp_path / "a.txt")
    assert doc.encoding == encoding
    assert [w[0] for w in doc.warnings] == codes
    assert "Северо-Казахстанской" in doc.raw


def test_text_file_records_encoding(tmp_path):
    path = tmp_path / "paper.txt"
    path.write_bytes(RUSSIAN.encode("cp1251"))
    doc = read_document("paper", path)
    assert (doc.raw, doc.encoding, doc.format) == (RUSSIAN, "cp1251", "txt")
    assert len(doc.sha256) == 64


def test_docx(tmp_path):
    d = docx.Document()
    d.core_properties.title = "Приграничное сотрудничество"
    d.add_heading("Введение", level=1)
    d.add_paragraph(RUSSIAN)
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Омск", "Павлодар"
    d.save(tmp_path / "a.docx")
    doc = read_document("a", tmp_path / "a.docx")
    assert doc.raw == f"Введение\n\n{RUSSIAN}\n\nОмск | Павлодар"
    assert doc.file_meta.title == "Приграничное сотрудничество"


def test_html(tmp_path):
    (tmp_path / "a.html").write_text(
        "<html><head><meta charset='utf-8'><title>Новости</title><script>var x = 'Омск';</script></head>"
        "<body><nav>Главная | Контакты</nav><article><h1>Форум в Омске</h1><p>Первый <b>абзац</b>.</p>"
        "<p>Второй абзац.</p></article><footer>© 2024</footer></body></html>", encoding="utf-8")
    doc = read_document("a", tmp_path / "a.html")
    assert doc.raw == "Форум в Омске\n\nПервый абзац .\n\nВторой абзац." or doc.raw == "Форум в Омске\n\nПервый абзац.\n\nВторой абзац."
    assert doc.file_meta.title == "Новости"


def test_pdf_from_sample_corpus():
    pdfs = sorted(CORPORA.glob("*.pdf"))
    assert pdfs, "the sample corpus has a PDF"
    doc = read_document("p", pdfs[0])
    assert doc.format == "pdf" and doc.encoding == "pdf-text-layer"
    assert doc.raw.count("\f") >= 2  # page boundaries kept for the cleaner
    assert "области" in doc.raw  # Cyrillic comes out as Cyrillic


@pytest.mark.parametrize("name, data, code", [
    ("a.xyz", b"whatever", "E001"),
    ("a.txt", b"", "E007"),
    ("a.txt", b"  \n\n \t ", "E007"),
    ("a.txt", bytes(range(256)) * 8, "E008"),
    ("a.pdf", b"%PDF-1.4 this is not really a pdf", "E004"),
    ("a.docx", b"PK\x03\x04 truncated", "E006"),
])
def test_unreadable_inputs_are_coded_errors(tmp_path, name, data, code):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(PipelineError) as e:
        read_document("a", tmp_path / name)
    assert e.value.code == code and e.value.hint


def test_discover_ids(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ["sub/paper1.txt", "b.txt", "b.pdf", ".hidden.txt", "c.md"]:
        (tmp_path / name).write_text("x")
    assert [i for i, _ in discover(tmp_path)] == ["b.pdf", "b.txt", "c", "sub/paper1"]


@pytest.mark.parametrize("layout", [
    {},                                        # an empty folder
    {".hidden.txt": "x", "~$paper.docx": "x"},  # only what discover passes over
    {"out/data/documents.csv": "x"},           # only the output folder, excluded
    {"paper.txt": "x"},
    {"a/b/c/paper.txt": "x"},
    {"a/.git/config": "x", "a/b/": None},      # hidden folders and empty ones
])
def test_has_files_says_what_discover_finds(tmp_path, layout):
    from pipeline.ingest.discovery import has_files

    for name, text in layout.items():
        path = tmp_path / name
        if text is None:
            path.mkdir(parents=True, exist_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    out = tmp_path / "out"
    assert has_files(tmp_path, exclude=out) == bool(discover(tmp_path, exclude=out))
    if layout:
        assert has_files(tmp_path / next(iter(layout))) == (layout[next(iter(layout))] is not None)


def test_has_files_counts_a_link_it_would_report(tmp_path):
    from pipeline.ingest.discovery import has_files

    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "link").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert has_files(tmp_path / "corpus") == bool(discover(tmp_path / "corpus")) is True

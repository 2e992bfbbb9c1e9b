"""Bad input of every kind a corpus gathered from the web and from colleagues holds, written next to good
documents. `make_faults(folder)` writes them and returns {relative path: expected code} — an error code
(`E…`), a warning code (`W…`: the document is analysed and the row says what to check), or None for
input the pipeline reads as it is."""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import struct
import zipfile
from pathlib import Path

from pipeline.ingest.docids import display_path

CORPORA = Path(__file__).resolve().parent.parent.parent / "corpora"
GOOD = ["ru_altai_mongolia.txt", "en_central_asia_corridors.txt", "ru_samara_news.html"]

RU = ("Омская область и Северо-Казахстанская область подписали соглашение о приграничном сотрудничестве "
      "22 октября 2024 г. Губернатор посетил Петропавловск.\n")


def _pdf(text: str | None, encrypt: bool = False) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    if text:
        pdf.set_font("helvetica", size=12)
        pdf.multi_cell(0, 10, text)
    else:  # a scan: a drawing and no text layer
        pdf.rect(20, 20, 100, 60, style="F")
    if encrypt:
        pdf.set_encryption(owner_password="owner", user_password="secret")
    return bytes(pdf.output())


def _docx(text: str) -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _zip_bomb(good_docx: bytes) -> bytes:
    """A DOCX whose document.xml inflates to 2 GB of spaces from a few MB."""
    src = zipfile.ZipFile(io.BytesIO(good_docx))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            if item.filename == "word/document.xml":
                with out.open(item.filename, "w", force_zip64=True) as f:
                    chunk = b" " * (1 << 24)
                    for _ in range(128):
                        f.write(chunk)
            else:
                out.writestr(item, src.read(item.filename))
    return buf.getvalue()


DOCUMENT_XML = "word/document.xml"
W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%s;" % (b"" if i == 2 else b"%d" % (i - 1)) * 10)
                             for i in range(2, 10))
                  + b"]><w:document " + W_NS + b"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>")
DEEP_XML = (b'<?xml version="1.0"?><w:document ' + W_NS + b"><w:body>" + b"<w:sdt><w:sdtContent>" * 5000
            + b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" + b"</w:sdtContent></w:sdt>" * 5000 + b"</w:body></w:document>")


def _member(data: bytes, name: str) -> tuple[zipfile.ZipInfo, int]:
    """A zip member's entry and where its compressed bytes start."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    n, m = struct.unpack("<HH", data[info.header_offset + 26: info.header_offset + 30])
    return info, info.header_offset + 30 + n + m


def flip_in_member(data: bytes, at: int = 0, name: str = DOCUMENT_XML) -> bytes:
    """A DOCX with one byte of `name`'s deflated data flipped (at the block header: a zlib.error; further on
    mostly a CRC error)."""
    info, start = _member(data, name)
    out = bytearray(data)
    out[start + at % info.compress_size] ^= 0x55
    return bytes(out)


def _central_entry(data: bytes, name: str) -> int:
    i = data.find(b"PK\x01\x02")
    while data[i + 46: i + 46 + struct.unpack("<H", data[i + 28: i + 30])[0]] != name.encode():
        i = data.find(b"PK\x01\x02", i + 4)
    return i


def encrypted_member(data: bytes, name: str = DOCUMENT_XML) -> bytes:
    """A DOCX whose `name` is flagged as encrypted (zipfile: RuntimeError, password required)."""
    info, _ = _member(data, name)
    out = bytearray(data)
    out[info.header_offset + 6] |= 1
    out[_central_entry(data, name) + 8] |= 1
    return bytes(out)


def unsupported_method(data: bytes, name: str = DOCUMENT_XML) -> bytes:
    """A DOCX whose `name` is compressed with method 99, WinZip's AES (zipfile: NotImplementedError)."""
    info, _ = _member(data, name)
    out = bytearray(data)
    out[info.header_offset + 8: info.header_offset + 10] = struct.pack("<H", 99)
    entry = _central_entry(data, name)
    out[entry + 10: entry + 12] = struct.pack("<H", 99)
    return bytes(out)


def with_member(data: bytes, content: bytes, name: str = DOCUMENT_XML) -> bytes:
    """A DOCX with `name` replaced by `content` (well-formed or not)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item.filename, content if item.filename == name else src.read(item.filename))
    return buf.getvalue()


def missing_page_pdf(text: str) -> bytes:
    """A PDF whose page list names a second page that is not in the file: it opens, and pdfium fails on
    that page while the pages are read."""
    data = _pdf(text)
    data = re.sub(rb"/Kids \[([^\]]*)\]", lambda m: b"/Kids [" + m.group(1) + b" 99 0 R]", data)
    return data.replace(b"/Count 1", b"/Count 2")


CP1251_NAME = os.fsdecode("Статья.txt".encode("cp1251"))  # a name from a zip made on Windows
CP866_NAME = os.fsdecode("Доклад.txt".encode("cp866"))  # ... or made under DOS
LONG_NAME = "я" * 125 + ".txt"  # 254 bytes: legal, but `text/<stem>.txt` must be cut


def _issue_15(put, folder: Path, good_docx: bytes) -> dict[str, str]:
    """Damage a reader raised on beyond its own errors, names that collided or broke an output path, and two
    links that point at each other (returned: `put` writes files only)."""
    put("flipped_byte.docx", flip_in_member(good_docx), "E006")
    put("encrypted_entry.docx", encrypted_member(good_docx), "E006")
    put("aes_entry.docx", unsupported_method(good_docx), "E006")
    put("billion_laughs.docx", with_member(good_docx, BILLION_LAUGHS), "E006")
    put("deeply_nested.docx", with_member(good_docx, DEEP_XML), "E006")
    put("missing_page.pdf", missing_page_pdf("Cross-border cooperation of Omsk Region. " * 20), "E004")
    put("bom_cp1251_line.txt", b"\xef\xbb\xbf" + RU.replace("Омская", "Томская").encode("utf-8") * 3
        + RU.replace("Омская", "Томская").encode("cp1251") + RU.encode("utf-8"), "W002")
    put("same.txt", RU.replace("Омская", "Иркутская"), None)  # same.txt, same.md, same.txt.txt, Same.txt:
    put("same.md", RU.replace("Омская", "Читинская"), None)  # four documents, four ids
    put("same.txt.txt", RU.replace("Омская", "Амурская"), None)
    put("Same.txt", RU.replace("Омская", "Тверская"), None)
    put(LONG_NAME, RU.replace("Омская", "Ярославская"), None)
    put("line\nbreak.txt", RU.replace("Омская", "Мурманская"), None)
    os.symlink("loop_b.txt", folder / "loop_a.txt")  # two links that point at each other
    os.symlink("loop_a.txt", folder / "loop_b.txt")
    return {"loop_a.txt": "E011", "loop_b.txt": "E011"}


def make_faults(folder: Path, big_mb: int = 100) -> dict[str, str | None]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name in GOOD:
        shutil.copy(CORPORA / name, folder / name)
    rng = random.Random(7)
    expected: dict[str, str | None] = {}

    def put(name: str, data: bytes | str, code: str | None) -> Path:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expected[display_path(name)] = code  # as source_path shows it: `line\nbreak.txt`
        return path

    put("binary.txt", bytes(rng.randrange(256) for _ in range(20000)), "E008")
    put("empty.txt", b"", "E007")
    put("whitespace.txt", " \n\t\n \r\n" * 100, "E007")
    with open(folder / "huge.txt", "wb") as f:  # over the size limit: refused before it is read
        line = (RU * 20).encode("utf-8")
        for _ in range(big_mb * (1 << 20) // len(line) + 1):
            f.write(line)
    expected["huge.txt"] = "E009"
    put("long_line.txt", RU + "а" * (5 << 20) + "\n" + RU, "W003")
    put("invalid_utf8.txt", RU.encode("utf-8") + b"\xff\xfe\xc3\x28 \xa0\xa1" + RU.encode("utf-8"), "W005")
    put("mixed_encodings.txt", RU.encode("utf-8") * 3 + RU.encode("cp1251") * 3, "W002")
    put("utf16_no_bom.txt", (RU.replace("Губернатор", "Аким") * 3).encode("utf-16-le"), None)
    put("encrypted.pdf", _pdf("Cross-border cooperation of Omsk Region.", encrypt=True), "E004")
    put("corrupt.pdf", b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(5000)), "E004")
    put("scanned.pdf", _pdf(None), "E005")
    good_docx = _docx(RU * 3)
    put("truncated.docx", good_docx[: len(good_docx) // 2], "E006")
    put("bomb.docx", _zip_bomb(good_docx), "E010")
    put("scripts_only.html", "<html><head><script>var a = 1;</script></head><body><script>document.write('x')"
                             "</script><noscript></noscript></body></html>", "E007")
    (folder / "loop").mkdir()
    os.symlink("..", folder / "loop" / "up")  # a folder that contains itself
    expected["loop/up"] = "E011"
    outside = folder.parent / f"{folder.name}-outside.txt"
    outside.write_text(RU, encoding="utf-8")
    os.symlink(outside, folder / "link_out.txt")
    expected["link_out.txt"] = "E011"
    locked = put("unreadable.txt", RU.replace("Омская", "Тюменская"), "E002" if os.geteuid() else None)
    locked.chmod(0)
    (folder / "folder.txt").mkdir()  # a directory named like a file
    (folder / "folder.txt" / "inner.txt").write_text(RU.replace("Омская", "Новосибирская"), encoding="utf-8")
    expected["folder.txt/inner.txt"] = None
    put("ru_altai_mongolia_copy.txt", (CORPORA / "ru_altai_mongolia.txt").read_bytes(), "W001")
    put("kazakh.txt", "Омбы облысы мен Солтүстік Қазақстан облысы шекаралық ынтымақтастық туралы келісімге қол қойды. "
                      "Әкім Петропавлда кездесу өткізді.\n" * 5, "W004")
    put("chinese.txt", "鄂木斯克州与北哈萨克斯坦州签署了跨境合作协议。州长访问了彼得罗巴甫尔。\n" * 5, "W004")
    put("control_chars.txt", RU.replace("Губернатор", "Министр").replace(" ", " \x00", 3).replace("область", "об\x07ласть", 1) + "\x1b[31m" + RU, "W006")
    put("Статья о сотрудничестве 2024.txt", RU.replace("Омская", "Алтайский край и") * 2, None)
    put("vanishes.txt", RU.replace("Омская", "Курганская"), "E002")  # the test deletes it once the run has listed it
    put("no_extension", RU, "E001")
    put("slides.pptx", b"PK\x03\x04 not really", "E001")
    put("bidi_and_bom.txt", "\ufeff\u202eОмская область\u202c сотрудничает с Казахстаном с 2024 г.\n" * 3, None)
    put("heading_only.md", "# Заголовок\n\n" + RU.replace("2024", "2023"), None)
    expected.update(_issue_15(put, folder, good_docx))
    put("~$lockfile.docx", b"\x00\x01", None)  # an Office lock file: passed over, no row
    expected.pop("~$lockfile.docx")
    return expected

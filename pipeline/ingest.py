"""Files → Documents: discovery, doc ids, one reader per format, encoding detection."""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

from .errors import PipelineError
from .schema import Document

TEXT_SUFFIXES = {".txt", ".md"}
READERS = {}  # suffix -> reader, filled by @reader


def reader(*suffixes):
    def register(fn):
        for suffix in suffixes:
            READERS[suffix] = fn
        return fn
    return register


# ---------------------------------------------------------------- discovery

def discover(corpus: Path, exclude: Path | None = None) -> list[tuple[str, Path]]:
    """(doc_id, path) for every visible file under `corpus`, in a stable order.

    doc_id is the path relative to the corpus without its extension; the extension is kept
    only where two files would otherwise get the same id. Hidden files, Office lock files
    (`~$paper.docx`) and the `exclude` folder (an output folder inside the corpus) are passed over.
    """
    corpus = Path(corpus)
    if corpus.is_file():
        paths, root = [corpus], corpus.parent
    else:
        root = corpus
        skip = exclude.resolve() if exclude else None
        paths = sorted(
            p for p in corpus.rglob("*")
            if p.is_file()
            and not any(part.startswith((".", "~$")) for part in p.relative_to(corpus).parts)
            and not (skip and p.resolve().is_relative_to(skip))
        )
    stems: dict[str, int] = {}
    for p in paths:
        stem = p.relative_to(root).with_suffix("").as_posix()
        stems[stem] = stems.get(stem, 0) + 1
    out = []
    for p in paths:
        rel = p.relative_to(root)
        stem = rel.with_suffix("").as_posix()
        out.append((stem if stems[stem] == 1 else rel.as_posix(), p))
    return out


def read_document(doc_id: str, path: Path) -> Document:
    """Read one file into a Document; raises PipelineError with a user-facing message."""
    suffix = path.suffix.lower()
    doc = Document(doc_id=doc_id, source_path=str(path), format=suffix.lstrip(".") or "none")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise PipelineError("E002", reason=e.strerror or str(e)) from None
    doc.sha256 = hashlib.sha256(data).hexdigest()
    read = READERS.get(suffix)
    if read is None:
        raise PipelineError("E001", ext=suffix or "(none)")
    read(doc, data)
    if not doc.raw.strip():
        raise PipelineError("E007")
    return doc


# ---------------------------------------------------------------- plain text

BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# Encodings a Russian/English corpus really contains, most likely first.
CANDIDATES = ["utf_8", "cp1251", "koi8_r", "cp866", "mac_cyrillic", "iso8859_5", "cp1252"]


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding name as recorded in documents.csv)."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return data.decode(name), name
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise PipelineError("E008")
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=CANDIDATES[1:]).best()
    if best is None:
        raise PipelineError("E003", tried=", ".join(CANDIDATES))
    name = codecs.lookup(best.encoding).name
    return data.decode(name), name


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: in Latin or Cyrillic text every other byte is 0x00 or 0x04."""
    sample = data[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    half = len(sample) // 2

    def high(part: bytes) -> float:
        return (part.count(0) + part.count(4)) / half

    even, odd = high(sample[0::2]), high(sample[1::2])
    if odd > 0.6 and even < 0.1:
        name = "utf-16-le"
    elif even > 0.6 and odd < 0.1:
        name = "utf-16-be"
    else:
        return None
    try:
        data.decode(name)
    except UnicodeDecodeError:
        return None
    return name


@reader(".txt", ".md")
def read_text(doc: Document, data: bytes) -> None:
    doc.raw, doc.encoding = decode(data)
    if "\x00" in doc.raw:
        raise PipelineError("E008")


# ---------------------------------------------------------------- PDF

@reader(".pdf")
def read_pdf(doc: Document, data: bytes) -> None:
    """Text layer of every page; pages joined by form feeds so the cleaner sees page boundaries."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        raise PipelineError("E004", reason=str(e)) from None
    try:
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            # pdfium marks a hyphen at a line end as U+FFFE and drops the line break (word break or
            # compound alike): restore both, and let the cleaner decide with its dictionary
            text = text.replace("\ufffe", "-\n").replace("\x02", "-\n")
            pages.append(text.replace("\r\n", "\n").replace("\r", "\n"))
            textpage.close()
            page.close()
        meta = pdf.get_metadata_dict()
    finally:
        pdf.close()
    if pages and sum(len(p.strip()) for p in pages) < 20 * len(pages):
        raise PipelineError("E005")
    doc.raw = "\f".join(pages)
    doc.encoding = "pdf-text-layer"
    doc.meta = {"title": meta.get("Title", "").strip(), "authors": meta.get("Author", "").strip()}


# ---------------------------------------------------------------- DOCX

@reader(".docx")
def read_docx(doc: Document, data: bytes) -> None:
    import io
    import zipfile

    import docx
    import docx.table

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise PipelineError("E006", reason=str(e) or type(e).__name__) from None
    parts = []
    for block in document.iter_inner_content():  # paragraphs and tables in document order
        if isinstance(block, docx.table.Table):
            parts.extend(" | ".join(cell.text.strip() for cell in row.cells) for row in block.rows)
        else:
            parts.append(block.text)
    doc.raw = "\n\n".join(p.strip() for p in parts if p.strip())
    doc.encoding = "docx"
    props = document.core_properties
    doc.meta = {"title": (props.title or "").strip(), "authors": (props.author or "").strip()}


# ---------------------------------------------------------------- HTML

HTML_DROP = ["script", "style", "noscript", "nav", "footer", "header", "aside", "form", "template", "svg"]
HTML_BLOCKS = [
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "blockquote", "pre", "dd", "dt",
    "figcaption", "caption",
]


@reader(".html", ".htm")
def read_html(doc: Document, data: bytes) -> None:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "lxml")
    doc.encoding = (soup.original_encoding or "utf-8").lower()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup(HTML_DROP):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    parts = []
    for el in root.find_all(HTML_BLOCKS):
        if el.find(HTML_BLOCKS):
            continue  # its innermost blocks are taken one by one
        text = " ".join(el.get_text(" ").split())
        if text:
            parts.append(text)
    if not parts:
        parts = [line.strip() for line in root.get_text("\n").splitlines() if line.strip()]
    doc.raw = "\n\n".join(parts)
    doc.meta = {"title": title, "authors": _html_author(soup)}


def _html_author(soup) -> str:
    tag = soup.find("meta", attrs={"name": re.compile("^(author|citation_author)$", re.I)})
    return tag.get("content", "").strip() if tag else ""

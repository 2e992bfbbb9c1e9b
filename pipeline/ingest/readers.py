"""Files → Documents: one reader per format behind one guard (`read_document`)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..core.errors import PipelineError, one_line, warning
from ..core.schema import Document, FileMeta
from .decoding import CANDIDATES, decode, remove_controls
from .docids import display_path

READERS = {}  # suffix -> reader, filled by @reader


def reader(*suffixes):
    def register(fn):
        for suffix in suffixes:
            READERS[suffix] = fn
        return fn
    return register


MAX_MB = 50  # a paper is rarely over 5 MB of text or 30 MB of PDF
LONG_RUN = 1000  # characters without a space: longer runs are data (base64, hashes), not words


def read_document(doc_id: str, path: Path, max_mb: float = MAX_MB, data: bytes | OSError | None = None) -> Document:
    """Read one file into a Document; raises PipelineError with a user-facing message, whatever the file
    holds (see `_read_guarded`). With `data`, those are the file's bytes (a cluster's worker gets them from
    the client) and `path` only names it: nothing is read from the disk."""
    suffix = path.suffix.lower()
    doc = Document(doc_id=doc_id, source_path=display_path(path), format=suffix.lstrip(".") or "none")
    read = READERS.get(suffix)
    if read is None:
        raise PipelineError("E001", ext=one_line(suffix) or "(none)")
    try:
        if isinstance(data, OSError):  # the worker could not read the path it was sent
            raise data
        size = path.stat().st_size if data is None else len(data)
        if size > max_mb * 1e6:
            raise PipelineError("E009", size=f"{size / 1e6:,.0f}", limit=f"{max_mb:g}")
        if data is None:
            data = path.read_bytes()
    except OSError as e:
        raise PipelineError("E002", reason=one_line(e.strerror or str(e))) from None
    doc.sha256 = hashlib.sha256(data).hexdigest()
    _read_guarded(read, doc, data, suffix)
    if not doc.raw.strip():
        raise PipelineError("E007")
    return doc


# the code for a file of this format that its reader could not read
UNREADABLE = {".pdf": "E004", ".docx": "E006", ".txt": "E003", ".md": "E003", ".html": "E014", ".htm": "E014"}


def _read_guarded(read, doc: Document, data: bytes, suffix: str) -> None:
    """One isolation boundary per file: whatever a reader raises on a damaged file (zlib.error from a
    flipped byte, lxml's XMLSyntaxError, pypdfium2's PdfiumError on a page, NotImplementedError for a zip
    method, RecursionError...) becomes the format's PipelineError, and the batch goes on. The error keeps
    only a one-line `Type: message`, not the exception: lxml's error log in it cannot be pickled to the
    main process, and its traceback would hold the file's data. MemoryError passes: the runner makes it E013."""
    try:
        read(doc, data)
        doc.raw = cut_long_runs(doc)
        return
    except MemoryError:
        raise
    except PipelineError as e:
        err = e
    except Exception as e:  # RecursionError included
        err = unreadable(suffix, e)
    err.__context__ = err.__cause__ = err.__traceback__ = None
    raise err


def unreadable(suffix: str, e: Exception) -> PipelineError:
    """The PipelineError of the format of `suffix` for what its reader raised, in one line."""
    name = type(e).__name__
    name = f"{type(e).__module__}.{name}" if name == "error" else name  # zlib.error, not `error`
    reason = one_line(f"{name}: {e}" if str(e) else name)
    code = UNREADABLE.get(suffix, "E002")
    if code == "E003":
        return PipelineError(code, tried=f"{', '.join(CANDIDATES)}; {reason}")
    return PipelineError(code, reason=reason)


_LONG_RUN = re.compile(r"\S{%d,}" % (LONG_RUN + 1))


def cut_long_runs(doc: Document) -> str:
    """Runs of more than LONG_RUN characters without a space cut to LONG_RUN, with a W003 warning: a 5 MB
    'word' is encoded data, and the tokenizer and tagger would spend minutes on it."""
    n = 0

    def cut(m):
        nonlocal n
        n += 1
        return m.group()[:LONG_RUN]

    text = _LONG_RUN.sub(cut, doc.raw)
    if n:
        doc.warnings.append(warning("W003", n=n, limit=LONG_RUN))
    return text


# ---------------------------------------------------------------- plain text

@reader(".txt", ".md")
def read_text(doc: Document, data: bytes) -> None:
    text, doc.encoding = decode(data, doc.warnings)
    doc.raw = remove_controls(text, doc.warnings)


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
    doc.file_meta = FileMeta(title=meta.get("Title", "").strip(), authors=meta.get("Author", "").strip())


# ---------------------------------------------------------------- DOCX

MAX_UNPACKED_MB = 200  # a DOCX of a paper unpacks to a few MB; images included, rarely 100


@reader(".docx")
def read_docx(doc: Document, data: bytes) -> None:
    import io
    import zipfile

    import docx
    import docx.table

    try:
        unpacked = sum(item.file_size for item in zipfile.ZipFile(io.BytesIO(data)).infolist())
        if unpacked > MAX_UNPACKED_MB * 1e6:
            raise PipelineError("E010", size=f"{unpacked / 1e6:,.0f}")
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError) as e:
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
    headers = [p.text.strip() for section in document.sections for part in (section.header, section.first_page_header)
               for p in part.paragraphs if p.text.strip()]  # the journal line is often only in Word's page header
    doc.file_meta = FileMeta(title=(props.title or "").strip(), authors=(props.author or "").strip(),
                             headers=list(dict.fromkeys(headers)))


# ---------------------------------------------------------------- HTML

HTML_DROP = ["script", "style", "noscript", "nav", "footer", "header", "aside", "form", "template", "svg"]
HTML_BLOCKS = [
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "blockquote", "pre", "dd", "dt",
    "figcaption", "caption", "div",
]
SUPERSCRIPT = str.maketrans("0123456789*", "⁰¹²³⁴⁵⁶⁷⁸⁹*")


@reader(".html", ".htm")
def read_html(doc: Document, data: bytes) -> None:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "lxml")
    doc.encoding = (soup.original_encoding or "utf-8").lower()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup(HTML_DROP):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    for sup in root.find_all("sup"):  # `Цыренова С. Б.<sup>1</sup>`: an affiliation marker stays a marker
        sup.replace_with(sup.get_text().strip().translate(SUPERSCRIPT))
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
    doc.file_meta = FileMeta(title=title, authors=_html_author(soup))


def _html_author(soup) -> str:
    tag = soup.find("meta", attrs={"name": re.compile("^(author|citation_author)$", re.I)})
    return tag.get("content", "").strip() if tag else ""

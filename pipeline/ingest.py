"""Files → Documents: discovery, doc ids, one reader per format, encoding detection."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from pathlib import Path

from .errors import PipelineError, warning
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

class Found(tuple):
    """(doc_id, path) of a discovered file; `problem` is the PipelineError that keeps it from being read
    (a link out of the corpus, a link loop, not a regular file), reported without reading it."""

    problem: PipelineError | None

    def __new__(cls, doc_id: str, path: Path, problem: PipelineError | None = None):
        found = super().__new__(cls, (doc_id, path))
        found.problem = problem
        return found


def _skipped(name: str) -> bool:
    return name.startswith((".", "~$"))


def discover(corpus: Path, exclude: Path | None = None, follow_symlinks: bool = False) -> list[Found]:
    """(doc_id, path) for every visible file under `corpus`, in a stable order.

    doc_id is the path relative to the corpus without its extension; the extension is kept
    only where two files would otherwise get the same id. Hidden files, Office lock files
    (`~$paper.docx`) and the `exclude` folder (an output folder inside the corpus) are passed over.
    Symbolic links are not followed out of the corpus, nor into folders, unless `follow_symlinks`;
    such a link, a link loop and anything that is not a regular file come with a `problem`.
    """
    corpus = Path(corpus)
    if corpus.is_file():
        entries, root = [(corpus, None)], corpus.parent
    else:
        root = corpus
        entries = sorted(_walk(corpus, exclude.resolve() if exclude else None, follow_symlinks),
                         key=lambda e: e[0].relative_to(root).as_posix())
    stems: dict[str, int] = {}
    for p, _ in entries:
        stem = p.relative_to(root).with_suffix("").as_posix()
        stems[stem] = stems.get(stem, 0) + 1
    out = []
    for p, problem in entries:
        rel = p.relative_to(root)
        stem = rel.with_suffix("").as_posix()
        out.append(Found(stem if stems[stem] == 1 else rel.as_posix(), p, problem))
    return out


def _walk(corpus: Path, skip: Path | None, follow_symlinks: bool):
    """(path, problem or None) for every visible file under `corpus`, and for each link not followed."""
    top = corpus.resolve()
    seen = set()
    for folder, dirs, names in os.walk(corpus, followlinks=follow_symlinks):
        folder = Path(folder)
        real = folder.resolve()
        st = os.stat(folder)
        if (st.st_dev, st.st_ino) in seen or (folder != corpus and real in (top, *top.parents)):
            yield folder, PipelineError("E011", reason="a link loop: this folder contains itself")
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        if skip and real.is_relative_to(skip):
            dirs[:] = []
            continue
        for d in list(dirs):
            path = folder / d
            if _skipped(d) or (skip and path.resolve().is_relative_to(skip)):
                dirs.remove(d)
            elif path.is_symlink() and not follow_symlinks:
                yield path, PipelineError("E011", reason="a link to a folder, not followed")
        dirs.sort()  # the first of two ways into one folder is the one walked: the same one every run
        for name in names:
            if not _skipped(name):
                yield folder / name, _file_problem(folder / name, top, follow_symlinks)


def _file_problem(path: Path, top: Path, follow_symlinks: bool) -> PipelineError | None:
    """Why `path` is reported without being read: a broken link, a link out of the corpus, not a file."""
    if path.is_symlink():
        target = path.resolve()
        if not target.exists():
            return PipelineError("E002", reason="a link to a file that does not exist")
        if not follow_symlinks and not target.is_relative_to(top):
            return PipelineError("E011", reason=f"a link out of the corpus (to {target})")
    if not path.is_file() and path.exists():
        return PipelineError("E002", reason="not a regular file (a pipe, socket or device)")
    return None


MAX_MB = 50  # a paper is rarely over 5 MB of text or 30 MB of PDF
LONG_RUN = 1000  # characters without a space: longer runs are data (base64, hashes), not words


def read_document(doc_id: str, path: Path, max_mb: float = MAX_MB) -> Document:
    """Read one file into a Document; raises PipelineError with a user-facing message."""
    suffix = path.suffix.lower()
    doc = Document(doc_id=doc_id, source_path=str(path), format=suffix.lstrip(".") or "none")
    read = READERS.get(suffix)
    if read is None:
        raise PipelineError("E001", ext=suffix or "(none)")
    try:
        size = path.stat().st_size
        if size > max_mb * 1e6:
            raise PipelineError("E009", size=f"{size / 1e6:,.0f}", limit=f"{max_mb:g}")
        data = path.read_bytes()
    except OSError as e:
        raise PipelineError("E002", reason=e.strerror or str(e)) from None
    doc.sha256 = hashlib.sha256(data).hexdigest()
    read(doc, data)
    doc.raw = cut_long_runs(doc)
    if not doc.raw.strip():
        raise PipelineError("E007")
    return doc


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

BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# Encodings a Russian/English corpus really contains, most likely first.
CANDIDATES = ["utf_8", "cp1251", "koi8_r", "cp866", "mac_cyrillic", "iso8859_5", "cp1252"]


def decode(data: bytes, warnings: list | None = None) -> tuple[str, str]:
    """Bytes → (text, encoding name as recorded in documents.csv). Text that is UTF-8 but for some lines
    (pasted from a CP1251 file, or damaged) keeps its UTF-8 lines and reads the others in the encoding
    they fit best, with a W002 warning in `warnings`."""
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

    lines = data.split(b"\n")
    bad = {i for i, line in enumerate(lines) if not _is_utf8(line)}
    mixed = any(i not in bad and not line.isascii() for i, line in enumerate(lines))  # real UTF-8 beside the rest
    if mixed and len(bad) <= len(lines) // 2 and warnings is not None:  # mostly UTF-8: decode line by line
        best = from_bytes(b"\n".join(lines[i] for i in sorted(bad)), cp_isolation=CANDIDATES[1:]).best()
        name = codecs.lookup(best.encoding).name if best else "cp1251"
        text = "\n".join(line.decode(name, errors="replace") if i in bad else line.decode("utf-8")
                         for i, line in enumerate(lines))
        warnings.append(warning("W002", lines=len(bad), total=len(lines), encoding=name))
        return text, f"utf-8+{name}"
    best = from_bytes(data, cp_isolation=CANDIDATES[1:]).best()
    if best is None:
        raise PipelineError("E003", tried=", ".join(CANDIDATES))
    name = codecs.lookup(best.encoding).name
    return data.decode(name), name


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


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
    doc.raw, doc.encoding = decode(data, doc.warnings)
    if doc.raw.count("\x00") > len(doc.raw) / 100:  # a few stray NULs are damage; many are a binary file
        raise PipelineError("E008")
    doc.raw = doc.raw.replace("\x00", "")  # the cleaner takes out the other control characters


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
    doc.meta = {"title": (props.title or "").strip(), "authors": (props.author or "").strip(),
                "headers": list(dict.fromkeys(headers))}


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
    doc.meta = {"title": title, "authors": _html_author(soup)}


def _html_author(soup) -> str:
    tag = soup.find("meta", attrs={"name": re.compile("^(author|citation_author)$", re.I)})
    return tag.get("content", "").strip() if tag else ""

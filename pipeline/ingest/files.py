"""Files → Documents: discovery, doc ids, one reader per format, encoding detection."""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
from pathlib import Path

from ..core.errors import PipelineError, one_line, warning
from ..core.schema import Document
from .docids import display_path, doc_ids

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
    (a link out of the corpus, a link loop, a folder that cannot be listed, not a regular file), reported
    without reading it."""

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
    only where two files would otherwise get the same id, and docids.doc_ids makes every id printable,
    unique (casefolded) and short enough for a file name. Hidden files, Office lock files
    (`~$paper.docx`) and the `exclude` folder (an output folder inside the corpus) are passed over.
    Symbolic links are not followed out of the corpus, nor into folders, unless `follow_symlinks`;
    such a link, a link loop, a folder that cannot be listed and anything that is not a regular file
    come with a `problem`.
    """
    corpus = Path(corpus)
    if corpus.is_file():
        entries, root = [(corpus, None, True)], corpus.parent
    else:
        root = corpus
        entries = sorted(_walk(corpus, exclude.resolve() if exclude else None, follow_symlinks),
                         key=lambda e: _relative(e[0], root))
    ids = doc_ids([(_relative(path, root), is_file) for path, _, is_file in entries])
    return [Found(doc_id, path, problem) for doc_id, (path, problem, _) in zip(ids, entries)]


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path != root else root.name


def _walk(corpus: Path, skip: Path | None, follow_symlinks: bool):
    """(path, problem or None, is it a file) for every visible file under `corpus`, for each link not
    followed and for each folder that cannot be listed (os.walk passes over those without a word)."""
    top = corpus.resolve()
    seen = set()
    unlisted: list[OSError] = []
    for folder, dirs, names in os.walk(corpus, followlinks=follow_symlinks, onerror=unlisted.append):
        folder = Path(folder)
        problem = _folder_problem(folder, corpus, top, seen)
        if problem:
            yield folder, problem, False
            dirs[:] = []
            continue
        real = folder.resolve()
        if skip and real.is_relative_to(skip):
            dirs[:] = []
            continue
        for d in list(dirs):
            path = folder / d
            if _skipped(d) or (skip and _inside(path, skip)):
                dirs.remove(d)
            elif path.is_symlink() and not follow_symlinks:
                yield path, PipelineError("E011", reason="a link to a folder, not followed"), False
        dirs.sort()  # the first of two ways into one folder is the one walked: the same one every run
        for name in names:
            if not _skipped(name):
                yield folder / name, _file_problem(folder / name, top, follow_symlinks), True
    for e in unlisted:
        reason = one_line(f"this folder cannot be listed: {e.strerror or type(e).__name__}")
        yield Path(e.filename), PipelineError("E002", reason=reason), False


def _folder_problem(folder: Path, corpus: Path, top: Path, seen: set) -> PipelineError | None:
    """A folder reached twice (a link loop), or gone or locked since its parent was listed."""
    try:
        real = folder.resolve(strict=True)
        st = os.stat(folder)
    except (OSError, RuntimeError) as e:
        return _link_error(e)
    if (st.st_dev, st.st_ino) in seen or (folder != corpus and real in (top, *top.parents)):
        return PipelineError("E011", reason="a link loop: this folder contains itself")
    seen.add((st.st_dev, st.st_ino))
    return None


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve(strict=True).is_relative_to(folder)
    except (OSError, RuntimeError):
        return False


def _file_problem(path: Path, top: Path, follow_symlinks: bool) -> PipelineError | None:
    """Why `path` is reported without being read: a broken link, a link loop, a link out of the corpus, not
    a file."""
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError) as e:
            return _link_error(e)
        if not follow_symlinks and not target.is_relative_to(top):
            return PipelineError("E011", reason=one_line(f"a link out of the corpus (to {display_path(target)})"))
    if not path.is_file() and path.exists():
        return PipelineError("E002", reason="not a regular file (a pipe, socket or device)")
    return None


def _link_error(e: Exception) -> PipelineError:
    """Path.resolve's error as a row: Python 3.11 raises RuntimeError for a loop of links, 3.13 OSError(ELOOP)."""
    if isinstance(e, RuntimeError) or getattr(e, "errno", None) == errno.ELOOP:
        return PipelineError("E011", reason="a link loop: the link leads back to itself")
    if isinstance(e, FileNotFoundError):
        return PipelineError("E002", reason="a link to a file that does not exist")
    return PipelineError("E002", reason=one_line(e.strerror or type(e).__name__))


MAX_MB = 50  # a paper is rarely over 5 MB of text or 30 MB of PDF
LONG_RUN = 1000  # characters without a space: longer runs are data (base64, hashes), not words


def read_document(doc_id: str, path: Path, max_mb: float = MAX_MB) -> Document:
    """Read one file into a Document; raises PipelineError with a user-facing message, whatever the file
    holds (see `_read_guarded`)."""
    suffix = path.suffix.lower()
    doc = Document(doc_id=doc_id, source_path=display_path(path), format=suffix.lstrip(".") or "none")
    read = READERS.get(suffix)
    if read is None:
        raise PipelineError("E001", ext=one_line(suffix) or "(none)")
    try:
        size = path.stat().st_size
        if size > max_mb * 1e6:
            raise PipelineError("E009", size=f"{size / 1e6:,.0f}", limit=f"{max_mb:g}")
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
    (pasted from a CP1251 file) keeps its UTF-8 lines and reads the others in the encoding they fit best,
    with a W002 warning; a few damaged bytes in UTF-8 or UTF-16 become U+FFFD, with a W005 warning. Both
    go to `warnings`."""
    warnings = [] if warnings is None else warnings
    for bom, name in BOMS:
        if data.startswith(bom):
            if name == "utf-8-sig":  # a BOM says nothing about a pasted CP1251 line: as without one
                text, found = _decode_utf8(data[len(bom):], warnings)
                return text, found.replace("utf-8", "utf-8-sig", 1)
            return _replacing(data, name, warnings), name
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _replacing(data, utf16, warnings), utf16
    return _decode_utf8(data, warnings)


def _decode_utf8(data: bytes, warnings: list) -> tuple[str, str]:
    """UTF-8, line by line where some lines are not; a legacy encoding where the file gives no sign of UTF-8."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _binary(data.decode("latin-1")):
        raise PipelineError("E008")
    lines = data.split(b"\n")
    bad = {i for i, line in enumerate(lines) if not _is_utf8(line)}
    damaged = {i for i in bad if _damaged_utf8(lines[i])}
    legacy = bad - damaged
    utf8 = damaged or any(i not in bad and not line.isascii() for i, line in enumerate(lines))
    if utf8 and len(legacy) <= len(lines) // 2:
        name = _legacy_encoding(b"\n".join(lines[i] for i in sorted(legacy))) if legacy else ""
        text = "\n".join(line.decode(name, errors="replace") if i in legacy else
                         _replacing(line, "utf-8", None) for i, line in enumerate(lines))
        if legacy:
            warnings.append(warning("W002", lines=len(legacy), total=len(lines), encoding=name))
        if damaged:
            warnings.append(warning("W005", n=sum(_replaced(lines[i], "utf-8") for i in damaged), encoding="utf-8"))
        return text, "utf-8+" + name if legacy else "utf-8"
    name = _legacy_encoding(data, strict=True)
    return _replacing(data, name, warnings), name


# bytes charset_normalizer must not see: C0 controls make it call the text binary, and one byte that CP1251
# (0x98) or CP1252 leave undefined rules that encoding out, when in a damaged file it is one byte of many
UNDETECTABLE = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F, 0x81, 0x8D, 0x8F, 0x90, 0x98, 0x9D])


# charset_normalizer's chaos limits, the second tried only when the first finds nothing: it drops an encoding
# when one chunk is over the limit, and a few damaged bytes in one chunk of a KOI8-R text are enough
CHAOS_LIMITS = (0.2, 0.35)


def _legacy_encoding(data: bytes, strict: bool = False) -> str:
    """The candidate encoding `data` reads best in (charset_normalizer); CP1251 for a few lines it cannot tell."""
    from charset_normalizer import from_bytes

    best = None
    for limit in CHAOS_LIMITS:
        best = best or from_bytes(data.translate(None, UNDETECTABLE), cp_isolation=CANDIDATES[1:], threshold=limit).best()
    if best is None and strict:
        raise PipelineError("E003", tried=", ".join(CANDIDATES))
    return codecs.lookup(best.encoding).name if best else "cp1251"


def _damaged_utf8(line: bytes) -> bool:
    """A UTF-8 line with a few broken bytes, not a line in another encoding: more valid non-ASCII characters
    than invalid bytes (a CP1251 or KOI8-R line is nearly all invalid bytes as UTF-8)."""
    valid = sum(1 for c in line.decode("utf-8", errors="ignore") if not c.isascii())
    return valid >= _replaced(line, "utf-8") > 0


def _replaced(data: bytes, encoding: str) -> int:
    """How many U+FFFD decoding with replacement puts in: those that were in the file as text do not count."""
    return data.decode(encoding, errors="replace").count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd")


def _replacing(data: bytes, encoding: str, warnings: list | None) -> str:
    """`data` decoded, a damaged byte sequence as U+FFFD, with a W005 warning counting them."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        pass
    if warnings is not None:
        warnings.append(warning("W005", n=_replaced(data, encoding), encoding=encoding))
    return data.decode(encoding, errors="replace")


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: in Latin or Cyrillic text every other byte is 0x00 or 0x04."""
    sample = data[:4000]
    sample = sample[: len(sample) // 2 * 2]  # a file cut short has an odd number of bytes
    if len(sample) < 4:
        return None
    half = len(sample) // 2

    def high(part: bytes) -> float:
        return (part.count(0) + part.count(4)) / half

    even, odd = high(sample[0::2]), high(sample[1::2])
    if odd > 0.6 and even < 0.1:
        return "utf-16-le"
    if even > 0.6 and odd < 0.1:
        return "utf-16-be"
    return None


# control characters that are not text: C0 but tab, line feed, form feed and carriage return; DEL; C1
CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # a terminal colour code as one
C0 = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
BINARY_NUL_SHARE = 0.01
BINARY_CONTROL_SHARE = 0.05  # random bytes have 11 % of C0 controls; a text, a few in a thousand at most


def _binary(text: str) -> bool:
    """Many NULs or control characters: a binary file, not damaged text. `text` may be bytes read as Latin-1."""
    controls = len(text) - len(C0.sub("", text))
    return text.count("\x00") > len(text) * BINARY_NUL_SHARE or controls > len(text) * BINARY_CONTROL_SHARE


def remove_controls(text: str, warnings: list) -> str:
    """`text` without the control characters a text file should not hold (a few NULs of damage, a bell, a
    terminal's colour codes), with a W006 warning counting them; E008 if there are so many it is binary."""
    if _binary(text):
        raise PipelineError("E008")
    text, n = CONTROL.subn("", text)
    if n:
        warnings.append(warning("W006", n=n))
    return text


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

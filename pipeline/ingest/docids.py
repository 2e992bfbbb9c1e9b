"""File names → doc_ids: whatever bytes a file system allows in a name, the id is printable UTF-8, unique
(also where a disk folds case), no path component of `text/<doc_id>.txt` is over 255 bytes, and the same
corpus gives the same ids every run."""

from __future__ import annotations

import hashlib
import os
import unicodedata
from pathlib import PurePosixPath

MAX_COMPONENT = 200  # UTF-8 bytes of one id component; with `~` + 8 hex, a collision hash and `.txt` under 255
LEGACY_NAME_ENCODINGS = ["cp1251", "cp866"]  # a zip from Windows names files in the OEM or ANSI code page
ESCAPED_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}  # controls, bidi marks, lone surrogates, line separators


def display_path(path) -> str:
    """`path` as the user is shown it (documents.csv, errors.csv, the terminal): bytes of a name that are not
    UTF-8 as `\\xNN`, since Python's surrogate escapes for them cannot be written as UTF-8; a line break or a
    right-to-left override in a name as `\\n`, `\\u202e`, so the path stays on its line and reads as it is."""
    text = _raw(os.fspath(path)).decode("utf-8", "backslashreplace")
    return "".join(c.encode("unicode_escape").decode("ascii") if unicodedata.category(c) in ESCAPED_CATEGORIES
                   else c for c in text)


def doc_ids(entries: list[tuple[str, bool]]) -> list[str]:
    """One id per (relative path in POSIX form, is it a file), in the order given.

    A file's id is its path without the extension, or with it where two stems would collide; compared
    casefolded, since a Mac or Windows disk holds `A.txt` and `a.txt` as one file. Where that still collides
    (`a.txt` beside `a.txt.txt`), each colliding id gets `~` and a hash of its relative path.
    """
    full = [_clean_path(rel) for rel, _ in entries]
    stems = [_without_suffix(name) if is_file else name for name, (_, is_file) in zip(full, entries)]
    count: dict[str, int] = {}
    for stem in stems:
        count[stem.casefold()] = count.get(stem.casefold(), 0) + 1
    ids = [_shorten_path(stem if count[stem.casefold()] == 1 else name) for stem, name in zip(stems, full)]
    return _unique(ids, [rel for rel, _ in entries])


def _unique(ids: list[str], rels: list[str]) -> list[str]:
    """`ids` with a hash of the relative path added to each one that collides casefolded; a longer hash on the
    rare round where a hashed id meets another id."""
    base = list(ids)
    for width in (6, 10, 16, 64):
        seen: dict[str, int] = {}
        for i in ids:
            seen[i.casefold()] = seen.get(i.casefold(), 0) + 1
        clashing = [n for n, i in enumerate(ids) if seen[i.casefold()] > 1]
        if not clashing:
            break
        for n in clashing:
            ids[n] = f"{base[n]}~{_hash(_raw(rels[n]))[:width]}"
    return ids


def _clean_path(rel: str) -> str:
    return "/".join(clean_name(part) for part in rel.split("/"))


def clean_name(name: str) -> str:
    """One file or folder name as printable UTF-8. A name that is not UTF-8 is read as CP1251 or CP866 where
    that gives Cyrillic letters only (the one with more of them; CP1251 on a tie), else each byte that is not
    UTF-8 becomes `%XX`; so do control and format characters (a line break, a right-to-left override)."""
    raw = _raw(name)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = _legacy_name(raw) or _escape_bytes(raw)
    text = "".join(_escape(c) if unicodedata.category(c) in ESCAPED_CATEGORIES else c for c in text)
    return text.replace(".", "%2E") if text in (".", "..") else text


def _raw(name: str) -> bytes:
    """The bytes the file system holds for `name` (undoing Python's surrogate escapes)."""
    try:
        return os.fsencode(name)
    except UnicodeEncodeError:  # a lone surrogate that no file system gave
        return name.encode("utf-8", "surrogatepass")


def _legacy_name(raw: bytes) -> str | None:
    best, best_letters = None, 0
    for encoding in LEGACY_NAME_ENCODINGS:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        foreign = [c for c in text if not c.isascii()]
        if foreign and all(_cyrillic_letter(c) for c in foreign) and len(foreign) > best_letters:
            best, best_letters = text, len(foreign)
    return best


def _cyrillic_letter(c: str) -> bool:
    return c.isalpha() and unicodedata.name(c, "").startswith("CYRILLIC")


def _escape_bytes(raw: bytes) -> str:
    text = raw.decode("utf-8", "surrogateescape")
    return "".join(f"%{ord(c) - 0xDC00:02X}" if "\udc80" <= c <= "\udcff" else c for c in text)


def _escape(c: str) -> str:
    return "".join(f"%{b:02X}" for b in c.encode("utf-8", "surrogatepass"))


def _without_suffix(name: str) -> str:
    path = PurePosixPath(name)
    return path.with_suffix("").as_posix() if path.suffix else name


def _shorten_path(doc_id: str) -> str:
    return "/".join(shorten(part) for part in doc_id.split("/"))


def shorten(part: str, limit: int = MAX_COMPONENT) -> str:
    """`part` cut to `limit` UTF-8 bytes on a character boundary, with `~` and a hash of the whole `part`:
    a legal 255-byte name plus `.txt` would be over the file system's limit of 255 bytes."""
    data = part.encode("utf-8")
    if len(data) <= limit:
        return part
    return data[:limit].decode("utf-8", "ignore") + "~" + _hash(data)[:8]


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

"""Bytes → text: BOMs, UTF-16 without a BOM, UTF-8 with pasted legacy lines, charset-normalizer for
CP1251/KOI8-R/…, and control characters a text file should not hold."""

from __future__ import annotations

import codecs
import re

from ..core.errors import PipelineError, warning

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

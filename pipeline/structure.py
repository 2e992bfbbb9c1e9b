"""Paragraphs of the cleaned text, their section (from headings) and their language."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

from .resources import section_names
from .schema import Document, Paragraph

REFERENCE_NUMBER = re.compile(r"^\[?\d{1,3}[.)\]]\s")
FRONT_MATTER_LINE = 200  # front matter (title, byline, dateline, journal line) is made of short paragraphs
NUMBERING = re.compile(r"^(?:#+\s*|(?:\d+(?:\.\d+)*|[IVXLC]+)[.)]?\s+)")
MAX_HEADING = 60


def heading(line: str) -> tuple[str, bool] | None:
    """(section key, inline) if `line` is a section heading, else None.

    `Введение`, `1. Introduction`, `РЕЗУЛЬТАТЫ И ОБСУЖДЕНИЯ`, `## References:` are headings;
    `Ключевые слова: регион, граница` is an inline one (heading and content in one paragraph).
    """
    names, inline, _ = section_names()
    s = NUMBERING.sub("", line.strip())
    if len(s) <= MAX_HEADING:
        key = names.get(" ".join(s.rstrip(":.").split()).lower())
        if key:
            return key, False
    head, sep, rest = s.partition(":")
    if sep and rest.strip():
        key = names.get(" ".join(head.split()).lower())
        if key in inline:
            return key, True
    return None


# ------------------------------------------------------------------ language

# Letters of Cyrillic alphabets that Russian does not use (Kazakh, Ukrainian, Belarusian, Kyrgyz, Tatar...).
NON_RUSSIAN_CYRILLIC = set("әғқңөұүһіїєґўҗҙҫӘҒҚҢӨҰҮҺІЇЄҐЎҖҘҪ")
ENGLISH_FUNCTION_WORDS = set(
    "the of and to in a is that for on with as by are was be this it from at or an which have has "
    "their its were been not between such also these".split()
)
# Function words of other languages written in Latin script: a paragraph is 'other' only on evidence.
OTHER_FUNCTION_WORDS = set(
    "der die das und ist nicht mit den von zu sich auf für eine einer "  # German
    "le la les et est une des du dans pour que qui sur pas avec "  # French
    "el los las y es una del en por con para que se "  # Spanish
    "il di che non per della sono "  # Italian
    "i w na nie jest się z do że "  # Polish
    "jäne men bul üşin bolyp osy da de "  # Kazakh (Latin)
    .split()
) - ENGLISH_FUNCTION_WORDS


SHORT = 8  # Latin-script paragraphs of fewer words are titles, names, keywords: their context decides


def language(text: str) -> str:
    """'ru', 'en' or 'other' for a paragraph, from its script and, for Latin script, its function words."""
    cyr = lat = other = non_ru = 0
    for ch in text:
        if not ch.isalpha():
            continue
        if ch in NON_RUSSIAN_CYRILLIC:
            non_ru += 1
            cyr += 1
            continue
        name = unicodedata.name(ch, "")
        if name.startswith("CYRILLIC"):
            cyr += 1
        elif name.startswith("LATIN"):
            lat += 1
        else:
            other += 1
    letters = cyr + lat + other
    if letters == 0:
        return "other"
    if other > 0.5 * letters:
        return "other"
    if cyr >= lat:
        return "other" if non_ru >= max(2, 0.01 * cyr) else "ru"
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < SHORT:
        return "en"  # too short to tell by function words; Structure lets the context decide
    english = sum(w in ENGLISH_FUNCTION_WORDS for w in words)
    other = sum(w in OTHER_FUNCTION_WORDS for w in words)
    return "other" if other > english and other >= 0.08 * len(words) else "en"


# ------------------------------------------------------------------ lookups for later stages

def paragraph_runs(doc: Document, lang: str):
    """Maximal runs of consecutive paragraphs in `lang`, as (start, end) offsets of the cleaned text."""
    run = None
    for p in doc.paragraphs:
        if p.lang == lang:
            run = (run[0], p.end) if run else (p.start, p.end)
        elif run:
            yield run
            run = None
    if run:
        yield run


def paragraph_lookup(doc: Document):
    """offset → the paragraph that contains it (or the last one before it)."""
    starts = [p.start for p in doc.paragraphs]

    def paragraph_at(offset: int) -> Paragraph | None:
        i = bisect_right(starts, offset) - 1
        return doc.paragraphs[i] if i >= 0 else None

    return paragraph_at


def section_lookup(doc: Document):
    """offset → section of the paragraph that contains it."""
    paragraph_at = paragraph_lookup(doc)

    def section_at(offset: int) -> str:
        p = paragraph_at(offset)
        return p.section if p else ""

    return section_at


# ------------------------------------------------------------------ stage

class Structure:
    """Splits the cleaned text into paragraphs; assigns each its section and language."""

    name = "structure"
    REQUIRES = ("text",)
    ASSIGNS = ("paragraphs",)

    def __call__(self, doc: Document) -> Document:
        _, _, one_paragraph = section_names()
        paragraphs, section = [], "front"
        numbered = False  # are the entries of the reference list numbered?
        for m in re.finditer(r"[^\n]+", doc.text):
            found = heading(m.group())
            if section == "front" and not found and len(m.group()) >= FRONT_MATTER_LINE:
                section = "body"  # no heading yet, but this is text, not a title block
            if section == "references" and not found:
                entry = bool(REFERENCE_NUMBER.match(m.group()))
                if (numbered and not entry) or not re.search(r"\d", m.group()):
                    section = "front"  # the list is over: a second title block (the English one) follows
                numbered = numbered or entry
            key = section
            if found:
                key = found[0]
                if key not in one_paragraph:
                    section = key
            is_heading = bool(found and not found[1])
            paragraphs.append(Paragraph(m.start(), m.end(), key, language(m.group()), is_heading))
        _languages_from_context(paragraphs, doc.text)
        doc.paragraphs = paragraphs
        return doc


def _languages_from_context(paragraphs: list[Paragraph], text: str) -> None:
    """A short Latin-script paragraph (an English title over a Russian article, a name) takes the
    language of the next paragraph that is long enough to tell, or else of the previous one."""
    def short(p):
        return p.lang == "en" and len(re.findall(r"[A-Za-z]+", text[p.start:p.end])) < SHORT

    decided = [None if short(p) else p.lang for p in paragraphs]
    for i, p in enumerate(paragraphs):
        if decided[i] is None:
            after = next((lang for lang in decided[i + 1:] if lang), None)
            before = next((lang for lang in reversed(decided[:i]) if lang), None)
            p.lang = after or before or p.lang

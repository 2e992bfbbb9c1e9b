"""In-text citations: bracketed (`[Волох, Питраков, 2015, с. 155]`, `[Концепция …, 2020]`, `[Заседание …, www]`,
`[12, с. 5]`, `[3–5]`) and author–year parentheses (`(Smith 2015; Smith & Jones, 2015, p. 5)`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.text import YEAR

NAME = r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі'’]+(?:-[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі'’]+)?"  # Kazakh letters too
INITIALS = r"(?:[A-ZА-ЯЁ][a-zа-яё]?\.\s?){1,3}"
AUTHOR = re.compile(rf"(?:{INITIALS}\s*)?{NAME}(?:\s+{INITIALS})?|et al\.?|и др\.?")
AUTHOR_SEPARATORS = re.compile(r"\s*(?:,|&|\band\b|\bи\b)\s*")
BRACKET = re.compile(r"\[([^\[\]]{1,400})\]")
PAREN = re.compile(r"\(([^()]{4,400})\)")
PAGES = re.compile(r"(?:\b[сСcpP]p?\.|\bpp\.|\bС\.|\bстр\.)\s*([\dIVXLC]+(?:\s*[–—-]\s*\d+)?)")
NUMERIC = re.compile(r"\s*\d+(?:\s*[–—-]\s*\d+)?(?:\s*,\s*\d+(?:\s*[–—-]\s*\d+)?)*(?:\s*,\s*(?:[сСcpP]p?\.|стр\.)\s*[\d–—-]+)?\s*")
WEB = re.compile(r"\bwww\b|https?://|\bURL\b|[Ээ]лектронный ресурс", re.I)


@dataclass
class Citation:
    start: int
    end: int
    text: str
    kind: str  # work / web / numeric
    authors: list[str] = field(default_factory=list)
    author_spans: list[tuple[int, int]] = field(default_factory=list)
    title: str = ""
    year: str = ""
    pages: str = ""
    numbers: list[int] = field(default_factory=list)
    ref_id: str = ""
    sent_id: int = 0


def _authors(names: str, offset: int) -> list[tuple[int, int]] | None:
    """Offsets of each author in `Волох, Питраков` / `Smith & Jones`, or None if any item is not a name."""
    spans, p = [], 0
    for piece in AUTHOR_SEPARATORS.split(names):
        i = names.find(piece, p)
        p = i + len(piece)
        if not piece:
            continue
        if not AUTHOR.fullmatch(piece):
            return None
        if not piece.startswith(("et al", "и др")):
            spans.append((offset + i, offset + i + len(piece)))
    return spans or None


def parse_item(text: str, start: int, end: int, bracketed: bool) -> Citation | None:
    """One citation (`Волох, Питраков, 2015, с. 155`) found at text[start:end]."""
    item = text[start:end]
    lead = len(item) - len(item.lstrip())
    body = item.strip()
    if not body:
        return None
    s, e = start + lead, start + lead + len(body)
    if bracketed and NUMERIC.fullmatch(body):
        numbers = []
        for a, b in re.findall(r"(\d+)(?:\s*[–—-]\s*(\d+))?", re.sub(r"(?:[сСcpP]p?\.|стр\.).*$", "", body)):
            lo, hi = int(a), int(b or a)
            numbers.extend(range(lo, min(hi, lo + 200) + 1) if lo <= hi else (lo, hi))  # `[5–3]`: both, not none
        pages = PAGES.search(body)
        return Citation(s, e, body, "numeric", numbers=numbers, pages=pages.group(1) if pages else "")
    year = re.search(rf"(?:,\s*|\s+|^){YEAR}[a-zа-я]?(?=\s*(?:,|$|\s*[сСpP]p?\.))", body)
    web = WEB.search(body)
    if not year and not (bracketed and web):
        return None
    cut = min(m.start() for m in (year, web) if m)
    lead_part = body[:cut].rstrip(" ,")
    pages = PAGES.search(body)
    c = Citation(s, e, body, "web" if web else "work", year=year.group().lstrip(",").strip() if year else "",
                 pages=pages.group(1).replace(" ", "") if pages else "")
    spans = _authors(lead_part, s) if lead_part else None
    if spans:
        c.author_spans = spans
        c.authors = [text[a:b] for a, b in spans]
    elif bracketed or web or re.fullmatch(r"(?:[A-ZА-ЯЁ][\w'’-]*\s?){1,6}", lead_part):
        c.title = lead_part  # a title, or a corporate author: (Eurasian Transport Observatory, 2022)
    else:
        return None  # `(Interview 7, Almaty, 14 June 2022)`: a parenthesis, not a citation
    return c


def find_citations(text: str) -> list[Citation]:
    """Every citation in the text, in order; a bracket or parenthesis with `;` gives one row per item."""
    found = []
    for pattern, bracketed in ((BRACKET, True), (PAREN, False)):
        for m in pattern.finditer(text):
            items, pos = [], m.start(1)
            for part in m.group(1).split(";"):
                c = parse_item(text, pos, pos + len(part), bracketed)
                pos += len(part) + 1
                if c:
                    items.append(c)
            if len(items) == 1 and m.group(1).count(";") == 0:  # a single citation: the row is the whole bracket
                items[0].start, items[0].end, items[0].text = m.start(), m.end(), m.group()
            found.extend(items)
    found.sort(key=lambda c: c.start)
    return found


class Citations:
    """Finds the in-text citations (outside the reference list, which references.py reads)."""

    name = "citations"
    REQUIRES = ("text", "paragraphs")
    ASSIGNS = ("citations",)

    def __call__(self, doc):
        from .structure import section_lookup

        section_at = section_lookup(doc)
        doc.citations = [c for c in find_citations(doc.text) if section_at(c.start) != "references"]
        return doc

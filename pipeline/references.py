"""The reference list (Список литературы / Литература / References) parsed into authors, year and title,
and the in-text citations linked to its entries by `ref_id`.

GOST style: `1. Иванов И.И., Петров П.П. Название // Журнал. 2019. № 3. С. 10–20.`
APA style: `Smith, J. R., & Jones, M. E. (2015). Title. Journal, 7(1), 1–20.`
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .citations import INITIALS, NAME, YEAR
from .roles import skeleton
from .schema import Document

NUMBER = re.compile(r"^\s*\[?(\d{1,3})[.)\]]\s+")
GOST_AUTHOR = re.compile(rf"({NAME})\s+{INITIALS}")
GOST_AUTHORS = re.compile(rf"^(?:{NAME}\s+{INITIALS}(?:,\s*|\s+(?=[А-ЯA-Z«\"])|$))+")
APA_AUTHOR = re.compile(rf"({NAME}),\s+{INITIALS}")
APA_CORPORATE = re.compile(rf"^([A-ZА-ЯЁ][^.()]{{2,120}})\.\s*\(({YEAR})\)\.\s*")
APA_AUTHORS = re.compile(rf"^(?:(?:&\s*)?{NAME},\s+{INITIALS}\s*,?\s*)+(?:&\s*{NAME},\s+{INITIALS}\s*)?\(({YEAR})\)\.?\s*")


@dataclass
class Reference:
    ref_id: str
    text: str
    authors: list[str] = field(default_factory=list)
    year: str = ""
    title: str = ""
    start: int = 0
    end: int = 0


def parse_reference(text: str, ref_id: str) -> Reference:
    ref = Reference(ref_id, text)
    body = NUMBER.sub("", text).strip()
    apa = APA_AUTHORS.match(body)
    if apa:
        ref.authors = [m.group(1) for m in APA_AUTHOR.finditer(body[:apa.end()])]
        ref.year = apa.group(1)
        ref.title = re.split(r"(?<=[.?!])\s+(?=[A-ZА-ЯЁ])", body[apa.end():], maxsplit=1)[0].rstrip(" .")
        return ref
    corporate = APA_CORPORATE.match(body)
    if corporate:
        ref.authors, ref.year = [corporate.group(1)], corporate.group(2)
        ref.title = re.split(r"(?<=[.?!])\s+(?=[A-ZА-ЯЁ])", body[corporate.end():], maxsplit=1)[0].rstrip(" .")
        return ref
    gost = GOST_AUTHORS.match(body)
    rest = body
    if gost:
        ref.authors = [m.group(1) for m in GOST_AUTHOR.finditer(gost.group())]
        rest = body[gost.end():]
    # the title ends at `//` (the journal follows), at `[Электронный ресурс]`, or before `Город:` / `М.:` / `URL`
    title = re.split(r"\s//\s", rest)[0] if re.search(r"\s//\s", rest) else \
        re.split(r"\[[^\]]*\]|\.\s+(?=[A-ZА-ЯЁ][\w.-]*\s*:|URL|\d)", rest)[0]
    ref.title = title.strip(" .–—")
    year = re.search(rf"(?<![\d./]){YEAR}(?![\d/])", rest[len(title):]) or re.search(rf"(?<![\d./]){YEAR}(?![\d/])", body)
    ref.year = year.group()[:4] if year else ""
    return ref


def _key(words: str, n: int = 3) -> str:
    return " ".join(re.findall(r"\w+", words.lower().replace("ё", "е"))[:n])


class References:
    name = "references"
    REQUIRES = ("paragraphs", "citations")
    ASSIGNS = ("references",)

    def __call__(self, doc: Document) -> Document:
        refs = []
        for p in doc.paragraphs:
            if p.section != "references" or p.heading:
                continue
            text = doc.text[p.start:p.end]
            number = NUMBER.match(text)
            ref = parse_reference(text, f"r{number.group(1) if number else len(refs) + 1}")
            ref.start, ref.end = p.start, p.end
            refs.append(ref)
        doc.references = refs
        if refs:
            self.link(doc)
        return doc

    @staticmethod
    def link(doc: Document) -> None:
        by_id = {r.ref_id: r for r in doc.references}
        for c in doc.citations:
            if c.kind == "numeric":
                ids = [f"r{n}" for n in c.numbers if f"r{n}" in by_id]
                c.ref_id = ";".join(ids)
                continue
            best, best_score = None, 0
            for r in doc.references:
                score = _match(c, r)
                if score > best_score:
                    best, best_score = r, score
            c.ref_id = best.ref_id if best else ""


def _match(c, r) -> int:
    """How well citation `c` fits reference `r`: 0 not at all; more for more agreeing authors."""
    if c.year and r.year and c.year[:4] != r.year:
        return 0
    if c.authors and r.authors:
        if skeleton(c.authors[0]) != skeleton(r.authors[0]):
            return 0
        cited = {skeleton(a) for a in c.authors}
        listed = {skeleton(a) for a in r.authors}
        return 2 + len(cited & listed) + (cited == listed)
    title = _key(c.title) if c.title else ""
    if title and (title == _key(r.title) or (r.authors and title == _key(r.authors[0]))):
        return 1
    return 0

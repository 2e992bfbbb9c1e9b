"""Roles of mentions: who is cited, who wrote the paper, who acts in it.

- `cited_author`: authors inside a bracketed citation (`[Волох, Питраков, 2015, с. 155]`), an author–year
  parenthesis (`(Smith & Jones, 2015, p. 5)`), and people in the reference list;
- `publication`: the paper's own authors and journal — from the running headers, the file's metadata
  and the byline — wherever they are mentioned outside citations;
- `actor`: everyone else.
"""

from __future__ import annotations

import re

import iuliia

from .schema import Document, Mention
from .structure import section_lookup

YEAR = r"(?:1[89]|20)\d{2}[a-zа-я]?"
NAME = r"[A-ZА-ЯЁ][a-zа-яё'’]+(?:-[A-ZА-ЯЁ][a-zа-яё'’]+)?"
INITIALS = r"(?:[A-ZА-ЯЁ][a-zа-яё]?\.\s?){1,3}"
AUTHOR = re.compile(rf"(?:{INITIALS}\s*)?{NAME}(?:\s+{INITIALS})?|et al\.?|и др\.?")
BRACKET = re.compile(r"\[([^\[\]]{2,400})\]")
PAREN = re.compile(r"\(([^()]{2,400})\)")
AUTHOR_SEPARATORS = re.compile(r"\s*(?:,|&|\band\b|\bи\b)\s*")


def author_spans(content: str, offset: int, year_required: bool) -> list[tuple[int, int]]:
    """Author names of the citations in `content` (`Волох, Питраков, 2015, с. 155; Иванов, 2016`):
    the items before the year, when every one of them is a name."""
    spans = []
    pos = 0
    for part in re.split(r";", content):
        start = pos
        pos += len(part) + 1
        m = re.search(rf"(?:,\s*|\s+){YEAR}\b|,\s*www\b", part)
        if not m:
            if year_required:
                continue
            m = re.search(r"$", part)
        names, authors, p = part[:m.start()], [], 0
        for piece in AUTHOR_SEPARATORS.split(names):
            i = names.find(piece, p)
            p = i + len(piece)
            if not piece:
                continue
            if not AUTHOR.fullmatch(piece):
                authors = []
                break
            if not piece.startswith(("et al", "и др")):
                authors.append((offset + start + i, offset + start + i + len(piece)))
        if authors and "www" not in part[m.start():m.end()]:
            spans.extend(authors)
    return spans


def citation_authors(text: str) -> list[tuple[int, int]]:
    """Offsets of every cited author's name in the text."""
    spans = []
    for m in BRACKET.finditer(text):
        spans.extend(author_spans(m.group(1), m.start(1), year_required=True))
    for m in PAREN.finditer(text):
        spans.extend(author_spans(m.group(1), m.start(1), year_required=True))
    return spans


def skeleton(name: str) -> str:
    """A script-free sketch of a surname, to match `Галиев` with `Galiev`: transliterated consonants."""
    latin = iuliia.WIKIPEDIA.translate(name).lower()
    letters = re.sub(r"[^a-z]", "", latin)
    return letters[:1] + re.sub(r"[aeiouy]", "", letters[1:])


def own_authors(doc: Document) -> set[str]:
    """Skeletons of the surnames of the paper's own authors (running headers, file metadata)."""
    names = set()
    sources = list(doc.running_headers or []) + [(doc.meta or {}).get("authors", "")]
    for line in sources:
        for m in AUTHOR.finditer(line):
            surname = re.sub(INITIALS, "", m.group()).strip()
            if len(surname) >= 3 and surname[0].isupper():
                names.add(skeleton(surname))
    return names


def _cut_after_initials(doc: Document, m: Mention) -> None:
    """`Кузнецова А.В. Парадипломатия` in a reference list: the name ends with the initials."""
    cut = re.match(rf"{NAME}\s+{INITIALS}", m.text)
    if cut and cut.end() < len(m.text):
        m.end = m.start + len(cut.group().rstrip())
        m.text = doc.text[m.start:m.end]


def _surname(m: Mention) -> str:
    words = [w for w in re.split(r"\s+", re.sub(INITIALS, " ", m.text)) if len(w) > 1]
    return words[-1] if words else m.text


class Roles:
    name = "roles"
    REQUIRES = ("entity_spans", "paragraphs")
    ASSIGNS = ("roles",)

    def __call__(self, doc: Document) -> Document:
        for start, end in citation_authors(doc.text):
            hit = [m for m in doc.entities if m.start < end and start < m.end]
            exact = [m for m in hit if (m.start, m.end) == (start, end)]
            for m in hit:
                if m not in exact:  # `Li & Petrov` as one mention, or a name with a title word: cut to the author
                    doc.entities.remove(m)
            if exact:
                m = exact[0]
                m.label, m.source = "PER", m.source if m.label == "PER" else f"{m.source}+citation"
            else:
                lang = "en" if re.match(r"[A-Za-z]", doc.text[start]) else "ru"
                source = hit[0].source + "+citation" if hit else "rule:citation"
                m = Mention(start, end, doc.text[start:end], "PER", "", lang, source)
                doc.entities.append(m)
            m.role = "cited_author"
            m.normal = doc.text[start:end]  # citations name authors in the nominative
        authors = own_authors(doc)
        section_at = section_lookup(doc)
        for m in doc.entities:
            if m.role != "actor" or m.label != "PER":
                continue
            section = section_at(m.start)
            if section == "references":
                m.role = "cited_author"
                _cut_after_initials(doc, m)
                m.normal = m.text  # a reference list names its authors in the nominative
            elif authors and skeleton(_surname(m)) in authors:
                m.role = "publication"
                if section == "front":
                    m.normal = m.text  # so does a byline
        doc.entities.sort(key=lambda m: (m.start, m.end))
        return doc

"""Roles of mentions: who is cited, who wrote the paper, who acts in it.

- `cited_author`: authors inside a bracketed citation (`[Волох, Питраков, 2015, с. 155]`), an author–year
  parenthesis (`(Smith & Jones, 2015, p. 5)`), and people in the reference list;
- `author`: the paper's own authors — from the byline (frontmatter.py), the running headers and the file's
  metadata — wherever they are mentioned outside citations;
- `actor`: everyone else.
"""

from __future__ import annotations

import re
from functools import lru_cache

import iuliia

from ..core.schema import Document, Mention
from ..core.spans import SpanIndex
from .citations import AUTHOR, INITIALS, NAME
from .structure import section_lookup


def citation_authors(doc: Document) -> list[tuple[int, int]]:
    """Offsets of every cited author's name in the text."""
    return [span for c in doc.citations for span in c.author_spans]


@lru_cache(maxsize=100_000)  # a pure function of the name, asked for every mention of a person
def skeleton(name: str) -> str:
    """A script-free sketch of a surname, to match `Галиев` with `Galiev`: transliterated consonants."""
    latin = iuliia.WIKIPEDIA.translate(name).lower()
    letters = re.sub(r"[^a-z]", "", latin)
    return letters[:1] + re.sub(r"[aeiouy]", "", letters[1:])


def own_authors(doc: Document) -> set[str]:
    """Skeletons of the surnames of the paper's own authors (byline, running headers, file metadata)."""
    names = {skeleton(a.surname) for a in doc.authors or []}
    sources = list(doc.running_headers or []) + [doc.file_meta.authors]
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
    REQUIRES = ("text", "paragraphs", "running_headers", "file_meta.authors", "citations", "authors", "entities")
    ASSIGNS = ("entities", "entities.role", "entities.label", "entities.normal", "entities.source")

    def __call__(self, doc: Document) -> Document:
        index = SpanIndex(doc.entities)
        for start, end in citation_authors(doc):
            hit = index.overlapping(start, end)
            exact = [m for m in hit if (m.start, m.end) == (start, end)]
            for m in hit:  # `Li & Petrov` as one mention, or a name with a title word: cut to the author
                if (m.start, m.end) != (start, end):
                    index.discard(m)
            if exact:
                m = exact[0]
                m.label, m.source = "PER", m.source if m.label == "PER" else f"{m.source}+citation"
            else:
                lang = "en" if re.match(r"[A-Za-z]", doc.text[start]) else "ru"
                source = hit[0].source + "+citation" if hit else "rule:citation"
                m = Mention(start, end, doc.text[start:end], "PER", "", lang, source)
                index.add(m)
            m.role = "cited_author"
            m.normal = doc.text[start:end]  # citations name authors in the nominative
        doc.entities[:] = index.items()
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
                m.role = "author"
                if section == "front":
                    m.normal = m.text  # so does a byline
        doc.entities.sort(key=lambda m: (m.start, m.end))
        return doc

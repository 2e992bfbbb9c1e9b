"""Dates in Russian and English, as EDTF values, each with the rule that found it and its kind.

Rules are named regular expressions over the cleaned text (where the cleaner has already joined the line
breaks and hyphenations inside an expression); where matches overlap, the longest wins. A missing day or
month is never invented. A missing year is taken as a temporal tagger (HeidelTime, SUTime) takes it, and
the mention says so (`inferred`): `27 декабря`, `в декабре`, `в прошлом году` take the year of the
document's date (a news dateline, the running header) or else the nearest year written before them in the
same section; with neither, they are not dates. Durations (`за 7 лет` → `P7Y`) are kind `duration`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict

from ..core.schema import DateMention, Document
from ..core.spans import covering
from ..core.stages import longest_first
from .clean import journal_line
from .dates_rules import (
    BARE_YEAR,
    COMPILED,
    DATELINE,
    YEAR,
    B,
    E,
    Gates,
    anchors_of,
    find_anchored,
    find_durations,
    resolve,
)
from .structure import paragraph_lookup


def find_dates(text: str, citation_spans=(), reference_spans=(), front_spans=(), gates=None) -> list[DateMention]:
    """Dates in `text`; inside citations, reference lists and front matter (`Вестник Омского университета.
    2023. Т. 28`, `© Питраков В.Ю., 2025`) a bare year is a date too. `gates`: dates_rules.Gates of the text."""
    found, gates = [], gates or Gates(text)
    for name, pattern, build in COMPILED:
        for m in pattern.finditer(text) if gates(name) else ():
            try:
                value, precision = build(m)
            except ValueError:
                continue
            if value:
                start, end = m.span("d") if "d" in pattern.groupindex else m.span()  # `in 2019` → `2019`
                found.append(DateMention(start, end, text[start:end], value, precision, "", name))
    for spans, rule in ((citation_spans, "citation_year"), (reference_spans, "citation_year"), (front_spans, "front_year")):
        for start, end in spans:
            for m in BARE_YEAR.finditer(text, start, end):
                found.append(DateMention(m.start(), m.end(), m.group(), m.group(1), "year", "", rule))
    return longest_first(found)


def header_dates(headers: list[str]) -> list[DateMention]:
    """The year of a running header (`… Political Studies. 2025, Vol. 14, Is. 5A`): a publication date
    with no offsets, since the header is not part of the cleaned text."""
    out = []
    for line in headers:
        m = re.search(rf"{B}{YEAR}{E}", line)
        if m and journal_line(line):
            out.append(DateMention(None, None, line, m.group(1), "year", "", "running_header", "publication"))
    return out


def written_year(d: DateMention) -> int | None:
    """The one year a date written with its year names (`2019`, `2019-05-24`, `2019-01-13/2019-01-29`), else None."""
    years = {v[:4] for v in d.value.split("/")}
    if d.precision in ("day", "month", "season", "year", "range") and len(years) == 1:
        return int(years.pop())
    return None


def scope(paragraph) -> str:
    """Where a year written before a mention still holds: its section; the front matter and the text before the
    first heading are one (a news report's lead paragraph is `front`)."""
    section = paragraph.section if paragraph else ""
    return "body" if section in ("", "front", "body") else section


class Dates:
    name = "dates"
    REQUIRES = ("text", "paragraphs", "running_headers", "citations")
    ASSIGNS = ("dates",)

    def __call__(self, doc: Document) -> Document:
        in_citation = covering((c.start, c.end) for c in doc.citations)  # offset → inside a citation
        references = [(p.start, p.end) for p in doc.paragraphs if p.section == "references" and not p.heading]
        front = [(p.start, p.end) for p in doc.paragraphs if p.section == "front" and not p.heading]
        gates = Gates(doc.text)  # the rules' gates, looked for once for all three kinds of rule
        dates = find_dates(doc.text, [(c.start, c.end) for c in doc.citations], references, front, gates)
        paragraph_at = paragraph_lookup(doc)
        datelines = [d for d in dates if self.place(doc, d, paragraph_at(d.start), in_citation)]
        header = header_dates(list(dict.fromkeys(doc.running_headers or [])))
        anchored = self.anchored(doc, datelines + header, dates, paragraph_at, in_citation, gates)
        durations = self.durations(doc, paragraph_at, in_citation, gates)
        doc.dates = header + longest_first(dates + anchored + durations)
        return doc

    def durations(self, doc: Document, paragraph_at, in_citation, gates=None) -> list[DateMention]:
        """Durations of the text (kind `duration`, never an event's date); none in citations and reference lists."""
        out = []
        for d in find_durations(doc.text, gates):
            self.place(doc, d, paragraph_at(d.start), in_citation)
            if d.kind != "citation":
                d.kind = "duration"
                out.append(d)
        return out

    def place(self, doc: Document, d: DateMention, p, in_citation) -> bool:
        """Sets the date's kind and language; True for a news dateline (`Павлодар, 18 апреля 2024 года. …`)."""
        d.kind = self.kind(d, p, in_citation)
        d.lang = p.lang if p else ""
        dateline = d.kind in ("event", "publication") and p is not None and DATELINE.match(doc.text, p.start, d.start) \
            and re.match(r"\s*(?:[.—–-]|$)", doc.text[d.end:d.end + 2])
        if dateline:
            d.kind = "publication"  # it opens a news report
        return bool(dateline)

    def anchored(self, doc: Document, documented, dates, paragraph_at, in_citation, gates=None) -> list[DateMention]:
        """`27 декабря`, `в декабре`, `в прошлом году` with the year of the document's date (`documented`: a dateline,
        the running header), else of the nearest date written with its year before them in their section (not a
        citation, not the journal's year in the front matter, not the dateline); with neither they are left out."""
        doc_year = int(documented[0].value[:4]) if documented else None
        documented_ids = {id(x) for x in documented}
        context = defaultdict(lambda: ([], []))  # scope → starts, years of the dates written with a year
        for d in dates:
            year = written_year(d)
            if year and d.kind != "citation" and d.rule not in ("front_year", "citation_year") \
                    and id(d) not in documented_ids:  # `в декабре того же года` is not the dateline's
                starts, years = context[scope(paragraph_at(d.start))]
                starts.append(d.start)
                years.append(year)
        out = []
        for d, m, build in find_anchored(doc.text, gates):
            p = paragraph_at(d.start)
            self.place(doc, d, p, in_citation)
            starts, years = context[scope(p)]
            before = bisect_left(starts, d.start)
            if d.kind == "citation":
                continue  # a month in a citation or the reference list is the source's, not the text's
            allowed = anchors_of(d.rule, m)
            if doc_year and "document" in allowed:
                year, inferred = doc_year, "document"
            elif before and "context" in allowed:
                year, inferred = years[before - 1], "context"
            else:
                continue  # never invent a year
            if resolve(d, m, build, year, inferred):
                out.append(d)
        return out

    @staticmethod
    def kind(d: DateMention, paragraph, in_citation) -> str:
        """`in_citation`: offset → whether a citation holds it (spans.covering)."""
        section = paragraph.section if paragraph else ""
        if section == "references" or in_citation(d.start):
            return "citation"
        if (paragraph and paragraph.heading) or section in ("keywords", "about_authors"):
            return "other"  # a heading's, a keyword's, an author note's date (born, graduated) is no event
        if section == "front":
            return "publication"
        return "event"

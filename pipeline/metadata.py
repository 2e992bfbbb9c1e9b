"""Document metadata from the running headers, the file's own metadata and the front matter:
title, authors, journal, year, volume, issue, DOI, keywords, УДК."""

from __future__ import annotations

import re

from .citations import AUTHOR
from .clean import AUTHOR_LINE, journal_line
from .schema import Document

DOI = re.compile(r"\b10\.\d{4,9}/[^\s,;\"'<>]+[^\s,;\"'<>.]")
UDC = re.compile(r"\b(?:УДК|UDC)\s*([\d.:()+/\s-]*[\d)])")
VOLUME = re.compile(r"(?:\bVol\.|\bVolume|\bТ\.|\bТом)\s*([\w-]+)", re.I)
ISSUE = re.compile(r"(?:\bNo\.|№|\bIs\.|\bIss\.|\bIssue|\bВып\.|\bВыпуск)\s*([\w-]+)", re.I)
YEAR = re.compile(r"(?<![\d/.])((?:19|20)\d{2})(?![\d/])")
NOT_TITLE = re.compile(r"^(?:УДК|UDC|ББК|DOI|©|\d|https?://)|@", re.I)


def parse_journal_line(line: str) -> dict:
    """`28 Theories and Problems of Political Studies. 2025, Vol. 14, Is. 5A` → journal, year, volume, issue."""
    line = re.sub(r"^\d{1,4}\s+", "", line.strip())  # the page number, before …
    line = re.sub(r"(?<!№)(?<!\.)\s+\d{1,4}$", "", line)  # … or after, unless it is `№ 2` or `Vol. 7`
    year = YEAR.search(line)
    if not year:
        return {}
    volume, issue = VOLUME.search(line), ISSUE.search(line)
    return {
        "journal": line[:year.start()].strip(" .,;:—–-"),
        "year": year.group(1),
        "volume": volume.group(1) if volume else "",
        "issue": issue.group(1) if issue else "",
    }


def keywords(text: str) -> str:
    """`Ключевые слова: регион, граница.` → `регион;граница`."""
    body = text.split(":", 1)[1] if ":" in text else text
    items = [k.strip(" .") for k in re.split(r"[;,]", body)]
    return ";".join(k for k in items if k)


class Metadata:
    name = "metadata"
    REQUIRES = ("paragraphs", "roles", "dates")
    ASSIGNS = ("metadata",)

    def __call__(self, doc: Document) -> Document:
        meta = doc.meta
        headers = list(dict.fromkeys(doc.running_headers or []))
        for line in headers:
            if journal_line(line):
                for key, value in parse_journal_line(line).items():
                    if value and not meta.get(key):
                        meta[key] = value
                break
        front = [p for p in doc.paragraphs if p.section == "front" and not p.heading]
        front_text = "\n".join(doc.text[p.start:p.end] for p in front)
        authors = meta.get("authors") or ", ".join(h for h in headers if AUTHOR_LINE.match(h))
        meta["authors"] = ";".join(m.group() for m in AUTHOR.finditer(authors) if not m.group().startswith(("et al", "и др"))) \
            or ";".join(dict.fromkeys(m.normal for m in doc.entities if m.role == "publication" and m.label == "PER"))
        if not meta.get("title"):
            meta["title"] = self.title(doc, front)
        doi = DOI.search(" ".join(headers) + "\n" + front_text) or DOI.search(doc.text)
        meta["doi"] = meta.get("doi") or (doi.group() if doi else "")
        udc = UDC.search(front_text or doc.text[:2000])
        meta["udc"] = udc.group(1).strip() if udc else ""
        kw = next((p for p in doc.paragraphs if p.section == "keywords"), None)
        meta["keywords"] = keywords(doc.text[kw.start:kw.end]) if kw else ""
        if not meta.get("year"):
            published = [d for d in doc.dates if d.kind == "publication"]
            meta["year"] = published[0].value[:4] if published else ""
        return doc

    @staticmethod
    def title(doc: Document, front) -> str:
        """The first front-matter paragraph that is not a УДК/DOI line or a byline; a title set in
        capitals that goes on over several paragraphs is joined."""
        bylines = {m.start for m in doc.entities if m.role == "publication"}
        parts = []
        for p in front:
            text = doc.text[p.start:p.end]
            if NOT_TITLE.search(text) or any(p.start <= s < p.end for s in bylines) or len(text.split()) < 3:
                if parts:
                    break
                continue
            if parts and not (text.isupper() and parts[-1].isupper()) and not parts[-1].endswith(":"):
                break
            parts.append(text)
        return " ".join(parts)

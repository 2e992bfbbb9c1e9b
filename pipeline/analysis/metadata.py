"""Document metadata from the running headers, the file's own metadata and the front matter:
title, authors, journal, year, volume, issue, DOI, keywords, УДК."""

from __future__ import annotations

import re

from ..core.schema import Bibliography, Document
from ..core.text import YEAR
from .byline import parse_byline
from .citations import AUTHOR
from .clean import AUTHOR_LINE, journal_line, latin_script
from .dates import find_dates
from .structure import CITE_AS, PUBLICATION_LINE

DOI = re.compile(r"\b10\.\d{4,9}/[^\s,;\"'<>]+[^\s,;\"'<>.]")
UDC = re.compile(r"\b(?:УДК|UDC)\s*([\d.:()+/\s\"'’-]*[\d)\"])")
VOLUME = re.compile(r"(?:\bVol\.|\bVolume\b|\bТ\.|\bТом\b)\s*([0-9IVXLC]+(?:[-–][0-9]+)?)\b", re.I)
APA_VOLUME = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}\s*[,.;]\s*([0-9]{1,4})\s*\(([0-9]{1,3}(?:[-–][0-9]{1,3})?)\)")
ISSUE = re.compile(r"(?:\bNo\.|№|\bIs\.|\bIss\.|\bIssue|\bВып\.|\bВыпуск)\s*([\w-]+)", re.I)
YEAR_NUMBER = re.compile(rf"(?<![0-9/.])(?=19|20)({YEAR})(?![0-9/])")  # 1900–2099
NOT_TITLE = re.compile(r"^(?:УДК|UDC|ББК|МРНТИ|ГРНТИ|IRSTI|DOI|JEL|ISSN|©|\d|https?://|Секция\b|Section\b|Рубрика\b|"
                       r"Научн(?:ый|ая) руководитель|Scientific (?:adviser|supervisor)|Supervisor\b|Научная статья|Обзорная статья|Original (?:research )?article|Research article|Review article)"
                       r"|@", re.I)


def parse_journal_line(line: str) -> dict:
    """`28 Theories and Problems of Political Studies. 2025, Vol. 14, Is. 5A` → journal, year, volume, issue."""
    line = re.sub(r"(?i)(?:\bDOI:?\s*|https?://\S+|\b10\.[0-9]{4,9}/\S+)", " ", line).strip()  # a DOI's digits are no year
    line = re.sub(r"^\d{1,4}\s+", "", line.strip())  # the page number, before …
    if len(YEAR_NUMBER.findall(line)) > 1 or not YEAR_NUMBER.search(line[-4:]):
        line = re.sub(r"(?<!№)(?<!\.)\s+\d{1,4}$", "", line)  # … or after, unless it is `№ 2`, `Vol. 7` or the year
    year = YEAR_NUMBER.search(line)
    if not year:
        return {}
    volume, issue, apa = VOLUME.search(line), ISSUE.search(line), APA_VOLUME.search(line)
    return {
        "journal": journal_name(line[:year.start()]),
        "year": year.group(1),
        "volume": volume.group(1) if volume else apa.group(1) if apa else "",
        "issue": issue.group(1) if issue else apa.group(2) if apa else "",
    }


def journal_name(text: str) -> str:
    """`ISSN 2310-1234 Проблемы экологии`, `М. В. Орехова, А. И. Субботина Индологические исследования`,
    `ВЕСТНИК ЧАСТНОГО ПРАВА •` → the journal's name alone."""
    text = re.sub(r"(?i)\b[EP]?-?ISSN:?\s*[0-9]{4}-[0-9]{3}[0-9X](?:\s*\((?:print|online)\))?", " ", text)
    byline = parse_byline(text.strip())
    if byline and byline[1] and all(n.form in ("surname_initials", "initials_surname") for n in byline[0]):
        text = byline[1]  # the authors a running header sets before the journal
    text = re.sub(r"(?i)[\s,.]*(?:№|No\.?|Vol\.?|Т\.|Вып\.)\s*[0-9IVXLC]+(?:\s*\([0-9]+\))?\s*$", "", text.strip(" .,;:"))
    return text.strip(" .,;:—–-•·|")  # `… института № 3 (47)`: the issue is no part of the name


def keywords(text: str) -> str:
    """`Ключевые слова: регион, граница.` → `регион;граница`."""
    body = re.split(r"[:.–—]\s", text, maxsplit=1)[1] if re.search(r"[:.–—]\s", text) else text
    items = [k.strip(" .") for k in re.split(r"[;,]", body)]
    return ";".join(k for k in items if k)


JEL = re.compile(r"\bJEL(?:\s+(?:classification|codes?|коды?))?\s*:?\s*((?:[A-Z][0-9]{1,2}[,;\s]*)+)", re.I)
JOURNAL_HEAD = re.compile(r"^[^0-9]{3,150}?[.,]\s*(?:19|20)[0-9]{2}[.,;]\s*(?:[0-9]{1,4}\s*\(|.*\b[СCPp]\.\s*[0-9])")
COPYRIGHT_YEAR = re.compile(rf"©[^©\n]{{0,200}}?(?<![0-9])(?=19|20)({YEAR})(?![0-9])")
PAGES = re.compile(r"(?:\b[СCсPp]\.|\bpp\.|\bстр\.)\s*([0-9]{1,4}\s*[–—-]\s*[0-9]{1,4})")
EVENTS = {
    "received": re.compile(r"(?i)(?:(?:статья\s+|материал\s+)?поступил[аио]?(?:\s+в\s+редакцию)?|дата поступления(?:\s+(?:статьи|рукописи|в редакцию))?|"
                           r"(?:статья\s+)?получена|получено|received(?:\s+on)?)\s*:?\s*"),
    "accepted": re.compile(r"(?i)(?:(?:статья\s+)?принята(?:\s+к\s+(?:публикации|печати))?|одобрена для публикации|"
                           r"рекомендована (?:в печать|к печати|к публикации)|дата принятия(?:\s+к\s+публикации)?|"
                           r"accepted(?:\s+for\s+publication)?(?:\s+on)?)\s*:?\s*"),
}


# An affiliation line: an organisation, then its city (`Алтайский государственный университет, г. Барнаул`).
AFFILIATION = re.compile(r"(?i:университет|институт|академи|university|institute|academy|college)[^,]*(?:,[^,]+)*,\s*"
                         r"(?:г\.\s*)?[A-ZА-ЯЁ][\w-]+(?:\s[A-ZА-ЯЁ][\w-]+)?\.?$")


DATE_LINE = re.compile(r"(?i)(?:[0-9]{1,2}\s+)?(?:[a-zа-яё]+\s+)?(?:19|20)[0-9]{2}(?:\s*г\.?)?")


def _caps(text: str) -> bool:
    """Set in capitals, a lower-case `гг.` or `им.` aside."""
    letters = [c for c in re.sub(r"\b(?:гг?|вв?|им|ст)\.", "", text) if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _date_after(text: str, start: int) -> str:
    """The first full date written right after `start` (`12.01.2021`, `12 января 2021 г.`, `1 March 2021`)."""
    iso = re.match(r"\s*((?:19|20)[0-9]{2}-[01][0-9]-[0-3][0-9])\b", text[start:])
    if iso:
        return iso.group(1)
    for d in find_dates(text[start:start + 40]):
        if d.precision == "day" and d.start <= 3:
            return d.value
    return ""


class Metadata:
    """Title, authors, journal, year, volume, issue, pages, DOI, keywords, УДК, JEL, received and accepted dates —
    from the running headers, the front matter and the file's metadata only: a reference, an access date or a
    century in the title never gives the year or the DOI."""

    name = "metadata"
    REQUIRES = ("text", "paragraphs", "running_headers", "entities.role", "dates", "authors", "file_meta.title",
                "file_meta.authors")
    ASSIGNS = ("bibliography",)

    def __call__(self, doc: Document) -> Document:
        bib = doc.bibliography = Bibliography(title=doc.file_meta.title, authors=doc.file_meta.authors)
        headers = list(dict.fromkeys(doc.running_headers or []))
        front = [p for p in doc.paragraphs if p.section == "front" and not p.heading]
        lines = [doc.text[p.start:p.end] for p in front]
        for key, value in self.publication(doc, headers, lines).items():
            if value and not getattr(bib, key):
                setattr(bib, key, value)
        front_text = "\n".join(lines)
        bib.authors = ";".join(a.short for a in doc.authors or []) or self.header_authors(headers, bib.authors)
        title = " ".join(bib.title.split())
        if not title or title.lower() not in " ".join(doc.text.split()).lower():
            bib.title = self.title(doc, front) or title  # the file's own title only if the paper shows it
            # (a template's `Шаблон статьи_v3`, a web page's `Title — Site` are not the paper's)
        doi = DOI.search(" ".join(headers) + "\n" + front_text)
        bib.doi = bib.doi or (doi.group() if doi else "")
        udc = UDC.search(front_text)
        bib.udc = udc.group(1).strip() if udc else ""
        jel = JEL.search(front_text)
        bib.jel = ";".join(re.findall(r"[A-Z][0-9]{1,2}", jel.group(1))) if jel else ""
        lists = [doc.text[p.start:p.end] for p in doc.paragraphs if p.section == "keywords" and not p.heading]
        english = [k for k in lists if latin_script(k)]
        main = [k for k in lists if not latin_script(k)] or english[:1]
        english = [k for k in english if k not in main] or english
        bib.keywords = keywords(main[0]) if main else ""
        bib.keywords_en = keywords(english[0]) if english else ""
        for key, pattern in EVENTS.items():
            m = next((m for line in lines for m in [pattern.search(line)] if m), None)
            setattr(bib, key, _date_after(m.string, m.end()) if m else "")
        if not bib.year:
            bib.year = self.year(doc, lines, bib)
        return doc

    @staticmethod
    def publication(doc: Document, headers: list[str], lines: list[str]) -> dict:
        """Journal, year, volume, issue and pages from the running headers, then the front matter's journal line
        (`Вестник МГИМО-Университета. 2021. 14(3). С. 166–186`) or citation line; the first value of each wins,
        but a journal named in the paper's own script wins over its English twin."""
        found, journals, previous = {}, [], ""
        for i, line in enumerate(headers + lines):
            cite = CITE_AS.match(line)
            own = line[cite.end():] if cite else line
            head = i < len(headers) + 5 and JOURNAL_HEAD.match(own)
            if journal_line(own) or cite or head:
                parsed = parse_journal_line(re.split(r"\s//\s", own)[-1])
                if cite and " // " not in own:
                    parsed.pop("journal", None)  # `Для цитирования: Авторы. Название. Журнал. 2021`: no `//` to find it by
                elif not parsed.get("journal") and 0 < len(previous.split()) <= 10 and not NOT_TITLE.search(previous):
                    parsed["journal"] = journal_name(previous)  # `GENDER, MOBILITY AND SOCIETY` over `2021, VOL. 8, …`
                journals.append(parsed.pop("journal", ""))
                pages = PAGES.search(own)
                parsed["pages"] = re.sub(r"\s*[–—-]\s*", "-", pages.group(1)) if pages else ""
                for key, value in parsed.items():
                    found[key] = found.get(key) or value
            previous = line
        journals = [j for j in journals if j]
        cyrillic = not latin_script(doc.text or "")
        own_script = [j for j in journals if latin_script(j) != cyrillic]
        found["journal"] = (own_script or journals or [""])[0]
        return found

    @staticmethod
    def header_authors(headers: list[str], file_authors: str) -> str:
        """The file's own author field, else the running headers' author lines, as `;`-separated short names."""
        authors = file_authors or ", ".join(h for h in headers if AUTHOR_LINE.match(h))
        return ";".join(m.group() for m in AUTHOR.finditer(authors) if not m.group().startswith(("et al", "и др")))

    @staticmethod
    def year(doc: Document, lines: list[str], bib: Bibliography) -> str:
        """From a copyright line, the publication record (accepted, then received), else a news dateline
        (`Павлодар, 18 апреля 2024 года.`): never the title's years."""
        for line in lines:
            m = COPYRIGHT_YEAR.search(line)
            if m:
                return m.group(1)
        for line in lines:
            if DATE_LINE.fullmatch(line.strip()):
                return YEAR_NUMBER.search(line).group(1)  # `March 2023` under the title of a report
        for key in ("accepted", "received"):
            if getattr(bib, key):
                return getattr(bib, key)[:4]
        dateline = next((d for d in doc.dates if d.kind == "publication" and d.precision == "day"), None)
        return dateline.value[:4] if dateline else ""

    @staticmethod
    def title(doc: Document, front) -> str:
        """The first front-matter paragraph that is not a УДК/DOI/journal line, a rubric or a byline; a title that
        goes on over several paragraphs (in capitals, or broken before a bracket or a lower-case word) is joined."""
        bylines = [(a.start, a.end) for a in doc.authors or []]
        bylines += [(m.start, m.end) for m in doc.entities if m.role in ("author", "publication")]

        def candidate(p, go_on: bool = False) -> bool:
            text = doc.text[p.start:p.end]  # a title's second line may be short: `НАРОДНО-СЦЕНИЧЕСКОГО ТАНЦА`
            return not (NOT_TITLE.search(text) or any(p.start <= s < p.end for s, _ in bylines)
                        or len(text.split()) < (1 if go_on else 3)
                        or CITE_AS.match(text) or journal_line(text) or (YEAR_NUMBER.search(text) and PAGES.search(text))
                        or (AFFILIATION.search(text) and not _caps(text))  # `ИНСТИТУТЫ, ПРАКТИКИ` is a title
                        or PUBLICATION_LINE.match(text) or re.match(r"[*¹²³⁴⁵⁶⁷⁸⁹⁰†‡]", text))

        parts = []
        for i, p in enumerate(front):
            text = doc.text[p.start:p.end]
            if not candidate(p, go_on=bool(parts) and _caps(text) and _caps(parts[-1])):
                if parts:
                    break
                continue
            if parts and not (_caps(text) and _caps(parts[-1])) and not parts[-1].endswith((":", "–", "—")) \
                    and not re.match(r"[(«\"]|[a-zа-яё]", text):
                break
            after = front[i + 1:]
            following = next((q for q in after if not NOT_TITLE.search(doc.text[q.start:q.end])), None)
            apart = following is not None and after.index(following) > 0  # ids between: `Научная статья`, `УДК`, `DOI`
            if _caps(text) and len(text.split()) <= 6 and not parts and following is not None and candidate(following) \
                    and (apart or not _caps(doc.text[following.start:following.end])):
                continue  # a rubric over the title: `АРХИТЕКТУРА И ГРАДОСТРОИТЕЛЬСТВО`, `CENTRE FOR … STUDIES`
            if after and re.match(r"ISSN|Journal homepage|Print ISSN", doc.text[after[0].start:after[0].end]):
                continue  # the journal's name over its ISSN on a publisher's cover page
            parts.append(text)
        return re.sub(r"\s*[*¹²³⁴⁵⁶⁷⁸⁹⁰†]+$", "", " ".join(parts))  # a footnote mark after the title

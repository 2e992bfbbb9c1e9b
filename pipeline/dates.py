"""Dates in Russian and English, as EDTF values, each with the rule that found it and its kind.

Rules are named regular expressions over the cleaned text (where the cleaner has already joined the line
breaks and hyphenations inside an expression); where matches overlap, the longest wins. A missing day,
month or year is never invented: `17 апреля` with no year is not a date.
"""

from __future__ import annotations

import calendar
import re

from .clean import journal_line
from .schema import DateMention, Document
from .stages import longest_first
from .structure import paragraph_lookup

YEAR = r"(1[7-9][0-9][0-9]|20[0-9][0-9])"  # ASCII digits: `\d` takes `٢٠٢٠` and `２０２０` too
RU_MONTHS = ["январ", "феврал", "март", "апрел", "ма[йяею]", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр"]
EN_MONTHS = ["jan(?:uary|\\.)?", "feb(?:ruary|\\.)?", "mar(?:ch|\\.)?", "apr(?:il|\\.)?", "may", "june?", "july?",
             "aug(?:ust|\\.)?", "sep(?:tember|t\\.|\\.)?", "oct(?:ober|\\.)?", "nov(?:ember|\\.)?", "dec(?:ember|\\.)?"]
RU_MONTH = r"((?:" + "|".join(RU_MONTHS) + r")[а-яё]*)"
EN_MONTH = r"(" + "|".join(EN_MONTHS) + r")"
RU_YEAR_WORD = r"(?:\s*(?:года|году|годом|годах|годам|годы|годов|год|гг\.|г\.|гг\b|г\b))"
DAY = r"(0?[1-9]|[12][0-9]|3[01])"
SEASONS_RU = {"весн": "21", "лет": "22", "осен": "23", "зим": "24"}
SEASONS_EN = {"spring": "21", "summer": "22", "autumn": "23", "fall": "23", "winter": "24"}
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
NOT_AFTER_YEAR = (r"(?!\s*(?:%|тыс|млн|млрд|чел|руб|долл|км|кг|т\b|тонн|шт|студент|грант|человек|предприят|компани|"
                  r"организац|проект|участник|жител|семей|заявк|people|students|applications|companies|firms|"
                  r"enterprises|participants|projects|tons|tonnes|km|\$|[.,]\d))")
B = r"(?<![\w./-])"  # a date does not continue a word, a number, a DOI or a URL
E = r"(?![\w/]|\.\d)"


def _month(word: str, stems: list[str], match) -> int:
    for i, stem in enumerate(stems, 1):
        if match(stem, word.lower()):
            return i
    raise ValueError(word)


def ru_month(word: str) -> int:
    """`октября`, `в мае`, `январь` → the month's number (by its stem)."""
    return _month(word, RU_MONTHS, re.match)


def en_month(word: str) -> int:
    return _month(word, EN_MONTHS, re.fullmatch)


def season(word: str, seasons: dict[str, str]) -> str:
    """`весной` → `21`, `Summer` → `22`. IGNORECASE lets look-alikes (`ſpring`, `SPRİNG`, `ᲂсенью`) match: not a season."""
    for stem, code in seasons.items():
        if word.lower().startswith(stem):
            return code
    raise ValueError(word)


def ym(year: str, month: int) -> str:
    return f"{year}-{month:02d}"


def ymd(year: str, month: int, day: str) -> str | None:
    d = int(day)
    if not 1 <= month <= 12 or not 1 <= d <= calendar.monthrange(int(year), month)[1]:
        return None  # `30 февраля`, `29.02.2023`
    return f"{year}-{month:02d}-{d:02d}"


def roman(numeral: str) -> int:
    total, prev = 0, 0
    for ch in reversed(numeral.upper()):
        v = ROMAN[ch]
        total, prev = (total - v, prev) if v < prev else (total + v, v)
    return total


def century(n: int) -> str | None:
    return f"{n - 1:02d}XX" if 1 <= n <= 21 else None


def interval(a: str | None, b: str | None) -> str | None:
    """`a/b` for two dates of one precision, the first before the second."""
    return f"{a}/{b}" if a and b and a < b else None


def year_range(a: str, b: str) -> str | None:
    return f"{a}/{b}" if int(a) < int(b) <= int(a) + 300 else None


# (name, pattern, value builder → (value, precision)); IGNORECASE; a group `d`, where there is one, is the span
RULES = [
    ("ru_month_range", rf"{B}с\s+{RU_MONTH}\s+{YEAR}{RU_YEAR_WORD}?\s+(?:по|до)\s+{RU_MONTH}\s+{YEAR}{RU_YEAR_WORD}?{E}",
     lambda m: (interval(ym(m[2], ru_month(m[1])), ym(m[4], ru_month(m[3]))), "range")),
    ("ru_year_range", rf"{B}с\s+{YEAR}{RU_YEAR_WORD}?\s+(?:по|до)\s+{YEAR}{RU_YEAR_WORD}?{E}",
     lambda m: (year_range(m[1], m[2]), "range")),
    ("en_month_range", rf"{B}(?:between|from)\s+{EN_MONTH}\s+{YEAR}\s+(?:and|to|until)\s+{EN_MONTH}\s+{YEAR}{E}",
     lambda m: (interval(ym(m[2], en_month(m[1])), ym(m[4], en_month(m[3]))), "range")),
    ("en_year_range", rf"{B}(?:between|from)\s+{YEAR}\s+(?:and|to|until)\s+{YEAR}{E}",
     lambda m: (year_range(m[1], m[2]), "range")),
    ("year_span", rf"{B}{YEAR}\s*[–—-]\s*{YEAR}(?:{RU_YEAR_WORD})?{E}",
     lambda m: (year_range(m[1], m[2]), "range")),
    ("ru_day_range", rf"{B}(?:с\s+)?{DAY}\s*(?:[–—-]|по)\s*{DAY}\s+{RU_MONTH}\s+{YEAR}{RU_YEAR_WORD}?{E}",
     lambda m: (interval(ymd(m[4], ru_month(m[3]), m[1]), ymd(m[4], ru_month(m[3]), m[2])), "range")),
    ("ru_day_month_year", rf"{B}{DAY}\s+{RU_MONTH}\s+{YEAR}{RU_YEAR_WORD}?{E}",
     lambda m: (ymd(m[3], ru_month(m[2]), m[1]), "day")),
    ("en_day_month_year", rf"{B}{DAY}\s+{EN_MONTH},?\s+{YEAR}{E}",
     lambda m: (ymd(m[3], en_month(m[2]), m[1]), "day")),
    ("en_month_day_year", rf"{B}{EN_MONTH}\s+{DAY},\s+{YEAR}{E}",
     lambda m: (ymd(m[3], en_month(m[1]), m[2]), "day")),
    ("numeric_date", rf"{B}{DAY}\.(0?[1-9]|1[0-2])\.{YEAR}{RU_YEAR_WORD}?{E}",
     lambda m: (ymd(m[3], int(m[2]), m[1]), "day")),
    ("ru_month_year", rf"{B}{RU_MONTH}\s+{YEAR}{RU_YEAR_WORD}?{E}",
     lambda m: (ym(m[2], ru_month(m[1])), "month")),
    ("en_month_year", rf"{B}{EN_MONTH}\s+(?:of\s+)?{YEAR}{E}",
     lambda m: (ym(m[2], en_month(m[1])), "month")),
    ("ru_season", rf"{B}(весн[а-я]*|лет[а-я]*|осен[а-я]*|зим[а-я]*)\s+{YEAR}{RU_YEAR_WORD}?{E}",
     lambda m: (f"{m[2]}-{season(m[1], SEASONS_RU)}", "season")),
    ("en_season", rf"{B}(spring|summer|autumn|fall|winter)\s+(?:of\s+)?{YEAR}{E}",
     lambda m: (f"{m[2]}-{season(m[1], SEASONS_EN)}", "season")),
    ("ru_decade", rf"{B}(1[7-9][0-9]|20[0-9])0-?(?:е|х|ые|ых|ми?(?=\s+годам))(?:{RU_YEAR_WORD})?{E}",
     lambda m: (f"{m[1]}X", "decade")),
    # `90-х годов`, `в 90-х`, `начала 2000-х`: a short decade needs a year word or a time word before it
    # (`30-х Королёвских чтений` are the thirtieth readings)
    ("ru_decade_short", rf"(?:\b(?P<ctx>в|во|с|к|до|после|начал[а-я]*|конц[а-я]*|середин[а-я]*)\s+)?"
                        rf"(?P<d>{B}(?P<dec>[2-9])0-?(?:е|х|ые|ых)(?P<yw>{RU_YEAR_WORD})?{E})",
     lambda m: (f"19{m['dec']}X" if m["ctx"] or m["yw"] else None, "decade")),
    ("en_decade", rf"{B}(?:the\s+)?(1[7-9][0-9]|20[0-9])0s{E}",
     lambda m: (f"{m[1]}X", "decade")),
    ("en_decade_short", rf"{B}(?:the\s+)?['’]([2-9])0s{E}",
     lambda m: (f"19{m[1]}X", "decade")),
    ("ru_century", rf"{B}([IVX]{{1,5}})\s+(?:век[а-я]*|в\.|вв\.){E}",
     lambda m: (century(roman(m[1])), "century")),
    ("en_century", rf"{B}(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)\s+century{E}",
     lambda m: (century(int(m[1])), "century")),
    ("ru_year", rf"{B}{YEAR}{RU_YEAR_WORD}{E}",
     lambda m: (m[1], "year")),
    ("en_year", rf"\b(?:in|since|by|until|till|from|before|after|during|of|for|to|through|throughout|early|late|mid|around)\s(?P<d>{YEAR}){E}{NOT_AFTER_YEAR}",
     lambda m: (m[1], "year")),
    ("ru_year_prep", rf"(?<![\w-])(?:в|во|с|до|после|к|от|около)\s(?P<d>{YEAR}){E}{NOT_AFTER_YEAR}",
     lambda m: (m[1], "year")),
]
COMPILED = [(name, re.compile(pattern, re.I), build) for name, pattern, build in RULES]
DATELINE = re.compile(r"[A-ZА-ЯЁ][\w .-]{0,40},\s*$")
BARE_YEAR = re.compile(rf"{B}{YEAR}[a-zа-я]?{E}")


def find_dates(text: str, citation_spans=(), reference_spans=(), front_spans=()) -> list[DateMention]:
    """Dates in `text`; inside citations, reference lists and front matter (`Вестник Омского университета.
    2023. Т. 28`, `© Питраков В.Ю., 2025`) a bare year is a date too."""
    found = []
    for name, pattern, build in COMPILED:
        for m in pattern.finditer(text):
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


class Dates:
    name = "dates"
    REQUIRES = ("text", "paragraphs", "citations")
    ASSIGNS = ("dates",)

    def __call__(self, doc: Document) -> Document:
        citations = [(c.start, c.end) for c in doc.citations]
        references = [(p.start, p.end) for p in doc.paragraphs if p.section == "references" and not p.heading]
        front = [(p.start, p.end) for p in doc.paragraphs if p.section == "front" and not p.heading]
        dates = find_dates(doc.text, citations, references, front)
        paragraph_at = paragraph_lookup(doc)
        for d in dates:
            p = paragraph_at(d.start)
            d.kind = self.kind(d, p, citations)
            if d.kind == "event" and p is not None and DATELINE.match(doc.text, p.start, d.start) \
                    and re.match(r"\s*(?:[.—–-]|$)", doc.text[d.end:d.end + 2]):
                d.kind = "publication"  # `Павлодар, 18 апреля 2024 года. …` opens a news report
            d.lang = p.lang if p else ""
        doc.dates = header_dates(list(dict.fromkeys(doc.running_headers or []))) + dates
        return doc

    @staticmethod
    def kind(d: DateMention, paragraph, citations) -> str:
        section = paragraph.section if paragraph else ""
        if section == "references" or any(s <= d.start < e for s, e in citations):
            return "citation"
        if (paragraph and paragraph.heading) or section == "keywords":
            return "other"
        if section == "front":
            return "publication"
        return "event"

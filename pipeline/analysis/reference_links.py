"""The links of a reference-list entry: DOI, URL and access date, taken out of the entry into their fields."""

from __future__ import annotations

import re

from ..core import text

YEAR = rf"(?!20[4-9]){text.YEAR}"  # 1700–2039: a reference is not from the future
MONTHS = {  # stems, tried in this order (`март` before `ма`)
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8, "сентябр": 9,
    "октябр": 10, "ноябр": 11, "декабр": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
MONTH = r"(?:[Яя]нвар|[Фф]еврал|[Мм]арт|[Аа]прел|[Мм]а[йя]|[Ии]юн|[Ии]юл|[Аа]вгуст|[Сс]ентябр|[Оо]ктябр|[Нн]оябр|[Дд]екабр" \
        r"|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-zа-я]*\.?"
ACCESS = re.compile(
    rf"[(\[]?\s*(?:дата\s+(?:обращения|доступа|посещения)|date\s+of\s+(?:access|request)|access(?:ed)?(?:\s+on)?"
    rf"|retrieved(?:\s+on)?|viewed)\s*:?\s*(?P<date>[0-9]{{1,2}}[./][0-9]{{1,2}}[./]{YEAR}|{YEAR}[-./][0-9]{{2}}[-./][0-9]{{2}}"
    rf"|[0-9]{{1,2}}\s+{MONTH}\s+{YEAR}|{MONTH}\s+[0-9]{{1,2}},?\s+{YEAR})\s*(?:г\.)?\s*[)\]]?[.,;]?(?:\s*from\b)?", re.I)
ACCESS_OTHER = re.compile(r"[(\[]\s*(?:дата\s+(?:обращения|доступа|посещения)|date\s+of\s+access|accessed|retrieved)"
                          r"[^)\]]*[)\]]\.?", re.I)  # an access date in a form ACCESS does not read: never the year
DOI = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|\bdoi:?\s*)?(10\.[0-9]{4,9}/[^\s\"<>«»]+)", re.I)
URL = re.compile(r"(?:\bURL\s*:?\s*|Режим доступа\s*:?\s*|Available(?: at| from)?\s*:?\s*|Retrieved from\s*:?\s*)?"
                 r"((?:https?://|www\.)[^\s<>\"«»]+)", re.I)


def take_links(ref, body: str) -> str:
    """Take DOI, URL and access date out of the entry (into their fields); the rest is the bibliographic part."""
    access = ACCESS.search(body)
    if access:
        ref.accessed = iso_date(access.group("date"))
        body = body[:access.start()] + " " + body[access.end():]
    body = ACCESS_OTHER.sub(" ", body)
    doi = DOI.search(body)
    if doi:
        ref.doi = _trim(doi.group(1))
        body = body[:doi.start()] + " " + body[doi.start() + len(doi.group(0).rstrip()) :]
        body = body.replace(ref.doi, "")
    for url in URL.finditer(body):
        link = _trim(url.group(1))
        if not re.search(r"doi\.org/", link, re.I):
            ref.url = ref.url or link
    body = URL.sub(" ", body)
    return re.sub(r"\s*\b(?:DOI|URL|Режим доступа|Available(?: at| from)?|Retrieved from)\s*:?\s*(?=[.,;]?\s*$)", "", body,
                  flags=re.I)


def _trim(link: str) -> str:
    """A link without the sentence's punctuation; a closing bracket stays when the link opened it."""
    link = link.rstrip(".,;:")
    while link and link[-1] in ")]" and link.count(link[-1]) > link.count("(" if link[-1] == ")" else "["):
        link = link[:-1].rstrip(".,;:")
    return link


def iso_date(date: str) -> str:
    """`05.03.2019`, `2019-03-05`, `5 марта 2019`, `March 5, 2019` → `2019-03-05`."""
    m = re.fullmatch(r"([0-9]{1,2})[./]([0-9]{1,2})[./]([0-9]{4})", date)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
    elif re.fullmatch(r"[0-9]{4}[-./][0-9]{2}[-./][0-9]{2}", date):
        return re.sub(r"[./]", "-", date)
    else:
        parts = re.findall(r"[0-9]+|[^\W\d]+", date)
        words = [p for p in parts if not p.isdigit()]
        digits = [p for p in parts if p.isdigit()]
        if not words or len(digits) != 2:
            return ""
        word = words[0].lower()
        month = next((n for stem, n in MONTHS.items() if word.startswith(stem)), 0)
        day, year = int(digits[0]), digits[1]
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year}-{month:02d}-{day:02d}"

"""Affiliation lines: the organisation, the city and the country in `Омский государственный университет
им. Ф.М. Достоевского, Омск, Россия`, `644077, г. Омск, пр. Мира, 55а`, `Department of Political Science, Northlake
University, Toronto, Canada`. Countries and cities come from the gazetteer (models/gazetteer), so every country the
gazetteer names, in Russian or English, is known; a word the gazetteer lacks right before a country is its city.
"""

from __future__ import annotations

import re

from .byline import ORGANISATION

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
LEADING_MARK = re.compile(r"^\s*(?:([0-9]{1,2}|[a-f](?=\s))(?=\s*[A-ZА-ЯЁ«\"])|([¹²³⁴⁵⁶⁷⁸⁹⁰]+|[*†‡§]+))\s*")
POSITION = re.compile(
    r"(?i)^(?:ст\.\s*|старший\s+|ведущий\s+|главный\s+|младший\s+)?(?:преподаватель|доцент|профессор|аспирант\w*|магистрант\w*|"
    r"студент\w*|соискател\w*|научный сотрудник|заведующ\w+|директор|докторант\w*|ассистент|исследователь|"
    r"кандидат \w+ наук|доктор \w+ наук|канд\.\s*\w+\.\s*наук|д-р \w+\.\s*наук|senior lecturer|lecturer|"
    r"(?:associate |assistant )?professor|phd student|postgraduate|researcher|research fellow|head)\b\.?,?\s*")
ADDRESS = re.compile(r"(?i)\b[0-9]{6}\b|\bг\.\s*[А-ЯЁ]|^(?:Россия|Russia|Казахстан|Kazakhstan)\b")  # an address line
STREET = re.compile(r"(?i)\b(?:ул|пр|просп|пер|пл|д|корп|стр|бульв|ш)\.|\bулица\b|\bstr(?:eet|\.)|\bav(?:enue|\.)|\broad\b|[0-9]")
CITY_PREFIX = re.compile(r"^(?:г\.|город|пос\.|с\.)\s*", re.I)


class Places:
    """Is a word a country, a place? The gazetteer's countries, cities and regions, and pymorphy3's Geox for a
    Russian town it lacks."""

    def __init__(self, gazetteer, morph):
        self.gazetteer, self.morph = gazetteer, morph

    def country(self, text: str) -> bool:
        entry = self.gazetteer.lookup(text.strip(" .")) if text.strip(" .") else None
        return entry is not None and entry.kind == "country"

    def place(self, word: str) -> bool:
        entry = self.gazetteer.lookup(word) if word else None
        if entry is not None:
            return entry.label == "LOC"
        return any("Geox" in p.tag for p in self.morph.parse(word)[:3])


def city_of(affiliation: str, places: Places) -> tuple[str, str]:
    """`Омский государственный университет, Омск, Россия` → (`Омский государственный университет`, `Омск`);
    `644077, г. Омск, пр. Мира, 55а` → ('', `Омск`)."""
    affiliation = re.sub(r"\(([^()]*,[^()]*)\)", r", \1", re.sub(r"\(\s*\)", "", affiliation))  # `(Омск, Россия)`
    parts = [p.strip(" .;") for p in re.split(r"[,;]", affiliation) if p.strip(" .;")]
    country = next((i for i, p in enumerate(parts) if places.country(p)), None)
    before = parts[country - 1] if country else ""
    if before and not ORGANISATION.search(before) and not STREET.search(before) and len(before.split()) <= 3:
        return ", ".join(p for p in parts[:country - 1] if ORGANISATION.search(p)), CITY_PREFIX.sub("", before)
    organisation, city = [], ""
    for part in parts:
        plain = CITY_PREFIX.sub("", part)
        if ORGANISATION.search(part) or (not organisation and not city and len(part.split()) > 3):
            if not city:
                organisation.append(part)
            continue
        if places.country(part) or (STREET.search(part) and not part.lower().startswith(("г.", "город"))):
            continue
        if CITY_PREFIX.match(part):
            city = plain  # `г. Новосибирск` is surely the city
        elif not city and 1 <= len(plain.split()) <= 3 and plain[:1].isupper() and not plain.isupper():
            city = plain  # not an abbreviation (`НГМУ`)
    return ", ".join(organisation), city


def organisation(line: str) -> str:
    """The organisation of an affiliation line, with what follows it (city, country, address), but without a
    leading position or degree (`– канд. филол. наук, доцент, Санкт-Петербургский государственный университет`)."""
    line = LEADING_MARK.sub("", line).strip()
    line = EMAIL.sub("", line)
    line = re.sub(r"(?i)\b(?:e-?mail|эл\.\s*почта)\s*:?|https?://\S+|\bORCID\b:?", "", line)
    line = re.sub(r"\(\s*[,;]?\s*\)", "", line)  # the brackets an email stood in
    parts = [p.strip(" –—-") for p in re.split(r"[,;]", line)]
    first = next((i for i, p in enumerate(parts) if ORGANISATION.search(p)), None)
    org = ", ".join(p for p in parts[first:] if p) if first is not None else line
    while True:  # `Ст. преподаватель кафедры …`, `кандидат политических наук, доцент, …`
        shorter = POSITION.sub("", org, count=1).strip(" ,;.–—-")
        if shorter == org:
            return org
        org = shorter

"""Names in a byline: `Маршания Л.В., Нефёдова М.А.`, `В.Д.Красильников, Москва`, `А. С. Злобин¹, А. О. Залевский²*`,
`Алымкулова Айнура Сатылгановна`, `John A. Smith1,2, Maria Petrova3`.

`parse_byline(line)` reads a line that is nothing but names (with affiliation markers and, at its end, a city);
`Name` splits a name into surname, initials, given name and patronymic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

UP, LOW = "A-ZА-ЯЁÀ-ÖØ-ÞІЎӘҒҚҢӨҰҮҺ", "a-zа-яёß-öø-ÿā-žіўәғқңөұүһ"  # Latin with diacritics, Belarusian, Kazakh
WORD = rf"[{UP}][{LOW}'’]+(?:[{UP}][{LOW}]+)?(?:-[{UP}][{LOW}'’]+)?"  # Иванова, O'Brien, McLean, Аль-Фараби
PARTICLE = r"(?:(?:van|von|de|der|du|da|di|le|la|ибн|ван|фон|де)\s+)"
SURNAME = rf"{PARTICLE}?{WORD}"
CAPS_SURNAME = rf"[{UP}]{{2,}}(?:-[{UP}]{{2,}})?(?![{LOW}])"  # `Е. Н. ПОНОМАРЁВА`: a surname set in capitals
INITIAL = rf"[{UP}][{LOW}]?\.(?:\s?-\s?[{UP}]\.)?"  # Л. / Дж. / Ж.-К.
INITIALS = rf"{INITIAL}(?:\s?{INITIAL}){{0,2}}"
PATRONYMIC = r"[А-ЯЁ][а-яё]+(?:вич|вна|ична|инична|чна|оглы|кызы|улы|уулу|қызы)"
# A marker ties a name to its affiliation: `В.1`, `Иванова¹`, `Smith1,2*`, `Петров С.А.2, *`.
MARK = (r"(?:(?<=[\w.])[0-9]{1,2}(?:,\s?[0-9]{1,2}(?![0-9])(?=\s*(?:,|$|\band\b|\bи\b)))*|\s?[¹²³⁴⁵⁶⁷⁸⁹⁰*†‡§]+(?:,\s?[¹²³⁴⁵⁶⁷⁸⁹⁰*†‡§]+)*"
        r"|(?<=[а-яё.])\s?[a-f](?![\w])|(?<=[a-zß-ÿ])\s[a-f](?=\s*(?:,|$|\band\b)))\*?")  # `Ли a`, `Smith a,`
FORMS = {
    "surname_initials": rf"(?P<s1>{SURNAME}|{CAPS_SURNAME})(?P<m1>[0-9¹²³⁴⁵⁶⁷⁸⁹*]{{1,2}}(?:,[0-9]{{1,2}})*)?,?\s+(?P<i1>{INITIALS})",
    "initials_surname": rf"(?P<i2>{INITIALS})\s?(?P<s2>{SURNAME}|{CAPS_SURNAME})(?!\s?[{UP}][{LOW}]?\.)",
    "surname_given_patronymic": rf"(?P<s3>{WORD})\s+(?P<g3>{WORD})\s+(?P<p3>{PATRONYMIC})",
    "given_patronymic_surname": rf"(?P<g4>{WORD})\s+(?P<p4>{PATRONYMIC})\s+(?P<s4>{WORD})",
    "given_surname": rf"(?P<g5>{WORD})\s+(?:(?P<i5>{INITIALS})\s?)?(?P<s5>{SURNAME})",
}
COMPILED = [re.compile(f"(?P<{k}>{v})") for k, v in FORMS.items()]
LATIN = re.compile(r"[A-Za-z]")
SEPARATOR = re.compile(r"\s*(?:,|;|\band\b|&|\bи\b)\s*|\s+(?=\S)")
# Words that make a line an affiliation: `Омский государственный университет`, `Department of …`.
ORGANISATION = re.compile(
    r"(?i)университет|институт|академи|колледж|центр\b|лаборатор|кафедр|факультет|школ[аы]\b|\bРАН\b|\bНИИ\b|ФГБОУ|"
    r"ФГАОУ|ФГБУ|\bГБОУ|\bООО\b|\bАО\b|компани|министерств|больниц|клиник|музе[йя]|библиотек|обсерватор|агентств|"
    r"university|institute|academy|college|cent(?:er|re)\b|laborator|department|faculty|school|\bltd\b|\binc\b|"
    r"company|ministry|hospital|clinic|museum|library|observatory|agency")
# Words no person is called: an organisation's, a place's, a heading's.
NOT_A_NAME = re.compile(
    ORGANISATION.pattern + r"|(?i:россия|russia|федерац|federation|республик|republic|область|oblast|region|край|"
    r"государствен|national|state|abstract|аннотаци|keywords|введение|introduction|journal|вестник|известия|bulletin|"
    r"review|обозрение|proceedings|\b(?:paper|article|original|research|report|chapter|study|статья|доклад|student|"
    r"professor|lecturer|researcher|postgraduate|candidate|doctor|fellow|assistant|associate|senior|junior|director|dr|sci|econ)\b)")


@dataclass
class Name:
    text: str  # as written
    start: int  # offsets in the line
    end: int
    form: str  # a key of FORMS
    surname: str
    initials: str = ""  # `Л.В.`
    given: str = ""
    patronymic: str = ""
    markers: list[str] = field(default_factory=list)
    note: str = ""  # `Д.Р. Абдуллаева (Ташкентский государственный университет, г. Ташкент)`: the bracket

    @property
    def short(self) -> str:
        """`Маршания Л.В.`: the form the documents table lists."""
        return f"{self.surname} {self.initials}".strip()


def _initials(*words: str) -> str:
    return "".join(f"{w[0]}." for w in words if w)


def _squeeze(initials: str) -> str:
    return re.sub(r"\s+", "", initials or "")


def read_name(m: re.Match) -> Name:
    g = m.groupdict()
    form = m.lastgroup
    if form == "surname_initials":
        surname, initials, given, patronymic = g["s1"], _squeeze(g["i1"]), "", ""
    elif form == "initials_surname":
        surname, initials, given, patronymic = g["s2"], _squeeze(g["i2"]), "", ""
    elif form == "surname_given_patronymic":
        surname, given, patronymic = g["s3"], g["g3"], g["p3"]
        initials = _initials(given, patronymic)
    elif form == "given_patronymic_surname":
        surname, given, patronymic = g["s4"], g["g4"], g["p4"]
        initials = _initials(given, patronymic)
    else:
        surname, given, patronymic = g["s5"], g["g5"], ""
        initials = _initials(given) + _squeeze(g["i5"])
    if surname.isupper():
        surname = "-".join(part.capitalize() for part in surname.split("-"))
    marks = _markers(g["m1"]) if form == "surname_initials" and g.get("m1") else []  # `Иванова1 Е.В.`
    return Name(m.group(), m.start(), m.end(), form, surname, initials, given, patronymic, marks)


def _longest_name(text: str, pos: int, given) -> Name | None:
    """The longest reading of a name at `pos` (`John A. Smith`, not `John A.`) that is a name."""
    found = sorted((m for p in COMPILED if (m := p.match(text, pos))), key=lambda m: -m.end())
    for m in found:
        if NOT_A_NAME.search(m.group()):
            continue
        name = read_name(m)
        if name.form == "given_surname" and not (LATIN.match(name.given) or (given and given(name.given))):
            continue
        return name
    return None


def _markers(text: str) -> list[str]:
    marks = re.findall(r"[0-9]{1,2}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|[*†‡§]+|(?<![\w])[a-f](?![\w])", text)  # `**`: one mark
    table = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
    return [m.translate(table) for m in marks]


def parse_byline(line: str, place=None, given=None) -> tuple[list[Name], str] | None:
    """The names of a byline and what follows them (a city: `Москва`; an affiliation run into the line), or None
    if `line` does not start with a list of names. `place(word)` says whether a word is a place (the city);
    `given(word)` whether it is a first name (`Мария Петрова` has no initials to tell it is a name)."""
    names, pos = [], 0
    text = line.rstrip()
    while pos < len(text):
        name = _longest_name(text, pos, given)
        if not name:
            break
        end = name.end
        mark = re.compile(MARK).match(text, end)
        if mark and mark.end() > end:
            name.markers += _markers(mark.group())
            end = mark.end()
        note = re.compile(r"\s*\(([^()]{3,300})\)").match(text, end)
        if note:
            name.note, end = note.group(1).strip(), note.end()
        names.append(name)
        sep = SEPARATOR.match(text, end)
        pos = sep.end() if sep else end
        if not sep or sep.end() == sep.start():
            break
    if not names:
        return None
    rest = text[pos:].strip(" ,;.")
    if not re.search(r"\w", rest):
        rest = ""  # `✉`
    if not rest:
        return names, ""
    if place and len(rest.split()) <= 3 and all(place(w) for w in re.findall(r"[^\W\d_]+", rest)[:1]):
        return names, rest  # `В.Д.Красильников, Москва`
    if pos and text[pos - 1] in ", " and NOT_A_NAME.search(rest):
        return names, rest  # an affiliation on the byline's line
    if len(names) >= 2 and not re.match(rf"[{LOW}]", rest):
        return names, rest
    return None


def leading_name(line: str, given=None) -> Name | None:
    """The name an author note starts with: `Маршания Лариса Валерьевна – кандидат политических наук, …`."""
    name = _longest_name(line, 0, given)
    return name if name and re.match(r"\s*(?:[,–—(-]|$)", line[name.end:]) else None


@lru_cache(maxsize=8192)  # the cleaner asks about every line twice (as the line before and after a break)
def is_byline(line: str) -> bool:
    """A line that is a list of names and nothing else (markers and punctuation aside)."""
    parsed = parse_byline(line)
    return bool(parsed) and not parsed[1] and all(n.form != "given_surname" or len(n.initials) > 2 for n in parsed[0])

"""The date rules: named regular expressions with their value builders, for dates written with their year,
for dates that take a year from elsewhere (`27 декабря`, `в прошлом году`) and for durations (`за 7 лет`)."""

from __future__ import annotations

import calendar
import re

from ..core import text
from ..core.schema import DateMention
from ..core.stages import longest_first

YEAR = rf"({text.YEAR})"  # the year as a group
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
NO_YEAR = rf"(?![\s,]*{YEAR}(?![0-9]))"  # `27 декабря` with no year after it
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
    # `с 21 сентября по 13 октября 2006 года`: the year written once, at the end
    ("ru_day_month_range", rf"{B}с\s+{DAY}\s+{RU_MONTH}\s+(?:{YEAR}{RU_YEAR_WORD}?\s+)?(?:по|до)\s+{DAY}\s+{RU_MONTH}\s+"
                           rf"{YEAR}{RU_YEAR_WORD}?{E}",
     lambda m: (interval(ymd(m[3] or m[6], ru_month(m[2]), m[1]), ymd(m[6], ru_month(m[5]), m[4])), "range")),
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
    ("ru_year_ordinal", rf"{B}{YEAR}-(?:й|го|му|м|ом)(?:{RU_YEAR_WORD})?{E}",  # `в 2018-м`, `к 2030-му`, `2009-й год`
     lambda m: (m[1], "year")),
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


# ------------------------------------------------------------------ a year from elsewhere, durations

RU_MONTH_GEN = r"((?:январ|феврал|апрел|июн|июл|сентябр|октябр|ноябр|декабр)я|(?:март|август)а|мая)"  # `27 декабря`
RU_MONTH_LOC = r"(?-i:((?:январ|феврал|март|апрел|ма|июн|июл|август|сентябр|октябр|ноябр|декабр)е))"  # `в декабре`
EN_MONTH_FULL = r"(?-i:(January|February|March|April|May|June|July|August|September|October|November|December))"
RU_REL = {"позапрошл": -2, "прошл": -1, "минувш": -1, "предыдущ": -1, "прошедш": -1, "текущ": 0, "нынешн": 0,
          "эт": 0, "сего": 0, "следующ": 1, "будущ": 1, "наступающ": 1, "предстоящ": 1}
EN_REL = {"last": -1, "previous": -1, "preceding": -1, "this": 0, "current": 0, "same": 0, "next": 1, "following": 1}
RU_REL_WORD = r"(?P<rel>(?:сего|(?:" + "|".join(k for k in RU_REL if k != "сего") + r")(?:ого|его|ий|ый|ом|ем|ому|ему|им|ым|от)))"
RU_NUMBERS = {  # the forms a count of years, months, weeks or days takes (pymorphy3 would give the same normal forms)
    1: "один одного одному одним одном одна одной одну", 2: "два две двух двум двумя", 3: "три трёх трех трём трем тремя",
    4: "четыре четырёх четырех четырём четырем четырьмя", 5: "пять пяти пятью", 6: "шесть шести шестью",
    7: "семь семи", 8: "восемь восьми восемью", 9: "девять девяти девятью", 10: "десять десяти десятью",
    11: "одиннадцать одиннадцати", 12: "двенадцать двенадцати", 13: "тринадцать тринадцати",
    14: "четырнадцать четырнадцати", 15: "пятнадцать пятнадцати", 16: "шестнадцать шестнадцати",
    17: "семнадцать семнадцати", 18: "восемнадцать восемнадцати", 19: "девятнадцать девятнадцати",
    20: "двадцать двадцати", 30: "тридцать тридцати", 40: "сорок сорока", 50: "пятьдесят пятидесяти", 100: "сто ста",
    1.5: "полтора полторы полутора",
}
EN_NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten",
              11: "eleven", 12: "twelve", 13: "thirteen", 14: "fourteen", 15: "fifteen", 16: "sixteen", 17: "seventeen",
              18: "eighteen", 19: "nineteen", 20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 100: "hundred"}
NUMBER_WORDS = {w: n for table in (RU_NUMBERS, EN_NUMBERS) for n, words in table.items() for w in words.split()}
RU_TENS = "|".join(w for n, ws in RU_NUMBERS.items() if n in (20, 30, 40, 50) for w in ws.split())
EN_TENS = "|".join(EN_NUMBERS[n] for n in (20, 30, 40, 50))
RU_WORDS = sorted((w for ws in RU_NUMBERS.values() for w in ws.split()), key=len, reverse=True)
RU_COUNT = (rf"((?:(?:{RU_TENS})\s+)?(?:" + "|".join(RU_WORDS) +
            r")|[0-9]{1,3}(?:,[0-9]{1,2})?)")
EN_COUNT = rf"((?:(?:{EN_TENS})[- ])?(?:" + "|".join(EN_NUMBERS.values()) + r")|[0-9]{1,3}(?:\.[0-9]{1,2})?)"
RU_UNITS = {"лет": "Y", "год": "Y", "месяц": "M", "недел": "W", "ден": "D", "дн": "D", "сут": "D"}
RU_UNIT = r"(лет|год(?:а|ом)?|месяц(?:а|ев|ы|ам|ами)?|недел(?:я|и|ю|ь|ями)|день|дн(?:я|ей|ям|ями)|сут(?:ки|ок))"
EN_UNIT = r"(years?|months?|weeks?|days?)"
A = r"(?<![\w./-])"  # before a word: not inside a word, a number, a DOI or a URL
N = r"(?<![\w.,/-])"  # before a count: not the decimals of `1234,5`
# what a Russian count starts with: the regex engine tries the ~90 alternatives of RU_COUNT only where one may start
RU_COUNT_START = "(?=[0-9" + "".join(sorted({w[0] for w in RU_WORDS})) + "])"


def count(words: str) -> float:
    """`7`, `5,5`, `трёх`, `двадцать пять`, `twenty-five` → the number; ValueError for a look-alike (`ᲂдного`)."""
    if words[0].isdigit():
        return float(words.replace(",", "."))
    parts = re.split(r"[\s-]+", words.lower())
    if not all(p in NUMBER_WORDS for p in parts):
        raise ValueError(words)
    return float(sum(NUMBER_WORDS[p] for p in parts))


def duration(n: float, unit: str) -> str:
    """ISO 8601: (7, `Y`) → `P7Y`, (5.5, `Y`) → `P5.5Y`."""
    return f"P{n:g}{unit}"


def ru_unit(word: str) -> str:
    return next(code for stem, code in RU_UNITS.items() if word.lower().startswith(stem))


def en_unit(word: str) -> str:
    return word.lower()[0].upper() if word.lower()[0] in "ymwd" else ""


def rel(word: str, table: dict) -> int:
    """`прошлом` → -1, `next` → 1 (by stem); ValueError for a look-alike."""
    for stem, delta in table.items():
        if word.lower().startswith(stem):
            return delta
    raise ValueError(word)


def ago(m, y: int) -> str:
    n = count(m["n"]) if m["n"] and m["n"].lower() != "a" else 1
    if not n.is_integer():
        raise ValueError(m["n"])
    return str(y - int(n))


def days(m, y: int, month: int) -> str | None:
    """`с 1 по 5 марта`, `21–22 октября` → an interval; `17 и 18 апреля` too, two days in a row (`18, 23 и 26 января`
    are days apart)."""
    if "и" in m["sep"] and int(m[3]) != int(m[1]) + 1:
        return None
    return interval(ymd(y, month, m[1]), ymd(y, month, m[3]))


# (name, pattern, value builder (match, anchor year) → (value, precision)); IGNORECASE except where `(?-i:` says;
# a group `d`, where there is one, is the span. The anchor is the document's year, else the year written last before
# the mention in its section (see anchors_of).
ANCHORED_RULES = [
    ("ru_day_month_span", rf"{B}с\s+{DAY}\s+{RU_MONTH_GEN}\s+(?:по|до)\s+{DAY}\s+{RU_MONTH_GEN}{NO_YEAR}{E}",
     lambda m, y: (interval(ymd(y, ru_month(m[2]), m[1]), ymd(y, ru_month(m[4]), m[3])), "range")),
    ("ru_days_month", rf"{B}(?:с\s+)?{DAY}(?P<sep>\s*(?:[–—-]|по)\s*|\s+и\s+){DAY}\s+{RU_MONTH_GEN}{NO_YEAR}{E}",
     lambda m, y: (days(m, y, ru_month(m[4])), "range")),
    ("ru_day_list", rf"{B}{DAY}(?=(?:\s*,\s*{DAY}){{0,8}}\s*(?:,|\sи|\sили)\s*{DAY}\s+{RU_MONTH_GEN}{NO_YEAR}{E})",  # `17` и 18 апреля
     lambda m, y: (ymd(y, ru_month(m[4]), m[1]), "day")),
    ("ru_day_month_rel", rf"{B}{DAY}\s+{RU_MONTH_GEN}\s+{RU_REL_WORD}\s+года{E}",
     lambda m, y: (ymd(y + rel(m["rel"], RU_REL), ru_month(m[2]), m[1]), "day")),
    ("ru_day_month", rf"{B}{DAY}\s+{RU_MONTH_GEN}{NO_YEAR}{E}",
     lambda m, y: (ymd(y, ru_month(m[2]), m[1]), "day")),
    ("ru_month_rel", rf"{A}{RU_MONTH}\s+{RU_REL_WORD}\s+года{E}",
     lambda m, y: (ym(y + rel(m["rel"], RU_REL), ru_month(m[1])), "month")),
    ("ru_month_anaphoric", rf"{A}{RU_MONTH}\s+(?:того|этого)\s+же\s+года{E}",
     lambda m, y: (ym(y, ru_month(m[1])), "month")),
    ("ru_month", rf"{A}(?:в|во)\s+(?P<d>{RU_MONTH_LOC}){NO_YEAR}{E}",
     lambda m, y: (ym(y, ru_month(m["d"])), "month")),
    ("ru_month", rf"{A}(?:(?:в|к)\s+(?:начал[еу]|конц[еу]|середин[еу]|(?:перв|втор)(?:ой|ую)\s+половин[еу])|с|до|после)\s+"
                 rf"(?P<d>(?-i:{RU_MONTH_GEN})){NO_YEAR}{E}",
     lambda m, y: (ym(y, ru_month(m["d"])), "month")),
    ("ru_rel_year", rf"{A}(?P<d>{RU_REL_WORD}\s+год(?:а|у|ом)?){E}",
     lambda m, y: (str(y + rel(m["rel"], RU_REL)), "year")),
    ("ru_anaphoric_year", rf"{A}(?P<d>(?:тот|том|того)\s+же\s+год(?:а|у)?){E}",
     lambda m, y: (str(y), "year")),
    ("ru_years_ago", rf"{A}(?P<d>(?:(?P<n>{RU_COUNT})\s+(?:год|года|лет)|год)\s+назад){E}",
     lambda m, y: (ago(m, y), "year")),
    ("en_day_month", rf"{B}{DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?{EN_MONTH_FULL}{NO_YEAR}{E}",
     lambda m, y: (ymd(y, en_month(m[2]), m[1]), "day")),
    ("en_month_day", rf"{A}{EN_MONTH_FULL}\s+{DAY}(?:st|nd|rd|th)?{NO_YEAR}{E}",
     lambda m, y: (ymd(y, en_month(m[1]), m[2]), "day")),
    ("en_month_rel", rf"{A}{EN_MONTH_FULL}\s+(?:of\s+)?(?P<rel>last|this|next)\s+year{E}",
     lambda m, y: (ym(y + rel(m["rel"], EN_REL), en_month(m[1])), "month")),
    ("en_month", rf"{A}(?:(?:in|since|until|till|by(?!\s+May\b)|during|before|after|early|late|mid|"
                 rf"(?:the\s+)?(?:end|beginning|middle)\s+of)\s+|mid-)(?P<d>{EN_MONTH_FULL})(?!['’]s){NO_YEAR}{E}",
     lambda m, y: (ym(y, en_month(m["d"])), "month")),
    ("en_rel_year", rf"{A}(?<!the\s)(?P<d>(?P<rel>last|this|next)\s+year)(?![\w-])",
     lambda m, y: (str(y + rel(m["rel"], EN_REL)), "year")),
    ("en_anaphoric_year", rf"{A}(?P<d>the\s+(same|following|previous|preceding)\s+year)(?![\w-])",
     lambda m, y: (str(y + rel(m[2], EN_REL)), "year")),
    ("en_years_ago", rf"{A}(?P<d>(?P<n>{EN_COUNT}|a)\s+years?\s+ago){E}",
     lambda m, y: (ago(m, y), "year")),
]
ANAPHORIC = {"ru_anaphoric_year", "ru_month_anaphoric", "en_anaphoric_year"}  # `того же года`: only after a year
DEICTIC = {"ru_years_ago", "en_years_ago"}  # `5 лет назад`: only from the document's date
SEQUENCE = ("следующ", "предыдущ")  # `в следующем году` counts from the year before it as well as from the document's


def anchors_of(rule: str, m) -> tuple[str, ...]:
    """Where a mention may take its year from. `в прошлом году`, `этого года`, `last year`, `5 лет назад` count
    from the time of writing: only the document's date gives it (on factRuEval's news, taken from the year written
    before them 2 of 16 were right: `По итогам 2005 года … В прошедшем году` is not 2004)."""
    if rule in ANAPHORIC:
        return ("context",)
    word = (m.groupdict().get("rel") or "").lower()
    if rule in DEICTIC or (word and not word.startswith(SEQUENCE)):
        return ("document",)
    return ("document", "context")


DURATION_RULES = [  # (name, pattern, value builder → ISO 8601 duration); `5 лет назад` is a date, not a duration
    ("ru_duration", rf"{N}{RU_COUNT_START}(?P<n>{RU_COUNT})\s+(?P<u>{RU_UNIT})(?![\w-])(?!\s+назад)",
     lambda m: duration(count(m["n"]), ru_unit(m["u"]))),
    ("ru_duration", rf"{A}пол(?:у)?года(?![\w-])(?!\s+назад)", lambda m: "P6M"),
    ("en_duration", rf"{N}(?P<n>{EN_COUNT})\s+(?P<u>{EN_UNIT})(?![\w-])(?!\s+ago)",
     lambda m: duration(count(m["n"]), en_unit(m["u"]))),
]
ANCHORED = [(name, re.compile(pattern, re.I), build) for name, pattern, build in ANCHORED_RULES]
DURATIONS = [(name, re.compile(pattern, re.I), build) for name, pattern, build in DURATION_RULES]

# A rule is tried only on a text where its gate occurs: a part that every match of the rule contains, without the
# rule's context, so a text without the gate has no match of the rule (two rules of one name: either's part). Most
# rules match in few texts, a gate is cheap to look for, and one gate is looked for once per text for all its rules.
GATE_OF = {
    **dict.fromkeys(("ru_month_range", "ru_year_range", "en_month_range", "en_year_range", "year_span", "ru_day_range",
                     "ru_day_month_range", "ru_day_month_year", "en_day_month_year", "en_month_day_year",
                     "numeric_date", "ru_month_year", "en_month_year", "ru_season", "en_season", "ru_year_ordinal",
                     "ru_year", "en_year", "ru_year_prep"), YEAR),
    "ru_decade": r"(?:1[7-9][0-9]|20[0-9])0", "ru_decade_short": r"[2-9]0-?(?:е|х|ые|ых)",
    "en_decade": r"(?:1[7-9][0-9]|20[0-9])0s", "en_decade_short": r"['’][2-9]0s",
    "ru_century": r"[IVX]\s+(?:век|в\.|вв\.)", "en_century": "century",
    **dict.fromkeys(("ru_day_month_span", "ru_days_month", "ru_day_list", "ru_day_month_rel", "ru_day_month"),
                    RU_MONTH_GEN),
    **dict.fromkeys(("ru_month_anaphoric", "ru_anaphoric_year"), r"же\s+год"), "ru_years_ago": "назад",
    **dict.fromkeys(("en_day_month", "en_month_day", "en_month"), EN_MONTH_FULL),
    **dict.fromkeys(("en_rel_year", "en_anaphoric_year", "en_month_rel"), "year"), "en_years_ago": "ago",
    "en_duration": EN_UNIT,
}  # a gate that most texts hold, or one as slow to look for as its rule, is left out
GATES = {gate: re.compile(gate, re.I) for gate in set(GATE_OF.values())}


class Gates:
    """Which gates occur in one text, each looked for once."""

    def __init__(self, text: str):
        self.text, self.found = text, {}

    def __call__(self, rule: str) -> bool:
        gate = GATE_OF.get(rule)
        if gate is None:
            return True
        if gate not in self.found:
            self.found[gate] = GATES[gate].search(self.text) is not None
        return self.found[gate]


def find_anchored(text: str, gates: Gates | None = None) -> list:
    """Expressions that need a year from elsewhere: (DateMention without a value, builder(match, year))."""
    found, gates = [], gates or Gates(text)
    for name, pattern, build in ANCHORED:
        for m in pattern.finditer(text) if gates(name) else ():
            start, end = m.span("d") if "d" in pattern.groupindex else m.span()
            found.append((DateMention(start, end, text[start:end], "", "", "", name), m, build))
    return found


def resolve(mention: DateMention, m, build, year: int, inferred: str) -> DateMention | None:
    """The mention with the value its rule builds from `year`; None where there is no such date (`30 февраля`)."""
    try:
        value, precision = build(m, year)
    except ValueError:
        return None
    if not value or not 1000 <= int(value[:4]) <= 2999:
        return None
    mention.value, mention.precision, mention.inferred = value, precision, inferred
    return mention


def find_durations(text: str, gates: Gates | None = None) -> list[DateMention]:
    """`за 7 лет` → `P7Y`, `более 5,5 лет` → `P5.5Y`, `в течение трёх лет` → `P3Y`, `for seven years` → `P7Y`."""
    found, gates = [], gates or Gates(text)
    for name, pattern, build in DURATIONS:
        for m in pattern.finditer(text) if gates(name) else ():
            try:
                value = build(m)
            except (ValueError, StopIteration):
                continue
            if re.fullmatch(r"P[0-9]+(?:\.[0-9]+)?[YMWD]", value) and value[1:-1] not in ("0",):
                found.append(DateMention(m.start(), m.end(), m.group(), value, "duration", "", name, "duration"))
    return longest_first(found)

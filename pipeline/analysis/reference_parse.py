"""One reference-list entry parsed into its fields: authors, year, title, container, volume, issue, pages, DOI,
URL, access date and style.

GOST: `Иванов И.И., Петров П.П. Название // Журнал. 2019. Т. 5, № 3. С. 10–20.`,
      `Анисимов, А.В. Название / А.В. Анисимов. – М.: Наука, 2010. – 240 с.`
APA/Harvard: `Smith, J. R., & Jones, M. E. (2015). Title. Journal, 7(1), 1–20.`
Vancouver: `Smith JR, Jones ME. Title. Journal. 2015;7(1):1-20.`
Transliterated: `Ivanov I.I. Nazvanie [Title]. Zhurnal, 2019, vol. 5, no. 3, pp. 10–20. (In Russ.)`
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .reference_links import MONTH, YEAR, take_links

UP, LOW = "A-ZА-ЯЁÀ-ÖØ-ÞĀ-ŽӘҒҚҢӨҰҮҺІЎ", "a-zа-яёß-öø-ÿā-žәғқңөұүһіў'’"  # with Latin Extended-A, Kazakh, Belarusian
SURNAME = (rf"(?:(?:van|von|de|der|den|du|da|di|del|la|le|ten|ter|al|el|bin|ibn)[\s-])*"
           rf"(?:Mc|Mac|O['’])?[{UP}][{LOW}]+(?:[-‐][{UP}][{LOW}]+|\s[A-Z][a-z]+(?=,?\s[A-Z]\.))?")  # Santos Silva J.M.C.
INITIAL = rf"[{UP}][{LOW}]{{0,2}}\."
INITIALS = rf"{INITIAL}(?:\s?-?\s?{INITIAL}){{0,2}}"
AUTHOR = re.compile(
    rf"(?P<s1>{SURNAME})(?:,\s*|\s+)(?P<i1>{INITIALS})"  # Иванов И.И., Анисимов, А.В., Smith, J. R.
    rf"|(?P<i2>{INITIALS})\s*(?P<s2>{SURNAME})"  # А.В. Анисимов, J. R. Smith
    rf"|(?P<s3>[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?)\s+(?P<i3>[A-Z]{{1,3}})(?=[,.;:\s]|$)"  # Vancouver: Smith JR
    rf"|(?P<s4>{SURNAME}),\s(?P<g4>[A-Z][a-z]+)(?:\s[A-Z][a-z]+)?(?:\s(?P<i4>[A-Z]\.))?(?=\.\s(?:19|20)[0-9]{{2}}|,\s)"
    rf"|(?<=and\s)(?P<g5>[A-Z][a-z]+)\s(?:(?P<i5>[A-Z]\.)\s)?(?P<s5>{SURNAME})(?=\.\s(?:19|20)[0-9]{{2}})"
    rf"|(?<=,\s)(?P<g6>[A-Z][a-z]+)\s(?:(?P<i6>[A-Z]\.)\s)?(?P<s6>{SURNAME})(?=,\s(?:and\s)?[A-Z])")
# (the last: Chicago, `Anderson, Bridget. 2000.`, `Kindler, Marta, …`: a first name in full)
SEPARATOR = re.compile(r"\s*(?:,\s*(?:&|and\b|и\b|…|\.\.\.)?|;|&|\band\b|\bи\b)\s*")
ET_AL = re.compile(r",?\s*(?:et al\.?|\[?и др\.?\]?)")
EDITOR = re.compile(r"\s*(?:\((?:[Ee]ds?|[Рр]ед|[Сс]ост)\.?\)|,?\s*(?:[Ee]ds?\.|[Рр]ед\.))\.?")
EDITOR_WORDS = re.compile(r"под\s+(?:общ\.\s+|науч\.\s+)?ред|отв\.\s*ред|\bред\.|\bсост\.|\bпер\.|\beds?\.|edited by", re.I)
NUMBER = re.compile(r"^\s*\[?([0-9]{1,3})(?:[.)\]]\s*|\s+(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]))")  # `1.`, `[1]`, `1 Алтынсарин`
MARKERS = re.compile(r"[(\[]\s*[Ii]n\s+(?:Russ|Kaz|Ukr|Belarus|Kyrg|Uzb|Mongol|Chin)[a-z]*\.?[^)\]]*[)\]]\.?|\[(?:Электронный ресурс|Electronic "
                     r"resource|Текст|Text|Online)\]|\b(?:EDN|ISBN|ISSN)\s*:?\s*[0-9A-Z-]+[.,]?", re.I)
VOLUME = re.compile(r"(?:\bТ\.|\bТом\b|\b[Vv]ol\.?|\bTom\b|\bBd\.)\s*([0-9]+[A-Za-zА-Яа-я]?)")
ISSUE = re.compile(r"(?:№|\b[Nn]o\.?|\bNr\.?|\b[Вв]ып\.|\b[Ii]ss\.|\b[Ii]ssue|\bIs\.)\s*"
                   r"([0-9]+(?:\s*[–/-]\s*[0-9]+)?[A-Za-zА-Яа-я]?)")
PAGE = r"[0-9IVXLCivxlc]+(?:\s*[–—-]\s*[0-9IVXLCivxlc]+)?"
PAGE_RANGE = r"[0-9A-Za-z]+(?:\s*[–—-]\s*[0-9A-Za-z]+)?"  # APA: also an article number (e12345)
PAGES = re.compile(rf"(?:\b[СсPpS]|\bpp|\bPp|\b[Сс]тр)\.\s*({PAGE})(?![0-9])")
PAGE_COUNT = re.compile(r"(?<![0-9.–—-])([0-9]+)\s*(?:с|p|pp|S|стр)\.")
VANCOUVER = re.compile(rf"{YEAR}[^;]*;\s*([0-9]+)\s*(?:\(([^)]+)\))?\s*(?::\s*({PAGE}))?")
APA_JOURNAL = re.compile(rf",\s*(?:vol\.\s*)?([0-9]+)\s*(?:\(([^)]+)\)|,\s*no\.\s*([0-9]+))?\s*(?:[,:]\s*(?:pp?\.\s*)?"
                         rf"({PAGE_RANGE}))?\.?$")
HARVARD_JOURNAL = re.compile(rf"\s([0-9]+)\s*\(([^)]+)\)\s*:\s*({PAGE_RANGE})\.?$")  # Journal 7(1): 1–20
ELSEVIER = re.compile(rf"^(?P<title>.+?),\s*(?P<container>[^,]+?)\s+(?P<volume>[0-9]+)\s*\((?P<year>{YEAR})\)\s*"
                      rf"(?:(?P<pages>{PAGE_RANGE})\.?)?$")  # A. Smith, Title, Journal 45 (2016) 101–112
APA_YEAR = re.compile(rf"\s*\(({YEAR})[a-z]?(?:,[^)]*)?\)\.?\s*|\s*\((?:n\.\s?d\.|б\.\s?г\.)\)\.?\s*")
HARVARD_YEAR = re.compile(rf"\s*({YEAR})[a-z]?\.\s+")
CITY = r"[A-ZА-ЯЁ][A-Za-zА-Яа-яёЁ]*\.?(?:(?:\s|-|;\s?)(?:[A-ZА-ЯЁ][A-Za-zА-Яа-яё]*\.?|на-[А-Я][а-я]+|н/Д))?(?:,\s[A-Z]{2})?"
PUBLICATION = re.compile(  # where the title (and container) ends: the place of publication, the year, the volume
    rf"(?:(?<![0-9])[.,]\s*|[.,]\s+)(?:[–—-]\s*)?(?={CITY}\s*:\s*[^:]{{0,100}}?[,;]\s*{YEAR}|{YEAR}(?![0-9])"
    rf"|(?:Т|Vol|vol|№|No|no|Вып|С|P|pp)\.?\s*[0-9])")
IN_CONTAINER = re.compile(r"(?:[.?!]\s+|\s)(?:In:?|В кн\.:?|В сб\.:?|В:)\s+(?=\S)")
DISSERTATION = re.compile(r"(?:\s*:\s*(?:дис|автореф|dis|diss|Cand|PhD)|\.\s+(?:Cand|Dr|Doct|Doctoral|PhD))[.\s].*$",
                          re.I | re.S)  # `: дис. … канд. полит. наук`, `. Cand. Diss.`
LAW_DATE = re.compile(  # an official document's own date: `от 05.12.2016`, `(принята … 12.12.1993)`, `signed … on 29 May 2014`
    rf"(?:\b(?:от|of|from)|\((?:подписан|принят|утвержд|signed|adopted|approved)[^()]{{0,60}}?)\s+(?:on\s+)?"
    rf"(?:[0-9]{{1,2}}\.[0-9]{{2}}\.|[0-9]{{1,2}}\s+{MONTH}\s+)({YEAR})")
ORG_WORDS = re.compile(r"министерств|ministry|служб|service|росстат|госкомстат|правительств|government|организаци|"
                       r"organi[sz]ation|банк|bank|агентств|agency|комитет|committee|комисси|commission|council|совет|"
                       r"фонд|fund|институт|institute|центр|cent(?:re|er)|office|бюро|bureau|ассоциаци|association|"
                       r"union|союз|observatory", re.I)
ACRONYM = re.compile(r"^[A-ZА-ЯЁ]{2,}(?:\s[A-ZА-ЯЁ]{2,})*$")  # OECD, ООН, МИД РФ
ABBREVIATIONS = {"г", "гг", "в", "вв", "т", "д", "др", "им", "см", "ст", "св", "ул", "обл", "St", "Dr", "Mr", "Mrs", "vs",
                 "No", "Vol", "Т", "Вып", "Ч", "Кн", "сб", "тр", "науч", "ред", "изд", "соч", "etc", "e.g", "i.e", "al",
                 "ун-та", "гос", "пос", "ст-ц", "сер", "Ser", "вып", "матер", "конф", "докл"}


@dataclass
class Reference:
    """One cited work. `text` is the entry as written (wrapped lines joined), `text_translit` the same work's entry
    in the transliterated list; start/end are the offsets of `text` in the document."""

    ref_id: str
    text: str
    number: str = ""
    authors: list[str] = field(default_factory=list)
    year: str = ""
    title: str = ""
    container: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    url: str = ""
    accessed: str = ""
    style: str = ""
    text_translit: str = ""
    authors_translit: list[str] = field(default_factory=list)  # for linking `(Galiev, 2018)`; not a column
    start: int = 0
    end: int = 0


def parse_reference(text: str, ref_id: str) -> Reference:
    """The fields of one entry (numbered or not) as written in a reference list."""
    ref = Reference(ref_id, text)
    number = NUMBER.match(text)
    ref.number = number.group(1) if number and number.end() < len(text) else ""
    body = " ".join(text[number.end() if ref.number else 0:].split())
    body = take_links(ref, body)
    body = MARKERS.sub(" ", body)
    body = " ".join(body.split()).strip(" ,;")
    authors, editors, rest = leading_authors(body)
    year = APA_YEAR.match(rest) or (HARVARD_YEAR.match(rest) if authors or editors else None)
    if year and (authors or editors or rest is not body):
        ref.style = "apa"
        ref.authors = authors
        _author_date(ref, rest[year.end():])
        ref.year = year.group(1) or ""
        return ref
    corporate = re.match(rf"([{UP}][^.()]{{2,120}}?)\.?\s*(?=\({YEAR}\))", body) if not (authors or editors) else None
    if corporate and APA_YEAR.match(body[corporate.end():]):
        year = APA_YEAR.match(body[corporate.end():])
        ref.style, ref.authors, ref.year = "apa", [corporate.group(1).strip()], year.group(1)
        _author_date(ref, body[corporate.end() + year.end():])
        return ref
    if not (authors or editors):
        authors, rest = _corporate(rest)
    ref.authors = authors
    ref.style = "gost" if "//" in rest or re.search(r"[А-ЯЁа-яё]", rest) or re.search(r"\.\s[–—]\s", rest) else "other"
    _gost(ref, rest)
    return ref


def leading_authors(body: str) -> tuple[list[str], list[str], str]:
    """(authors, editors, rest) of an entry that begins with its authors: `Иванов И.И., Петров П.П. Название…`."""
    names, pos = [], 0
    while True:
        m = AUTHOR.match(body, pos)
        if not m or (pos and not names):
            break
        names.append(_name(m))
        pos = m.end()
        sep = SEPARATOR.match(body, pos)
        if not sep or not sep.group().strip() or not AUTHOR.match(body, sep.end()):
            break
        pos = sep.end()
    if not names:
        return [], [], body
    et_al = ET_AL.match(body, pos)
    pos = et_al.end() if et_al else pos
    editor = EDITOR.match(body, pos)
    if editor:
        return [], names, body[editor.end():].lstrip(" .,")
    return names, [], body[pos:].lstrip(" ,.")


def _name(m: re.Match) -> str:
    if m.group("s3"):
        return f"{m.group('s3')} {'.'.join(m.group('i3'))}."
    for k in "456":  # Chicago: `Kindler, Marta, Vesselina Ratcheva, and Maria Piechowska. 2015.`
        if m.group(f"s{k}"):
            return f"{m.group(f's{k}')} {m.group(f'g{k}')[0]}.{m.group(f'i{k}') or ''}"
    surname, initials = (m.group("s1"), m.group("i1")) if m.group("s1") else (m.group("s2"), m.group("i2"))
    return surname + " " + "".join(initials.split())


def surname(author: str) -> str:
    """`Иванов И.И.`, `И.И. Иванов` → `Иванов`; a corporate author stays whole."""
    name = re.sub(rf"^{INITIALS}\s*(?=[{UP}])", "", author.strip())
    return re.sub(rf"\s+{INITIALS}$", "", name)


def _corporate(rest: str) -> tuple[list[str], str]:
    """`Росстат. Регионы России…`, `World Bank. World Development Report…`: an organisation before the title."""
    first = _sentence_end(rest)
    if first is None:
        return [], rest
    head = rest[:first].strip()
    after = rest[first:].lstrip(" .")
    if (len(head.split()) <= 5 and (ORG_WORDS.search(head) or ACRONYM.match(head)) and not re.search(r"[0-9«\"]", head)
            and after and not re.match(rf"{YEAR}|{CITY}\s*:", after)):
        return [head], after
    return [], rest


def _sentence_end(s: str) -> int | None:
    ends = _sentence_ends(s)
    return ends[0] if ends else None


def _sentence_ends(s: str) -> list[int]:
    """Each `. ` before a capital outside brackets and quotes, not after an initial or an abbreviation."""
    found, depth = [], 0
    for i in range(len(s) - 1):
        ch = s[i]
        if ch in "([«":
            depth += 1
        elif ch in ")]»":
            depth = max(0, depth - 1)
        elif ch in ".?!" and depth == 0 and s[i + 1] == " ":
            token = s[s.rfind(" ", 0, i) + 1:i]
            nxt = s[i + 2:i + 3]
            if not (nxt.isupper() or nxt in "«\"[(") or nxt.isdigit():
                continue
            if ch == "." and (len(token) == 1 and token.isupper() or token.rsplit(".", 1)[-1] in ABBREVIATIONS):
                continue
            found.append(i)
    return found


def _masked(s: str) -> str:
    """`s` with bracketed and quoted parts blanked, so that patterns skip them (offsets kept)."""
    out, depth = [], 0
    for ch in s:
        if ch in "([«":
            depth += 1
        elif ch in ")]»" and depth:
            depth -= 1
            out.append(" ")
            continue
        out.append(" " if depth else ch)
    return "".join(out)


def _responsibility(ref: Reference, title: str) -> str:
    """`Название / И.И. Иванов, П.П. Петров; под ред. …` → the title; the persons (not editors) join the authors."""
    parts = re.split(r"\s/\s", title, maxsplit=1)
    if len(parts) == 2:
        for statement in parts[1].split(";"):
            if EDITOR_WORDS.search(statement):
                continue
            known = {surname(a).lower() for a in ref.authors}
            for m in AUTHOR.finditer(statement):
                name = _name(m)
                if surname(name).lower() not in known:
                    ref.authors.append(name)
                    known.add(surname(name).lower())
    return parts[0]


def _strip(s: str) -> str:
    """Without the punctuation around it; the dot of a final abbreviation (`сб. науч. тр.`) stays."""
    s = s.strip(" ,;:–—/").lstrip(". ")
    last = re.search(r"([\w-]+)\.$", s)
    if s.endswith(".") and not (last and last.group(1) in ABBREVIATIONS):
        s = s.rstrip(".").rstrip()
    return s


def _clean_title(title: str) -> str:
    title = DISSERTATION.sub("", title)
    title = re.sub(r"\.\s+[0-9]+(?:-?[a-zа-я]{1,2})?\s+(?:ed|изд)\b.*$", "", title)  # `. 2nd ed.`, `. 2-е изд.`
    title = re.split(r"\.\s+[–—]\s+", title)[0]
    return _strip(title.strip(" ,;:–—-/"))


def _gost(ref: Reference, rest: str) -> None:
    """GOST and other layouts: `Title // Container. Year. Vol. Pages`, `Title. City: Publisher, Year. Pages`,
    `Title. Container, Year, vol. N, no. N, pp. X–Y`."""
    container, tail = "", ""
    plain = len(rest) < 600 and "//" not in rest and not PUBLICATION.search(_masked(rest))
    elsevier = ELSEVIER.match(rest) if plain else None
    if elsevier:
        ref.title, ref.container = elsevier.group("title"), elsevier.group("container")
        ref.volume, ref.year, ref.pages = elsevier.group("volume"), elsevier.group("year"), elsevier.group("pages") or ""
        return
    if "//" in rest:
        head, after = rest.split("//", 1)
        pub = PUBLICATION.search(_masked(after))
        container, tail = (after[:pub.start()], after[pub.start():]) if pub else (after, "")
        container = re.split(r"\s/\s", container)[0]
    else:
        inside = IN_CONTAINER.search(rest)
        pub = PUBLICATION.search(_masked(rest), inside.end() if inside else 0)
        head, tail = (rest[:pub.start()], rest[pub.start():]) if pub else (rest, "")
        if inside:
            head, container = rest[:inside.start()], head[inside.end():]
            container = re.split(r"\s/\s", container)[0]
        elif pub and not re.match(rf"[.,]\s*(?:[–—-]\s*)?{CITY}\s*:", tail):
            ends = _sentence_ends(head)
            if ends and _article(tail):  # `Title. Journal, 2019, vol. 5`
                head, container = head[:ends[0]], head[ends[0] + 1:]
            elif ends and tail.startswith(","):  # `Title. Moscow, Nauka Publ., 2010`: the place, then the year
                head = head[:ends[-1]]
    ref.title = _clean_title(_responsibility(ref, head))
    ref.container = _strip(container)
    _numbers(ref, tail)
    tail = _masked(tail)
    for pattern in (PAGES, PAGE_COUNT, VOLUME, ISSUE):  # `P. 1998–2005` is no year
        tail = pattern.sub(lambda m: " " * len(m.group()), tail)
    year = re.search(rf"(?<![0-9./–—-]){YEAR}(?![0-9/])", tail) or \
        re.search(rf"(?<![0-9./–—-]){YEAR}(?![0-9/])", container)
    law = LAW_DATE.search(head)
    ref.year = year.group() if year else law.group(1) if law else ""


def _article(tail: str) -> bool:
    return bool(VOLUME.search(tail) or ISSUE.search(tail) or PAGES.search(tail) or VANCOUVER.search(tail))


def _numbers(ref: Reference, tail: str) -> None:
    """Volume, issue and pages of the publication part."""
    vancouver = VANCOUVER.search(tail)
    count = PAGE_COUNT.search(tail)
    ranges = PAGE_COUNT.sub(lambda m: " " * len(m.group()), tail)  # `448 с. 34`: the count's `с.` opens no range
    volume, issue, pages = VOLUME.search(tail), ISSUE.search(tail), PAGES.search(ranges)
    ref.volume = volume.group(1) if volume else vancouver.group(1) if vancouver else ""
    ref.issue = issue.group(1) if issue else vancouver.group(2) if vancouver and vancouver.group(2) else ""
    if pages:
        ref.pages = re.sub(r"\s+", "", pages.group(1))
    elif vancouver and vancouver.group(3):
        ref.pages = re.sub(r"\s+", "", vancouver.group(3))
    else:
        ref.pages = count.group(1) if count else ""


def _author_date(ref: Reference, rest: str) -> None:
    """APA/Harvard after `(Year).`: `Title. Journal, 7(1), 1–20.`, `Title. In E. Editor (Ed.), Book (pp. 1–9). Publisher.`,
    `Title. Publisher.`"""
    rest = rest.strip(" .")
    inside = re.search(r"[.?!]\s+In:?\s+", rest)
    if inside:
        ref.title = rest[:inside.start() + 1].rstrip(".")
        book = re.sub(r"^.*?\((?:[Ee]ds?|[Рр]ед)\.?\),?\s*", "", rest[inside.end():])
        pages = re.search(rf"\((?:pp?\.|С\.)\s*({PAGE})\)", book)
        ref.pages = re.sub(r"\s+", "", pages.group(1)) if pages else ""
        cut = pages.start() if pages else (_sentence_end(book) or len(book))
        ref.container = book[:cut].strip(" .,")
        return
    journal = APA_JOURNAL.search(rest) or HARVARD_JOURNAL.search(rest)
    ends = [m.start() for m in re.finditer(r"(?<=[.?!])\s+(?=[A-ZА-ЯЁ«\"])", rest)]
    quoted = re.match(r"['‘“\"](.+?)['’”\"](?:[,.]\s+|[,.]?$)", rest)  # Harvard: 'Title', Journal, 33(7), pp. 1–9
    if quoted:
        ends = [quoted.end() - 1]
    if journal:
        before = rest[:journal.start()]
        ends = [e for e in ends if e < len(before)]
        cut = ends[-1] if ends else len(before)
        ref.title, ref.container = before[:cut].rstrip(" .,"), before[cut:].strip(" .,")
        if quoted:
            ref.title = quoted.group(1).strip()
        if journal.re is APA_JOURNAL:
            volume, issue, number, pages = journal.groups()
            ref.volume, ref.issue, ref.pages = volume, issue or number or "", pages or ""
        else:
            ref.volume, ref.issue, ref.pages = journal.groups()
        ref.pages = re.sub(r"\s+", "", ref.pages)
        if not ref.container:  # `Title, 2(3)` without a journal: not a journal layout after all
            ref.title, ref.volume, ref.issue, ref.pages = rest, "", "", ""
        return
    ref.title = rest[:ends[-1]].rstrip(" .,") if ends else rest
    _numbers(ref, rest[ends[-1]:] if ends else "")
    if quoted:
        ref.title = quoted.group(1).strip()

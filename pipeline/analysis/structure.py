"""Paragraphs of the cleaned text, their section (from headings) and their language."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from functools import lru_cache

from ..core.schema import Document, Paragraph
from ..core.text import YEAR
from ..knowledge.resources import section_names

FRONT_MATTER_LINE = 200  # front matter (title, byline, dateline, journal line) is made of short paragraphs
NUMBERING = re.compile(r"^(?:#+\s*|(?:\d+(?:\.\d+)*|[IVXLC]+)[.)]?\s+)")
MAX_HEADING = 80
TRANSLATED = re.compile(r"\s*(?:/|\||\().*$")  # `Список литературы / References`, `Литература (References)`
APPENDIX_NUMBER = re.compile(r"\s+(?:\d{1,2}|[A-ZА-Я])$", re.I)  # `Приложение 1`, `Appendix A`
INLINE = re.compile(r"^(?P<name>[^\W\d][\w -]{2,40}?)\s*(?P<sep>[:.]|\s[–—-])\s*(?P<rest>\S.*)$", re.S)
RUN_IN = re.compile(r"[.:]")  # `Введение. В последние годы …`: a run-in heading of the body, before a capital


CONTENTS_LINE = re.compile(r"(?:\.\s?){4,}\s*[0-9]{1,4}\s*$")  # `Abstract ........ 2`: a table of contents
APPENDIX = re.compile(r"^(?:приложение|appendix)(?:\s+(?:[0-9]{1,2}|[A-ZА-Я]))?(?:[.:]\s+\S.{0,70})?$", re.I)


def heading(line: str) -> tuple[str, bool] | None:
    """(section key, inline) if `line` is a section heading, else None.

    `Введение`, `1. Introduction`, `РЕЗУЛЬТАТЫ И ОБСУЖДЕНИЯ`, `## References:`, `Список литературы / References`,
    `Приложение 1` are headings; `Ключевые слова: регион, граница` and `Аннотация. В статье …` are inline ones
    (heading and content in one paragraph).
    """
    sections = section_names()
    s = NUMBERING.sub("", line.strip())
    if CONTENTS_LINE.search(s):
        return None
    if APPENDIX.match(s) and not s.endswith("."):
        return "appendix", False  # `Appendix A. Interview guide`, `Приложение 2. Перечень соглашений`
    if len(s) <= MAX_HEADING:
        name = " ".join(s.rstrip(":.").split()).lower()
        for candidate in (name, TRANSLATED.sub("", name), APPENDIX_NUMBER.sub("", name)):
            key = sections.names.get(candidate.rstrip(":. "))
            if key:
                return key, False
    words = s.split()
    if 2 <= len(words) <= 6 and len(s) <= 60 and s[:1].isupper() and not s.endswith((".", ",", ";", ":")):
        for n in (3, 2, 1):  # `Результаты опроса`, `Методы и данные исследования`
            key = sections.names.get(" ".join(words[:n]).lower())
            if key in sections.prefixed:
                return key, False
    m = INLINE.match(s)
    if m:
        key = sections.names.get(" ".join(m.group("name").split()).lower())
        if key in sections.inline and (key in sections.one_paragraph or key == "abstract"
                                       or (RUN_IN.fullmatch(m.group("sep")) and m.group("rest")[0].isupper())):
            return key, True
    return None


# ------------------------------------------------------------------ language

# Letters of Cyrillic alphabets that Russian does not use (Kazakh, Ukrainian, Belarusian, Kyrgyz, Tatar...).
NON_RUSSIAN_CYRILLIC = set("әғқңөұүһіїєґўҗҙҫӘҒҚҢӨҰҮҺІЇЄҐЎҖҘҪ")
ENGLISH_FUNCTION_WORDS = set(
    "the of and to in a is that for on with as by are was be this it from at or an which have has "
    "their its were been not between such also these".split()
)
# Function words of other languages written in Latin script: a paragraph is 'other' only on evidence.
OTHER_FUNCTION_WORDS = set(
    "der die das und ist nicht mit den von zu sich auf für eine einer "  # German
    "le la les et est une des du dans pour que qui sur pas avec "  # French
    "el los las y es una del en por con para que se "  # Spanish
    "il di che non per della sono "  # Italian
    "i w na nie jest się z do że "  # Polish
    "jäne men bul üşin bolyp osy da de "  # Kazakh (Latin)
    .split()
) - ENGLISH_FUNCTION_WORDS


SHORT = 8  # Latin-script paragraphs of fewer words are titles, names, keywords: their context decides


@lru_cache(maxsize=10_000)
def _name(ch: str) -> str:
    return unicodedata.name(ch, "")


def language(text: str) -> str:
    """'ru', 'en' or 'other' for a paragraph, from its script and, for Latin script, its function words."""
    cyr = lat = other = non_ru = 0
    for ch, n in Counter(text).items():  # each distinct character once
        if not ch.isalpha():
            continue
        if ch in NON_RUSSIAN_CYRILLIC:
            non_ru += n
            cyr += n
            continue
        name = _name(ch)
        if name.startswith("CYRILLIC"):
            cyr += n
        elif name.startswith("LATIN"):
            lat += n
        else:
            other += n
    letters = cyr + lat + other
    if letters == 0:
        return "other"
    if other > 0.5 * letters:
        return "other"
    if cyr >= lat:
        return "other" if non_ru >= max(2, 0.01 * cyr) else "ru"
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < SHORT:
        return "en"  # too short to tell by function words; Structure lets the context decide
    english = sum(w in ENGLISH_FUNCTION_WORDS for w in words)
    other = sum(w in OTHER_FUNCTION_WORDS for w in words)
    return "other" if other > english and other >= 0.08 * len(words) else "en"


# ------------------------------------------------------------------ lookups for later stages

def paragraph_runs(doc: Document, lang: str):
    """Maximal runs of consecutive paragraphs in `lang`, as (start, end) offsets of the cleaned text."""
    run = None
    for p in doc.paragraphs:
        if p.lang == lang:
            run = (run[0], p.end) if run else (p.start, p.end)
        elif run:
            yield run
            run = None
    if run:
        yield run


def paragraph_lookup(doc: Document):
    """offset → the paragraph that contains it (or the last one before it)."""
    starts = [p.start for p in doc.paragraphs]

    def paragraph_at(offset: int) -> Paragraph | None:
        i = bisect_right(starts, offset) - 1
        return doc.paragraphs[i] if i >= 0 else None

    return paragraph_at


def section_lookup(doc: Document):
    """offset → section of the paragraph that contains it."""
    paragraph_at = paragraph_lookup(doc)

    def section_at(offset: int) -> str:
        p = paragraph_at(offset)
        return p.section if p else ""

    return section_at


# ------------------------------------------------------------------ stage

ENTRY_NUMBER = re.compile(r"^\s*\[?(\d{1,3})[.)\]]\s")
YEAR_NUMBER = re.compile(rf"(?<![0-9]){YEAR}(?![0-9])")
BIBLIOGRAPHIC = re.compile(
    r"//|\b[СCсc]\.\s*[0-9]|[0-9]\s*[сp]\.(?!\w)|\b[PpР]p?\.\s*[0-9]|\b[МM]\.\s*:|СПб\.?\s*:|\bURL\b|\bDOI\b|doi\.org|"
    r"\bISBN\b|Изд-во|\bPubl\.|\bVol\.|\bТ\.\s*[0-9]|№\s*[0-9]|\([0-9]{4}[a-z]?\)\.|In Russ|\bet al\b|и др\.|"
    r"[Ээ]лектронный ресурс|\b(?:[A-ZА-ЯЁ][a-zа-яё'-]+,?\s+(?:[A-ZА-ЯЁ]\.\s?){1,2})", re.I)
# Lines of the publication record printed with the back matter: they belong to the front matter's data.
PUBLICATION_LINE = re.compile(
    r"^(?:(?:Статья|Материал|Рукопись)\s+поступил[аи]?|Цитирование\b|Поступил[аи]? в редакцию|ARTICLE HISTORY|Дата поступления|Статья получена|Получено|Статья принята|Принята к публикации|"
    r"Одобрена после|Дата публикации|Для цитирования|For citation|Citation:|Received|Accepted|Revised|Published|©|"
    r"CONTACT\b|Correspondence:|Для корреспонденции|Автор для переписки|Corresponding author)", re.I)
AUTHOR_NOTE = re.compile(
    r"@|\bORCID\b|\bSPIN\b|\b(?:кандидат|доктор)\s+\w+\s+наук|\b(?:доцент|профессор|аспирант|магистрант|соискатель|"
    r"старший преподаватель|научный сотрудник)\b|\b(?:PhD|Candidate of|Doctor of|Associate Professor|Professor|"
    r"Senior Lecturer|Research Fellow|postgraduate)\b")
# A line that starts a front-matter item of its own: an affiliation under a marker, an email, an id.
FRONT_ITEM = re.compile(
    r"^(?:[*†‡]+\s?(?=[A-ZА-ЯЁ])|(?:[0-9]{1,2}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|[a-f](?=\s))\s?(?=[A-ZА-ЯЁ«\"].*(?i:университет|институт|академи|университ|центр|"
    r"лаборатор|кафедр|факультет|school|universit|institut|academy|college|cent(?:er|re)|laborator|department|faculty))|"
    r"(?:e-?mail|эл\.\s*почта|orcid|удк|udc|doi|jel)\b|(?:[0-9]{1,2}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\*)?\s*[\w.+-]+@)", re.I)
# An author note opens with a name and a dash or a comma before the degree: `Красильников Виктор Данилович – доктор
# исторических наук`, `Е.В. Морозова, доктор политических наук, профессор`.
NOTE_START = re.compile(
    r"^(?:[А-ЯЁ][а-яё-]+\s+[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+(?:вич|вна|ична|инична|чна|оглы|кызы|улы|уулу)\s*[–—,-]"
    r"|[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.\s?[А-ЯЁ][а-яё-]+\s*[–—]\s"  # `Ирина В. Грачёва – кандидат …`
    r"|(?:[А-ЯЁA-Z][а-яёa-z]?\.\s?){1,2}[А-ЯЁA-Z][а-яёa-z-]+,\s+(?:доктор|кандидат|профессор|доцент|аспирант|"
    r"магистрант|старший|научный|ведущий|главный|PhD|Dr|Professor|Associate|Senior|Research))")
# An affiliation line ends with its country: `Павлодарский педагогический университет, Павлодар, Казахстан`.
COUNTRY_END = re.compile(r",\s*(?:Россия|Российская Федерация|Казахстан|Республика Казахстан|Кыргызстан|Беларусь|"
                         r"Узбекистан|Монголия|Китай|КНР|Russia|Russian Federation|Kazakhstan|Kyrgyzstan|Belarus|"
                         r"Uzbekistan|Mongolia|China|Finland|Germany|USA|UK)\.?$")
# A funding or acknowledgement note with no heading: `Исследование выполнено при финансовой поддержке РФФИ …`.
# The paper's own bibliographic line: `Для цитирования: … // Вестник … 2021. Т. 26, № 3. С. 45–58.`
CITE_AS = re.compile(r"^(?:Для цитирования|Ссылка для цитирования|Цитирование|For citation|Cite this article|"
                     r"To cite this article|Citation)\s*:?\s*", re.I)
FUNDING = re.compile(r"^[_\s*†]*(?:(?:Исследование|Работа|Статья)\s+(?:выполнен[оа]?|подготовлен[оа]?|проведено)\s+(?:при\s+"
                     r"(?:финансовой\s+)?поддержке|в рамках|за сч[её]т)|(?:This|The)\s+(?:work|research|study)\s+was\s+"
                     r"(?:supported|funded)|Funding:)")
FRONT_LINE = re.compile(r"@|\bORCID\b|\bУДК\b|\bUDC\b|\bББК\b|\bDOI\b|\bISSN\b|e-mail", re.I)
FRONT_SECTIONS = {"front", "abstract", "keywords", "about_authors", "acknowledgements"}  # what precedes the text
ABSTRACT_MAX = 4000  # characters: an abstract with no keywords and no heading after it ends here
CAPITALISED = re.compile(r"\b[A-ZА-ЯЁ]")


def _front_like(text: str) -> bool:
    """A long front-matter paragraph: emails, ids, or affiliations (most words capitalised)."""
    words = text.split()
    return bool(FRONT_LINE.search(text)) or (len(words) >= 4 and len(CAPITALISED.findall(text)) >= 0.3 * len(words))


def bibliographic(text: str) -> bool:
    """Does a paragraph read like a reference-list entry (a year and a bibliographic mark)?"""
    return bool(YEAR_NUMBER.search(text)) and bool(BIBLIOGRAPHIC.search(text))


class Structure:
    """Splits the cleaned text into paragraphs; assigns each its section and language.

    Sections follow the headings (models/sections.yaml). Beyond them: the keywords end an abstract; an
    unheaded abstract is the prose between the byline and the keywords; once the back matter starts
    (references, acknowledgements, about the authors, appendix) the paper stays in it — a transliterated
    second list, URL lines and author notes included; a numbered list of works at the end with no heading
    is the reference list.
    """

    name = "structure"
    REQUIRES = ("text",)
    ASSIGNS = ("paragraphs",)

    def __call__(self, doc: Document) -> Document:
        sections = section_names()
        paragraphs, section, back, pending, abstract_chars, body_seen = [], "front", False, None, 0, False
        for m in re.finditer(r"[^\n]+", doc.text):
            text = m.group()
            found = heading(text)
            key, is_heading = section, bool(found and not found[1])
            if found and back and found[0] not in sections.back_matter | {"abstract", "keywords"}:
                found, is_heading = None, False  # `Заключение` inside an author note is not the paper's conclusion
            if found and found[1] and section == "abstract" and found[0] not in sections.one_paragraph | {"abstract"}:
                found = None  # `Материалы и методы. …` inside a structured abstract
            if found:
                key = found[0]
                if key in sections.one_paragraph and not (is_heading and body_seen and key in sections.back_matter):
                    pending = key if is_heading else None  # `Ключевые слова` alone: the list follows
                    section = "front" if section == "abstract" else section  # the keywords end the abstract
                else:
                    section, abstract_chars = key, 0
                    # `Сведения об авторе:` under the title does not end the paper: only back matter after the text does
                    back = back or (key in sections.back_matter and body_seen)
            elif pending:
                key, pending = pending, None
            elif PUBLICATION_LINE.match(text) and (back or section == "front" or (len(text) < 300 and (
                    YEAR_NUMBER.search(text) or "@" in text))):
                key = "front"  # `Received 3 May 2021` under `ARTICLE HISTORY`, wherever the layout puts it
            elif FUNDING.match(text):
                key = "acknowledgements"  # a note of its own, wherever it stands
            elif back:
                if section == "references" and AUTHOR_NOTE.search(text) and not bibliographic(text):
                    section = key = "about_authors"
            elif section == "front" and len(text) >= FRONT_MATTER_LINE and not _front_like(text):
                section = key = "body"  # no heading yet, but this is text, not a title block
            elif section == "abstract":
                abstract_chars += len(text)
                if abstract_chars > ABSTRACT_MAX and len(text) >= FRONT_MATTER_LINE:
                    section = key = "body"  # a headed abstract that nothing ends
            paragraphs.append(Paragraph(m.start(), m.end(), key, language(text), is_heading))
            body_seen = body_seen or key not in FRONT_SECTIONS
        _unheaded_abstracts(paragraphs, doc.text)
        _unheaded_reference_list(paragraphs, doc.text, sections)
        _titles_in_back_matter(paragraphs, doc.text, sections)
        _languages_from_context(paragraphs, doc.text)
        doc.paragraphs = paragraphs
        return doc


def _unheaded_abstracts(paragraphs: list[Paragraph], text: str) -> None:
    """The prose right before a keywords paragraph, with no abstract heading over it, is the abstract."""
    for i, p in enumerate(paragraphs):
        if p.section != "keywords" or (i and paragraphs[i - 1].section == "keywords"):
            continue
        block, chars = [], 0
        for q in reversed(paragraphs[:i]):
            body = text[q.start:q.end]
            if q.heading or q.section not in ("front", "body") or len(body) < 120 or _front_like(body) \
                    or not body.rstrip().endswith((".", "!", "?")):
                break
            block.append(q)
            chars += len(body)
        if block and chars <= ABSTRACT_MAX:
            for q in block:
                q.section = "abstract"


def _unheaded_reference_list(paragraphs: list[Paragraph], text: str, sections) -> None:
    """A numbered list of works with no heading over it (`[1] Бицадзе А. В. …`, `1. Иванов И.И. …`), after the text:
    from its entry 1 while entries, or the lines an entry wraps onto, follow; a title block after it, up to the
    abstract of a second language, is front matter."""
    if any(p.section == "references" for p in paragraphs):
        return
    for i, p in enumerate(paragraphs):
        body = text[p.start:p.end]
        number = ENTRY_NUMBER.match(body)
        if p.heading or p.section in ("front", "abstract", "keywords") or not number or number.group(1) != "1" \
                or not bibliographic(body):
            continue
        end, numbers, biblio, loose = i + 1, [1], 1, 0
        while end < len(paragraphs) and not paragraphs[end].heading:
            q = text[paragraphs[end].start:paragraphs[end].end]
            n = ENTRY_NUMBER.match(q)
            if n and int(n.group(1)) == numbers[-1] + 1 or (n is None and len(q) < 200 and loose < 2):
                numbers += [int(n.group(1))] if n else []
                biblio += bool(n) and bibliographic(q)
                loose = 0 if n else loose + 1  # the lines an entry wraps onto, a page's header
                end += 1
            elif n and int(n.group(1)) > numbers[-1] + 1:  # an entry lost to a page break: the list goes on
                numbers.append(int(n.group(1)))
                end += 1
            else:
                break
        end -= loose  # the lines after the last entry are not the list's
        if len(numbers) < 2 or biblio < 0.6 * len(numbers):
            continue
        for q in paragraphs[i:end]:
            q.section = "references"
        after = end
        while after < len(paragraphs) and paragraphs[after].section not in ("abstract", "keywords") \
                and len(text[paragraphs[after].start:paragraphs[after].end]) <= 300:
            after += 1
        if after < len(paragraphs) and paragraphs[after].section in ("abstract", "keywords"):
            for q in paragraphs[end:after]:
                q.section = "front"
        return


def _titles_in_back_matter(paragraphs: list[Paragraph], text: str, sections) -> None:
    """An English title block (title, authors, affiliations) printed after the references, right before its
    abstract, is front matter, not the end of the list."""
    for i, p in enumerate(paragraphs):
        if p.section != "abstract" or not i:
            continue
        if paragraphs[i - 1].section not in sections.back_matter:
            continue
        for q in reversed(paragraphs[:i]):
            body = text[q.start:q.end]
            if q.heading or q.section not in sections.back_matter or ENTRY_NUMBER.match(body) or bibliographic(body) \
                    or len(body) > 300:
                break
            q.section = "front"


def _languages_from_context(paragraphs: list[Paragraph], text: str) -> None:
    """A short Latin-script paragraph (an English title over a Russian article, a name) takes the
    language of the next paragraph that is long enough to tell, or else of the previous one."""
    def short(p):
        return p.lang == "en" and len(re.findall(r"[A-Za-z]+", text[p.start:p.end])) < SHORT

    decided = [None if short(p) else p.lang for p in paragraphs]
    for i, p in enumerate(paragraphs):
        if decided[i] is None:
            after = next((lang for lang in decided[i + 1:] if lang), None)
            before = next((lang for lang in reversed(decided[:i]) if lang), None)
            p.lang = after or before or p.lang

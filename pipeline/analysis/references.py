"""The reference list (Список литературы / Литература / References) split into entries and parsed (see
reference_parse), one `ref_id` per work, and the in-text citations linked to it.

A Russian paper often prints its list twice: in Russian, and transliterated under «References». The second
list is the same works: each work keeps one ref_id with both texts (`text`, `text_translit`). A second list
that is not a transliteration gets ids of its own; no two entries of a document share a ref_id.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..core.schema import Document
from .reference_parse import AUTHOR, YEAR, Reference, parse_reference, surname
from .roles import skeleton as _skeleton

skeleton = lru_cache(maxsize=8192)(_skeleton)  # linking skeletons the same surnames again and again
__all__ = ["Reference", "References", "assign_ids", "entry_text", "parse_reference", "reference_lists", "split_entries"]

# `1 Алтынсарин И. …`: a number with no stop is an entry's only before an author written with initials
BARE_NUMBER = (r"\s+(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі'’-]+,?\s+(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яё]?\.\s?){1,2}"
               r"|[A-ZА-ЯЁ][a-zа-яё]+\s+[a-zа-яё]+\s+[a-zа-яё]+)")  # or a corporate author: `4 Центральный государственный архив`
MARKER = re.compile(rf"\s*\[?([0-9]{{1,3}})(?:[.)\]]\s+|[.)\]](?=[A-ZА-ЯЁ«\"])|[.)\]]$|{BARE_NUMBER})")
INLINE_MARKER = re.compile(rf"\s\[?([0-9]{{1,3}})(?:[.)\]]\s*(?=[A-ZА-ЯЁ«\"])|{BARE_NUMBER})")
FIELD_WORD = re.compile(r"(?:С|Т|P|pp|Vol|No|№|Вып|Ч|Кн|Iss|Is|Ser|Сер|Серия|Series|Part|Sect|г|S|Bd|Nr|Ст)\.?\s*$")
NOT_AN_ENTRY = re.compile(r"(?:С|Т|P|pp|Vol|No|Вып|Ч|Кн|Iss|Ser|Сер|Aufl|Ausg|изд|ed|edn|éd)\.|№")  # `2. Aufl.`
CONTINUATION = re.compile(
    r"(?:[a-zа-яё0-9(\[/–—\-−:;,.&]|//|URL|https?:|www\.|DOI|doi|EDN|ISBN|ISSN|Режим|Available|Retrieved|Accessed|"
    r"In:|В кн\.|В сб\.|(?:С|P|Pp|Т|Vol|No|Вып|Iss)\.\s|pp\.|№)")
OPEN_END = re.compile(r"(?:[,;:/&–—-]|//|\b(?:и|and|by|In|ред\.|[Ee]ds?\.|под|et al\.|и др\.))\s*$")
LINK = re.compile(rf"https?://|www\.|\b10\.[0-9]{{4,9}}/|(?<![0-9]){YEAR}(?![0-9])")
LIST_HEADING = re.compile(r"\W*(?:список\s+(?:использованной\s+|цитируемой\s+)?литературы|литература|библиография|"
                          r"источники(?:\s+и\s+литература)?|references|bibliography|sources|literature|literatura|"
                          r"spisok\s+literatury)\W*", re.I)  # a list's heading the structure stage did not flag
AFTER_LIST = re.compile(  # `Поступила в редакцию 12.03.2024`, `Исследование выполнено при поддержке …`: notes after a list
    r"(?:Статья\s+)?(?:поступила|принята|получена)\b|(?:The article was\s+)?(?:received|accepted|submitted)\b|©|"
    r"(?:Исследование|Работа|Статья)\s+(?:выполнен|подготовлен|проведен)|Финансирование|Благодарност|Acknowledg|Funding|"
    r"(?:This|The)\s+(?:work|study|research|article)\s+(?:was|is)\s+(?:supported|funded)", re.I)
STRONG_END = re.compile(  # where an entry surely ends: `(In Russ.)`, `240 p.`, `pp. 58–67.`, a link, an access date
    r"(?:[(\[]\s*In\s+[A-Z][a-z]+\.?\s*[)\]]|\b[0-9]+\s*(?:с|p|pp|S)\.|\b(?:С|P|pp|S|с)\.\s*[0-9]+(?:\s*[–—-]\s*[0-9]+)?\."
    r"|https?://\S+|\b10\.[0-9]{4,9}/\S+|\((?:дата обращения|accessed)[^)]*\)\.?)\s*$", re.I)
INITIAL_END = re.compile(r"(?:^|[\s.])[A-ZА-ЯЁ][a-zа-яё]?\.$")  # `… by M.` before `V. Orekhova`: not an entry's end
CLOSED = re.compile(r"(?:[.)\]»\"]|https?://\S+|\b10\.[0-9]{4,9}/\S+)\s*$")


def entry_text(text: str, start: int, end: int) -> str:
    """An entry on one line: paragraphs joined by a space, a URL broken over two lines joined without one."""
    s = re.sub(r"((?:https?://|www\.)\S*[/._=?&#-])\s*\n\s*(?=[A-Za-z0-9/_%?=&#.-])", r"\1", text[start:end])
    return " ".join(s.split())


def split_entries(text: str, spans: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """(start, end) of each entry of one reference list, from its paragraphs `spans` (default: the lines of `text`).

    A numbered list starts an entry at each number (`1.`, `1)`, `[1]`) at the start of a paragraph, or in the
    middle of one after an entry's end when it is the next number; an unnumbered one at a paragraph that opens
    with an author (`Фамилия И.О.`, `Фамилия, И.О.`, `Surname, J.`, `Surname J.`), or with a corporate author or
    title after a complete entry, and inside a paragraph at an author after a complete entry.
    Everything else continues the entry before it: wrapped lines, URLs, `(In Russ.)`, `(дата обращения: …)`."""
    if spans is None:
        spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    spans = [(a + len(text[a:b]) - len(text[a:b].lstrip()), a + len(text[a:b].rstrip())) for a, b in spans]
    spans = [(a, b) for a, b in spans if b > a]
    entries = _numbered(text, spans) if _is_numbered(text, spans) else _unnumbered(text, spans)
    return [(e[0][0], e[-1][1]) for e in entries if e]


def _is_numbered(text: str, spans: list[tuple[int, int]]) -> bool:
    marked = [MARKER.match(text, a, b) for a, b in spans]
    marked = [m if m and _entry_follows(text, m.end(), b) else None for m, (_, b) in zip(marked, spans)]
    first = next((m for m in marked[:3] if m), None)
    return bool(first and int(first.group(1)) <= 2) or sum(1 for m in marked if m) * 2 >= len(spans) > 0


def _numbered(text: str, spans: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    entries: list[list[tuple[int, int]]] = []
    expected = 1
    for i, (a, b) in enumerate(spans):
        m = MARKER.match(text, a, b)
        n = int(m.group(1)) if m else 0
        if m and _entry_follows(text, m.end(), b) and (n in (1, expected, expected + 1, expected + 2)
                                                       or (entries and _complete(_joined(text, entries[-1])))):
            entries.append([])
            expected = n + 1
        elif not m and _subheading(text, spans, i):
            entries.append([])  # `Источники`, `Литература`: a sub-list heading, not part of an entry
            continue
        elif not entries:
            entries.append([])
        pos = a
        for inline in INLINE_MARKER.finditer(text, a, b):
            before = text[_last_word(text, a, inline.start()):inline.start()]  # all that the two tests below look at
            if (int(inline.group(1)) == expected and _entry_follows(text, inline.end(), b)
                    and not FIELD_WORD.search(before)
                    and re.search(r"(?:[.)\]»]|\S*://\S*|\b10\.[0-9]{4,9}/\S+)$", before)):  # or a DOI
                entries[-1].append((pos, inline.start()))
                entries.append([])
                pos, expected = inline.start() + 1, expected + 1
        entries[-1].append((pos, b))
    return [e for e in entries if e and any(text[x:y].strip() for x, y in e)]


def _last_word(text: str, start: int, end: int) -> int:
    """Where the last word of text[start:end] begins, less the space before it (`start` at most): a pattern that
    ends at `$` and spans no space but its trailing one (FIELD_WORD, an entry's end) finds the same there as in the
    whole text, and a long paragraph of entries is not searched from its start at each number."""
    i = end
    while i > start and text[i - 1].isspace():
        i -= 1
    while i > start and not text[i - 1].isspace():
        i -= 1
    return max(start, i - 1)


def _entry_follows(text: str, pos: int, end: int) -> bool:
    """After a number: an entry (or the end of the paragraph), not `С. 10` or `Т. 5` (a wrapped `Т.\n5. С. 38`)."""
    return not NOT_AN_ENTRY.match(text, pos, end) and not re.match(r"\s*[–—-]\s", text[pos:end])  # `Оп.\n1. — Д. 3412`


def _author_start(text: str, pos: int, end: int) -> bool:
    """An author opens the text at `pos`: `Иванов И.И.`, `Smith, J.`, not `Сибири Т. 5`."""
    m = AUTHOR.match(text, pos, end)  # a year may follow the name (`Голубева Н.А. 2013. …`), a volume may not
    return bool(m) and not re.match(r"\s*[0-9](?![0-9]{3}[a-zа-я]?\.)", text[m.end():end])


def _title_start(text: str, pos: int, end: int) -> bool:
    """A corporate author or a title opens the text at `pos`: a capital or a quote, not `С. 10` or `Т. 5`."""
    return (bool(re.match(r"[A-ZА-ЯЁ«\"“]", text[pos:pos + 1])) and not NOT_AN_ENTRY.match(text, pos, end)
            and not CONTINUATION.match(text, pos, end))


def _subheading(text: str, spans: list[tuple[int, int]], i: int) -> bool:
    a, b = spans[i]
    nxt = MARKER.match(text, *spans[i + 1]) if i + 1 < len(spans) else None
    return b - a < 80 and not re.search(r"[0-9]", text[a:b]) and bool(nxt) and int(nxt.group(1)) == 1


def _unnumbered(text: str, spans: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    entries: list[list[tuple[int, int]]] = []
    for i, (a, b) in enumerate(spans):
        para = text[a:b]
        current = _joined(text, entries[-1]) if entries else ""
        if not entries or _starts_entry(para, current, text, spans, i):
            entries.append([])
        pos = a
        for m in re.finditer(r"\s+(?=\S)", para):
            here, window = a + m.end(), (max(0, m.start() - 300), m.start())
            if not (LINK.search(text, here, b) and CLOSED.search(para, *window)) or INITIAL_END.search(para, *window):
                continue
            if not (_author_start(text, here, b) or (STRONG_END.search(para, *window) and _title_start(text, here, b))):
                continue
            done = _joined(text, entries[-1] + [(pos, a + m.start())])
            if _complete(done) and not OPEN_END.search(done):
                entries[-1].append((pos, a + m.start()))
                entries.append([])
                pos = here
        entries[-1].append((pos, b))
    return entries


def _starts_entry(para: str, current: str, text: str, spans: list[tuple[int, int]], i: int) -> bool:
    if OPEN_END.search(current):
        return False
    if _author_start(para, 0, len(para)):
        return True
    if CONTINUATION.match(para) or not _complete(current):
        return False
    nxt = text[spans[i + 1][0]:spans[i + 1][1]] if i + 1 < len(spans) else ""
    return bool(LINK.search(para) or (nxt and CONTINUATION.match(nxt) and LINK.search(nxt)))


def _complete(entry: str) -> bool:
    """An entry that could end here: it has a year or a link, and ends with a full stop, a bracket or a link."""
    return bool(LINK.search(entry) and CLOSED.search(entry))


def _joined(text: str, pieces: list[tuple[int, int]]) -> str:
    return " ".join(text[a:b].strip() for a, b in pieces)


def reference_lists(doc: Document) -> list[list[tuple[int, int]]]:
    """The paragraphs of each reference list: a heading (`Литература`, `References`) or the end of the section
    closes a list. A `heading` paragraph with a year or a link is an entry (`Введение в геополитику. М., 2010.`)."""
    lists: list[list[tuple[int, int]]] = [[]]
    for p in doc.paragraphs or []:
        text = doc.text[p.start:p.end].strip()
        heading = (p.heading and not (len(text) > 40 and LINK.search(text))) or LIST_HEADING.fullmatch(text)
        if p.section != "references" or heading or AFTER_LIST.match(text):
            if lists[-1]:
                lists.append([])
            continue
        lists[-1].append((p.start, p.end))
    return [spans for spans in lists if spans]


def _columns(entries: list[Reference]) -> list[Reference]:
    """A list and its transliteration side by side (a two-column table read row by row: `1. Богданова …`,
    `1. Bogdanova …`, `2. …`): the first column's entries, then the second's."""
    pairs = list(zip(entries[::2], entries[1::2]))
    if len(entries) >= 4 and len(entries) % 2 == 0 and all(a.number and a.number == b.number for a, b in pairs):
        return entries[::2] + entries[1::2]
    return entries


def _restarts(entries: list[Reference]) -> list[list[Reference]]:
    """A numbered list that starts again at 1 without a heading is a second list."""
    entries = _columns(entries)
    groups: list[list[Reference]] = [[]]
    for r in entries:
        if r.number == "1" and any(x.number for x in groups[-1]):
            groups.append([])
        groups[-1].append(r)
    return [g for g in groups if g]


class References:
    name = "references"
    REQUIRES = ("text", "paragraphs", "citations")
    ASSIGNS = ("references", "citations.ref_id")

    def __call__(self, doc: Document) -> Document:
        groups = []
        for spans in reference_lists(doc):
            parsed = []
            for start, end in split_entries(doc.text, spans):
                ref = parse_reference(entry_text(doc.text, start, end), "")
                ref.start, ref.end = start, end
                parsed.append(ref)
            groups.extend(_restarts(parsed))
        doc.references = assign_ids(groups)
        if doc.references:
            self.link(doc)
        return doc

    @staticmethod
    def link(doc: Document) -> None:
        by_id = {r.ref_id: r for r in doc.references}
        candidates = _candidates(doc.references)
        for c in doc.citations or []:
            if c.kind == "numeric":
                c.ref_id = ";".join(dict.fromkeys(f"r{n}" for n in c.numbers if f"r{n}" in by_id))
                continue
            best, best_score = None, 0
            for r in candidates(c):
                score = _match(c, r)
                if score > best_score:
                    best, best_score = r, score
            c.ref_id = best.ref_id if best else ""


def assign_ids(groups: list[list[Reference]]) -> list[Reference]:
    """One ref_id per work: a transliterated list merges into the entries before it; `r<number>` for a numbered
    entry, `r<position>` for an unnumbered one, `-<list>` added when a later list repeats an id."""
    refs: list[Reference] = []
    taken: set[str] = set()
    for k, group in enumerate(groups, 1):
        pool = [r for r in refs if not r.text_translit]
        pairs = _pair(pool, group) if pool and _latin(group) else {}
        for j, r in enumerate(group):
            if j in pairs:
                _merge(pairs[j], r)
                continue
            base = f"r{r.number}" if r.number else f"r{len(refs) + 1}"
            r.ref_id, n = base, k
            while r.ref_id in taken:
                r.ref_id, n = f"{base}-{n}", n + 1
            taken.add(r.ref_id)
            refs.append(r)
    return refs


def _latin(group: list[Reference]) -> bool:
    latin = sum(1 for r in group if len(re.findall(r"[A-Za-z]", r.text)) > len(re.findall(r"[А-Яа-яЁё]", r.text)))
    return latin * 2 > len(group)


def _pair(pool: list[Reference], group: list[Reference]) -> dict[int, Reference]:
    """Entry j of a transliterated list → its original: by number, else by order when the counts agree, else by
    first author and year. A pairing by number or order is kept only if the pairs agree on year or author."""
    numbers = [r.number for r in pool]
    if all(numbers) and len(set(numbers)) == len(numbers) and all(r.number for r in group):
        by_number = {r.number: r for r in pool}
        pairs = {j: by_number[r.number] for j, r in enumerate(group) if r.number in by_number}
        if pairs and _agreeing(pairs, group):
            return pairs
    if len(pool) == len(group):
        pairs = dict(enumerate(pool))
        if _agreeing(pairs, group):
            return pairs
    pairs, used = {}, set()
    for j, r in enumerate(group):
        same = [a for a in pool if id(a) not in used and _same_work(a, r)]
        if len(same) == 1:
            pairs[j] = same[0]
            used.add(id(same[0]))
    return pairs


def _same_work(a: Reference, b: Reference) -> bool:
    """The same DOI or web address, or the same year and first author."""
    if (a.doi and a.doi.lower() == b.doi.lower()) or (a.url and a.url.rstrip("/") == b.url.rstrip("/")):
        return True
    return bool(a.year and a.year == b.year and _first(a) and _first(a) == _first(b))


def _first(r: Reference) -> str:
    return skeleton(surname(r.authors[0])) if r.authors else ""


def _agreeing(pairs: dict[int, Reference], group: list[Reference]) -> bool:
    votes = []
    for j, a in pairs.items():
        b = group[j]
        if a.year and b.year:
            votes.append(a.year == b.year)
        elif _first(a) and _first(b):
            votes.append(_first(a) == _first(b))
    return not votes or sum(votes) >= 0.6 * len(votes)


def _merge(original: Reference, translit: Reference) -> None:
    original.text_translit = translit.text
    original.authors_translit = translit.authors
    for name in ("year", "volume", "issue", "pages", "doi", "url", "accessed"):
        if not getattr(original, name):
            setattr(original, name, getattr(translit, name))


def _candidates(refs: list[Reference]):
    """citation → the references `_match` can score above 0, in list order: of the citation's year (or of none),
    whose first author (or its transliteration) is the citation's first, else whose title or first author is its
    title. Looked up, not compared with every entry: linking a long text to a long reference list is linear."""
    by_author: dict[tuple[str, str], list[int]] = {}
    by_title: dict[tuple[str, str], list[int]] = {}
    for i, r in enumerate(refs):
        keys = {skeleton(surname(names[0])) for names in (r.authors, r.authors_translit) if names}
        for key in keys:
            for year in {r.year or "", "*"}:  # "*": a citation with no year fits every year
                by_author.setdefault((key, year), []).append(i)
        for key in {_key(r.title), _key(r.authors[0]) if r.authors else ""} - {""}:
            for year in {r.year or "", "*"}:
                by_title.setdefault((key, year), []).append(i)

    def of(c) -> list[Reference]:
        if c.authors:
            index, key = by_author, skeleton(surname(c.authors[0]))
        elif c.title and _key(c.title):
            index, key = by_title, _key(c.title)
        else:
            return []
        years = (c.year[:4], "") if c.year else ("*",)
        return [refs[i] for i in sorted({i for year in years for i in index.get((key, year), ())})]

    return of


def _match(c, r: Reference) -> int:
    """How well citation `c` fits reference `r`: 0 not at all; more for more agreeing authors."""
    if c.year and r.year and c.year[:4] != r.year:
        return 0
    bonus = int(len(c.year) > 4 and c.year in r.text + " " + r.text_translit)  # 2015a
    if c.authors:
        cited = [skeleton(surname(a)) for a in c.authors]
        best = 0
        for names in (r.authors, r.authors_translit):
            listed = {skeleton(surname(a)) for a in names}
            if names and skeleton(surname(names[0])) == cited[0]:
                best = max(best, 2 + len(set(cited) & listed) + (set(cited) == listed) + bonus)
        return best
    title = _key(c.title) if c.title else ""
    if title and (title == _key(r.title) or (r.authors and title == _key(r.authors[0]))):
        return 1 + bonus
    return 0


def _key(words: str, n: int = 3) -> str:
    return " ".join(re.findall(r"\w+", words.lower().replace("ё", "е"))[:n])

"""The paper's own authors from its byline: names in order, each with affiliation, city, email and ORCID, as
`doc.authors` (authors.csv) and as PER mentions with role `author`.

Layouts read: a byline line under or over the title (`Маршания Л.В., Нефёдова М.А.`, `В.Д.Красильников, Москва`);
superscript markers tying names to affiliation lines (`Иванова Е. В.1` … `1 Омский государственный университет,
Омск, Россия`); one block per author (`Алымкулова Айнура Сатылгановна` / position and department / `E-mail: …`);
English bylines (`John A. Smith1,2`). With no byline in the front matter, the names heading the about-the-authors
notes are the authors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.schema import Document, Mention
from .affiliation import (
    ADDRESS,
    CITY_PREFIX,
    EMAIL,
    LEADING_MARK,
    POSITION,
    Places,
    city_of,
    organisation,
)
from .byline import ORGANISATION, PATRONYMIC, Name, _markers, leading_name, parse_byline
from .clean import AUTHOR_LINE
from .roles import skeleton
from .structure import CITE_AS

ORCID = re.compile(r"\b[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]\b")
DEGREE = re.compile(r"(?i)(?:ph\.?\s?d|dr\.?\s?sci|d\.?\s?sc\b|candidate|doctor|professor|associate|assistant|ст\.\s?преп|преподават|"
                    r"senior|lecturer|postgraduate|research|кандидат|доктор|канд\.|д-р|профессор|доцент|аспирант|"
                    r"магистрант|старший|ведущий|главный|научный|студент|заведующ)")
COPYRIGHT = re.compile(r"©\s*(?:(?:19|20)[0-9]{2}\s*(?:г\.)?\s*)?")
NOT_BYLINE = re.compile(r"(?i)^(?:УДК|UDC|ББК|DOI|ISSN|©|https?://|e-?mail|orcid|[\w.+-]+@)")


@dataclass
class Author:
    position: int
    name: str  # as written
    surname: str
    initials: str
    given: str = ""
    patronymic: str = ""
    affiliation: str = ""
    city: str = ""
    email: str = ""
    orcid: str = ""
    lang: str = ""
    start: int = -1  # the name in the cleaned text
    end: int = -1
    markers: list[str] = field(default_factory=list)  # `1`, `*`: what ties the name to its affiliation and email

    @property
    def short(self) -> str:
        return f"{self.surname} {self.initials}".strip()


def _ids_by_name(line: str, authors: list[Author]) -> None:
    """`ORCID: J. A. Smith https://orcid.org/…; M. Petrova https://orcid.org/…`, `Иванова Е. В., ORCID: …`: an email
    or ORCID goes to the one author whose surname is written right before it."""
    pos = 0
    for m in sorted(list(EMAIL.finditer(line)) + list(ORCID.finditer(line)), key=lambda m: m.start()):
        before = line[pos:m.start()]
        pos = m.end()
        named = [a for a in authors if re.search(rf"(?<!\w){re.escape(a.surname)}(?!\w)", before)]
        if len(named) == 1:
            attr = "email" if "@" in m.group() else "orcid"
            if not getattr(named[0], attr):
                setattr(named[0], attr, m.group())


def _surname_order(authors: list[Author], cite_lines: list[str]) -> None:
    """`Чжан Ли` read as first name and surname, while the paper's own citation line says `Чжан Л.`: swap them."""
    for a in authors:
        if a.given and not a.patronymic and any(re.search(rf"(?<!\w){re.escape(a.given)},?\s+{re.escape(a.surname[0])}\.", c)
                                               for c in cite_lines):
            a.surname, a.given, a.initials = a.given, a.surname, f"{a.surname[0]}."


class FrontMatter:
    """Finds the byline and reads each author's name, affiliation, city, email and ORCID."""

    name = "front_matter"
    REQUIRES = ("text", "paragraphs", "running_headers", "entities")
    ASSIGNS = ("authors", "entities")

    def __init__(self, morph, gazetteer=None):
        from ..knowledge.gazetteer import load_gazetteer

        self.morph = morph
        self.places = Places(gazetteer or load_gazetteer(morph).prepare(), morph)

    def place(self, word: str) -> bool:
        return self.places.place(word)

    def given(self, word: str) -> bool:
        return any("Name" in p.tag and p.score >= 0.1 for p in self.morph.parse(word))

    def __call__(self, doc: Document) -> Document:
        doc.authors = self.authors(doc)
        for a in doc.authors:
            if a.start >= 0:  # an author named only in the running header has no mention in the text
                self.mention(doc, a.start, a.end, a.name, a.surname)
        self.notes(doc)
        doc.entities.sort(key=lambda m: (m.start, m.end))
        for p in doc.paragraphs:  # `CONTACT Anna Smith anna.smith@…` at a page's foot, `Anna Smith http://orcid.org/…`
            if p.section in ("front", "about_authors"):
                _ids_by_name(doc.text[p.start:p.end], doc.authors)
        return doc

    def notes(self, doc: Document) -> None:
        """`Маршания Лариса Валерьевна – кандидат политических наук, e-mail: …`: the note's name is the author's
        (a mention with role `author`); its email, ORCID and affiliation fill what the byline left empty."""
        by_surname = {skeleton(a.surname): a for a in doc.authors}
        a = None  # the author whose note this paragraph goes on
        for p in doc.paragraphs:
            if p.section != "about_authors" or p.heading:
                a = None
                continue
            text = doc.text[p.start:p.end]
            n = leading_name(text, self.given) or self.surname_first(text, doc.authors)
            if n:
                a = by_surname.get(skeleton(n.surname))
                if a is not None:
                    self.mention(doc, p.start + n.start, p.start + n.end, " ".join(n.text.split()), n.surname)
                    a.given, a.patronymic = a.given or n.given, a.patronymic or n.patronymic
                    text = text[n.end:]
            if a is None:
                continue
            a.email = a.email or next(iter(EMAIL.findall(text)), "")
            a.orcid = a.orcid or next(iter(ORCID.findall(text)), "")
            if not a.affiliation and ORGANISATION.search(text):
                a.affiliation, city = city_of(organisation(text), self.places)
                a.city = a.city or city

    @staticmethod
    def surname_first(text: str, authors: list[Author]) -> Name | None:
        """`Лхагвасурэн Оюунчимэг – …`: a note that opens with a byline's surname and a first name no dictionary knows."""
        for a in authors:
            m = re.match(rf"({re.escape(a.surname)})\s+([A-ZА-ЯЁ][\w-]+)(?:\s+({PATRONYMIC}))?(?=\s*[–—,(-])", text)
            if m:
                return Name(m.group(), 0, m.end(), "surname_given_patronymic", a.surname, a.initials, m.group(2),
                            m.group(3) or "")
        return None

    # ---------------------------------------------------------------- where the byline is

    def front_paragraphs(self, doc: Document):
        """The front matter before the text (an abstract and keywords between its parts aside)."""
        front = []
        for p in doc.paragraphs:
            if p.section != "front" and not p.heading:
                if front or p.section not in ("abstract", "keywords"):
                    break
            if p.section == "front" and not p.heading:
                front.append(p)
        return front

    def authors(self, doc: Document) -> list[Author]:
        front = self.front_paragraphs(doc)
        authors = self.read_block(doc, front)
        if not authors:
            notes = [p for p in doc.paragraphs if p.section == "about_authors" and not p.heading]
            authors = self.read_block(doc, notes, notes_only=True)
        if not authors:
            authors = self.copyright_names(doc)
        if not authors:
            authors = self.header_names(doc)
        _surname_order(authors, [t for p in doc.paragraphs if CITE_AS.match(t := doc.text[p.start:p.end])])
        return authors

    def copyright_names(self, doc: Document) -> list[Author]:
        """`© 2022 г. Н.В. Сидорова, О.А. Лаптева` at the end of a paper with no byline at its head."""
        for p in doc.paragraphs:
            m = COPYRIGHT.match(doc.text, p.start, p.end)
            parsed = parse_byline(doc.text[m.end():p.end], self.place, self.given) if m else None
            if parsed and parsed[0]:
                return [self.author(m.end(), n, i, p.lang) for i, n in enumerate(parsed[0], 1)]
        return []

    def header_names(self, doc: Document) -> list[Author]:
        """`Pitrakov V.Yu.` in the running header of a paper whose text names no author: authors with no span."""
        for line in dict.fromkeys(doc.running_headers or []):
            parsed = parse_byline(line) if AUTHOR_LINE.match(line) else None
            if parsed and not parsed[1]:
                lang = "en" if re.match(r"[A-Za-z]", parsed[0][0].surname) else "ru"
                return [Author(i, " ".join(n.text.split()), n.surname, n.initials, n.given, n.patronymic, lang=lang)
                        for i, n in enumerate(parsed[0], 1)]
        return []

    def read_block(self, doc: Document, paragraphs, notes_only: bool = False) -> list[Author]:
        """Authors from the first byline of `paragraphs` and the lines that follow it (affiliations, emails)."""
        authors: list[Author] = []
        script = None
        lines_after: dict[int, list[str]] = {}  # author index → the lines of its own block
        shared: list[str] = []  # lines after the byline that belong to no single author yet
        last_block, columns = None, 0
        for p in paragraphs:
            text = doc.text[p.start:p.end]
            cells = [c.strip() for c in re.split(r"\s*\|\s*", text)] if " | " in text else []
            if columns and len(cells) == columns:  # a byline table: each row's cell i is author i's
                for i, cell in enumerate(cells):
                    if cell:
                        lines_after.setdefault(len(authors) - columns + i, []).append(cell)
                continue
            if cells and not authors:
                found = [parse_byline(c, self.place, self.given) for c in cells]
                if all(f and len(f[0]) == 1 and not f[1] for f in found):
                    offsets = [text.index(c) for c in cells]  # (non-empty: every cell is a name here)
                    authors = [self.author(p.start + o, f[0][0], i, p.lang)
                               for i, (o, f) in enumerate(zip(offsets, found), 1)]
                    columns = len(cells)
                    script = bool(re.match(r"[A-Za-z]", authors[0].surname))
                    continue
            parsed = None if NOT_BYLINE.search(text) or LEADING_MARK.match(text) and not notes_only else \
                parse_byline(text, self.place, self.given)
            names = parsed[0] if parsed else []
            latin = bool(names) and bool(re.match(r"[A-Za-z]", names[0].surname))
            known = {skeleton(a.surname) for a in authors}
            if names and any(skeleton(n.surname) in known for n in names):
                continue  # the byline again (a cover page's, then the article's)
            if names and (script is None or script == latin) and self._is_byline(text, parsed, notes_only):
                if script is None:
                    script = latin
                for n in names:
                    authors.append(self.author(p.start, n, len(authors) + 1, p.lang))
                rest = parsed[1]
                if rest:
                    (lines_after.setdefault(len(authors) - 1, []) if len(names) == 1 else shared).append(rest)
                last_block = len(authors) - 1 if len(names) == 1 else None
                continue
            if not authors:
                continue
            if names and script != latin:
                break  # the byline again in the other language
            if self._block_line(text):
                if last_block is not None:
                    lines_after.setdefault(last_block, []).append(text)
                else:
                    shared.append(text)
                continue
            # the title under a byline set over it: affiliations and emails may still follow
        self.assign(authors, lines_after, shared)
        return authors

    def _is_byline(self, text: str, parsed, notes_only: bool) -> bool:
        names, rest = parsed
        if notes_only or (len(names) == 1 and DEGREE.match(rest)):
            return True  # `Ivanova A.B., Ph.D. (Econ.), Associate Professor`
        if len(names) == 1 and names[0].form == "given_surname" and rest:
            return False  # `Maria Petrova, …` with more text: could be a sentence
        return not rest or bool(ORGANISATION.search(rest)) or self.place(rest.split()[0].strip(",."))

    def _block_line(self, text: str) -> bool:
        return bool(EMAIL.search(text) or ORCID.search(text) or ORGANISATION.search(text) or POSITION.match(text)
                    or LEADING_MARK.match(text) or self.places.country(text) or ADDRESS.search(text))

    # ---------------------------------------------------------------- what belongs to whom

    def assign(self, authors: list[Author], lines_after: dict, shared: list[str]) -> None:
        """Affiliations, cities, emails and ORCIDs: by name, by marker, from an author's own block, or shared."""
        for line in shared + [line for lines in lines_after.values() for line in lines]:
            _ids_by_name(line, authors)
        marked, orgs, emails, orcids, corresponding = self._shared(authors, shared)
        self._own_blocks(authors, lines_after)
        self._affiliations(authors, marked, orgs)
        self._give(authors, "email", emails, corresponding)
        self._give(authors, "orcid", orcids, "")

    def _shared(self, authors: list[Author], shared: list[str]) -> tuple:
        """The lines after all the names: (affiliation by marker, unmarked affiliations, emails, ORCIDs, the
        corresponding author's email); an email or ORCID under its author's marked line goes to that author."""
        marked, orgs, emails, orcids, corresponding = {}, [], [], [], ""
        last_mark = None
        for line in shared:
            mark = LEADING_MARK.match(line)
            found = EMAIL.findall(line)
            if not mark and last_mark and not found and not ORGANISATION.search(line) and ADDRESS.search(line):
                marked[last_mark] += ", " + line  # `Россия, 630091, г. Новосибирск, Красный проспект, 52` under its line
                continue
            corresponding_line = bool(re.search(r"(?i)corresponding|корреспонд|для переписки|^\W*\*", line) or "✉" in line)
            owners = [a for a in authors if last_mark in a.markers] if last_mark and not mark else []
            if len(owners) == 1 and not ORGANISATION.search(line) and (found or ORCID.search(line)) \
                    and not corresponding_line:
                owners[0].email = owners[0].email or next(iter(found), "")  # `ORCID 0000-…` under its author's line
                owners[0].orcid = owners[0].orcid or next(iter(ORCID.findall(line)), "")
                continue
            if found and corresponding_line:
                corresponding = found[-1]
            emails.extend(found)
            orcids.extend(ORCID.findall(line))
            if mark and ORGANISATION.search(line):
                key = last_mark = _markers(mark.group())[0]
                marked[key] = organisation(line)
                owners = [a for a in authors if key in a.markers]
                if len(found) == 1 and len(owners) == 1 and not owners[0].email:
                    owners[0].email = found[0]  # `1 Омский университет, Омск; e-mail: …`
            elif mark and found and not ORGANISATION.search(line):
                owners = [a for a in authors if _markers(mark.group())[0] in a.markers]
                if len(found) == 1 and len(owners) == 1 and not owners[0].email:
                    owners[0].email = found[0]  # `*e-mail: petrov@…` for the author marked *
                    owners[0].city = owners[0].city or city_of(line, self.places)[1]  # `*** Independent researcher, Tallinn, …`
            elif ORGANISATION.search(line):
                orgs.append(organisation(line))
        return marked, orgs, emails, orcids, corresponding

    def _own_blocks(self, authors: list[Author], lines_after: dict) -> None:
        """City, email, ORCID and affiliation from the lines right after each author's name."""
        for i, a in enumerate(authors):
            own = lines_after.get(i, [])
            places = [line for line in own if ORGANISATION.search(line)]
            for line in own:
                if not a.city and not ORGANISATION.search(line) and not EMAIL.search(line) and not ORCID.search(line) \
                        and self.place(line.split()[0].strip(",.")):
                    a.city = city_of(line, self.places)[1] or CITY_PREFIX.sub("", line.split(",")[0]).strip(" .")  # `В.Д.Красильников, Москва`
                a.email = a.email or next(iter(EMAIL.findall(line)), "")
                a.orcid = a.orcid or next(iter(ORCID.findall(line)), "")
            if places and not a.affiliation:
                a.affiliation = organisation(" ".join(places))  # an affiliation wrapped over its block's lines

    def _affiliations(self, authors: list[Author], marked: dict, orgs: list[str]) -> None:
        """Affiliations by marker, else the one shared, else one per author in order; each one's city apart."""
        for a in authors:
            marks = [m for m in a.markers if m in marked]
            if marks and not a.affiliation:
                a.affiliation = "; ".join(dict.fromkeys(marked[m] for m in marks))
        unassigned = [a for a in authors if not a.affiliation]
        if unassigned and not marked:
            if len(orgs) == 1:
                for a in unassigned:
                    a.affiliation = orgs[0]
            elif len(orgs) == len(authors):
                for a, org in zip(authors, orgs):
                    a.affiliation = a.affiliation or org
        elif unassigned and len(marked) == 1:
            for a in unassigned:
                a.affiliation = next(iter(marked.values()))
        for a in authors:
            if a.affiliation:
                org, city = city_of(a.affiliation, self.places)
                a.affiliation = org or a.affiliation
                a.city = a.city or city

    @staticmethod
    def _give(authors: list[Author], attr: str, values: list[str], corresponding: str) -> None:
        """Emails (or ORCIDs) listed apart from the names: by the surname in the address, the corresponding
        author's mark, or order when there is one per author."""
        values = [v for v in dict.fromkeys(values) if all(getattr(a, attr) != v for a in authors)]
        left = [a for a in authors if not getattr(a, attr)]
        if not values or not left:
            return
        if attr == "email":
            for a in left:
                key = skeleton(a.surname)
                match = [v for v in values if len(key) >= 3 and key in skeleton(v.split("@")[0].replace(".", " ").split()[-1] or "x")
                         or skeleton(v.split("@")[0]).startswith(key)]
                if len(match) == 1:
                    setattr(a, attr, match[0])
                    values.remove(match[0])
            left = [a for a in authors if not getattr(a, attr)]
        if len(values) == len(left):
            for a, v in zip(left, values):
                setattr(a, attr, v)
        elif corresponding and attr == "email":
            star = [a for a in left if "*" in a.markers]
            if len(star) == 1:
                star[0].email = corresponding
        elif len(values) == 1 and len(authors) == 1:
            setattr(authors[0], attr, values[0])

    # ---------------------------------------------------------------- records

    @staticmethod
    def author(offset: int, n: Name, position: int, lang: str) -> Author:
        return Author(position, " ".join(n.text.split()), n.surname, n.initials, n.given, n.patronymic, n.note, lang=lang,
                      start=offset + n.start, end=offset + n.end, markers=n.markers)

    @staticmethod
    def mention(doc: Document, start: int, end: int, name: str, surname: str) -> None:
        """An author's name as a PER mention with role `author`, in the nominative as written (replacing what
        NER made of it)."""
        for m in [m for m in doc.entities if m.start < end and start < m.end]:
            doc.entities.remove(m)
        lang = "en" if re.match(r"[A-Za-z]", surname) else "ru"
        doc.entities.append(Mention(start, end, doc.text[start:end], "PER", name, lang, "rule:byline", role="author"))

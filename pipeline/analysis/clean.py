"""Repair of extraction artefacts as small named steps, with an offset map back to the extracted text.

Each step looks at the current text and returns edits `(start, end, replacement)`; `Text.apply`
rewrites the text and carries `origin` (clean offset → extracted offset) along, so every span the
pipeline finds in the cleaned text can be traced to the input.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from ..core.schema import Document
from ..core.text import YEAR
from ..knowledge.resources import CleaningLexicon, cleaning_lexicon
from .affiliation import EMAIL
from .byline import is_byline
from .structure import COUNTRY_END, FRONT_ITEM, NOTE_START, PUBLICATION_LINE, heading

Edit = tuple[int, int, str]


@dataclass
class Text:
    text: str
    origin: list[int]
    removed: list[str] = field(default_factory=list)  # running headers, footers, page numbers

    @classmethod
    def of(cls, raw: str) -> "Text":
        return cls(raw, list(range(len(raw) + 1)))

    def apply(self, edits: list[Edit]) -> "Text":
        if not edits:
            return self
        parts, origin, pos = [], [], 0
        for start, end, repl in sorted(edits):
            if start < pos:
                raise ValueError(f"overlapping edit at {start}")
            parts.append(self.text[pos:start])
            origin.extend(self.origin[pos:start])
            parts.append(repl)
            last = max(end - start - 1, 0)
            origin.extend(self.origin[start + min(i, last)] for i in range(len(repl)))
            pos = end
        parts.append(self.text[pos:])
        origin.extend(self.origin[pos:])
        return Text("".join(parts), origin, self.removed)


# ------------------------------------------------------------------ characters

CHAR_MAP = {
    "\r\n": "\n", "\r": "\n", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\t": " ",
    "\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\u2028": "\n", "\u2029": "\n",
    "\ufb01": "fi", "\ufb02": "fl", "\ufb00": "ff", "\ufb03": "ffi", "\ufb04": "ffl",
}
CHAR_RE = re.compile("|".join(map(re.escape, CHAR_MAP)) + r"|[\x00-\x08\x0b\x0e-\x1f\x7f]")


def normalize_characters(t: Text, ctx) -> list[Edit]:
    """Line ends to \\n, exotic spaces to spaces, soft hyphens, zero-width and control characters out."""
    return [(m.start(), m.end(), CHAR_MAP.get(m.group(), "")) for m in CHAR_RE.finditer(t.text)]


def strip_lines(t: Text, ctx) -> list[Edit]:
    """Spaces at the start and end of every line (a form feed ends a line too)."""
    return [(m.start(), m.end(), "") for m in re.finditer(r"(?m)(?:^|(?<=\f))[ ]+|[ ]+(?=\f|$)", t.text) if m.end() > m.start()]


# ------------------------------------------------------------------ running headers

PAGE_NUMBER = re.compile(r"^(?:[-–—]\s*)?\d{1,4}(?:\s*[-–—])?$|^(?:стр\.|с\.|page|p\.)\s*\d+(?:\s*(?:из|of)\s*\d+)?$", re.I)
JOURNAL_MARK = re.compile(r"\b(?:Vol\.|Volume|No\.|Is\.|Iss\.|Issue|Т\.|Том|Вып\.|Выпуск|ISSN|DOI)|№", re.I)
YEAR_NUMBER = re.compile(rf"\b(?=19|20){YEAR}\b")  # 1900–2099
AUTHOR_LINE = re.compile(
    r"^(?:[A-ZА-ЯЁ][\w'’-]+\s+(?:[A-ZА-ЯЁ][a-zа-яё]?\.\s?){1,2}|(?:[A-ZА-ЯЁ][a-zа-яё]?\.\s?){1,2}\s*[A-ZА-ЯЁ][\w'’-]+)"
    r"(?:,\s*(?:[A-ZА-ЯЁ][\w'’-]+\s+(?:[A-ZА-ЯЁ][a-zа-яё]?\.\s?){1,2}|(?:[A-ZА-ЯЁ][a-zа-яё]?\.\s?){1,2}\s*[A-ZА-ЯЁ][\w'’-]+))*"
    r"(?:\s*(?:et al\.|и др\.))?$"
)
EDGE_DEPTH = 3  # how many lines at a page edge can be header or footer


def journal_line(line: str) -> bool:
    return len(line) <= 200 and bool(YEAR_NUMBER.search(line)) and bool(JOURNAL_MARK.search(line))


def _paged_journal_line(line: str) -> bool:
    """`28 Theories and Problems of Political Studies. 2025, Vol. 14, Is. 5A`: a journal line with its page number."""
    return journal_line(line) and bool(re.match(r"^\d{1,4}\s|.*\s\d{1,4}$", line))


def _page_edges(lines: list[tuple[int, int, str]], text: str) -> list[list[int]]:
    """Indexes of non-blank lines next to each page boundary: form feeds, or a gap of blank lines
    wider than the document's usual one (text extracted from PDFs without page marks)."""
    content = [i for i, (_, _, s) in enumerate(lines) if s.strip()]
    if not content:
        return []
    gaps = []
    for a, b in zip(content, content[1:]):
        between = text[lines[a][1]:lines[b][0]]
        gaps.append((b - a - 1, "\f" in between))
    usual = statistics.median(g for g, _ in gaps) if gaps else 0
    breaks = [k for k, (g, ff) in enumerate(gaps) if ff or g >= usual + 2]
    edges = [content[:EDGE_DEPTH], content[-EDGE_DEPTH:][::-1]]
    for k in breaks:
        edges.append(content[max(0, k - EDGE_DEPTH + 1):k + 1][::-1])  # bottom of a page, upwards
        edges.append(content[k + 1:k + 1 + EDGE_DEPTH])  # top of the next page, downwards
    return edges


def remove_running_headers(t: Text, ctx) -> list[Edit]:
    """Page numbers, journal lines and author lines at page edges, and lines repeated on several page edges.

    The block is replaced by one line break, so a paragraph or a hyphenated word broken by the page
    continues; the removed lines are kept in `removed` for the metadata.
    """
    text = t.text
    lines, pos = [], 0
    for raw_line in re.split(r"(?<=[\n\f])", text):
        lines.append((pos, pos + len(raw_line.rstrip("\n\f")), raw_line.rstrip("\n\f")))
        pos += len(raw_line)
    edges = _page_edges(lines, text)
    n_inner = len(edges) - 2  # edges[0] and edges[1] are the top and the bottom of the document
    shape = Counter()  # how many distinct lines at page edges have this shape (a one-line "page" is not two)
    for i in {i for edge in edges for i in edge}:
        shape[re.sub(r"\d+", "#", lines[i][2].strip())] += 1
    drop = set()
    for n, edge in enumerate(edges):
        # at the top of the first page a DOI line or the byline is front matter, not a running header
        inner = n >= 2
        for i in edge:
            line = lines[i][2].strip()
            repeated = n_inner >= 2 and shape[re.sub(r"\d+", "#", line)] >= 2 and len(line) <= 150
            # a journal line with its page number; without one only if it repeats: a reference entry's tail at a
            # page's edge (`Humanitarian Series, 2021, vol. 66, pp. 301–312.`) is text, not a header
            journal = _paged_journal_line(line) and "//" not in line and not re.match(r"\[?\d{1,3}[.)\]]\s", line)
            if PAGE_NUMBER.match(line) or journal or repeated or (inner and AUTHOR_LINE.match(line)):
                drop.add(i)
            else:
                break  # headers sit at the very edge of a page
    if not drop:
        return []
    edits = []
    for i in sorted(drop):
        t.removed.append(lines[i][2].strip())
    # replace each maximal run of dropped lines (with the blank lines around it) by one line break
    content = [i for i, (_, _, s) in enumerate(lines) if s.strip()]
    run = []
    for i in content + [None]:
        if i is not None and i in drop:
            run.append(i)
            continue
        if run:
            before = max((j for j in content if j < run[0]), default=None)
            after = i
            start = lines[before][1] if before is not None else 0
            end = lines[after][0] if after is not None else len(text)
            edits.append((start, end, "\n" if before is not None and after is not None else ""))
            run = []
    return edits


# ------------------------------------------------------------------ line width

CONTENT_LINE = re.compile(r"[^\n\f]*\S[^\n\f]*")


def measure_line_width(t: Text, ctx) -> list[Edit]:
    """Record the usual width of a physical line (90th percentile, in characters) before
    de-hyphenation merges lines; reflow_paragraphs reads paragraph ends from short lines."""
    lengths = sorted(m.end() - m.start() for m in CONTENT_LINE.finditer(t.text))
    ctx.line_width = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
    ctx.line_count = len(lengths)
    return []


# ------------------------------------------------------------------ hyphenation

WORD = r"[^\W\d_]+"
HYPHEN_BREAK = re.compile(rf"(?<![\w-])(?P<left>{WORD}(?:-{WORD})*?)(?P<hyphen>-[ ]*\n[\s]*)(?P<right>{WORD})")
CYRILLIC = re.compile(r"[а-яё]", re.I)


def _word_counts(text: str) -> Counter:
    return Counter(m.group().lower() for m in re.finditer(rf"{WORD}(?:-{WORD})*", text))


def join_hyphenated_lines(t: Text, ctx) -> list[Edit]:
    """`взаимо-\\nдействие` → `взаимодействие`; `политико-\\n\\nэкономическим` → `политико-экономическим`.

    Decided by, in order: a capital after the hyphen (Северо-Казахстанской: keep); the document itself
    (which of the two forms it uses elsewhere); the pymorphy3 dictionary (the joined word is a word:
    join; the left part is a word or an adjective stem: keep); the list of compound first parts.
    """
    counts = None
    edits = []
    for m in HYPHEN_BREAK.finditer(t.text):
        if counts is None:
            counts = _word_counts(t.text)
        left, right = m.group("left"), m.group("right")
        keep = ctx.keep_hyphen(left.split("-")[-1], right, counts)
        edits.append((m.start("hyphen"), m.end("hyphen"), "-" if keep else ""))
    return edits


# ------------------------------------------------------------------ paragraphs

EMAIL_END = re.compile(EMAIL.pattern + "$")  # a line that ends with an address ends its paragraph
CONTINUES = re.compile(r"(?:^|\s)[a-zа-яё]{1,3}$")  # a line ending in "и", "в", "of", "and" goes on
BULLET = re.compile(r"^(?:[-–—•▪●◦*]\s|\d{1,2}[.)]\s|\[\d{1,3}\]\s|[a-zа-я][)]\s)")  # `[3] Псху А.В. …` too
TERMINAL = tuple(".!?:;…")


def reflow_paragraphs(t: Text, ctx) -> list[Edit]:
    """Join the lines of a paragraph with spaces and separate paragraphs by one blank line.

    PDF text comes as lines of a nearly fixed width, often with blank lines between all of them. A
    line break ends a paragraph before a heading or a bullet, and after a line clearly shorter than
    the usual width that is followed by a capital; elsewhere the lines are joined. Texts whose lines
    are paragraphs already (long, ragged lines; DOCX and HTML) keep every break.
    """
    text = t.text
    lines = [(m.start(), m.end()) for m in CONTENT_LINE.finditer(text)]
    if not lines:
        return [(0, len(text), "")] if text else []
    width = ctx.line_width
    wrapped = not ctx.paragraph_layout and width <= 160 and ctx.line_count >= 3
    gaps = [text.count("\n", a[1], b[0]) - 1 for a, b in zip(lines, lines[1:])]
    blank_everywhere = sum(g >= 1 for g in gaps) > 0.6 * max(len(gaps), 1)
    edits = [(0, lines[0][0], "")] if lines[0][0] else []
    for (a_start, a_end), (b_start, b_end), gap in zip(lines, lines[1:], gaps):
        a, b = text[a_start:a_end], text[b_start:b_end]
        if not wrapped or _paragraph_break(a, b, gap, width, blank_everywhere, ctx.lexicon):
            sep = "\n\n"
        else:
            sep = " "
        edits.append((a_end, b_start, sep))
    if lines[-1][1] < len(text):
        edits.append((lines[-1][1], len(text), ""))
    return edits


def _paragraph_break(a: str, b: str, gap: int, width: int, blank_everywhere: bool, lex: CleaningLexicon) -> bool:
    head_a, head_b = heading(a), heading(b)
    if head_b or (head_a and not head_a[1]):
        return True
    if FRONT_ITEM.match(b) or PUBLICATION_LINE.match(b) or NOTE_START.match(b) or COUNTRY_END.search(a) \
            or EMAIL_END.search(a) \
            or is_byline(a) or is_byline(b):
        return True  # a byline, an affiliation, an email, an author note, the publication record: a paragraph each
    if head_a:  # an inline heading ("Keywords: a; b;") wraps until its full stop (not `им. Евг.`, `I.`) …
        if latin_script(a) != latin_script(b) or (_all_caps(b) and len(b.split()) >= 2):
            return True  # … or until the text goes on in the other script or in capitals (the next title)
        return a.endswith((".", "!", "?")) and not _ends_with_abbreviation(a, lex) \
            and not re.search(r"(?:^|\s)[A-ZА-ЯЁ][a-zа-яё]{0,3}\.$", a)
    if BULLET.match(b) and a.endswith(TERMINAL):
        return True
    if not blank_everywhere and gap >= 1:
        return True
    starts_new = b[0].isupper() or b[0].isdigit() or b[0] in "«\"“„(["
    if not starts_new or a.endswith((",", "-", "–", "—")) or CONTINUES.search(a):
        return False
    if _all_caps(a) != _all_caps(b) and len(b.split()) >= 3:  # a title in capitals, after or before other lines
        return True
    if _ends_with_abbreviation(a, lex):
        return False
    if a.endswith(TERMINAL):
        return len(a) < 0.8 * width or (blank_everywhere and gap >= 2)
    return len(a) < 0.7 * width  # titles, bylines, affiliations: short lines without a full stop


LATIN_RUN, CYRILLIC_RUN = re.compile(r"[A-Za-z]+"), re.compile(r"[А-Яа-яЁё]+")


def latin_script(line: str) -> bool:
    """More Latin letters than Cyrillic ones (counted run by run)."""
    return sum(map(len, LATIN_RUN.findall(line))) > sum(map(len, CYRILLIC_RUN.findall(line)))


def _all_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _ends_with_abbreviation(line: str, lex: CleaningLexicon) -> bool:
    m = re.search(r"(?:^|[\s(\[«\"])([\w.]+)\.$", line)
    if not m:
        return False
    word = m.group(1)
    return word.lower() in lex.abbreviations or bool(re.fullmatch(r"(?:[A-ZА-ЯЁ][a-zа-яё]?\.)*[A-ZА-ЯЁ][a-zа-яё]?", word))


# ------------------------------------------------------------------ broken words

# the right word is a lookahead, so that every pair of neighbouring words is tried
LATIN_SPLIT = re.compile(r"(?<![\w-])([A-Za-z]{3,}) (?=([a-z]{1,2})(?![\w-]))")
CYRILLIC_SPLIT = re.compile(r"(?<![\w-])([а-яё]{2,}) (?=([а-яё]+)(?![\w-]))")


def repair_split_words(t: Text, ctx) -> list[Edit]:
    """`interorganizationa l` → `interorganizational`; `взаимодейс твие` → `взаимодействие`.

    English: a one- or two-letter fragment that is not an English word joins the word before it.
    Russian: two unknown words whose concatenation the dictionary knows are joined.
    """
    edits = []
    for m in LATIN_SPLIT.finditer(t.text):
        if m.group(2).lower() not in ctx.lexicon.english_short_words:
            edits.append((m.end(1), m.end(), ""))
    for m in CYRILLIC_SPLIT.finditer(t.text):
        left, right = m.group(1), m.group(2)
        if ctx.known(left) or ctx.known(right) or not ctx.known(left + right):
            continue
        edits.append((m.end(1), m.end(), ""))
    return edits


def collapse_spaces(t: Text, ctx) -> list[Edit]:
    """Runs of spaces to one space."""
    return [(m.start(), m.end(), " ") for m in re.finditer(r" {2,}", t.text)]


STEPS = [
    normalize_characters,
    strip_lines,
    remove_running_headers,
    measure_line_width,
    join_hyphenated_lines,
    reflow_paragraphs,
    repair_split_words,
    collapse_spaces,
]


# ------------------------------------------------------------------ stage

class Cleaner:
    """The cleaning stage: runs STEPS in order over `doc.raw`."""

    name = "clean"
    REQUIRES = ("raw", "file_meta.headers")
    ASSIGNS = ("text", "origin", "running_headers")

    def __init__(self, morph, lexicon: CleaningLexicon | None = None, steps=None):
        self.morph = morph
        self.lexicon = lexicon or cleaning_lexicon()
        self.steps = steps or STEPS
        self.paragraph_layout = False
        self.line_width = self.line_count = 0  # set by measure_line_width
        self.known = lru_cache(maxsize=100_000)(self._known)

    def _known(self, word: str) -> bool:
        return self.morph.word_is_known(word.lower())

    def keep_hyphen(self, left: str, right: str, counts: Counter) -> bool:
        if right[0].isupper():
            return True
        joined, hyphened = (left + right).lower(), f"{left}-{right}".lower()
        if counts[hyphened] != counts[joined]:
            return counts[hyphened] > counts[joined]
        low = left.lower()
        if low in self.lexicon.compound_first_parts:
            return True
        if CYRILLIC.search(left):
            if self.known(joined):
                return False
            return self.known(low) or self._adjective_stem(low)
        return False

    def _adjective_stem(self, left: str) -> bool:
        """торгово- / российско- / научно-: the stem of an adjective plus a linking vowel."""
        if not left.endswith(("о", "е")):
            return False
        stem = left[:-1]
        return any(
            p.tag.POS == "ADJF" for ending in ("ый", "ий", "ой") for p in self.morph.parse(stem + ending)
            if self.morph.word_is_known(stem + ending)
        )

    def clean(self, raw: str, paragraph_layout: bool = False) -> Text:
        self.paragraph_layout = paragraph_layout
        t = Text.of(raw)
        for step in self.steps:
            t = t.apply(step(t, self))
        return t

    def __call__(self, doc: Document) -> Document:
        t = self.clean(doc.raw, paragraph_layout=doc.format in ("docx", "html", "htm"))
        doc.text, doc.origin, doc.running_headers = t.text, t.origin, t.removed + doc.file_meta.headers
        return doc

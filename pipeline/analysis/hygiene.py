"""What a mention may be, on journal papers: no line break inside, no figure label or bibliographic abbreviation
(models/entities.yaml: labels, bibliographic), no single letter, nothing over MAX_CHARS characters; a name
written with initials is a person's and holds its initials.

The repairs here run among EntitySpans' REPAIRS, on the models' mentions; `check_mentions` holds the
mentions later stages add (citations' authors, bylines) to the same rules, in the linker.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..core.schema import Document, Mention
from ..core.spans import MAX_CHARS, SpanIndex, TokenIndex, sub_span, with_rule
from ..knowledge.resources import EntityLexicon

INITIALS_ONLY = re.compile(r"(?:[A-ZА-ЯЁ][a-zа-яё]?\.\s?)+")
ONE_LETTER = re.compile(r"[\W_]*[^\W\d_]?[\W_]*")  # `М`, `С.`, `М.:`; not `G-20`


def not_a_name(text: str, lex: EntityLexicon) -> str | None:
    """Why `text` cannot be a name (`letter`, `initials`, `generic`, `too long`), or None."""
    if ONE_LETTER.fullmatch(text):
        return "letter"
    if INITIALS_ONLY.fullmatch(text):
        return "initials"
    if text in lex.not_entities:
        return "generic"
    if len(text) > MAX_CHARS:
        return "too long"
    return None


# ------------------------------------------------------------------ repairs: lines, stop-lists, initials

LINE_BREAK = re.compile(r"\s*\n\s*")


def split_lines(doc, mentions, ix, lex):
    """A name never crosses a line break, let alone a paragraph break (`\\n\\n`): a mention that does keeps the
    line that holds its head (`Мокрушина Е.В.\\n\\nОмский` → `Мокрушина Е.В.`), or goes."""
    out = []
    for m in mentions:
        piece = m if "\n" not in m.text else line_of_head(doc, m, ix)
        if piece is not None:
            out.append(piece)
    return out


def line_of_head(doc: Document, m: Mention, ix: TokenIndex | None = None) -> Mention | None:
    """The line of `m` that holds its head: for a Russian ORG/LOC the line of its first noun, else the line
    with the most capitalised words (the first of equals); None if no line is name-like."""
    pieces, pos = [], m.start
    for br in [*LINE_BREAK.finditer(m.text), None]:
        piece = sub_span(doc, m, pos, m.start + br.start() if br else m.end, "line")
        if piece is not None:
            pieces.append(piece)
        if br:
            pos = m.start + br.end()
    head = None
    if ix is not None and m.lang == "ru" and m.label != "PER":
        head = next((t for t in ix.within(m.start, m.end) if t.pos in ("NOUN", "PROPN")), None)

    def score(p: Mention):
        capitals = sum(1 for w in p.text.split() if w[:1].isupper() and len(w.rstrip(".")) > 1)
        return head is not None and p.start <= head.start < p.end, capitals

    return max(pieces, key=score) if pieces else None


def stop_key(text: str) -> str:
    return " ".join(text.split()).lower().rstrip(".").strip()


def stop_listed(doc: Document, m: Mention, lex: EntityLexicon) -> bool:
    """Is the whole mention a figure label or a bibliographic abbreviation (models/entities.yaml)?"""
    key = stop_key(m.text)
    if key in lex.labels or key in lex.bibliographic:
        return True
    colon = _stop_patterns(lex.labels, lex.bibliographic)[0]
    return key.rstrip(":").rstrip(".").strip() in colon \
        and (key.endswith(":") or bool(re.match(r"\.?\s*:", doc.text[m.end:m.end + 4])))


LABEL_NUMBER = r"(?:\.\s*(?:\d+(?:\.\d+)*[.)]?)?|\s*№?\s*\d+(?:\.\d+)*[.)]?)\s*[–—:-]?\s*"


@lru_cache(maxsize=4)
def _stop_patterns(labels: frozenset, bibliographic: frozenset):
    """(entries that stop a name before a colon, a label at a name's head, a bibliographic phrase at its head, at
    its tail), compiled once per lexicon: a mention is checked against one pattern, not against every entry."""
    colon = frozenset(e[:-1].rstrip(".").strip() for e in bibliographic if e.endswith(":"))
    longest = sorted(labels, key=len, reverse=True)
    label = re.compile("(?:" + "|".join(map(re.escape, longest)) + ")" + LABEL_NUMBER, re.I) if labels else None
    phrases = [r"\s+".join(re.escape(w) for w in e.split()) for e in sorted(bibliographic, key=len, reverse=True)
               if (" " in e or "-" in e) and not e.endswith(":")]
    alternatives = "|".join(phrases)
    head = re.compile(rf"(?:{alternatives})\.?(?=\s)\s*", re.I) if phrases else None
    tail = re.compile(rf"(?<=\s)(?:{alternatives})\.?$", re.I) if phrases else None
    return colon, label, head, tail


def stop_words(doc, mentions, ix, lex):
    """Figure and table labels and bibliographic abbreviations (models/entities.yaml) are no entity:
    `Рис`, `Табл.`, `Вып`, `Russ` of `(In Russ.)` go; `Рис. 2. Омская область` → `Омская область`;
    `Изд-во Омского университета` → `Омского университета`; `Smith et al` → `Smith`."""
    _, label, head, tail = _stop_patterns(lex.labels, lex.bibliographic)
    out = []
    for m in mentions:
        if stop_listed(doc, m, lex):
            continue
        start, end = m.start, m.end
        cut = label.match(m.text) if label else None
        if cut:  # `Таблица 2` alone leaves nothing
            start = m.start + cut.end()
        found = head.match(doc.text, start, end) if head else None
        if found:
            start = found.end()
        found = tail.search(doc.text[start:end]) if tail else None
        if found:
            end = start + found.start()
        piece = sub_span(doc, m, start, end, "stoplist")
        if piece is not None and not stop_listed(doc, piece, lex):
            out.append(piece)
    return out


INITIAL = r"[A-ZА-ЯЁ][a-zа-яё]?\."
SURNAME = r"[A-ZА-ЯЁ][a-zа-яё'’]+(?:-[A-ZА-ЯЁ][a-zа-яё'’]+)?"
NAME_INITIALS = re.compile(rf"{SURNAME}\s+(?:{INITIAL}\s?){{0,2}}{INITIAL}")
INITIALS_AFTER = re.compile(rf"\s(?:{INITIAL}\s?){{0,2}}{INITIAL}(?!\s*\d)")
INITIALS_BEFORE = re.compile(rf"(?:^|(?<=[\s(\[,;]))(?:{INITIAL}\s?){{1,3}}$")


def initials_names(doc, mentions, ix, lex):
    """Names written with initials are people, and their initials are part of them:
    `Кузнецова А.В. Парадипломатия` (a reference) → `Кузнецова А.В.`; `Ковальская Н.П` + `.` → `Ковальская Н.П.`;
    spaCy's LOC `Nefedova` before ` M.A.` → PER `Nefedova M.A.`; `Sarnatsky` after `E.V. ` → `E.V. Sarnatsky`."""
    text = doc.text
    out = []
    for m in mentions:
        start, end = m.start, m.end
        whole = NAME_INITIALS.match(m.text)
        if whole and whole.end() < len(m.text) and m.text[whole.end()].isspace():
            end = m.start + whole.end()  # the name ends with its initials
        elif re.fullmatch(rf"{SURNAME}\s+(?:{INITIAL}\s?){{0,2}}[A-ZА-ЯЁ]", m.text) and text[end:end + 1] == ".":
            end += 1  # the model left the last initial's dot out
        elif re.fullmatch(SURNAME, m.text) and _surname_like(m):
            after = INITIALS_AFTER.match(text, end)
            before = INITIALS_BEFORE.search(text, max(0, start - 12), max(0, start - 1)) \
                if text[start - 1:start] == " " else None
            if after:
                end = after.end()
            elif before:
                start = before.start()
        if (start, end) == (m.start, m.end):
            out.append(m)
            continue
        out.append(Mention(start, end, text[start:end], "PER", "", m.lang, with_rule(m.source, "initials")))
    extended = SpanIndex(o for o in out if "initials" in o.source.split("+"))
    # a mention swallowed by an extended name goes (`М` of `М.А.`)
    return [m for m in out if all((o.start, o.end) == (m.start, m.end) for o in extended.containing(m.start, m.end))]


NAME_INITIAL = r"(?:[A-ZА-ЯЁ]|Yu|Ya|Ye|Yo|Zh|Kh|Ch|Sh|Ts|Дж)\."  # no `См.`, `Гл.`: abbreviations, not initials
WRITTEN_WITH_INITIALS = re.compile(
    rf"(?<![\w.-])(?:(?P<s1>{SURNAME})\s(?:{NAME_INITIAL}\s?){{0,2}}{NAME_INITIAL}"
    rf"|(?:{NAME_INITIAL}\s?){{1,3}}(?P<s2>{SURNAME}))(?![\w-])(?!\s*\d)")


def untagged_initials(doc, mentions, ix, lex):
    """`Мокрушина Е.В., Нефёдова М.А.` in a byline, `E.V. Sarnatsky` in a reference: a proper noun written with
    initials is a person, whether the model tagged it or not. A one-word mention of the surname alone gives
    way to the whole name; a span that overlaps any other mention is left to the model."""
    out = SpanIndex(mentions)
    for found in WRITTEN_WITH_INITIALS.finditer(doc.text):
        start, end = found.span()
        s_start, s_end = found.span("s1") if found.group("s1") else found.span("s2")
        toks = ix.within(s_start, s_end)
        if len(toks) != 1 or toks[0].pos != "PROPN" or stop_key(found.group("s1") or found.group("s2")) \
                in lex.labels | lex.bibliographic:
            continue
        if re.search(r"(?:\bим\.|\bимени|\bnamed after)\s*$", doc.text[max(0, start - 12):start]):
            continue  # `МГУ им. М.В. Ломоносова`: the name of an organisation, not a person who acts
        hit = out.overlapping(start, end)
        if any((m.start, m.end) == (start, end) for m in hit):
            continue  # the model has it
        if any((m.start, m.end) != (s_start, s_end) and not (start <= m.start and m.end <= end and m.label == "PER")
               for m in hit):
            continue  # part of another name (`Омский университет им. Ф.М. Достоевского`)
        lang = "en" if re.match(r"[A-Za-z]", doc.text[s_start]) else "ru"
        for m in hit:
            out.discard(m)
        source = hit[0].source + "+initials" if hit else "rule:initials"
        out.add(Mention(start, end, doc.text[start:end], "PER", "", lang, source))
    return out.items()


def _surname_like(m: Mention) -> bool:
    """May initials next to this one-word mention be its own? A person's, or a name in English, where the models
    read `Nefedova M.A.` as a place; a Russian place or organisation keeps to itself (`в Казахстан Т.В. Иванова`)."""
    return m.label == "PER" or m.lang != "ru"


def too_long(doc, mentions, ix, lex):
    """No name is longer than MAX_CHARS characters: such a span is a runaway (a table read as one name)."""
    return [m for m in mentions if len(m.text) <= MAX_CHARS]


def check_mentions(doc: Document, lexicon: EntityLexicon) -> None:
    """What a mention may be, once every stage that adds mentions has run (EntitySpans checks the models'
    own): a line break inside cuts it to the line holding its head; a single letter, initials alone, a
    stop-listed label or a span over MAX_CHARS characters goes; a normal form over MAX_CHARS characters, or
    with a line break, falls back to the text."""
    kept = []
    for m in doc.entities:
        if "\n" in m.text:
            cut = line_of_head(doc, m)
            if cut is None:
                continue
            cut.role, cut.normal = m.role, cut.text
            m = cut
        if not_a_name(m.text, lexicon) or stop_listed(doc, m, lexicon):
            continue
        if len(m.normal) > MAX_CHARS or "\n" in m.normal:
            m.normal = m.text
        m.parts = [p for p in m.parts if "\n" not in p.text and not not_a_name(p.text, lexicon)]
        kept.append(m)
    doc.entities = kept

"""Mention spans a scholar would cite, repaired from the models' output, and their normal forms.

Each repair is a small named function over the document's mentions, in order (REPAIRS); each mention
keeps the `source` that found it and, where a repair changed it, a `+rule` suffix saying which. The
repairs that keep journal papers clean (line breaks, figure labels, bibliographic abbreviations, initials)
live in hygiene.py; the gender a person's name is normalised in comes from names.person_genders.
"""

from __future__ import annotations

import re

from ..core.schema import Document, Mention, Token
from ..core.spans import (
    MAX_CHARS,
    SpanIndex,
    TokenIndex,
    span_lookup,
    sub_span,
    with_rule,
)
from ..knowledge.resources import EntityLexicon, entity_lexicon, section_names
from .hygiene import (
    initials_names,
    not_a_name,
    split_lines,
    stop_words,
    too_long,
    untagged_initials,
)
from .names import person_genders
from .normal import Normalizer, is_abbreviation

COORDINATORS = {",", "и", "или", "а", "также"}


# ------------------------------------------------------------------ repairs

SEPARATORS = re.compile(r"\s*(?:•|;|\||,(?=\s)|\s[–—]\s)\s*")


def split_lists(doc, mentions, ix, lex):
    """`Овечкин, Фёдоров` → two; `Туркмения • Уганда` → two; `МГУ | Астана` (a table row) → two;
    `Комиссии по сотрудничеству, www` → one."""
    out = []
    for m in mentions:
        seps = [s for s in SEPARATORS.finditer(m.text)]
        if not seps:
            out.append(m)
            continue
        pos = m.start
        for s in seps + [None]:
            end = m.start + s.start() if s else m.end
            piece = sub_span(doc, m, pos, end, "split")
            if piece:
                out.append(piece)
            if s:
                pos = m.start + s.end()
    return out


PAREN = re.compile(r"\(([^()]+)\)?")


def split_parentheses(doc, mentions, ix, lex):
    """`Бернд Пишетсридер (Bernd Pischetsrieder)` → both names; `… (USPTO)` → the name and its
    abbreviation. `X (ABBR)` right after a mention adds ABBR and records the definition."""
    out = []
    for m in mentions:
        p = PAREN.search(m.text)
        if not p:
            out.append(m)
            continue
        for a, b in ((0, p.start()), (p.start(1), p.end(1)), (p.end(), len(m.text))):
            piece = sub_span(doc, m, m.start + a, m.start + b, "paren")
            if piece:
                out.append(piece)
        _define(doc, out)
    covered = {(m.start, m.end) for m in out}
    for m in list(out):
        after = re.match(r"\s*\(([^()\s]{2,12})\)", doc.text[m.end:m.end + 16])
        if after and is_abbreviation(after.group(1)):
            start = m.end + after.start(1)
            if not any(s <= start < e for s, e in covered):
                out.append(Mention(start, start + len(after.group(1)), after.group(1), m.label, "", m.lang,
                                   with_rule(m.source, "abbr")))
    out.sort(key=lambda x: (x.start, x.end))
    _define(doc, out)
    return out


def _define(doc, mentions):
    """Record `Name (ABBR)` definitions for the linker: doc.abbreviations[ABBR] = (start, end) of Name."""
    if doc.abbreviations is None:
        doc.abbreviations = {}
    defs = doc.abbreviations
    for a, b in zip(mentions, mentions[1:]):
        between = doc.text[a.end:b.start]
        if re.fullmatch(r"\s*\(", between) and is_abbreviation(b.text) and not is_abbreviation(a.text):
            defs.setdefault(b.text, (a.start, a.end))


def strip_descriptors(doc, mentions, ix, lex):
    """`ОАО «Газпром»` → `Газпром`; `Концерн «Майкрософт»` → `Майкрософт`; quotes off the edges."""
    out = []
    for m in mentions:
        q = re.search(r"[«\"“„]([^«»\"“”„]+)[»\"”“]?", m.text)
        if q and q.start() > 0:
            before = m.text[:q.start()].strip().lower()
            if before and all(w in lex.descriptors for w in re.split(r"\s+", before)):
                piece = sub_span(doc, m, m.start + q.start(1), m.start + q.end(1), "descriptor")
                if piece:
                    out.append(piece)
                    continue
        piece = sub_span(doc, m, m.start, m.end, "trim")
        if piece:
            out.append(piece)
    return out


def drop_non_entities(doc, mentions, ix, lex):
    """Generic words the models tag (СМИ, ЖЖ), bare initials (`W.`, `Е.В.`) and single letters (`М` of
    `М.: Наука`) are no one."""
    return [m for m in mentions if not_a_name(m.text, lex) is None]


COMPOUND_ADJECTIVE = re.compile(r"[А-ЯЁ][а-яё]+[ое]-[А-ЯЁа-яё]+(?:ск|цк)(?:ая|ий|ое|ие|ой|ого|ому|ую|их|ими|ым|ом)")


def titles(doc, mentions, ix, lex):
    """`Акимом`, `Губернатора` tagged as people: a title alone is no one (models/entities.yaml: titles); nor is
    an adjective alone (`Эмпирическую базу…` opening a sentence, `Российско-Казахстанская`)."""
    out = []
    for m in mentions:
        toks = ix.within(m.start, m.end)
        if m.label == "PER" and len(toks) == 1 and (toks[0].lemma in lex.titles or toks[0].pos == "ADJ"
                                                     or COMPOUND_ADJECTIVE.fullmatch(m.text)):
            continue
        out.append(m)
    return out


def _all_adjectives(tokens: list[Token]) -> bool:
    return bool(tokens) and all(t.pos == "ADJ" for t in tokens)


def elliptical_coordination(doc, mentions, ix, lex):
    """`Павлодарской и Северо-Казахстанской областями`, `Кемеровскую, Новосибирскую, Омскую области`:
    each adjective gets the shared head noun; the normal forms are full, singular names."""
    for i, m in enumerate(mentions):
        if m.lang != "ru":
            continue
        toks = ix.within(m.start, m.end)
        if len(toks) < 2 or not _all_adjectives(toks[:-1]) or toks[-1].pos != "NOUN":
            continue
        if (toks[-1].feats or {}).get("Number") != "Plur":
            continue
        group = [m]
        j = i - 1
        while j >= 0:
            prev = mentions[j]
            between = doc.text[prev.end:group[0].start].replace(",", " , ").split()
            if not between or any(w.lower() not in COORDINATORS for w in between):
                break
            if not _all_adjectives(ix.within(prev.start, prev.end)):
                break
            group.insert(0, prev)
            j -= 1
        group[:0] = _untagged_conjuncts(doc, group[0], ix, mentions)
        if len(group) < 2:
            continue
        head = toks[-1]
        for g in group:
            g.label = m.label
            g.head = head  # the normaliser builds `<adjectives> <head>` in the singular
            g.source = with_rule(g.source, "ellipsis")
    return mentions


def untagged_missions(doc, mentions, ix, lex):
    """`Консульства Республики Казахстан в городе Омске`, `Генеральное консульство РК в Омске`: a mission
    noun the model left untagged, capitalised or after capitalised adjectives, and followed by its
    state, becomes an ORG (institution_names then joins the rest)."""
    out = list(mentions)
    starts = {m.start: m for m in mentions}
    for i, t in enumerate(ix.tokens):
        if t.lemma not in lex.mission_heads:
            continue
        first = i
        while first > 0 and ix.tokens[first - 1].pos == "ADJ" and ix.tokens[first - 1].text[:1].isupper() \
                and doc.text[ix.tokens[first - 1].end:ix.tokens[first].start] == " ":
            first -= 1
        begin = ix.tokens[first]
        nxt = ix.after(t.end)
        state = starts.get(nxt[0].start) if nxt else None
        if not begin.text[:1].isupper() or state is None or state.label != "LOC" or doc.text[t.end:state.start] != " ":
            continue
        if any(m.start < t.end and begin.start < m.end for m in mentions):
            continue
        out.append(Mention(begin.start, t.end, doc.text[begin.start:t.end], "ORG", "", state.lang, "rule:mission"))
    return out


def _untagged_conjuncts(doc, first: Mention, ix, mentions) -> list[Mention]:
    """Capitalised adjectives before `first`, joined by `,` / `и`, that the model did not tag
    (`ОРЕНБУРГСКОЙ И АКТЮБИНСКОЙ ОБЛАСТЕЙ`)."""
    found, pos = [], first.start
    while True:
        before = ix.before(pos, 2)
        if len(before) < 2 or before[1].text.lower() not in COORDINATORS:
            break
        adj = before[0]
        if adj.pos != "ADJ" or not adj.text[:1].isupper() or any(m.start <= adj.start < m.end for m in mentions):
            break
        found.insert(0, Mention(adj.start, adj.end, adj.text, first.label, "", first.lang, "rule:ellipsis"))
        pos = adj.start
    mentions.extend(found)
    return found


def institution_names(doc, mentions, ix, lex):
    """Capitalised institutional names kept whole:
    `Генеральное` + `консульство` → `Генеральное консульство`;
    `Генеральное консульство` + `РК` + `в Омске` → one ORG;
    `Комиссии по сотрудничеству` + `между` ORG … `и` ORG … → one ORG."""
    out = []
    for m in mentions:
        toks = ix.within(m.start, m.end)
        if m.lang == "ru" and _all_adjectives(toks) and m.head is None:
            nxt = ix.after(m.end)
            if nxt and nxt[0].lemma in lex.institution_heads and doc.text[m.end:nxt[0].start] == " ":
                m = Mention(m.start, nxt[0].end, doc.text[m.start:nxt[0].end], "ORG", "", m.lang,
                            with_rule(m.source, "institution"))
        if out and _absorbs(doc, out[-1], m, ix, lex):
            prev = out.pop()
            absorbed = (prev.parts or [prev]) + [m]
            m = Mention(prev.start, m.end, doc.text[prev.start:m.end], "ORG", "", m.lang,
                        with_rule(prev.source, "institution"), parts=absorbed)
        out.append(m)
    for m in out:
        if m.parts:
            m.parts = _parties(doc, m.parts[1:])
    return out


OPENING_QUOTES = frozenset("«\"“„")
CLOSING_QUOTES = frozenset("»\"”“")


def repeated_names(doc, mentions, ix, lex):
    """An organisation's name the model found once is that organisation wherever the text repeats it, in any case:
    `Русской службе «Голоса Америки»`, then `Голос Америки: Ранее СМИ сообщали…` at each question of an interview,
    where the model saw only the place `Америки` (kept as the name's part, as the parties of a commission are). The
    name is that of an ORG of two words or more, or the quoted words in one; a repetition starts with a capital
    and overlaps no organisation, and a name inside it lies wholly inside."""
    names = {}  # first lemma → the lemma sequences of the names
    for m in mentions:
        if m.label == "ORG" and m.lang == "ru":
            toks = ix.within(m.start, m.end)
            quote = next((i for i, t in enumerate(toks) if t.text in OPENING_QUOTES), None)
            if quote is not None:
                toks = toks[quote + 1:]
                toks = toks[:next((i for i, t in enumerate(toks) if t.text in CLOSING_QUOTES), len(toks))]
            seq = tuple(t.lemma for t in toks)
            if len(seq) >= 2 and toks[0].text[:1].isupper() and all(t.text[:1].isalnum() for t in toks):
                names.setdefault(seq[0], set()).add(seq)
    if not names:
        return mentions
    back = section_names().excluded  # a reference list names sources, and so do citations: no repetition there
    aside = span_lookup([(c.start, c.end) for c in doc.citations or []] +
                        [(s.start, s.end) for s in doc.sentences or [] if s.section in back])
    index, added = SpanIndex(mentions), []
    for i, t in enumerate(ix.tokens):
        for seq in names.get(t.lemma, ()) if t.text[:1].isupper() and not aside(t.start) else ():
            toks = ix.tokens[i:i + len(seq)]
            if tuple(x.lemma for x in toks) != seq or doc.text[toks[0].start:toks[-1].end].count("\n"):
                continue
            start, end = toks[0].start, toks[-1].end
            near = index.overlapping(start, end)
            if any(m.label == "ORG" or m.start <= start and m.end >= end or m.start < start or m.end > end
                   for m in near):
                continue  # an organisation there, or a name the model read otherwise (a place `Лонгин Клинский`)
            for m in near:
                index.discard(m)
            added.append(Mention(start, end, doc.text[start:end], "ORG", "", "ru", "rule:repeated", parts=near))
            index.add(added[-1])
    return index.items() if added else mentions


def _parties(doc, names: list[Mention]) -> list[Mention]:
    """The names inside a whole name, grouped where only a space separates them:
    `Советом Федерации` `Федерального Собрания` `Российской Федерации` | и | `Сенатом Парламента` `Республики
    Казахстан` → two parties; `Республики Казахстан` | в городе | `Омске` → the state and the city."""
    runs = []
    for n in names:
        if runs and doc.text[runs[-1][-1].end:n.start] == " ":
            runs[-1].append(n)
        else:
            runs.append([n])
    return [run[0] if len(run) == 1 else
            Mention(run[0].start, run[-1].end, doc.text[run[0].start:run[-1].end], run[0].label, "", run[0].lang,
                    with_rule(run[0].source, "party"))
            for run in runs]


def _absorbs(doc, prev: Mention, m: Mention, ix, lex) -> bool:
    """Does the ORG `prev` go on with the name `m`? Two shapes of official names:
    a diplomatic mission with its state and city (`Генеральное консульство` + `РК` + `в` `Омске`), and
    a body `… по <чему> между X и Y` (the Commission on cooperation between the Federation Council …).
    A plain `Министерство … Германии` stays two names, as the factRuEval convention has it."""
    if prev.label != "ORG" or prev.lang != "ru" or m.lang != "ru" or m.label == "PER":
        return False
    between = doc.text[prev.end:m.start]
    first = ix.within(m.start, m.end)[:1]
    genitive = between == " " and first and (
        (first[0].feats or {}).get("Case") == "Gen" or is_abbreviation(first[0].text))
    words = prev.text.split()
    if "между" in words:  # inside the chain: genitives and the second party
        return bool(genitive) or between.strip() == "и"
    if between.strip() == "между" and len(words) >= 3 and words[-2].lower() == "по":
        return True
    head = next((t for t in ix.within(prev.start, prev.end) if t.pos in ("NOUN", "PROPN")), None)
    if head is not None and head.lemma in lex.mission_heads:
        return m.label == "LOC" and (bool(genitive) or bool(IN_CITY.fullmatch(between)))
    return False


IN_CITY = re.compile(r"\s+(?:в|во)\s+(?:г\.\s*|городе\s+)?")


REPAIRS = [split_lines, split_lists, split_parentheses, strip_descriptors, stop_words, drop_non_entities,
           initials_names, untagged_initials, titles, elliptical_coordination, untagged_missions, institution_names,
           repeated_names, too_long]


class EntitySpans:
    """Repairs mention spans (REPAIRS, in order) and gives every mention its normal form."""

    name = "entities"
    REQUIRES = ("text", "sentences", "citations", "entities")
    ASSIGNS = ("entities", "abbreviations")

    def __init__(self, morph, lexicon: EntityLexicon | None = None, repairs=None):
        self.lexicon = lexicon or entity_lexicon()
        self.repairs = repairs if repairs is not None else REPAIRS
        self.normalizer = Normalizer(morph)

    def __call__(self, doc: Document) -> Document:
        ix = TokenIndex(doc)
        mentions = sorted(doc.entities, key=lambda m: (m.start, m.end))
        for repair in self.repairs:
            mentions = repair(doc, mentions, ix, self.lexicon)
            mentions.sort(key=lambda m: (m.start, m.end))
        genders = person_genders(mentions, ix, self.normalizer, self.lexicon.titles)
        for m in mentions:
            m.normal = self.normal(doc, m, ix, genders.get(id(m)))
            for part in m.parts:
                part.normal = self.normal(doc, part, ix)
        doc.entities = mentions
        return doc

    def normal(self, doc: Document, m: Mention, ix: TokenIndex, gender: str | None = None) -> str:
        """The nominative (`gender`: the person's, from names.person_genders); never over MAX_CHARS characters
        nor across a line, else the text as written."""
        normal = self._normal(doc, m, ix, gender)
        return normal if len(normal) <= MAX_CHARS and "\n" not in normal else m.text

    def _normal(self, doc: Document, m: Mention, ix: TokenIndex, gender: str | None) -> str:
        if m.lang != "ru":
            return m.normal or m.text
        toks = ix.within(m.start, m.end)
        if m.head is not None:  # coordinated adjectives sharing a plural head: one region each
            if m.head not in toks:
                toks = toks + [m.head]
            return " ".join(self.normalizer.org_loc_words(toks, number="sing"))
        return self.normalizer(m.label, toks, doc.text, 0, gender) if toks else m.text

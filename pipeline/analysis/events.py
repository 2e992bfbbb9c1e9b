"""Events: a concrete cooperation-format mention joined with its participants, date, place and status, and
its PLOVER code.

A format mention is an event when the sentence dates it, or when its own syntax names who took part (a verb
with a participant, a noun with two); participants come from the trigger's syntax (participants.py), never from
a neighbouring sentence. Status: negated (`не подписали`), intended (`меморандум о создании СП`), planned
(future tense, `планируется`), occurred (past tense) or unknown.

`24 мая 2024 года в г. Омске состоялось XXI заседание Комиссии …` → commission · 2024-05-24 · Омск ·
ordinal 21 · occurred; `XXII форум в 2026 году вновь планируется провести в г. Омске` → planned.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace

from ..core.schema import Document
from ..core.spans import SpanIndex
from ..knowledge.resources import section_names
from .dates_rules import roman
from .participant_words import DEAL_CASES, MEETING_CASES
from .participants import Arguments, Found
from .syntax import Parser

PLANNED = re.compile(
    r"\b(?:планир\w*|запланирова\w*|предполагается|намерен\w*|будет|будут|начн[её]тся|пройд[её]т|состоится|"
    r"откро[её]тся|plan\w*|will|scheduled|expected to|is to be|are to be)\b", re.I)
IN = re.compile(r"(?:^|\s)(?:в|во|на|in|at)\s+(?:г\.\s*|городе\s+)?$", re.I)
ROMAN = re.compile(r"^[IVXL]{1,6}$")
ORDINAL_WORDS = {
    "первый": 1, "второй": 2, "третий": 3, "четвертый": 4, "пятый": 5, "шестой": 6, "седьмой": 7, "восьмой": 8,
    "девятый": 9, "десятый": 10, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}
BOUND = re.compile(r"(?:^|\s)(?:по|до|к|until|by|through)\s+$", re.I)  # `по 2024 год было проведено 20 форумов`
INTENT_VERBS = {"намереваться", "намеренный", "собираться", "хотеть", "предлагать", "предложить", "рассчитывать",
                "предусматривать", "предусмотреть",
                "intend", "propose", "want"}
INTENT_WORDS = {"готовность", "готовый", "намерение", "стремление", "желание", "willingness", "readiness", "ready"}
INTENT_NOUNS = {"меморандум", "соглашение", "договоренность", "намерение", "план", "предложение", "идея",
                "протокол", "декларация", "memorandum", "agreement", "plan", "intention", "proposal"}
ADJECTIVE_PARTS = re.compile(r"[А-Яа-яЁёA-Za-z]+(?:-[А-Яа-яЁёA-Za-z]+)+")


@dataclass
class Event:
    event_id: str
    doc_id: str
    sent_id: int
    category: str
    plover: str
    date: str
    actors: list
    actor_names: list
    place: str
    place_name: str
    status: str
    evidence: str
    ordinal: str = ""
    format_text: str = ""
    actor_how: list = field(default_factory=list)  # how each actor was found: nsubj, obj, obl:с, nmod, clause, …


class Events:
    name = "events"
    REQUIRES = ("text", "sentences.sent_id", "entities.entity_id", "entities.sent_id", "formats", "dates.sent_id",
                "citations", "keep_back_matter")
    ASSIGNS = ("events",)

    def __init__(self, codebook, gazetteer, parser: Parser | None = None):
        self.codebook = codebook
        self.gazetteer = gazetteer
        self.parser = parser or Parser()
        self.plover = {e.key: e.plover for e in codebook.of("formats")}
        self.family = {e.key: e.family for e in codebook.of("formats")}

    def __call__(self, doc: Document) -> Document:
        doc.events = []
        sentences = {s.sent_id: s for s in doc.sentences}

        def by_sent(items):
            grouped = {sid: [] for sid in sentences}
            for x in items:
                grouped.setdefault(x.sent_id, []).append(x)
            return grouped

        excluded = () if doc.keep_back_matter else section_names().excluded  # the reference list, the author notes
        formats = by_sent([f for f in doc.formats if sentences.get(f.sent_id) and sentences[f.sent_id].section not in excluded])
        dates = by_sent([d for d in doc.dates if d.start is not None and d.kind == "event" and _pointlike(d)
                         and not BOUND.search(doc.text, max(0, d.start - 8), d.start)])
        # a name kept whole stands for its parts: a commission for its parties, a consulate for its state and city
        entities = by_sent([p for m in doc.entities if m.role == "actor" for p in (m.parts or [m])])
        whole = SpanIndex(m for m in doc.entities if m.parts)
        cited = sorted((c.start, c.end) for c in doc.citations or [])
        parsed = [_without(sentences[sid], cited) for sid, fmts in formats.items() if fmts]
        # only the sentences that hold a trigger are parsed, in one batch per language
        parses = self.parser(parsed)
        for sent in parsed:
            sid = sent.sent_id
            self._sentence(doc, sent, parses.get(sid), formats[sid], dates.get(sid, []), entities.get(sid, []), whole)
        return doc

    def _sentence(self, doc, sent, parse, fmts, dates, mentions, whole):
        args = Arguments(sent, parse, mentions) if parse else None
        paired = _pairs(fmts, dates, doc.text) if dates else []
        dated = {id(f) for f, _ in paired}
        candidates = []
        heads = [x.head for x in fmts if x.head >= 0]  # a name over a trigger names a format, not a party
        for f, d in paired + [(f, None) for f in fmts if id(f) not in dated]:
            place = self._place(doc, mentions, f)
            found = self._participants(f, args, whole, place, heads)
            listed = args is not None and args.listed(f.head)
            if d is None and not _concrete(f, found, self.family.get(f.category), listed):
                continue
            candidates.append((f, d, place, found))
        rows = []
        for f, d, place, found in _one_per_occasion(candidates):
            actors = [(x.mention.entity_id, self._name(x.mention), x.how) for x in found]
            actors += [(e.id, e.name, "adjective") for e in self._dyad_entries(sent, found)]
            ids, names, hows = [], [], []
            for entity_id, name, how in actors:
                if entity_id not in ids:
                    ids.append(entity_id)
                    names.append(name)
                    hows.append(how)
            rows.append((f.start, d.start if d else -1, Event(
                "", doc.doc_id, sent.sent_id, f.category, self.plover.get(f.category, ""), d.value if d else "",
                ids, names, getattr(place, "entity_id", ""), self._name(place) if place else "",
                self._status(sent, f, args), sent.text, self._ordinal(doc, sent, f), f.text, hows)))
        for _, _, event in sorted(rows, key=lambda r: r[:2]):
            event.event_id = f"{doc.doc_id}#e{len(doc.events) + 1}"
            doc.events.append(event)

    def _participants(self, f, args, whole, place, heads=()) -> list[Found]:
        """A name kept whole names its parties (`Комиссия по сотрудничеству между X и Y`); else the trigger's
        syntactic arguments; else its clause; else, in a relative clause, the occasion's participants."""
        place_id = getattr(place, "entity_id", None)
        named = whole.overlapping(f.start, f.end)
        found = [Found(p, "name") for m in named for p in m.parts]
        family = self.family.get(f.category)
        if not found and args is not None and f.head >= 0:
            cases = DEAL_CASES if family == "deal" else MEETING_CASES
            found = args.of(f.head, cases, gathering=family == "meeting")
            if len(found) < 2 and family in ("meeting", "deal"):
                # a meeting or a deal has two sides: where the parse gives fewer, the names of the trigger's
                # own clause that can act (people, organisations, states) complete them
                found += _clause_names(args, f, found, _can_act)
            if not found:
                found = _clause_names(args, f, found, lambda m: True)
            if not found:
                noun = args.occasion(f.head)
                if noun is not None:
                    found = [Found(x.mention, "occasion") for x in args.of(args.tokens[noun].start, cases)]
        unique, seen = [], set()
        for x in found:
            # the trigger's own words are no participant (`signed the Treaty`, `Consulate General of Kazakhstan`),
            # nor another format's name (`создания Таможенного союза в 2010 году и ЕЭП в 2012`); a name in the
            # trigger's gap is (`наложил на «Майкрософт» штраф`)
            m = x.mention
            inside = x.how != "name" and any(m.start <= at < m.end for at in (f.start, f.end - 1, *heads))
            if x.mention.entity_id != place_id and (x.mention.start, x.mention.end) not in seen and not inside:
                seen.add((x.mention.start, x.mention.end))
                unique.append(x)
        return unique

    def _status(self, sent, f, args) -> str:
        """negated, intended, planned, occurred or unknown — read in the trigger's own clause and the words it
        depends on where the sentence is parsed, else in the sentence."""
        h = args.index(f.head) if args is not None else None
        if h is None:
            return _tense(sent.text, sent.tokens, sent.lang)
        if args.negated(f.head):
            return "negated"
        chain = args.ancestors(f.head)
        if _intended(args, chain):
            return "intended"
        participles = [c for c in args.parse.children[h] if args.parse.rels[c] == "acl" and args.is_verb(c)]
        scope = sorted(set(args.clause(f.head)) | set(chain) | set(participles))  # `Соглашение …, подписанное …`
        tokens = [args.tokens[i] for i in scope]
        return _tense(" ".join(t.text for t in tokens), tokens, sent.lang)

    def _place(self, doc, mentions, f):
        """The city mentioned nearest the format, else a region or country the text puts it in (`в Омскую
        область`); `с представителями Северо-Казахстанской области` is a party, not the place."""
        cities = [m for m in mentions if m.label == "LOC" and m.entity_id.startswith("city/")]
        located = [m for m in mentions if m.label == "LOC" and m.entity_id.split("/")[0] in ("region", "country")
                   and IN.search(doc.text[max(0, m.start - 12):m.start])]
        for places in (cities, located):
            if places:
                return min(places, key=lambda m: abs(m.start - f.start) if f else 0)
        return None

    def _name(self, m) -> str:
        entry = self.gazetteer.get(m.entity_id) if m is not None else None
        return entry.name if entry else (m.normal or m.text)

    def _dyad_entries(self, sent, found) -> list:
        """Countries named by a compound adjective of the sentence (`российско-казахстанского`) not yet found."""
        have = {x.mention.entity_id for x in found}
        entries = [self.gazetteer.get(f"country/{iso}") for iso in self._dyad(sent.text, sent.lang)]
        return [e for e in entries if e and e.id not in have]

    def _dyad(self, text: str, lang: str) -> list[str]:
        """`российско-казахстанский`, `Russian-Kazakh` → RU, KZ."""
        table = self.codebook.adjectives.get(lang, {})
        out = []
        for word in ADJECTIVE_PARTS.findall(text):
            parts = [p.lower() for p in word.split("-")]
            isos = [self._adjective(p, table) for p in parts]
            if len(parts) >= 2 and all(isos):
                out.extend(i for i in isos if i not in out)
        return out

    @staticmethod
    def _adjective(part: str, table: dict) -> str | None:
        if part in table:
            return table[part]
        for lemma, iso in table.items():  # российско- → российский: the stem with a linking vowel
            stem = re.sub(r"(?:ый|ий|ой)$", "", lemma)
            if stem != lemma and re.fullmatch(re.escape(stem) + r"[оеа][а-яё]*", part):
                return iso
        return None

    @staticmethod
    def _ordinal(doc, sent, f) -> str:
        before = [t for t in sent.tokens if t.end <= f.start][-1:]
        if not before:
            return ""
        word = before[0].text
        if ROMAN.match(word):
            return str(roman(word))
        if before[0].lemma in ORDINAL_WORDS:
            return str(ORDINAL_WORDS[before[0].lemma])
        m = re.fullmatch(r"(\d{1,3})-?(?:й|го|м|я|е|th|st|nd|rd)", word)
        return m.group(1) if m else ""


def _without(sent, spans):
    """The sentence as the parser should see it: without the tokens of bracketed citations in it (`spans`, sorted)."""
    inside = spans[bisect_left(spans, (sent.start,)):bisect_left(spans, (sent.end,))]  # those that start in it
    if not inside:
        return sent
    tokens = [t for t in sent.tokens if not any(a <= t.start < b for a, b in inside)]
    return replace(sent, tokens=tokens)


def _tense(text: str, tokens, lang: str) -> str:
    if PLANNED.search(text) or any((t.feats or {}).get("Tense") == "Fut" for t in tokens):
        return "planned"
    if any((t.feats or {}).get("Tense") == "Past" for t in tokens) or \
            any(t.pos in ("VERB", "AUX") and t.text.lower().endswith("ed") for t in tokens if lang == "en"):
        return "occurred"
    return "unknown"


def _intended(args, chain) -> bool:
    """The format is what a document or an intention is about (`меморандумы о создании совместных
    предприятий`, `намерены открыть консульство`), not something that happened."""
    for i in chain:
        lemma = args.tokens[i].lemma.lower()
        if lemma in INTENT_VERBS or i != chain[0] and lemma in INTENT_WORDS:  # `о готовности к переговорам`
            return True
        h = args.parse.heads[i]
        if h >= 0 and args.lang == "en" and args.parse.rels[i] == "pobj":
            h = args.parse.heads[h]  # spaCy: memorandum → on → construction
        if h >= 0 and args.case(i) in ("о", "об", "about", "on") and args.tokens[h].lemma.lower() in INTENT_NOUNS:
            return True
    return False


def _one_per_occasion(candidates):
    """Mentions of one category and date in one sentence are one event (`заседание Комиссии` and
    `сопредседателя Комиссии`) unless they name different participants (`X и Y подписали меморандум, а Z и W
    договорились …`); of one occasion, the mention that names participants is kept (`встречи руководства
    регионов: … состоялись переговоры министра X и заместителя акима Y`), else the first. An undated mention
    of a category already dated in the sentence is the same occasion."""
    kept = []
    for c in candidates:
        f, d, _, found = c
        ids = {x.mention.entity_id for x in found}
        same = [k for k in kept if k[0].category == f.category and (d is None or k[1] is None or k[1].value == d.value)]
        if not same:
            kept.append(c)
            continue
        other = {x.mention.entity_id for k in same for x in k[3]}
        if ids and other and not ids & other:
            kept.append(c)  # different parties: another event
        elif ids and (not other or len(_syntactic(found)) > len(_syntactic(same[0][3]))):
            kept[kept.index(same[0])] = c  # the same occasion, told with its participants
    return kept


def _syntactic(found) -> list[Found]:
    """The participants the trigger's own syntax names (not its clause, its occasion or an adjective)."""
    return [x for x in found if x.how not in ("clause", "occasion", "adjective")]


def _clause_names(args, f, found, keep) -> list[Found]:
    """Names of the trigger's clause not yet found, and not in the phrase of one found (`РФ` of `президент РФ
    Дмитрий Медведев`)."""
    have, out = {(x.mention.start, x.mention.end) for x in found}, []
    phrases = {args.phrase(x.mention.start) for x in found}
    for i in args.clause(f.head):
        for m in args.covering[i]:
            if (m.start, m.end) not in have and keep(m) and args.phrase(m.start) not in phrases:
                have.add((m.start, m.end))
                out.append(Found(m, "clause"))
    return out


def _can_act(m) -> bool:
    """A person, an organisation or a state; not a city or a region named as a place."""
    return m.label in ("PER", "ORG") or m.entity_id.startswith("country/")


def _concrete(f, found, family: str = "", listed: bool = False) -> bool:
    """An undated format mention is an event when its own syntax names who took part: a verb, or a noun its
    verb's subject acts on, with one participant (`Саркози встретился с Медведевым`, `Россия открыла
    консульство`); any other noun with two (`переговоры между Россией и Казахстаном`); a deal with two in
    its clause."""
    parties = _syntactic(found)
    acts = f.pos == "VERB" or any(x.how.startswith("nsubj") for x in parties)  # `Россия открыла консульство`
    if family == "deal" and not listed and len([x for x in found if x.how != "adjective"]) >= 2:
        return True  # two sides named in the clause of a deal (`предупредил X и Y об ограничении поставок`), but
        # not a deal in a list (`базу составили протоколы, соглашения, данные Алтайкрайстата`)
    return len(parties) >= (1 if acts else 2)


def _pointlike(d) -> bool:
    """A date an event can have: a day, month, season or year, or a range of at most two years — not
    `the 1990s` or a study period `2003–2024`."""
    if d.precision in ("decade", "century"):
        return False
    if d.precision == "range":
        years = re.findall(r"\d{4}", d.value)
        return int(years[-1]) - int(years[0]) <= 2
    return True


SHARED_DATE_REACH = 100  # characters: a format without a date of its own shares one this close


SAME_OCCASION = re.compile(r"в рамках котор|в ходе котор|на котор|по итогам котор|during which|at which|where", re.I)


def _pairs(formats, dates, text=""):
    """Each date goes to the format mention nearest it; a format with no date takes its nearest date if that
    is close, or if a relative clause ties it to the dated occasion (`… рабочая встреча …, в рамках которой были
    подписаны меморандумы`)."""
    def distance(f, d):
        return max(d.start - f.end, f.start - d.end, 0)

    pairs = {(id(min(formats, key=lambda f: distance(f, d))), id(d)) for d in dates}
    for f in formats:
        if not any(fid == id(f) for fid, _ in pairs):
            nearest = min(dates, key=lambda d: distance(f, d))
            between = text[min(f.end, nearest.end):max(f.start, nearest.start)]
            if distance(f, nearest) <= SHARED_DATE_REACH or SAME_OCCASION.search(between):
                pairs.add((id(f), id(nearest)))
    by_id = {id(x): x for x in list(formats) + list(dates)}
    return sorted(((by_id[a], by_id[b]) for a, b in pairs), key=lambda p: (p[0].start, p[1].start))

"""Events: a concrete (dated) cooperation-format mention joined with the date, the actors and the place
of its sentence — or of the sentence before it, for what the sentence leaves out — its status and its PLOVER code.

`24 мая 2024 года в г. Омске состоялось XXI заседание Комиссии …` → commission · 2024-05-24 · Омск ·
ordinal 21 · occurred; `XXII форум в 2026 году вновь планируется провести в г. Омске` → planned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import roman
from .schema import Document

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


class Events:
    name = "events"
    REQUIRES = ("formats", "dates", "entity_ids", "sent_ids")
    ASSIGNS = ("events",)

    def __init__(self, codebook, gazetteer):
        self.codebook = codebook
        self.gazetteer = gazetteer
        self.plover = {e.key: e.plover for e in codebook.of("formats")}

    def __call__(self, doc: Document) -> Document:
        doc.events = []
        sentences = {s.sent_id: s for s in doc.sentences}
        def by_sent(items):
            grouped = {sid: [] for sid in sentences}
            for x in items:
                grouped.setdefault(x.sent_id, []).append(x)
            return grouped

        formats = by_sent(doc.formats)
        dates = by_sent([d for d in doc.dates if d.start is not None and d.kind == "event" and _pointlike(d)])
        # a name kept whole stands for its parts: a commission for its parties, a consulate for its state and city
        entities = by_sent([p for m in doc.entities if m.role == "actor" for p in (m.parts or [m])])
        whole = [m for m in doc.entities if m.parts]
        for sid, fmts in formats.items():
            if not fmts or not dates[sid]:
                continue
            sent = sentences[sid]
            context = self._context(doc, sentences, entities, sid)
            seen = set()
            for f, d in _pairs(fmts, dates[sid], doc.text):
                if (f.category, d.value) in seen:
                    continue  # `заседание Комиссии` and `сопредседателя Комиссии`: one session
                seen.add((f.category, d.value))
                place = self._place(doc, entities[sid], f) or context["place"]
                place_id = getattr(place, "entity_id", None)
                named = [m for m in whole if m.start < f.end and f.start < m.end]  # `заседание Комиссии по … между X и Y`
                actors = [p for m in named for p in m.parts if p.entity_id != place_id] or \
                    [m for m in entities[sid] if m.entity_id != place_id] or \
                    [m for m in context["actors"] if m.entity_id != place_id]
                ids, names = [], []
                for m in actors:
                    if m.entity_id not in ids:
                        ids.append(m.entity_id)
                        names.append(self._name(m))
                for iso in self._dyad(sent.text, sent.lang):
                    entry = self.gazetteer.get(f"country/{iso}")
                    if entry and entry.id not in ids:
                        ids.append(entry.id)
                        names.append(entry.name)
                doc.events.append(Event(
                    f"{doc.doc_id}#e{len(doc.events) + 1}", doc.doc_id, sid, f.category, self.plover.get(f.category, ""),
                    d.value, ids, names, getattr(place, "entity_id", ""), self._name(place) if place else "",
                    self._status(sent), sent.text, self._ordinal(doc, sent, f), f.text))
        return doc

    def _context(self, doc, sentences, entities, sid):
        """Actors and place of the previous sentence of the same paragraph."""
        prev = sentences.get(sid - 1)
        if prev is None or "\n" in doc.text[prev.end:sentences[sid].start]:
            return {"place": None, "actors": []}
        return {"place": self._place(doc, entities[sid - 1], None), "actors": entities[sid - 1]}

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
    def _status(sent) -> str:
        if PLANNED.search(sent.text) or any((t.feats or {}).get("Tense") == "Fut" for t in sent.tokens):
            return "planned"
        if any((t.feats or {}).get("Tense") == "Past" for t in sent.tokens) or \
                any(t.pos in ("VERB", "AUX") and t.text.lower().endswith("ed") for t in sent.tokens if sent.lang == "en"):
            return "occurred"
        return "unknown"

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

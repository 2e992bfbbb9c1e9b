"""One id per real-world entity: gazetteer links, in-document merges, and stable ids for the rest.

Two stages. `MissedPlaces` adds the places the model left untagged (a capitalised word, or two or three, that the
gazetteer knows as a country, region or city). `Linker` then gives, in order, for every mention:
1. the gazetteer (models/gazetteer) by its normal form or its text: `России`, `РФ`, `Russian Federation`
   → `country/RU`; the gazetteer's label wins over the model's for actors (`ЕС` is an ORG);
2. an abbreviation defined in the text (`Казахский национальный университет (КазНУ)`) → its expansion;
3. people (`people.people`): the forms of one person in a document — `Э.В. Сарнацкий`, `Сарнацкий Э.В.`,
   `Sarnatskiy E.V.`, `Сарнацкий Эдуард Васильевич`, and `Сарнацкий` alone when he is the only Сарнацкий
   there — share one id; a person written with initials or a patronymic gets `per/<surname>-<initials>`
   (`per/sarnatsky-e-v`), spelled the same from either script, so that documents agree;
4. otherwise `<label>/<transliterated normal form>`, the same in every document and for the Russian and
   English spelling of one name (`Владимир Путин`, `Vladimir Putin` → `per/vladimir-putin`).

Before that, the mentions every stage has added (citations' authors, bylines) are held to what a name can be
(hygiene.check_mentions): no line break inside, no single letter, initials alone or stop-listed label, nothing
longer than MAX_CHARS (200) characters in a mention, its normal form or its id.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import iuliia

from ..core.schema import Document, Mention
from ..core.spans import MAX_CHARS, span_lookup
from ..knowledge.resources import EntityLexicon, entity_lexicon
from .coreference import cluster_names, mark_abbreviations
from .hygiene import check_mentions
from .names import WORD, auto_id
from .people import people

PLACE_KINDS = ("country", "region", "city")
BODY_KINDS = ("organisation", "state_body")


class MissedPlaces:
    """A stage: the places and organisations the model left untagged, found in the gazetteer (see `__call__`),
    added as LOC (ORG) mentions already linked (`rule:gazetteer`). It runs after `roles` (a place it adds keeps the role `actor`) and before
    `link`, which holds them to the mention checks with the rest."""

    name = "places"
    REQUIRES = ("text", "sentences", "citations", "entities")
    ASSIGNS = ("entities",)

    def __init__(self, gazetteer, morph=None):
        self.gazetteer = gazetteer
        self.morph = morph

    def __call__(self, doc: Document) -> Document:
        """Places the model left untagged (`в г. Омске` in a long sentence): a capitalised word, or two or three
        words, that the gazetteer knows as a country, region or city, outside every mention and citation.
        A word the dictionary reads as a first name or surname (Пушкин, Королёв) is left alone. So are the
        organisations and state bodies it knows (`о выделении Интерполу гранта`; see `_named_body`)."""
        inside = span_lookup([(m.start, m.end) for m in doc.entities] + [(c.start, c.end) for c in doc.citations or []])
        added = []
        for sent in doc.sentences:
            if sent.lang not in ("ru", "en"):
                continue
            toks = sent.tokens
            i = 0
            while i < len(toks):
                t = toks[i]
                if not t.text[:1].isupper() or inside(t.start):
                    i += 1
                    continue
                hit = None
                for n in (3, 2, 1):
                    span = toks[i:i + n]
                    if len(span) < n or any(inside(x.start) for x in span) or not span[-1].text[:1].isalnum():
                        continue  # a place ends with a word, not with the `.:` of `СПб.:`
                    text = doc.text[span[0].start:span[-1].end]
                    entry = self.gazetteer.lookup(text)
                    if entry is None:
                        continue
                    if entry.kind in PLACE_KINDS and not self._personal(span, sent.lang) \
                            or entry.kind in BODY_KINDS and self._named_body(span, entry, i == 0, sent.lang):
                        hit = (span, entry)
                        break
                if hit:
                    span, entry = hit
                    start, end = span[0].start, span[-1].end
                    label = "LOC" if entry.kind in PLACE_KINDS else entry.label
                    added.append(Mention(start, end, doc.text[start:end], label, _nominative(entry, doc.text[start:end]),
                                         sent.lang, "rule:gazetteer", entity_id=entry.id))
                    i += len(span)
                else:
                    i += 1
        if added:
            doc.entities = sorted(doc.entities + added, key=lambda m: (m.start, m.end))
        return doc

    def _named_body(self, span, entry, first: bool, lang: str) -> bool:
        """An organisation the model left untagged (`о выделении Интерполу гранта`): several words, an acronym
        written as one (`ФИФА`, `МАГАТЭ`; not "Who" for WHO), or one capitalised word that does not open the
        sentence or that the dictionary knows as an organisation's name (`Газпром`) — and no person's name."""
        if len(span) > 1:
            return True
        word = span[0].text
        if len(word) >= 2 and word.isupper():
            return True
        if any(n.isupper() and n.lower() == word.lower() for n in (entry.name, entry.name_en, *entry.aliases)):
            return False
        if lang != "ru" or self.morph is None:
            return not first
        parses = self.morph(word.lower())
        if any(any(g in p.tag for g in ("Name", "Surn", "Patr")) and p.score >= 0.2 for p in parses):
            return False
        return not first or any("Orgn" in p.tag for p in parses)

    def _personal(self, span, lang) -> bool:
        """Not a place: a name or surname reading (Пушкин), or a common word (`Данная` opening a sentence)."""
        if lang != "ru" or self.morph is None:
            return len(span) == 1  # English: only multi-word names, single words are too risky
        for t in span:
            word = t.text.lower()
            parses = self.morph(word)
            if any(any(g in p.tag for g in ("Name", "Surn", "Patr")) and p.score >= 0.2 for p in parses):
                return True
            if t.text[:1].isupper() and self.morph.word_is_known(word) and not any("Geox" in p.tag for p in parses):
                return True
        return False


class Linker:
    name = "link"
    REQUIRES = ("text", "entities.role", "abbreviations")
    ASSIGNS = ("entities", "entities.entity_id", "entities.label", "entities.normal", "entities.parts")
    # `entities` and `entities.parts`: hygiene.check_mentions drops the mentions (and the parts) a name cannot be

    def __init__(self, gazetteer, morph=None, lexicon: EntityLexicon | None = None):
        self.gazetteer = gazetteer
        self.morph = morph
        self.lexicon = lexicon or entity_lexicon()

    def lookup(self, m: Mention):
        if m.role == "cited_author":
            return None  # a cited author is a person, whatever place shares the name
        for text in (m.normal, m.text):
            entry = self.gazetteer.lookup(text) if text else None
            if entry is None:
                continue
            if m.label == "PER" and entry.label != "PER" and entry.kind not in ("country", "region") \
                    and not (m.lang == "en" and len(m.text.split()) == 1):
                return None  # Пушкин the poet, not the town; but spaCy's lone "Novosibirsk" PERSON is the city
            return entry
        return None

    def __call__(self, doc: Document) -> Document:
        check_mentions(doc, self.lexicon)
        linked = {}
        for m in doc.entities + [p for m in doc.entities for p in m.parts]:
            entry = self.lookup(m)
            if entry is not None:
                m.entity_id = entry.id
                if m.lang == "ru" and m.normal == m.text and " " not in m.text and " " not in entry.name \
                        and m.text[:4].lower() == entry.name[:4].lower():
                    m.normal = entry.name  # `Усть-Каменогорске`: the dictionary could not inflect it, the gazetteer can
                if m.role == "actor" and entry.label != m.label and (m.label != "PER" or m.lang == "en"):
                    m.label = entry.label
                linked[id(m)] = entry
        by_span = {(m.start, m.end): m for m in doc.entities}
        for abbr, span in (doc.abbreviations or {}).items():
            full = by_span.get(tuple(span))
            if full is None:
                continue
            full_id = full.entity_id or auto_id(full.label, full.normal)
            for m in doc.entities:
                if m.text == abbr and not m.entity_id:
                    m.entity_id, m.label = full_id, full.label
        people(doc, self.morph)
        for m in doc.entities + [p for m in doc.entities for p in m.parts]:
            if not m.entity_id:
                m.entity_id = auto_id(m.label, m.normal or m.text)
        cluster_names(doc, self.gazetteer)
        mark_abbreviations(doc)
        return doc


def _nominative(entry, text: str) -> str:
    """The normal form of a place found by the gazetteer: its canonical name when the text is a form of it."""
    if entry.kind in PLACE_KINDS:
        return entry.name if entry.name and text[:3].lower() == entry.name[:3].lower() else text
    for name in (entry.name, *entry.aliases, entry.name_en):  # `Интерполу` → `Интерпол`, `Минсельхозу` → `Минсельхоз`
        if name and text[:3].lower() == name[:3].lower() and abs(len(text) - len(name)) <= 3 \
                and len(name.split()) == len(text.split()):
            return name
    return text


class EntityIndex:
    """Corpus-wide table of entities, filled as documents finish (entity_index.csv)."""

    def __init__(self, gazetteer, scheme=iuliia.WIKIPEDIA):
        self.gazetteer = gazetteer
        self.scheme = scheme
        self.labels = defaultdict(Counter)
        self.names = defaultdict(Counter)
        self.names_en = defaultdict(Counter)
        self.mentions = Counter()
        self.documents = Counter()  # documents per entity: a count, not the ids, so memory stays flat

    def add_mentions(self, rows: list[tuple[str, str, str, str]]) -> None:
        """One document's (entity_id, label, lang, name) mentions, as `index_rows` gives them."""
        for entity_id, label, lang, name in rows:
            self.labels[entity_id][label] += 1
            (self.names_en if lang == "en" else self.names)[entity_id][name] += 1
            self.mentions[entity_id] += 1
        self.documents.update({row[0] for row in rows})

    def rows(self):
        for entity_id in sorted(self.mentions):
            entry = self.gazetteer.get(entity_id)
            fullest = _top(self.labels[entity_id]) == "PER"  # a person's name with the most of it: `Мокрушина Е.В.`
            label = entry.label if entry else _top(self.labels[entity_id])
            name = entry.name if entry else _named_by(self.names[entity_id], entity_id, label) or \
                _top(self.names[entity_id], fullest) or _top(self.names_en[entity_id], fullest)
            name_en = entry.name_en if entry else _named_by(self.names_en[entity_id], entity_id, label) or \
                _top(self.names_en[entity_id], fullest)
            yield {
                "entity_id": entity_id,
                "label": label,
                "name": name,
                "name_en": name_en,
                "translit": _cut(self.scheme.translate(name)) if re.search(r"[А-Яа-яЁё]", name) else "",
                "ext_ids": ";".join(entry.ext_ids) if entry else "",
                "lat": entry.lat if entry and entry.lat is not None else "",
                "lon": entry.lon if entry and entry.lon is not None else "",
                "mentions": self.mentions[entity_id],
                "documents": self.documents[entity_id],
            }


def index_rows(doc: Document) -> list[tuple[str, str, str, str]]:
    """What the entity index counts of a document: (entity_id, label, lang, name) per mention, nested ones too (the
    name: index_name)."""
    return [(m.entity_id, m.label, m.lang, index_name(m.kind, m.normal, m.text))
            for n in doc.entities or [] for m in [n, *n.parts]]


def index_name(kind: str, normal: str, text: str) -> str:
    """The name a mention gives its entity in the index (an entities.csv row's kind, normal and text): none for a
    descriptor that refers back, whose normal form is its word («консульство», «страна»), where the descriptors that
    name a body carry a name (`Правительство Израиля`, `Японское правительство`, `Правительство Германии`)."""
    return "" if kind == "descriptor" and not normal[:1].isupper() else normal or text


def _cut(text: str) -> str:
    """At most MAX_CHARS characters, cut at a space where there is one (a transliteration grows the name)."""
    if len(text) <= MAX_CHARS:
        return text
    cut = text[:MAX_CHARS]
    return cut[:cut.rfind(" ")] if " " in cut else cut


def _named_by(counter: Counter, entity_id: str, label: str) -> str:
    """The name an id was made from, where a document clustered several names under it (`Консульство Республики
    Казахстан в городе Омске` rather than the commoner `Генеральное консульство`); else ""."""
    if label == "PER":  # a person's id is made from surname and initials: the fullest name is chosen instead
        return ""
    named = [(n, c) for n, c in counter.items() if n and auto_id(label, n) == entity_id]
    return min(named, key=lambda nc: (nc[0].isupper(), -nc[1], nc[0]))[0] if named else ""


def _top(counter: Counter, fullest: bool = False) -> str:
    """The most frequent name (with `fullest`, the one of most words first: `Мокрушина Е.В.` over `Мокрушина`);
    ties go to the alphabetically first, so the table is stable. A descriptor's empty name never wins."""
    items = [kv for kv in counter.items() if kv[0]]
    if not items:
        return ""
    return min(items, key=lambda kv: (*(_fullness(kv[0]) if fullest else ()), -kv[1], kv[0]))[0]


def _fullness(name: str) -> tuple[int, int]:
    """(−words, −words written out): `Нурлан Серикович Абенов` before `Н.С. Абенов` before `Абенов`."""
    words = WORD.findall(name)
    return -len(words), -sum(not w.endswith(".") for w in words)

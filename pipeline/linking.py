"""One id per real-world entity: gazetteer links, in-document merges, and stable ids for the rest.

In order, for every mention:
1. the gazetteer (models/gazetteer) by its normal form or its text: `России`, `РФ`, `Russian Federation`
   → `country/RU`; the gazetteer's label wins over the model's for actors (`ЕС` is an ORG);
2. an abbreviation defined in the text (`Казахский национальный университет (КазНУ)`) → its expansion;
3. a surname alone → the full name in the same document (`Хоценко` → `Виталий Хоценко`);
4. otherwise `<label>/<transliterated normal form>`, the same in every document and for the Russian and
   English spelling of one name (`Владимир Путин`, `Vladimir Putin` → `per/vladimir-putin`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import iuliia

from .schema import Document, Mention

ID_SCHEME = iuliia.WIKIPEDIA  # ids must not change with the user's choice of transliteration


def slug(text: str) -> str:
    latin = ID_SCHEME.translate(text) if re.search(r"[А-Яа-яЁё]", text) else text
    return re.sub(r"[^a-z0-9]+", "-", latin.lower()).strip("-") or "x"


def auto_id(label: str, normal: str) -> str:
    return f"{label.lower()}/{slug(normal)}"


def surname(m: Mention) -> str:
    words = [w for w in re.split(r"\s+", m.normal or m.text) if w and not re.fullmatch(r"(?:\w\.)+", w)]
    return words[-1].lower() if words else ""


class Linker:
    name = "link"
    REQUIRES = ("roles",)
    ASSIGNS = ("entity_ids",)

    def __init__(self, gazetteer):
        self.gazetteer = gazetteer

    def lookup(self, m: Mention):
        if m.role == "cited_author":
            return None  # a cited author is a person, whatever place shares the name
        for text in (m.normal, m.text):
            entry = self.gazetteer.lookup(text) if text else None
            if entry is None:
                continue
            if m.label == "PER" and entry.label != "PER" and entry.kind not in ("country", "region"):
                return None  # Пушкин the poet, not the town: only a country or a region overrules the model
            return entry
        return None

    def __call__(self, doc: Document) -> Document:
        linked = {}
        for m in doc.entities:
            entry = self.lookup(m)
            if entry is not None:
                m.entity_id = entry.id
                if m.role == "actor" and entry.label != m.label and m.label != "PER":
                    m.label = entry.label
                linked[id(m)] = entry
        by_span = {(m.start, m.end): m for m in doc.entities}
        for abbr, span in (doc.meta or {}).get("abbreviations", {}).items():
            full = by_span.get(tuple(span))
            if full is None:
                continue
            full_id = full.entity_id or auto_id(full.label, full.normal)
            for m in doc.entities:
                if m.text == abbr and not m.entity_id:
                    m.entity_id, m.label = full_id, full.label
        self._surnames(doc)
        for m in doc.entities:
            if not m.entity_id:
                m.entity_id = auto_id(m.label, m.normal or m.text)
        return doc

    def _surnames(self, doc: Document) -> None:
        """A lone surname (or a model's ORG/LOC that is one) takes the id of the only full name with it."""
        full = defaultdict(set)
        for m in doc.entities:
            if m.label == "PER" and m.role != "cited_author" and len((m.normal or m.text).split()) >= 2:
                full[surname(m)].add(auto_id("PER", m.normal))
        for m in doc.entities:
            if m.entity_id or len((m.normal or m.text).split()) != 1 or m.role == "cited_author":
                continue
            ids = full.get(surname(m))
            if ids and len(ids) == 1:
                m.entity_id, m.label = next(iter(ids)), "PER"


class EntityIndex:
    """Corpus-wide table of entities, filled as documents finish (entity_index.csv)."""

    def __init__(self, gazetteer, scheme=iuliia.WIKIPEDIA):
        self.gazetteer = gazetteer
        self.scheme = scheme
        self.labels = defaultdict(Counter)
        self.names = defaultdict(Counter)
        self.names_en = defaultdict(Counter)
        self.mentions = Counter()
        self.documents = defaultdict(set)

    def add(self, doc: Document) -> None:
        for m in doc.entities or []:
            self.labels[m.entity_id][m.label] += 1
            (self.names_en if m.lang == "en" else self.names)[m.entity_id][m.normal or m.text] += 1
            self.mentions[m.entity_id] += 1
            self.documents[m.entity_id].add(doc.doc_id)

    def rows(self):
        for entity_id in sorted(self.mentions):
            entry = self.gazetteer.get(entity_id)
            name = entry.name if entry else _top(self.names[entity_id]) or _top(self.names_en[entity_id])
            name_en = entry.name_en if entry else _top(self.names_en[entity_id])
            yield {
                "entity_id": entity_id,
                "label": entry.label if entry else _top(self.labels[entity_id]),
                "name": name,
                "name_en": name_en,
                "translit": self.scheme.translate(name) if re.search(r"[А-Яа-яЁё]", name) else "",
                "ext_ids": ";".join(entry.ext_ids) if entry else "",
                "lat": entry.lat if entry and entry.lat is not None else "",
                "lon": entry.lon if entry and entry.lon is not None else "",
                "mentions": self.mentions[entity_id],
                "documents": len(self.documents[entity_id]),
            }


def _top(counter: Counter) -> str:
    """The most frequent name; ties go to the alphabetically first, so the table is stable."""
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0] if counter else ""

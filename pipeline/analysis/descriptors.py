"""Descriptors: the common nouns by which a text names or refers back to an entity («правительство Израиля»,
«консульство», «Комиссия», «компания», «губернатор»), made mentions with `kind` descriptor.

A conservative rule set, run after linking (every name has its id); the words are models/entities.yaml
`coreferent`:

1. A body named by its function and its place — a `bodies` noun followed by a place name in the genitive
   (`правительство Израиля`, `администрации США`, `мэрии Москвы`) — is a mention of its own entity,
   `org/<body>-<place>` (`org/pravitelstvo-il`), the same in every document; the place is its part, as the
   parties are of a commission kept whole (an event's actor is still the state).
2. What a name says it is. A descriptor word that is part of an organisation's name (`Генеральное консульство РК в
   Омске`: консульство; `Корпорация Philips`; `правительство Израиля` of rule 1) or of the gazetteer's names for it
   (`Интерпол`: Международная организация уголовной полиции), or stands right before a name in
   Latin script or in quotes (`телеканала World Fashion Channel`, `концерна «Майкрософт»`), or a title within four
   words before a person's name (`министр энергетики Белоруссии Александр Озерец`) is evidence that the word can
   refer to that entity. A place is no evidence (`правительство Израиля` is not Israel).
3. A later occurrence of that word on its own — a noun in the singular, inside no name and no citation, with no
   name or genitive noun of its own after it (`министра иностранных дел` is another minister) — refers to the
   entity it is evidence for, when exactly one such entity was named before it in the same section, within
   WINDOW sentences, and not across the edge of the back matter. Where none or several fit, no mention is made.

Each descriptor mention carries a confidence: 0.9 for a body named with its place and for a word that is part of the
entity's name, 0.8 for a word that stood before the name, 0.7 for a person's title.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..core.schema import Document, Mention
from ..knowledge.resources import entity_lexicon, section_names
from .linking import auto_id, span_lookup

WINDOW = 6  # sentences back in which the entity must have been named
BEFORE = 4  # words between a title and the name it stands before
CONFIDENCE = {"body": 0.9, "part": 0.9, "before": 0.8, "title": 0.7}
PLACES = ("country/", "region/", "city/")
QUOTED = re.compile(r"[«\"“„]")


class Descriptors:
    name = "descriptors"
    REQUIRES = ("text", "sentences", "citations", "entities.entity_id", "entities.role")
    ASSIGNS = ("entities",)

    def __init__(self, gazetteer=None, lexicon=None):
        self.gazetteer = gazetteer
        self.lexicon = lexicon or entity_lexicon()

    def __call__(self, doc: Document) -> Document:
        lex = self.lexicon
        if not (lex.coreferent_orgs or lex.coreferent_titles or lex.coreferent_bodies) or not doc.entities:
            return doc
        added = self._bodies(doc)
        if added:  # the place becomes a part of its body, as a party is of a commission kept whole
            inside = {id(p) for m in added for p in m.parts}
            doc.entities = sorted([m for m in doc.entities if id(m) not in inside] + added, key=lambda m: (m.start, m.end))
        named = sorted((m for m in doc.entities if m.role == "actor" and m.entity_id), key=lambda m: m.start)
        covered = _covered(doc)  # again: the bodies are new mentions
        evidence: dict[str, dict[str, tuple[int, str, str]]] = {}  # word → entity id → (sentence index, label, how)
        found, k = [], 0
        back = section_names().excluded  # the reference list and the notes about the authors: nothing refers across
        part = None
        for si, sent in enumerate(doc.sentences):
            if (sent.section in back) != part:
                evidence, part = {}, sent.section in back
            in_sent = []
            while k < len(named) and named[k].start < sent.end:
                if named[k].start >= sent.start:
                    in_sent.append(named[k])
                k += 1
            if sent.lang not in ("ru", "en"):
                continue
            starts = {m.start for m in in_sent}
            for i, t in enumerate(sent.tokens):
                word = _lemma(t)
                if word not in lex.coreferent_orgs and word not in lex.coreferent_titles or covered(t.start):
                    continue
                if not _standalone(sent.tokens, i, starts, covered, sent.lang):
                    continue
                hit = _antecedent(evidence.get(word, {}), si, word in lex.coreferent_titles)
                if hit is not None:
                    entity_id, label, how = hit
                    found.append(Mention(t.start, t.end, t.text, label, word, sent.lang, "rule:descriptor",
                                         entity_id=entity_id, kind="descriptor", confidence=CONFIDENCE[how]))
            self._learn(evidence, si, sent, in_sent, doc.text)
        if found:
            doc.entities = sorted(doc.entities + found, key=lambda m: (m.start, m.end))
        return doc

    def _bodies(self, doc: Document) -> list[Mention]:
        """Rule 1: `правительство Израиля` as a mention of org/pravitelstvo-il."""
        places = {m.start: m for m in doc.entities if m.label == "LOC" and m.entity_id.startswith(PLACES)}
        covered = _covered(doc)
        out = []
        for sent in doc.sentences:
            if sent.lang != "ru":
                continue
            tokens = sent.tokens
            for i, t in enumerate(tokens[:-1]):
                word = _lemma(t)
                if word not in self.lexicon.coreferent_bodies or covered(t.start) or t.pos not in ("NOUN", "PROPN"):
                    continue
                place = places.get(tokens[i + 1].start)
                if place is None or (tokens[i + 1].feats or {}).get("Case") != "Gen":
                    continue
                normal = f"{word[:1].upper()}{word[1:]} {place.text}"
                known = self.gazetteer.lookup(doc.text[t.start:place.end]) if self.gazetteer is not None else None
                entity_id = known.id if known is not None and known.label == "ORG" else \
                    auto_id("ORG", f"{word} {place.entity_id.split('/')[-1]}")  # `Правительства Российской
                # Федерации` is the gazetteer's org/government-ru; any other body its own org/<body>-<place>
                out.append(Mention(t.start, place.end, doc.text[t.start:place.end], "ORG", normal, sent.lang,
                                   "rule:descriptor", entity_id=entity_id, role=place.role, parts=[place],
                                   kind="descriptor", confidence=CONFIDENCE["body"]))
        return out

    def _known_words(self, entity_id: str) -> frozenset[str]:
        """The words of the gazetteer's names for an entity (`Интерпол`: Международная организация уголовной
        полиции), which a later «организация» may refer to."""
        entry = self.gazetteer.get(entity_id) if self.gazetteer is not None else None
        return _words_of(entry) if entry is not None else frozenset()

    def _learn(self, evidence: dict, si: int, sent, in_sent: list, text: str) -> None:
        """Rule 2, for each name of the sentence: the descriptor words inside it and right before it."""
        orgs, titles = self.lexicon.coreferent_orgs, self.lexicon.coreferent_titles
        tokens = sent.tokens
        for m in in_sent:
            if m.label == "LOC" or m.entity_id.startswith(PLACES):
                continue
            person = m.label == "PER"
            lexicon = titles if person else orgs
            for w in ({_lemma(t) for t in tokens if m.start <= t.start < m.end} | self._known_words(m.entity_id)) & lexicon:
                evidence.setdefault(w, {})[m.entity_id] = (si, m.label, "part")
            before = [t for t in tokens if t.end <= m.start][-(BEFORE if person else 2):]
            for t in reversed(before):
                w = _lemma(t)
                if w in lexicon:
                    named_apart = person or not re.search(r"[А-Яа-яЁё]", m.text) or QUOTED.search(text, t.end, m.start + 1)
                    if named_apart:  # `комитета ООН` is a committee of the UN, `компании Oracle` is Oracle
                        evidence.setdefault(w, {})[m.entity_id] = (si, m.label, "title" if person else "before")
                    break
                if t.pos not in ("NOUN", "PROPN", "ADJ") or not person and t.pos != "ADJ":
                    break
            for ids in evidence.values():  # a name seen again keeps its evidence fresh
                if m.entity_id in ids:
                    ids[m.entity_id] = (si, *ids[m.entity_id][1:])


def _covered(doc: Document):
    """Whether an offset is inside a mention or a citation."""
    return span_lookup([(m.start, m.end) for m in doc.entities] + [(c.start, c.end) for c in doc.citations or []])


@lru_cache(maxsize=4096)  # asked for every mention of a gazetteer entity
def _words_of(entry) -> frozenset[str]:
    return frozenset(w.lower().replace("ё", "е") for name in (entry.name, entry.name_en, *entry.aliases) for w in name.split())


def _lemma(t) -> str:
    return t.lemma.lower().replace("ё", "е")


def _antecedent(candidates: dict, si: int, title: bool):
    near = {e: v for e, v in candidates.items() if si - v[0] <= WINDOW and (v[1] == "PER") == title}
    if len(near) != 1:
        return None
    entity_id, (_, label, how) = near.popitem()
    return entity_id, label, how


def _standalone(tokens, i: int, starts: set, covered, lang: str) -> bool:
    """A singular noun with no name and no genitive noun of its own after it (`компании Oracle`, `министра
    иностранных дел`, `правительства Израиля`)."""
    t = tokens[i]
    if not (t.pos == "NOUN" or t.pos == "PROPN" and i == 0) or (t.feats or {}).get("Number") == "Plur":
        return False  # a capital opening the sentence makes the tagger say PROPN: «Консульство обеспечивает …»
    if lang == "en" and (i == 0 or tokens[i - 1].text.lower() not in ("the", "this", "that")):
        return False  # English: only "the ministry", "this company"
    for nxt in tokens[i + 1:i + 4]:
        if nxt.start in starts or covered(nxt.start) or nxt.text[:1] in "«\"“„":
            return False
        if nxt.pos in ("NOUN", "PROPN") and (nxt.feats or {}).get("Case") == "Gen":
            return False
        if nxt.pos != "ADJ":
            break
    return True

"""Rule 1 of the descriptors (descriptors.py): a body named by its function and whose body it is — a place
(`правительство Израиля`, `японское правительство`), an organisation or a person (`Комиссия ЕС`, `пресс-служба
Кадырова`) — is a mention of its own entity, org/<body>-<the name's id>, whose part the name is; and the helpers the
rules share."""

from __future__ import annotations

import re
from functools import lru_cache

from ..core.schema import Document, Mention
from ..core.spans import span_lookup
from ..knowledge.resources import section_names
from .names import auto_id
from .normal import is_abbreviation, restore_shape

CONFIDENCE = {"body": 0.9, "adjective": 0.9, "part": 0.9, "before": 0.8, "title": 0.7, "country": 0.7}
PLACES = ("country/", "region/", "city/", "place/")  # place/: a former state (models/gazetteer/historical.yaml)
NARROWING = frozenset({"по", "при", "против"})  # `комитета Госдумы по бюджету`: one of several


class Bodies:
    """Rule 1 over a document: its bodies' mentions (`Descriptors` puts them in)."""

    def __init__(self, gazetteer, lexicon, morph=None, normalizer=None):
        self.gazetteer, self.lexicon, self.morph, self.normalizer = gazetteer, lexicon, morph, normalizer

    def __call__(self, doc: Document) -> list[Mention]:
        """Rule 1: `правительство Израиля` as a mention of org/pravitelstvo-il, `пресс-служба Кадырова` of its own."""
        names = {m.start: m for m in doc.entities if m.entity_id and m.kind != "descriptor"}
        covered = covered_by(doc)
        out = []
        back = section_names().excluded
        for sent in doc.sentences:
            if sent.lang != "ru" or sent.section in back:  # a reference list names reports and journals, no actors
                continue
            tokens = sent.tokens
            for i, t in enumerate(tokens):
                word = lemma(t)
                if word not in self.lexicon.coreferent_bodies or covered(t.start) or t.pos not in ("NOUN", "PROPN"):
                    continue
                adjective = self._by_adjective(doc, tokens, i, word, covered)
                if adjective is not None:
                    out.append(adjective)
                    continue
                j = i + 2 if self._title(tokens, i + 1, covered) else i + 1  # `пресс-служба президента Украины`
                named = names.get(tokens[j].start) if j < len(tokens) else None
                if named is not None and self._of_its_own(tokens, j, named, names) and not self._itself(word, named):
                    out.append(self._body(doc, tokens, i, word, named, tokens[i + 1] if j == i + 2 else None))
        return out

    def _title(self, tokens, k: int, covered) -> bool:
        """Whether token `k`, between a body's word and a name, is a title in the genitive (`пресс-служба
        президента Украины`, `администрация президента Обамы`): the body is that office-holder's."""
        return k + 1 < len(tokens) and lemma(tokens[k]) in self.lexicon.coreferent_titles and \
            (tokens[k].feats or {}).get("Case") == "Gen" and not covered(tokens[k].start)

    def _of_its_own(self, tokens, j: int, named: Mention, names: dict) -> bool:
        """Whether the name that starts at token `j`, right after a body's word, names whose body it is: in the genitive
        (`правительства Израиля`, `пресс-служба Кадырова`), or a name that does not decline (`Комиссия ЕС`, `совета
        ФИДЕ`, `кабинета Нетаньяху`, `Bank of East Asia`) — a place always, an organisation or a person only when
        nothing after it narrows the body to one of several (`комитета Госдумы по бюджету`, `комитетом ООН против
        пыток`) and neither a name nor a noun in the genitive follows it (`пресс-служба Правительства Самарской
        области`: the name goes on), nor does it end in an adjective (`администрацией Баян-Улгийского аймака`).
        `names`: the mentions by their start."""
        first = tokens[j]
        case = (first.feats or {}).get("Case")
        if not (case == "Gen" or is_abbreviation(first.text) or not re.search(r"[А-Яа-яЁё]", first.text)
                or first.pos != "ADJ" and self.morph is not None and indeclinable(self.morph, first.text)):
            return False
        if named.entity_id.startswith(PLACES):
            return True
        last = next((k for k in range(len(tokens) - 1, j - 1, -1) if tokens[k].start < named.end), j)
        after = tokens[last + 1] if last + 1 < len(tokens) else None
        if named.label != "PER" and (tokens[last].pos == "ADJ" or self.morph is not None and
                                     adjective(self.morph, tokens[last].text)):
            return False  # `администрацией Баян-Улгийского аймака`, `акиматами Северо-Казахстанской и Павлодарской
            # областей`: the name is its noun's adjective
        return after is None or after.text.lower() not in NARROWING and after.start not in names and \
            not (after.pos == "NOUN" and (after.feats or {}).get("Case") == "Gen")

    def _itself(self, word: str, named: Mention) -> bool:
        """Whether a body's word before a name is what the name is, not a body of it: a word of its names in the
        gazetteer, or the first letter of an organisation's abbreviation (`федерации ФИДЕ`, `министерства МИД`; a
        place's never is: `сборной США`)."""
        return word in self.known_words(named.entity_id) or \
            named.label == "ORG" and named.text.isupper() and named.text[:1].lower() == word[:1]

    def _body(self, doc: Document, tokens, i: int, word: str, named: Mention, title=None) -> Mention:
        """The mention of a body (token `i`, lemma `word`) named by the name after it, which is its part: the
        gazetteer's entity under that name (`Правительства Российской Федерации` is org/government-ru), else
        org/<body>-<the name's id> (org/pravitelstvo-il, org/press-sluzhba-ramzan-kadyrov). Capitalised adjectives
        before the word inside a sentence are its name's (`Судейский комитет ФИФА` is one of FIFA's committees); a
        `title` between the word and the name is too (`пресс-служба президента Украины`)."""
        first = i
        while first > 1 and tokens[first - 1].pos == "ADJ" and tokens[first - 1].text[:1].isupper() and \
                (tokens[first - 1].feats or {}).get("Case") == (tokens[i].feats or {}).get("Case"):
            first -= 1
        t = tokens[first]
        text = doc.text[t.start:named.end]
        known = self.gazetteer.lookup(text) if self.gazetteer is not None else None
        own = " ".join(self.normalizer.org_loc_words(tokens[first:i + 1], number="sing")) \
            if first < i and self.normalizer is not None else word
        own = f"{own} {title.text.lower()}" if title is not None else own  # `Пресс-служба президента Украины`
        entity_id = known.id if known is not None and known.label == "ORG" else \
            auto_id("ORG", f"{own} {named.entity_id.split('/')[-1]}")
        return Mention(t.start, named.end, text, "ORG", f"{own[:1].upper()}{own[1:]} {named.text}", "ru",
                       "rule:descriptor", entity_id=entity_id, role=named.role, parts=[named], kind="descriptor",
                       confidence=CONFIDENCE["body"])

    def _by_adjective(self, doc: Document, tokens, i: int, word: str, covered) -> Mention | None:
        """Rule 1 with the place as an adjective right before the body, in its case (`японское правительство`,
        `американских властей`): the entity of `правительство Японии`, found by the gazetteer under that name or
        org/<body>-<place id> (`российское правительство` is the gazetteer's org/government-ru)."""
        if not i:
            return None
        adj = tokens[i - 1]
        place_id = self.lexicon.place_adjectives.get(lemma(adj))
        if place_id is None or adj.pos != "ADJ" or covered(adj.start):
            return None
        case, adj_case = (tokens[i].feats or {}).get("Case"), (adj.feats or {}).get("Case")
        if case and adj_case and case != adj_case:
            return None
        after = tokens[i + 1:i + 3]  # `российском министерстве финансов` is one ministry, not «the Russian ministry»
        if any(t.pos in ("NOUN", "PROPN") and (t.feats or {}).get("Case") == "Gen" for t in after[:1]) or \
                len(after) == 2 and after[0].pos == "ADJ" and (after[1].feats or {}).get("Case") == "Gen":
            return None
        entity_id = self.body_id(word, place_id)
        text = doc.text[adj.start:tokens[i].end]
        normal = " ".join(self.normalizer.org_loc_words(tokens[i - 1:i + 1], number="sing")) if self.normalizer else text
        place = self.gazetteer.get(place_id) if self.gazetteer is not None else None
        adjective = place_mention(adj, place_id, place.name if place else adj.text)
        # the adjective is its place, a part as the place of `правительство Израиля` is (the body has a name then)
        return Mention(adj.start, tokens[i].end, text, "ORG", normal[:1].upper() + normal[1:], "ru", "rule:descriptor",
                       entity_id=entity_id, parts=[adjective], kind="descriptor", confidence=CONFIDENCE["body"])

    def of_referents(self, doc: Document, found: list[Mention]) -> list[Mention]:
        """Rule 1 over the descriptors that refer back (`found`, rules 4–6): a body's word right before one in the
        genitive (`руководством модного канала`, `сборную страны`, `парламент страны`) is that body of the entity
        the descriptor refers to, as it is before its name (`руководства HP`, `сборной России`); the descriptor is
        its part."""
        if not found:
            return found
        covered, at = covered_by(doc), {m.start: m for m in found if m.lang == "ru"}
        names = {}  # entity id → its name in the document, in the nominative
        for m in doc.entities:
            if m.kind != "descriptor" and m.entity_id:
                names.setdefault(m.entity_id, m.normal or m.text)
        made = {}
        for sent in doc.sentences if at else ():
            for i, t in enumerate(sent.tokens):
                if t.start in at and (t.feats or {}).get("Case") == "Gen":
                    j = i - 1
                    while j > 0 and sent.tokens[j].pos == "ADJ" and sent.tokens[j].text.islower():
                        j -= 1  # `руководством модного канала`
                    body = sent.tokens[j] if j >= 0 else None
                    if body is not None and body.pos == "NOUN" and not covered(body.start) and \
                            lemma(body) in self.lexicon.coreferent_bodies and lemma(body) != lemma(t):
                        made[t.start] = self._of_referent(doc, body, at[t.start], names)
        return [made.get(m.start, m) for m in found]

    def _of_referent(self, doc: Document, body, descriptor: Mention, names: dict) -> Mention:
        word, referent = lemma(body), descriptor.entity_id
        if referent.startswith(PLACES):
            entity_id, normal = self.place_body(word, referent)
        else:
            name = names.get(referent, "")
            entity_id = auto_id("ORG", f"{word} {referent.split('/')[-1]}")
            normal = f"{word[:1].upper()}{word[1:]} {self.genitive(name)}" if name else ""
        normal = normal or word  # no name: none for the index
        return Mention(body.start, descriptor.end, doc.text[body.start:descriptor.end], "ORG", normal, "ru",
                       "rule:descriptor", entity_id=entity_id, role=descriptor.role, parts=[descriptor],
                       kind="descriptor", confidence=min(CONFIDENCE["body"], descriptor.confidence))

    def place_body(self, word: str, place_id: str) -> tuple[str, str]:
        """(id, name) of a place's body, named as rule 1 names it (`Правительство Германии`); the name is "" for a
        place the gazetteer does not have."""
        place = self.gazetteer.get(place_id) if self.gazetteer is not None else None
        name = f"{word[:1].upper()}{word[1:]} {self.genitive(place.name)}" if place is not None else ""
        return self.body_id(word, place_id), name

    def body_id(self, word: str, place_id: str) -> str:
        """The id of a place's body: the gazetteer's under the body's name with the place's (`правительство
        Российской Федерации` → org/government-ru), else org/<body>-<place> (org/pravitelstvo-jp)."""
        place = self.gazetteer.get(place_id) if self.gazetteer is not None else None
        known = self.gazetteer.lookup(f"{word} {self.genitive(place.name)}") if place is not None else None
        return known.id if known is not None and known.label == "ORG" else auto_id("ORG", f"{word} {place_id.split('/')[-1]}")

    def genitive(self, name: str) -> str:
        """`Российская Федерация` → `Российской Федерации`, word by word (as written without a morphology)."""
        if self.morph is None:
            return name
        words = []
        for w in name.split():
            forms = self.morph.parse(w)
            inflected = self.normalizer.inflect(forms[0], {"gent"}) if forms else None
            words.append(restore_shape(w, inflected) if inflected else w)
        return " ".join(words)

    def known_words(self, entity_id: str) -> frozenset[str]:
        """The words of the gazetteer's names for an entity (`Интерпол`: Международная организация уголовной
        полиции), which a later «организация» may refer to."""
        entry = self.gazetteer.get(entity_id) if self.gazetteer is not None else None
        return words_of(entry) if entry is not None else frozenset()


def place_mention(t, place_id: str, name: str) -> Mention:
    """A place adjective (token `t`) as a descriptor mention of its place (rules 1 and 2)."""
    return Mention(t.start, t.end, t.text, "LOC", name, "ru", "rule:descriptor", entity_id=place_id, kind="descriptor",
                   confidence=CONFIDENCE["adjective"])


def covered_by(doc: Document):
    """Whether an offset is inside a mention or a citation."""
    return span_lookup([(m.start, m.end) for m in doc.entities] + [(c.start, c.end) for c in doc.citations or []])


@lru_cache(maxsize=4096)  # asked for every mention of a gazetteer entity
def words_of(entry) -> frozenset[str]:
    return frozenset(w.lower().replace("ё", "е") for name in (entry.name, entry.name_en, *entry.aliases) for w in name.split())


def indeclinable(morph, word: str) -> bool:
    """A word the dictionary reads first as one that does not decline (`Нетаньяху`, `Шойгу`)."""
    forms = morph(word.lower())
    return bool(forms) and "Fixd" in forms[0].tag


def adjective(morph, word: str) -> bool:
    """A word the dictionary reads first as a full adjective (`Северо-Казахстанской`)."""
    forms = morph(word.lower())
    return bool(forms) and forms[0].tag.POS == "ADJF"


def lemma(t) -> str:
    return t.lemma.lower().replace("ё", "е")

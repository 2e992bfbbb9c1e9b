"""Descriptors: the common nouns by which a text names or refers back to an entity («правительство Израиля»,
«консульство», «Комиссия», «компания», «губернатор»), made mentions with `kind` descriptor.

A conservative rule set, run after linking (every name has its id); the words are models/entities.yaml
`coreferent`:

1. A body named by its function and its place — a `bodies` noun followed by a place name in the genitive
   (`правительство Израиля`, `администрации США`, `мэрии Москвы`) or right after an adjective that names one place
   (`place_adjectives`: `японское правительство`, `американских властей`) — is a mention of its own entity,
   `org/<body>-<place>` (`org/pravitelstvo-il`, `org/pravitelstvo-jp`), the same in every document, or the
   gazetteer's (`российского правительства` → org/government-ru). A genitive place is its part, as the parties are
   of a commission kept whole (an event's actor is still the state). A body with a genitive of its own
   (`российском министерстве финансов`) is left alone: it is one ministry, not «the Russian ministry». A body
   named by an organisation or a person, in the genitive or undeclined, is one too (`Комиссия ЕС`, `пресс-служба
   Кадырова`, `Политическое бюро Национального фронта`: org/<body>-<its id>), unless something after the name makes
   it one of several (`комитета Госдумы по бюджету`), the name goes on (`пресс-служба Правительства Самарской области`) or
   the word is what the name is (`федерации ФИДЕ`). Before a descriptor of rules 4–6 in the genitive, the body is
   that of the entity the descriptor refers to (`руководством модного канала`, `парламент страны`).
2. A place adjective on its own (`британский премьер`, `Российский лидер`, `казахстанских областей`) is a mention
   of its place, as event coders read «Russian officials» as Russia — not before an organisation word, a town, a
   quote or a `not_place_heads` noun (`китайский банк`, `китайский город Дацин`, `по московскому времени`,
   `крымских татар`), not capitalised inside a sentence (`Российской недели моды`), not without a noun after it (a
   language), and not a compound (`российско-казахстанский` names two).
3. What a name says it is. A descriptor word that is part of an organisation's name (`Генеральное консульство РК в
   Омске`: консульство; `Корпорация Philips`; `правительство Израиля` of rule 1) or of the gazetteer's names for it
   (`Интерпол`: Международная организация уголовной полиции), or stands right before a name in Latin script or in
   quotes (`телеканала World Fashion Channel`, `концерн «Фольксваген»`) and is no word of another name, or a title
   within four words before a person's name (`министр энергетики Белоруссии Александр Озерец`) — not a title after
   `another_s` (`заместитель акима … Утегенов` is no akim) — is evidence that the word, and the words `alike` it
   (`телеканал`, `канал`), can refer to that entity. A place is no evidence (`правительство Израиля` is not Israel).
4. A later occurrence of that word on its own — a noun in the singular, inside no name and no citation, with no
   name or genitive noun of its own after it (`министра иностранных дел` is another minister; a person's name after
   a body's word is its head: `шеф концерна Бернд Пишетсридер`) — refers to the entity it is evidence for, when
   exactly one such entity was named before it (earlier in the same sentence counts) in the same section, within
   WINDOW sentences, and never in the back matter (a reference list names journals and universities, no actors).
   Where none or several fit, no mention is made.
5. A body a country has one of (`national`: правительство, парламент, сборная …) that nothing named refers to is
   that body of the one country named in the sentence or the six before it (`министр транспорта Германии
   Вольфганг Тифензее объявил, что правительство …` → org/pravitelstvo-de).
6. «страна», «государство» (`countries`) on its own — no possessive or quantifier before it (`нашей страны`,
   `каждой страны`) — is the one country named in the sentence or the six before it (`парламент страны`, `Глава
   государства Дмитрий Медведев`).

Each descriptor mention carries a confidence: 0.9 for a body named with its place, a place adjective and a word that
is part of the entity's name, 0.8 for a word that stood before the name, 0.7 for a person's title, a country's body
and a country word.
"""

from __future__ import annotations

import re

from ..core.schema import Document, Mention
from ..knowledge.resources import entity_lexicon, section_names
from .bodies import CONFIDENCE, PLACES, Bodies, covered_by, lemma, place_mention
from .entities import OPENING_QUOTES
from .normal import Normalizer

WINDOW = {"org": 20, "title": 6}  # sentences back in which the entity must have been named: a body is
# referred to across a paragraph or two (`Комиссия`, `концерн`); a title (`президент`) only near its person's name
BEFORE = 4  # words between a title and the name it stands before
QUOTED = re.compile(r"[«\"“„]")


class Descriptors:
    name = "descriptors"
    REQUIRES = ("text", "sentences", "citations", "entities.entity_id", "entities.role")
    ASSIGNS = ("entities",)

    def __init__(self, gazetteer=None, lexicon=None, morph=None):
        self.gazetteer = gazetteer
        self.lexicon = lexicon or entity_lexicon()
        self.morph = morph  # the nominative of `американскими властями` and the genitive of a place's name; None: as written
        self.normalizer = Normalizer(morph) if morph is not None else None
        self.bodies = Bodies(gazetteer, self.lexicon, morph, self.normalizer)

    def __call__(self, doc: Document) -> Document:
        lex = self.lexicon
        if not (lex.coreferent_orgs or lex.coreferent_titles or lex.coreferent_bodies or lex.place_adjectives):
            return doc
        added = self.bodies(doc)
        if added:  # the place becomes a part of its body, as a party is of a commission kept whole
            inside = {id(p) for m in added for p in m.parts}
            doc.entities = sorted([m for m in doc.entities if id(m) not in inside] + added, key=lambda m: (m.start, m.end))
        adjectives = self._adjectives(doc)
        if adjectives:
            doc.entities = sorted(doc.entities + adjectives, key=lambda m: (m.start, m.end))
        named = sorted((m for m in doc.entities if m.role == "actor" and m.entity_id), key=lambda m: m.start)
        covered = covered_by(doc)  # again: the bodies are new mentions
        evidence: dict[str, dict[str, tuple[int, str, str]]] = {}  # word → entity id → (sentence index, label, how)
        found, k = [], 0
        back = section_names().excluded  # the reference list and the notes about the authors: nothing refers across
        part = None
        countries: dict[int, set[str]] = {}  # sentence index → the countries it names
        for si, sent in enumerate(doc.sentences):
            if (sent.section in back) != part:
                evidence, part, countries = {}, sent.section in back, {}
            in_sent = []
            while k < len(named) and named[k].start < sent.end:
                if named[k].start >= sent.start:
                    in_sent.append(named[k])
                k += 1
            if sent.lang not in ("ru", "en") or part:  # the reference list, the notes about the authors: no actors
                continue
            starts = {m.start: m.label for m in in_sent}
            pending = list(in_sent)  # the names of the sentence not yet learned from
            if sent.lang == "ru":
                countries[si] = {m.entity_id for m in in_sent if m.entity_id.startswith("country/")}
            for i, t in enumerate(sent.tokens):
                word = lemma(t)
                if word in lex.country_words and sent.lang == "ru" and not covered(t.start):
                    if (country := self._country(sent.tokens, i, starts, covered, countries, si)) is not None:
                        found.append(country)
                    continue
                if word not in lex.coreferent_orgs and word not in lex.coreferent_titles or covered(t.start):
                    continue
                if not _standalone(sent.tokens, i, starts, covered, sent.lang, word in lex.coreferent_titles):
                    continue
                before = [m for m in pending if m.end <= t.start]  # `Федерация бобслея России сообщила, что федерация`
                if before:
                    self._learn(evidence, si, sent, in_sent, doc.text, before)
                    pending = [m for m in pending if m.end > t.start]
                near = _near(evidence.get(word, {}), si, word in lex.coreferent_titles)
                hit = _antecedent(near)
                if not near and word in lex.national_bodies and sent.lang == "ru" and \
                        (country := _one_country(countries, si)):
                    hit = self._national(word, country)  # rule 5: `Тифензее объявил, что правительство`
                if hit is not None:
                    entity_id, label, how, normal = hit
                    found.append(Mention(t.start, t.end, t.text, label, normal or word, sent.lang, "rule:descriptor",
                                         entity_id=entity_id, kind="descriptor", confidence=CONFIDENCE[how]))
            self._learn(evidence, si, sent, in_sent, doc.text, pending)
        if found:  # `руководством модного канала`: the channel's management (rule 1 again)
            doc.entities = sorted(doc.entities + self.bodies.of_referents(doc, found), key=lambda m: (m.start, m.end))
        return doc

    def _adjectives(self, doc: Document) -> list[Mention]:
        """Rule 2: an adjective that names one place (`британский премьер`, `Российский лидер`), outside any mention
        and citation and outside the back matter, is a descriptor mention of that place, as event coders code
        «Russian officials» as Russia. A compound (`российско-казахстанский`) is left alone: it names two."""
        table = self.lexicon.place_adjectives
        if not table or self.gazetteer is None:
            return []
        covered, back, out = covered_by(doc), section_names().excluded, []
        orgs = {m.start for m in doc.entities if m.label == "ORG"}
        for sent in doc.sentences:
            if sent.lang != "ru" or sent.section in back:
                continue
            for i, t in enumerate(sent.tokens):
                place_id = table.get(lemma(t)) if t.pos == "ADJ" else None
                if place_id is None or covered(t.start) or self._of_a_body(sent.tokens, i, orgs):
                    continue
                place = self.gazetteer.get(place_id)
                if place is not None:
                    out.append(place_mention(t, place_id, place.name))
        return out

    def _of_a_body(self, tokens, i: int, orgs: set[int]) -> bool:
        """Whether the adjective at `i` does not stand for its place: its noun (after any other adjectives) is a body
        or organisation word (`китайский банк`, `японском МИДе`, `американском музее`) or one of
        `coreferent.not_place_heads` (`британских городах`, `московскому времени`, `китайского языка`, `крымских
        татар`), an organisation's name or a quote follows (`московского «Центра»`), no noun follows, or it is
        capitalised inside a sentence. A person (`британский премьер`) or a place name (`подмосковном Сколково`) after
        it keeps it."""
        lex = self.lexicon
        if i and tokens[i].text[:1].isupper():  # a capital inside a sentence: part of a name (`Российской недели моды`)
            return True
        for t in tokens[i + 1:i + 4]:
            if t.start in orgs or t.text[:1] in OPENING_QUOTES:
                return True
            if t.pos != "ADJ":
                word = lemma(t)
                if t.pos not in ("NOUN", "PROPN"):  # no noun: the adjective is one (`должен быть и украинский`: a language)
                    return True
                return word in lex.coreferent_orgs or word in lex.coreferent_bodies or word in lex.not_place_heads
        return True

    def _national(self, word: str, country: str) -> tuple[str, str, str, str]:
        """Rule 5's (entity id, label, how, name): the country's body, named as rule 1 names it (`Правительство
        Германии`), so that its entity has a name where nothing else in the corpus names it."""
        entity_id, name = self.bodies.place_body(word, country)
        return entity_id, "ORG", "country", name or f"{word[:1].upper()}{word[1:]} {country}"

    def _country(self, tokens, i: int, starts: dict, covered, countries: dict, si: int) -> Mention | None:
        """Rule 6: «страна», «государство» on its own (`парламент страны`, `Глава государства`, `за пределами
        страны`) is a mention of the one country named in this sentence or the WINDOW["title"] before it; None when
        none or several were, or the word is plural, has a name or genitive of its own (`страны СНГ`), or a word
        before it that points elsewhere (`нашей страны`, `каждой страны`, `другого государства`)."""
        if not _standalone(tokens, i, starts, covered, "ru"):
            return None
        if i and tokens[i - 1].pos in ("ADJ", "DET", "PRON", "NUM") and lemma(tokens[i - 1]) not in ("этот", "данный"):
            return None
        country, t = _one_country(countries, si), tokens[i]
        return None if country is None else Mention(t.start, t.end, t.text, "LOC", lemma(t), "ru", "rule:descriptor",
                                                    entity_id=country, kind="descriptor", confidence=CONFIDENCE["country"])

    def _alike(self, word: str):
        """The word and those that refer alike (`coreferent.alike`: `телеканал` and `канал`, `корпорация` and
        `компания`)."""
        return self.lexicon.coreferent_alike.get(word, (word,))

    def _learn(self, evidence: dict, si: int, sent, in_sent: list, text: str, names: list) -> None:
        """Rule 3, for each of the `names` of the sentence (`in_sent`: all of them): the descriptor words inside it
        and right before it."""
        orgs, titles = self.lexicon.coreferent_orgs, self.lexicon.coreferent_titles
        tokens = sent.tokens
        for m in names:
            if m.label == "LOC" or m.entity_id.startswith(PLACES):
                continue
            person = m.label == "PER"
            lexicon = titles if person else orgs
            for w in ({lemma(t) for t in tokens if m.start <= t.start < m.end} | self.bodies.known_words(m.entity_id)) & lexicon:
                for word in self._alike(w):
                    evidence.setdefault(word, {})[m.entity_id] = (si, m.label, "part")
            first = next((j for j, t in enumerate(tokens) if t.end > m.start), len(tokens))  # the name's first token
            for j in range(first - 1, max(first - (BEFORE if person else 2), 0) - 1, -1):
                t = tokens[j]
                if t.text in OPENING_QUOTES:  # `концерн «Фольксваген»`: the word before the quote
                    continue
                w = lemma(t)
                if not person and any(o is not m and o.start <= t.start < o.end for o in in_sent):
                    break  # `Международный координационный совет «Наш общий дом»`: the word is another name's (its own)
                if w in lexicon and person and j and lemma(tokens[j - 1]) in self.lexicon.another_s:
                    break  # `заместитель акима … Утегенов`: the person is the deputy, not the akim
                if w in lexicon:
                    named_apart = person or not re.search(r"[А-Яа-яЁё]", m.text) or QUOTED.search(text, t.end, m.start + 1)
                    if named_apart:  # `комитета ООН` is a committee of the UN, `компании Oracle` is Oracle
                        for word in self._alike(w):
                            evidence.setdefault(word, {})[m.entity_id] = (si, m.label, "title" if person else "before")
                    break
                if t.pos not in ("NOUN", "PROPN", "ADJ") or not person and t.pos != "ADJ":
                    break
            for ids in evidence.values():  # a name seen again keeps its evidence fresh
                if m.entity_id in ids:
                    ids[m.entity_id] = (si, *ids[m.entity_id][1:])


def _one_country(countries: dict, si: int) -> str | None:
    """The one country named in sentence `si` or the WINDOW["title"] before it (`countries`: sentence → ids)."""
    named = set().union(*(ids for j, ids in countries.items() if si - j <= WINDOW["title"]))
    return named.pop() if len(named) == 1 else None


def _near(candidates: dict, si: int, title: bool) -> dict:
    """The candidates named within the window of their kind before sentence `si`."""
    window = WINDOW["title" if title else "org"]
    return {e: v for e, v in candidates.items() if si - v[0] <= window and (v[1] == "PER") == title}


def _antecedent(near: dict):
    """(entity id, label, how, None: no name of its own) of the one candidate `near` (_near) holds, else None."""
    if len(near) != 1:
        return None
    entity_id, (_, label, how) = next(iter(near.items()))
    return entity_id, label, how, None


def _standalone(tokens, i: int, starts: dict, covered, lang: str, title: bool = False) -> bool:
    """A singular noun with no name and no genitive noun of its own after it (`компании Oracle`, `министра
    иностранных дел`, `правительства Израиля`). A person's name after a body's word is not its name but its head
    or member (`шеф концерна Бернд Пишетсридер`, `Руководитель центра Э. Чернова`); after a title it is
    (`министра Лаврова`). `starts`: the label of each mention by its start."""
    t = tokens[i]
    if not (t.pos == "NOUN" or t.pos == "PROPN" and i == 0) or (t.feats or {}).get("Number") == "Plur":
        return False  # a capital opening the sentence makes the tagger say PROPN: «Консульство обеспечивает …»
    if lang == "en" and (i == 0 or tokens[i - 1].text.lower() not in ("the", "this", "that")):
        return False  # English: only "the ministry", "this company"
    case = (t.feats or {}).get("Case")
    for nxt in tokens[i + 1:i + 4]:
        if nxt.pos in ("NOUN", "PROPN") and (nxt.feats or {}).get("Case") == "Nom" and case not in (None, "Nom"):
            break  # a subject after it: `цитирует слова премьер-министра пресс-служба президента Украины`
        if nxt.start in starts and (title or starts[nxt.start] != "PER"):
            return False
        if nxt.start not in starts and covered(nxt.start) or nxt.text[:1] in OPENING_QUOTES:
            return False
        if nxt.start in starts:  # a person named after the body's word
            break
        if nxt.pos in ("NOUN", "PROPN") and (nxt.feats or {}).get("Case") == "Gen":
            return False
        if nxt.pos != "ADJ":
            break
    return True

"""People's names: what the words around a Russian name say of its gender and case, and how a name written in
either script reads as surname and initials (`Е.В. Мокрушиной`, `Sarnatskiy E.V.`, `Петров Сергей Иванович`)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import iuliia

from ..core.schema import Mention, Token
from ..core.spans import MAX_CHARS, TokenIndex
from .roles import skeleton

PERSON_GENDER = {"Masc": "masc", "Fem": "femn"}
ID_SCHEME = iuliia.WIKIPEDIA  # ids must not change with the user's choice of transliteration


@dataclass
class Context:
    """What the words around a person's name say about it."""

    gender: str | None = None  # a verb, participle or adjective agreeing with the name: masc / femn
    nominative: bool = False  # the subject of a verb that shows no gender (`Как отмечает Нефёдова`)
    oblique: bool = False  # governed, so not a nominative (`по мнению Петрова`, `у Петрова`, `визита Путина`)
    case: str | None = None  # `acc` for a verb's object or after в/на/за/про/через, `dat` after к/по
    near: bool = False  # the gender comes from a word next to the name (else from one across a phrase)


# Nouns that open a clause as adverbials (`В 2020 году Иванова отметила…`): a name after them is not their genitive.
ADVERBIAL_NOUNS = frozenset("год время период момент день месяц неделя век десятилетие эпоха начало конец середина "
                            "связь случай итог целое раз".split())
NOUNS = ("NOUN", "PROPN", "PRON")
PREPOSITION_CASE = {"к": "dat", "ко": "dat", "по": "dat", "благодаря": "dat", "согласно": "dat", "вопреки": "dat",
                    "в": "acc", "во": "acc", "на": "acc", "за": "acc", "про": "acc", "через": "acc"}


def _feat(t: Token, key: str) -> str | None:
    return (t.feats or {}).get(key)


def _finite(t: Token) -> bool:
    """A verb form that agrees with its subject: finite, or a short participle (`была избрана`)."""
    return t.pos in ("VERB", "AUX") and (_feat(t, "VerbForm") == "Fin" or _feat(t, "Variant") == "Short") \
        or t.pos == "ADJ" and _feat(t, "Variant") == "Short"


def _agreement(verb: Token, near: bool) -> Context | None:
    if _feat(verb, "Number") == "Plur":
        return None
    if _feat(verb, "Gender") in PERSON_GENDER:
        return Context(gender=PERSON_GENDER[_feat(verb, "Gender")], near=near)
    if _feat(verb, "Tense") == "Pres" or _feat(verb, "Person") == "3":
        return Context(nominative=True, near=near)
    return None


def person_context(before: list[Token], after: list[Token], titles=frozenset()) -> Context:
    """The evidence of the words next to a name (`before` ends, `after` starts, at the name; one sentence):
    a verb, a short participle or an adjective agreeing with it; a preposition or an oblique noun governing it.
    `titles` are nouns in apposition to a name, looked past (`считает профессор Иванова`)."""
    found = _after(after)
    if found and found.near:
        return found
    return _before(before, titles) or found or Context()


def _after(after: list[Token]) -> Context | None:
    """`Мокрушина отметила`, `Иванова, в частности, показала`, `Иванова уверена`; not `…визита Иванова началась
    подготовка`, where the verb has a subject of its own after it."""
    i, near = 0, True
    while i < len(after):
        t = after[i]
        if t.pos in ("ADV", "PART") or t.text == ",":
            near = near and t.text != ","
            i += 1
            continue
        if t.pos == "ADP":  # a prepositional phrase: `Иванова в своей работе показала`
            i += 1
            while i < len(after) and after[i].pos in ("ADJ", "DET", "NUM"):
                i += 1
            if i < len(after) and after[i].pos in NOUNS and _feat(after[i], "Case") != "Nom":
                i, near = i + 1, False
                continue
            return None
        if _finite(t):
            rest = [x for x in after[i + 1:i + 4] if x.pos not in ("ADJ", "DET", "ADV", "PART")]
            if rest and rest[0].pos in NOUNS and _feat(rest[0], "Case") == "Nom":
                return None  # `началась подготовка`: the verb's own subject
            return _agreement(t, near)
        if t.pos == "VERB" and _feat(t, "VerbForm") == "Part" and _feat(t, "Case") == "Nom" \
                and _feat(t, "Gender") in PERSON_GENDER and i and after[i - 1].text == ",":
            return Context(gender=PERSON_GENDER[_feat(t, "Gender")], near=near)  # `Иванова, возглавлявшая …`
        return None
    return None


def _before(before: list[Token], titles) -> Context | None:
    """`Как отмечает Нефёдова`, `отметила профессор Иванова`, `известная Иванова`; `у Петрова`, `по мнению
    Петрова`, `визита Путина`, `известного Петрова` govern the name."""
    if not before:
        return None
    prev = before[-1]
    if prev.text == "." and len(before) > 1 and before[-2].text.lower() == "им":
        return Context(oblique=True)  # `им. М.В. Ломоносова`: имени, with a genitive
    case = _feat(prev, "Case")
    if prev.pos == "ADP":
        return Context(oblique=True, case=PREPOSITION_CASE.get(prev.text.lower()))
    if prev.pos in ("ADJ", "DET") or prev.pos == "VERB" and _feat(prev, "VerbForm") == "Part" and case:
        gender = PERSON_GENDER.get(_feat(prev, "Gender"))
        if case and case != "Nom":
            return Context(gender=gender if gender == "femn" else None, oblique=True, near=True)
        return Context(gender=gender, near=True) if gender in ("masc", "femn") else None
    if prev.pos in ("NOUN", "PROPN"):
        if prev.lemma in titles and case in (None, "Nom"):
            return _before(before[:-1], frozenset())  # apposition: look past it
        if case and case != "Nom" and prev.lemma not in ADVERBIAL_NOUNS:
            return Context(oblique=True)
        return None
    if _finite(prev):
        clause = []
        for t in reversed(before[:-1]):
            if t.pos == "PUNCT" or t.pos in ("SCONJ", "CCONJ"):
                break
            clause.append(t)
        if any(t.pos in NOUNS and _feat(t, "Case") == "Nom" for t in clause) or _feat(prev, "Number") == "Plur" \
                or _feat(prev, "Person") in ("1", "2"):
            return Context(oblique=True, case="acc")  # `Губернатор поддержал Петрова`, `благодарим Петрову`: its object
        return _agreement(prev, True)
    return None


# ------------------------------------------------------------------ the gender of each person in a document

def person_genders(mentions: list[Mention], ix: TokenIndex, norm, titles=frozenset()) -> dict[int, str | None]:
    """The gender each Russian person is put in the nominative of (by `id` of the mention), in order:
    the name's own first name, patronymic or one-gender surname (`Мокрушиной`); a verb or an adjective
    agreeing with it (`Мокрушина отметила`); for a two-way surname (`Петрова`: a woman, or a man's
    genitive), a governing preposition or noun, or a coordinated name that has one (`у Петрова`,
    `визитов В.В. Путина … и Ш.М. Мирзиёева`) — a man — or a verb without gender (`отмечает Нефёдова`) — a
    woman; for `Погребцову` (a man's dative, a woman's accusative) the case its verb or preposition
    asks for. A two-way name with none of these stays as written (None); another takes the gender of the
    same surname with compatible initials elsewhere in the document, else the tagger's. `norm` is the
    document's normal.Normalizer, `titles` the nouns looked past (models/entities.yaml)."""
    people, evidence, previous = [], defaultdict(list), None
    for m in mentions:
        if m.lang != "ru" or m.label != "PER" or m.head is not None:
            continue
        toks = ix.within(m.start, m.end)
        before, after = ix.around(m.start, m.end)
        context = person_context(before, after, titles)
        if before and before[-1].text in ("и", "или", ",") and previous and not context.gender:
            sentence, end, oblique = previous  # coordinated names share their case
            context.oblique = context.oblique or oblique and sentence == ix.sentence(m.start) \
                and len(ix.within(end, before[-1].start)) <= 6
        key = norm.surname(toks)
        reading = read_person(m)
        given = reading.given if reading else ()
        two_way = any(norm.two_way(t) for t in toks)
        own = norm.name_gender(toks)
        gender = own or context.gender
        if gender is None and two_way:
            gender = "femn" if context.nominative else "masc" if context.oblique else None
        elif gender is None and context.case and any(norm.dative_or_accusative(t) for t in toks):
            gender = "femn" if context.case == "acc" else "masc"  # `благодарим Погребцову`, `к Петрову`
        if key and (own or context.gender or two_way and context.nominative):
            evidence[key].append((given, own or context.gender or "femn"))
        people.append((m, key, given, gender, two_way))
        previous = (ix.sentence(m.start), m.end, context.oblique or norm.oblique(toks))
    genders = {}
    for m, key, given, gender, two_way in people:
        if gender is None and key and not two_way:  # `Иванов А.В., Иванова А.В.`: two people, as written
            votes = {g for other, g in evidence[key] if _compatible(given, other)}
            gender = votes.pop() if len(votes) == 1 else None
        genders[id(m)] = gender
    return genders


def _compatible(a: tuple, b: tuple) -> bool:
    """Initials that do not contradict each other: (e, v) and (e,), or () and anything; not (e, v) and (e, a)."""
    return all(x == y for x, y in zip(a, b))


# ------------------------------------------------------------------ reading a name

WORD = re.compile(r"[^\W\d_][^\W\d_'’]*(?:-[^\W\d_]+)*\.?")  # Касым-Жомарт is one name
FEMININE = re.compile(r"(?:ова|ева|ёва|ина|ына|ая|яя|ova|eva|ina|yna|aya|aia|aja)$", re.I)
MASCULINE = re.compile(r"(?:ов|ев|ёв|ин|ын|ий|ый|ой|ov|ev|in|yn|iy|ii|ij|y|oy)$", re.I)


@lru_cache(maxsize=100_000)  # a pure function of the name, asked for every mention of a person
def fold(surname: str) -> str:
    """A surname in Latin letters, spelled alike from Russian and from the usual romanisations:
    `Сарнацкий`, `Sarnatsky`, `Sarnatskiy`, `Sarnatskii` → `sarnatsky`; `Абдуллаева`, `Abdullaeva` → `abdullaeva`;
    `Нефёдова`, `Nefyodova`, `Nefedova` → `nefedova`."""
    if re.search(r"[А-Яа-яЁё]", surname):
        surname = ID_SCHEME.translate(surname.replace("ё", "е").replace("Ё", "Е"))
    s = unicodedata.normalize("NFKD", surname).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z-]", "", s).replace("yo", "e")
    s = re.sub(r"(?<=[aeiou])i(?=[aeu])", "y", s)  # Zaslavskaia → zaslavskaya
    s = re.sub(r"(?<=[^aeiouy-])i(?=[au])", "y", s)  # Gavriliuk → gavrilyuk
    s = re.sub(r"(?<=[aeiou])y(?=e)|(?<![a-z])y(?=e)", "", s)  # Abdullayeva, Yeltsin → abdullaeva, eltsin
    return re.sub(r"(?:iy|ii|ij|yi|yj)\b", "y", s).strip("-")


def initial(word: str) -> str:
    """One Latin letter for an initial or a given name, alike from either script (`Э.`, `E.` → `e`;
    `Ю.`, `Yu.` → `y`)."""
    return fold(word.rstrip("."))[:1]


@dataclass
class PersonName:
    """A person mention read as surname and given names."""

    mention: Mention
    surname: str
    skeleton: str
    given: tuple  # one Latin letter per given name or initial, in order
    gender: str | None  # from the surname's ending
    abbreviated: bool  # written with initials or a patronymic: an id of surname and initials is safe to share


def read_person(m: Mention, morph=None) -> PersonName | None:
    """`Е.В. Мокрушина`, `Мокрушина Е.В.`, `Мокрушина Елена Владимировна`, `Виталий Хоценко`, `Sarnatskiy E.V.`
    (its normal form, else its text); None for what cannot be a name of one person."""
    words = WORD.findall(m.normal or m.text)
    dotted = [w for w in words if w.endswith(".") and len(w) <= 3]
    names = [w.rstrip(".") for w in words if w not in dotted]
    if not names or len(names) > 4:
        return None
    surname = names[_surname_index(names, bool(dotted), morph)]
    given = [w for w in words if w.rstrip(".") != surname or w in dotted]
    gender = "femn" if FEMININE.search(surname) else "masc" if MASCULINE.search(surname) else None
    return PersonName(m, surname, skeleton(surname), tuple(initial(w) for w in given), gender,
                      bool(dotted) or len(given) >= 2)


PATRONYMIC = re.compile(r"(?:вич|вна|ична|инична|оглы|кызы|улы|уулу)$")


def _surname_index(names: list[str], initials: bool, morph) -> int:
    """Which word is the surname: the only one beside initials; the one around a patronymic (`Петров Сергей
    Иванович`, `Ерлан Бахытович Серикбай`); else the one that is not a first name (`Хоценко Виталий`); else
    the last (`Vladimir Putin`)."""
    if len(names) == 1 or initials or not re.search(r"[А-Яа-яЁё]", names[0]):
        return len(names) - 1
    if len(names) == 3 and PATRONYMIC.search(names[2]):
        return 0
    if len(names) == 3 and PATRONYMIC.search(names[1]):
        return 2
    if morph is not None and len(names) == 2:
        given = [any("Name" in f.tag and f.score >= 0.2 for f in morph(w.lower())) for w in names]
        if given == [False, True]:
            return 0
    return len(names) - 1


# ------------------------------------------------------------------ ids

@lru_cache(maxsize=100_000)  # a pure function of the name, asked for every mention of an entity
def slug(text: str) -> str:
    latin = ID_SCHEME.translate(text) if re.search(r"[А-Яа-яЁё]", text) else text
    return re.sub(r"[^a-z0-9]+", "-", latin.lower()).strip("-") or "x"


def auto_id(label: str, normal: str) -> str:
    return capped(f"{label.lower()}/{slug(normal)}")


def capped(entity_id: str) -> str:
    """An id of at most MAX_CHARS characters: a longer one is cut and keeps a hash of the whole, so two long
    names stay apart."""
    if len(entity_id) <= MAX_CHARS:
        return entity_id
    digest = hashlib.sha1(entity_id.encode("utf-8")).hexdigest()[:10]
    return f"{entity_id[:MAX_CHARS - 11].rstrip('-')}-{digest}"

"""One id for every form of one person in a document (linking step 3): `Э.В. Сарнацкий`, `Сарнацкий Э.В.`,
`Sarnatskiy E.V.`, `Сарнацкий Эдуард Васильевич`, `Эдуард Васильевич`, and `Сарнацкий` alone when he is the only
Сарнацкий there; a person written with initials or a patronymic gets `per/<surname>-<initials>`."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from ..core.schema import Document
from .names import (
    PATRONYMIC,
    WORD,
    PersonName,
    auto_id,
    capped,
    fold,
    initial,
    read_person,
)


def people(doc: Document, morph=None) -> None:
    """One id for every form of one person in the document (see the module's docstring). Forms with two given
    initials group by them; a form with one joins the only group it fits; a surname alone (or a one-word ORG/LOC
    that is that surname) joins the only person of that surname and a compatible gender. Different initials
    or genders stay apart."""
    persons = [p for m in doc.entities if m.label == "PER" and not m.entity_id
               for p in [read_person(m, morph)] if p is not None]
    alone = {fold(w[0]) for m in doc.entities if m.label == "PER"
             for w in [WORD.findall(m.normal or m.text)] if len(w) == 1}  # `Шендерович` alone: a surname
    addressed = [p for p in persons if _first_and_patronymic(p) and not _surname_after_all(p, alone, morph)]
    persons = [p for p in persons if p not in addressed]  # `Борис Николаевич`: no surname at all
    groups: list[list[PersonName]] = []
    for p in sorted((p for p in persons if p.given), key=lambda p: -len(p.given)):
        fits = [g for g in groups if _fits(g, p)]
        if len(fits) == 1:
            fits[0].append(p)
        else:
            groups.append([p])
    for p in addressed:  # the one person whose first name and patronymic these are (`Борис Николаевич Ельцин`)
        fits = [g for g in groups if _addressed(g, p)]
        if len(fits) == 1:
            fits[0].append(p)
        else:
            groups.append([p])
    ids = [_group_id(g) for g in groups]
    for g, entity_id in zip(groups, ids):
        for p in g:
            p.mention.entity_id = entity_id
    lone = [p for p in persons if not p.given] + [
        p for m in doc.entities if m.label in ("ORG", "LOC") and not m.entity_id and len(m.text.split()) == 1
        for p in [read_person(m)] if p is not None]
    by_skeleton, by_given = defaultdict(list), defaultdict(set)  # indexed once: each lone mention looks up
    for i, g in enumerate(groups):
        by_skeleton[g[0].skeleton].append(i)
        for q in g:
            for word in _given_words(q):
                by_given[word].add(i)
    for p in lone:
        fits = [i for i in by_skeleton.get(p.skeleton, ()) if (g := groups[i])
                and (_gender(g) in (None, p.gender) or _could_be(p.mention.text, _gender(g), morph))
                and (p.mention.label == "PER" or any(fold(q.surname) == fold(p.surname) for q in g))]
        if not fits and p.mention.label == "PER":  # `Михаэль` after `Михаэль Шумахер`: the only one so named
            fits = sorted({i for word in _first_names(p.mention.text, morph) for i in by_given.get(word, ())})
        if len(fits) == 1:
            p.mention.entity_id, p.mention.label = ids[fits[0]], "PER"


def _first_and_patronymic(p: PersonName) -> bool:
    """A mention of two full words, a first name and a patronymic (`Борис Николаевич`, `Наине Иосифовне`): read as
    surname `Николаевич`, it would be a person of its own."""
    words = WORD.findall(p.mention.normal or p.mention.text)
    return len(words) == 2 and not any(w.endswith(".") for w in words) and bool(PATRONYMIC.search(words[1].lower()))


def _surname_after_all(p: PersonName, alone: set[str], morph) -> bool:
    """Whether the patronymic of `Виктор Шендерович` is his surname: the text names him by it alone (`alone`: the
    one-word names of people there, folded), or the dictionary knows it as a surname (`Абрамович`)."""
    word = WORD.findall(p.mention.normal or p.mention.text)[1]
    return fold(word) in alone or morph is not None and any("Surn" in f.tag for f in morph(word.lower()))


def _addressed(group: list[PersonName], p: PersonName) -> bool:
    """Whether a first name and patronymic are those of the group's person: a member with both initials the same
    and, where it is written in full, the same first name; no contradicting gender (`-вич` a man, `-вна` a woman)."""
    first, patronymic = WORD.findall(p.mention.normal or p.mention.text)
    given = (initial(first), initial(patronymic))
    gender = "femn" if patronymic.lower().endswith(("вна", "чна", "кызы")) else "masc"
    if _gender(group) not in (None, gender) or _first_and_patronymic(group[0]):
        return False
    name = first.lower().replace("ё", "е")
    return any(len(q.given) >= 2 and q.given[:2] == given and _given_words(q) in (set(), {name}) for q in group)


def _could_be(word: str, gender: str | None, morph) -> bool:
    """Whether an inflected surname may be of that gender (`Путину`: «Путин» in the dative, not «Путина»)."""
    return morph is not None and gender is not None and any(
        "Surn" in f.tag and gender in f.tag for f in morph(word.lower()))


def _first_names(word: str, morph) -> set[str]:
    """The first names a one-word mention may be (`Виктором` → виктор), lower-cased; empty for a word no
    dictionary reads as a first name."""
    if morph is None or " " in word.strip():
        return set()
    return {f.normal_form.replace("ё", "е") for f in morph(word.lower()) if "Name" in f.tag}


def _given_words(p: PersonName) -> set[str]:
    """The first names written in full in a person's mention (`Михаэль` of `Михаэль Шумахер`), lower-cased."""
    words = WORD.findall(p.mention.normal or p.mention.text)
    return {w.lower().replace("ё", "е") for w in words[:1] if w != p.surname and not w.endswith(".") and len(w) > 2}


def _gender(group: list[PersonName]) -> str | None:
    return next((p.gender for p in group if p.gender), None)


def _fits(group: list[PersonName], p: PersonName) -> bool:
    """Same surname sketch, no contradicting gender, and initials that agree as far as both go (two given
    names must agree on both)."""
    first = group[0]
    if first.skeleton != p.skeleton or _gender(group) not in (None, p.gender) and p.gender is not None:
        return False
    n = min(len(first.given), len(p.given), 2)
    return first.given[:n] == p.given[:n]


def _group_id(group: list[PersonName]) -> str:
    """`per/<surname>-<initials>` for a person written with initials or a patronymic anywhere in the document;
    else the id of the fullest form (`per/vitaly-khotsenko`)."""
    named = [p for p in group if not _first_and_patronymic(p)] or group  # `Борис Николаевич` names no surname
    if any(p.abbreviated for p in group):
        surnames = Counter(fold(p.surname) for p in named)
        cyrillic = {fold(p.surname) for p in named if re.search(r"[А-Яа-яЁё]", p.surname)}
        name = min(surnames, key=lambda s: (-surnames[s], s not in cyrillic, s))
        given = max((p.given for p in group), key=len)[:2]
        return capped("per/" + "-".join([name, *given]))
    best = min(group, key=lambda p: (-len(WORD.findall(p.mention.normal or p.mention.text)), p.mention.normal))
    return auto_id("PER", best.mention.normal or best.mention.text)

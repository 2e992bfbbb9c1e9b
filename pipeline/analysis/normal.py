"""Normal forms of Russian names by pymorphy3 agreement, without a syntax parse.

ORG/LOC: the head noun and the adjectives that agree with it go to the nominative, everything after
the head (genitives, `по …`, `имени …`) stays as written:
`Совета Федерации Федерального Собрания` → `Совет Федерации Федерального Собрания`.
PER: every name part to the nominative of the person's gender: `Виталия Хоценко` → `Виталий Хоценко`.
A surname that reads both as a woman's nominative and a man's genitive (`Мокрушина`, `Карданова`) takes the
gender the words around it show (names.person_genders); with no evidence it stays as written: in bylines and
citations it is far more often a woman than a man in the genitive.
Abbreviations stay as written (`РФ`, `КазНУ`); plural-only names stay plural (`Нидерланды`).
The case and gender come from natasha's tagger (the context), the forms from pymorphy3.
"""

from __future__ import annotations

import re
from functools import lru_cache

from natasha.morph.lemma import best_form

from ..core.schema import Token

NAME_GRAMS = ("Name", "Surn", "Patr")
ADJECTIVAL = ("ADJ", "DET", "NUM")
UD_GENDER = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}
MEMO = 100_000  # names whose normal words a Normalizer keeps
CYRILLIC_WORD = re.compile(r"^[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*$")


@lru_cache(maxsize=100_000)
def is_abbreviation(word: str) -> bool:
    """РФ, КазНУ, США, МИД, НИТУ: two or more capitals among the letters."""
    return sum(c.isupper() for c in word) >= 2


def _caps_title(tokens: list[Token]) -> bool:
    """`АКТЮБИНСКОЙ ОБЛАСТЕЙ` in a title set in capitals: words, not abbreviations."""
    words = [t.text for t in tokens if t.text.isalpha()]
    return all(w.isupper() for w in words) and sum(len(w) >= 4 for w in words) >= 2


def restore_shape(src: str, dst: str) -> str:
    """Give `dst` the capitalisation of `src`, hyphen part by hyphen part, and its spelling of ё."""
    if "ё" not in src.lower():
        dst = dst.replace("ё", "е").replace("Ё", "Е")
    if src.isupper() and len(src) > 1:
        return dst.upper()
    src_parts, dst_parts = src.split("-"), dst.split("-")
    if len(src_parts) != len(dst_parts):
        return dst[:1].upper() + dst[1:] if src[:1].isupper() else dst
    return "-".join(d[:1].upper() + d[1:] if s[:1].isupper() else d for s, d in zip(src_parts, dst_parts))


def join(tokens: list[Token], words: list[str], text: str, offset: int) -> str:
    """Words re-joined with the spacing the tokens had in the text (`text` starts at `offset`)."""
    out = []
    for i, (token, word) in enumerate(zip(tokens, words)):
        if i:
            out.append(text[tokens[i - 1].end - offset:token.start - offset])
        out.append(word)
    return "".join(out)


@lru_cache(maxsize=100_000)
def _inflectable_word(word: str) -> bool:
    return bool(CYRILLIC_WORD.match(word)) and len(word) >= 2 and not is_abbreviation(word)


def _signature(tokens: list[Token]) -> tuple:
    """What normal forms depend on: each word, its part of speech and its features."""
    return tuple((t.text, t.pos, tuple(sorted((t.feats or {}).items()))) for t in tokens)


def _already(token: Token, number: str) -> bool:
    """Nominative in the wanted number already (by the tagger): keep the word as written."""
    feats = token.feats or {}
    return feats.get("Case") == "Nom" and feats.get("Number", "Sing").lower()[:4] == number[:4]


class Normalizer:
    def __init__(self, morph):
        self.morph = morph
        # pure functions of a word (or a name's words) and the analyser, asked again for every mention of a name
        self._inflected = lru_cache(maxsize=100_000)(self._inflect)
        self._two_way = lru_cache(maxsize=100_000)(self._two_way_word)
        self._name_gender = lru_cache(maxsize=100_000)(self._words_gender)
        self._words: dict[tuple, tuple[str, ...]] = {}

    def _form(self, token: Token):
        forms = self.morph(token.text.lower())
        return best_form(forms, token.pos, token.feats or {}) or (forms[0] if forms else None)

    def inflect(self, form, grams: set) -> str | None:
        if form is None:
            return None
        grams = frozenset(g for g in grams if g)
        try:
            return self._inflected(form, grams)
        except TypeError:  # a parse that cannot be hashed (another analyser's): not cached
            return self._inflect(form, grams)

    @staticmethod
    def _inflect(form, grams: frozenset) -> str | None:
        """The word of `form` with `grams` (cached by inflect: a parse is a tuple, and equal ones inflect alike)."""
        import pymorphy3

        inflected = pymorphy3.analyzer.Parse.inflect(form, set(grams))
        return inflected.word if inflected else None

    # ------------------------------------------------------------------ ORG / LOC

    def org_loc(self, tokens: list[Token], text: str, offset: int) -> str:
        return join(tokens, self.org_loc_words(tokens), text, offset)

    def org_loc_words(self, tokens: list[Token], number: str | None = None) -> list[str]:
        """The words of an ORG/LOC name with its head and agreeing adjectives in the nominative;
        `number` forces the head's number (else it keeps its own; plural-only nouns stay plural)."""
        return self._memo(("org_loc", number, _signature(tokens)), lambda: self._org_loc_words(tokens, number))

    def _memo(self, key: tuple, make) -> list[str]:
        """The words make() gives, worked out once per name (a batch names the same bodies and people again): they
        depend on the words, their tags and the analyser only (_signature). Emptied when full."""
        words = self._words.get(key)
        if words is None:
            if len(self._words) >= MEMO:
                self._words.clear()
            words = self._words[key] = tuple(make())
        return list(words)

    def _org_loc_words(self, tokens: list[Token], number: str | None) -> list[str]:
        words = [t.text for t in tokens]
        head = next((i for i, t in enumerate(tokens) if t.pos in ("NOUN", "PROPN") and CYRILLIC_WORD.match(t.text)), None)
        if head is None or (is_abbreviation(tokens[head].text) and not _caps_title(tokens)):
            # an abbreviation heads it, or no Russian noun: adjectives alone go to the nominative
            if head is None:
                self._adjectives_to_nominative(tokens, words, len(tokens), None)
            return words
        if any(t.pos not in ADJECTIVAL and t.pos != "PUNCT" for t in tokens[:head]):
            return words  # not a plain [ADJ*] NOUN … phrase: leave it
        form = self._form(tokens[head])
        if form is None:
            return words
        if "Pltm" in form.tag:
            number = "plur"
        elif number is None:
            number = "plur" if form.tag.number == "plur" else "sing"
        if not _already(tokens[head], number) or not any(f.tag.case == "nomn" for f in self.morph(tokens[head].text.lower())):
            word = self.inflect(form, {"nomn", number})
            if word:
                words[head] = restore_shape(tokens[head].text, word)
        self._adjectives_to_nominative(tokens, words, head, form, number)
        return words

    def _adjectives_to_nominative(self, tokens, words, end, head_form, number="sing"):
        gender = head_form.tag.gender if head_form is not None else None
        for i in range(end):
            t = tokens[i]
            if t.pos not in ADJECTIVAL or not CYRILLIC_WORD.match(t.text) or _already(t, number):
                continue
            forms = [f for f in self.morph(t.text.lower()) if f.tag.POS in ("ADJF", "PRTF", "NUMR") or "Apro" in f.tag]
            form = best_form(forms, t.pos, t.feats or {}) if forms else None
            grams = {"nomn", number} | ({gender} if number == "sing" and gender else set())
            word = self.inflect(form, grams) if form is not None else None
            if word:
                words[i] = restore_shape(t.text, word)

    # ------------------------------------------------------------------ PER

    def person(self, tokens: list[Token], text: str, offset: int, gender: str | None = None) -> str:
        """The name in the nominative. `gender` is what the context says (names.person_genders); the name's own
        first name, patronymic or one-gender surname outrank it. A two-way surname (`Мокрушина`) changes only
        for a man; with no gender at all it stays as written."""
        words = self._memo(("person", gender, _signature(tokens)), lambda: self._person_words(tokens, gender))
        return join(tokens, words, text, offset)

    def _person_words(self, tokens: list[Token], gender: str | None) -> list[str]:
        words = [t.text for t in tokens]
        if any(self._nominative_patronymic(t) for t in tokens):
            return words  # `Азамат Болатович Сыздыков`: the patronymic says nominative
        gender = self.name_gender(tokens) or gender
        if gender is None and not any(self.two_way(t) for t in tokens):
            gender = self._tagger_gender(tokens)
        for i, t in enumerate(tokens):
            if not self._inflectable(t):
                continue
            forms = self.morph(t.text.lower())
            if self.two_way(t):  # `Мокрушина`: a woman as written, or a man in the genitive
                masc = [f for f in forms
                        if "Surn" in f.tag and f.tag.gender == "masc" and f.tag.case in ("gent", "accs")]
                word = self.inflect(masc[0], {"nomn", "sing", "masc"}) if gender == "masc" and masc else None
                if word:
                    words[i] = restore_shape(t.text, word)
                continue
            name_forms = [f for f in forms if any(g in f.tag for g in NAME_GRAMS)]
            guessed = not name_forms and not self.morph.word_is_known(t.text.lower())
            if guessed:
                name_forms = [f for f in forms if f.tag.POS == "NOUN"]  # a guess for an unknown name
            if not name_forms:
                continue  # the dictionary knows the word only as a common noun (Токаев ~ токай): leave it
            if gender:
                name_forms = [f for f in name_forms if "ms-f" in f.tag or f.tag.gender in (gender, None)] or name_forms
            if (t.feats or {}).get("Case") == "Nom" and (any(f.tag.case == "nomn" for f in name_forms) or guessed):
                continue  # nominative already (a name form that cannot be one is inflected whatever the tagger says)
            if "Fixd" in "".join(str(f.tag) for f in name_forms[:1]):
                continue
            form = best_form(name_forms, t.pos, t.feats or {}) if name_forms else None
            if form is None or form.tag.case == "nomn":
                continue
            word = self.inflect(form, {"nomn", "sing"} | ({gender} if gender else set()))
            if word:
                words[i] = restore_shape(t.text, word)
        return words

    @staticmethod
    def _inflectable(t: Token) -> bool:
        return _inflectable_word(t.text)

    def two_way(self, t: Token) -> bool:
        """Does the surname read both as a woman's nominative and as a man's genitive or accusative
        (`Мокрушина`, `Нефёдова`, `Карданова`)? `Мокрушиной`, `Ковальская`, `Петров` do not."""
        return self._two_way(t.text)

    def _two_way_word(self, word: str) -> bool:
        if not _inflectable_word(word):
            return False
        surn = [f for f in self.morph(word.lower()) if "Surn" in f.tag]
        return any(f.tag.gender == "femn" and f.tag.case == "nomn" for f in surn) and \
            any(f.tag.gender == "masc" and f.tag.case in ("gent", "accs") for f in surn)

    def dative_or_accusative(self, t: Token) -> bool:
        """Does the surname read both as a man's dative and a woman's accusative (`Погребцову`)?"""
        if not self._inflectable(t):
            return False
        surn = [f for f in self.morph(t.text.lower()) if "Surn" in f.tag]
        return any(f.tag.gender == "femn" and f.tag.case == "accs" for f in surn) and \
            any(f.tag.gender == "masc" and f.tag.case == "datv" for f in surn)

    def surname(self, tokens: list[Token]) -> str:
        """The surname's dictionary lemma, the same for every case and both genders (`Мокрушиной`, `Мокрушина`,
        `Мокрушин` → `мокрушин`); empty when no word reads as a surname."""
        for t in reversed(tokens):
            if self._inflectable(t):
                surn = [f for f in self.morph(t.text.lower()) if "Surn" in f.tag]
                if surn:
                    return surn[0].normal_form.replace("ё", "е")
        return ""

    def oblique(self, tokens: list[Token]) -> bool:
        """Is the name written in an oblique case (`Сергея Петрова`, `Мокрушиной`)? Only a form that
        cannot be a nominative counts."""
        for t in tokens:
            if self._inflectable(t) and not self.two_way(t):
                forms = [f for f in self.morph(t.text.lower()) if any(g in f.tag for g in NAME_GRAMS)]
                if forms and not any(f.tag.case == "nomn" for f in forms):
                    return True
        return False

    def _nominative_patronymic(self, t: Token) -> bool:
        patr = [f for f in self.morph(t.text.lower()) if "Patr" in f.tag]
        return bool(patr) and all(f.tag.case == "nomn" for f in patr)

    def name_gender(self, tokens: list[Token]) -> str | None:
        """What the name itself says: a patronymic, a first name the dictionary knows, or a surname of one
        gender only (`Мокрушиной`, `Ковальская`, `Петровым`; not `Петрова`, `Петрову`, `Хоценко`)."""
        return self._name_gender(tuple((t.text, (t.feats or {}).get("Gender")) for t in tokens))

    def _words_gender(self, words: tuple[tuple[str, str | None], ...]) -> str | None:
        """name_gender of (word, the tagger's Gender) pairs."""
        for grams, floor in (("Patr", 0.0), ("Name", 0.3)):
            for text, tagged in words:
                if not _inflectable_word(text):
                    continue
                for f in self.morph(text.lower()):
                    agrees = grams == "Patr" or tagged in (None, {"masc": "Masc", "femn": "Fem"}[f.tag.gender]) \
                        if f.tag.gender in ("masc", "femn") else False
                    if grams in f.tag and f.score >= floor and agrees:
                        return f.tag.gender
        for text, _ in words:
            if not _inflectable_word(text):
                continue
            surn = [f for f in self.morph(text.lower()) if "Surn" in f.tag and f.tag.number != "plur"]
            genders = {f.tag.gender for f in surn}
            if len(genders) == 1 and genders <= {"masc", "femn"}:
                return genders.pop()
        return None

    def _tagger_gender(self, tokens: list[Token]) -> str | None:
        genders = {(t.feats or {}).get("Gender") for t in tokens} - {None}
        return UD_GENDER.get(genders.pop()) if len(genders) == 1 else None

    def __call__(self, label: str, tokens: list[Token], text: str, offset: int = 0, gender: str | None = None) -> str:
        if not tokens:
            return text
        if label == "PER":
            return self.person(tokens, text, offset, gender)
        return self.org_loc(tokens, text, offset)

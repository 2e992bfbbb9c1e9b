"""Cooperation formats (and the spheres and risks of each sentence) found by the codebook's lemma triggers.

A token offers a trigger its analysis by the tagger (natasha's for Russian, spaCy's for English): its lemma,
its own lower-cased form and, for Russian, the pymorphy3 readings of the same part of speech as the tagger
chose — never a reading of another part of speech (the preposition «после» is not «посол»).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..core.schema import Document, FormatMention, Token
from ..core.spans import covering
from ..core.stages import longest_first
from ..knowledge.codebook import (
    Codebook,
    coarse,
    first_slot_index,
    load_codebook,
    match_at,
)

_CYRILLIC = re.compile(r"[а-яё]", re.I)


def russian_lemmatizer(morph):
    def lemmatize(word: str) -> str:
        word = word.lower().replace("ё", "е")
        if not re.search(r"[а-я]", word):
            return word
        return morph(word)[0].normal_form.replace("ё", "е")
    return lemmatize


class Formats:
    name = "formats"
    REQUIRES = ("text", "sentences", "citations")
    ASSIGNS = ("formats", "sentences.spheres", "sentences.risks")

    def __init__(self, morph, codebook: Codebook | str | None = None):
        self.morph = morph
        if not isinstance(codebook, Codebook):
            codebook = load_codebook(codebook, {"ru": russian_lemmatizer(morph)})
        self.codebook = codebook
        self.by_lang = {lang: first_slot_index(t for t in codebook.triggers if t.lang == lang) for lang in ("ru", "en")}
        self.forms = lru_cache(maxsize=100_000)(self._forms)
        # a token's lemma set and the triggers that may start at it depend on its text, lemma and tag only, and a
        # batch's vocabulary repeats: each is worked out once
        self._offers = lru_cache(maxsize=200_000)(self._offer)

    def _forms(self, word: str, pos: str) -> frozenset:
        """The lemmas of a Russian word's pymorphy3 readings that have the tagger's part of speech."""
        return frozenset(p.normal_form.replace("ё", "е") for p in self.morph(word) if coarse(p.pos) == pos)

    def lemma_set(self, t: Token, lang: str) -> frozenset:
        """What a token can match: its lemmas, each bare and with the tagger's part of speech (`форум/NOUN`)."""
        return self._offers(t.text, t.lemma, t.pos, lang)[0]

    def _offer(self, text: str, lemma: str, tag: str, lang: str) -> tuple[frozenset, list]:
        """(the lemma set of a token, the triggers of `lang` that may start at it in (dimension, key, pattern) order)."""
        pos = coarse(tag)
        lemmas = {lemma.lower().replace("ё", "е"), text.lower().replace("ё", "е")}
        if lang == "ru" and _CYRILLIC.search(text):
            lemmas |= self.forms(text.lower(), pos)
        lemmas = frozenset(lemmas | {f"{x}/{pos}" for x in lemmas})
        triggers = self.by_lang.get(lang) or {}
        candidates = {(t.dimension, t.key, t.pattern): t for x in lemmas for t in triggers.get(x, ())}
        return lemmas, [trig for _, trig in sorted(candidates.items())]

    def __call__(self, doc: Document) -> Document:
        doc.formats = []
        cited = covering((c.start, c.end) for c in doc.citations or [])  # offset → inside a citation
        for sent in doc.sentences:
            triggers = self.by_lang.get(sent.lang)
            if not triggers or not sent.tokens:
                continue
            offers = [self._offers(t.text, t.lemma, t.pos, sent.lang) for t in sent.tokens]
            lemmas = [lemma_set for lemma_set, _ in offers]
            found = {}
            for a, (_, starting) in enumerate(offers):
                for trig in starting:
                    at = match_at(lemmas, trig.slots, a)
                    if at is None:
                        continue
                    start, end = sent.tokens[a].start, sent.tokens[at[-1]].end
                    if cited(start):
                        continue  # `[Форум сотрудничества России и Казахстана, www]` names a source, not a forum
                    if trig.dimension == "formats":
                        head = _head(sent.tokens, at) if trig.head is None else sent.tokens[at[trig.head]]
                        found.setdefault(trig.key, []).append(FormatMention(
                            start, end, doc.text[start:end], trig.key, trig.pattern, sent.lang,
                            f"{trig.key}/{trig.lang}:{trig.pattern}", sent.sent_id, head.start, coarse(head.pos)))
                    elif trig.key not in getattr(sent, trig.dimension):
                        getattr(sent, trig.dimension).append(trig.key)
            for mentions in found.values():
                doc.formats.extend(longest_first(mentions))
            sent.spheres.sort()
            sent.risks.sort()
        doc.formats.sort(key=lambda f: (f.start, f.end, f.category))
        return doc



def _head(tokens: list[Token], at: tuple) -> Token:
    """The word an unpinned trigger is about: a predicative short adjective (`должен ему 8 млн`), else its first
    noun (`совместных предприятий`), else its first verb."""
    for i in at:
        if tokens[i].pos == "ADJ" and (tokens[i].feats or {}).get("Variant") == "Short":
            return tokens[i]
    for pos in ("NOUN", "VERB"):
        for i in at:
            if coarse(tokens[i].pos) == pos:
                return tokens[i]
    return tokens[at[0]]


def example_results(stages, codebook: Codebook):
    """(entry, sentence, must_match, matched rules) for every example and counter-example of the codebook,
    run through the given analysis stages (they must end with a Formats stage using `codebook`)."""
    from ..core.stages import analyse

    for entry in codebook.entries.values():
        for sentence, must in [(x, True) for x in entry.examples] + [(x, False) for x in entry.counter_examples]:
            doc = analyse(Document(doc_id="example", source_path="", format="txt", raw=sentence), stages)
            if entry.dimension == "formats":
                rules = [f.rule for f in doc.formats if f.category == entry.key]
            else:
                rules = [entry.key for s in doc.sentences if entry.key in getattr(s, entry.dimension)]
            yield entry, sentence, must, rules


def check_codebook(stages, codebook: Codebook) -> list[str]:
    """One message per example that does not match and per counter-example that does."""
    problems = []
    for entry, sentence, must, rules in example_results(stages, codebook):
        if must and not rules:
            problems.append(f"{codebook.path}:{entry.line}: key '{entry.key}': example does not match: {sentence}")
        elif not must and rules:
            problems.append(f"{codebook.path}:{entry.line}: key '{entry.key}': counter-example matches "
                            f"({'; '.join(rules)}): {sentence}")
    return problems

"""Cooperation formats (and the spheres and risks of each sentence) found by the codebook's lemma triggers."""

from __future__ import annotations

import re
from functools import lru_cache

from .codebook import Codebook, first_slot_index, load_codebook, match_at
from .schema import Document, FormatMention, Token
from .stages import longest_first


def russian_lemmatizer(morph):
    def lemmatize(word: str) -> str:
        word = word.lower().replace("ё", "е")
        if not re.search(r"[а-я]", word):
            return word
        return morph(word)[0].normal_form.replace("ё", "е")
    return lemmatize


class Formats:
    name = "formats"
    REQUIRES = ("sentences", "citations")
    ASSIGNS = ("formats", "spheres", "risks")

    def __init__(self, morph, codebook: Codebook | str | None = None):
        self.morph = morph
        if not isinstance(codebook, Codebook):
            codebook = load_codebook(codebook, {"ru": russian_lemmatizer(morph)})
        self.codebook = codebook
        self.by_lang = {lang: first_slot_index(t for t in codebook.triggers if t.lang == lang) for lang in ("ru", "en")}
        self.forms = lru_cache(maxsize=100_000)(self._forms)

    def _forms(self, word: str) -> frozenset:
        """Every lemma a Russian word may have (natasha's choice is added per token)."""
        return frozenset(p.normal_form.replace("ё", "е") for p in self.morph(word))

    def lemma_set(self, t: Token, lang: str) -> frozenset:
        base = {t.lemma.lower().replace("ё", "е"), t.text.lower().replace("ё", "е")}
        if lang == "ru" and re.search(r"[а-яё]", t.text, re.I):
            return frozenset(base) | self.forms(t.text.lower())
        return frozenset(base)

    def __call__(self, doc: Document) -> Document:
        doc.formats = []
        cited = [(c.start, c.end) for c in doc.citations or []]
        for sent in doc.sentences:
            triggers = self.by_lang.get(sent.lang)
            if not triggers or not sent.tokens:
                continue
            lemmas = [self.lemma_set(t, sent.lang) for t in sent.tokens]
            found = {}
            for a, token_lemmas in enumerate(lemmas):
                candidates = {(t.dimension, t.key, t.pattern): t for lemma in token_lemmas for t in triggers.get(lemma, ())}
                for _, trig in sorted(candidates.items()):
                    b = match_at(lemmas, trig.slots, a)
                    if b is None:
                        continue
                    start, end = sent.tokens[a].start, sent.tokens[b].end
                    if any(s <= start < e for s, e in cited):
                        continue  # `[Форум сотрудничества России и Казахстана, www]` names a source, not a forum
                    if trig.dimension == "formats":
                        found.setdefault(trig.key, []).append(FormatMention(
                            start, end, doc.text[start:end], trig.key, trig.pattern, sent.lang,
                            f"{trig.key}/{trig.lang}:{trig.pattern}", sent.sent_id))
                    elif trig.key not in getattr(sent, trig.dimension):
                        getattr(sent, trig.dimension).append(trig.key)
            for mentions in found.values():
                doc.formats.extend(longest_first(mentions))
            sent.spheres.sort()
            sent.risks.sort()
        doc.formats.sort(key=lambda f: (f.start, f.end, f.category))
        return doc



def example_results(stages, codebook: Codebook):
    """(entry, sentence, must_match, matched rules) for every example and counter-example of the codebook,
    run through the given analysis stages (they must end with a Formats stage using `codebook`)."""
    from .runner import analyse

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

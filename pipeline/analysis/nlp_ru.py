"""Russian paragraphs through natasha (razdel, slovnet morphology and NER) with pymorphy3 lemmas."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache

import pymorphy3
from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger
from natasha.morph.lemma import lemmatize
from natasha.morph.vocab import oc_grams, ud_feats, ud_pos
from razdel import sentenize, tokenize

from ..core.schema import Document, Mention, Sentence, Token
from .structure import paragraph_runs, section_lookup
from .taggers import TagParser, morph_tags, ner_spans

LEMMA_CACHE = 200_000  # (word, tag) → lemma pairs kept per process; a batch's vocabulary repeats


class _Form(pymorphy3.analyzer.Parse):
    """natasha's MorphForm, built on pymorphy3 instead of the unmaintained pymorphy2."""

    UD: dict = {}  # pymorphy3 tag → natasha's (pos, feats), made once per tag; the feats are never changed

    def __new__(cls, *args):
        self = pymorphy3.analyzer.Parse.__new__(cls, *args)
        self.normal = self.normal_form
        ud = cls.UD.get(self.tag)
        if ud is None:
            ud = cls.UD[self.tag] = (ud_pos(self.tag), dict(ud_feats(self.tag)))
        self.pos, self.feats = ud
        return self

    def inflect(self, grams):
        return pymorphy3.analyzer.Parse.inflect(self, set(oc_grams(grams)))


class Morph(pymorphy3.MorphAnalyzer):
    """A pymorphy3 analyser that natasha's lemmatizer and normaliser accept as their vocab."""

    def __init__(self):
        super().__init__(result_type=_Form)
        from ..knowledge.resources import cleaning_lexicon

        self.preferred = cleaning_lexicon().preferred_lemmas
        self.parse = lru_cache(maxsize=50_000)(self._parse)

    def _parse(self, word):
        """pymorphy3's parses, those of a preferred lemma (models/cleaning.yaml `preferred_lemmas`) first: natasha's
        lemmatizer and the normal forms take the first parse that fits the tag."""
        forms = super().parse(word)
        if self.preferred and any(f.normal_form in self.preferred for f in forms[1:]):
            forms = sorted(forms, key=lambda f: f.normal_form not in self.preferred)  # stable
        return forms

    def __call__(self, word):
        return self.parse(word)

    def lemmatize(self, word, pos, feats):
        return lemmatize(self, word, pos, feats)


@lru_cache(maxsize=1)
def news_embedding() -> NewsEmbedding:
    """natasha's navec embedding, loaded once per process: the tagger, NER and syntax parser share it."""
    return NewsEmbedding()


@lru_cache(maxsize=1)
def news_taggers() -> tuple[NewsMorphTagger, NewsNERTagger]:
    """natasha's morphology tagger and NER on the shared embedding, built on the first Russian paragraph
    (~0.6 s) — or by a worker's warm-up, before its first document."""
    embedding = news_embedding()
    return NewsMorphTagger(embedding), NewsNERTagger(embedding)


@lru_cache(maxsize=1)
def shared_morph() -> Morph:
    """This process's analyser for repeated runs: building one takes a while, and its parse cache pays."""
    return Morph()


class Piece:
    """A sentence of a paragraph run: offsets in the run, its text and its tokens (razdel's)."""

    __slots__ = ("start", "stop", "text", "tokens")

    def __init__(self, start: int, stop: int, text: str | None, tokens=()):
        self.start, self.stop, self.text, self.tokens = start, stop, text, tokens


class Run:
    """A paragraph run segmented as natasha's Doc.segment does it: razdel's tokens and sentences."""

    __slots__ = ("text", "tokens", "sents")

    def __init__(self, text: str, tokens: list, sents: list[Piece]):
        self.text, self.tokens, self.sents = text, tokens, sents


def envelop(tokens: list, sents: list[Piece]) -> None:
    """Each sentence's tokens: those that start in it and end by its end (natasha's envelop_spans)."""
    starts = [t.start for t in tokens]
    for sent in sents:
        i, j = bisect_left(starts, sent.start), bisect_left(starts, sent.stop)
        while j > i and tokens[j - 1].stop > sent.stop:
            j -= 1
        sent.tokens = tokens[i:j]


def resegment(sents, whole: list[tuple[int, int]]):
    """razdel does not see paragraph breaks: cut any sentence that spans one. A paragraph in `whole`
    (a heading, a keyword list) is one sentence, whatever its semicolons suggest to razdel."""
    done = set()
    starts = [a for a, _ in whole]  # `whole` is in text order, one paragraph after another
    for piece in _cut_at_newlines(sents):
        i = bisect_right(starts, piece.start) - 1
        hit = whole[i] if i >= 0 and piece.start < whole[i][1] else None
        if hit is None:
            yield piece
        elif hit not in done:
            done.add(hit)
            yield Piece(hit[0], hit[1], None)


def _cut_at_newlines(sents):
    for sent in sents:
        if "\n" not in sent.text:
            yield sent
            continue
        offset = sent.start
        for piece in sent.text.split("\n"):
            stripped = piece.strip()
            if stripped:
                start = offset + piece.index(stripped)
                yield Piece(start, start + len(stripped), stripped)
            offset += len(piece) + 1


class RussianNLP:
    """Sentences, tokens with lemmas and POS, and NER spans with natasha's normal forms."""

    name = "nlp_ru"
    REQUIRES = ("text", "paragraphs")
    ASSIGNS = ("sentences", "entities")
    SOURCE = "natasha"

    def __init__(self, morph: Morph | None = None):
        self.morph = morph or Morph()
        self.tag_parts = TagParser()
        self.lemmas: dict[tuple[str, str], str] = {}

    def segment(self, text: str, whole=()) -> Run:
        """natasha's tokens and sentences of one paragraph run (its headings and keyword lists whole): razdel's, as
        natasha's Segmenter gives them, without natasha's records around each."""
        sents = list(resegment((Piece(s.start, s.stop, s.text) for s in sentenize(text)) if text else (), whole))
        for sent in sents:
            sent.text = sent.text or text[sent.start:sent.stop]
        tokens = list(tokenize(text))
        envelop(tokens, sents)
        return Run(text, tokens, sents)

    def __call__(self, doc: Document) -> Document:
        section_at = section_lookup(doc)
        if doc.sentences is None:
            doc.sentences, doc.entities = [], []
        starts = [p.start for p in doc.paragraphs]
        runs = []
        for start, end in paragraph_runs(doc, "ru"):
            run = doc.paragraphs[bisect_left(starts, start):bisect_left(starts, end)]
            whole = [(p.start - start, p.end - start) for p in run if p.heading or p.section == "keywords"]
            runs.append((start, self.segment(doc.text[start:end], whole)))
        sents = [(start, sent) for start, ndoc in runs for sent in ndoc.sents]
        if not sents:  # no Russian paragraph: the taggers are not even loaded (an English rerun never pays for them)
            return doc
        morph_tagger, ner_tagger = news_taggers()
        tags = morph_tags(morph_tagger, [[t.text for t in sent.tokens] for _, sent in sents])
        for (start, sent), sent_tags in zip(sents, tags):
            tokens = []
            for t, tag in zip(sent.tokens, sent_tags):
                pos, feats = self.tag_parts[tag]
                tokens.append(Token(start + t.start, start + t.stop, t.text, self.lemma(t.text, tag), pos, feats))
            s_start = start + sent.start
            doc.sentences.append(Sentence(
                s_start, start + sent.stop, sent.text, section_at(s_start), "ru", tokens=tokens,
            ))
        for start, ndoc in runs:
            for a, b, kind in ner_spans(ner_tagger, ndoc.tokens):
                doc.entities.append(Mention(start + a, start + b, ndoc.text[a:b], kind, "", "ru", self.SOURCE))
        return doc

    def lemma(self, word: str, tag: str) -> str:
        """pymorphy3's normal form of `word` nearest the tagger's `tag`, as natasha's lemmatizer picks it."""
        key = (word, tag)
        found = self.lemmas.get(key)
        if found is None:
            if len(self.lemmas) > LEMMA_CACHE:
                self.lemmas.clear()
            pos, feats = self.tag_parts[tag]
            found = self.lemmas[key] = self.morph.lemmatize(word, pos, feats) or word.lower()
        return found

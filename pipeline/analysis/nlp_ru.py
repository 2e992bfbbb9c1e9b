"""Russian paragraphs through natasha (razdel, slovnet morphology and NER) with pymorphy3 lemmas."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache

import pymorphy3
from natasha import Doc, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter
from natasha.doc import DocSent
from natasha.morph.lemma import lemmatize
from natasha.morph.vocab import oc_grams, ud_feats, ud_pos

from ..core.schema import Document, Mention, Sentence, Token
from .structure import paragraph_runs, section_lookup


class _Form(pymorphy3.analyzer.Parse):
    """natasha's MorphForm, built on pymorphy3 instead of the unmaintained pymorphy2."""

    def __new__(cls, *args):
        self = pymorphy3.analyzer.Parse.__new__(cls, *args)
        self.normal = self.normal_form
        self.pos = ud_pos(self.tag)
        self.feats = dict(ud_feats(self.tag))
        return self

    def inflect(self, grams):
        return pymorphy3.analyzer.Parse.inflect(self, set(oc_grams(grams)))


class Morph(pymorphy3.MorphAnalyzer):
    """A pymorphy3 analyser that natasha's lemmatizer and normaliser accept as their vocab."""

    def __init__(self):
        super().__init__(result_type=_Form)
        self.parse = lru_cache(maxsize=50_000)(super().parse)

    def __call__(self, word):
        return self.parse(word)

    def lemmatize(self, word, pos, feats):
        return lemmatize(self, word, pos, feats)


@lru_cache(maxsize=1)
def news_embedding() -> NewsEmbedding:
    """natasha's navec embedding, loaded once per process: the tagger, NER and syntax parser share it."""
    return NewsEmbedding()


@lru_cache(maxsize=1)
def shared_morph() -> Morph:
    """This process's analyser for repeated runs: building one takes a while, and its parse cache pays."""
    return Morph()


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
            yield DocSent(hit[0], hit[1], None)


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
                yield DocSent(start, start + len(stripped), stripped)
            offset += len(piece) + 1


class RussianNLP:
    """Sentences, tokens with lemmas and POS, and NER spans with natasha's normal forms."""

    name = "nlp_ru"
    REQUIRES = ("text", "paragraphs")
    ASSIGNS = ("sentences", "entities")
    SOURCE = "natasha"

    def __init__(self, morph: Morph | None = None):
        self.segmenter = Segmenter()
        embedding = news_embedding()
        self.morph_tagger = NewsMorphTagger(embedding)
        self.ner_tagger = NewsNERTagger(embedding)
        self.morph = morph or Morph()

    def analyse(self, text: str, whole=()) -> Doc:
        ndoc = Doc(text)
        ndoc.segment(self.segmenter)
        ndoc.sents = list(resegment(ndoc.sents, whole))
        for sent in ndoc.sents:
            sent.text = sent.text or text[sent.start:sent.stop]
        ndoc.envelop_sent_tokens()
        ndoc.tag_morph(self.morph_tagger)
        ndoc.tag_ner(self.ner_tagger)
        return ndoc

    def __call__(self, doc: Document) -> Document:
        section_at = section_lookup(doc)
        if doc.sentences is None:
            doc.sentences, doc.entities = [], []
        starts = [p.start for p in doc.paragraphs]
        for start, end in paragraph_runs(doc, "ru"):
            run = doc.paragraphs[bisect_left(starts, start):bisect_left(starts, end)]
            whole = [(p.start - start, p.end - start) for p in run if p.heading or p.section == "keywords"]
            ndoc = self.analyse(doc.text[start:end], whole)
            for sent in ndoc.sents:
                s_start = start + sent.start
                tokens = [
                    Token(start + t.start, start + t.stop, t.text,
                          self.morph.lemmatize(t.text, t.pos, t.feats) or t.text.lower(), t.pos, t.feats)
                    for t in sent.tokens
                ]
                doc.sentences.append(Sentence(
                    s_start, start + sent.stop, sent.text, section_at(s_start), "ru",
                    tokens=tokens,
                ))
            for span in ndoc.spans:
                doc.entities.append(Mention(
                    start + span.start, start + span.stop, span.text, span.type, "", "ru", self.SOURCE,
                ))
        return doc


"""Paragraphs in neither Russian nor English (Kazakh, Chinese…): sentences and tokens only, no model."""

from __future__ import annotations

from razdel import sentenize, tokenize

from ..core.schema import Document, Sentence, Token
from .structure import section_lookup


class OtherNLP:
    name = "nlp_other"
    REQUIRES = ("text", "paragraphs")
    ASSIGNS = ("sentences", "entities")

    def __call__(self, doc: Document) -> Document:
        section_at = section_lookup(doc)
        if doc.sentences is None:
            doc.sentences, doc.entities = [], []
        for p in doc.paragraphs:
            if p.lang != "other":
                continue
            for sent in sentenize(doc.text[p.start:p.end]):
                start = p.start + sent.start
                tokens = [
                    Token(start + t.start, start + t.stop, t.text, t.text.lower(), "")
                    for t in tokenize(sent.text)
                ]
                doc.sentences.append(Sentence(start, p.start + sent.stop, sent.text, section_at(start), "other",
                                              tokens=tokens))
        return doc

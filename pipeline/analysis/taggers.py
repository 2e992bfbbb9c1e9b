"""natasha's morphology tagger and NER, run the way a batch of documents needs them: the same slovnet models and
weights, the same tags, in less time.

natasha's `Doc.tag_morph` tags a text's sentences in text order, 8 at a time, so a batch is padded to its
longest sentence; `Doc.tag_ner` tokenises the text again (slovnet tokenises with razdel, as natasha's
Segmenter does) and slovnet's CRF picks each step's best score through fancy indexing. Here:

- `morph_tags` scores all of a document's sentences in one flat sequence (`cnn.Forward`: each sentence as
  slovnet scores it alone, with no batch padding and no window copies);
- `ner_spans` takes the tokens the segmenter already made, scores them the same way and decodes with `viterbi`,
  which computes the numbers of slovnet's `CRF.decode` with `max` instead of indexing.

On the factRuEval dev texts and the seed, tagging takes 0.4 and NER 0.6 of the time of natasha's own batches,
with identical tags and spans (tests/test_taggers.py).
"""

from __future__ import annotations

import numpy as np
from slovnet.bio import bio_spans
from slovnet.conll import parse_conll_tag

from .cnn import Forward


def forward(tagger) -> Forward:
    """The flat-sequence forward pass of a slovnet `tagger`, built once per tagger."""
    found = _FORWARD.get(id(tagger))
    if found is None or found[0] is not tagger:
        found = _FORWARD[id(tagger)] = (tagger, Forward(tagger))
    return found[1]


_FORWARD: dict[int, tuple[object, Forward]] = {}


def forget_forward() -> None:
    """Drop every forward pass built (and the tagger each holds): the models are released."""
    _FORWARD.clear()


def morph_tags(tagger, sentences: list[list[str]]) -> list[list[str]]:
    """The UD tag string ("NOUN|Case=Nom|…") of every word of every sentence, as natasha's `tagger` gives it."""
    names = tagger.infer.decoder.tags_vocab.items
    return [[names[t] for t in scores.argmax(-1).tolist()] for scores in forward(tagger).scores(sentences)]


class TagParser(dict):
    """A tag string → (pos, feats), parsed once per distinct tag; feats dicts are shared, never to be changed."""

    def __missing__(self, tag: str):
        self[tag] = parsed = parse_conll_tag(tag)
        return parsed


def viterbi(emissions: np.ndarray, transitions: np.ndarray) -> list[int]:
    """The best tag path through `emissions` (words × tags) under the CRF's `transitions` (from × to):
    slovnet's `CRF.decode` for one sequence, the same sums and the same first-maximum ties."""
    if not len(emissions):
        return []
    score = emissions[0]
    back = []
    for step in emissions[1:]:
        total = score[:, None] + transitions + step
        back.append(total.argmax(0))
        score = total.max(0)
    best = int(score.argmax())
    path = [best]
    for came_from in reversed(np.asarray(back).tolist() if back else []):
        best = came_from[best]
        path.append(best)
    path.reverse()
    return path


def ner_spans(tagger, tokens: list) -> list[tuple[int, int, str]]:
    """(start, stop, type) of every name natasha's NER `tagger` finds among `tokens` (objects with text, start
    and stop: the segmenter's tokens of one text, as slovnet's own tokenisation would make them)."""
    if not tokens:
        return []
    infer = tagger.infer
    emissions = forward(tagger).scores([[t.text for t in tokens]])[0]
    path = viterbi(emissions, infer.model.head.crf.transitions.array)
    names = infer.decoder.tags_vocab.items
    return [(s.start, s.stop, s.type) for s in bio_spans(tokens, [names[t] for t in path])]

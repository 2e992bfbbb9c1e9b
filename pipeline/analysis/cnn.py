"""slovnet's CNN models (natasha's morphology, NER and syntax) computed on one flat sequence: the same weights and
the same operations, with less work around them.

slovnet's numpy forward pass pads every batch of 8 sentences to its longest, copies each convolution's input into
overlapping windows (a strided gather, slower than the product itself), swaps axes between layers, and decodes
navec's product-quantised vectors with two broadcast index arrays. Here every sentence of a document goes into
one sequence, sentences apart by a zero row — the zeros slovnet's padding and masking give each sentence's edges —
so a layer is three matrix products over the whole document (one per kernel column, on shifted views, no copy),
then ReLU, batch norm and the zero rows again, in place; navec's codes are read with one `take`.

A product summed in another order moves a score by a rounding error, which decides nothing but exact ties: every
tag and span equals natasha's on the factRuEval texts and the seed, and every parse but one of 631 sentences,
whose phrase said twice gives two candidate heads the same encoding (tests/test_taggers.py).
"""

from __future__ import annotations

import numpy as np
from slovnet.shape import word_shape

WORD_CACHE = 200_000  # distinct words whose (word id, shape id) are kept; the cache starts again beyond
ROWS = 8192  # words encoded at once (≈ 20 MB of activations): a huge document's sentences go a few thousand at a time


def groups(sequences: list[list[str]], rows: int | None = None):
    """The sequences in consecutive groups of up to `rows` (default ROWS) words; a longer sequence alone, whole."""
    rows, group, size = rows or ROWS, [], 0
    for words in sequences:
        if group and size + len(words) > rows:
            yield group
            group, size = [], 0
        group.append(words)
        size += len(words)
    if group or not sequences:
        yield group


class Forward:
    """The emission scores of a slovnet tagger (`tagger.infer`: encoder vocabularies and model) for flat
    sequences of words."""

    def __init__(self, tagger):
        infer = tagger.infer
        model, encoder = infer.model, infer.encoder
        self.words_vocab, self.shapes_vocab = encoder.words_vocab, encoder.shapes_vocab
        self.pad_word, self.pad_shape = self.words_vocab.pad_id, self.shapes_vocab.pad_id
        navec = model.emb.word
        qdim, centroids, chunk = navec.codes.array.shape
        self.codes = navec.codes.array.reshape(qdim * centroids, chunk)  # a view: row q·centroids + c
        self.offsets = np.arange(qdim, dtype=np.intp) * centroids
        self.indexes = navec.indexes.array
        self.shape_vectors = model.emb.shape.weight.array
        self.layers = []
        for layer in model.encoder.layers:
            weight = layer.conv.weight.array  # filters × in × kernel
            if layer.conv.padding != weight.shape[2] // 2:
                raise ValueError("only 'same' convolutions are computed here")
            columns = [np.ascontiguousarray(weight[:, :, k].T) for k in range(weight.shape[2])]  # in × filters
            norm = layer.norm
            self.layers.append((columns, layer.conv.bias.array, norm.mean.array, norm.std.array,
                                norm.weight.array, norm.bias.array))
        proj = getattr(model.head, "proj", None)  # a tagger's head; the syntax model's heads are Parser's
        self.head = (proj.weight.array, proj.bias.array) if proj is not None else None
        self.ids: dict[str, tuple[int, int]] = {}

    def word_ids(self, word: str) -> tuple[int, int]:
        """(word id, shape id) of `word`, as slovnet's encoder gives them."""
        found = self.ids.get(word)
        if found is None:
            if len(self.ids) > WORD_CACHE:
                self.ids.clear()
            found = self.ids[word] = (self.words_vocab.encode(word.lower()),
                                      self.shapes_vocab.encode(word_shape(word)))
        return found

    def scores(self, sequences: list[list[str]]) -> list[np.ndarray]:
        """The head's scores (words × tags) of every sequence of words, each as slovnet scores it alone."""
        weight, bias, found = *self.head, []
        for group in groups(sequences):
            x, bounds = self.encode(group)
            out = x @ weight
            out += bias
            found += [out[a:b] for a, b in bounds]
        return found

    def encode(self, sequences: list[list[str]]) -> tuple[np.ndarray, list[tuple[int, int]]]:
        """The encoder's output of every sequence of words, as rows of one array, and each sequence's rows."""
        pad = max(len(layer[0]) // 2 for layer in self.layers)
        word_ids, shape_ids, keep = [self.pad_word] * pad, [self.pad_shape] * pad, [False] * pad
        bounds = []
        for words in sequences:
            start = len(word_ids)
            for word in words:
                w, s = self.word_ids(word)
                word_ids.append(w)
                shape_ids.append(s)
            bounds.append((start, len(word_ids)))
            keep += [True] * len(words)
            word_ids += [self.pad_word] * pad
            shape_ids += [self.pad_shape] * pad
            keep += [False] * pad
        x = self.embed(np.array(word_ids), np.array(shape_ids))
        keep_rows = np.array(keep, dtype=x.dtype)[:, None]
        for layer in self.layers:
            x = self.convolve(x, keep_rows, *layer)
        return x, bounds

    def embed(self, word_ids: np.ndarray, shape_ids: np.ndarray) -> np.ndarray:
        """navec's vectors and the shape embedding, side by side (rows × 330); pad ids give zero rows."""
        codes = self.indexes[word_ids].astype(np.intp)
        codes += self.offsets
        words = self.codes.take(codes, axis=0).reshape(len(word_ids), -1)
        return np.concatenate((words, self.shape_vectors[shape_ids]), axis=1)

    @staticmethod
    def convolve(x, keep_rows, columns, bias, mean, std, gain, shift):
        """One CNN layer (convolution, ReLU, batch norm, masked rows to zero) on rows × channels."""
        pad = len(columns) // 2
        rows = len(x)
        out = np.zeros((rows, columns[0].shape[1]), dtype=x.dtype)
        inner = out[pad:rows - pad]
        np.matmul(x[0:rows - 2 * pad], columns[0], out=inner)
        for k in range(1, len(columns)):
            inner += x[k:rows - 2 * pad + k] @ columns[k]
        inner += bias
        np.maximum(inner, 0, out=inner)
        inner -= mean
        inner /= std
        inner *= gain
        inner += shift
        out *= keep_rows
        return out


class Syntax:
    """natasha's syntax parser (slovnet's Syntax model) on sentences of words: the encoder as `Forward`, then
    slovnet's head and relation scorers, one sentence at a time."""

    def __init__(self, parser):
        model = parser.infer.model
        self.encoder = Forward(parser)
        self.rels = parser.infer.decoder.rels_vocab
        self.head, self.rel = model.head, model.rel

    def __call__(self, sentences: list[list[str]]) -> list[tuple[list[int], list[str]]]:
        """(head index, -1 for the root; relation) of every word of every sentence, as slovnet parses it."""
        out = []
        for group in groups(sentences):
            x, bounds = self.encoder.encode(group)
            for a, b in bounds:
                heads, rels = self.parse(x[a:b])
                out.append(([h - 1 for h in heads], [self.rels.decode(r) for r in rels]))
        return out

    def parse(self, x: np.ndarray) -> tuple[list[int], list[int]]:
        """slovnet's SyntaxHead and SyntaxRel on one sentence's encoded rows: head ids (0 the root) and rel ids."""
        head = self.head
        rows = np.concatenate((head.root.array[None], x))
        scores = (_ff(head.head, rows) @ head.kernel.array) @ _ff(head.tail, rows).T
        head_ids = scores[1:].argmax(-1)
        rel = self.rel
        chosen = np.concatenate((rel.root.array[None], x))[head_ids]
        hidden, dim = rel.kernel.shape
        scored = (_ff(rel.head, chosen) @ rel.kernel.array).reshape(len(x), dim // hidden, hidden)
        rel_ids = (scored @ _ff(rel.tail, x)[:, :, None])[:, :, 0].argmax(-1)
        return head_ids.tolist(), rel_ids.tolist()


def _ff(ff, rows: np.ndarray) -> np.ndarray:
    """slovnet's FF: a linear layer, then ReLU."""
    out = rows @ ff.proj.weight.array
    out += ff.proj.bias.array
    return np.maximum(out, 0, out=out)

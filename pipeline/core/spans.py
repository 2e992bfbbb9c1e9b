"""Mention spans over the cleaned text: the document's tokens by offsets, and sub-spans trimmed of edge junk."""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable

from .schema import Document, Mention, Token

QUOTES = "«»\"“”„'‘’"
EDGE_JUNK = "•·*–—-,;:&/ "  # never a period: it ends initials and abbreviations (Д.Р., A. S.)
OPENING, CLOSING = "«“„", "»”"
MAX_CHARS = 200  # no mention, normal form or id is longer: a name that long is a runaway span


class TokenIndex:
    """The document's tokens in text order (Russian and English sentences are appended per language), found
    by offsets."""

    def __init__(self, doc: Document):
        self.tokens: list[Token] = sorted((t for s in doc.sentences for t in s.tokens), key=lambda t: t.start)
        self.starts = [t.start for t in self.tokens]
        sentences = sorted((s.start, s.end) for s in doc.sentences)
        self.sentence_starts = [a for a, _ in sentences]
        self.sentence_ends = [b for _, b in sentences]
        self.text = doc.text

    def sentence(self, offset: int) -> int:
        return bisect_right(self.sentence_starts, offset) - 1

    def around(self, start: int, end: int, n: int = 8) -> tuple[list[Token], list[Token]]:
        """Up to `n` tokens before and after [start, end), within its sentence and its line."""
        i = bisect_right(self.sentence_starts, start) - 1
        lo, hi = (self.sentence_starts[i], self.sentence_ends[i]) if i >= 0 else (start, end)
        lo = max(lo, self.text.rfind("\n", 0, start) + 1)
        newline = self.text.find("\n", end)
        hi = min(hi, newline) if newline >= 0 else hi
        before = [t for t in self.before(start, n) if t.start >= lo]
        after = [t for t in self.after(end, n) if t.end <= hi]
        return before, after

    def within(self, start: int, end: int) -> list[Token]:
        return self.tokens[bisect_left(self.starts, start):bisect_left(self.starts, end)]

    def after(self, end: int, n: int = 1) -> list[Token]:
        i = bisect_left(self.starts, end)
        return self.tokens[i:i + n]

    def before(self, start: int, n: int = 1) -> list[Token]:
        i = bisect_right(self.starts, start - 1)
        return self.tokens[max(0, i - n):i]


def sub_span(doc: Document, m: Mention, start: int, end: int, rule: str) -> Mention | None:
    """A sub-span of `m`, trimmed of edge punctuation; None if nothing name-like is left."""
    text = doc.text
    while True:  # edge punctuation, and quotes that have no partner inside the span
        if start < end and (text[start] in EDGE_JUNK or text[start] in QUOTES and not partner(text, start, end)):
            start += 1
        elif end > start and (text[end - 1] in EDGE_JUNK or text[end - 1] in QUOTES and not partner(text, start, end - 1)):
            end -= 1
        elif start < end and text[start] == "(" and ")" not in text[start:end]:
            start += 1
        elif end > start and text[end - 1] == "(" or text[end - 1] == ")" and "(" not in text[start:end]:
            end -= 1
        else:
            break
    if end <= start or not any(c.isupper() for c in text[start:end]):
        return None
    if (start, end) == (m.start, m.end):
        return m
    return Mention(start, end, text[start:end], m.label, "", m.lang, with_rule(m.source, rule))


def partner(text: str, start: int, end: int) -> bool:
    """Is the quote at the edge (`start`, or `end` itself) balanced by another quote inside [start, end]?"""
    span = text[start:end + 1]
    if text[start] in OPENING or (text[start] == '"' and start != end):
        return any(c in CLOSING or c == '"' for c in span[1:])
    return any(c in OPENING or c == '"' for c in span[:-1])


def with_rule(source: str, rule: str) -> str:
    return source if rule in source.split("+") else f"{source}+{rule}"


def covering(spans) -> Callable[[int], bool]:
    """offset → whether some [start, end) of `spans` holds it. The spans are merged once and found by bisection:
    asking for every mention of a text is linear, where `any(s <= x < e for s, e in spans)` was quadratic."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    starts = [start for start, _ in merged]

    def inside(offset: int) -> bool:
        i = bisect_right(starts, offset) - 1
        return i >= 0 and offset < merged[i][1]

    return inside


class SpanIndex:
    """Items with start and end (mentions), kept in the order they were added and found by the span they overlap
    or lie in. Sorted by start, a question bisects to the items that start between its own start less the longest
    item and its end, where a scan of every item per question made a pass over a document quadratic. An item's
    offsets must not change while it is indexed."""

    def __init__(self, items=()):
        self._rows = sorted(((x.start, i, x) for i, x in enumerate(items)), key=lambda r: r[:2])
        self._next = len(self._rows)
        self._gone: set[int] = set()
        self.longest = max((x.end - x.start for _, _, x in self._rows), default=0)

    def add(self, item) -> None:
        insort(self._rows, (item.start, self._next, item), key=lambda r: r[:2])
        self._next += 1
        self.longest = max(self.longest, item.end - item.start)

    def discard(self, item) -> None:
        self._gone.add(id(item))

    def _near(self, lo: int, hi: int) -> list:
        """Present items that start in [lo, hi], in the order they were added."""
        a = bisect_left(self._rows, lo, key=lambda r: r[0])
        b = bisect_right(self._rows, hi, key=lambda r: r[0])
        return [x for _, _, x in sorted(self._rows[a:b], key=lambda r: r[1]) if id(x) not in self._gone]

    def overlapping(self, start: int, end: int) -> list:
        """Items that share a character with [start, end): each starts before the other ends."""
        return [x for x in self._near(start - self.longest, end - 1) if x.start < end and start < x.end]

    def containing(self, start: int, end: int) -> list:
        """Items that hold [start, end) whole (the same span included)."""
        return [x for x in self._near(end - self.longest, start) if x.start <= start and end <= x.end]

    def items(self) -> list:
        """Every present item, in the order they were added."""
        return [x for _, _, x in sorted(self._rows, key=lambda r: r[1]) if id(x) not in self._gone]


def span_lookup(spans):
    """offset → is it inside one of the (start, end) spans? Spans are merged once, then bisected."""
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    starts = [s for s, _ in merged]

    def inside(offset: int) -> bool:
        i = bisect_right(starts, offset) - 1
        return i >= 0 and offset < merged[i][1]

    return inside

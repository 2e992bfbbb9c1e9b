"""The cache's codec: a Document (or its rendering) as plain msgpack values, never a pickle.

Decoding a pickle runs whatever code its bytes name, so a cache that came with someone else's results folder
could run anything (OWASP: never deserialise data you did not write). This codec writes only msgpack's own
values (None, bool, int, float, str, bytes, list, dict) and a few tags of its own:

    [CLASS "Token", 0, 5, "Россия", "россия", "PROPN", {...}]   a dataclass of REGISTRY, its fields in declared order
    [TUPLE, 1, 2]    [SET, ...]    [FROZENSET, ...]            so that tuples, sets and frozensets come back as such
    BIGINT "123…"                                              an int beyond msgpack's 64 bits, in decimal

Decoding builds only the classes of REGISTRY, only with the fields they declare and values of the declared
types (the outer type: `list[Token]` is checked to be a list), through the dataclass's generated __init__,
which only assigns them; anything else — an unknown class, a wrong number of fields, a wrong type, a broken
stream — raises CodecError, which the store treats as a miss. No import, `__reduce__` or `__setstate__` runs
on decode, and no name in a blob reaches getattr (a known tag anywhere but at the head of an array, or
msgpack's own timestamp, can only come back as an inert value inside an untyped list or dict).

Identity is not kept: a Token that a Mention's `head` shares with its sentence comes back as an equal copy
(no stage compares them by identity).
"""

from __future__ import annotations

import dataclasses
import gc
import types
import typing
import zlib
from operator import attrgetter

import msgpack

from ..analysis.citations import Citation
from ..analysis.events import Event
from ..analysis.frontmatter import Author
from ..analysis.reference_parse import Reference
from ..core.schema import (
    Bibliography,
    DateMention,
    Document,
    FileMeta,
    FormatMention,
    Mention,
    Paragraph,
    Sentence,
    Token,
)
from ..output.export import Rendered

MAGIC = b"PLC\x01"  # what every blob starts with; the last byte is the format's version
MAX_UNPACKED = 2 ** 31  # bytes a blob may inflate to: a hostile blob of zeros cannot take all memory
CLASSES = (Document, FileMeta, Bibliography, Paragraph, Sentence, Token, Mention, DateMention, FormatMention, Citation,
           Reference, Author, Event, Rendered)
REGISTRY: dict[str, type] = {cls.__name__: cls for cls in CLASSES}  # the only classes a blob may name
if len(REGISTRY) != len(CLASSES):
    raise TypeError("two classes of codec.CLASSES share a name: a blob names its classes by name")

_CLASS, _TUPLE, _SET, _FROZENSET, _BIGINT = 1, 2, 3, 4, 5  # msgpack ext codes


class CodecError(ValueError):
    """A blob that is not a value this codec wrote: damaged, of another format, or forged."""


def _outer(annotation) -> tuple[type, ...]:
    """The classes a value of `annotation` may be an instance of: `list[Token] | None` → (list, NoneType)."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return tuple(t for a in typing.get_args(annotation) for t in _outer(a))
    if annotation is None or annotation is type(None):
        return (type(None),)
    if annotation is float:
        return (float, int)
    origin = typing.get_origin(annotation) or annotation
    return (origin,) if isinstance(origin, type) else (object,)


class _Head:
    """What an ext value decodes to: the head of the array it tags, which `_array` turns into the value."""

    __slots__ = ("build",)

    def __init__(self, build):
        self.build = build


def _tuple(items: list) -> tuple:
    return tuple(items[1:])


def _set(items: list) -> set:
    return set(items[1:])


def _frozenset(items: list) -> frozenset:
    return frozenset(items[1:])


def _builder(cls: type):
    """(encode, decode) of one dataclass: its declared fields as a tagged array, and back."""
    if not dataclasses.is_dataclass(cls) or hasattr(cls, "__post_init__") or "__slots__" in vars(cls):
        raise TypeError(f"{cls.__name__}: the codec stores plain dataclasses only (no __post_init__, no slots)")
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    if any(not f.init for f in fields):
        raise TypeError(f"{cls.__name__}: every field must be an argument of __init__")
    names = tuple(f.name for f in fields)
    kinds = tuple(_outer(hints[n]) for n in names)
    tag = msgpack.ExtType(_CLASS, cls.__name__.encode("ascii"))
    get = attrgetter(*names) if len(names) > 1 else (lambda o, g=attrgetter(*names): (g(o),))
    width = len(names) + 1

    def encode(obj) -> list:
        return [tag, *get(obj)]

    def decode(items: list):
        if len(items) != width:
            raise CodecError(f"{cls.__name__} with {len(items) - 1} fields, not {width - 1}")
        values = items[1:]
        if not all(map(isinstance, values, kinds)):
            wrong = next(i for i, (v, k) in enumerate(zip(values, kinds)) if not isinstance(v, k))
            raise CodecError(f"{cls.__name__}.{names[wrong]} of type {type(values[wrong]).__name__}")
        return cls(*values)  # the dataclass's generated __init__: it assigns the fields, nothing else

    return encode, decode


_ENCODE: dict[type, typing.Callable] = {}
_HEADS: dict[bytes, _Head] = {}
for _cls in CLASSES:
    _ENCODE[_cls], _decode = _builder(_cls)
    _HEADS[_cls.__name__.encode("ascii")] = _Head(_decode)
_MARKS = {_TUPLE: _Head(_tuple), _SET: _Head(_set), _FROZENSET: _Head(_frozenset)}
_TUPLE_TAG, _SET_TAG, _FROZENSET_TAG = (msgpack.ExtType(c, b"") for c in (_TUPLE, _SET, _FROZENSET))


def _default(obj):
    """msgpack's hook for what it does not write itself (strict_types: tuples and subclasses come here too)."""
    t = type(obj)
    encode = _ENCODE.get(t)
    if encode is not None:
        return encode(obj)
    if t is tuple:
        return [_TUPLE_TAG, *obj]
    if t is set:
        return [_SET_TAG, *obj]
    if t is frozenset:
        return [_FROZENSET_TAG, *obj]
    if t is int:  # beyond msgpack's 64 bits
        return msgpack.ExtType(_BIGINT, str(obj).encode("ascii"))
    raise TypeError(f"the cache cannot store a {t.__module__}.{t.__qualname__}: "
                    f"a Document holds only plain values and the dataclasses of pipeline.batch.codec.REGISTRY")


def _ext(code: int, data: bytes):
    if code == _BIGINT:
        return int(data.decode("ascii"))  # ValueError (a CodecError) for anything but digits
    head = _HEADS.get(data) if code == _CLASS else _MARKS.get(code) if not data else None
    if head is None:
        raise CodecError(f"unknown tag {code}:{data[:40]!r}")
    return head


def _array(items: list):
    if items and type(items[0]) is _Head:
        return items[0].build(items)
    return items


def encode(obj) -> bytes:
    """`obj` (a registered dataclass) as a blob: MAGIC, then the zlib-compressed msgpack stream."""
    if type(obj) not in _ENCODE:
        raise TypeError(f"the cache stores the dataclasses of pipeline.batch.codec.REGISTRY, not {type(obj).__name__}")
    return MAGIC + zlib.compress(msgpack.packb(obj, default=_default, strict_types=True, use_bin_type=True), 3)


def decode(blob: bytes, expect: type | None = None):
    """The value of `encode`; CodecError for anything else. With `expect`, the value must be of that class.
    The collector is paused meanwhile: a document is tens of thousands of objects, and in a process that
    holds the models every collection they trigger scans the models too (5× slower)."""
    if not isinstance(blob, bytes) or not blob.startswith(MAGIC):
        raise CodecError("not a blob of this codec")
    enabled = gc.isenabled()
    gc.disable()
    try:
        inflate = zlib.decompressobj()
        data = inflate.decompress(memoryview(blob)[len(MAGIC):], MAX_UNPACKED)
        if inflate.unconsumed_tail or not inflate.eof:
            raise CodecError("truncated or oversized blob")
        obj = msgpack.unpackb(data, ext_hook=_ext, list_hook=_array, raw=False, strict_map_key=False,
                              use_list=True, timestamp=0)
    except CodecError:
        raise
    except (ValueError, TypeError, zlib.error, msgpack.UnpackException, RecursionError, MemoryError) as e:
        raise CodecError(f"{type(e).__name__}: {e}") from None
    finally:
        if enabled:
            gc.enable()
    if type(obj) not in _ENCODE or (expect is not None and type(obj) is not expect):
        raise CodecError(f"a blob of {type(obj).__name__}, not {expect.__name__ if expect else 'a registered class'}")
    return obj

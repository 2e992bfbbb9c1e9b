"""The cache is data (issue 15): no pickle is ever loaded, a damaged or foreign cache file is set aside and
rebuilt, a cache of other code is never read, and an unreadable entry is a miss — never a crash."""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil
import sqlite3
import typing
import zlib
from pathlib import Path

import msgpack
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.batch import store as store_module
from pipeline.batch.codec import MAGIC, REGISTRY, CodecError, decode, encode
from pipeline.batch.store import Store, meta, pack, unpack
from pipeline.core.schema import (
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
from pipeline.output.export import Rendered

from .conftest import CORPORA, SEED, need


class Boom:
    """A pickle that runs code when it is loaded: it writes MARKER."""

    marker = ""

    def __reduce__(self):
        return (Path.write_text, (Path(self.marker), "pwned"))


def hostile(marker: Path) -> bytes:
    Boom.marker = str(marker)
    return pickle.dumps(Boom())


def same(a, b, path="value"):
    """Equal, and of the same types all the way down (== alone takes (1, 2) for [1, 2]'s twin, set for frozenset)."""
    assert type(a) is type(b), f"{path}: {type(a).__name__} ≠ {type(b).__name__}"
    if dataclasses.is_dataclass(a):
        assert vars(a).keys() == vars(b).keys(), path
        for name in vars(a):
            same(getattr(a, name), getattr(b, name), f"{path}.{name}")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{path}[{i}]")
    elif isinstance(a, dict):
        assert list(a) == list(b), path
        for (ka, va), (kb, vb) in zip(a.items(), b.items()):
            same(ka, kb, f"{path} key")
            same(va, vb, f"{path}[{ka!r}]")
    else:
        assert a == b, path


def a_document() -> Document:
    """A Document by hand with every kind of value the codec must bring back as it was."""
    tok = Token(0, 6, "Россия", "россия", "PROPN", {
        "Case": "Nom", "Number": "Sing", 7: "int key", (1, "a"): [1.5, -2],
        None: {"nested": {"set": {1, 2}, "frozen": frozenset({"a"}), "bytes": b"\x00\xff", "bool": True}}})
    head = Token(20, 28, "областями", "область", "NOUN")
    region = Mention(0, 6, "Россия", "LOC", "Россия", "ru", "natasha", entity_id="Q159", head=head,
                     parts=[Mention(0, 3, "Рос", "LOC", "Рос", "ru", "rule")])
    return Document(
        doc_id="d1", source_path="/corpus/d1.txt", format="txt", sha256="ab" * 32, encoding="utf-8",
        raw="Россия\fи Казахстан", text="Россия и Казахстан", origin=list(range(19)), running_headers=[],
        file_meta=FileMeta("T", "", ["Вестник. 2024. № 1"]), abbreviations={"РФ": (0, 6)},
        bibliography=Bibliography(title="T", year="2024", pages="1-20"),
        paragraphs=[Paragraph(0, 18, "body", "ru"), Paragraph(19, 19, heading=True)],
        sentences=[Sentence(0, 18, "Россия и Казахстан", "body", "ru", 1, tokens=[tok, head], spheres=["trade"])],
        entities=[region],
        dates=[DateMention(None, None, "2024", "2024", "year", "ru", "header", sent_id=None)],
        formats=[FormatMention(0, 6, "встреча", "meeting", "встреча", "ru", "r1", head=-1)],
        citations=[], references=None, authors=None, events=None,
        warnings=[("W004", "no language", "check the file")],
    )


def a_rendered() -> Rendered:
    return Rendered("d1", "ok", "ab" * 32, 12, "Россия и Казахстан", {"documents": "d1,ok\r\n", "sentences": ""},
                    [("Q159", "LOC", "ru", "Россия")], [("W004", "no language", "check the file")])


# ------------------------------------------------------------------ the codec


def test_a_document_and_a_rendering_round_trip_exactly():
    for obj in (a_document(), a_rendered()):
        blob = encode(obj)
        assert blob.startswith(MAGIC) and b"pickle" not in blob
        same(obj, decode(blob))


plain = st.recursive(
    st.none() | st.booleans() | st.integers(-2 ** 63, 2 ** 64 - 1) | st.floats(allow_nan=False) | st.text()
    | st.binary(),
    lambda inner: st.lists(inner, max_size=4) | st.lists(inner, max_size=4).map(tuple)
    | st.dictionaries(st.text() | st.integers(-5, 5) | st.tuples(st.text(), st.integers()), inner, max_size=4)
    | st.sets(st.integers() | st.text(), max_size=4) | st.frozensets(st.text(), max_size=4),
    max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(plain)
def test_any_plain_value_in_an_untyped_list_round_trips_exactly(value):
    doc = Document("d", "p", "txt", warnings=[value])
    same(doc, decode(encode(doc)))


def test_encoding_something_not_in_the_registry_says_what():
    doc = Document("d", "p", "txt", warnings=[Path("/x")])
    with pytest.raises(TypeError, match="PosixPath"):
        encode(doc)
    with pytest.raises(TypeError):
        encode({"a": 1})  # the top level is a registered dataclass


def test_every_dataclass_a_registered_field_declares_is_registered():
    def named(annotation):
        if isinstance(annotation, type):
            yield annotation
        for arg in typing.get_args(annotation):
            yield from named(arg)

    for cls in REGISTRY.values():
        for name, annotation in typing.get_type_hints(cls).items():
            for t in named(annotation):
                if dataclasses.is_dataclass(t):
                    assert REGISTRY.get(t.__name__) is t, f"{cls.__name__}.{name}: {t.__name__} is not registered"


def forged(*items) -> bytes:
    """A blob of the codec's shape with whatever msgpack values, as a hand-made cache file could hold."""
    return MAGIC + zlib.compress(msgpack.packb(list(items) if len(items) != 1 else items[0], use_bin_type=True))


TOKEN = msgpack.ExtType(1, b"Token")
PARAGRAPH = msgpack.ExtType(1, b"Paragraph")


@pytest.mark.parametrize("blob, why", [
    (b"", "empty"),
    (b"\x80\x04", "a pickle"),
    (zlib.compress(b"x"), "no magic"),
    (MAGIC + b"garbage", "not zlib"),
    (MAGIC + zlib.compress(b"\xc1"), "not msgpack"),
    (encode(a_rendered())[:-7], "truncated"),
    (forged(msgpack.ExtType(1, b"Boom"), 1), "an unknown class"),
    (forged(msgpack.ExtType(1, b"os.system"), "ls"), "a dotted name"),
    (forged(msgpack.ExtType(9, b""), 1), "an unknown tag"),
    (forged(msgpack.ExtType(2, b"tuple"), 1), "a tag with data"),
    (forged(PARAGRAPH, 0, 1), "too few fields"),
    (forged(PARAGRAPH, 0, 1, "", "", False, "extra"), "too many fields"),
    (forged(PARAGRAPH, "0", 1, "", "", False), "a str for an int"),
    (forged(PARAGRAPH, 0, 1, "", "", False, msgpack.ExtType(1, b"Paragraph")), "a tag out of place"),
    (forged([1, 2]), "a list at the top"),
    (forged({"doc_id": "d"}), "a dict at the top"),
    (forged(TOKEN, 0, 1, "a", "a", "X", None), "a Token where a Document is expected"),
])
def test_anything_but_a_blob_of_the_codec_is_a_codec_error(blob, why):
    with pytest.raises(CodecError):
        decode(blob, Document)


def test_a_hostile_pickle_is_never_loaded(tmp_path):
    marker = tmp_path / "marker"
    for blob in (hostile(marker), zlib.compress(hostile(marker)), MAGIC + zlib.compress(hostile(marker))):
        with pytest.raises(CodecError):
            unpack(blob)
    assert not marker.exists()


# ------------------------------------------------------------------ the store


def a_store(path: Path, entries: int = 3) -> Path:
    s = Store(path)
    for i in range(entries):
        s.put(f"k{i}", "full", a_rendered())
        s.put(f"b{i}", "base", a_document())
    s.close()
    return path


def set_aside(folder: Path, name: str, kind: str) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.startswith(f"{name}.{kind}-"))


def test_entries_round_trip_through_the_store(tmp_path):
    s = Store(a_store(tmp_path / "c.sqlite"))
    assert s.notices == [] and s.has("k0") and s.has("b2") and not s.has("nope")
    same(s.get("k0"), a_rendered())
    same(s.get("b1"), a_document())
    assert s.get("nope") is None
    s.close()


def test_the_meta_table_names_the_code(tmp_path):
    path = a_store(tmp_path / "c.sqlite")
    found = dict(sqlite3.connect(path).execute("SELECT key, value FROM meta"))
    assert found == meta()
    assert found["code"] == store_module.code_version() and len(found["code"]) == 64
    assert found["schema"] == store_module.SCHEMA_VERSION and found["format"] == "pipeline-cache"


def test_a_hostile_row_in_a_cache_of_ours_is_a_miss_and_dropped(tmp_path):
    marker = tmp_path / "marker"
    path = a_store(tmp_path / "c.sqlite")
    db = sqlite3.connect(path)
    db.execute("UPDATE documents SET doc = ? WHERE key = 'k0'", (zlib.compress(hostile(marker)),))
    db.execute("UPDATE documents SET doc = ? WHERE key = 'k1'", (MAGIC + zlib.compress(hostile(marker)),))
    db.commit()
    db.close()
    s = Store(path, warn=lambda line: None)
    assert not s.has("k0")  # not of the codec: dropped without decoding
    assert s.has("k1") and s.get("k1") is None  # of the codec's magic, but no msgpack: a miss
    assert not s.has("k1") and s.get("k0") is None
    same(s.get("k2"), a_rendered())  # the rest is read
    assert s.dropped == 2 and len(s.notices) == 1 and "could not be read" in s.notice
    s.put("k0", "full", a_rendered())
    same(s.get("k0"), a_rendered())
    s.close()
    assert not marker.exists()


def test_a_garbage_row_is_a_miss_dropped_with_one_warning(tmp_path, capfd):
    path = a_store(tmp_path / "c.sqlite")
    db = sqlite3.connect(path)
    for key, blob in (("k0", os.urandom(500)), ("k1", MAGIC + os.urandom(500)), ("k2", None)):
        db.execute("UPDATE documents SET doc = ? WHERE key = ?", (blob, key))
    db.commit()
    db.close()
    s = Store(path)
    assert [s.get(k) for k in ("k0", "k1", "k2")] == [None, None, None]
    assert s.dropped == 3
    assert sqlite3.connect(path).execute("SELECT count(*) FROM documents WHERE key LIKE 'k%'").fetchone() == (0,)
    same(s.get("b0"), a_document())
    s.close()
    err = capfd.readouterr().err
    assert err.count("\n") == 1 and "warning: cache" in err and "Traceback" not in err


def test_an_entry_of_the_wrong_level_is_a_miss(tmp_path):
    s = Store(tmp_path / "c.sqlite")
    s.put("k", "base", a_rendered())  # a base entry must be a Document
    s.put("d", "full", a_document())  # a full one a Rendered
    assert s.get("k") is None and s.get("d") is None
    s.close()


@pytest.mark.parametrize("content, why", [
    (os.urandom(4096), "random bytes"),
    (b"SQLite format 3\x00" + os.urandom(4000), "a garbled header"),
    (b"hello", "a short text file"),
])
def test_a_file_that_is_no_database_is_set_aside_and_a_new_cache_started(tmp_path, capfd, content, why):
    path = tmp_path / ".cache.sqlite"
    path.write_bytes(content)
    Path(f"{path}-wal").write_bytes(b"w")
    s = Store(path)
    assert s.enabled and len(s.notices) == 1 and "damaged" in s.notice
    s.put("k", "full", a_rendered())
    same(s.get("k"), a_rendered())
    s.close()
    aside = set_aside(tmp_path, ".cache.sqlite", "damaged")
    assert aside[0].read_bytes() == content
    if not content.startswith(b"SQLite"):  # not opened at all: its -wal is renamed with it (SQLite may drop one)
        assert [p.read_bytes() for p in aside] == [content, b"w"]
    assert aside[0].name in s.notice
    err = capfd.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"warning: cache {path}: damaged") and "Traceback" not in err


def test_a_truncated_cache_is_set_aside(tmp_path):
    path = a_store(tmp_path / "c.sqlite", entries=40)
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])
    s = Store(path, warn=lambda line: None)
    assert "truncated" in s.notice and not s.has("k0")
    s.close()
    assert len(set_aside(tmp_path, "c.sqlite", "damaged")) == 1


def test_a_cache_garbled_inside_is_set_aside(tmp_path):
    path = a_store(tmp_path / "c.sqlite", entries=40)
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for p in range(2, len(data) // page, 3):  # every third page from the second on: b-tree pages too
        data[p * page:p * page + 64] = os.urandom(64)
    path.write_bytes(bytes(data))
    s = Store(path, warn=lambda line: None)
    assert s.enabled and "damaged" in s.notice and not s.has("k0")
    s.close()
    assert len(set_aside(tmp_path, "c.sqlite", "damaged")) == 1


@pytest.mark.parametrize("key, value", [
    ("code", "0" * 64), ("version", "0.1.0"), ("schema", "99"),
])
def test_a_cache_of_other_code_is_cleared_not_read(tmp_path, key, value):
    path = a_store(tmp_path / "c.sqlite")
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))
    db.commit()
    db.close()
    s = Store(path, warn=lambda line: None)
    assert "written by other code" in s.notice and key in s.notice
    assert not s.has("k0") and s.get("k0") is None
    s.close()
    assert [p.name for p in tmp_path.iterdir()] == ["c.sqlite"]  # deleted, not kept: nothing could read it
    assert dict(sqlite3.connect(path).execute("SELECT key, value FROM meta")) == meta()


def test_the_pickle_cache_of_pipeline_0_2_is_cleared_unread(tmp_path):
    marker = tmp_path / "marker"
    path = tmp_path / ".cache.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE documents (key TEXT PRIMARY KEY, level TEXT, doc BLOB)")
    db.execute("INSERT INTO documents VALUES ('k0', 'full', ?)", (zlib.compress(hostile(marker)),))
    db.commit()
    db.close()
    s = Store(path, warn=lambda line: None)
    assert "0.2.0" in s.notice and not s.has("k0") and s.get("k0") is None
    s.close()
    assert not marker.exists()
    assert [p.name for p in tmp_path.iterdir()] == [".cache.sqlite"]


@pytest.mark.parametrize("setup", [
    "CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('Ann')",
    "CREATE TABLE meta (key TEXT, value TEXT); INSERT INTO meta VALUES ('format', 'someone-else')",
])
def test_another_database_is_set_aside_untouched(tmp_path, setup):
    path = tmp_path / "c.sqlite"
    db = sqlite3.connect(path)
    db.executescript(setup)
    db.close()
    s = Store(path, warn=lambda line: None)
    assert "not a cache of this pipeline" in s.notice and s.enabled
    s.close()
    (aside,) = set_aside(tmp_path, "c.sqlite", "foreign")
    assert sqlite3.connect(aside).execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 1


def test_two_set_asides_in_one_second_keep_both(tmp_path):
    path = tmp_path / "c.sqlite"
    for content in (b"one" * 50, b"two" * 50):
        path.write_bytes(content)
        Store(path, warn=lambda line: None).close()
    assert sorted(p.read_bytes() for p in set_aside(tmp_path, "c.sqlite", "damaged")) == [b"one" * 50, b"two" * 50]


def test_a_cache_that_cannot_be_opened_turns_itself_off(tmp_path):
    path = tmp_path / "c.sqlite"
    path.mkdir()  # a folder where the file should be
    s = Store(path, warn=lambda line: None)
    assert not s.enabled and "cannot be opened" in s.notice
    assert not s.has("k") and s.get("k") is None
    s.put("k", "full", a_rendered())
    s.close()
    assert path.is_dir()


class Failing:
    """An SQLite connection whose every statement fails as a damaged file or a failing disk does."""

    def __init__(self, code: int, message: str):
        self.code, self.message = code, message

    def execute(self, *args):
        e = (sqlite3.DatabaseError if self.code == 11 else sqlite3.OperationalError)(self.message)
        e.sqlite_errorcode = self.code
        raise e

    def close(self):
        pass


@pytest.mark.parametrize("code, message, aside", [
    (11, "database disk image is malformed", True),
    (10, "disk I/O error", False),
])
def test_an_sqlite_error_mid_run_turns_the_cache_off_with_one_warning(tmp_path, code, message, aside):
    path = a_store(tmp_path / "c.sqlite")
    lines = []
    s = Store(path, warn=lines.append)
    assert s.has("k0")
    s.db.close()
    s.db = Failing(code, message)
    assert s.get("k0") is None and not s.enabled
    assert not s.has("k1") and s.get("k1") is None
    s.put("k9", "full", a_rendered())  # nothing, quietly
    s.close()
    assert len(lines) == 1 and message in lines[0]
    assert bool(set_aside(tmp_path, "c.sqlite", "damaged")) == aside and path.exists() != aside


def test_a_cache_damaged_while_open_does_not_stop_the_reader(tmp_path):
    path = a_store(tmp_path / "c.sqlite", entries=40)
    s = Store(path, warn=lambda line: None)
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page:] = os.urandom(len(data) - page)  # every page but the first
    path.write_bytes(bytes(data))
    got = [s.get(f"k{i}") for i in range(40)]  # misses (or, from SQLite's page cache, the real entries)
    assert all(g is None or g == a_rendered() for g in got)
    s.put("new", "full", a_rendered())
    s.close()


# ------------------------------------------------------------------ with the real pipeline


def analysed(stages, path: Path):
    """(base Document, full Document, Rendered) of one file through the real stages."""
    from pipeline.analysis.events import Events
    from pipeline.analysis.formats import Formats
    from pipeline.core.stages import analyse
    from pipeline.ingest.readers import read_document
    from pipeline.output.export import render

    base = [s for s in stages if not isinstance(s, (Formats, Events))]
    late = [s for s in stages if isinstance(s, (Formats, Events))]
    doc = analyse(read_document(path.stem, path, 50), base)
    before = unpack(pack(doc))
    full = analyse(doc, late)
    return before, full, render(full)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(p.name for p in CORPORA.iterdir()) + [SEED.name])
def test_real_documents_round_trip_exactly(stages, name):
    path = need(SEED) if name == SEED.name else CORPORA / name
    base, full, rendered = analysed(stages, path)
    assert base.sentences and full.events is not None
    for obj in (base, full, rendered):
        for value in [obj] + [v for v in vars(obj).values() if isinstance(v, list)]:
            for item in value if isinstance(value, list) else [value]:
                if dataclasses.is_dataclass(item):  # no attribute beside the declared fields, which the codec drops
                    assert set(vars(item)) == {f.name for f in dataclasses.fields(item)}, type(item)
        same(obj, unpack(pack(obj)))


@pytest.mark.slow
def test_late_stages_on_a_decoded_base_document_give_the_same_rows(stages):
    """The codebook stages run on a cached base document when the codebook changes: a decoded copy (which
    does not keep shared references) must give the very rows of the original."""
    from pipeline.analysis.events import Events
    from pipeline.analysis.formats import Formats
    from pipeline.core.stages import analyse
    from pipeline.output.export import render

    base, _, rendered = analysed(stages, need(SEED))
    late = [s for s in stages if isinstance(s, (Formats, Events))]
    again = render(analyse(unpack(pack(base)), late))
    same(again, rendered)


SAMPLE = ["ru_altai_mongolia.txt", "en_central_asia_corridors.txt"]


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    for name in SAMPLE:
        shutil.copy(CORPORA / name, root / name)
    return root


def again(tmp_path: Path, n: int = 1) -> Path:
    """Another OUT for a rerun on the same cache: a rerun into the same OUT of the same files, code and options
    would link the current run's datasets (batch/reuse.reuse_datasets) and read no cache entry at all."""
    return tmp_path / f"again{n}"


def data_files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((out / "data").iterdir())}


@pytest.fixture
def counted(monkeypatch):
    """How many documents the stages analysed (job.process is where every analysis starts)."""
    import pipeline.batch.job as runner

    calls = []
    real = runner.process

    def process(doc_id, *args, **kwargs):
        calls.append(doc_id)
        return real(doc_id, *args, **kwargs)

    monkeypatch.setattr(runner, "process", process)
    return calls


@pytest.mark.slow
def test_a_rerun_reads_every_document_from_the_cache_and_writes_the_same_bytes(stages, corpus, tmp_path, counted):
    from pipeline.batch.runner import run

    out = tmp_path / "out"
    cache = out / ".cache.sqlite"
    run(corpus, out, cache=cache, stages=stages, quiet=True)
    first = data_files(out)
    assert len(counted) == 2
    second = run(corpus, again(tmp_path), cache=cache, stages=stages, quiet=True)
    assert len(counted) == 2 and second.stage_seconds == {}  # no stage ran
    assert data_files(again(tmp_path)) == first
    assert b"pickle" not in cache.read_bytes()


@pytest.mark.slow
def test_a_run_on_a_hostile_cache_runs_no_code_and_analyses_again(stages, corpus, tmp_path, counted):
    from pipeline.batch.runner import run

    out, marker = tmp_path / "out", tmp_path / "marker"
    cache = out / ".cache.sqlite"
    run(corpus, out, cache=cache, stages=stages, quiet=True)
    first = data_files(out)
    db = sqlite3.connect(cache)  # someone's results folder: the meta of our code, pickles for entries
    db.execute("UPDATE documents SET doc = ?", (zlib.compress(hostile(marker)),))
    db.commit()
    db.close()
    run(corpus, again(tmp_path), cache=cache, stages=stages, quiet=True)
    assert not marker.exists()
    assert len(counted) == 4  # both analysed again
    assert data_files(again(tmp_path)) == first


@pytest.mark.slow
def test_a_run_on_a_damaged_cache_file_sets_it_aside_and_rebuilds_it(stages, corpus, tmp_path, capfd):
    from pipeline.batch.runner import run

    out = tmp_path / "out"
    run(corpus, out, stages=stages, quiet=True)
    first = data_files(out)
    cache = out / ".cache.sqlite"
    cache.write_bytes(os.urandom(10000))
    capfd.readouterr()
    run(corpus, out, cache=cache, stages=stages, quiet=True)
    err = capfd.readouterr().err
    assert data_files(out) == first
    assert len(set_aside(out, ".cache.sqlite", "damaged")) == 1
    assert err.count("warning: cache") == 1 and "Traceback" not in err
    db = sqlite3.connect(cache)
    assert dict(db.execute("SELECT key, value FROM meta")) == meta()
    assert db.execute("SELECT count(*) FROM documents").fetchone() == (4,)  # the new cache has both documents




def damage_first_document(cache: Path) -> None:
    """Both entries of the first document a run cached (its base and full rows, put first): of the codec's
    magic, so `has` says yes, but undecodable."""
    db = sqlite3.connect(cache)
    db.execute("UPDATE documents SET doc = ? WHERE rowid IN (SELECT rowid FROM documents ORDER BY rowid LIMIT 2)",
               (MAGIC + b"damaged",))
    damaged = db.execute("SELECT count(DISTINCT level) FROM documents WHERE doc = ?", (MAGIC + b"damaged",))
    assert damaged.fetchone() == (2,)
    db.commit()
    db.close()


@pytest.mark.slow
def test_a_run_analyses_a_document_whose_entries_cannot_be_read(stages, corpus, tmp_path, counted):
    from pipeline.batch.runner import run

    out = tmp_path / "out"
    cache = out / ".cache.sqlite"
    run(corpus, out, cache=cache, stages=stages, quiet=True)
    first = data_files(out)
    damage_first_document(cache)
    run(corpus, again(tmp_path), cache=cache, stages=stages, quiet=True)
    assert len(counted) == 3  # the damaged one analysed again, the other read
    assert data_files(again(tmp_path)) == first
    run(corpus, again(tmp_path, 2), cache=cache, stages=stages, quiet=True)
    assert len(counted) == 3  # and cached again


@pytest.mark.slow
def test_a_cache_failing_mid_run_turns_off_and_the_run_goes_on(stages, corpus, tmp_path, counted, monkeypatch,
                                                              capfd):
    from pipeline.batch.runner import run

    out = tmp_path / "out"
    cache = out / ".cache.sqlite"
    run(corpus, out, cache=cache, stages=stages, quiet=True)
    first = data_files(out)
    real = Store.get

    def get(self, key):  # the disk image goes bad between the look-up of every key and the first read
        if self.db is not None and not isinstance(self.db, Failing):
            self.db.close()
            self.db = Failing(11, "database disk image is malformed")
        return real(self, key)

    monkeypatch.setattr(Store, "get", get)
    capfd.readouterr()
    run(corpus, again(tmp_path), cache=cache, stages=stages, quiet=True)
    assert data_files(again(tmp_path)) == first and len(counted) == 4
    err = capfd.readouterr().err
    assert err.count("warning: cache") == 1 and "malformed" in err and "Traceback" not in err
    assert len(set_aside(out, ".cache.sqlite", "damaged")) == 1

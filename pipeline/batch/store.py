"""The incremental cache: analysed documents in SQLite, keyed by content and by everything that shapes
the analysis, so an unchanged document is never analysed twice and a killed run resumes where it stopped.

Two levels: `base`, the Document after every stage but the codebook's, is keyed by the file's sha256, the
pipeline's version and the hashes of models/* and the gazetteer; `full`, the rendered rows the run writes
(export.Rendered), adds the codebook's hash, the doc_id and the path. An unchanged document is only
copied to the output; a changed codebook, or the same file under a new name, reruns only the codebook
stages (formats, events) on the cached base document.

The cache is data, never code: entries are plain msgpack values (pipeline.batch.codec), and the file says in its
`meta` table which code wrote it — the cache schema, the package version and a hash of the package source
(`code_version`). A cache is only ever read by the code that wrote it: a cache of ours written by other code
(or the pickle cache of pipeline ≤ 0.2.0) is deleted on opening — nothing could read it, and keeping one per
code change would only fill OUT. A file we cannot tell for a cache of ours is never deleted: a damaged one
(not SQLite, truncated, failing SQLite's integrity check) is renamed `<name>.damaged-<UTC time>`, another
database `<name>.foreign-<UTC time>`, each with its -wal and -shm, and a new cache is started. An entry that
cannot be decoded is a miss (and is dropped); an SQLite error in the middle of a run turns the cache off for
the rest of the run (a damaged file is set aside then, for the next run to start anew). Each of these is one
warning line (`warn`, stderr by default; `notices` keeps them), never a traceback: a cache only saves time.
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from .. import __version__
from ..core.code import code_version
from ..core.schema import Document
from ..output.export import Rendered
from .codec import MAGIC, CodecError, decode, encode

SCHEMA_VERSION = "4"  # 1: pickles, no meta table (pipeline ≤ 0.2.0); 2: msgpack (pipeline.batch.codec) and `meta`;
# 3: the Document's `meta` dict replaced by declared fields (file_meta, abbreviations, bibliography); 4: a rendering
# keeps its token counts (Rendered.counts)
FORMAT = "pipeline-cache"
SCHEMA = ("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
          "CREATE TABLE IF NOT EXISTS documents (key TEXT PRIMARY KEY, level TEXT, doc BLOB)")
LEGACY_COLUMNS = ["key", "level", "doc"]  # the documents table of schema 1, alone in its file
LEVELS = {"base": Document, "full": Rendered}  # what an entry of each level must decode to
SQLITE_HEADER = b"SQLite format 3\x00"
CORRUPT = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB: the file is damaged (others: locked, I/O, full — it may be fine)


def cache_key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def meta() -> dict[str, str]:
    """What the `meta` table of a cache this code can read holds."""
    return {"format": FORMAT, "schema": SCHEMA_VERSION, "version": __version__, "code": code_version()}


def pack(doc) -> bytes:
    """A document (or its rendering) as the cache stores it (pipeline.batch.codec; no pickle)."""
    return encode(doc)


def unpack(blob: bytes, expect: type | None = None):
    """The document of `pack`; codec.CodecError for a blob this code did not write."""
    return decode(blob, expect)


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _corrupt(e: sqlite3.Error) -> bool:
    code = getattr(e, "sqlite_errorcode", None)  # Python ≥ 3.11
    if code is not None:
        return code & 0xFF in CORRUPT
    return type(e) is sqlite3.DatabaseError


class _Unusable(Exception):
    """The file at the cache's path is not a cache this code reads: `kind` says what to do with it."""

    def __init__(self, kind: str, reason: str):
        super().__init__(reason)
        self.kind, self.reason = kind, reason  # kind: damaged / foreign (set aside) or stale (deleted)


class Store:
    """The cache at `path`. Never raises for what is in the file or for SQLite failing: `warn` (a callable
    taking one line; stderr by default) hears about it, `notices` keeps the lines, and the store goes on
    as a miss (or, once SQLite fails, as an empty cache that keeps nothing)."""

    def __init__(self, path: Path, warn: Callable[[str], None] | None = None):
        self.path = Path(path)
        self.warn = warn or _to_stderr
        self.notices: list[str] = []
        self.dropped = 0  # entries that could not be decoded
        self.db: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = self._open()
        except (sqlite3.Error, OSError) as e:
            self._close()
            self._notice(f"cannot be opened ({e}) — this run goes on without a cache")

    @property
    def enabled(self) -> bool:
        return self.db is not None

    @property
    def notice(self) -> str | None:
        """The last warning, if any."""
        return self.notices[-1] if self.notices else None

    # -- opening --

    def _open(self) -> sqlite3.Connection:
        try:
            self._check()
        except _Unusable as u:
            if u.kind == "stale":
                self._remove()
                self._notice(f"written by other code ({u.reason}) — cleared, its documents are analysed again")
            else:
                aside = self._set_aside(u.kind)
                what = "damaged" if u.kind == "damaged" else "not a cache of this pipeline"
                self._notice(f"{what} ({u.reason}) — set aside as {aside.name}; a new cache is started and "
                             "its documents are analysed again")
        db = self._connect()
        try:
            db.execute("BEGIN IMMEDIATE")  # the tables and the meta rows together: no file of ours without meta
            for statement in SCHEMA:
                db.execute(statement)
            db.executemany("INSERT OR IGNORE INTO meta VALUES (?, ?)", meta().items())
            db.commit()
        except BaseException:
            db.close()
            raise
        return db

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # a commit is not synced: the cache survives a killed process, and
            # what a power cut loses is analysed again (each commit was a sync: 1.2 s of 500 documents' 38 s)
        except BaseException:
            db.close()
            raise
        return db

    def _check(self) -> None:
        """Nothing if the path holds no file or a cache of this code; else _Unusable. sqlite3.Error for a file
        that may be fine but cannot be read now (locked, unreadable)."""
        if not self.path.exists():
            return
        size = self.path.stat().st_size
        if size == 0:  # SQLite's own new file, which nothing was ever written to
            return
        with open(self.path, "rb") as f:
            header = f.read(100)
        if len(header) < 100 or not header.startswith(SQLITE_HEADER):
            raise _Unusable("damaged", "not an SQLite database")
        page = int.from_bytes(header[16:18], "big")
        page = 65536 if page == 1 else page
        pages = int.from_bytes(header[28:32], "big")
        wal = Path(f"{self.path}-wal")
        no_wal = not wal.exists() or wal.stat().st_size == 0  # with one, the file may legitimately lag
        if no_wal and header[24:28] == header[92:96] and pages * page > size:
            raise _Unusable("damaged", f"truncated: {size} of {pages * page} bytes")
        db = sqlite3.connect(self.path, timeout=30)
        try:
            self._check_content(db)
        except sqlite3.Error as e:
            if _corrupt(e):
                raise _Unusable("damaged", str(e)) from None
            raise
        finally:
            db.close()

    @staticmethod
    def _check_content(db: sqlite3.Connection) -> None:
        check = db.execute("PRAGMA quick_check(1)").fetchone()
        if not check or check[0] != "ok":
            raise _Unusable("damaged", f"integrity check: {check[0] if check else 'no answer'}")
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "meta" not in tables:
            if tables == {"documents"} and \
                    [c[1] for c in db.execute("PRAGMA table_info(documents)")] == LEGACY_COLUMNS:
                raise _Unusable("stale", "the pickle cache of pipeline 0.2.0 or earlier")
            raise _Unusable("foreign", "no meta table" if tables else "an empty database")
        found = dict(db.execute("SELECT key, value FROM meta").fetchall())
        if found.get("format") != FORMAT:
            raise _Unusable("foreign", f"meta format {found.get('format')!r}")
        ours = meta()
        if found != ours:
            differs = ", ".join(f"{k} {str(found.get(k))[:12]} ≠ {v[:12]}" for k, v in ours.items()
                                if found.get(k) != v)
            raise _Unusable("stale", differs or "extra meta keys")

    def _files(self, path: Path) -> list[Path]:
        return [path] + [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm", "-journal")]

    def _set_aside(self, kind: str) -> Path:
        """Rename the file (and its -wal, -shm) to `<name>.<kind>-<UTC time>`; the new name."""
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        aside, n = self.path.with_name(f"{self.path.name}.{kind}-{stamp}"), 1
        while any(p.exists() for p in self._files(aside)):
            n += 1
            aside = self.path.with_name(f"{self.path.name}.{kind}-{stamp}-{n}")
        for src, dst in zip(self._files(self.path), self._files(aside)):
            if src.exists():
                src.rename(dst)
        return aside

    def _remove(self) -> None:
        for p in self._files(self.path):
            p.unlink(missing_ok=True)

    # -- failing softly --

    def _notice(self, message: str) -> None:
        line = f"warning: cache {self.path}: {message}"
        self.notices.append(line)
        try:
            self.warn(line)
        except Exception:  # a closed progress bar must not turn a warning into a crash
            _to_stderr(line)

    def _close(self) -> None:
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
        self.db = None

    def _fail(self, e: sqlite3.Error) -> None:
        """SQLite failed in the middle of the run: no more cache for this run; a damaged file is set aside so
        the next run starts a new one."""
        self._close()
        if _corrupt(e):
            try:
                aside = self._set_aside("damaged")
                self._notice(f"damaged ({e}) — set aside as {aside.name}; the rest of this run goes on without "
                             "a cache")
                return
            except OSError:
                pass
        self._notice(f"{e} — the rest of this run goes on without a cache")

    def _drop(self, key: str, reason: str) -> None:
        """An entry that cannot be decoded: a miss, and removed."""
        self.dropped += 1
        if self.dropped == 1:
            self._notice(f"an entry could not be read ({reason}) — dropped, the document is analysed again "
                         "(further ones silently)")
        try:
            self.db.execute("DELETE FROM documents WHERE key = ?", (key,))
            self.db.commit()
        except sqlite3.Error as e:
            self._fail(e)

    # -- the cache --

    def has(self, key: str) -> bool:
        """An entry for `key` that this codec wrote (one that is not is dropped: it could never be read)."""
        if self.db is None:
            return False
        try:
            row = self.db.execute("SELECT substr(doc, 1, ?) FROM documents WHERE key = ?", (len(MAGIC), key)).fetchone()
        except sqlite3.Error as e:
            self._fail(e)
            return False
        if row is None:
            return False
        if row[0] != MAGIC:
            self._drop(key, "not written by pipeline.batch.codec")
            return False
        return True

    def get(self, key: str):
        """The document (base level) or rendering (full level) of `key`; None if there is none, or it cannot be
        decoded, or the cache failed."""
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT level, doc FROM documents WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as e:
            self._fail(e)
            return None
        if row is None:
            return None
        level, blob = row
        try:
            return decode(blob, LEVELS.get(level))
        except CodecError as e:
            self._drop(key, str(e))
            return None

    def put(self, key: str, level: str, doc=None, blob: bytes | None = None) -> None:
        """Keep `doc` (or its `pack`ed `blob`) under `key`; committed at once, so a killed run resumes here."""
        if self.db is None or (doc is None and blob is None):
            return
        blob = pack(doc) if blob is None else blob
        if not isinstance(blob, bytes) or not blob.startswith(MAGIC):
            return  # not of this codec (a worker of other code): it would never be read
        try:
            self.db.execute("INSERT OR REPLACE INTO documents VALUES (?, ?, ?)", (key, level, blob))
            self.db.commit()
        except sqlite3.Error as e:
            self._fail(e)

    def close(self) -> None:
        self._close()

"""The incremental cache: analysed documents in SQLite, keyed by content and by everything that shapes
the analysis, so an unchanged document is never analysed twice and a killed run resumes where it stopped.

Two levels: `base` (everything but the codebook stages) is keyed by the file's sha256, the pipeline's
version and the hashes of models/* and the gazetteer; `full` adds the codebook's hash. A changed codebook
reruns only the codebook stages (formats, events) on the cached base document.
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
import zlib
from pathlib import Path

SCHEMA = "CREATE TABLE IF NOT EXISTS documents (key TEXT PRIMARY KEY, level TEXT, doc BLOB)"


def cache_key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class Store:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(SCHEMA)
        self.db.commit()

    def get(self, key: str):
        row = self.db.execute("SELECT doc FROM documents WHERE key = ?", (key,)).fetchone()
        return pickle.loads(zlib.decompress(row[0])) if row else None

    def has(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM documents WHERE key = ?", (key,)).fetchone() is not None

    def put(self, key: str, level: str, doc) -> None:
        blob = zlib.compress(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL), 3)
        self.db.execute("INSERT OR REPLACE INTO documents VALUES (?, ?, ?)", (key, level, blob))
        self.db.commit()  # each document is safe on disk as soon as it is done: a killed run resumes here

    def close(self) -> None:
        self.db.close()

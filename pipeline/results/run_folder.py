"""One reader of a finished run folder: its manifest (read once), whether it wrote --raw-csv cells, and its
OUT/data tables streamed with the spreadsheet apostrophe undone. The report, figures, KWIC, the data package
and the frequency layer read a run through it, so the manifest and the raw flag have one definition. A table read
whole keeps each short value once (shared_values); the document pages read the tables one document at a time
(rows_by_document)."""

from __future__ import annotations

import json
from collections import defaultdict
from functools import cached_property
from itertools import groupby
from pathlib import Path

from ..output.export import read_rows


class RunFolder:
    """A finished run in `out`: OUT/manifest.json, OUT/data/<name>.csv and the other files of its layout."""

    def __init__(self, out: Path):
        self.out = Path(out)
        self.data = self.out / "data"

    def path(self, *parts: str) -> Path:
        """A path inside the run folder: `path("data", "tokens.csv")`, `path("manifest.json")`."""
        return self.out.joinpath(*parts)

    def table_path(self, name: str) -> Path:
        return self.data / f"{name}.csv"

    def has(self, name: str) -> bool:
        """Whether the run wrote OUT/data/<name>.csv."""
        return self.table_path(name).exists()

    def table(self, name: str):
        """The rows of OUT/data/<name>.csv as dicts, streamed (cells as the documents have them); nothing when
        the run did not write it."""
        return read_rows(self.table_path(name), self.raw_csv)

    @cached_property
    def manifest(self) -> dict:
        """OUT/manifest.json; {} when there is none or it does not parse."""
        try:
            manifest = json.loads(self.path("manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return manifest if isinstance(manifest, dict) else {}

    @cached_property
    def raw_csv(self) -> bool:
        """Whether the run wrote its tables with --raw-csv (its manifest says; no manifest → no)."""
        try:
            return bool(self.manifest["limits"]["raw_csv"])
        except (KeyError, TypeError):
            return False

    @cached_property
    def codebook_path(self) -> Path | None:
        """The codebook the run used, as its manifest names it; None when it names none."""
        codebook = self.manifest.get("codebook")
        path = codebook.get("path") if isinstance(codebook, dict) else None
        return Path(path) if path else None


SHARED_UP_TO = 200  # characters: a value this short is kept once however many rows repeat it


def shared_values(rows) -> list[dict]:
    """The rows as a list, each short value one object however many rows hold it (a doc_id, a label, an entity id
    repeats in thousands of rows; csv makes a new string for each cell): entities.csv of 5,000 documents takes
    186 MB instead of 460 MB."""
    pool: dict[str, str] = {}
    keep = pool.setdefault
    return [{k: keep(v, v) if type(v) is str and len(v) <= SHARED_UP_TO else v for k, v in row.items()} for row in rows]


class OutOfOrder(Exception):
    """A table's rows are not grouped in the order of documents.csv (a table edited by hand)."""


def rows_by_document(folder: RunFolder, names: list[str], doc_ids: list[str], ordered: bool = True):
    """(doc_id, {table: its rows}) for each of `doc_ids` in turn, from the tables `names`. A run writes each table
    document after document in the order of documents.csv, so they are read as streams and only one document's
    rows are held; a table found in another order raises OutOfOrder (at the latest after the last document) —
    then `ordered=False` reads each table whole. Rows of no listed document are left out."""
    if not ordered:
        grouped = {name: defaultdict(list) for name in names}
        for name in names:
            for row in folder.table(name):
                grouped[name][row.get("doc_id", "")].append(row)
        for doc_id in doc_ids:
            yield doc_id, {name: grouped[name].get(doc_id, []) for name in names}
        return
    at = {doc_id: i for i, doc_id in enumerate(doc_ids)}
    streams = {name: groupby(folder.table(name), key=lambda r: r.get("doc_id", "")) for name in names}
    ahead: dict[str, tuple[int, list[dict]] | None] = dict.fromkeys(names)  # the group read past a document
    for i, doc_id in enumerate(doc_ids):
        rows = {}
        for name, stream in streams.items():
            rows[name] = []
            while True:
                if ahead[name] is None:
                    key, group = next(stream, (None, None))
                    if key is None:
                        break
                    if key not in at:
                        continue
                    ahead[name] = (at[key], list(group))
                pos, group_rows = ahead[name]
                if pos < i:
                    raise OutOfOrder(name)
                if pos > i:
                    break  # the next document's rows: this one has no more
                rows[name].extend(group_rows)
                ahead[name] = None
        yield doc_id, rows
    for name, stream in streams.items():
        if ahead[name] is not None or any(key in at for key, _ in stream):
            raise OutOfOrder(name)

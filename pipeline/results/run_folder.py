"""One reader of a finished run folder: its manifest (read once), whether it wrote --raw-csv cells, and its
OUT/data tables streamed with the spreadsheet apostrophe undone. The report, figures, KWIC, the data package
and the frequency layer read a run through it, so the manifest and the raw flag have one definition."""

from __future__ import annotations

import json
from functools import cached_property
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

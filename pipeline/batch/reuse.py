"""An unchanged rerun keeps the report it would write again (issue 18): when a run's datasets are byte for byte
those of the current run, and the code, the assets, the codebook and the report's options are the same, the
statistics, figures, report and data package of the current run are hard-linked into the new generation instead
of being computed again. The key of a report is kept in its generation (`.report-key`)."""

from __future__ import annotations

import hashlib
import json
import shutil
from importlib import metadata
from pathlib import Path

from ..output.outdir import link_or_copy
from .store import code_version

KEY_FILE = ".report-key"
REPORT_PARTS = ("report.html", "report", "report.md", "figures", "datapackage.json")  # besides the statistics in data/
LIBRARIES = ("vl-convert-python", "matplotlib", "scikit-learn", "frictionless")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def report_key(gen: Path, options: dict) -> str:
    """sha256 of what the report is made of: the run's tables (data/*.csv before any statistic is written), the
    code and its assets (results/assets), the libraries that draw it, and `options` (codebook, --group-by…)."""
    digest = hashlib.sha256(json.dumps({"code": code_version(), "options": options,
                                        "libraries": {n: _version(n) for n in LIBRARIES}}, sort_keys=True).encode())
    assets = Path(__file__).resolve().parent.parent / "results" / "assets"
    for path in [*sorted(assets.glob("*")), *sorted((gen / "data").glob("*.csv"))]:
        digest.update(b"\0" + path.name.encode("utf-8") + b"\0")
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def reuse_report(previous: Path | None, gen: Path, key: str) -> bool:
    """Hard-link the previous generation's statistics and report into `gen` when its key is `key`; False (and
    nothing linked) when it has none, another, or is not whole."""
    if previous is None or gen.resolve() == previous.resolve():
        return False
    try:
        if (previous / KEY_FILE).read_text(encoding="utf-8").strip() != key:
            return False
    except OSError:
        return False
    if not all((previous / name).exists() for name in REPORT_PARTS):
        return False
    mine = {p.name for p in (gen / "data").iterdir()}
    for src in (previous / "data").iterdir():
        if src.name not in mine and src.is_file():  # the statistics: freq_*.csv, keyness.csv, dtm.mtx…
            link_or_copy(src, gen / "data" / src.name)
    for name in REPORT_PARTS:
        src = previous / name
        if src.is_dir():
            shutil.copytree(src, gen / name, copy_function=link_or_copy, symlinks=True)
        else:
            link_or_copy(src, gen / name)
    keep_key(gen, key)
    return True


def keep_key(gen: Path, key: str) -> None:
    (gen / KEY_FILE).write_text(key + "\n", encoding="utf-8")

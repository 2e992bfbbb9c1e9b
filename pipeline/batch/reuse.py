"""An unchanged rerun keeps what it would write again (issue 18). Its datasets: when every file, the code, the models,
the options and the corrections are those the current run was made of (`datasets_key`, kept in the generation as
`.datasets-key`), the current run's tables and texts are hard-linked into the new generation instead of being
written again from the cache. Its report: when a run's datasets are byte for byte those of the current run, and
the code, the assets, the codebook and the report's options are the same, the statistics, figures, report and
data package of the current run are hard-linked into the new generation instead of being computed again (the key
of a report is kept as `.report-key`)."""

from __future__ import annotations

import hashlib
import json
import shutil
from importlib import metadata
from pathlib import Path

from ..core.code import code_version
from ..output.export import TABLES
from ..output.outdir import link_or_copy
from ..output.token_counts import COUNTS_FILE

KEY_FILE = ".report-key"
REPORT_PARTS = ("report.html", "report", "report.md", "figures", "datapackage.json")  # besides the statistics in data/
LIBRARIES = ("vl-convert-python", "matplotlib", "frictionless")  # what draws the report (tf-idf no longer calls scikit-learn)


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


# ---------------------------------------------------------------- the datasets of an unchanged corpus

DATASETS_KEY = ".datasets-key"


def datasets_key(entries: list, options: dict, model_hash: str, corrections_sha256: str | None) -> str | None:
    """sha256 of what a run's datasets are made of: the code, the models, the run's options, the corrections it
    applies, and each file in order — its doc_id, its path as shown and the cache key of its rendering (which
    holds its content, the codebook and the options that shape its rows) or the problem that kept it unread.
    `entries`: (doc_id, shown path, full cache key or None, problem or None); None (no reuse) when a readable
    file has no key (no cache)."""
    if any(key is None and problem is None for _, _, key, problem in entries):
        return None
    what = {"code": code_version(), "models": model_hash, "translit": options.get("translit"),
            "limits": options.get("limits"), "corrections": corrections_sha256, "files": entries}
    return hashlib.sha256(json.dumps(what, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def reuse_datasets(previous: Path | None, gen: Path, key: str | None) -> dict | None:
    """Hard-link the previous generation's datasets (data/ without its statistics, and text/) into `gen` when they
    were made of the same things (`key`) by a run in which no document failed (a failure may not happen again: a
    time limit, a worker killed); its manifest, else None (nothing linked)."""
    if key is None or previous is None or gen.resolve() == previous.resolve():
        return None
    try:
        if (previous / DATASETS_KEY).read_text(encoding="utf-8").strip() != key:
            return None
        manifest = json.loads((previous / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    names = [f"{name}.csv" for name in TABLES] + ["entity_index.csv", COUNTS_FILE]  # TABLES has corrections.csv
    if manifest.get("failed") or not all((previous / "data" / name).is_file() for name in names):
        return None
    (gen / "data").mkdir(parents=True, exist_ok=True)  # `gen` is new: nothing is written into it yet
    for name in names:
        link_or_copy(previous / "data" / name, gen / "data" / name)
    if (previous / "text").is_dir():
        shutil.copytree(previous / "text", gen / "text", copy_function=link_or_copy, symlinks=True)
    keep_datasets_key(gen, key)
    return manifest


def keep_datasets_key(gen: Path, key: str | None) -> None:
    if key is not None:
        (gen / DATASETS_KEY).write_text(key + "\n", encoding="utf-8")

"""Golden outputs of the sample corpus: what `pipeline run corpora` writes, compared as text."""

import csv
import io
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent
TABLES = ["documents", "authors", "sentences", "entities", "entity_index", "dates", "citations", "references", "formats", "events"]
MACHINE_COLUMNS = {"source_path"}  # depends on where the corpus lies


def snapshot(out: Path) -> dict:
    """{relative file name: content} of the parts of a run that must not change unnoticed."""
    files = {}
    for name in TABLES:
        with open(out / "data" / f"{name}.csv", encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        buf = io.StringIO()
        columns = [c for c in (rows[0].keys() if rows else []) if c not in MACHINE_COLUMNS]
        writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        files[f"{name}.csv"] = buf.getvalue()
    for path in sorted((out / "text").rglob("*.txt")):
        files[f"text/{path.relative_to(out / 'text').as_posix()}"] = path.read_text(encoding="utf-8")
    return files

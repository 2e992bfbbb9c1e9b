"""`pipeline eval --corrections`: how far a run's automatic output was from the output the scholar corrected — the
agreement figure of a methods section. The corrected tables are the run's; the automatic ones are the same with
every change of data/corrections.csv undone (for each row and column, the `before` of its first change).

- entities: one item per mention, (doc_id, sent_id, start, end, entity_id, label); a merge, a split, a new label
  or a drop makes the automatic item a false positive and the corrected one a false negative (a new normal form
  does not count).
- events: detection, one item per event, (doc_id, sent_id, category): a rejected event is a false positive, an
  added one a false negative, a new category both.
- event fields: the same items with date, actors (as a set), place and status: an event counts only when all of
  them were right.

Items are counted as multisets; precision = agreed / automatic, recall = agreed / corrected."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..output.export import read_rows
from ..output.outdir import run_folder
from .evaluate import GoldError, prf

TABLES = ("entities", "events", "event_fields")


def evaluate_corrections(out: Path) -> dict:
    """{table: precision, recall, f1, tp, fp, fn} of the automatic output of the run in `out` against its corrected
    output, with how many values were corrected and by which lines."""
    data = run_folder(out) / "data"
    if not (data / "corrections.csv").is_file():
        raise GoldError(f"{out} has no data/corrections.csv: run it again with this version of the pipeline")
    log = list(read_rows(data / "corrections.csv"))
    result = {}
    entities = _pairs(read_rows(data / "entities.csv"), log, "entities", mention_key, "entity_id")
    result["entities"] = _score(*(Counter(map(_mention, rows)) for rows in entities))
    events = _pairs(read_rows(data / "events.csv"), log, "events", lambda r: r["event_id"], "category")
    result["events"] = _score(*(Counter(map(_event, rows)) for rows in events))
    result["event_fields"] = _score(*(Counter(_event(r) + _fields(r) for r in rows) for rows in events))
    result["corrections"] = {"values": len(log), "lines": len({r["line"] for r in log})}
    return result


def mention_key(row: dict) -> str:
    return f"{row['doc_id']}:{row['sent_id']}:{row['start']}:{row['end']}"


def _pairs(rows, log: list[dict], table: str, key, present: str) -> tuple[list, list]:
    """(automatic rows, corrected rows) of a table: the corrected rows as written; the automatic ones the same, with
    the changes of `log` undone — a row exists where its `present` column is not empty."""
    first: dict[str, dict] = {}
    for entry in log:
        if entry["table"] == table:
            first.setdefault(entry["key"], {}).setdefault(entry["field"], entry["before"])
    corrected, automatic, seen = [], [], set()
    for row in rows:
        corrected.append(row)
        k = key(row)
        seen.add(k)
        automatic.append({**row, **first[k]} if k in first else row)
    for k, fields in first.items():  # rows that the corrections removed
        if k not in seen:
            automatic.append({**_from_key(table, k), **fields})
    return [r for r in automatic if r.get(present)], corrected


def _from_key(table: str, key: str) -> dict:
    if table == "entities":
        doc_id, sent_id, start, end = key.rsplit(":", 3)
        return {"doc_id": doc_id, "sent_id": sent_id, "start": start, "end": end}
    return {"event_id": key, "doc_id": key.rpartition("#")[0]}


def _mention(row: dict) -> tuple:
    return row["doc_id"], row["sent_id"], row["start"], row["end"], row["entity_id"], row["label"]


def _event(row: dict) -> tuple:
    return row["event_id"].rpartition("#")[0], row["sent_id"], row["category"]


def _fields(row: dict) -> tuple:
    return row.get("date", ""), ";".join(sorted(filter(None, row.get("actors", "").split(";")))), \
        row.get("place", ""), row.get("status", "")


def _score(automatic: Counter, corrected: Counter) -> dict:
    tp = sum((automatic & corrected).values())
    return prf(tp, sum(automatic.values()) - tp, sum(corrected.values()) - tp)


def format_corrections(result: dict) -> str:
    lines = [f"{'table':<14}{'P':>8}{'R':>8}{'F1':>8}{'TP':>7}{'FP':>6}{'FN':>6}"]
    for name in TABLES:
        s = result[name]
        lines.append(f"{name:<14}{s['precision']:>8.2f}{s['recall']:>8.2f}{s['f1']:>8.2f}"
                     f"{s['tp']:>7}{s['fp']:>6}{s['fn']:>6}")
    n = result["corrections"]
    lines.append(f"automatic output against the corrected one: {n['values']} values changed by {n['lines']} corrections")
    return "\n".join(lines)

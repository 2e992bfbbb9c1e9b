"""`pipeline eval`: strict span+label scores of the pipeline against gold JSONL."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from .runner import analyse
from .schema import Document

LABELS = ("PER", "ORG", "LOC")


def read_gold(path: Path):
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                record = json.loads(line)
                record.setdefault("id", f"line{n}")
                yield record


def run_record(record: dict, stages) -> Document:
    return analyse(Document(doc_id=str(record["id"]), source_path="", format="txt", raw=record["text"]), stages)


def predict(record: dict, stages) -> set:
    """Entity spans of the pipeline, mapped back to offsets in the gold text."""
    doc = run_record(record, stages)
    return {(*doc.raw_span(m.start, m.end), m.label) for m in doc.entities}


def date_counts(doc: Document, gold: list[dict]) -> Counter:
    """A gold date is found when a predicted date overlaps it, and found right when the value agrees too."""
    pred = [(*doc.raw_span(d.start, d.end), d.value) for d in doc.dates if d.start is not None]
    c = Counter()
    for g in gold:
        hits = [p for p in pred if p[0] < g["end"] and g["start"] < p[1]]
        c["found"] += bool(hits)
        c["right"] += any(p[2] == g["value"] for p in hits)
    c["gold"] += len(gold)
    c["predicted"] += len(pred)
    return c


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(100 * p, 2), "recall": round(100 * r, 2), "f1": round(100 * f, 2),
            "tp": tp, "fp": fp, "fn": fn}


def evaluate(gold_path: Path, stages) -> dict:
    counts = {label: Counter() for label in LABELS}
    dates = Counter()
    n = 0
    for record in read_gold(gold_path):
        n += 1
        doc = run_record(record, stages)
        if "dates" in record:
            dates.update(date_counts(doc, record["dates"]))
        gold = {(e["start"], e["end"], e["label"]) for e in record.get("entities", [])}
        pred = {(*doc.raw_span(m.start, m.end), m.label) for m in doc.entities}
        for label in LABELS:
            g = {s for s in gold if s[2] == label}
            p = {s for s in pred if s[2] == label}
            counts[label].update(tp=len(g & p), fp=len(p - g), fn=len(g - p))
    scores = {label: prf(c["tp"], c["fp"], c["fn"]) for label, c in counts.items()}
    total = sum(counts.values(), Counter())
    scores["micro"] = prf(total["tp"], total["fp"], total["fn"])
    result = {"gold": str(gold_path), "documents": n, "entities": scores}
    if dates["gold"]:
        result["dates"] = {
            kind: prf(dates[kind], dates["predicted"] - dates[kind], dates["gold"] - dates[kind])
            for kind in ("found", "right")
        }
    return result


def format_table(result: dict) -> str:
    rows = [f"{'label':<6} {'P':>6} {'R':>6} {'F1':>6} {'tp':>6} {'fp':>6} {'fn':>6}"]
    for label, s in result["entities"].items():
        rows.append(f"{label:<6} {s['precision']:>6.1f} {s['recall']:>6.1f} {s['f1']:>6.1f} "
                    f"{s['tp']:>6} {s['fp']:>6} {s['fn']:>6}")
    text = f"{result['gold']}: {result['documents']} documents, strict span+label\n" + "\n".join(rows)
    if "dates" in result:
        text += "\n\ndates (a gold date is found when a predicted one overlaps it; right when the EDTF value agrees)\n"
        text += "\n".join(f"{k:<6} {s['precision']:>6.1f} {s['recall']:>6.1f} {s['f1']:>6.1f}"
                           for k, s in result["dates"].items())
    return text

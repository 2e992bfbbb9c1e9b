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


def predict(record: dict, stages) -> set:
    """Entity spans of the pipeline, mapped back to offsets in the gold text."""
    doc = Document(doc_id=str(record["id"]), source_path="", format="txt", raw=record["text"])
    doc = analyse(doc, stages)
    return {(*doc.raw_span(m.start, m.end), m.label) for m in doc.entities}


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(100 * p, 2), "recall": round(100 * r, 2), "f1": round(100 * f, 2),
            "tp": tp, "fp": fp, "fn": fn}


def evaluate(gold_path: Path, stages) -> dict:
    counts = {label: Counter() for label in LABELS}
    n = 0
    for record in read_gold(gold_path):
        n += 1
        gold = {(e["start"], e["end"], e["label"]) for e in record.get("entities", [])}
        pred = predict(record, stages)
        for label in LABELS:
            g = {s for s in gold if s[2] == label}
            p = {s for s in pred if s[2] == label}
            counts[label].update(tp=len(g & p), fp=len(p - g), fn=len(g - p))
    scores = {label: prf(c["tp"], c["fp"], c["fn"]) for label, c in counts.items()}
    total = sum(counts.values(), Counter())
    scores["micro"] = prf(total["tp"], total["fp"], total["fn"])
    return {"gold": str(gold_path), "documents": n, "entities": scores}


def format_table(result: dict) -> str:
    rows = [f"{'label':<6} {'P':>6} {'R':>6} {'F1':>6} {'tp':>6} {'fp':>6} {'fn':>6}"]
    for label, s in result["entities"].items():
        rows.append(f"{label:<6} {s['precision']:>6.1f} {s['recall']:>6.1f} {s['f1']:>6.1f} "
                    f"{s['tp']:>6} {s['fp']:>6} {s['fn']:>6}")
    return f"{result['gold']}: {result['documents']} documents, strict span+label\n" + "\n".join(rows)

"""`pipeline eval`: strict span+label scores of the pipeline against gold JSONL."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from ..core.schema import Document, name_mentions
from ..core.stages import analyse

LABELS = ("PER", "ORG", "LOC")


class GoldError(ValueError):
    """A gold file that is not what `pipeline eval` reads: one line, with the line number."""


def read_gold(path: Path):
    """The records of a JSONL gold file; GoldError names the first line that is not a JSON object with
    `text` (entities), `facts` or `objects` (coreference)."""
    try:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError as e:
                    raise GoldError(f"{path}, line {n}: not JSON ({e.msg}) — the gold file must be JSONL, one "
                                    f"JSON object per line") from None
                if not isinstance(record, dict) or not ("text" in record or "facts" in record or "objects" in record):
                    raise GoldError(f"{path}, line {n}: not an object with \"text\" and \"entities\" (or \"facts\", "
                                    f"or \"objects\")")
                record.setdefault("id", f"line{n}")
                yield record
    except UnicodeDecodeError:
        raise GoldError(f"{path} is not UTF-8 text — the gold file must be JSONL in UTF-8") from None


def check_gold(path: Path) -> int:
    """The number of records, after reading the whole file once (GoldError before any model is built)."""
    n = sum(1 for _ in read_gold(path))
    if not n:
        raise GoldError(f"{path} holds no records")
    return n


def run_record(record: dict, stages) -> Document:
    return analyse(Document(doc_id=str(record["id"]), source_path="", format="txt", raw=record["text"]), stages)


def date_counts(doc: Document, gold: list[dict]) -> Counter:
    """A gold date is found when a predicted date overlaps it, and found right when the value agrees too."""
    # durations (`за 7 лет` → P7Y) are no calendar dates: the gold has none to match them
    pred = [(*doc.raw_span(d.start, d.end), d.value, d.kind) for d in doc.dates
            if d.start is not None and d.kind != "duration"]
    c = Counter()
    for g in gold:
        hits = [p for p in pred if p[0] < g["end"] and g["start"] < p[1]]
        c["found"] += bool(hits)
        c["right"] += any(p[2] == g["value"] for p in hits)
    c["gold"] += len(gold)
    # a citation year the gold leaves out is not counted against precision: gold sets differ on citations
    c["predicted"] += sum(1 for p in pred if p[3] != "citation" or
                          any(p[0] < g["end"] and g["start"] < p[1] for g in gold))
    return c


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(100 * p, 2), "recall": round(100 * r, 2), "f1": round(100 * f, 2),
            "tp": tp, "fp": fp, "fn": fn}


def format_counts(doc: Document, gold: list[dict]) -> Counter:
    """Overlap matching within a category: a gold format is found when a predicted one of its category overlaps it."""
    pred = [(*doc.raw_span(f.start, f.end), f.category) for f in doc.formats]
    c = Counter(gold=len(gold), predicted=len(pred))
    c["tp_gold"] = sum(any(p[2] == g["category"] and p[0] < g["end"] and g["start"] < p[1] for p in pred) for g in gold)
    c["tp_pred"] = sum(any(p[2] == g["category"] and p[0] < g["end"] and g["start"] < p[1] for g in gold) for p in pred)
    return c


def event_counts(doc: Document, gold: list[dict]) -> Counter:
    """Events match on (category, EDTF date); the place too when the gold gives one. A gold that annotates
    dated events only (tests/gold/sample.jsonl) says nothing of undated ones: they are not counted."""
    dated_only = all(g.get("date") for g in gold)
    pred = [(e.category, e.date, e.place_name) for e in doc.events if e.date or not dated_only]

    def same(g, p):
        return g["category"] == p[0] and g["date"] == p[1] and (not g.get("place") or g["place"] == p[2])

    c = Counter(gold=len(gold), predicted=len(pred))
    c["tp_gold"] = sum(any(same(g, p) for p in pred) for g in gold)
    c["tp_pred"] = sum(any(same(g, p) for g in gold) for p in pred)
    return c


def overlap_scores(c: Counter) -> dict:
    p = c["tp_pred"] / c["predicted"] if c["predicted"] else 0.0
    r = c["tp_gold"] / c["gold"] if c["gold"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(100 * p, 2), "recall": round(100 * r, 2), "f1": round(100 * f, 2),
            "gold": c["gold"], "predicted": c["predicted"]}


def evaluate(gold_path: Path, stages) -> dict:
    counts = {label: Counter() for label in LABELS}
    dates, formats, events = Counter(), Counter(), Counter()
    n, has_entities = 0, False
    for record in read_gold(gold_path):
        n += 1
        doc = run_record(record, stages)
        if "dates" in record:
            dates.update(date_counts(doc, record["dates"]))
        if "formats" in record:
            formats.update(format_counts(doc, record["formats"]))
        if "events" in record:
            events.update(event_counts(doc, record["events"]))
        has_entities = has_entities or bool(record.get("entities"))
        gold = {(e["start"], e["end"], e["label"]) for e in record.get("entities", [])}
        pred = {(*doc.raw_span(m.start, m.end), m.label) for m in name_mentions(doc.entities)}
        for label in LABELS:
            g = {s for s in gold if s[2] == label}
            p = {s for s in pred if s[2] == label}
            counts[label].update(tp=len(g & p), fp=len(p - g), fn=len(g - p))
    scores = {label: prf(c["tp"], c["fp"], c["fn"]) for label, c in counts.items()}
    total = sum(counts.values(), Counter())
    scores["micro"] = prf(total["tp"], total["fp"], total["fn"])
    result = {"gold": str(gold_path), "documents": n}
    if has_entities:
        result["entities"] = scores
    if dates["gold"]:
        result["dates"] = {
            kind: prf(dates[kind], dates["predicted"] - dates[kind], dates["gold"] - dates[kind])
            for kind in ("found", "right")
        }
    if formats["gold"]:
        result["formats"] = overlap_scores(formats)
    if events["gold"]:
        result["events"] = overlap_scores(events)
    return result


def format_table(result: dict) -> str:
    rows = [f"{'label':<6} {'P':>6} {'R':>6} {'F1':>6} {'tp':>6} {'fp':>6} {'fn':>6}"]
    for label, s in result.get("entities", {}).items():
        rows.append(f"{label:<6} {s['precision']:>6.1f} {s['recall']:>6.1f} {s['f1']:>6.1f} "
                    f"{s['tp']:>6} {s['fp']:>6} {s['fn']:>6}")
    text = f"{result['gold']}: {result['documents']} documents"
    if "entities" in result:
        text += ", entities: strict span+label\n" + "\n".join(rows)
    if "dates" in result:
        text += "\n\ndates (a gold date is found when a predicted one overlaps it; right when the EDTF value agrees)\n"
        text += "\n".join(f"{k:<6} {s['precision']:>6.1f} {s['recall']:>6.1f} {s['f1']:>6.1f}"
                           for k, s in result["dates"].items())
    for key, what in (("formats", "formats (overlap, same category)"), ("events", "events (same category and date)")):
        if key in result:
            sc = result[key]
            text += f"\n\n{what}\nall    {sc['precision']:>6.1f} {sc['recall']:>6.1f} {sc['f1']:>6.1f}"
    return text

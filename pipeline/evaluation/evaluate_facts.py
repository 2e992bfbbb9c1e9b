"""`pipeline eval FACTS.jsonl`: the pipeline against who-met-whom and who-dealt-with-whom facts.

The facts file (factRuEval-2016's Meeting and Deal facts, ../shared/eval/README.md) holds, per document id,
facts with a type (meeting, deal) and participants, each with the offsets of all its mentions in the text of the
document. The texts come from a sibling JSONL with {"id", "text"} records (factru-dev.jsonl by default).

For each fact, its sentence is the first of the pipeline's sentences that holds a mention of every participant
(else the one holding most). Scored:
- detection: a format row of the fact's family (codebook `family`: meeting or deal) sits in that sentence;
- participants: a participant is found when an event row of that family in that sentence names it (one of its
  actors' mentions overlaps one of the participant's mentions);
- two or more: an event row of that family in that sentence names at least two of the fact's participants.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from ..core.schema import Document
from .evaluate import read_gold, run_record

DEFAULT_TEXTS = "factru-dev.jsonl"


def is_facts(path: Path) -> bool:
    first = next(read_gold(path), {})
    return "facts" in first and "text" not in first


def read_texts(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        return {r["id"]: r["text"] for r in map(json.loads, filter(str.strip, f))}


def fact_sentence(doc: Document, participants: list) -> int | None:
    """The sent_id of the first sentence that holds a mention of every participant, else of most of them."""
    best, best_n = None, 0
    for s in doc.sentences:
        a, b = doc.raw_span(s.start, s.end)
        n = sum(any(a <= m[0] < b for m in p["mentions"]) for p in participants)
        if n == len(participants):
            return s.sent_id
        if n > best_n:
            best, best_n = s.sent_id, n
    return best


def actor_spans(doc: Document, event) -> list[tuple[int, int]]:
    """Offsets in the gold text of every mention of the event's actors."""
    ids = set(event.actors)
    return [doc.raw_span(m.start, m.end) for x in doc.entities for m in [x] + list(x.parts) if m.entity_id in ids]


def named(spans, participant) -> bool:
    """Whether one of the actors' mentions (`actor_spans`) overlaps one of the participant's mentions."""
    return any(a < g[1] and g[0] < b for a, b in spans for g in participant["mentions"])


def score_fact(doc: Document, fact: dict, families: dict) -> Counter:
    c = Counter(facts=1, participants=len(fact["participants"]))
    sid = fact_sentence(doc, fact["participants"])
    family = fact["type"]
    if sid is None:
        return c
    c["detected"] = any(f.sent_id == sid and families.get(f.category) == family for f in doc.formats)
    spans = [actor_spans(doc, e) for e in doc.events if e.sent_id == sid and families.get(e.category) == family]
    found = [p for p in fact["participants"] if any(named(s, p) for s in spans)]
    c["participants_found"] = len(found)
    c["two_or_more"] = any(sum(named(s, p) for p in fact["participants"]) >= 2 for s in spans)
    return c


def evaluate_facts(path: Path, stages, texts: Path | None = None) -> dict:
    texts = read_texts(texts or path.with_name(DEFAULT_TEXTS))
    book = next(s.codebook for s in stages if hasattr(s, "codebook"))
    families = {e.key: e.family for e in book.of("formats")}
    counts = {"meeting": Counter(), "deal": Counter()}
    rows = Counter()
    n = 0
    for record in read_gold(path):
        n += 1
        doc = run_record({"id": record["id"], "text": texts[record["id"]]}, stages)
        for fact in record["facts"]:
            counts.setdefault(fact["type"], Counter()).update(score_fact(doc, fact, families))
        rows.update(families.get(e.category, "") for e in doc.events)
    result = {"gold": str(path), "documents": n, "facts": {}}
    for family, c in counts.items():
        if c["facts"]:
            result["facts"][family] = {
                "facts": c["facts"], "detected": round(c["detected"] / c["facts"], 3),
                "participant_recall": round(c["participants_found"] / c["participants"], 3),
                "two_or_more": round(c["two_or_more"] / c["facts"], 3), "event_rows": rows[family]}
    return result


def format_facts(result: dict) -> str:
    lines = [f"{result['gold']}: {result['documents']} documents",
             "facts (detected: a format of the family in the fact's sentence; participants: named by an event row",
             "of that family there; two or more: one event row names at least two participants)",
             f"{'type':<8} {'facts':>6} {'detected':>9} {'particip.':>10} {'≥2 named':>9}"]
    for family, s in result["facts"].items():
        lines.append(f"{family:<8} {s['facts']:>6} {s['detected']:>9.2f} {s['participant_recall']:>10.2f} "
                     f"{s['two_or_more']:>9.2f}")
    return "\n".join(lines)

"""`pipeline eval COREF.jsonl`: one id per real-world object within a document, against a coreference layer.

The file (factRuEval-2016's coreference layer, ../shared/eval/README.md) holds, per document id, the objects of
the document, each with all its mentions (offsets into the text of the document in a sibling JSONL, and `named`:
false for a descriptor such as «компания» or «министр»). Scored:

- alignment: each gold mention is aligned to the predicted mention (an entity mention or one of its parts) that
  overlaps it most; a gold mention nothing overlaps is not found;
- coverage: the share of named and of descriptor mentions found;
- B³ over the aligned mentions: gold clusters are the objects, predicted clusters the `entity_id`s; precision
  and recall per mention, averaged over the mentions;
- ids per object: the number of distinct ids among an object's aligned mentions, averaged over the objects with
  any (1.0: every object found has one id).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from ..core.schema import Document
from .evaluate import read_gold, run_record
from .evaluate_facts import DEFAULT_TEXTS, read_texts


def is_coref(path: Path) -> bool:
    first = next(read_gold(path), {})
    return "objects" in first and "text" not in first


def predicted_spans(doc: Document) -> list[tuple[int, int, str]]:
    """(start, end, entity_id) in the gold text's offsets of every mention the document's entity ids cover."""
    return [(*doc.raw_span(m.start, m.end), m.entity_id)
            for x in doc.entities for m in [x, *x.parts] if m.entity_id]


def align(gold: list[dict], predicted: list[tuple[int, int, str]]) -> list[str | None]:
    """For each gold mention, the id of the predicted mention that overlaps it most, the shorter on a tie (None:
    none overlaps it)."""
    out = []
    for g in gold:
        best = max(((min(b, g["end"]) - max(a, g["start"]), a - b, entity_id) for a, b, entity_id in predicted
                    if min(b, g["end"]) > max(a, g["start"])), default=None)
        out.append(best[2] if best else None)
    return out


def document_counts(objects: list[dict], predicted: list[tuple[int, int, str]]) -> Counter:
    """B³ sums, coverage and ids per object of one document."""
    c = Counter()
    aligned = []  # (object, id) per aligned gold mention
    ids_per_object = defaultdict(set)
    for o in objects:
        ids = align(o["mentions"], predicted)
        for m, entity_id in zip(o["mentions"], ids):
            kind = "named" if m.get("named", True) else "descriptor"
            c[f"{kind}_gold"] += 1
            if entity_id is not None:
                c[f"{kind}_found"] += 1
                aligned.append((o["object"], entity_id))
                ids_per_object[o["object"]].add(entity_id)
    by_object, by_id = Counter(o for o, _ in aligned), Counter(i for _, i in aligned)
    both = Counter(aligned)
    for o, entity_id in aligned:
        c["b3_precision"] += both[o, entity_id] / by_id[entity_id]
        c["b3_recall"] += both[o, entity_id] / by_object[o]
    c["aligned"] += len(aligned)
    c["objects_found"] += len(ids_per_object)
    c["ids"] += sum(len(v) for v in ids_per_object.values())
    return c


def evaluate_coref(path: Path, stages, texts: Path | None = None) -> dict:
    texts = read_texts(texts or path.with_name(DEFAULT_TEXTS))
    total, n = Counter(), 0
    for record in read_gold(path):
        n += 1
        doc = run_record({"id": record["id"], "text": texts[record["id"]]}, stages)
        total.update(document_counts(record["objects"], predicted_spans(doc)))
    p = total["b3_precision"] / total["aligned"] if total["aligned"] else 0.0
    r = total["b3_recall"] / total["aligned"] if total["aligned"] else 0.0
    return {"gold": str(path), "documents": n, "coreference": {
        "b3_precision": round(p, 4), "b3_recall": round(r, 4), "b3_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "ids_per_object": round(total["ids"] / total["objects_found"], 4) if total["objects_found"] else 0.0,
        "named_coverage": round(total["named_found"] / total["named_gold"], 4) if total["named_gold"] else 0.0,
        "descriptor_coverage": round(total["descriptor_found"] / total["descriptor_gold"], 4)
        if total["descriptor_gold"] else 0.0,
        "objects_found": total["objects_found"], "aligned_mentions": total["aligned"],
        "named_mentions": total["named_gold"], "descriptor_mentions": total["descriptor_gold"]}}


def format_coref(result: dict) -> str:
    s = result["coreference"]
    return "\n".join([
        f"{result['gold']}: {result['documents']} documents",
        "coreference (each gold mention aligned to the predicted mention overlapping it most; B³ over those, gold",
        "clusters = objects, predicted = entity_id)",
        f"B³        P {s['b3_precision']:.3f}   R {s['b3_recall']:.3f}   F1 {s['b3_f1']:.3f}",
        f"ids per object   {s['ids_per_object']:.3f}   ({s['objects_found']} objects found; 1.0 is one id each)",
        f"coverage  named {s['named_coverage']:.3f} of {s['named_mentions']}   descriptors "
        f"{s['descriptor_coverage']:.3f} of {s['descriptor_mentions']}"])

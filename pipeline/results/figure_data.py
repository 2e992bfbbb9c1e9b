"""What each figure of a run shows, as plain values (lists, numbers, strings): the part of the run's data it draws
and nothing else. figures.py draws each from these alone, so the values are also the figure's key (figure_reuse):
a rerun in which one document changed draws again only the figures whose values changed — a document outside the
30 largest leaves `documents_by_language` as it was.

Each function returns None when the run has nothing to draw (the figure's stale files are then removed)."""

from __future__ import annotations

from collections import Counter

from .report_data import LABELS, Run

TOP_DOCUMENTS = 30  # rows of a chart with a row per document
TOP_CATEGORIES = 17  # columns of the formats heatmap (the codebook has 17 formats) and rows of the timeline
TIMELINE_MARKS = 200  # events whose midpoints are closer than 1/200 of the time axis share a mark
STATUSES = ("occurred", "planned", "unknown")  # an event's status as the timeline tells them apart


def top_documents(sizes: dict[str, float], n: int = TOP_DOCUMENTS) -> list[str]:
    """All documents (their order kept) when there are at most `n`; else the `n` largest, largest first."""
    if len(sizes) <= n:
        return list(sizes)
    return sorted(sizes, key=lambda d: (-sizes[d], d))[:n]


def documents_data(run: Run) -> dict | None:
    """Tokens per language of the TOP_DOCUMENTS largest documents, and of how many."""
    sizes = {d: sum(run.tokens_by_lang.get(d, {}).values()) for d in run.ok_doc_ids}
    sizes = {d: n for d, n in sizes.items() if n}
    if not sizes:
        return None
    docs = top_documents(sizes)
    langs = [lang for lang in ("ru", "en", "other") if any(run.tokens_by_lang[d].get(lang) for d in docs)]
    tokens = {lang: [run.tokens_by_lang[d].get(lang, 0) for d in docs] for lang in langs}
    return {"docs": docs, "tokens": tokens, "of": len(sizes)}


def entities_data(run: Run, n: int = 10) -> dict | None:
    """Per type, the `n` most mentioned actors: [label, [[name, mentions]…]]."""
    panels = [[label, [[e.display, e.mentions] for e in run.top_entities(label, n)]] for label in LABELS]
    panels = [panel for panel in panels if panel[1]]
    return {"panels": panels} if panels else None


def formats_data(run: Run) -> dict | None:
    """Format mentions of the TOP_DOCUMENTS documents with most, in the TOP_CATEGORIES most mentioned formats."""
    docs = list(run.ok_doc_ids)
    totals = Counter({c: sum(run.format_counts.get((d, c), 0) for d in docs) for c in run.format_categories})
    cats = [c for c in run.format_categories if totals[c]]
    if not docs or not cats:
        return None
    n_cats = len(cats)
    if n_cats > TOP_CATEGORIES:
        kept = set(sorted(cats, key=lambda c: (-totals[c], c))[:TOP_CATEGORIES])
        cats = [c for c in cats if c in kept]
    mentions = {d: sum(run.format_counts.get((d, c), 0) for c in cats) for d in docs}
    if len(docs) > TOP_DOCUMENTS:
        docs = top_documents({d: n for d, n in mentions.items() if n})
    counts = [[run.format_counts.get((d, c), 0) for c in cats] for d in docs]
    return {"docs": docs, "cats": cats, "counts": counts, "of_docs": len(run.ok_doc_ids), "of_cats": n_cats}


def timeline_marks(events: list[dict], cats: list[str], lo: float, hi: float) -> Counter:
    """(category, status, midpoint, range or None) → events. Midpoints and range ends are rounded to 1/TIMELINE_MARKS
    of the axis (about a marker's width), so a thousand events of one year are one mark, not a thousand."""
    step = (hi - lo + 1.2) / TIMELINE_MARKS
    marks: Counter = Counter()
    for e in events:
        if e["category"] not in cats:
            continue
        a, b = e["span"]
        status = e.get("status") if e.get("status") in STATUSES else "unknown"
        bar = (round(a / step) * step, round(b / step) * step) if b - a > 1.01 else None
        marks[(e["category"], status, round((a + b) / 2 / step) * step, bar)] += 1
    return marks


def timeline_data(run: Run) -> dict | None:
    """The dated events' marks (timeline_marks) in the TOP_CATEGORIES formats with most events, in drawing order:
    [category, status, midpoint, range or None, events]."""
    events = [e for e in run.events if e["span"]]
    if not events:
        return None
    per_cat = Counter(e["category"] for e in events)
    cats = [c for c in run.format_categories if c in per_cat] + sorted(set(per_cat) - set(run.format_categories))
    if len(cats) > TOP_CATEGORIES:
        kept = set(sorted(cats, key=lambda c: (-per_cat[c], c))[:TOP_CATEGORIES])
        cats = [c for c in cats if c in kept]
    lo = min(e["span"][0] for e in events)
    hi = max(e["span"][1] for e in events)
    marks = timeline_marks(events, cats, lo, hi)
    order = sorted(marks.items(), key=lambda kv: (kv[0][2], kv[0][3] or (), kv[0][0], STATUSES.index(kv[0][1])))
    return {"cats": cats, "lo": lo, "hi": hi, "events": len(events),
            "marks": [[cat, status, x, list(bar) if bar else None, n] for (cat, status, x, bar), n in order]}


def network_data(run: Run) -> dict | None:
    """The strongest part of the co-occurrence graph (Run.network): its nodes with their name, type and mentions,
    its edges as [node, node, count]."""
    nodes, edges = run.network()
    if len(nodes) < 2 or not edges:
        return None
    _, source = run.cooccurrence
    return {"nodes": [[run.entity_name(n), run.entity_label(n), run.actors[n].mentions if n in run.actors else 1]
                      for n in nodes],
            "edges": [[nodes.index(a), nodes.index(b), w] for a, b, w in edges], "source": source}


def lemmas_data(run: Run, n: int = 15) -> dict | None:
    """The `n` most frequent content lemmas of each of the corpus's first three languages: [lang, [[lemma, count]…]]."""
    panels = [[lang, [list(item) for item in run.top_lemmas(lang, n)]] for lang in run.lemma_langs[:3]]
    panels = [panel for panel in panels if panel[1]]
    return {"panels": panels} if panels else None

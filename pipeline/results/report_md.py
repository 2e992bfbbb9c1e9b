"""OUT/report.md: the run in plain text for a paper's methods section — counts, top entities, formats, events.

Every value from the data (titles, doc_ids, entity names, categories, the corpus's folder) goes through `text`: a
Markdown reader renders report.md, and an HTML document's `<title><img src=x onerror=alert(1)></title>` must be
shown there, not run.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ..output.export import atomic_write_text
from .report_data import LABELS, LANG_NAMES, Run, as_int, short

HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
ACTIVE = re.compile(r"([\\`|\[\]])")  # what would end a table cell, open a code span, a link or an image


def text(value) -> str:
    """A value from the data as inline Markdown: on one line, its HTML shown as text (`&lt;img …&gt;`), and `\\`,
    backticks, `|`, `[` and `]` escaped with a backslash. `*` and `_` are left: at worst they set a word in italics."""
    one_line = " ".join(str(value if value is not None else "").split())
    return ACTIVE.sub(r"\\\1", one_line.translate(HTML))


def md_table(headers: list[str], rows: list[list], right: set[int] = frozenset()) -> str:
    lines = ["| " + " | ".join(headers) + " |",
             "|" + "|".join("---:" if i in right else "---" for i in range(len(headers))) + "|"]
    lines += ["| " + " | ".join(text(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def write_markdown(run: Run, path: Path) -> Path:
    parts = _corpus(run) + _methods(run) + _tables(run)
    atomic_write_text(path, "\n".join(parts))
    return path


def _corpus(run: Run) -> list[str]:
    """The title, the corpus in numbers, its documents and the files with errors or warnings."""
    m = run.manifest
    docs = run.documents
    ok = [d for d in docs if d.get("status", "ok") == "ok"]
    total = lambda key: sum(as_int(d.get(key)) for d in ok)  # noqa: E731
    langs = Counter(lang for d in ok for lang in (d.get("languages") or "").split(";") if lang)
    parts = [f"# Corpus report: {text(run.corpus_name)}\n",
             f"Run of {text(run.run_date)} with pipeline {text(m.get('pipeline', '?'))} "
             f"(Python {text(m.get('python', '?'))}).\n",
             "## Corpus\n",
             f"The corpus holds {len(docs)} documents; {len(ok)} were analysed"
             + (f" and {len(docs) - len(ok)} could not be read" if len(docs) > len(ok) else "")
             + f". They contain {total('n_sentences'):,} sentences, {total('n_tokens'):,} tokens and "
             f"{total('n_entities'):,} entity mentions of {len(run.index):,} distinct entities, "
             f"{run.count('dates'):,} dates, {run.count('citations'):,} in-text citations, "  # counted, not kept
             f"{run.count('formats'):,} mentions of cooperation formats and {len(run.rows('events')):,} events "
             f"({sum(1 for r in run.rows('events') if r.get('date')):,} dated). "
             "Languages (documents with paragraphs in each): "
             + ", ".join(f"{text(LANG_NAMES.get(k, k))} {v}" for k, v in langs.most_common()) + ".\n",
             md_table(["doc_id", "title", "year", "languages", "tokens", "entities", "status"],
                      [[d["doc_id"], short(d.get("title", ""), 80), d.get("year", ""), d.get("languages", ""),
                        d.get("n_tokens", ""), d.get("n_entities", ""), d.get("status", "")] for d in docs], {4, 5})]
    for level, title in (("error", "Files that could not be analysed"), ("warning", "Files analysed with warnings")):
        if chosen := run.problems(level):
            parts.append(f"{title}:\n")
            parts.append(md_table(["doc_id", "code", "message"], [[r["doc_id"], r.get("code", ""), r.get("message", "")]
                                                                  for r in chosen]))
    return parts


def _methods(run: Run) -> list[str]:
    """The methods paragraph, with the versions of the libraries and the codebook's hash."""
    m = run.manifest
    parts = []
    lib = {k: text(v) for k, v in (m.get("libraries") or {}).items()}
    sha = text(((m.get("codebook") or {}).get("sha256") or "")[:12])
    parts.append("## Methods\n")
    parts.append("Texts were cleaned of PDF artefacts, split into sentences and tokens, lemmatised and tagged for named "
                 f"entities with natasha {lib.get('natasha', '')} and pymorphy3 {lib.get('pymorphy3', '')} (Russian) and "
                 f"spaCy {lib.get('spacy', '')} (English); entities were linked to one id per real-world entity with a "
                 "gazetteer; dates were normalised to EDTF; cooperation formats were found with a bilingual lemma "
                 f"codebook (sha256 {sha}) and joined with dates, actors and places into events.\n")
    return parts


def _tables(run: Run) -> list[str]:
    """Top entities, cooperation formats, the events timeline and keyness."""
    parts = []
    parts.append("## Top entities (mentions as actors)\n")
    for label in LABELS:
        top = run.top_entities(label, 10)
        if top:
            parts.append(f"**{label}**\n")
            parts.append(md_table(["entity", "English", "id", "mentions", "documents"],
                                  [[x.name, x.name_en, x.entity_id, x.mentions, len(x.docs)] for x in top], {3, 4}))
    if run.format_counts:
        parts.append("## Cooperation formats\n")
        totals = Counter()
        for (_, cat), n in run.format_counts.items():
            totals[cat] += n
        per_doc = {cat: sum(1 for (d, c), n in run.format_counts.items() if c == cat and n) for cat in totals}
        parts.append(md_table(["format", "mentions", "documents"],
                              [[c, totals[c], per_doc[c]] for c in run.format_categories if totals.get(c)], {1, 2}))
    if run.events:
        status = Counter(r.get("status") or "unknown" for r in run.events)
        parts.append("## Events timeline\n")
        parts.append(f"{len(run.events)} events: " + ", ".join(f"{n} {text(k)}" for k, n in status.most_common())
                     + f"; {sum(1 for r in run.events if not r.get('date'))} undated.\n")
        parts.append(md_table(["date", "category", "place", "actors", "found by", "status", "doc_id"],
                              [[r.get("date", ""), r.get("category", ""), r.get("place_name", ""),
                                (r.get("actor_names") or "").replace(";", "; "),
                                (r.get("actor_how") or "").replace(";", "; "), r.get("status", ""), r["doc_id"]]
                               for r in run.events]))
    if run.keyness:
        parts.append("## Keyness (top over-used lemmas per document)\n")
        parts.append(md_table(["target", "lemmas (G²)"],
                              [[t, ", ".join(f"{r.get('lemma')} ({r['_g2']:.1f})" for r in rows[:8])]
                               for t, rows in run.keyness.items()]))
    return parts

"""The corpus report of a finished run: OUT/report.html (self-contained: inline CSS and script, figures as data:
URIs), OUT/report/<doc_id>.html for every document and OUT/report.md for a paper's methods section."""

from __future__ import annotations

import base64
import shutil
from collections import Counter
from pathlib import Path

from ..core.text import slug
from ..output.export import atomic_write_text
from . import figures as figs
from .report_data import CORPUS, LABELS, LANG_NAMES, Run, as_int, group_by_doc, short
from .report_md import write_markdown
from .report_pages import badge, doc_href, e, note, page, table, write_doc_page

SECTIONS = [("glance", "At a glance"), ("entities", "Entities"), ("formats", "Formats"), ("events", "Events"),
            ("network", "Network"), ("keyness", "Keyness"), ("lemmas", "Lemmas"), ("documents", "Documents")]
TABLES = ["entities", "dates", "formats", "citations", "references", "events", "sentences"]


def figure(run: Run, name: str, caption: str, alt: str) -> str:
    """A chart as an <img> with a data: URI (the SVG of OUT/figures, else drawn now); '' when there is no data."""
    path = run.out / "figures" / f"{name}.svg"
    if path.exists():
        svg = path.read_bytes()
    else:
        fig = figs.build(run, name)
        if fig is None:
            return ""
        svg = figs.svg_bytes(fig)
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    files = ""
    if path.exists():
        files = f" Files: <a href=\"figures/{name}.svg\">SVG</a> · <a href=\"figures/{name}.png\">PNG (300 dpi)</a>."
    return f"<figure><img src=\"{uri}\" alt=\"{e(alt)}\"><figcaption>{caption}{files}</figcaption></figure>"


def doc_link(run: Run, doc_id: str, anchor: str = "", text: str | None = None) -> str:
    if doc_id not in run.doc_keys:
        return e(text or doc_id)
    return f"<a href=\"{doc_href(doc_id)}{anchor}\" title=\"{e(doc_id)}\">{e(text or doc_id)}</a>"


def glance(run: Run) -> str:
    docs = run.documents
    ok = [d for d in docs if d.get("status", "ok") == "ok"]
    langs = Counter(lang for d in ok for lang in (d.get("languages") or "").split(";") if lang)
    total = lambda key: sum(as_int(d.get(key)) for d in ok)  # noqa: E731
    cards = [(len(docs), "documents"), (len(docs) - len(ok), "failed"), (f"{total('n_tokens'):,}", "tokens"),
             (f"{total('n_sentences'):,}", "sentences"), (f"{total('n_entities'):,}", "entity mentions"),
             (len(run.index), "distinct entities"), (run.count("dates"), "dates"), (run.count("formats"), "format mentions"),
             (run.count("events"), "events"), (run.count("citations"), "citations")]
    html = "<div class=\"cards\">" + "".join(f"<div class=\"card\"><b>{v}</b><span>{k}</span></div>" for v, k in cards) + "</div>"
    lang_text = ", ".join(f"{LANG_NAMES.get(k, k)} ({v})" for k, v in langs.most_common())
    html += f"<p class=\"lead\">Languages of the documents' paragraphs: {e(lang_text) or '—'}.</p>"
    rows = []
    for d in docs:
        rows.append([e(run.doc_keys[d["doc_id"]]), doc_link(run, d["doc_id"]), e(short(d.get("title", ""), 90)),
                     e(short((d.get("authors") or "").replace(";", ", "), 40)), e(d.get("year")), e(d.get("format")),
                     " ".join(badge(x, "lang") for x in (d.get("languages") or "").split(";") if x),
                     f"{as_int(d.get('n_tokens')):,}", f"{as_int(d.get('n_entities')):,}",
                     badge(d.get("status") or "ok", "error" if d.get("status") == "error" else "ok")])
    html += table(["#", "document", "title", "authors", "year", "format", "languages", "tokens", "entities", "status"],
                  rows, ["muted", "", "", "", "num", "", "", "num", "num", ""])
    sized = sum(1 for d in run.ok_doc_ids if sum(run.tokens_by_lang.get(d, {}).values()))
    top = (f" The {figs.TOP_DOCUMENTS} largest of {sized:,} documents; the table above lists every one."
           if sized > figs.TOP_DOCUMENTS else "")
    html += figure(run, "documents_by_language", f"Tokens per document, by the language of its sentences.{top}",
                   "Bar chart of tokens per document by language")
    for level, title in (("error", "Errors — not analysed"), ("warning", "Warnings — analysed, but check them")):
        if chosen := run.problems(level):
            html += f"<h3>{title}</h3>" + table(
                ["document", "file", "stage", "code", "message", "hint"],
                [[e(r.get("doc_id")), f"<span class=\"id\">{e(r.get('source_path'))}</span>", e(r.get("stage")),
                  e(r.get("code")), e(r.get("message")), e(r.get("hint"))] for r in chosen])
    if run.has("errors") and not run.problems("error"):
        html += "<p class=\"muted small\">No file failed.</p>"
    return html


def entities(run: Run) -> str:
    if not run.has("entities"):
        return note("entities.csv is missing: no entity tables.")
    names = {"PER": "People", "ORG": "Organisations", "LOC": "Places"}
    cols = []
    for label in LABELS:
        rows = []
        for ent in run.top_entities(label, 10):
            docs = sorted(ent.docs, key=lambda d: (-ent.docs[d], d))
            links = " ".join(doc_link(run, d, f"#m-{slug(ent.entity_id)}", run.doc_keys.get(d, d)) for d in docs[:5])
            links += " …" if len(docs) > 5 else ""
            english = ent.name_en if ent.name_en != ent.name else ""
            full = " · ".join(x for x in (ent.name, english, ent.entity_id) if x)
            rows.append([f"<div class=\"nm\" title=\"{e(full)}\">{e(short(ent.name, 60))}</div>"
                         f"<div class=\"nm2\" title=\"{e(full)}\">{e(english or ent.entity_id)}</div>", str(ent.mentions),
                         f"<span class=\"small\">{links}</span>"])
        body = table(["name", "mentions", "documents"], rows, ["", "num", ""]) if rows else "<p class=\"muted\">None.</p>"
        cols.append(f"<div><h3><span class=\"dot {label}\"></span>{names[label]} ({label})</h3>{body}</div>")
    html = ("<p class=\"lead\">Mentions as actors (cited authors and the papers' own authors are not counted); "
            "D1, D2… link to the first mention in each document (numbers as in the table above).</p>")
    html += f"<div class=\"grid3\">{''.join(cols)}</div>"
    chart = figure(run, "top_entities", "The ten most mentioned actors of each type.", "Bar charts of top entities")
    html += f"<details><summary>Chart for slides</summary>{chart}</details>" if chart else ""
    if run.cited_authors:
        top = run.cited_authors.most_common(15)
        html += "<details><summary>Most cited authors (in-text citations)</summary>" + table(
            ["author", "citations"], [[e(a), str(n)] for a, n in top], ["", "num"]) + "</details>"
    return html


def formats(run: Run) -> str:
    if not run.format_counts:
        return note("No cooperation-format mentions (formats.csv is missing or empty).")
    cats = [c for c in run.format_categories if any(run.format_counts.get((d, c)) for d in run.doc_ids)]
    top = max(run.format_counts.values())
    head = ["document"] + [f"<span>{e(c.replace('_', ' '))}</span>" for c in cats] + ["total"]
    rows = []
    for d in run.ok_doc_ids:
        cells, total = [doc_link(run, d, text=f"{run.doc_keys[d]} {short(d, 24)}")], 0
        for c in cats:
            n = run.format_counts.get((d, c), 0)
            total += n
            share = n / top
            bg = f"rgba(51,78,104,{0.08 + 0.82 * share:.2f})" if n else "transparent"
            fg = "#fff" if share > 0.45 else "inherit"
            cells.append(f"<span style=\"display:block;background:{bg};color:{fg};border-radius:3px\">{n or ''}</span>")
        rows.append(cells + [f"<b>{total}</b>"])
    totals = [sum(run.format_counts.get((d, c), 0) for d in run.ok_doc_ids) for c in cats]
    rows.append(["<b>corpus</b>"] + [f"<b>{t}</b>" for t in totals] + [f"<b>{sum(totals)}</b>"])
    html = "<p class=\"lead\">Mentions of each cooperation format of the codebook, per document" + (
        " (freq_formats.csv)." if run.has("freq_formats") else " (formats.csv).") + "</p>"
    grid = table(head, rows, [""] + ["h"] * len(cats) + ["num"], cls="heat")
    html += grid.replace("<th class=\"h\" data-sort>", "<th class=\"h rot\" data-sort>")
    top = (f" for the {figs.TOP_DOCUMENTS} documents with most mentions (of {len(run.ok_doc_ids):,})"
           if len(run.ok_doc_ids) > figs.TOP_DOCUMENTS else "")
    chart = figure(run, "formats_by_document", f"The same counts as a heatmap{top}.", "Heatmap of formats by document")
    html += f"<details><summary>Chart for slides</summary>{chart}</details>" if chart else ""
    cols = []
    if run.format_actors:
        rows = [[e(c.replace("_", " ")), "; ".join(f"{e(run.entity_name(k, False))} <span class=\"muted\">{n}</span>"
                                                  for k, n in actors[:4])]
                for c in run.format_categories + sorted(set(run.format_actors) - set(run.format_categories))
                if (actors := run.format_actors.get(c))]
        html += "<h3>Main actors of each format's events</h3>" + table(["format", "actors (events)"], rows, sortable=False)
    for dimension, title in (("sphere", "Spheres"), ("risk", "Risks")):
        if run.spheres[dimension]:
            rows = [[e(k.replace("_", " ")), str(n)] for k, n in run.spheres[dimension].most_common()]
            cols.append(f"<div><h3>{title} (sentences)</h3>" + table([dimension, "sentences"], rows, ["", "num"]) + "</div>")
    if cols:
        html += f"<div class=\"grid3\">{''.join(cols)}</div>"
    return html


def events(run: Run) -> str:
    if not run.has("events"):
        return note("events.csv is missing: no timeline.")
    evs = run.events
    if not evs:
        return note("No cooperation events in this corpus.")
    status = Counter(r.get("status") or "unknown" for r in evs)
    undated = sum(1 for r in evs if not r.get("date"))
    html = (f"<p class=\"lead\">{len(evs)} events ({', '.join(f'{n} {k}' for k, n in status.most_common())}; {undated} "
            "undated): concrete cooperation formats with who took part, date and place. The timeline shows the dated "
            "ones.</p>")
    html += figure(run, "events_timeline", "Each row a format category; filled dots occurred, diamonds planned; "
                   "a larger mark stands for several events.", "Timeline of events")
    rows = [[f"<span data-v=\"{e(r.get('date'))}\">{e(r.get('date'))}</span>", e(r.get("category", "").replace("_", " ")),
             e(r.get("place_name")), e((r.get("actor_names") or "").replace(";", "; ")), badge(r.get("status") or "unknown"),
             doc_link(run, r["doc_id"], f"#s-{r.get('sent_id')}", run.doc_keys.get(r["doc_id"]))] for r in evs]
    headers = ["date", "category", "place", "actors", "status", "doc"]
    html += table(headers, rows[:15])
    if len(rows) > 15:
        html += f"<details><summary>All {len(rows)} events</summary>{table(headers, rows)}</details>"
    return html


def network(run: Run) -> str:
    edges, source = run.cooccurrence
    if not edges:
        return note("No two entities occur together (no co-occurrence data).")
    html = figure(run, "cooccurrence_network", f"Nodes: the most connected entities; edges: co-occurrence counts "
                  f"({e(source)}).", "Co-occurrence network of entities")
    top = sorted(edges, key=lambda x: (-x[2], x[0], x[1]))[:20]
    rows = [[e(run.entity_name(a, False)), e(run.entity_name(b, False)), str(n), str(d)] for a, b, n, d in top]
    html += "<details><summary>The 20 strongest pairs</summary>" + table(
        ["entity", "entity", "co-occurrences", "documents"], rows, ["", "", "num", "num"]) + "</details>"
    if source != "cooccurrence.csv":
        html += "<p class=\"muted small\">cooccurrence.csv is absent: pairs counted from entities.csv, per sentence.</p>"
    return html


def keyness(run: Run) -> str:
    if not run.has("keyness"):
        return note("keyness.csv is absent (the frequency tables were not computed): no keyness.")
    if not run.keyness:
        return note("No lemma is significantly over-used in any document.")
    cards = []
    for target, rows in run.keyness.items():
        head = doc_link(run, target) if target in run.doc_keys else e(target)
        body = table(["lemma", "count", "G²"], [[f"<span title=\"{e(r.get('count_reference'))} in the rest of the corpus\">"
                                                 f"{e(r.get('lemma'))}</span>", e(r.get("count_target")), f"{r['_g2']:.1f}"]
                                                for r in rows[:10]], ["", "num", "num"], sortable=False)
        cards.append(f"<div class=\"kcard\"><h3>{head}</h3>{body}</div>")
    return ("<p class=\"lead\">Lemmas each document (or group) uses more than the rest of the corpus: log-likelihood "
            "G², p &lt; 0.05, positive effect (keyness.csv).</p>" + f"<div class=\"kgrid\">{''.join(cards)}</div>")


def lemmas(run: Run) -> str:
    if not run.has("freq_lemmas"):
        return note("freq_lemmas.csv is absent (the frequency tables were not computed): no lemma frequencies.")
    return figure(run, "top_lemmas", "Most frequent content lemmas of the corpus, per language (freq_lemmas.csv, "
                  f"rows <code>{CORPUS}</code>).", "Bar charts of top lemmas") or note("No lemma frequencies.")


def documents(run: Run) -> str:
    items = "".join(f"<li>{e(run.doc_keys[d['doc_id']])} {doc_link(run, d['doc_id'])} "
                    f"<span class=\"muted small\">{e(short(d.get('title', ''), 100))}</span></li>" for d in run.documents)
    return f"<p class=\"lead\">Each page shows the metadata and the cleaned text with its annotations.</p><ul>{items}</ul>"


def footer(run: Run) -> str:
    m = run.manifest
    libs = ", ".join(f"{k} {v}" for k, v in (m.get("libraries") or {}).items())
    files = " · ".join(f"<a href=\"data/{p.name}\">{e(p.name)}</a>" for p in sorted(run.data.glob("*.csv")))
    return (f"<footer><div class=\"wrap\"><p>pipeline {e(m.get('pipeline', ''))}, Python {e(m.get('python', ''))}; "
            f"corpus <code>{e(m.get('corpus', ''))}</code>, run {e(run.run_date)} in {e(m.get('seconds', ''))} s. "
            f"Libraries: {e(libs)}. Codebook sha256 <code>{e((m.get('codebook') or {}).get('sha256', '')[:16])}</code>, "
            f"transliteration {e(m.get('translit', ''))}.</p><p>Data: {files} · <a href=\"datapackage.json\">datapackage.json</a>"
            " · <a href=\"report.md\">report.md</a> · <a href=\"manifest.json\">manifest.json</a></p></div></footer>")


def write_report(out: Path) -> Path:
    """OUT/report.html, OUT/report/<doc_id>.html for every document and OUT/report.md; returns report.html."""
    out = Path(out)
    run = Run(out)
    builders = {"glance": glance, "entities": entities, "formats": formats, "events": events, "network": network,
                "keyness": keyness, "lemmas": lemmas, "documents": documents}
    nav = "".join(f"<a href=\"#{k}\">{name}</a>" for k, name in SECTIONS)
    sections = "".join(f"<section id=\"{k}\"><h2>{name if k != 'glance' else 'The corpus at a glance'}</h2>{builders[k](run)}</section>"
                       for k, name in SECTIONS)
    body = f"<nav class=\"toc\"><div class=\"wrap\">{nav}</div></nav><main class=\"wrap\">{sections}</main>{footer(run)}"
    n = len(run.documents)
    sub = f"{n} document{'s' if n != 1 else ''} · run of {e(run.run_date)} · pipeline {e(run.manifest.get('pipeline', ''))}"
    path = out / "report.html"
    atomic_write_text(path, page(run.corpus_name, run, body, subtitle=sub))

    folder = out / "report"
    shutil.rmtree(folder, ignore_errors=True)  # pages of documents no longer in the run must go
    grouped = {name: group_by_doc(run.rows(name)) for name in TABLES}
    for doc in run.documents:
        write_doc_page(run, doc, {name: grouped[name].get(doc["doc_id"], []) for name in TABLES}, folder)
    write_markdown(run, out / "report.md")
    return path

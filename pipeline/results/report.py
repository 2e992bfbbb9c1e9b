"""The corpus report of a finished run: OUT/report.html (self-contained: inline CSS, scripts and data),
OUT/report/<doc_id>.html for every document and OUT/report.md for a paper's methods section.

The corpus page is an explorer: its tables (explore.py) search, sort, filter and page in the browser, its charts
(charts.py) are Vega-Lite drawn by the Vega libraries inlined into the page; nothing is fetched."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from ..core import progress
from ..core.code import code_version
from ..output.export import atomic_write_text, replacing
from ..output.outdir import link_or_copy
from .charts import TOP_DOCUMENTS, all_charts
from .explore import payload, vega_bundle
from .report_data import LABELS, LANG_NAMES, Run, as_int, short
from .report_md import write_markdown
from .report_pages import (
    asset,
    doc_href,
    e,
    frame,
    note,
    page_inputs,
    table,
    write_doc_page,
)
from .run_folder import OutOfOrder, rows_by_document

SECTIONS = [("glance", "At a glance"), ("entities", "Entities"), ("formats", "Formats"), ("events", "Events"),
            ("network", "Network"), ("keyness", "Keyness"), ("lemmas", "Lemmas"), ("documents", "Documents"),
            ("corrections", "Corrections")]
TABLES = ["entities", "dates", "formats", "citations", "references", "events", "sentences"]


def doc_link(run: Run, doc_id: str) -> str:
    return f"<a href=\"{doc_href(doc_id)}\" title=\"{e(doc_id)}\">{e(doc_id)}</a>"


def figure_files(run: Run, *names: str) -> str:
    """Links to the static figures for a paper or slides (OUT/figures), where the run drew them."""
    drawn = run.figures if run.figures is not None else {n for n in names if (run.out / "figures" / f"{n}.svg").exists()}
    links = [f"<a href=\"figures/{n}.svg\">{n}.svg</a> · <a href=\"figures/{n}.png\">.png</a>" for n in names if n in drawn]
    return f"<p class=\"muted small\">Figures for a paper (300 dpi): {' · '.join(links)}.</p>" if links else ""


def chart(charts: dict, name: str, caption: str) -> str:
    """A chart's place in the page (drawn by the page's script from its spec); '' when there is no data."""
    if name not in charts:
        return ""
    return (f"<figure class=\"chart-box\"><div class=\"chart\" data-chart=\"{e(name)}\"></div>"
            f"<figcaption>{caption}</figcaption></figure>")


def data_table(name: str) -> str:
    """A table's place in the page (filled by the page's script)."""
    return f"<div class=\"explore\" id=\"t-{name}\" data-table-host=\"{name}\"></div>"


def glance(run: Run, charts: dict) -> str:
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
    html += (f"<p class=\"lead\">Languages of the documents' paragraphs: {e(lang_text) or '—'}. Every table below "
             "searches, sorts (click a column) and filters; a click on a chart filters the table it counts.</p>")
    html += "<div class=\"charts2\">" + "".join(x for x in (
        chart(charts, "documents_per_year", "Documents per year of publication and main language; a click filters the "
              "documents."),
        chart(charts, "documents_by_size", f"Tokens of the {TOP_DOCUMENTS} largest documents, by language.")) if x) + "</div>"
    html += data_table("documents") + figure_files(run, "documents_by_language")
    if run.rows("errors"):
        html += "<h3>Errors and warnings</h3>" + data_table("problems")
    elif run.has("errors"):
        html += "<p class=\"muted small\">No file failed.</p>"
    return html


def entities(run: Run, charts: dict) -> str:
    if not run.has("entities"):
        return note("entities.csv is missing: no entity tables.")
    names = {"PER": "People", "ORG": "Organisations", "LOC": "Places"}
    html = ("<p class=\"lead\">The most mentioned actors of each type (cited authors and the papers' own authors are not "
            "counted); the table has every entity in every role. Under <i>correct</i>, each row offers the lines to copy "
            "into <code>corrections.yaml</code>.</p>")
    html += "<div class=\"charts2\">" + "".join(
        f"<div><h3><span class=\"dot {label}\"></span>{names[label]}</h3>{chart(charts, f'top_{label}', 'A click filters the table.')}</div>"
        for label in LABELS if f"top_{label}" in charts) + "</div>"
    html += data_table("entities") + figure_files(run, "top_entities")
    if run.cited_authors:
        top = run.cited_authors.most_common(15)
        html += "<details><summary>Most cited authors (in-text citations)</summary>" + table(
            ["author", "citations"], [[e(a), str(n)] for a, n in top], ["", "num"]) + "</details>"
    return html


def formats(run: Run, charts: dict) -> str:
    if not run.format_counts:
        return note("No cooperation-format mentions (formats.csv is missing or empty).")
    html = "<p class=\"lead\">Mentions of each cooperation format of the codebook" + (
        " (freq_formats.csv)" if run.has("freq_formats") else " (formats.csv)") + "; a click on a bar or a cell filters "\
        "the mentions below.</p>"
    html += "<div class=\"charts2\">" + "".join(x for x in (
        chart(charts, "formats_by_category", "Mentions per format in the corpus."),
        chart(charts, "formats_by_document", f"Mentions per format in the {TOP_DOCUMENTS} documents with most.")) if x)
    html += "</div>" + data_table("formats") + figure_files(run, "formats_by_document")
    if run.format_actors:
        rows = [[e(c.replace("_", " ")), "; ".join(f"{e(run.entity_name(k, False))} <span class=\"muted\">{n}</span>"
                                                  for k, n in actors[:4])]
                for c in run.format_categories + sorted(set(run.format_actors) - set(run.format_categories))
                if (actors := run.format_actors.get(c))]
        html += "<h3>Main actors of each format's events</h3>" + table(["format", "actors (events)"], rows, sortable=False)
    cols = []
    for dimension, title in (("sphere", "Spheres"), ("risk", "Risks")):
        if run.spheres[dimension]:
            rows = [[e(k.replace("_", " ")), str(n)] for k, n in run.spheres[dimension].most_common()]
            cols.append(f"<div><h3>{title} (sentences)</h3>" + table([dimension, "sentences"], rows, ["", "num"]) + "</div>")
    if cols:
        html += f"<div class=\"grid3\">{''.join(cols)}</div>"
    return html


def events(run: Run, charts: dict) -> str:
    if not run.has("events"):
        return note("events.csv is missing: no timeline.")
    evs = run.events
    if not evs:
        return note("No cooperation events in this corpus.")
    status = Counter(r.get("status") or "unknown" for r in evs)
    undated = sum(1 for r in evs if not r.get("span"))
    years = [r["span"][0] for r in evs if r.get("span")]
    span = f", dated from {int(min(years))} to {int(max(years))}" if years else ""
    html = (f"<p class=\"lead\">{len(evs)} events ({', '.join(f'{n} {k}' for k, n in status.most_common())}; {undated} "
            f"undated{span}): concrete cooperation formats with who took part, date and place. Drag or scroll a time "
            "axis to zoom; click the legend to highlight a category, a mark to filter the table.</p>")
    html += chart(charts, "events_per_year", "Dated events per year (the first year of the date) and category.")
    html += chart(charts, "events_timeline", "Events by date and category: each event at its date (a range as a line) "
                  "or, past 600 dated events, one mark per year, category and status, sized by its events; colour: status.")
    html += chart(charts, "actor_matrix", "Events per actor and format: the actors with most events.")
    html += data_table("events") + figure_files(run, "events_timeline")
    return html


def network(run: Run, charts: dict) -> str:
    edges, source = run.cooccurrence
    if not edges:
        return note("No two entities occur together (no co-occurrence data).")
    html = chart(charts, "network", f"The most connected entities; an edge's width: sentences in which both occur "
                 f"({e(source)}). Hover a node for its name; a click filters the entity table.")
    return html + "<h3>Pairs</h3>" + data_table("pairs") + figure_files(run, "cooccurrence_network")


def keyness(run: Run, charts: dict) -> str:
    if not run.has("keyness"):
        return note("keyness.csv is absent (the frequency tables were not computed): no keyness.")
    if not run.keyness:
        return note("No lemma is significantly over-used in any document.")
    return ("<p class=\"lead\">Lemmas each document (or group) uses more than the rest of the corpus: log-likelihood "
            "G², p &lt; 0.05, positive effect (keyness.csv). Filter by document to see one.</p>" + data_table("keyness"))


def lemmas(run: Run, charts: dict) -> str:
    if not run.has("freq_lemmas"):
        return note("freq_lemmas.csv is absent (the frequency tables were not computed): no lemma frequencies.")
    found = [lang for lang in run.lemma_langs if f"lemmas_{lang}" in charts]
    html = "<div class=\"charts2\">" + "".join(
        f"<div><h3>{e(LANG_NAMES.get(lang, lang))}</h3>{chart(charts, f'lemmas_{lang}', 'Most frequent content lemmas.')}</div>"
        for lang in found) + "</div>"
    return html + data_table("lemmas") + figure_files(run, "top_lemmas")


def documents(run: Run, charts: dict) -> str:
    items = "".join(f"<li>{e(run.doc_keys[d['doc_id']])} {doc_link(run, d['doc_id'])} "
                    f"<span class=\"muted small\">{e(short(d.get('title', ''), 100))}</span></li>" for d in run.documents)
    n = len(run.documents)
    return (f"<details class=\"doclist\"><summary>All {n} document pages: the metadata and the cleaned text with its "
            f"annotations</summary><input type=\"search\" placeholder=\"Find a document…\" aria-label=\"find a document\">"
            f"<p class=\"count muted small\">{n} documents</p><ul>{items}</ul></details>")


def corrections(run: Run, charts: dict) -> str:
    return ("<p class=\"lead\">When the extraction is wrong, write the correction into <code>corrections.yaml</code> in "
            "your models folder (<code>--models</code>): every rerun applies it, marks the rows it changed "
            "(<code>source</code> = <code>correction</code>) and lists them in <code>data/corrections.csv</code>; "
            "<code>pipeline eval --corrections</code> tells how far the automatic output was from the corrected one. "
            "The <i>correct</i> cell of each entity and event row has its lines ready to copy; one per line:</p>"
            "<pre class=\"small\">- {merge: per/ivanov-i, into: per/ivanov-ivan-ivanovich}\n"
            "- {split: per/ivanov-i, doc: paper1, into: per/ivanov-i-p}\n"
            "- {entity: org/senat, name: Сенат Парламента Республики Казахстан, label: ORG}\n"
            "- {mention: paper1, sent: 12, start: 104, normal: Сенат Казахстана}\n"
            "- {drop: loc/m}\n- {reject: \"paper1#e3\"}\n"
            "- {event: \"paper1#e4\", category: forum, date: \"2019-05\", actors: [country/RU, country/KZ], status: occurred}\n"
            "- {add: paper1, sent: 12, category: agreement, date: \"2020\", actors: [country/RU], status: occurred}</pre>")


def footer(run: Run) -> str:
    m = run.manifest
    libs = ", ".join(f"{k} {v}" for k, v in (m.get("libraries") or {}).items())
    files = " · ".join(f"<a href=\"data/{p.name}\">{e(p.name)}</a>" for p in sorted(run.data.glob("*.csv")))
    return (f"<footer><div class=\"wrap\"><p>pipeline {e(m.get('pipeline', ''))}, Python {e(m.get('python', ''))}; "
            f"corpus <code>{e(m.get('corpus', ''))}</code>, run {e(run.run_date)} in {e(m.get('seconds', ''))} s. "
            f"Libraries: {e(libs)}. Codebook sha256 <code>{e((m.get('codebook') or {}).get('sha256', '')[:16])}</code>, "
            f"transliteration {e(m.get('translit', ''))}.</p><p>Data: {files} · <a href=\"datapackage.json\">datapackage.json</a>"
            " · <a href=\"report.md\">report.md</a> · <a href=\"manifest.json\">manifest.json</a></p></div></footer>")


def corpus_page(run: Run) -> Iterator[str]:
    """report.html, in pieces to write one after the other: the sections, then the data its explorer reads (a
    table at a time: explore.payload), the Vega libraries and the explorer."""
    charts = all_charts(run)
    builders = {"glance": glance, "entities": entities, "formats": formats, "events": events, "network": network,
                "keyness": keyness, "lemmas": lemmas, "documents": documents, "corrections": corrections}
    nav = "".join(f"<a href=\"#{k}\">{name}</a>" for k, name in SECTIONS)
    sections = "".join(f"<section id=\"{k}\"><h2>{name if k != 'glance' else 'The corpus at a glance'}</h2>"
                       f"{builders[k](run, charts)}</section>" for k, name in SECTIONS)
    n = len(run.documents)
    sub = f"{n} document{'s' if n != 1 else ''} · run of {e(run.run_date)} · pipeline {e(run.manifest.get('pipeline', ''))}"
    head, tail = frame(run.corpus_name, run, subtitle=sub, css=asset("explore.css") + asset("fixes.css"),
                       scripts=[vega_bundle(), asset("fixes.js"), asset("explore.js")])
    yield head + f"<nav class=\"toc\"><div class=\"wrap\">{nav}</div></nav><main class=\"wrap\">{sections}</main>{footer(run)}"
    yield "<script type=\"application/json\" id=\"report-data\">"
    yield from payload(run, charts)
    yield "</script>" + tail


PAGES_FILE = ".pages.json"  # in OUT/report: the key of each document's page (Pages)


class Pages:
    """A run's document pages, each kept from the `previous` run (hard-linked) when what it shows is the same —
    the page's inputs (report_pages.page_inputs), its text and the code that writes it hash to the key kept
    in report/.pages.json — and written otherwise: a rerun that changed one document writes one page."""

    def __init__(self, run: Run, folder: Path, previous: Path | None = None):
        self.run, self.folder, self.keys = run, folder, {}
        self.before = Path(previous) / "report" if previous is not None else None
        self.old = _page_keys(self.before) if self.before is not None and self.before.resolve() != folder.resolve() else {}
        self.base = code_version().encode()

    def write(self, doc: dict, rows: dict[str, list[dict]]) -> None:
        doc_id = doc["doc_id"]
        digest = hashlib.sha256(self.base)
        digest.update(page_inputs(self.run, doc, rows))
        path = self.run.out / "text" / f"{doc_id}.txt"
        digest.update(path.read_bytes() if path.is_file() else b"\0no text")
        key = self.keys[doc_id] = digest.hexdigest()
        if not (self.old.get(doc_id) == key and self._keep(doc_id)):
            write_doc_page(self.run, doc, rows, self.folder)

    def _keep(self, doc_id: str) -> bool:
        src, dst = self.before / f"{doc_id}.html", self.folder / f"{doc_id}.html"
        if not src.is_file() or not dst.resolve().is_relative_to(self.folder.resolve()):
            return False
        try:
            dst.parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(src, dst)
        except OSError:
            dst.unlink(missing_ok=True)
            return False
        return True

    def close(self) -> None:
        atomic_write_text(self.folder / PAGES_FILE, json.dumps(self.keys, ensure_ascii=False, sort_keys=True))


def _page_keys(folder: Path) -> dict:
    """The page keys a run's report folder kept ({} for none, or a damaged file)."""
    try:
        keys = json.loads((folder / PAGES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return keys if isinstance(keys, dict) else {}


def write_report(out: Path, figures=None, previous: Path | None = None) -> Path:
    """OUT/report/<doc_id>.html for every document, OUT/report.html and OUT/report.md; returns report.html. The
    last two link the figures: those `figures()` names (called once the pages are written: figures_process.shown,
    the figures being drawn meanwhile), else those whose SVG is in OUT/figures. A page the `previous` run folder has
    with the same key is kept (Pages)."""
    out = Path(out)
    run = Run(out)
    folder = out / "report"
    shutil.rmtree(folder, ignore_errors=True)  # pages of documents no longer in the run must go
    folder.mkdir(parents=True, exist_ok=True)
    pages = Pages(run, folder, previous)
    docs = run.rows("documents")  # in the order the run wrote them, as every table is: one document's rows at a time
    ids = [d["doc_id"] for d in docs]
    try:
        for doc, (_, rows) in zip(progress.items("report: document pages", docs, unit="pages"),
                                  rows_by_document(run.folder, TABLES, ids)):
            pages.write(doc, rows)
    except OutOfOrder:  # a table edited by hand: every page again, from tables read whole
        for doc, (_, rows) in zip(docs, rows_by_document(run.folder, TABLES, ids, ordered=False)):
            pages.write(doc, rows)
    pages.close()
    if figures is not None:
        run.figures = figures()
    path = out / "report.html"
    with progress.step("report: corpus page"):
        with replacing(path) as tmp, open(tmp, "w", encoding="utf-8") as f:
            f.writelines(corpus_page(run))
    with progress.step("report.md"):
        write_markdown(run, out / "report.md")
    return path

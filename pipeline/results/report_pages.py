"""HTML building blocks of the report (one inline stylesheet, one inline script) and the page of each document:
its metadata, then its cleaned text with entities, dates, formats and citations highlighted from their offsets."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from ..core.text import slug
from ..output.export import atomic_write_text
from .report_data import LANG_NAMES, Run, as_int

LAYERS = [("ent", "Entities"), ("date", "Dates"), ("fmt", "Formats"), ("cit", "Citations")]
ORDER = {"cit": 0, "fmt": 1, "ent": 2, "date": 3}  # outer first when two spans cover the same text


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    """A file of pipeline/results/assets (package data): the explorer's and the correction lines' CSS and script."""
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


def e(value) -> str:
    return escape("" if value is None else str(value), quote=True)


def doc_href(doc_id: str, prefix: str = "report/") -> str:
    return prefix + "/".join(quote(part) for part in doc_id.split("/")) + ".html"


def page(title: str, run: Run, body: str, root: str = "", subtitle: str = "", css: str = "",
         scripts: list[str] | None = None) -> str:
    """A whole HTML page: inline CSS (assets/report.css, then `css`) and scripts (assets/page.js, or `scripts` in
    their order), no external resource."""
    head, tail = frame(title, run, root, subtitle, css, scripts)
    return head + body + tail


def frame(title: str, run: Run, root: str = "", subtitle: str = "", css: str = "",
          scripts: list[str] | None = None) -> tuple[str, str]:
    """What comes before a page's body and what comes after it (page): a large page is written in pieces."""
    version = run.manifest.get("pipeline", "")
    sub = subtitle or (f"Run of {e(run.run_date)}" + (f" · pipeline {e(version)}" if version else ""))
    kicker = "Corpus report" if not root else f"Corpus report · <a href=\"{root}report.html\">{e(run.corpus_name)}</a>"
    head = ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{e(title)}</title>\n<style>{asset('report.css')}{css}</style>\n</head>\n<body>\n"
            f"<header class=\"top\"><div class=\"wrap\"><div class=\"kicker\">{kicker}</div><h1>{e(title)}</h1>"
            f"<div class=\"sub\">{sub}</div></div></header>\n")
    tail = ("\n" + "".join(f"<script>{script}</script>\n" for script in ([asset("page.js")] if scripts is None else scripts))
            + "</body>\n</html>\n")
    return head, tail


def table(headers: list, rows: list[list], classes: list[str] | None = None, sortable: bool = True, cls: str = "") -> str:
    """Cells are HTML already (escape with e()); `classes` per column ("num" right-aligns)."""
    classes = classes or [""] * len(headers)
    head = "".join(f"<th class=\"{c}\"{' data-sort' if sortable else ''}>{h}</th>" for h, c in zip(headers, classes))
    body = "".join("<tr>" + "".join(f"<td class=\"{c}\">{v}</td>" for v, c in zip(row, classes)) + "</tr>" for row in rows)
    return f"<div class=\"table-wrap\"><table class=\"{cls}\"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"


def note(text: str) -> str:
    return f"<p class=\"note\">{text}</p>"


def badge(value: str, kind: str = "") -> str:
    return f"<span class=\"badge {e(kind or value)}\">{e(value)}</span>"


# --------------------------------------------------------------------------------------- highlighted text


@dataclass
class Span:
    start: int
    end: int
    layer: str  # ent, date, fmt, cit
    cls: str
    title: str
    attrs: dict = field(default_factory=dict)

    def open(self) -> str:
        extra = "".join(f" {k}=\"{e(v)}\"" for k, v in self.attrs.items())
        return f"<span class=\"{e(self.cls)}\" title=\"{e(self.title)}\"{extra}>"


def paragraphs(text: str) -> list[tuple[int, int]]:
    ranges, pos = [], 0
    for m in re.finditer(r"\n[ \t]*\n\s*", text):
        ranges.append((pos, m.start()))
        pos = m.end()
    ranges.append((pos, len(text)))
    return [(a, b) for a, b in ranges if text[a:b].strip()]


def markup(text: str, start: int, end: int, spans: list[Span], anchors: dict[int, list[str]]) -> str:
    """text[start:end] as HTML with every span that overlaps it, well-formed whatever the overlaps: spans are
    cut at the boundaries of the others where they cross (a cut span is reopened with the same attributes)."""
    local = [Span(max(s.start, start), min(s.end, end), s.layer, s.cls, s.title, s.attrs)
             for s in spans if s.start < end and s.end > start]
    starting: dict[int, list[Span]] = defaultdict(list)
    for s in local:
        starting[s.start].append(s)
    points = {start, end} | {s.start for s in local} | {s.end for s in local} | {a for a in anchors if start <= a < end}
    bounds = sorted(points)
    out, stack = [], []
    for a, b in zip(bounds, bounds[1:] + [end]):
        ended = [i for i, s in enumerate(stack) if s.end <= a]
        if ended:
            cut = ended[0]
            reopen = [s for s in stack[cut:] if s.end > a]
            out.append("</span>" * (len(stack) - cut))
            stack = stack[:cut]
            for s in reopen:
                out.append(s.open())
                stack.append(s)
        for anchor in anchors.get(a, []) if a < end else []:
            out.append(f"<span class=\"anchor\" id=\"{e(anchor)}\"></span>")
        for s in sorted(starting.get(a, []), key=lambda s: (-s.end, ORDER.get(s.layer, 9))):
            out.append(s.open())
            stack.append(s)
        if b > a:
            out.append(e(text[a:b]).replace("\n", "<br>"))
    out.append("</span>" * len(stack))
    return "".join(out)


def offsets(row: dict) -> tuple[int, int] | None:
    try:
        a, b = int(row["start"]), int(row["end"])
    except (KeyError, TypeError, ValueError):
        return None
    return (a, b) if 0 <= a < b else None


def doc_spans(run: Run, rows: dict[str, list[dict]], text_len: int) -> list[Span]:
    refs = {r.get("ref_id"): r.get("text", "") for r in rows["references"]}
    spans = []
    for r in rows["entities"]:
        if (ab := offsets(r)) and ab[1] <= text_len:
            ent_id = r.get("entity_id", "")
            en = run.index.get(ent_id, {}).get("name_en", "")
            title = f"{r.get('label', '')} · {r.get('normal') or r.get('text', '')}\nid: {ent_id}\nrole: {r.get('role', '')}"
            if en and en != r.get("normal"):
                title += f"\nEnglish: {en}"
            if r.get("inside"):
                title += f"\ninside: {r['inside']}"
            cls = f"ent {r.get('label', '')}" + (" nested" if r.get("inside") else "")
            spans.append(Span(*ab, "ent", cls, title, {"data-id": ent_id, "data-sent": r.get("sent_id", ""),
                                                       "data-start": r.get("start", ""),
                                                       "data-normal": r.get("normal") or r.get("text", "")}))
    for r in rows["dates"]:
        if (ab := offsets(r)) and ab[1] <= text_len:
            title = f"date · EDTF {r.get('value', '')} ({r.get('precision', '')})\nkind: {r.get('kind', '')}"
            spans.append(Span(*ab, "date", "date", title))
    for r in rows["formats"]:
        if (ab := offsets(r)) and ab[1] <= text_len:
            title = f"format · {r.get('category', '')}\ntrigger: {r.get('lemma', '')}"
            spans.append(Span(*ab, "fmt", "fmt", title))
    for r in rows["citations"]:
        if (ab := offsets(r)) and ab[1] <= text_len:
            who = (r.get("authors") or "").replace(";", ", ") or r.get("title", "")
            title = f"citation · {who}, {r.get('year') or 'n.d.'}" + (f", p. {r['pages']}" if r.get("pages") else "")
            title += f"\nkind: {r.get('kind', '')}"
            if r.get("ref_id"):
                title += f"\n→ {r['ref_id']}: {refs.get(r['ref_id'], '')}"[:400]
            spans.append(Span(*ab, "cit", "cit", title))
    return spans


def read_text(run: Run, doc_id: str) -> str | None:
    path = run.out / "text" / f"{doc_id}.txt"
    if not path.exists():
        return None
    with open(path, encoding="utf-8", newline="") as f:  # offsets count "\r" too: no newline translation
        return f.read()


def text_html(text: str, spans: list[Span], anchors: dict[int, list[str]], sentences: list[dict]) -> str:
    sections = sorted((as_int(s.get("start"), -1), s.get("section", "")) for s in sentences)
    out, previous = [], None
    for a, b in paragraphs(text):
        section = next((sec for st, sec in sections if a <= st < b), previous)
        chunk = text[a:b]
        heading = (section != previous and section not in (None, "front", "body", "keywords") and len(chunk) <= 80
                   and "\n" not in chunk.strip() and ":" not in chunk and not chunk.rstrip().endswith((".", ",", ";")))
        tag = "h3 class=\"sec\"" if heading else "p"
        out.append(f"<{tag}>{markup(text, a, b, spans, anchors)}</{tag.split()[0]}>")
        previous = section
    return "\n".join(out)


def legend(counts: Counter) -> str:
    swatch = {"ent": "<span class=\"sw ent PER\">PER</span><span class=\"sw ent ORG\">ORG</span>"
                     "<span class=\"sw ent LOC\">LOC</span>",
              "date": "<span class=\"sw date\">1992</span>", "fmt": "<span class=\"sw fmt\">format</span>",
              "cit": "<span class=\"sw cit\">[…]</span>"}
    items = "".join(f"<label><input type=\"checkbox\" data-layer=\"{k}\" checked> {swatch[k]} {name} "
                    f"<span class=\"muted\">({counts[k]})</span></label>" for k, name in LAYERS)
    return (f"<div class=\"legend\">{items}</div><p class=\"muted small\">Hover a highlight for its normal form, id, "
            "EDTF value, category or source; click an entity to mark all its mentions.</p>")


def sidebar(run: Run, doc: dict, rows: dict[str, list[dict]], spans: list[Span]) -> str:
    """A document's side panel: layer toggles, the correction lines of a clicked name, actors, formats, key lemmas."""
    doc_id = doc["doc_id"]
    side = ["<h3>Highlights</h3>" + legend(Counter(s.layer for s in spans)),
            f"<h3>Correct</h3><div id=\"fix-panel\" data-doc=\"{e(doc_id)}\"><p class=\"muted small\">Click a "
            "highlighted name: the lines that correct it, to copy into corrections.yaml.</p></div>"]
    ents = Counter(r["entity_id"] for r in rows["entities"] if r.get("entity_id") and r.get("role") == "actor")
    if ents:
        english = (doc.get("languages") or "").startswith("en")
        items = "".join(f"<li><a href=\"#m-{slug(k)}\" title=\"{e(k)}\">{e(run.entity_name(k, english=english))}</a>"
                        f"<span class=\"muted\">{n}</span></li>" for k, n in ents.most_common(15))
        side.append(f"<h3>Actors</h3><ul>{items}</ul>")
    fmts = Counter(r["category"] for r in rows["formats"])
    if fmts:
        items = "".join(f"<li><span>{e(k.replace('_', ' '))}</span><span class=\"muted\">{n}</span></li>"
                        for k, n in fmts.most_common())
        side.append(f"<h3>Formats</h3><ul>{items}</ul>")
    if lemmas := key_lemmas(run, doc_id):
        items = "".join(f"<span title=\"G² {g2}\">{e(lemma)}</span>" for lemma, g2 in lemmas)
        side.append(f"<h3>Key lemmas</h3><div class=\"lemmas\">{items}</div>")
    return "".join(side)


def key_lemmas(run: Run, doc_id: str) -> list[tuple[str, int]]:
    """(lemma, G² rounded) of the 15 lemmas a document's page lists as its key ones; none without keyness.csv."""
    if not run.has("keyness"):
        return []
    return [(r.get("lemma", ""), round(r["_g2"])) for r in run.keyness.get(doc_id, [])[:15]]


def page_inputs(run: Run, doc: dict, rows: dict[str, list[dict]]) -> bytes:
    """Everything of the run a document's page shows besides its text: its documents.csv row, its rows, the index
    entries of its entities, its key lemmas and the corpus's name — what report.Pages hashes to tell whether the
    page of the previous run can be kept. (Their repr: the rows are dicts of strings in the tables' column order,
    and a repr is five times quicker than JSON.)"""
    ids = sorted({r.get("entity_id", "") for r in rows["entities"]})
    return repr([run.corpus_name, doc, rows, [run.index.get(i) for i in ids], key_lemmas(run, doc["doc_id"])]
                ).encode("utf-8", "replace")


def write_doc_page(run: Run, doc: dict, rows: dict[str, list[dict]], folder: Path) -> Path:
    doc_id = doc["doc_id"]
    root = "../" * (doc_id.count("/") + 1)
    path = folder / f"{doc_id}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    biblio = [("authors", "Authors"), ("journal", "Journal"), ("year", "Year"), ("volume", "Volume"), ("issue", "Issue"),
              ("doi", "DOI"), ("keywords", "Keywords"), ("udc", "UDC"), ("status", "Status"), ("error", "Error")]
    technical = [("source_path", "Source file"), ("sha256", "SHA-256"), ("format", "Format"), ("encoding", "Encoding"),
                 ("languages", "Languages"), ("n_chars", "Characters"), ("n_sentences", "Sentences"), ("n_tokens", "Tokens"),
                 ("n_entities", "Entity mentions"), ("running_headers", "Removed headers")]
    dl = lambda fields: "".join(f"<dt>{label}</dt><dd>{e(str(doc[k]).replace(';', '; '))}</dd>"  # noqa: E731
                                for k, label in fields if doc.get(k))
    meta = f"<dl class=\"meta\">{dl(biblio)}</dl><details><summary>File and processing</summary><dl class=\"meta\">" \
           f"{dl(technical)}</dl></details>"
    text = read_text(run, doc_id) if doc.get("status", "ok") == "ok" else None
    side, main = [], []
    if text is None:
        main.append(note("No text for this document" + (f": {e(doc.get('error'))}" if doc.get("error") else ".")))
    else:
        spans = doc_spans(run, rows, len(text))
        anchors: dict[int, list[str]] = defaultdict(list)
        first: dict[str, int] = {}
        for s in spans:
            if s.layer == "ent" and s.attrs["data-id"] not in first:
                first[s.attrs["data-id"]] = s.start
                anchors[s.start].append("m-" + slug(s.attrs["data-id"]))
        event_sents = {r.get("sent_id") for r in rows["events"]}
        for s in rows["sentences"]:
            if s.get("sent_id") in event_sents and (ab := offsets(s)):
                anchors[ab[0]].append(f"s-{s['sent_id']}")
        main.append(f"<article class=\"text\">{text_html(text, spans, anchors, rows['sentences'])}</article>")
        side.append(sidebar(run, doc, rows, spans))
    if rows["events"]:
        erows = [[e(r.get("date")), e(r.get("category", "").replace("_", " ")), e(r.get("place_name")),
                  e((r.get("actor_names") or "").replace(";", "; ")), badge(r.get("status") or "unknown"),
                  f"<a href=\"#s-{e(r.get('sent_id'))}\">{e(r.get('evidence', '')[:160])}</a>"] for r in rows["events"]]
        main.append("<h2>Events in this document</h2>" + table(["date", "category", "place", "actors", "status", "evidence"], erows))
    langs = " ".join(badge(LANG_NAMES.get(x, x), "lang") for x in (doc.get("languages") or "").split(";") if x)
    body = (f"<main class=\"wrap\"><p class=\"small\"><a href=\"{root}report.html\">← corpus report</a> · "
            f"<span class=\"id\">{e(doc_id)}</span> {langs}</p>{meta}"
            f"<div class=\"doc-layout\"><div>{''.join(main)}</div><aside class=\"side\">{''.join(side)}</aside></div></main>")
    title = doc.get("title") or doc_id
    atomic_write_text(path, page(title, run, body, root, subtitle=f"{e(doc.get('authors', '').replace(';', ', '))}"
                                 f"{' · ' if doc.get('authors') else ''}{e(doc_id)}", css=asset("fixes.css"),
                                 scripts=[asset("fixes.js"), asset("page.js")]))
    return path

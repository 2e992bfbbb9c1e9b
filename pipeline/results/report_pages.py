"""HTML building blocks of the report (one inline stylesheet, one inline script) and the page of each document:
its metadata, then its cleaned text with entities, dates, formats and citations highlighted from their offsets."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import quote

from ..core.text import slug
from ..output.export import atomic_write_text
from .report_data import LANG_NAMES, Run, as_int

CSS = """
:root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--zebra:#f5f7fa;--accent:#334e68;--accent2:#486581;
--per:#b5446e;--org:#3a6ea5;--loc:#c7851f;--date:#6b4fa0;--fmt:#2a8c82;--cit:#7b8794}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;scroll-padding-top:4rem}
body{margin:0;color:var(--ink);background:#fff;
font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue","Noto Sans","Liberation Sans",Arial,sans-serif}
a{color:var(--org);text-decoration:none}a:hover{text-decoration:underline}
.wrap{max-width:1240px;margin:0 auto;padding:0 1.5rem}
header.top{background:linear-gradient(90deg,#243b53,#334e68);color:#fff;padding:1.6rem 0 1.3rem}
header.top .kicker{text-transform:uppercase;letter-spacing:.09em;font-size:.75rem;opacity:.75}
header.top h1{margin:.15rem 0 .3rem;font-size:1.85rem;font-weight:650;letter-spacing:-.01em;line-height:1.2}
header.top .sub{opacity:.85;font-size:.92rem}header.top a{color:#bcccdc}
nav.toc{position:sticky;top:0;z-index:10;background:rgba(255,255,255,.96);border-bottom:1px solid var(--line);
backdrop-filter:blur(4px)}
nav.toc .wrap{display:flex;flex-wrap:wrap;gap:.2rem 1.3rem;padding-top:.55rem;padding-bottom:.55rem;font-size:.9rem}
nav.toc a{color:var(--accent2)}
main{padding-bottom:2rem}
section{margin:2.6rem 0}
h2{font-size:1.4rem;font-weight:650;margin:0 0 .9rem;padding-bottom:.35rem;border-bottom:2px solid var(--line)}
h3{font-size:1.05rem;font-weight:650;margin:1.4rem 0 .5rem}
p.lead{color:var(--muted);margin:.2rem 0 1rem;max-width:60rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(108px,1fr));gap:.75rem;margin:1rem 0 1.4rem}
.card{border:1px solid var(--line);border-radius:10px;padding:.75rem 1rem;background:#fbfcfd}
.card b{display:block;font-size:1.55rem;font-weight:650;font-variant-numeric:tabular-nums;color:var(--accent)}
.card span{color:var(--muted);font-size:.82rem}
.table-wrap{overflow-x:auto;margin:.5rem 0 1rem}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th{text-align:left;font-weight:600;color:var(--muted);font-size:.74rem;text-transform:uppercase;letter-spacing:.04em;
padding:.5rem .6rem;border-bottom:2px solid var(--line);white-space:nowrap;background:#fff}
th[data-sort]{cursor:pointer}th[data-sort]:hover{color:var(--ink)}
td{padding:.42rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
tbody tr:nth-child(even){background:var(--zebra)}tbody tr:hover{background:#eef2f7}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.id,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:.8em;color:var(--muted)}
.muted{color:var(--muted)}.small{font-size:.85rem}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:999px;font-size:.75rem;font-weight:600;background:#e3f1ea;color:#1f6f4a}
.badge.error,.badge.planned{background:#fde8e8;color:#9b1c1c}.badge.planned{background:#fcefd4;color:#8a5a0b}
.badge.unknown{background:#eceef1;color:#52606d}.badge.lang{background:#e6ecf3;color:var(--accent)}
.grid3{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:1.4rem}
.grid3 h3{margin-top:.2rem}.grid3 td:first-child{max-width:0;width:64%}
.nm{overflow-wrap:anywhere}.nm2{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;color:var(--muted);font-size:.78rem}
.dot{display:inline-block;width:.7rem;height:.7rem;border-radius:50%;margin-right:.4rem;vertical-align:-.05rem}
.dot.PER{background:var(--per)}.dot.ORG{background:var(--org)}.dot.LOC{background:var(--loc)}
figure{margin:1.4rem auto;max-width:1060px}figure img{display:block;width:100%;height:auto}
figcaption{color:var(--muted);font-size:.85rem;margin-top:.4rem}
.note{background:#f8f5ea;border-left:4px solid #d9b65b;padding:.6rem .9rem;color:#5c4813;font-size:.92rem;border-radius:0 6px 6px 0}
details{margin:.6rem 0}details>summary{cursor:pointer;color:var(--accent2);font-size:.92rem}
table.heat td{padding:.3rem .3rem}table.heat td:first-child{white-space:nowrap}
table.heat td.h{text-align:center;font-variant-numeric:tabular-nums;min-width:2.4rem;border:1px solid #fff}
table.heat th.rot{text-transform:none;font-size:.78rem;letter-spacing:0;vertical-align:bottom;padding:.4rem .2rem;text-align:center}
table.heat th.rot span{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;display:inline-block;max-height:11rem}
.kgrid{display:grid;grid-template-columns:repeat(auto-fit,minmax(250px,1fr));gap:1rem}
.kcard{border:1px solid var(--line);border-radius:10px;padding:.7rem .9rem}.kcard h3{margin:0 0 .3rem;font-size:.95rem}
.kcard table{font-size:.84rem}.kcard td,.kcard th{padding:.25rem .4rem}
.lemmas{display:flex;flex-wrap:wrap;gap:.3rem}.lemmas span{background:var(--zebra);border:1px solid var(--line);
border-radius:6px;padding:0 .4rem;font-size:.85rem}
footer{color:var(--muted);font-size:.82rem;border-top:1px solid var(--line);margin-top:3rem;padding:1.2rem 0 2rem}
footer code{font-size:.95em}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1.2rem;margin:0 0 1rem;font-size:.92rem}
dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;overflow-wrap:anywhere}
.doc-layout{display:grid;grid-template-columns:minmax(0,1fr) 290px;gap:2.4rem;align-items:start}
aside.side{position:sticky;top:3.4rem;max-height:calc(100vh - 4rem);overflow:auto;font-size:.88rem;
border-left:1px solid var(--line);padding-left:1.2rem}
aside.side h3{font-size:.8rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:1.1rem 0 .4rem}
aside.side ul{list-style:none;padding:0;margin:0}aside.side li{padding:.12rem 0;display:flex;justify-content:space-between;gap:.5rem}
.legend label{display:flex;align-items:center;gap:.45rem;padding:.15rem 0;cursor:pointer}
.sw{display:inline-block;min-width:2.6rem;text-align:center;font-size:.78rem;border-radius:3px;padding:0 .2rem}
article.text{font-family:Charter,"Bitstream Charter","Noto Serif",Georgia,"DejaVu Serif",serif;font-size:1.04rem;
line-height:1.75;max-width:48rem}
article.text p{margin:0 0 1em}article.text h3.sec{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
font-size:1.08rem;margin:1.8rem 0 .6rem;color:var(--accent)}
.ent,.date,.cit{border-radius:3px;-webkit-box-decoration-break:clone;box-decoration-break:clone}
.ent{padding:0 .08em;cursor:pointer}
.ent.PER{background:#f7e1ea;box-shadow:inset 0 -2px 0 var(--per)}
.ent.ORG{background:#dde8f5;box-shadow:inset 0 -2px 0 var(--org)}
.ent.LOC{background:#f9ecd5;box-shadow:inset 0 -2px 0 var(--loc)}
.ent.nested{box-shadow:inset 0 0 0 1px rgba(31,41,51,.35),inset 0 -2px 0 rgba(31,41,51,.5)}
.ent.sel{outline:2px solid var(--ink);outline-offset:1px}
.date{background:#ebe4f6;color:#3e2a6e;padding:0 .08em}
.fmt{text-decoration:underline;text-decoration-color:var(--fmt);text-decoration-thickness:3px;text-underline-offset:5px}
.cit{border:1px dashed #9aa5b1;background:#f1f3f5;color:#3e4c59}
body.hide-ent .ent{background:none;box-shadow:none;outline:none}
body.hide-date .date{background:none;color:inherit}
body.hide-fmt .fmt{text-decoration:none}
body.hide-cit .cit{border-color:transparent;background:none;color:inherit}
@media (max-width:920px){.doc-layout{grid-template-columns:minmax(0,1fr)}aside.side{position:static;max-height:none;border:0;padding:0}}
@media (max-width:600px){header.top h1{font-size:1.3rem}.wrap{padding:0 1rem}article.text{font-size:1rem}}
@media print{nav.toc,aside.side{display:none}.doc-layout{display:block}}
"""

SCRIPT = """
(function(){
  var body=document.body;
  document.querySelectorAll('input[data-layer]').forEach(function(box){
    box.addEventListener('change',function(){body.classList.toggle('hide-'+box.dataset.layer,!box.checked);});
  });
  document.addEventListener('click',function(ev){
    var el=ev.target.closest?ev.target.closest('.ent[data-id]'):null;
    var on=el&&!el.classList.contains('sel');
    document.querySelectorAll('.ent.sel').forEach(function(x){x.classList.remove('sel');});
    if(on){document.querySelectorAll('.ent[data-id="'+CSS.escape(el.dataset.id)+'"]').forEach(function(x){x.classList.add('sel');});}
  });
  document.querySelectorAll('th[data-sort]').forEach(function(th){
    th.addEventListener('click',function(){
      var table=th.closest('table'),tbody=table.tBodies[0],i=Array.prototype.indexOf.call(th.parentNode.children,th);
      var dir=th.dataset.dir==='asc'?-1:1;th.dataset.dir=dir===1?'asc':'desc';
      var rows=Array.prototype.slice.call(tbody.rows);
      rows.sort(function(a,b){
        var x=a.cells[i]?(a.cells[i].dataset.v||a.cells[i].textContent):'',y=b.cells[i]?(b.cells[i].dataset.v||b.cells[i].textContent):'';
        var nx=parseFloat(x),ny=parseFloat(y);
        if(!isNaN(nx)&&!isNaN(ny)&&String(nx)===x.trim()&&String(ny)===y.trim())return (nx-ny)*dir;
        return x.localeCompare(y)*dir;
      });
      rows.forEach(function(r){tbody.appendChild(r);});
    });
  });
  window.addEventListener('load',function(){
    var imgs=document.images,ok=0;
    for(var i=0;i<imgs.length;i++){if(imgs[i].complete&&imgs[i].naturalWidth>0)ok++;}
    body.dataset.images=ok+'/'+imgs.length;
  });
  body.dataset.ready='1';
})();
"""

LAYERS = [("ent", "Entities"), ("date", "Dates"), ("fmt", "Formats"), ("cit", "Citations")]
ORDER = {"cit": 0, "fmt": 1, "ent": 2, "date": 3}  # outer first when two spans cover the same text


def e(value) -> str:
    return escape("" if value is None else str(value), quote=True)


def doc_href(doc_id: str, prefix: str = "report/") -> str:
    return prefix + "/".join(quote(part) for part in doc_id.split("/")) + ".html"


def page(title: str, run: Run, body: str, root: str = "", subtitle: str = "", css: str = "",
         scripts: list[str] | None = None) -> str:
    """A whole HTML page: inline CSS and script (SCRIPT, or `scripts` in their order), no external resource."""
    version = run.manifest.get("pipeline", "")
    sub = subtitle or (f"Run of {e(run.run_date)}" + (f" · pipeline {e(version)}" if version else ""))
    kicker = "Corpus report" if not root else f"Corpus report · <a href=\"{root}report.html\">{e(run.corpus_name)}</a>"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{e(title)}</title>\n<style>{CSS}{css}</style>\n</head>\n<body>\n"
        f"<header class=\"top\"><div class=\"wrap\"><div class=\"kicker\">{kicker}</div><h1>{e(title)}</h1>"
        f"<div class=\"sub\">{sub}</div></div></header>\n{body}\n"
        + "".join(f"<script>{script}</script>\n" for script in ([SCRIPT] if scripts is None else scripts))
        + "</body>\n</html>\n"
    )


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
            spans.append(Span(*ab, "ent", cls, title, {"data-id": ent_id}))
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
        side.append("<h3>Highlights</h3>" + legend(Counter(s.layer for s in spans)))
        main.append(f"<article class=\"text\">{text_html(text, spans, anchors, rows['sentences'])}</article>")
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
        if run.has("keyness") and run.keyness.get(doc_id):
            items = "".join(f"<span title=\"G² {e(r.get('g2'))}\">{e(r.get('lemma'))}</span>" for r in run.keyness[doc_id][:15])
            side.append(f"<h3>Key lemmas</h3><div class=\"lemmas\">{items}</div>")
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
                                 f"{' · ' if doc.get('authors') else ''}{e(doc_id)}"))
    return path

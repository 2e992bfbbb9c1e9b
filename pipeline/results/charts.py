"""The interactive charts of report.html as Vega-Lite (and, for the network, Vega) specifications: data inlined,
hover tooltips, zoom on the time axes, and a `usermeta.filter` that tells the page which table a click filters
and by which fields. Every chart aggregates (per year, per category, the top N), so none grows with the number
of documents. The static figures for papers stay in figures.py."""

from __future__ import annotations

from collections import Counter

# the explorer's charts of documents show as many as the figures do
from .figure_data import TOP_DOCUMENTS
from .report_data import LABELS, Run, short

NONE = "(none)"  # an empty cell, as the page's facets name it (a click on it filters the rows without a value)
TOP_ACTORS = 25
TIMELINE_EVENTS = 600  # past these, the timeline has a mark per category, year and status instead of per event
NETWORK_NODES, NETWORK_EDGES = 40, 120
TYPE_COLORS = {"PER": "#b5446e", "ORG": "#3a6ea5", "LOC": "#c7851f"}
STATUS_COLORS = {"occurred": "#2a8c82", "planned": "#c7851f", "intended": "#6b4fa0", "negated": "#9b1c1c",
                 "unknown": "#7b8794"}
CONFIG = {"view": {"stroke": None}, "axis": {"labelFontSize": 11, "titleFontSize": 12, "labelLimit": 220},
          "legend": {"labelFontSize": 11, "titleFontSize": 12, "labelLimit": 220}, "font": "system-ui, sans-serif"}
# a legend under the chart in two columns: they fit a phone's width (a number of columns computed from the width
# is laid out after the chart's height is, and its last row is cut off)
BOTTOM = {"orient": "bottom", "labelLimit": 130, "columns": 2}
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # an identifier: nothing is fetched


def lite(data: list[dict], height: int, filter_: dict | None = None, **spec) -> dict:
    """A Vega-Lite spec as wide as its container."""
    result = {"$schema": SCHEMA, "width": "container", "height": height, "autosize": {"type": "fit-x", "contains": "padding"},
              "data": {"name": "table", "values": data}, "config": CONFIG, **spec}
    if filter_:
        result["usermeta"] = {"filter": filter_}
    return result


def tooltip(*fields: tuple) -> list[dict]:
    return [{"field": f, "type": t, "title": title} for f, t, title in fields]


def bars(data: list[dict], name: str, value: tuple[str, str], color: str, filter_: dict, tips: list[dict]) -> dict:
    """Horizontal bars, longest on top: `name` the field of the labels, `value` (field, axis title)."""
    return lite(data, 18 * len(data) + 10, filter_, mark={"type": "bar", "color": color, "cornerRadiusEnd": 2},
                encoding={"y": {"field": name, "type": "nominal", "sort": "-x", "title": None},
                          "x": {"field": value[0], "type": "quantitative", "title": value[1]}, "tooltip": tips})


def event_year(row: dict) -> int | None:
    """The year an event is counted in: the first year of its EDTF date."""
    span = row.get("span")
    return int(span[0]) if span else None


def events_per_year(run: Run) -> dict | None:
    """Dated events per year and category: a stacked area over the data's own range (zero-filled years, so a
    year without events shows as none), legend click highlights, x zooms and pans."""
    counts = Counter((year, r.get("category", "")) for r in run.events if (year := event_year(r)) is not None)
    if not counts:
        return None
    years = [y for y, _ in counts]
    cats = sorted({c for _, c in counts}, key=lambda c: (-sum(n for (_, k), n in counts.items() if k == c), c))
    first, last = min(years), max(years)
    data = [{"year": y, "category": c, "events": n} for (y, c), n in sorted(counts.items())]
    lo, hi = (first, last) if last > first else (first - 1, last + 1)  # one year: a scale needs a width
    tips = tooltip(("year", "quantitative", "year"), ("category", "nominal", "category"),
                   ("events", "quantitative", "events"))
    return lite(data, 260, {"table": "events", "fields": {"year": "year", "category": "category"}},
                encoding={
                    "x": {"field": "year", "type": "quantitative", "axis": {"format": "d", "title": "year"},
                          "scale": {"domain": [lo, hi], "nice": False, "zero": False}},
                    "y": {"field": "events", "type": "quantitative", "stack": "zero", "title": "events",
                          # the years without events of a category are 0 (its area falls to the axis there)
                          "impute": {"value": 0, "keyvals": {"start": lo, "stop": hi + 1, "step": 1}}},
                    "color": {"field": "category", "type": "nominal", "sort": cats, "scale": {"scheme": "tableau20"},
                              "legend": {**BOTTOM, "symbolType": "square"}}},
                layer=[
                    {"mark": {"type": "area", "interpolate": "monotone", "line": True},
                     "params": [{"name": "zoom", "select": {"type": "interval", "encodings": ["x"]}, "bind": "scales"},
                                {"name": "pick", "select": {"type": "point", "fields": ["category"]}, "bind": "legend"}],
                     "encoding": {"opacity": {"condition": {"param": "pick", "value": 0.8}, "value": 0.1}}},
                    {"mark": {"type": "point", "filled": True, "size": 28},  # one per year and category: hover, click
                     "encoding": {"opacity": {"condition": {"test": "datum.events > 0", "value": 0.9}, "value": 0},
                                  "tooltip": tips}}])


def timeline(run: Run) -> dict | None:
    """Each dated event a mark at its date (a range as a line from its start to its end), one row per category;
    the x axis spans the data's range and zooms."""
    rows = [r for r in run.events if r.get("span")]
    if not rows:
        return None
    if len(rows) > TIMELINE_EVENTS:
        return timeline_by_year(rows)
    data = [{"start": round(r["span"][0], 3), "end": round(r["span"][1], 3), "year": int(r["span"][0]),
             "date": r.get("date", ""), "category": r.get("category", ""), "status": r.get("status") or "unknown",
             "actors": short((r.get("actor_names") or "").replace(";", "; "), 80), "place": r.get("place_name", ""),
             "doc": r.get("doc_id", ""), "event": r.get("event_id", "")} for r in rows]
    lo, hi = min(d["start"] for d in data), max(d["end"] for d in data)
    pad = max(0.5, (hi - lo) * 0.02)
    cats = sorted({d["category"] for d in data})
    x = {"field": "start", "type": "quantitative", "title": "date",
         "scale": {"domain": [lo - pad, hi + pad], "nice": False, "zero": False}, "axis": {"format": "d"}}
    y = {"field": "category", "type": "nominal", "sort": cats, "title": None}
    tips = tooltip(("date", "nominal", "date"), ("category", "nominal", "category"), ("status", "nominal", "status"),
                   ("actors", "nominal", "actors"), ("place", "nominal", "place"), ("doc", "nominal", "document"))
    color = {"field": "status", "type": "nominal", "title": "status",
             "scale": {"domain": list(STATUS_COLORS), "range": list(STATUS_COLORS.values())}, "legend": BOTTOM}
    return lite(data, max(120, 22 * len(cats) + 40), {"table": "events", "fields": {"event_id": "event"}},
                layer=[
                    {"mark": {"type": "rule", "strokeWidth": 2, "opacity": 0.5},
                     "encoding": {"x": x, "x2": {"field": "end"}, "y": y, "color": color, "tooltip": tips}},
                    {"mark": {"type": "point", "filled": True, "size": 60, "opacity": 0.8},
                     "params": [{"name": "zoom", "select": {"type": "interval", "encodings": ["x"]}, "bind": "scales"}],
                     "encoding": {"x": x, "y": y, "color": color, "shape": {"field": "status", "type": "nominal",
                                                                            "legend": None}, "tooltip": tips}}])


def timeline_by_year(rows: list[dict]) -> dict:
    """The timeline of a large corpus: one mark per category, year and status, sized by its events."""
    counts = Counter((r.get("category", ""), int(r["span"][0]), r.get("status") or "unknown") for r in rows)
    data = [{"category": c, "year": y, "start": y + 0.5, "status": s, "events": n} for (c, y, s), n in sorted(counts.items())]
    cats = sorted({c for c, _, _ in counts})
    first, last = min(y for _, y, _ in counts), max(y for _, y, _ in counts)
    return lite(data, max(120, 22 * len(cats) + 40), {"table": "events", "fields": {"category": "category", "year": "year"}},
                mark={"type": "circle", "opacity": 0.75},
                params=[{"name": "zoom", "select": {"type": "interval", "encodings": ["x"]}, "bind": "scales"}],
                encoding={"x": {"field": "start", "type": "quantitative", "title": "year", "axis": {"format": "d"},
                                "scale": {"domain": [first - 0.5, last + 1.5], "nice": False, "zero": False}},
                          "y": {"field": "category", "type": "nominal", "sort": cats, "title": None},
                          "size": {"field": "events", "type": "quantitative", "title": "events"},
                          "color": {"field": "status", "type": "nominal", "title": "status",
                                    "scale": {"domain": list(STATUS_COLORS), "range": list(STATUS_COLORS.values())},
                                    "legend": BOTTOM},
                          "tooltip": tooltip(("year", "quantitative", "year"), ("category", "nominal", "category"),
                                             ("status", "nominal", "status"), ("events", "quantitative", "events"))})


def actor_matrix(run: Run) -> dict | None:
    """Events per actor (the TOP_ACTORS with most events) and format category, as a heat map with counts."""
    counts: Counter = Counter()
    for r in run.events:
        for actor in dict.fromkeys(a for a in (r.get("actors") or "").split(";") if a):
            counts[(actor, r.get("category", ""))] += 1
    if not counts:
        return None
    per_actor: Counter = Counter()
    for (actor, _), n in counts.items():
        per_actor[actor] += n
    top = [a for a, _ in sorted(per_actor.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_ACTORS]]
    names = {a: short(run.entity_name(a, False), 48) for a in top}
    data = [{"actor": names[a], "actor_id": a, "category": c, "events": n} for (a, c), n in counts.items() if a in names]
    order = [names[a] for a in top]
    enc = {"x": {"field": "category", "type": "nominal", "title": None, "axis": {"labelAngle": -40}},
           "y": {"field": "actor", "type": "nominal", "sort": order, "title": None}}
    return lite(data, 20 * len(top) + 20, {"table": "events", "fields": {"actor_ids": "actor_id", "category": "category"}},
                encoding=enc, layer=[
                    {"mark": {"type": "rect", "cornerRadius": 2},
                     "encoding": {"color": {"field": "events", "type": "quantitative", "scale": {"scheme": "blues"},
                                            "legend": {"title": "events"}},
                                  "tooltip": tooltip(("actor", "nominal", "actor"), ("actor_id", "nominal", "id"),
                                                     ("category", "nominal", "category"), ("events", "quantitative", "events"))}},
                    {"mark": {"type": "text", "fontSize": 10},
                     "encoding": {"text": {"field": "events", "type": "quantitative"},
                                  "color": {"condition": {"test": "datum.events > datum.most / 2", "value": "white"},
                                            "value": "#1f2933"}}}],
                transform=[{"joinaggregate": [{"op": "max", "field": "events", "as": "most"}]}])


def network(run: Run) -> dict | None:
    """The strongest part of the co-occurrence graph as a force-directed Vega graph: node size by co-occurrences,
    colour by type; hover names a node and its count, a click filters the entity table by its id."""
    nodes, edges = run.network(NETWORK_NODES, NETWORK_EDGES)
    if not edges:
        return None
    strength: Counter = Counter()
    for a, b, n in edges:
        strength[a] += n
        strength[b] += n
    index = {n: i for i, n in enumerate(nodes)}
    node_values = [{"index": i, "id": n, "name": short(run.entity_name(n, False), 40), "label": run.entity_label(n) or "LOC",
                    "strength": strength[n]} for i, n in enumerate(nodes)]
    link_values = [{"source": index[a], "target": index[b], "count": n} for a, b, n in edges]
    return {
        "$schema": "https://vega.github.io/schema/vega/v6.json", "height": 460, "padding": 5,
        "autosize": "pad",
        "usermeta": {"filter": {"table": "entities", "fields": {"entity_id": "id"}}},
        "signals": [{"name": "width", "init": "max(containerSize()[0] - 20, 260)",
                     "on": [{"events": "window:resize", "update": "max(containerSize()[0] - 20, 260)"}]},
                    {"name": "cx", "update": "width / 2"}, {"name": "cy", "update": "height / 2"}],
        "data": [{"name": "node-data", "values": node_values,
                  "transform": [{"type": "formula", "as": "focus_x", "expr": "cx"},
                                {"type": "formula", "as": "focus_y", "expr": "cy"}]}, {"name": "link-data", "values": link_values}],
        "scales": [{"name": "color", "type": "ordinal", "domain": list(TYPE_COLORS), "range": list(TYPE_COLORS.values())},
                   {"name": "size", "type": "sqrt", "domain": {"data": "node-data", "field": "strength"}, "zero": True,
                    "range": [0, 900]},  # from 0: one value alone (a graph of two nodes) is no empty domain
                   {"name": "stroke", "type": "linear", "domain": {"data": "link-data", "field": "count"}, "zero": True,
                    "range": [0.4, 5]}],
        "legends": [{"fill": "color", "orient": "top-left", "title": "type", "symbolType": "circle"}],
        "marks": [
            {"name": "nodes", "type": "symbol", "zindex": 1, "from": {"data": "node-data"},
             "encode": {"enter": {"fill": {"scale": "color", "field": "label"}, "stroke": {"value": "white"},
                                  "size": {"scale": "size", "field": "strength", "offset": 40},
                                  "tooltip": {"signal": "{title: datum.name, id: datum.id, type: datum.label, "
                                                        "'co-occurrences': datum.strength}"}},
                        "hover": {"stroke": {"value": "#1f2933"}, "strokeWidth": {"value": 2}},
                        "update": {"strokeWidth": {"value": 1}}},
             "transform": [{"type": "force", "iterations": 300, "static": True, "forces": [
                 {"force": "center", "x": {"signal": "cx"}, "y": {"signal": "cy"}},
                 {"force": "collide", "radius": 14}, {"force": "nbody", "strength": -60},
                 {"force": "x", "x": "datum.focus_x", "strength": 0.08},  # pulled to the middle: the graph stays
                 {"force": "y", "y": "datum.focus_y", "strength": 0.08},  # within a phone's width too
                 {"force": "link", "links": "link-data", "distance": 70}]}]},
            {"type": "path", "from": {"data": "link-data"}, "interactive": False,
             "encode": {"update": {"stroke": {"value": "#9aa5b1"}, "strokeOpacity": {"value": 0.6},
                                   "strokeWidth": {"scale": "stroke", "field": "count"}}},
             "transform": [{"type": "linkpath", "shape": "line", "sourceX": "datum.source.x", "sourceY": "datum.source.y",
                            "targetX": "datum.target.x", "targetY": "datum.target.y"}]},
            {"type": "text", "from": {"data": "nodes"}, "interactive": False, "zindex": 2,
             "encode": {"update": {"x": {"signal": "clamp(datum.x, 50, width - 50)"}, "y": {"field": "y", "offset": -10},
                                   "text": {"field": "datum.name"}, "align": {"value": "center"}, "fontSize": {"value": 10},
                                   "fill": {"value": "#3e4c59"}, "limit": {"value": 100}}}}],
        "config": {"legend": {"labelFontSize": 11}},
    }


def top_entities(run: Run, label: str, n: int = 12) -> dict | None:
    ents = run.top_entities(label, n)
    if not ents:
        return None
    data = [{"name": short(x.name, 48), "id": x.entity_id, "english": x.name_en, "mentions": x.mentions,
             "documents": len(x.docs)} for x in ents]
    return bars(data, "name", ("mentions", "mentions as actor"), TYPE_COLORS[label],
                {"table": "entities", "fields": {"entity_id": "id"}},
                tooltip(("name", "nominal", "name"), ("english", "nominal", "English"), ("id", "nominal", "id"),
                        ("mentions", "quantitative", "mentions"), ("documents", "quantitative", "documents")))


def formats_by_category(run: Run) -> dict | None:
    totals: Counter = Counter()
    for (_, cat), n in run.format_counts.items():
        totals[cat] += n
    if not totals:
        return None
    documents = Counter(cat for (_, cat), n in run.format_counts.items() if n)
    data = [{"category": c, "mentions": n, "documents": documents[c]} for c, n in totals.items() if n]
    return bars(data, "category", ("mentions", "mentions"), "#2a8c82", {"table": "formats", "fields": {"category": "category"}},
                tooltip(("category", "nominal", "format"), ("mentions", "quantitative", "mentions"),
                        ("documents", "quantitative", "documents")))


def formats_heatmap(run: Run) -> dict | None:
    """Mentions per format of the TOP_DOCUMENTS documents with most mentions."""
    per_doc: Counter = Counter()
    for (doc, _), n in run.format_counts.items():
        per_doc[doc] += n
    if not per_doc:
        return None
    top = [d for d, _ in sorted(per_doc.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_DOCUMENTS]]
    keys, chosen = run.doc_keys, set(top)
    data = [{"document": f"{keys.get(d, '')} {short(d, 28)}", "doc_id": d, "category": c, "mentions": n}
            for (d, c), n in run.format_counts.items() if d in chosen and n]
    order = [f"{keys.get(d, '')} {short(d, 28)}" for d in top]
    return lite(data, 18 * len(top) + 20, {"table": "formats", "fields": {"doc_id": "doc_id", "category": "category"}},
                mark={"type": "rect", "cornerRadius": 2},
                encoding={"x": {"field": "category", "type": "nominal", "title": None, "axis": {"labelAngle": -40}},
                          "y": {"field": "document", "type": "nominal", "sort": order, "title": None},
                          "color": {"field": "mentions", "type": "quantitative", "scale": {"scheme": "teals"}},
                          "tooltip": tooltip(("document", "nominal", "document"), ("category", "nominal", "format"),
                                             ("mentions", "quantitative", "mentions"))})


def documents_per_year(run: Run) -> dict | None:
    counts = Counter((d.get("year") or NONE, (d.get("languages") or "other").split(";")[0])
                     for d in run.documents if d.get("status", "ok") == "ok")
    if not counts:
        return None
    data = [{"year": y, "language": lang, "documents": n} for (y, lang), n in counts.items()]
    return lite(data, 200, {"table": "documents", "fields": {"year": "year"}},
                mark={"type": "bar", "cornerRadiusEnd": 2},
                encoding={"x": {"field": "year", "type": "ordinal", "title": "year of publication",
                                "sort": "ascending", "axis": {"labelAngle": -45, "labelOverlap": True}},
                          "y": {"field": "documents", "type": "quantitative", "title": "documents"},
                          "color": {"field": "language", "type": "nominal", "title": "main language",
                                    "legend": BOTTOM},
                          "tooltip": tooltip(("year", "nominal", "year"), ("language", "nominal", "main language"),
                                             ("documents", "quantitative", "documents"))})


def documents_by_size(run: Run) -> dict | None:
    """Tokens per language of the TOP_DOCUMENTS largest documents."""
    ok = set(run.ok_doc_ids)
    sizes = {d: sum(c.values()) for d, c in run.tokens_by_lang.items() if d in ok}
    if not any(sizes.values()):
        return None
    top = [d for d, _ in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_DOCUMENTS]]
    keys = run.doc_keys
    data = [{"document": f"{keys.get(d, '')} {short(d, 28)}", "doc_id": d, "language": lang, "tokens": n}
            for d in top for lang, n in run.tokens_by_lang[d].items() if n]
    return lite(data, 18 * len(top) + 20, {"table": "documents", "fields": {"doc_id": "doc_id"}},
                mark={"type": "bar"},
                encoding={"y": {"field": "document", "type": "nominal", "sort": "-x", "title": None},
                          "x": {"field": "tokens", "type": "quantitative", "aggregate": "sum", "title": "tokens"},
                          "color": {"field": "language", "type": "nominal", "legend": BOTTOM},
                          "tooltip": tooltip(("document", "nominal", "document"), ("language", "nominal", "language"),
                                             ("tokens", "quantitative", "tokens"))})


def top_lemmas(run: Run, lang: str, n: int = 20) -> dict | None:
    rows = run.top_lemmas(lang, n)
    if not rows:
        return None
    data = [{"lemma": lemma, "count": count} for lemma, count in rows]
    return bars(data, "lemma", ("count", "occurrences"), "#486581", {"table": "lemmas", "fields": {"lemma": "lemma"}},
                tooltip(("lemma", "nominal", "lemma"), ("count", "quantitative", "occurrences")))


def all_charts(run: Run) -> dict[str, dict]:
    """name → spec, for every chart the run has data for."""
    charts = {"events_per_year": events_per_year(run), "events_timeline": timeline(run),
              "actor_matrix": actor_matrix(run), "network": network(run), "formats_by_category": formats_by_category(run),
              "formats_by_document": formats_heatmap(run), "documents_per_year": documents_per_year(run),
              "documents_by_size": documents_by_size(run)}
    for label in LABELS:
        charts[f"top_{label}"] = top_entities(run, label)
    for lang in run.lemma_langs:
        charts[f"lemmas_{lang}"] = top_lemmas(run, lang)
    return {k: v for k, v in charts.items() if v is not None}

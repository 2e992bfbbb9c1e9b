"""Charts of a finished run for slides and papers: OUT/figures/<name>.png (300 dpi) and <name>.svg.

What a figure shows is computed first, as plain values (figure_data.py), and drawn from them alone (here): the
values are the figure's key, so a rerun draws only the figures whose data changed (figure_reuse.py).
Matplotlib's object API with the Agg canvas (no pyplot, no global backend switch); fixed SVG hash salt and
metadata, so a rerun on the same data writes the same bytes.

A chart's size does not grow with the corpus: one with a row per document shows the TOP_DOCUMENTS largest (its
title says of how many; the report's tables list them all), the timeline merges events that fall within a
marker's width, and no figure is larger than MAX_WIDTH × MAX_HEIGHT inches (4800 × 3600 px at 300 dpi). Text
comes from the data (file names, titles, entity names), so mathtext is off: `$5 and $10` is text, not a formula.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Callable, NamedTuple

import numpy as np
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..core import progress
from .figure_data import (  # noqa: F401 — the limits, named here too: they are what the charts show
    STATUSES,
    TOP_CATEGORIES,
    TOP_DOCUMENTS,
    documents_data,
    entities_data,
    formats_data,
    lemmas_data,
    network_data,
    timeline_data,
)
from .figure_files import PngWriter, save
from .figure_reuse import PNG_KEY, figure_key, kept, previous_figures, svg_metadata
from .network_layout import place_labels, spring_layout
from .report_data import LABELS, LANG_NAMES, Run, short

INK, MUTED, GRID, ACCENT = "#1f2933", "#616e7c", "#e4e7eb", "#334e68"
LABEL_COLORS = {"PER": "#b5446e", "ORG": "#3a6ea5", "LOC": "#c7851f", "": "#9aa5b1"}
LANG_COLORS = {"ru": "#334e68", "en": "#9fb3c8", "other": "#d9e2ec"}
# (colour, marker, filled) of each status the timeline tells apart: occurred, planned, unknown
STATUS_STYLE = dict(zip(STATUSES, [("#334e68", "o", True), ("#c7851f", "D", False), ("#9aa5b1", "o", False)], strict=True))
HEAT = LinearSegmentedColormap.from_list("slate", ["#f5f7fa", "#9fb3c8", "#334e68", "#102a43"])
STYLE = {
    "font.family": "DejaVu Sans", "font.size": 10, "axes.titlesize": 14, "axes.titleweight": "bold",
    "axes.titlelocation": "left", "axes.titlepad": 12, "axes.labelsize": 10.5, "axes.labelcolor": INK,
    "axes.edgecolor": "#9aa5b1", "axes.spines.top": False, "axes.spines.right": False, "text.color": INK,
    "xtick.color": MUTED, "ytick.color": INK, "legend.frameon": False, "svg.hashsalt": "pipeline-figures",
    "svg.fonttype": "path", "figure.facecolor": "white", "axes.facecolor": "white",
    "text.parse_math": False,  # `$` in a doc_id or an entity name is a dollar sign, not the start of a formula
}
MAX_WIDTH, MAX_HEIGHT = 16.0, 12.0  # inches: 4800 × 3600 px at 300 dpi
SVG_META = {"Date": None, "Creator": "pipeline"}
PNG_META = {"Software": "pipeline"}


def _figure(width=10.0, height=5.6) -> Figure:
    fig = Figure(figsize=(min(width, MAX_WIDTH), min(height, MAX_HEIGHT)), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _xgrid(ax):
    """The grid of a bar chart of counts: vertical lines at whole numbers only (no `0.5 mentions`)."""
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="x", color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)


def of_documents(shown: int, total: int, by: str) -> str:
    """A title's second line on a chart of some documents only: `top 30 of 520 documents, by tokens`."""
    return f"top {shown} of {total:,} documents, by {by}" if shown < total else ""


def title(ax, text: str, *notes: str) -> None:
    """The title, and under it what part of the data the chart shows (notes joined by `; `)."""
    note = "; ".join(n for n in notes if n)
    ax.set_title(f"{text}\n{note}" if note else text)


def documents_figure(data: dict) -> Figure:
    """Tokens per document, stacked by the language of its sentences: the TOP_DOCUMENTS largest."""
    docs = data["docs"]
    fig = _figure(10, max(2.6, 1.3 + 0.42 * len(docs)))
    ax = fig.subplots()
    y = np.arange(len(docs))[::-1]
    left = np.zeros(len(docs))
    for lang, counts in data["tokens"].items():
        values = np.array(counts, dtype=float)
        ax.barh(y, values, left=left, color=LANG_COLORS.get(lang, "#cbd2d9"), height=0.66, label=LANG_NAMES.get(lang, lang))
        left += values
    for yi, total in zip(y, left):
        ax.text(total, yi, f" {int(total):,}", va="center", fontsize=9, color=MUTED)
    ax.set_yticks(y, [short(d, 34) for d in docs])
    ax.set_xlim(0, left.max() * 1.12)
    ax.set_xlabel("tokens (stacked by the language of the sentences)")
    title(ax, "Documents by language and size", of_documents(len(docs), data["of"], "tokens"))
    ax.legend(loc="lower right", ncols=len(data["tokens"]), bbox_to_anchor=(1, 1.0), borderaxespad=0.3)
    _xgrid(ax)
    return fig


def entities_figure(data: dict) -> Figure:
    """The most mentioned actors: one panel per type."""
    panels = data["panels"]
    names = {"PER": "People", "ORG": "Organisations", "LOC": "Places"}
    fig = _figure(13.33, 5.6)
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    for ax, (label, ents) in zip(axes, panels):
        y = np.arange(len(ents))[::-1]
        ax.barh(y, [mentions for _, mentions in ents], color=LABEL_COLORS[label], height=0.66)
        ax.set_yticks(y, [short(name, 28) for name, _ in ents])
        for yi, (_, mentions) in zip(y, ents):
            ax.text(mentions, yi, f" {mentions}", va="center", fontsize=9, color=MUTED)
        ax.set_xlim(0, max(mentions for _, mentions in ents) * 1.18)
        ax.set_title(f"{names[label]} ({label})", fontsize=12)
        ax.set_xlabel("mentions as actor")
        _xgrid(ax)
    fig.suptitle("Top entities by type", x=0.01, ha="left", fontsize=15, fontweight="bold")
    return fig


def formats_figure(data: dict) -> Figure:
    """Heatmap: cooperation-format mentions per document and category; the TOP_DOCUMENTS documents with the most
    mentions, the TOP_CATEGORIES most mentioned categories."""
    docs, cats = data["docs"], data["cats"]
    m = np.array(data["counts"], dtype=float).reshape(len(docs), len(cats))
    fig = _figure(max(8.5, 2.6 + 0.78 * len(cats)), max(3.6, 2.4 + 0.42 * len(docs)))
    ax = fig.subplots()
    # quads, not imshow: an image is resampled to the canvas in float64 (2550 × 3600 px × 4 × 8 bytes = 290 MB)
    im = ax.pcolormesh(np.arange(len(cats) + 1) - 0.5, np.arange(len(docs) + 1) - 0.5, m, cmap=HEAT, vmin=0,
                       vmax=max(m.max(), 1))
    ax.invert_yaxis()  # the first document on top, as in the table
    for (i, j), v in np.ndenumerate(m):
        if v:
            ax.text(j, i, f"{int(v)}", ha="center", va="center", fontsize=9,
                    color="white" if v > 0.45 * m.max() else INK)
    ax.set_xticks(range(len(cats)), [c.replace("_", " ") for c in cats], rotation=35, ha="right")
    ax.set_yticks(range(len(docs)), [short(d, 34) for d in docs])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xticks(np.arange(-0.5, len(cats)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(docs)), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    fig.colorbar(im, ax=ax, shrink=0.8, label="mentions", pad=0.01)
    title(ax, "Cooperation formats by document", of_documents(len(docs), data["of_docs"], "mentions"),
          f"top {len(cats)} of {data['of_cats']} formats" if len(cats) < data["of_cats"] else "")
    return fig


def timeline_figure(data: dict) -> Figure:
    """Dated events: one row per format category (the TOP_CATEGORIES with most events); points for days, months and
    years, bars for ranges; a mark of several events is larger and has their number beside it."""
    cats = data["cats"]
    row = {c: i for i, c in enumerate(cats[::-1])}
    fig = _figure(13.33, max(3.8, 1.9 + 0.5 * len(cats)))
    ax = fig.subplots()
    slots: dict[tuple, int] = {}
    for cat, status, x, bar, n in data["marks"]:
        color, marker, filled = STATUS_STYLE[status]
        key = (cat, round(x * 2))  # marks in the same half year share a row: spread them, three above, three below
        k = slots[key] = (slots.get(key, -1) + 1) % 7
        y = row[cat] + ((-1) ** k) * ((k + 1) // 2) * 0.14
        if bar:
            ax.plot(list(bar), [y, y], color=color, linewidth=3, alpha=0.45, solid_capstyle="round")
        size = 7 * math.sqrt(min(n, 5))
        ax.plot([x], [y], marker=marker, markersize=size, color=color, markerfacecolor=color if filled else "white",
                markeredgewidth=1.6, linestyle="none")
        if n > 1:
            ax.annotate(f"{n:,}", (x, y), xytext=(size / 2 + 2, 0), textcoords="offset points", va="center",
                        fontsize=7.5, color=MUTED)
    ax.set_xlim(data["lo"] - 0.6, data["hi"] + 0.6)
    ax.set_ylim(-0.7, len(cats) - 0.3)
    ax.set_yticks(range(len(cats)), [c.replace("_", " ") for c in cats[::-1]])
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("year (a bar spans a date range; a larger mark stands for several events, their number beside it)")
    ax.grid(axis="x", color=GRID, linewidth=0.8)
    ax.grid(axis="y", color="#f0f2f5", linewidth=6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    handles = [Line2D([], [], color=c, marker=mk, markerfacecolor=c if f else "white", markeredgewidth=1.6,
                      linestyle="none", markersize=7, label=s) for s, (c, mk, f) in STATUS_STYLE.items()]
    ax.legend(handles=handles, loc="lower right", ncols=3, bbox_to_anchor=(1, 1.0), borderaxespad=0.3)
    shown, events = sum(mark[-1] for mark in data["marks"]), data["events"]
    title(ax, f"Timeline of dated cooperation events (n = {events:,})",
          f"{shown:,} in the {len(cats)} formats with most events" if shown < events else "")
    return fig


def network_figure(data: dict) -> Figure:
    """Co-occurrence network of the top entities: node size = mentions, edge width = co-occurrences."""
    nodes, edges = data["nodes"], data["edges"]
    pos = spring_layout(len(nodes), [tuple(edge) for edge in edges])
    fig = _figure(11, 7.6)
    ax = fig.subplots()
    top = max(w for _, _, w in edges)
    for a, b, w in sorted(edges, key=lambda e: e[2]):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        ax.plot([x1, x2], [y1, y2], color=ACCENT, alpha=0.15 + 0.5 * w / top, linewidth=0.6 + 5 * w / top,
                solid_capstyle="round", zorder=1)
    mentions = np.array([mentions for _, _, mentions in nodes], dtype=float)
    sizes = 60 + 900 * np.sqrt(mentions / mentions.max())
    colors = [LABEL_COLORS.get(label, LABEL_COLORS[""]) for _, label, _ in nodes]
    ax.scatter(pos[:, 0], pos[:, 1], s=sizes, c=colors, edgecolors="white", linewidths=1.5, zorder=2)
    ax.set_xlim(-1.22, 1.22)
    ax.set_ylim(-1.18, 1.2)
    ax.set_axis_off()
    place_labels(fig, ax, pos, np.sqrt(sizes) / 2, [short(name, 26) for name, _, _ in nodes], fontsize=9,
                 color=INK, zorder=3, bbox={"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none",
                                            "alpha": 0.8})
    handles = [Line2D([], [], marker="o", linestyle="none", markersize=9, color=LABEL_COLORS[lab], label=lab) for lab in LABELS]
    ax.legend(handles=handles, loc="lower right", ncols=3)
    ax.set_title(f"Entity co-occurrence network (top {len(nodes)} entities, {len(edges)} strongest links)")
    ax.text(0, -0.01, f"Edges: co-occurrence counts from {data['source']}; node size: mentions as actor.",
            transform=ax.transAxes, fontsize=8.5, color=MUTED)
    return fig


def lemmas_figure(data: dict) -> Figure:
    """The most frequent content lemmas of the corpus, one panel per language (freq_lemmas.csv)."""
    panels = data["panels"]
    fig = _figure(max(7.0, 4.6 * len(panels)), 5.8)
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    for ax, (lang, items) in zip(axes, panels):
        y = np.arange(len(items))[::-1]
        ax.barh(y, [c for _, c in items], color=LANG_COLORS.get(lang, ACCENT) if lang != "en" else "#627d98", height=0.66)
        ax.set_yticks(y, [short(lemma, 24) for lemma, _ in items])
        for yi, (_, c) in zip(y, items):
            ax.text(c, yi, f" {c}", va="center", fontsize=9, color=MUTED)
        ax.set_xlim(0, items[0][1] * 1.18)
        ax.set_title(LANG_NAMES.get(lang, lang), fontsize=12)
        ax.set_xlabel("occurrences")
        _xgrid(ax)
    fig.suptitle("Most frequent lemmas (nouns, proper nouns, adjectives, verbs)", x=0.01, ha="left", fontsize=15,
                 fontweight="bold")
    return fig


class Chart(NamedTuple):
    """A figure: what it shows (figure_data, the figure's key too) and how that is drawn."""
    data: Callable[[Run], dict | None]
    draw: Callable[[dict], Figure]


FIGURES = {
    "documents_by_language": Chart(documents_data, documents_figure),
    "top_entities": Chart(entities_data, entities_figure),
    "formats_by_document": Chart(formats_data, formats_figure),
    "events_timeline": Chart(timeline_data, timeline_figure),
    "cooccurrence_network": Chart(network_data, network_figure),
    "top_lemmas": Chart(lemmas_data, lemmas_figure),
}


EARLY = ("documents_by_language", "top_entities", "events_timeline")  # read documents, sentences, entities, events


def build(run: Run, name: str) -> Figure | None:
    """The figure `name` of the run (None when it has no data), not saved."""
    chart = FIGURES[name]
    data = chart.data(run)
    with rc_context(STYLE):
        return None if data is None else chart.draw(data)


def write_figures(out: Path, names: list[str] | None = None, done=None, ready=None,
                  previous: Path | None = None) -> list[Path]:
    """The charts `names` (default: FIGURES) the run has data for, as OUT/figures/<name>.svg and .png (300 dpi, on
    the SVG's layout); the paths. `done(kind, value)`: ("figure", (name, has data)) before it is drawn (the report
    links them meanwhile), then ("svg", name), ("png", name); default: a progress bar. `ready` set: the statistics
    are written (EARLY figures before it). A figure of the `previous` run with the same key is kept (figure_reuse)."""
    out, names = Path(out), list(FIGURES) if names is None else names
    run, folder, planned, drawn, written = Run(out), out / "figures", {}, {}, []
    folder.mkdir(parents=True, exist_ok=True)
    previous_figures(previous, out, names)
    early = [n for n in names if n in EARLY] if ready is not None else list(names)
    late = [n for n in names if n not in early]
    with rc_context(STYLE), progress.step("figures", total=len(names), unit="figures") as bar:
        done = done or (lambda kind, value: bar.update(kind == "png"))

        def plan(chosen: list[str]) -> None:  # what each figure shows, and its key
            for name in chosen:
                data = FIGURES[name].data(run)
                planned[name] = None if data is None else (data, figure_key(name, data))
                done("figure", (name, data is not None))

        def svg(name: str) -> None:
            if planned[name] is None:
                save(None, folder / f"{name}.svg")  # a stale chart of an earlier run must not stay
            elif kept(folder, name, key := planned[name][1]):  # the previous run's (previous_figures)
                written.append(folder / f"{name}.svg")
            else:
                fig = drawn[name] = FIGURES[name].draw(planned[name][0])
                written.extend(save(fig, folder / f"{name}.svg", {**SVG_META, **svg_metadata(key)}))
                fig.set_layout_engine("none")  # the constrained layout found for the SVG, kept for the PNG
            done("svg", name)

        def png(name: str) -> None:
            path = folder / f"{name}.png"
            if planned[name] is None:
                save(None, path)
            elif name not in drawn:  # kept with its SVG
                written.append(path)
            else:
                encoder.add(name, drawn.pop(name), path, {**PNG_META, PNG_KEY: planned[name][1]})  # done once written
                return
            done("png", name)

        with PngWriter(done) as encoder:
            plan(early)
            for name in early:
                svg(name)
            pngs = list(early)
            while late and pngs and not ready.is_set():  # the early PNGs while the statistics are still computed
                png(pngs.pop(0))
            if late:
                ready.wait()
                run = Run(out)  # read again: the statistics it reads exist now
                plan(late)
            for name in late:
                svg(name)
            for name in pngs + late:
                png(name)
        written.extend(encoder.written)
    return sorted(written, key=lambda path: (names.index(path.stem) if path.stem in names else len(names), path.suffix != ".svg"))

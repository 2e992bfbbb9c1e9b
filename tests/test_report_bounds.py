"""The report of a large corpus stays small, and hostile text in the data stays text (issue 15, items 8 and 9).

A run folder of 520 documents is written by hand (CSVs, no NLP), with as much of everything as a big corpus has:
thousands of entities, 25 format categories (17 of the codebook and 8 others), events over three centuries.
Every figure must fit MAX_WIDTH × MAX_HEIGHT inches at 300 dpi (4800 × 3600 px, 17 megapixels: a slide or a
page; PIL refuses images past 179 megapixels, and the old per-document charts reached 3000 × 65910 px), and the
figures and the report of that run must be drawn in less than MEMORY_MB (the old charts took 6 GB).

Doc ids, titles and entity names with `$`, `^`, `%`, `\\`, `|`, backticks and HTML must reach the figures as text
(matplotlib's mathtext off) and report.md / report.html escaped: `<img src=x onerror=alert(1)>` in a document's
title is shown, never run.
"""

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pipeline.core.schema import (
    DOCUMENT_COLUMNS,
    ENTITY_COLUMNS,
    ENTITY_INDEX_COLUMNS,
    EVENT_COLUMNS,
    FORMAT_COLUMNS,
    SENTENCE_COLUMNS,
)
from pipeline.results import charts, figures
from pipeline.results.figures import FIGURES, MAX_HEIGHT, MAX_WIDTH, write_figures
from pipeline.results.report import write_report
from pipeline.results.report_data import Run
from pipeline.results.report_md import write_markdown

from .conftest import ROOT
from .test_report import check_well_formed, make_run, report_payload, write_csv

DPI = 300
MEMORY_MB = 1200  # figures and report of 520 documents; about 300 MB now, 6,000 MB before the charts were bounded
EXTRA_CATEGORIES = [f"extra_format_{i}" for i in range(8)]
HOSTILE = [
    "cost $5 and $10",
    "a_b^c",
    "50%",
    "\\alpha",
    "$\\frac{1}{$",
    "<img src=x onerror=alert(1)>",
    "pipe | and `tick`",
    "amp & <b>bold</b>",
    "[link](javascript:alert(1))",
    "![pixel](http://tracker.invalid/p.png)",
    "line\nbreak",
]


def codebook_categories() -> list[str]:
    import yaml

    return list(yaml.safe_load((ROOT / "pipeline" / "models" / "codebook.yaml").read_text(encoding="utf-8"))["formats"])


def big_run(out: Path, n_docs: int = 520, hostile: list[str] = ()) -> Path:
    """A run folder of `n_docs` one-paragraph documents; the first have the `hostile` strings as doc_id (made
    safe for a file name), title and entity names."""
    ids = [re.sub(r"[\n/]", " ", h) for h in hostile] + [f"doc{i:04d}" for i in range(n_docs - len(hostile))]
    titles = list(hostile) + [f"Document {i}" for i in range(n_docs - len(hostile))]
    cats = codebook_categories() + EXTRA_CATEGORIES
    (out / "manifest.json").parent.mkdir(parents=True, exist_ok=True)
    (out / "manifest.json").write_text(json.dumps({
        "pipeline": "0.1.0", "corpus": "corpora/big", "started": "2026-01-02T03:04:05+00:00",
        "codebook": {"path": str(ROOT / "pipeline" / "models" / "codebook.yaml"), "sha256": "0" * 64}}), encoding="utf-8")
    text = "Омская область и Казахстан подписали соглашение в 2024 году. Second sentence in English."
    for doc_id in ids:
        (out / "text" / f"{doc_id}.txt").parent.mkdir(parents=True, exist_ok=True)
        (out / "text" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    docs, sentences, entities, formats, events = [], [], [], [], []
    labels = ["PER", "ORG", "LOC"]
    for i, doc_id in enumerate(ids):
        docs.append({"doc_id": doc_id, "title": titles[i], "status": "ok", "languages": "ru;en", "year": 1750 + i % 276,
                     "n_tokens": 20 + i % 97, "n_sentences": 2, "n_entities": 6, "n_chars": len(text)})
        sentences += [{"doc_id": doc_id, "sent_id": 1, "start": 0, "end": 60, "section": "body", "lang": "ru",
                       "n_tokens": 10 + i % 89},
                      {"doc_id": doc_id, "sent_id": 2, "start": 61, "end": len(text), "section": "body", "lang": "en",
                       "n_tokens": 4 + i % 7}]
        for k in range(6):  # 6 mentions per document of 3,120 distinct entities
            entities.append({"doc_id": doc_id, "sent_id": 1 + k % 2, "start": 0, "end": 14, "text": "Омская область",
                             "label": labels[k % 3], "normal": "Омская область", "entity_id": f"e/{(i * 6 + k) % 3120}",
                             "role": "actor", "lang": "ru"})
        for k in range(3):
            formats.append({"doc_id": doc_id, "sent_id": 1, "start": 27, "end": 47, "text": "подписали соглашение",
                            "category": cats[(i + k * 7) % len(cats)], "lemma": "соглашение", "lang": "ru"})
            day = 1 + (i * 3 + k) % 28
            year = 1750 + (i * 7 + k) % 276
            date = f"{year}-{1 + k * 4:02d}-{day:02d}" if k < 2 else f"{1990 + i % 30}/{2000 + i % 25}"  # a range
            events.append({"event_id": f"{doc_id}#e{k}", "doc_id": doc_id, "sent_id": 1,
                           "category": cats[(i + k * 5) % len(cats)], "date": date,
                           "status": ["occurred", "planned", "unknown"][k], "actors": f"e/{i * 6 % 3120}",
                           "actor_names": titles[i], "place_name": titles[i], "evidence": text})
    index = [{"entity_id": f"e/{j}", "label": labels[j % 3],
              "name": hostile[j % len(hostile)] if hostile and j < 3 * len(hostile) else f"Entity {j}",
              "name_en": f"Entity {j}" if j % 2 else "", "mentions": 1, "documents": 1} for j in range(3120)]
    data = out / "data"
    write_csv(data / "documents.csv", DOCUMENT_COLUMNS, docs)
    write_csv(data / "sentences.csv", SENTENCE_COLUMNS, sentences)
    write_csv(data / "entities.csv", ENTITY_COLUMNS, entities)
    write_csv(data / "entity_index.csv", ENTITY_INDEX_COLUMNS, index)
    write_csv(data / "formats.csv", FORMAT_COLUMNS, formats)
    write_csv(data / "events.csv", EVENT_COLUMNS, events)
    write_csv(data / "freq_lemmas.csv", ["doc_id", "lang", "lemma", "pos", "count", "per_10k", "documents"],
              [{"doc_id": "__corpus__", "lang": lang, "lemma": f"{h}{j}" if j < len(hostile) else f"lemma{j}",
                "pos": "NOUN", "count": 5000 - j, "documents": 1}
               for lang in ("ru", "en") for j, h in enumerate(list(hostile) + [""] * 3000)])
    return out


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    out = big_run(tmp_path_factory.mktemp("big_run"), hostile=HOSTILE)
    write_figures(out)
    return out


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from the PNG header (PIL would refuse the images this test is about)."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def test_every_figure_of_520_documents_fits_a_page(big):
    pngs = sorted((big / "figures").glob("*.png"))
    assert {p.stem for p in pngs} == set(FIGURES)  # the data has something for every chart
    for path in pngs:
        width, height = png_size(path)
        assert width <= MAX_WIDTH * DPI and height <= MAX_HEIGHT * DPI, (path.name, width, height)
        assert path.with_suffix(".svg").stat().st_size < 3_000_000, path.name


def test_per_document_charts_show_the_top_documents(big):
    run = Run(big)
    for name, by in (("documents_by_language", "tokens"), ("formats_by_document", "mentions")):
        fig = figures.build(run, name)
        labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
        assert len(labels) == figures.TOP_DOCUMENTS
        assert f"top {figures.TOP_DOCUMENTS} of 520 documents, by {by}" in fig.axes[0].get_title("left")
    sizes = {d: sum(run.tokens_by_lang[d].values()) for d in run.ok_doc_ids}
    shown = [t.get_text() for t in figures.build(run, "documents_by_language").axes[0].get_yticklabels()]
    assert shown == sorted(sizes, key=lambda d: (-sizes[d], d))[:figures.TOP_DOCUMENTS]  # the largest, on top
    heat = figures.build(run, "formats_by_document").axes[0]
    assert f"top {figures.TOP_CATEGORIES} of 25 formats" in heat.get_title("left")
    assert len(heat.get_xticklabels()) == figures.TOP_CATEGORIES
    timeline = figures.build(run, "events_timeline").axes[0]
    assert len(timeline.get_yticklabels()) == figures.TOP_CATEGORIES
    assert len(timeline.lines) < 5 * 200 * 3  # marks, not one per event (1,560 events; 4 lines per mark at most)
    data = report_payload(write_report(big).read_text(encoding="utf-8"))
    assert len(data["tables"]["documents"]["rows"]) == 520  # the documents table has every document
    for name in ("documents_by_size", "formats_by_document"):  # the interactive charts: the top documents only
        assert len({v["doc_id"] for v in data["charts"][name]["data"]["values"]}) == charts.TOP_DOCUMENTS
    assert len(json.dumps(data["charts"])) < 400_000  # no chart grows with the documents


def test_report_of_520_documents_in_bounded_memory(tmp_path):
    """Figures and report of the big run in a child of a fresh process: RUSAGE_CHILDREN of that process is the
    child's peak alone (pytest's own children, other tests' runs, are not counted)."""
    out = big_run(tmp_path / "run")
    work = (f"from pipeline.results.figures import write_figures; from pipeline.results.report import write_report; "
            f"write_figures({str(out)!r}); write_report({str(out)!r})")
    probe = textwrap.dedent(f"""
        import resource, subprocess, sys
        subprocess.run([sys.executable, "-c", {work!r}], check=True)
        print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    """)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    peak_mb = int(done.stdout.split()[-1]) / 1024  # Linux: kilobytes
    assert peak_mb < MEMORY_MB, f"figures and report of 520 documents peaked at {peak_mb:,.0f} MB"
    assert (out / "report.html").exists() and len(list((out / "report").glob("*.html"))) == 520


# ------------------------------------------------------------------------------------------- hostile text


@pytest.mark.parametrize("doc_id", ["cost $5 and $10", "a_b^c", "50%", "\\alpha", "$\\frac{1}{$", "$x^$", "odd $ sign"])
def test_figures_draw_dollar_signs_as_text(tmp_path, doc_id):
    """Mathtext is off for every text of the figures: a doc_id, a title or an entity name with `$` is drawn as it
    is (with mathtext on, `$\\frac{1}{$` stops the report: no report, no data package)."""
    out = make_run(tmp_path, doc_id=doc_id)
    index = out / "data" / "entity_index.csv"
    index.write_text(index.read_text(encoding="utf-8").replace("Казахстан", f"Казахстан {doc_id}"), encoding="utf-8")
    written = write_figures(out)
    assert {p.stem for p in written} >= {"documents_by_language", "formats_by_document", "top_entities"}
    run = Run(out)
    for name in ("documents_by_language", "formats_by_document"):
        labels = figures.build(run, name).axes[0].get_yticklabels()
        assert doc_id in [t.get_text() for t in labels] and not any(t.get_parse_math() for t in labels)
    html = write_report(out).read_text(encoding="utf-8")  # draws again from the SVGs written
    check_well_formed(html)


def rendered(md: str) -> str:
    """report.md as a CommonMark reader with tables shows it: the HTML of markdown-it-py (installed with rich, which
    spaCy brings), else the Markdown itself, whose escapes the assertions then read."""
    try:
        from markdown_it import MarkdownIt
    except ImportError:
        return md
    return MarkdownIt("commonmark").enable("table").render(md)


def no_live_markup(md: str) -> None:
    html = rendered(md)
    assert "<img" not in html and "<b>" not in html, "HTML from the data is live"
    if html is md:  # no renderer: every `[` and backtick must be escaped
        assert not re.search(r"(?<!\\)[\[`]", md), "a link or code span from the data"
    else:
        assert "<a " not in html and "<code>" not in html, "a link or code span from the data"
        assert html.count("<table>") >= 2


def check_tables(md: str) -> int:
    """Every row of each table has as many cell borders (a `|` with no `\\` before it) as its header; returns the
    number of rows."""
    seen, width = 0, None
    for line in md.splitlines():
        if not line.startswith("|"):
            width = None
            continue
        borders = len(re.findall(r"(?<!\\)\|", line))  # as markdown-it and cmark-gfm split a row
        width = width or borders
        assert borders == width and line.endswith("|"), f"a value broke a row of a table: {line!r}"
        seen += 1
    return seen


def test_hostile_values_in_report_md_stay_text(big):
    md = write_markdown(Run(big), big / "report.md").read_text(encoding="utf-8")
    assert check_tables(md) > 520
    for shown in ("cost $5 and $10", "pipe \\| and \\`tick\\`", "amp &amp; &lt;b&gt;bold&lt;/b&gt;", "\\[link\\]",
                  "line break", "&lt;img src=x onerror=alert(1)&gt;"):
        assert shown in md
    no_live_markup(md)


@pytest.mark.parametrize("value", HOSTILE)
def test_each_hostile_value_through_report_md(tmp_path, value):
    """One hostile title, doc_id and entity name at a time: the markdown has no tag from it, its tables keep their
    columns, and rendered it has no tag, link or code span either."""
    out = big_run(tmp_path, n_docs=3, hostile=[value])
    md = write_markdown(Run(out), out / "report.md").read_text(encoding="utf-8")
    assert "<img" not in md and "<b>" not in md
    assert check_tables(md) >= 2 + 3
    no_live_markup(md)


def test_hostile_title_is_escaped_in_the_html_report(big):
    html = (big / "report.html").read_text(encoding="utf-8") if (big / "report.html").exists() else \
        write_report(big).read_text(encoding="utf-8")
    check_well_formed(html)
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<b>bold</b>" not in html
    page_path = next(p for p in (big / "report").glob("*.html") if p.name.startswith("<img"))
    page = page_path.read_text(encoding="utf-8")
    check_well_formed(page)
    assert "<img src=x" not in page and "<title>&lt;img src=x onerror=alert(1)&gt;</title>" in page

"""The HTML/Markdown report and the figures: self-contained, well-formed, every document linked, annotations shown.

Fast tests build a small run folder by hand; the slow ones report on real runs of the sample corpus and the seed."""

import base64
import csv
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from pipeline.core.schema import (
    CITATION_COLUMNS,
    DATE_COLUMNS,
    DOCUMENT_COLUMNS,
    ENTITY_COLUMNS,
    ENTITY_INDEX_COLUMNS,
    ERROR_COLUMNS,
    EVENT_COLUMNS,
    FORMAT_COLUMNS,
    REFERENCE_COLUMNS,
    SENTENCE_COLUMNS,
)
from pipeline.results.figures import FIGURES, write_figures
from pipeline.results.report import write_report
from pipeline.results.report_data import edtf_span
from pipeline.results.report_pages import Span, markup

SEED_ID = "000_5ac4b8d52ef0a1b2"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


# ------------------------------------------------------------------------------------------- helpers


def finish(out: Path) -> Path:
    """What the lead's runner does after a run: frequencies (when that module exists) → figures → report → package."""
    try:
        from pipeline.results.frequencies import write_frequencies
    except ImportError:
        write_frequencies = None
    if write_frequencies is not None:
        write_frequencies(out)
    from pipeline.results.datapackage import write_datapackage

    write_figures(out)
    write_report(out)
    write_datapackage(out)
    return out


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, columns)
        w.writeheader()
        for row in rows:
            w.writerow({c: row.get(c, "") for c in columns})


TEXT = ("Совет Федерации & Сенат <Казахстана>\n\n"
        "В 2019 году [Иванов, 2019, с. 5] в Омске прошёл форум.\n\n"
        "Second paragraph about Kazakhstan.")


def make_run(out: Path, doc_id: str = "sub/paper1", text: str = TEXT) -> Path:
    """A hand-made run folder: one analysed document (its id has a slash), one that failed; overlapping spans."""
    (out / "text" / doc_id).parent.mkdir(parents=True, exist_ok=True)
    (out / "text" / f"{doc_id}.txt").write_text(text, encoding="utf-8", newline="")
    (out / "manifest.json").write_text('{"pipeline": "0.1.0", "corpus": "corpora/test", "started": '
                                       '"2026-01-02T03:04:05+00:00"}', encoding="utf-8")
    d = out / "data"
    p2 = text.index("В 2019")
    write_csv(d / "documents.csv", DOCUMENT_COLUMNS, [
        {"doc_id": doc_id, "title": "A <test> & paper", "status": "ok", "languages": "ru;en", "n_tokens": 20,
         "n_chars": len(text), "n_sentences": 3, "n_entities": 4},
        {"doc_id": "broken", "source_path": "corpora/broken.pdf", "status": "error", "error": "[E004] cannot open"}])
    write_csv(d / "errors.csv", ERROR_COLUMNS, [{"doc_id": "broken", "source_path": "corpora/broken.pdf", "stage": "ingest",
                                                 "code": "E004", "message": "cannot open the PDF", "hint": "check it"}])
    write_csv(d / "sentences.csv", SENTENCE_COLUMNS, [
        {"doc_id": doc_id, "sent_id": 1, "start": 0, "end": text.index("\n"), "section": "front", "lang": "ru", "n_tokens": 7},
        {"doc_id": doc_id, "sent_id": 2, "start": p2, "end": text.index("форум.") + 6, "section": "body", "lang": "ru",
         "n_tokens": 12},
        {"doc_id": doc_id, "sent_id": 3, "start": text.index("Second"), "end": len(text), "section": "body", "lang": "en",
         "n_tokens": 5}])

    def at(s, start_from=0):
        a = text.index(s, start_from)
        return {"start": a, "end": a + len(s), "text": s}

    sf = at("Совет Федерации & Сенат <Казахстана>")
    write_csv(d / "entities.csv", ENTITY_COLUMNS, [
        {"doc_id": doc_id, "sent_id": 1, **sf, "label": "ORG", "normal": sf["text"], "entity_id": "org/sf-senate",
         "role": "actor"},
        {"doc_id": doc_id, "sent_id": 1, **at("Казахстана"), "label": "LOC", "normal": "Казахстан", "entity_id": "country/KZ",
         "role": "actor", "inside": "org/sf-senate"},
        {"doc_id": doc_id, "sent_id": 2, **at("Иванов"), "label": "PER", "normal": "Иванов", "entity_id": "per/ivanov",
         "role": "cited_author"},
        {"doc_id": doc_id, "sent_id": 2, **at("в Омске"), "label": "LOC", "normal": "Омск", "entity_id": "city/1496153",
         "role": "actor"},
        {"doc_id": doc_id, "sent_id": 3, **at("Kazakhstan"), "label": "LOC", "normal": "Kazakhstan", "entity_id": "country/KZ",
         "role": "actor"}])
    write_csv(d / "entity_index.csv", ENTITY_INDEX_COLUMNS, [
        {"entity_id": "org/sf-senate", "label": "ORG", "name": "Совет Федерации", "mentions": 1, "documents": 1},
        {"entity_id": "country/KZ", "label": "LOC", "name": "Казахстан", "name_en": "Kazakhstan", "mentions": 2, "documents": 1},
        {"entity_id": "city/1496153", "label": "LOC", "name": "Омск", "name_en": "Omsk", "lat": 54.99, "lon": 73.37,
         "mentions": 1, "documents": 1},
        {"entity_id": "per/ivanov", "label": "PER", "name": "Иванов", "mentions": 1, "documents": 1}])
    y1, y2 = at("2019 году"), at("2019", text.index("Иванов"))
    write_csv(d / "dates.csv", DATE_COLUMNS, [
        {"doc_id": doc_id, "text": "Journal. 2019", "value": "2019", "precision": "year", "kind": "publication"},
        {"doc_id": doc_id, "sent_id": 2, **y1, "value": "2019", "precision": "year", "kind": "event"},
        {"doc_id": doc_id, "sent_id": 2, **y2, "value": "2019", "precision": "year", "kind": "citation"}])
    write_csv(d / "citations.csv", CITATION_COLUMNS, [
        {"doc_id": doc_id, "sent_id": 2, **at("[Иванов, 2019, с. 5]"), "authors": "Иванов", "year": "2019", "pages": "5",
         "kind": "work", "ref_id": "r1"}])
    write_csv(d / "references.csv", REFERENCE_COLUMNS, [{"doc_id": doc_id, "ref_id": "r1", "text": "Иванов И.И. Книга. 2019."}])
    # a format that crosses an entity's boundary: "Омске прошёл форум" overlaps "в Омске"
    write_csv(d / "formats.csv", FORMAT_COLUMNS, [
        {"doc_id": doc_id, "sent_id": 2, **at("Омске прошёл форум"), "category": "forum", "lemma": "форум", "lang": "ru"},
        {"doc_id": doc_id, "sent_id": 1, **at("Совет Федерации"), "category": "commission", "lemma": "совет", "lang": "ru"}])
    write_csv(d / "events.csv", EVENT_COLUMNS, [
        {"event_id": f"{doc_id}#e1", "doc_id": doc_id, "sent_id": 2, "category": "forum", "date": "2019",
         "actors": "city/1496153", "actor_names": "Омск", "place": "city/1496153", "place_name": "Омск", "status": "occurred",
         "evidence": "В 2019 году в Омске прошёл форум."},
        {"event_id": f"{doc_id}#e2", "doc_id": doc_id, "sent_id": 2, "category": "commission", "date": "2022-10/2023-03",
         "status": "planned", "evidence": "…"}])
    return out


class WellFormed(HTMLParser):
    """Fails on a closing tag that does not close the innermost open element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> with open {self.stack[-3:]}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def check_well_formed(html: str) -> str:
    parser = WellFormed()
    parser.feed(html)
    parser.close()
    assert not parser.errors, parser.errors[:5]
    assert parser.stack == [], parser.stack
    return "".join(parser.text)


def external_references(html: str) -> list[str]:
    """URLs a browser would fetch: src/href of resources, CSS url()/@import, also inside embedded SVG data URIs."""
    found = re.findall(r"""<(?:script|img|iframe|source|embed|video|audio)\b[^>]*\bsrc\s*=\s*["']?((?:https?:)?//[^"'\s>]+)""", html, re.I)
    found += re.findall(r"""<link\b[^>]*\bhref\s*=\s*["']?((?:https?:)?//[^"'\s>]+)""", html, re.I)
    found += re.findall(r"""url\(\s*["']?((?:https?:)?//[^)"']+)""", html, re.I)
    found += re.findall(r"""@import\s+(?:url\()?\s*["']?((?:https?:)?//[^"')\s;]+)""", html, re.I)
    for b64 in re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", html):
        svg = base64.b64decode(b64).decode("utf-8")
        found += re.findall(r"""(?:xlink:)?href\s*=\s*["']((?:https?:)?//[^"']+)""", svg)
    return found


# ------------------------------------------------------------------------------------------- fast


def test_markup_is_well_formed_whatever_the_overlaps():
    text = "a <b> & c\nd efgh ijk"
    spans = [Span(0, 9, "cit", "cit", 'q"uote'), Span(2, 5, "date", "date", "d"), Span(4, 14, "ent", "ent LOC", "e"),
             Span(12, 18, "fmt", "fmt", "f"), Span(12, 18, "ent", "ent ORG", "same extent"), Span(15, 16, "date", "date", "x")]
    html = markup(text, 0, len(text), spans, {0: ["top"], 12: ["m-x"]})
    assert check_well_formed(f"<p>{html}</p>") == text.replace("\n", "")
    assert "&lt;b" in html and "&amp;" in html and "<br>" in html and 'title="q&quot;uote"' in html
    assert html.startswith('<span class="anchor" id="top"></span><span class="cit"')
    # the crossing entity is cut where the citation ends and reopened with the same attributes
    assert html.count('class="ent LOC"') == 3  # cut where the date and the citation end
    # same extent: the format is the outer span
    assert '<span class="fmt" title="f"><span class="ent ORG"' in html


@pytest.mark.parametrize("value, span", [
    ("2019", (2019, 2020)), ("2019-07", (2019.5, 2019 + 7 / 12)), ("2022-10/2023-03", (2022.75, 2023.25)),
    ("199X", (1990, 2000)), ("2019-21", (2019 + 2 / 12, 2019 + 5 / 12)), ("", None), ("unknown", None)])
def test_edtf_spans(value, span):
    got = edtf_span(value)
    assert got == span if span is None else got == pytest.approx(span)


def report_payload(html: str) -> dict:
    """The data report.html's explorer draws its tables and charts from."""
    block = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S)
    assert block, "report.html has no data block"
    return json.loads(block[1])


def test_report_of_a_hand_made_run(tmp_path):
    out = make_run(tmp_path)
    write_figures(out)
    path = write_report(out)
    html = path.read_text(encoding="utf-8")
    check_well_formed(html)
    assert external_references(html) == []
    assert "<h1>test</h1>" in html and "2026-01-02 03:04 UTC" in html
    assert 'href="report/sub/paper1.html"' in html and 'href="report/broken.html"' in html
    assert "cannot open the PDF" in html  # the errors table
    assert "Main actors of each format&#x27;s events" in html or "Main actors of each format's events" in html
    # without pipeline/frequencies.py's tables: a note, no crash
    assert "keyness.csv is absent" in html and "freq_lemmas.csv is absent" in html
    page = (out / "report" / "sub" / "paper1.html").read_text(encoding="utf-8")
    check_well_formed(page)
    assert 'href="../../report.html"' in page and "A &lt;test&gt; &amp; paper" in page
    assert 'data-id="country/KZ"' in page and "id: country/KZ" in page and "inside: org/sf-senate" in page
    assert "EDTF 2019 (year)" in page and "kind: citation" in page and "format · forum" in page
    assert "citation · Иванов, 2019, p. 5" in page and "→ r1: Иванов И.И. Книга. 2019." in page
    assert page.count("<p>") == 3 and "Сенат &lt;Казахстана&gt;" in page
    assert 'id="s-2"' in page and 'id="m-country-KZ"' in page
    assert "No text for this document" in (out / "report" / "broken.html").read_text(encoding="utf-8")
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "# Corpus report: test" in md and "| 2019 | forum | Омск | Омск |  | occurred | sub/paper1 |" in md


def test_report_uses_the_frequency_tables_when_present(tmp_path):
    out = make_run(tmp_path)
    write_csv(out / "data" / "keyness.csv", ["target", "lang", "lemma", "count_target", "count_reference", "g2", "p_value",
                                             "effect"],
              [{"target": "sub/paper1", "lang": "ru", "lemma": "форум", "count_target": 3, "count_reference": 0, "g2": 9.5,
                "p_value": 0.002, "effect": 1.2},
               {"target": "sub/paper1", "lang": "ru", "lemma": "год", "count_target": 1, "count_reference": 9, "g2": 4.0,
                "p_value": 0.04, "effect": -1.0}])
    write_csv(out / "data" / "freq_lemmas.csv", ["doc_id", "lang", "lemma", "pos", "count", "per_10k", "documents"],
              [{"doc_id": "__corpus__", "lang": "ru", "lemma": "форум", "pos": "NOUN", "count": 3, "per_10k": 1500, "documents": 1},
               {"doc_id": "__corpus__", "lang": "en", "lemma": "border", "pos": "NOUN", "count": 2, "per_10k": 1000, "documents": 1}])
    write_csv(out / "data" / "cooccurrence.csv", ["source", "target", "source_name", "target_name", "count", "documents",
                                                  "pmi", "dice"],
              [{"source": "country/KZ", "target": "org/sf-senate", "count": 2, "documents": 1},
               {"source": "city/1496153", "target": "country/KZ", "count": 1, "documents": 1}])
    written = write_figures(out)
    assert {p.stem for p in written} == set(FIGURES)
    html = write_report(out).read_text(encoding="utf-8")
    data = report_payload(html)
    assert "keyness.csv is absent" not in html
    assert [row[2] for row in data["tables"]["keyness"]["rows"]] == ["форум"]  # the under-used «год» left out
    assert "(cooccurrence.csv)" in html and {"network", "lemmas_ru", "lemmas_en"} <= set(data["charts"])
    assert {f"figures/{name}.svg" for name in FIGURES} <= set(re.findall(r'href="(figures/[^"]+)"', html))
    assert "Key lemmas" in (out / "report" / "sub" / "paper1.html").read_text(encoding="utf-8")


def test_figures_are_png_300_dpi_and_svg_and_reproducible(tmp_path):
    from PIL import Image

    out = make_run(tmp_path)
    first = {p: p.read_bytes() for p in write_figures(out)}
    assert first and {p.suffix for p in first} == {".png", ".svg"}
    for p in first:
        if p.suffix == ".png":
            assert Image.open(p).info["dpi"] == pytest.approx((300, 300), abs=0.5)
    assert {p: p.read_bytes() for p in write_figures(out)} == first


# ------------------------------------------------------------------------------------------- real runs


@pytest.fixture(scope="module")
def seed_report(seed_run, tmp_path_factory):
    out = tmp_path_factory.mktemp("seed_report") / "run"
    shutil.copytree(seed_run[0], out)  # the session's seed run stays as the other tests expect it
    return finish(out)


@pytest.mark.parametrize("name", ["documents_by_language", "top_entities", "top_lemmas"])
def test_count_axes_tick_whole_numbers(seed_report, name):
    """A bar chart of counts has no `0.5 mentions` tick (the seed's people are mentioned once or twice)."""
    from pipeline.results.figures import build
    from pipeline.results.report_data import Run

    fig = build(Run(seed_report), name)
    fig.canvas.draw()
    ticks = [tick for ax in fig.axes for tick in ax.get_xticks() if ax.get_xlim()[0] <= tick <= ax.get_xlim()[1]]
    assert len(ticks) >= 3 and all(float(tick).is_integer() for tick in ticks), ticks


@pytest.mark.slow
def test_corpus_report_is_self_contained_and_links_every_document(corpus_report):
    html = (corpus_report / "report.html").read_text(encoding="utf-8")
    check_well_formed(html)
    assert external_references(html) == []
    assert "<script src" not in html and "<link" not in html
    with open(corpus_report / "data" / "documents.csv", encoding="utf-8", newline="") as f:
        doc_ids = [r["doc_id"] for r in csv.DictReader(f)]
    assert len(doc_ids) >= 7
    links = {unquote(h) for h in re.findall(r'href="(report/[^"#]+\.html)', html)}
    for doc_id in doc_ids:
        assert f"report/{doc_id}.html" in links
        page = corpus_report / "report" / f"{doc_id}.html"
        check_well_formed(page.read_text(encoding="utf-8"))
        assert f'href="{"../" * (doc_id.count("/") + 1)}report.html"' in page.read_text(encoding="utf-8")
    for section in ["Entities", "Formats", "Events", "Network"]:
        assert f"<h2>{section}</h2>" in html
    charts = report_payload(html)["charts"]
    assert {"events_per_year", "events_timeline", "actor_matrix", "network", "formats_by_category"} <= set(charts)
    md = (corpus_report / "report.md").read_text(encoding="utf-8")
    assert "## Events timeline" in md and "| date | category | place | actors | found by | status | doc_id |" in md


@pytest.mark.slow
def test_corpus_figures(corpus_report):
    for name in ["documents_by_language", "top_entities", "formats_by_document", "events_timeline", "cooccurrence_network"]:
        for ext in ("png", "svg"):
            assert (corpus_report / "figures" / f"{name}.{ext}").stat().st_size > 10_000


@pytest.mark.slow
def test_seed_page_highlights_entities_with_their_id(seed_report):
    html = (seed_report / "report.html").read_text(encoding="utf-8")
    assert f'href="report/{quote(SEED_ID)}.html"' in html
    page = (seed_report / "report" / f"{SEED_ID}.html").read_text(encoding="utf-8")
    text = (seed_report / "text" / f"{SEED_ID}.txt").read_text(encoding="utf-8")
    shown = check_well_formed(page)
    assert "".join(text.split()) in "".join(shown.split())  # every character of the text, in order
    russia = re.search(r'<span class="ent LOC" title="([^"]*)" data-id="country/RU" data-sent="\d+" data-start="\d+"', page)
    assert russia and "id: country/RU" in russia[1] and "Российская Федерация" in russia[1]
    assert 'class="date" title="date · EDTF 1992-10-22 (day)&#10;kind: event"' in page.replace("\n", "&#10;")
    assert 'class="cit"' in page and 'class="fmt"' in page


@pytest.mark.parametrize("order", ["as written", "sorted by hand"])
def test_the_corpus_lemmas_are_found_however_the_table_is_ordered(tmp_path, order):
    """The report reads freq_lemmas.csv up to the first document's row (the corpus rows come first), and a table
    put in another order whole."""
    from pipeline.results.report_data import Run

    corpus = "__corpus__,ru,омск,PROPN,3,1.0,2\n__corpus__,en,omsk,PROPN,1,1.0,1\n"
    docs = "d1,ru,омск,PROPN,2,1.0,1\nd2,en,omsk,PROPN,1,1.0,1\n"
    body = corpus + docs if order == "as written" else docs + corpus
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "freq_lemmas.csv").write_text("doc_id,lang,lemma,pos,count,per_10k,documents\n" + body,
                                                       encoding="utf-8")
    run = Run(tmp_path)
    assert [(r["lang"], r["lemma"], r["count"]) for r in run.corpus_lemmas] == [("ru", "омск", "3"), ("en", "omsk", "1")]
    assert run.lemma_langs == ["ru", "en"]

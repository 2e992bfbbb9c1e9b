"""The report in a real browser (issue 17): headless Chromium, driven by Playwright, opens report.html from
file:// with every other request refused and counted, at 1, 95 and 500 documents. Each page must run its script
to the end with no uncaught error and no network request, hold its layout (nothing wider than the viewport, on a
desktop and on a phone), and its tables must answer: a search, a sort and a filter each change the visible rows
as events.csv and entities.csv say they should; the events-per-year chart counts what events.csv holds; a click
on a chart filters its table; a row's correction line is valid YAML for corrections.yaml.

The 95- and 500-document runs are the sample corpus's run (tests/test_report.py) copied with new doc ids
(no NLP: its CSV rows with the ids renamed and the years shifted), then given statistics, figures and report as
`pipeline report` does. CI installs Chromium (.ci/run); without it these tests are skipped."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from pipeline.results.report_data import edtf_span

from .test_report import SEED_ID, finish, make_run

CANDIDATES = ["/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}


def chromium() -> str:
    for name in CANDIDATES:
        path = shutil.which(name) or (name if os.path.isabs(name) and os.access(name, os.X_OK) else None)
        if path:
            return path
    pytest.skip("Chromium is not installed (apt-get install chromium); CI installs it, so there this test runs")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency: pip install -e '.[test]'")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium(), args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        yield b
        b.close()


class Opened:
    """A page loaded from disk: its uncaught errors, console errors and the requests it tried beyond file://."""

    def __init__(self, browser, path: Path, viewport: dict = DESKTOP):
        self.page = browser.new_page(viewport=viewport)
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.route(re.compile(r"^(?!file:|data:|blob:)"), self._refuse)
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("document.body.dataset.ready === '1'", timeout=60_000)

    def _refuse(self, route):
        self.requests.append(route.request.url)
        route.abort()

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def overflow(self) -> list[str]:
        """Elements that reach past the viewport's right edge (not counting those inside a box that scrolls)."""
        return self.js("""() => {
          const w = document.documentElement.clientWidth, out = [];
          if (document.documentElement.scrollWidth > w) out.push('document ' + document.documentElement.scrollWidth);
          for (const e of document.querySelectorAll('body *')) {
            if (e.closest('.table-wrap') || e.offsetParent === null) continue;
            const r = e.getBoundingClientRect();
            if (r.width > 0 && r.right > w + 1) out.push(e.tagName + '.' + e.getAttribute('class') + ' ' + Math.round(r.right));
          }
          return out.slice(0, 10);
        }""")

    def visible(self, table: str, key: str) -> list:
        """The values of column `key` in every row a table's filters and search leave, in its order."""
        return self.js("([t, k]) => { const x = window.explorer.tables[t]; const i = x.spec.index[k];"
                       " return x.rows.map(r => r[i]); }", [table, key])

    def shown(self, table: str) -> int:
        return self.js("t => document.querySelectorAll(`table[data-table=${t}] tbody tr`).length", table)

    def close(self):
        assert not self.errors, self.errors
        assert not self.requests, f"the report asked the network for {self.requests[:5]}"
        self.page.close()


def read(out: Path, name: str) -> list[dict]:
    with open(out / "data" / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --------------------------------------------------------------------------------------- the large runs


RENAME = {"doc_id", "target"}


def replicate(source: Path, out: Path, n_docs: int) -> Path:
    """A run of `n_docs` documents from the rows of `source`: copy k of document d is `d~k`, its years shifted by
    k (so that the timeline spans years), its events renumbered; then statistics, figures and report."""
    originals = [r["doc_id"] for r in read(source, "documents")]
    copies = [(d, f"{d}~{k:03d}", k) for k in range(n_docs // len(originals) + 1) for d in originals][:n_docs]
    (out / "data").mkdir(parents=True)
    shutil.copy(source / "manifest.json", out / "manifest.json")
    year = re.compile(r"^(\d{4})")
    for name in ("documents", "sentences", "entities", "entity_index", "dates", "citations", "references", "formats",
                 "events", "authors", "errors", "tokens"):
        if not (source / "data" / f"{name}.csv").exists():
            continue
        rows = read(source, name)
        with open(source / "data" / f"{name}.csv", encoding="utf-8", newline="") as f:
            columns = next(csv.reader(f))
        by_doc: dict[str, list[dict]] = {}
        for r in rows:
            by_doc.setdefault(r.get("doc_id", ""), []).append(r)
        with open(out / "data" / f"{name}.csv", "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, columns)
            w.writeheader()
            if "doc_id" not in columns:
                w.writerows(rows)
                continue
            for original, copy, k in copies:
                for r in by_doc.get(original, []):
                    r = dict(r, doc_id=copy)
                    if r.get("event_id"):
                        r["event_id"] = r["event_id"].replace(original, copy, 1)
                    for field in ("date", "year") if name in ("events", "documents") else ():
                        if year.match(r.get(field) or ""):
                            r[field] = re.sub(r"\d{4}", lambda m: str(int(m[0]) + k % 12), r[field])
                    w.writerow(r)
    for original, copy, _ in copies:
        text = source / "text" / f"{original}.txt"
        if text.exists():
            (out / "text" / copy).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(text, out / "text" / f"{copy}.txt")
    return finish(out)


@pytest.fixture(scope="module")
def sample_run(corpus_report) -> Path:
    return corpus_report


@pytest.fixture(scope="module")
def run95(sample_run, tmp_path_factory) -> Path:
    return replicate(sample_run, tmp_path_factory.mktemp("run95"), 95)


@pytest.fixture(scope="module")
def run500(sample_run, tmp_path_factory) -> Path:
    return replicate(sample_run, tmp_path_factory.mktemp("run500"), 500)


@pytest.fixture(scope="module")
def seed_out(seed_run, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed_browser") / "run"
    shutil.copytree(seed_run[0], out)
    return finish(out)


RUNS = ["seed_out", "run95", "run500"]


# ------------------------------------------------------------------------------------------------- tests


def test_hand_made_report_in_the_browser(browser, tmp_path):
    out = make_run(tmp_path)
    finish(out)
    page = Opened(browser, out / "report.html")
    assert page.js("Object.keys(window.explorer.tables).length") >= 5
    assert page.shown("documents") == 2 and page.overflow() == []
    page.close()
    doc = Opened(browser, out / "report" / "sub" / "paper1.html")
    assert doc.js("document.querySelectorAll('.ent.LOC[data-id=\"country/KZ\"]').length") >= 1
    doc.close()


@pytest.mark.slow
@pytest.mark.parametrize("run", ["seed_out", "run500"])  # one paper and the most documents; 95 adds 40 s, no case
def test_layout_holds_on_a_desktop_and_a_phone(browser, run, request):
    out = request.getfixturevalue(run)
    n_docs = len(read(out, "documents"))
    for viewport in (DESKTOP, PHONE):
        page = Opened(browser, out / "report.html", viewport)
        assert page.overflow() == [], viewport
        assert page.js("window.explorer.tables.documents.spec.rows.length") == n_docs
        assert page.shown("documents") == min(n_docs, 50)  # pages of 50
        page.close()


@pytest.mark.slow
@pytest.mark.parametrize("run", RUNS)
def test_search_sort_and_filter_change_the_rows(browser, run, request):
    out = request.getfixturevalue(run)
    page = Opened(browser, out / "report.html")
    entities = page.visible("entities", "entity_id")
    # search: the rows left are those whose cells contain the text
    page.page.fill("#t-entities input.search", "казах")
    found = page.visible("entities", "name")
    assert 0 < len(found) < len(entities)
    rows = page.js("window.explorer.tables.entities.rows.map(r => r.join(' ').toLowerCase())")
    assert all("казах" in r for r in rows)
    page.page.fill("#t-entities input.search", "")
    # sort: a click on «mentions» orders by it, largest first; a second click reverses
    page.page.click("#t-entities th:has-text('mentions')")
    counts = page.visible("entities", "mentions")
    assert counts == sorted(counts, reverse=True) and counts[0] == max(int(r) for r in counts)
    page.page.click("#t-entities th:has-text('mentions')")
    assert page.visible("entities", "mentions") == sorted(counts)
    # filter: a category of events.csv leaves exactly its events
    events = read(out, "events")
    category, n = Counter(r["category"] for r in events).most_common(1)[0]
    page.page.select_option("#t-events select[data-facet=category]", category)
    assert set(page.visible("events", "category")) == {category} and len(page.visible("events", "event_id")) == n
    assert page.shown("events") == min(n, 50)
    status = Counter(r["status"] for r in events if r["category"] == category).most_common(1)[0]
    page.page.select_option("#t-events select[data-facet=status]", status[0])
    assert len(page.visible("events", "event_id")) == status[1]
    page.page.click("#t-events button.reset")
    assert len(page.visible("events", "event_id")) == len(events)
    page.close()


@pytest.mark.slow
@pytest.mark.parametrize("run", RUNS)
def test_events_per_year_counts_events_csv(browser, run, request):
    out = request.getfixturevalue(run)
    expected = Counter()
    for r in read(out, "events"):
        if span := edtf_span(r["date"]):
            expected[(int(span[0]), r["category"])] += 1
    page = Opened(browser, out / "report.html")
    drawn = page.js("window.explorer.views.events_per_year.data('table')")
    assert Counter({(d["year"], d["category"]): d["events"] for d in drawn}) == expected
    first, last = min(y for y, _ in expected), max(y for y, _ in expected)
    domain = page.js("window.explorer.views.events_per_year.scale('x').domain()")
    assert domain == ([first, last] if last > first else [first - 1, last + 1])  # the data's own range
    page.close()


@pytest.mark.slow
def test_a_click_on_a_chart_filters_its_table(browser, run95):
    page = Opened(browser, run95 / "report.html")
    bar = page.page.locator("[data-chart=formats_by_category] .mark-rect path").first
    bar.click()
    chosen = page.js("window.explorer.tables.formats.filters.category")
    assert chosen and set(page.visible("formats", "category")) == {chosen}
    expected = sum(1 for r in read(run95, "formats") if r["category"] == chosen)
    assert len(page.visible("formats", "category")) == min(expected, 20_000)
    page.close()


@pytest.mark.slow
def test_pages_and_correction_lines(browser, run95):
    page = Opened(browser, run95 / "report.html")
    events = read(run95, "events")
    assert len(events) > 50 and page.shown("events") == 50
    first = page.visible("events", "event_id")[:50]
    page.page.click("#t-events .pager button:has-text('next')")
    assert page.js("document.querySelector('#t-events .pager span').textContent").startswith("page 2 of ")
    shown = page.js("[...document.querySelectorAll('table[data-table=events] tbody tr')].length")
    assert 0 < shown <= 50 and first
    # the correction lines of an event and an entity: one YAML mapping each, naming the row
    page.page.locator("#t-events details.fix summary").first.click()
    page.page.wait_for_selector("#t-events details.fix[open] code")  # on a slow machine the lines come a moment later
    lines = page.js("[...document.querySelectorAll('#t-events details.fix[open] code')].map(c => c.textContent)")
    parsed = [yaml.safe_load(line) for line in lines]
    assert parsed[0][0]["reject"] in {r["event_id"] for r in events}
    assert set(parsed[1][0]) >= {"event", "category", "status"} and isinstance(parsed[1][0]["actors"], list)
    page.page.locator("#t-entities details.fix summary").first.click()
    page.page.wait_for_selector("#t-entities details.fix[open] code")
    lines = page.js("[...document.querySelectorAll('#t-entities details.fix[open] code')].map(c => c.textContent)")
    ids = {r["entity_id"] for r in read(run95, "entity_index")}
    assert yaml.safe_load(lines[0])[0]["drop"] in ids
    assert yaml.safe_load(lines[1])[0]["entity"] in ids
    page.close()


@pytest.mark.slow
def test_the_document_list_searches(browser, run500):
    page = Opened(browser, run500 / "report.html")
    page.page.click("details.doclist summary")
    page.page.fill("details.doclist input", "samara")
    count = page.js("document.querySelector('details.doclist .count').textContent")
    expected = sum(1 for r in read(run500, "documents") if "samara" in r["doc_id"] or "samara" in r["title"].lower())
    assert count == f"{expected} of 500 documents" and 0 < expected < 500
    page.close()


@pytest.mark.slow
def test_seed_document_page_in_the_browser(browser, seed_out, tmp_path, stages):
    """The seed's page: highlights, no overflow, and a click on «Сената» (the Senate of Kazakhstan's Parliament,
    resolved to the gazetteer's org/senate-kz) offers lines that a rerun applies to exactly that mention."""
    from pipeline.batch.runner import run

    from .conftest import SEED, need, rows

    page = Opened(browser, seed_out / "report" / f"{SEED_ID}.html")
    assert page.js("document.querySelectorAll('.ent.LOC[data-id=\"country/RU\"]').length") > 3
    assert page.overflow() == []
    senate = page.page.locator('.ent[data-id="org/senate-kz"]').first
    sent, start = int(senate.get_attribute("data-sent")), int(senate.get_attribute("data-start"))
    senate.click()
    lines = page.js("[...document.querySelectorAll('#fix-panel code')].map(c => c.textContent)")
    page.close()
    assert [list(yaml.safe_load(line)[0])[0] for line in lines] == ["drop", "mention", "split", "merge", "drop"]
    fix = lines[1].replace("normal: Сенат}", "normal: Сенат Парламента Республики Казахстан}")
    (tmp_path / "corrections.yaml").write_text(f"{fix}\n{lines[2]}\n", encoding="utf-8")
    corpus = tmp_path / "seed"
    corpus.mkdir()
    shutil.copy(need(SEED), corpus / SEED.name)
    run(corpus, tmp_path / "out", quiet=True, stages=stages, corrections=tmp_path / "corrections.yaml")
    changed = [r for r in rows(tmp_path / "out", "entities") if r["source"] == "correction"]
    assert [(int(r["sent_id"]), int(r["start"]), r["normal"], r["entity_id"]) for r in changed] == \
        [(sent, start, "Сенат Парламента Республики Казахстан", "org/senate-kz-2")]


def test_report_json_block_cannot_end_early(tmp_path):
    """A `</script>` in the data stays inside the JSON block: `<` is written as \\u003c."""
    from pipeline.results.explore import script_json

    text = script_json({"t": "</script><script>alert(1)</script>"})
    assert "<" not in text and json.loads(text) == {"t": "</script><script>alert(1)</script>"}

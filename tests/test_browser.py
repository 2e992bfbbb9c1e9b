"""The report in a real browser: headless Chromium loads the pages from file:// with the network cut off, runs
their script to the end (it sets <body data-ready="1"> last) and logs no uncaught error; every embedded figure
decodes (data-images="n/n"). CI installs Chromium (.ci/run); without it these tests are skipped."""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from .test_report import SEED_ID, finish, make_run

CANDIDATES = ["/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]


def chromium() -> str:
    for name in CANDIDATES:
        path = shutil.which(name) or (name if os.path.isabs(name) and os.access(name, os.X_OK) else None)
        if path:
            return path
    pytest.skip("Chromium is not installed (apt-get install chromium); CI installs it, so there this test runs")


def dump_dom(page: Path) -> tuple[str, str]:
    """The DOM after the load event, and the browser's log (console messages included)."""
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
             f"--user-data-dir={profile}", "--host-resolver-rules=MAP * ~NOTFOUND", "--enable-logging=stderr", "--v=0",
             "--dump-dom", page.resolve().as_uri()],
            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout, result.stderr


def check_page(page: Path) -> str:
    dom, log = dump_dom(page)
    console = [line for line in log.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert not [line for line in console if "Uncaught" in line or ":ERROR:CONSOLE" in line], console
    body = re.search(r"<body[^>]*>", dom)
    assert body and 'data-ready="1"' in body[0], (body and body[0], console)
    images = re.search(r'data-images="(\d+)/(\d+)"', body[0])
    assert images and images[1] == images[2], body[0]
    return dom


def test_hand_made_report_in_the_browser(tmp_path):
    out = make_run(tmp_path)
    finish(out)
    dom = check_page(out / "report.html")
    assert "data:image/svg+xml;base64," in dom
    page = check_page(out / "report" / "sub" / "paper1.html")
    assert 'class="ent LOC"' in page and 'data-id="country/KZ"' in page


@pytest.mark.slow
def test_seed_report_in_the_browser(seed_run, tmp_path):
    out = tmp_path / "run"
    shutil.copytree(seed_run[0], out)
    finish(out)
    dom = check_page(out / "report.html")
    assert f'href="report/{SEED_ID}.html"' in dom
    page = check_page(out / "report" / f"{SEED_ID}.html")
    assert re.search(r'<span class="ent LOC" title="[^"]*id: country/RU[^"]*" data-id="country/RU">', page)

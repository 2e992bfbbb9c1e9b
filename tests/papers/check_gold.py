"""Sanity check of tests/papers/gold.yaml (or a holdout folder's) against the sample papers (not a pytest test).

    .venv/bin/python tests/papers/check_gold.py                           # exit code 1 on any problem
    .venv/bin/python tests/papers/check_gold.py tests/papers/holdout2     # a holdout set

For every paper it un-wraps the text the way the gold strings were written (line-end hyphen
between two letters = a soft break, whitespace collapsed, form feeds removed) and checks that

* every `sections` snippet occurs exactly once, has >= 5 words and a known section label,
  and that there are 4-10 snippets;
* the title, the abstract start, every keyword, every author's surname, e-mail and ORCID occur;
* the schema keys are present and typed as documented.

A line-end hyphen is ambiguous in the raw text (`взаимо-`/`действие` vs `российско-`/`казахстанского`),
so the matcher accepts both readings: a soft break may be dropped, and a `-` in the gold string
also matches a line-end hyphen.
"""
from __future__ import annotations

import html.parser
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SHY = "\u00ad"
SECTIONS = {"front", "abstract", "keywords", "introduction", "methods", "results", "discussion",
            "conclusion", "body", "references", "about_authors", "acknowledgements", "appendix"}
KEYS = ["file", "layout", "lang", "title", "authors", "year", "doi", "udc", "journal", "volume",
        "issue", "abstract_start", "keywords", "keywords_en", "references", "translit_list",
        "received", "accepted", "sections"]
AUTHOR_KEYS = ["surname", "initials", "given", "patronymic", "affiliation", "city", "email", "orcid"]


class _HTMLText(html.parser.HTMLParser):
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr", "td", "th", "title", "section",
             "header", "footer", "ol", "ul", "table", "article", "nav", "span"}

    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        if tag in self.BLOCK and tag != "span":
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1
        if tag in self.BLOCK and tag != "span":
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def raw_text(path: Path) -> str:
    if path.suffix == ".docx":
        import docx
        d = docx.Document(str(path))
        parts = []
        for s in d.sections:
            parts += [p.text for p in s.header.paragraphs]
        parts += [p.text for p in d.paragraphs]
        for t in d.tables:
            for row in t.rows:
                parts.append(" ".join(c.text for c in row.cells))
        return "\n".join(parts)
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".html", ".htm"):
        p = _HTMLText()
        p.feed(text)
        return "".join(p.parts)
    return text


def normalise(text: str) -> str:
    text = text.replace("\f", "\n")
    text = re.sub(r"([^\W\d_])-[ \t]*\n\s*([^\W\d_])", r"\1" + SHY + r"\2", text)
    return re.sub(r"\s+", " ", text).strip()


def pattern(s: str) -> re.Pattern:
    s = re.sub(r"\s+", " ", s).strip()
    out = []
    for i, ch in enumerate(s):
        if ch == "-":
            out.append("[-" + SHY + "]")
        elif ch == " ":
            out.append(" ")
        else:
            out.append(re.escape(ch))
        if i + 1 < len(s) and ch.isalpha() and s[i + 1].isalpha():
            out.append(SHY + "?")
    return re.compile("".join(out))


def count(text: str, s: str) -> int:
    return len(pattern(s).findall(text))


def check() -> int:
    gold = yaml.safe_load((HERE / "gold.yaml").read_text(encoding="utf-8"))
    errors = []
    files = set()
    for g in gold["papers"]:
        name = g.get("file", "?")
        err = lambda m: errors.append(f"{name}: {m}")
        files.add(name)
        for k in KEYS:
            if k not in g:
                err(f"missing key {k}")
        path = HERE / name
        if not path.exists():
            err("file does not exist")
            continue
        raw = raw_text(path)
        text = normalise(raw)
        if path.suffix == ".txt":
            n = raw.count("\n")
            if not 60 <= n <= 150:
                err(f"{n} lines (expected 60-150)")
        for k in ["year", "doi", "udc", "journal", "volume", "issue", "received", "accepted", "title"]:
            if not isinstance(g.get(k), str):
                err(f"{k} must be a string")
        for k in ["doi", "udc", "journal", "title", "abstract_start"]:
            if g.get(k) and count(text, g[k]) == 0:
                err(f"{k} not found: {g[k]!r}")
        if g.get("year") and g["year"] not in text:
            err(f"year {g['year']} not in text")
        for k in ["received", "accepted"]:
            if g.get(k) and not re.fullmatch(r"\d{4}-\d\d-\d\d", g[k]):
                err(f"{k} is not ISO: {g[k]!r}")
        if not isinstance(g.get("references"), int) or g["references"] < 1:
            err("references must be a positive int")
        for kw in (g.get("keywords") or []) + (g.get("keywords_en") or []):
            if count(text, kw) == 0:
                err(f"keyword not found: {kw!r}")
        if not g.get("authors"):
            err("no authors")
        for a in g.get("authors") or []:
            if list(a) != AUTHOR_KEYS:
                err(f"author keys {list(a)}")
            if count(text, a["surname"]) == 0:
                err(f"surname not found: {a['surname']!r}")
            for k in ["email", "orcid", "affiliation", "given", "patronymic"]:
                if a.get(k) and count(text, a[k]) == 0:
                    err(f"author {a['surname']} {k} not found: {a[k]!r}")
            if not a.get("initials"):
                err(f"author {a['surname']} has no initials")
        secs = g.get("sections") or {}
        if not 4 <= len(secs) <= 10:
            err(f"{len(secs)} section snippets (expected 4-10)")
        for s, lab in secs.items():
            if lab not in SECTIONS:
                err(f"unknown section {lab!r} for {s!r}")
            if len(s.split()) < 5:
                err(f"snippet shorter than 5 words: {s!r}")
            c = count(text, s)
            if c != 1:
                err(f"snippet occurs {c} times: {s!r}")
        labels = set(secs.values())
        for need in ("abstract", "references"):
            if need not in labels:
                err(f"no {need} snippet")
    on_disk = {p.name for p in HERE.iterdir() if p.suffix in (".txt", ".docx", ".html")}
    for extra in sorted(on_disk - files):
        errors.append(f"{extra}: paper without a gold entry")
    for e in errors:
        print("FAIL", e)
    print(f"{len(gold['papers'])} papers, {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    if len(sys.argv) > 1:
        HERE = Path(sys.argv[1]).resolve()
    sys.exit(check())

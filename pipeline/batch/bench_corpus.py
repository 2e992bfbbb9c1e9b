"""The benchmark's corpora: the default sources (corpora/, the factRuEval dev texts, the seed), a corpus of N
different documents built from them, and the texts the pipeline reads from it."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SHARED = ROOT.parent / "shared"
FACTRU = SHARED / "eval" / "factru-dev.jsonl"
SEED = SHARED / "seed"
CORPORA = ROOT / "corpora"


def default_corpus(tmp: Path | None = None) -> list[Path]:
    """The files of corpora/, the texts of ../shared/eval/factru-dev.jsonl (written as .txt files into
    `tmp`/factru, a new temporary folder when not given) and ../shared/seed/*.txt, each when present."""
    files = sorted(p for p in CORPORA.rglob("*") if p.is_file() and not p.name.startswith((".", "~$"))) \
        if CORPORA.is_dir() else []
    if FACTRU.is_file():
        folder = Path(tmp) if tmp else Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
        folder = folder / "factru"
        folder.mkdir(parents=True, exist_ok=True)
        with open(FACTRU, encoding="utf-8") as f:
            for n, line in enumerate(f):
                if not line.strip():
                    continue
                record = json.loads(line)
                name = "".join(c if c.isalnum() or c in "-_" else "_" for c in str(record.get("id", n)))
                path = folder / f"{name}.txt"
                path.write_text(record["text"], encoding="utf-8")
                files.append(path)
    if SEED.is_dir():
        files += sorted(SEED.glob("*.txt"))
    return files


TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")  # a copy of these gets a line of its own; PDF and DOCX appear once


def build_corpus(files: list[Path], size: int, folder: Path) -> Path:
    """A corpus of `size` documents in `folder`, cycling through `files`: the first round as they are
    (`<parent>/<name>`), every later round as `copyNNN/<parent>/<name>` with a line of its own appended, so
    that no two files have the same content (identical contents would share one analysis in the cache).
    PDF and DOCX files, which cannot take a line, appear once."""
    files = [Path(f) for f in files]
    if not files:
        raise ValueError("no files to build a corpus from")
    if size > len(files) and not any(f.suffix.lower() in TEXT_SUFFIXES for f in files):
        raise ValueError(f"only {len(files)} files, none of them text: cannot make {size} different documents")
    folder.mkdir(parents=True, exist_ok=True)
    made, round_ = 0, 0
    while made < size:
        for src in files:
            if made == size:
                break
            if round_ and src.suffix.lower() not in TEXT_SUFFIXES:
                continue
            dest = folder / (f"copy{round_:03d}" if round_ else "") / src.parent.name / src.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            if round_:
                _copy_with_line(src, dest, f"Копия {round_} документа {src.stem}.")
            else:
                shutil.copyfile(src, dest)
            made += 1
        round_ += 1
    return folder


def _copy_with_line(src: Path, dest: Path, line: str) -> None:
    """`src` with `line` added as a paragraph of its own at the end (before `</body>` in HTML), in its encoding."""
    from charset_normalizer import from_bytes

    data = src.read_bytes()
    best = from_bytes(data).best()
    encoding = best.encoding if best else "utf-8"
    text = data.decode(encoding, errors="replace")
    if src.suffix.lower() in (".html", ".htm"):
        at = text.lower().rfind("</body>")
        text = text[:at] + f"<p>{line}</p>\n" + text[at:] if at >= 0 else text + f"\n<p>{line}</p>\n"
    else:
        text = text.rstrip("\n") + f"\n\n{line}\n"
    dest.write_bytes(text.encode(encoding, errors="replace"))


def append_sentence(corpus: Path, sentence: str) -> Path | None:
    """Append `sentence` as a new paragraph to the first .txt file of `corpus` (its encoding kept); the file, or
    None when there is none."""
    for path in sorted(Path(corpus).rglob("*.txt")):
        _copy_with_line(path, path.with_name(path.name + ".tmp"), sentence)
        path.with_name(path.name + ".tmp").replace(path)
        return path
    return None


def read_texts(corpus: Path) -> list[str]:
    """The texts the pipeline reads: `read_document(...).raw` (decoded text, PDF/DOCX/HTML text)."""
    from ..core.errors import PipelineError
    from ..ingest.discovery import discover
    from ..ingest.readers import read_document

    texts = []
    for doc_id, path in discover(Path(corpus)):
        try:
            texts.append(read_document(doc_id, path).raw)
        except PipelineError:
            continue  # the pipeline reports it as failed; neither side analyses it
    return texts

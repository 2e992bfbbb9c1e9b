"""The benchmark's corpus: the default one (corpora/, FactRu texts, the seed texts), copies of it, and the
texts and razdel tokens the pipeline reads from it."""

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


def _materialise(files: list[Path], folder: Path) -> Path:
    """Copy `files` into `folder`/<parent name>/<name> (corpora/, factru/, seed/ keep their ids apart)."""
    folder.mkdir(parents=True, exist_ok=True)
    for src in files:
        dest = folder / src.parent.name / src.name
        n = 1
        while dest.exists():
            n += 1
            dest = dest.with_name(f"{src.stem}_{n}{src.suffix}")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
    return folder


def _multiply(corpus: Path, folder: Path, copies: int) -> Path:
    """`copies` copies of every file of `corpus`, as copy00/…, copy01/…, with different doc ids."""
    from ..ingest.discovery import discover

    corpus = Path(corpus)
    root = corpus.parent if corpus.is_file() else corpus
    for n in range(copies):
        for _, path in discover(corpus):
            dest = folder / f"copy{n:02d}" / path.relative_to(root)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
    return folder


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


def razdel_tokens(texts: list[str]) -> int:
    from razdel import tokenize

    return sum(sum(1 for _ in tokenize(text)) for text in texts)

"""One document's job, the same on every engine: read the file, run the stages within the limits, render the
rows — and turn whatever goes wrong into that document's coded error."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import PipelineError
from ..core.limits import Limits, time_limit
from ..core.schema import Document
from ..core.stages import analyse
from ..ingest.docids import display_path
from ..ingest.readers import read_document
from ..output.export import render
from ..output.token_counts import document_record
from .store import pack


def process(doc_id: str, path: Path, stages, timings: dict | None = None, late=(), keep: bool = False,
            limits: Limits = Limits(), data: bytes | OSError | None = None):
    """(doc, error or None, packed base doc or None): `path` (or its bytes, `data`) read and analysed by
    `stages`, then by the codebook stages `late`, within `limits`; with `keep`, the document as it was before
    `late` is packed for the cache."""
    try:
        try:
            with time_limit(limits.timeout):
                doc = read_document(doc_id, path, limits.max_mb, data)
                doc.keep_back_matter = limits.keep_back_matter  # a run option the events read
                doc = analyse(doc, stages, timings)
                blob = pack(doc) if keep else None
                return analyse(doc, late, timings), None, blob
        except MemoryError:
            raise PipelineError("E013", limit=f"{limits.max_memory:g}") from None
    except PipelineError as e:
        return failed(doc_id, path, e), e, None


def failed(doc_id: str, path: Path, e: PipelineError) -> Document:
    """The documents.csv row of a file that could not be analysed."""
    return Document(doc_id=doc_id, source_path=display_path(path), format=Path(path).suffix.lower().lstrip("."),
                    status="error", error=f"[{e.code}] {e.message}")


def job(doc_id: str, path, base, late, keep: bool, timings: dict, limits=None, data=None) -> tuple:
    """(rendered document, error, blobs): one file (or its bytes, `data`) analysed and rendered for the
    writer. The error is a plain tuple (code, message, hint, stage), which crosses process boundaries; with
    `keep`, blobs are what the cache stores: the packed document before the codebook stages, and the packed
    rendering."""
    limits = limits or Limits()
    doc, err, base_blob = process(doc_id, Path(path), base, timings, late=late, keep=keep, limits=limits, data=data)
    done = counted(render(doc, raw=limits.raw_csv), doc, limits)
    return done, (err.code, err.message, err.hint, err.stage) if err else None, \
        (base_blob, pack(done)) if base_blob is not None else None


def counted(done, doc: Document, limits: Limits):
    """`done` (the rendering of `doc`) with its token counts (for the statistics: output/token_counts.py), when it
    has tokens."""
    if done.status == "ok":
        done.counts = document_record(doc, limits.keep_back_matter, limits.raw_csv)
    return done


def error_job(doc_id: str, path, limits, code: str, stage: str, **fields) -> tuple:
    """(rendered, error, blobs) of a document whose job did not return: its worker died (E015), its cluster
    task ran past the time limit (E012), or its result could not come back (E100)."""
    err = PipelineError(code, stage=stage, **fields) if code == "E100" else PipelineError(code, **fields)
    err.stage = stage
    return render(failed(doc_id, Path(path), err), raw=limits.raw_csv if limits else False), \
        (err.code, err.message, err.hint, err.stage), None

"""Batch NLP for Russian and English papers on interregional and cross-border cooperation."""

import os

# One BLAS thread per process: the pipeline runs one worker per core, each multiplying the matrices of its own
# documents (measured: the syntax parses of 144 sentences took 12.3 s with OpenBLAS's default threads on a busy
# 2-core machine, 0.14 s with one). A -j1 run, whose one process analyses alone, gives the analysis every core
# (batch.threads.analysis_threads). Set before numpy is imported; a user's own setting wins, everywhere.
BLAS_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
_OURS = "PIPELINE_BLAS_DEFAULT"  # marks the ones below as ours in the processes that inherit them
USER_BLAS_THREADS = os.environ.get(_OURS) != "1" and any(_name in os.environ for _name in BLAS_VARS)
if not USER_BLAS_THREADS:
    os.environ[_OURS] = "1"
    for _name in BLAS_VARS:
        os.environ.setdefault(_name, "1")

__version__ = "0.3.0"

__all__ = ["analyze", "run", "load", "Workers", "__version__"]


def analyze(text: str, lang: str | None = None):
    """One text through every stage, in this process (the models are built on the first call):

        >>> doc = pipeline.analyze("Омская область и Казахстан подписали соглашение в 2024 году.")
        >>> [(m.normal, m.entity_id) for m in doc.entities]

    `lang` ("ru", "en") overrides the language found for every paragraph."""
    from .batch.assemble import process_base, process_codebook_stages
    from .core.schema import Document
    from .core.stages import analyse

    doc = Document(doc_id="text", source_path="", format="txt", raw=text)
    base = process_base()
    if lang is None:
        return analyse(doc, base + process_codebook_stages())
    structure = base.index(next(s for s in base if s.name == "structure"))
    doc = analyse(doc, base[: structure + 1])
    for paragraph in doc.paragraphs:
        paragraph.lang = lang
    return analyse(doc, base[structure + 1:] + process_codebook_stages())


def load(out="reports") -> dict:
    """The tables of a finished run as pandas DataFrames, typed from its datapackage.json (ids as strings,
    counts as integers, offsets as nullable integers), cells as the documents have them (the spreadsheet
    apostrophe removed): `load("reports")["entities"]`."""
    from .results.tables import load_tables

    return load_tables(out)


def __getattr__(name: str):
    if name == "run":
        from .batch.runner import run

        return run
    if name == "Workers":
        from .batch.engine import Workers

        return Workers
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")

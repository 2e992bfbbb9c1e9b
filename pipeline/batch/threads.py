"""The threads of numerical libraries: one per worker of a parallel run, every core for a -j1 run's analysis."""

from __future__ import annotations

import os
from contextlib import contextmanager

from .. import BLAS_VARS

# single-threaded numerical libraries in a worker: N workers on N cores must not each start N threads
THREAD_VARS = (*BLAS_VARS, "NUMEXPR_NUM_THREADS")


@contextmanager
def single_threaded_children():
    """Processes started meanwhile inherit THREAD_VARS=1 (unless set): numpy reads them when it is imported,
    which in a spawned worker happens before any code of ours runs."""
    saved = {name: os.environ.get(name) for name in THREAD_VARS}
    for name in THREAD_VARS:
        os.environ.setdefault(name, "1")
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


MAX_BLAS_THREADS = 4  # the taggers' products (a document's tokens × 330 × 256) gain little beyond


def blas_threads() -> int:
    """The BLAS threads of a process that analyses alone (-j1): one per core, up to MAX_BLAS_THREADS. natasha's
    models multiply a whole document's tokens at once here (analysis/cnn.py), where two threads on two cores
    took the analysis of the bench's 500 documents from 34.0 s to 30.4 s."""
    return max(1, min(os.cpu_count() or 1, MAX_BLAS_THREADS))


@contextmanager
def analysis_threads():
    """The analysis in this process with blas_threads() BLAS threads (unless the user set the number: theirs
    stands); one again after it."""
    from .. import USER_BLAS_THREADS

    if USER_BLAS_THREADS or blas_threads() == 1:
        yield
        return
    from threadpoolctl import threadpool_limits

    with threadpool_limits(blas_threads(), user_api="blas"):
        yield

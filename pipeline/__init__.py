"""Batch NLP for Russian and English papers on interregional and cross-border cooperation."""

import os

# One BLAS thread per process: the pipeline runs one worker per core, and natasha's models call numpy on one
# sentence at a time, where a multi-threaded BLAS spends more time waking threads than computing (measured: the
# syntax parses of 144 sentences took 12.3 s with OpenBLAS's default threads on a busy 2-core machine, 0.14 s
# with one). Set before numpy is imported; a user's own setting wins.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

__version__ = "0.3.0"

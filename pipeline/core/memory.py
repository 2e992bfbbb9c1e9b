"""Memory freed by the process given back to the system, where the C library allows it."""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import lru_cache


@lru_cache(maxsize=1)
def _libc():
    """glibc, or None elsewhere (musl, macOS, Windows): only glibc has malloc_trim."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


def give_back() -> bool:
    """Return the C heap's free pages to the system (glibc's malloc_trim): freed objects otherwise stay in the
    process's resident memory, between the ones still alive. Whether it could be asked."""
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True

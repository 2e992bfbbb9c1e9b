"""Which code wrote a file: a hash of the package's source, for caches and reused outputs that only the same
code may read or keep."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


@functools.lru_cache(maxsize=None)
def code_version() -> str:
    """sha256 of the package's source — every .py file under pipeline/ and every report asset (results/assets), by
    path and bytes — once per process."""
    digest = hashlib.sha256()
    for path in sorted([*PACKAGE.rglob("*.py"), *(PACKAGE / "results" / "assets").glob("*")]):
        if not path.is_file():
            continue
        data = path.read_bytes()
        digest.update(f"{path.relative_to(PACKAGE).as_posix()}\0{len(data)}\0".encode("utf-8"))
        digest.update(data)
    return digest.hexdigest()

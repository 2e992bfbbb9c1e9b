"""Files this user's processes share across runs, outside any OUT: `$XDG_CACHE_HOME/pipeline`, else
`~/.cache/pipeline` (the XDG rule platformdirs follows on Linux, without a dependency for one path).

Each file is named by a key of what it was made from (a sha256, a library's version), so a stale one is never
read; it is written under a name of this process's own and moved into place atomically. A missing, damaged or
unwritable file only means the thing is made again: deleting the folder is always safe.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pipeline"


def read(name: str) -> bytes | None:
    """The file `name`'s bytes; None when it is not there or cannot be read."""
    try:
        return (folder() / name).read_bytes()
    except OSError:
        return None


def write(name: str, data: bytes) -> None:
    """`data` as the file `name`, whole or not at all; a read-only home or a full disk is no error."""
    tmp = folder() / f"{name}.{os.getpid()}.tmp"
    try:
        tmp.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, folder() / name)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)

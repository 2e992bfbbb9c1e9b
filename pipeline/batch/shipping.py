"""What a cluster's workers get from the client: each document's bytes, and the models folder by content.

A Dask worker needs the package installed and nothing else — no shared folder, no path of the client's:

- the client reads each file as it sends its task (it reads it for the cache's hash anyway) and sends the bytes
  with the doc_id and the path as the user gave it (documents.csv shows that path, as in a local run); a file
  over SHIP_LIMIT_MB goes as an absolute path instead, which the workers must then see;
- the models in use (the packaged ones overlaid by the user's --models folder, with --codebook as the codebook)
  travel once per run as a `Bundle`: every file by content, named by the sha256 of them all. A Dask worker
  plugin installs it on every worker, those that join later or are restarted included, into a folder of its own
  named by that hash, and a task switches its worker to the bundle it names before it runs. So every worker
  analyses with exactly the client's models.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..knowledge import resources

SHIP_LIMIT_MB = 50  # a bigger file is sent as its absolute path, not its bytes
PLUGIN_PREFIX = "pipeline-models-"


@dataclass(frozen=True)
class Bundle:
    """The models folder in use as (relative name, bytes) pairs, and the sha256 of them all."""

    files: tuple
    sha256: str

    @property
    def plugin_name(self) -> str:
        return plugin_name(self.sha256)


def plugin_name(sha256: str) -> str:
    """The name of the Dask worker plugin that holds the bundle of that hash."""
    return PLUGIN_PREFIX + sha256[:16]


def models_bundle(codebook: Path | None = None) -> Bundle:
    """The models this process would use (resources.model_path: the user's file or folder, else the packaged
    one), with `codebook` as codebook.yaml when given."""
    names = {p.name for p in resources.PACKAGED.iterdir()} | (
        {p.name for p in resources.MODELS_DIR.iterdir()} if resources.MODELS_DIR.is_dir() else set())
    files = {}
    for name in sorted(n for n in names if not n.startswith((".", "_"))):
        top = resources.model_path(name)
        if top.is_dir():
            for p in sorted(top.rglob("*")):
                if p.is_file() and not any(part.startswith((".", "_")) for part in p.relative_to(top).parts):
                    files[f"{name}/{p.relative_to(top).as_posix()}"] = p.read_bytes()
        elif top.is_file():
            files[name] = top.read_bytes()
    if codebook is not None:
        files["codebook.yaml"] = Path(codebook).read_bytes()
    digest = hashlib.sha256()
    for name, data in sorted(files.items()):
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return Bundle(tuple(sorted(files.items())), digest.hexdigest())


def install(bundle: Bundle) -> Path:
    """The bundle's files in a folder of this machine named by its hash (written once; a half-written folder
    is never used: it is renamed into place only when complete)."""
    root = Path(tempfile.gettempdir()) / "pipeline-models" / bundle.sha256
    if (root / ".complete").exists():
        return root
    partial = root.with_name(f"{root.name}.{os.getpid()}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    for name, data in bundle.files:
        target = partial / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (partial / ".complete").write_text(bundle.sha256, encoding="ascii")
    try:
        os.rename(partial, root)
    except OSError:  # another worker process of this machine was first
        shutil.rmtree(partial, ignore_errors=True)
    return root


_active = {"sha256": None, "tasks": 0}  # the bundle this process analyses with, and its tasks running now
_switch = threading.Condition()


def activate(bundle: Bundle) -> None:
    """This process analyses with `bundle` from now on: installed, made the models folder, and every model
    built from another folder before is dropped (assemble.forget). Call it with no task running (`using`)."""
    if _active["sha256"] == bundle.sha256:
        return
    from .assemble import forget

    root = install(bundle)
    resources.use_models_dir(root)
    forget()
    _active["sha256"] = bundle.sha256


@contextmanager
def using(bundle: Bundle):
    """A task of a worker with several threads analyses with `bundle`: a switch to it waits until the tasks
    running with another bundle (another client's run) have finished, and none of those starts meanwhile."""
    with _switch:
        while _active["sha256"] != bundle.sha256 and _active["tasks"]:
            _switch.wait()
        activate(bundle)
        _active["tasks"] += 1
    try:
        yield
    finally:
        with _switch:
            _active["tasks"] -= 1
            _switch.notify_all()


@dataclass
class Shipped:
    """What the client sent: documents as bytes and as paths, the bytes in all, and the models bundle."""

    as_bytes: int = 0
    as_paths: int = 0
    bytes: int = 0
    seconds: float = 0.0  # the client's time reading files and handing tasks to Dask
    resubmitted: int = 0  # tasks sent again after their worker was lost
    models_sha256: str = ""
    workers: set = field(default_factory=set)  # the cluster's workers when the run began
    workers_lost: int = 0  # of those, gone when it ended (Dask moved their tasks to the others)

    def record(self) -> dict:
        return {"documents_as_bytes": self.as_bytes, "documents_as_paths": self.as_paths, "bytes": self.bytes,
                "client_seconds": round(self.seconds, 6), "resubmitted": self.resubmitted,
                "workers": len(self.workers), "workers_lost": self.workers_lost,
                "models_sha256": self.models_sha256, "ship_limit_mb": SHIP_LIMIT_MB}

"""The worker's side of a Dask cluster (imported only with `--engine dask`): the plugin that installs the client's
models bundle on every worker, and the task that analyses a document sent as bytes (shipping.py)."""

from __future__ import annotations

from pathlib import Path

from distributed import get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from .assemble import process_base, process_codebook_stages
from .job import job
from .shipping import Bundle, install, plugin_name, using
from .warm import warm_up


class ModelsPlugin(WorkerPlugin):
    """Installs a models Bundle on every worker of the cluster, those that join or restart later included."""

    def __init__(self, bundle: Bundle):
        self.bundle = bundle
        self.name = bundle.plugin_name

    def setup(self, worker) -> None:
        install(self.bundle)


def _bundle(sha256: str, worker=None) -> Bundle:
    plugin = (worker or get_worker()).plugins.get(plugin_name(sha256))
    if plugin is None:
        raise RuntimeError(f"the models bundle {sha256[:16]} is not installed on this worker")
    return plugin.bundle


def warm(sha256: str, own: bool, dask_worker=None) -> int:
    """A worker's warm-up (Client.run gives it the worker): the client's models activated and built
    (warm.warm_up). Only the workers of a LocalCluster this run started (`own`) die with their parent: a
    `dask worker` started by hand, by nohup or by a job scheduler has a parent of its own, or none."""
    with using(_bundle(sha256, dask_worker)):
        return warm_up(None, own=own)


def analyse_shipped(task: tuple) -> tuple:
    """One document on a worker: `data` is its bytes (None: read `path`, an absolute path the client sent for a
    file over the shipping limit); `path` names it as the user gave it. (rendered, error, blobs, timings)."""
    doc_id, path, data, sha256, keep, limits = task
    if isinstance(data, str):  # a file over the shipping limit: its absolute path, which this worker must see
        try:
            data = Path(data).read_bytes()
        except OSError as e:
            data = e
    timings: dict = {}
    with using(_bundle(sha256)):
        return (*job(doc_id, path, process_base(), process_codebook_stages(None), keep, timings, limits, data=data),
                timings)

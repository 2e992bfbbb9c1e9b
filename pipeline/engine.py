"""Where documents are analysed: in this process, in N worker processes, or on a Dask cluster.

Every engine yields results in the order of the input files, so the output does not depend on the
engine or the number of workers. Each worker builds the models once.
"""

from __future__ import annotations

from pathlib import Path

_STAGES = None  # the base stages of this worker process, built once


def _base_stages():
    global _STAGES
    if _STAGES is None:
        from .runner import base_stages

        _STAGES = base_stages()
    return _STAGES


def analyse_file(item: tuple[str, str]) -> tuple:
    """(doc, error or None, stage timings) for one file, with the base stages of this process.
    The error is a plain tuple (code, message, hint, stage): it crosses process boundaries."""
    from .runner import process

    doc_id, path = item
    timings = {}
    doc, err = process(doc_id, Path(path), _base_stages(), timings)
    return doc, (err.code, err.message, err.hint, err.stage) if err else None, timings


def local(items, stages, timings: dict):
    from .runner import process

    for doc_id, path in items:
        doc, err = process(doc_id, Path(path), stages, timings)
        yield doc, (err.code, err.message, err.hint, err.stage) if err else None


def processes(items, workers: int, timings: dict):
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")  # a clean interpreter: no inherited model state
    with ctx.Pool(workers) as pool:
        for doc, err, t in pool.imap(analyse_file, [(d, str(p)) for d, p in items], chunksize=1):
            for k, v in t.items():
                timings[k] = timings.get(k, 0.0) + v
            yield doc, err


def dask(items, workers: int, scheduler: str | None, timings: dict):
    from dask.distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        futures = client.map(analyse_file, [(d, str(p)) for d, p in items], pure=False)
        for future in futures:  # in input order, whatever order they finish in
            doc, err, t = future.result()
            for k, v in t.items():
                timings[k] = timings.get(k, 0.0) + v
            future.release()
            yield doc, err
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def analyse_all(items, engine: str, workers: int, scheduler: str | None, stages, timings: dict):
    if engine == "dask":
        return dask(items, workers, scheduler, timings)
    if workers > 1:
        return processes(items, workers, timings)
    return local(items, stages, timings)

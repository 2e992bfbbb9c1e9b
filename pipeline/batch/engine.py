"""Where documents are analysed: in this process, in N worker processes, or on a Dask cluster.

Every engine yields results in the order of the input files, so the output does not depend on the
engine or the number of workers. Each worker builds the models once and keeps them for as long as it
lives: a `Workers` pool can serve many runs. Big documents are sent out first (within a bounded
look-ahead), so no worker idles at the end while another one works through the longest paper.
"""

from __future__ import annotations

import concurrent.futures as cf
import heapq
import os
import time
from concurrent.futures import BrokenExecutor
from pathlib import Path

from ..analysis.nlp_en import load_english
from .assemble import process_base, process_codebook_stages
from .job import error_job, job
from .threads import analysis_threads, single_threaded_children
from .warm import warm_up


def _ready(codebook: str | None, max_memory: float = 0) -> int:
    """A pool's warm-up task: `warm_up`, then hold this worker so the next task goes to another one."""
    pid = warm_up(codebook, max_memory)
    time.sleep(0.2)
    return pid


def analyse_file(task: tuple) -> tuple:
    """`job.job` in a worker, with the worker's stages: (rendered, error, blobs, timings)."""
    doc_id, path, codebook, keep, limits = task
    timings: dict = {}
    return (*job(doc_id, path, process_base(), process_codebook_stages(codebook), keep, timings, limits), timings)


class Failure(str):
    """In place of a task's result: why the task raised instead of returning (one line); `code` E100, or E015
    for a cluster task whose workers died, E012 for one the client gave up waiting for."""

    code = "E100"
    fields: dict = {}


class Done(tuple):
    """What `prepare` returns for a task whose result it made itself (a file the client could not read or that
    is over the size limit), so the task is never sent."""


class Crashed(Exception):
    """The worker pool broke (a worker was killed: the OOM killer, a signal, a crash in C code) while
    `suspects` (indices into the tasks) were in flight; `ready` holds the results already received."""

    def __init__(self, suspects: list[int], ready: dict):
        super().__init__(f"a worker died with tasks {suspects} in flight")
        self.suspects, self.ready = suspects, ready


def _crashed(running: dict, ready: dict) -> Crashed:
    """The pool broke: every future still running fails at once; those that finished are kept in `ready`, the
    others are the suspects."""
    cf.wait(running)
    ready.update((n, f.result()) for f, n in running.items() if _succeeded(f))
    return Crashed(sorted(n for f, n in running.items() if not _succeeded(f)), ready)


def in_order(executor, fn, tasks: list, sizes: list[int], slots: int, window: int, prepare=None, cluster=None):
    """Results of `fn` for `tasks`, in their order. At most `slots` tasks are in flight; the
    next one sent is the biggest not yet sent among the `window` tasks after the first result still
    owed, so at most `window` finished documents wait in memory for their turn. A broken pool raises
    Crashed. `prepare` turns a task into what is sent just before it is sent (a Done result is not sent);
    `cluster` (a Lost) decides about the tasks of a Dask cluster that failed or ran too long."""
    owed, eligible, ready, running, sent = 0, [], {}, {}, {}
    pushed = 0
    while owed < len(tasks):
        while pushed < min(len(tasks), owed + window):
            heapq.heappush(eligible, (-sizes[pushed], pushed))
            pushed += 1
        while eligible and len(running) < slots:
            _, n = heapq.heappop(eligible)
            task = prepare(tasks[n]) if prepare else tasks[n]
            if isinstance(task, Done):
                ready[n] = tuple(task)
                continue
            sent[n] = task
            try:
                running[executor.submit(fn, task)] = n
            except BrokenExecutor:  # a worker killed before this task went (at the pool's start, say): not a suspect
                raise _crashed(running, ready) from None
        if not running:
            done = set()
        else:
            done, _ = cf.wait(running, timeout=cluster.wait(running) if cluster else None,
                              return_when=cf.FIRST_COMPLETED)
        if any(not _succeeded(f) and isinstance(f.exception(), BrokenExecutor) for f in done):
            raise _crashed(running, ready) from None
        for future in done | (cluster.overdue(running) if cluster else set()):
            n = running.pop(future)
            try:
                ready[n] = future.result(timeout=0)
            except Exception as e:  # a result that could not cross back (unpicklable), a bug in the task
                if cluster and cluster.again(n, e):
                    running[executor.submit(fn, sent[n])] = n
                    continue
                ready[n] = Failure(" ".join(f"{type(e).__name__}: {e}".split())[:300])
                ready[n].task = (tasks[n][0], tasks[n][1], tasks[n][4] if len(tasks[n]) > 4 else None)
                if cluster:
                    ready[n].code, ready[n].fields = cluster.code(n, e)
            sent.pop(n, None)
        while owed in ready:
            yield ready.pop(owed)
            owed += 1


class Workers:
    """Worker processes — or the workers of a Dask cluster — with the models loaded.

        with Workers(2) as pool:
            run(corpus_a, out_a, pool=pool)
            run(corpus_b, out_b, pool=pool)  # the models are not built again

    `engine="dask"` uses dask.distributed: the cluster at `scheduler`, or a LocalCluster of `n` workers.
    """

    def __init__(self, n: int | None = None, engine: str = "local", scheduler: str | None = None,
                 codebook: Path | None = None, window: int = 64, max_memory: float = 0):
        self.n = n or os.cpu_count() or 1
        self.max_memory = max_memory
        self.engine, self.scheduler, self.window = engine, scheduler, window
        self.codebook = str(codebook) if codebook else None
        self.executor = self.client = self.cluster = None
        self.restarts = 0  # pools started again after a worker died
        self.bundle = None  # the models bundle the cluster's workers have (shipping.py)
        self.shipped = None  # what the last run sent to the cluster (shipping.Shipped)

    def start(self) -> "Workers":
        if self.executor is not None:
            return self
        if self.engine == "dask":
            from dask.distributed import Client, LocalCluster

            if self.scheduler:
                self.client = Client(self.scheduler)
            else:
                self.cluster = LocalCluster(n_workers=self.n, threads_per_worker=1, processes=True,
                                            dashboard_address=None)
                self.client = Client(self.cluster)
            self.n = max(1, sum(w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values()))
            self._ship_models(self.codebook)
            self.executor = self.client.get_executor(pure=False)
        else:
            import multiprocessing

            # spawn: a clean interpreter, no inherited model state; the workers start during the warm-up
            self.executor = cf.ProcessPoolExecutor(self.n, mp_context=multiprocessing.get_context("spawn"))
            pids: set = set()
            with single_threaded_children():
                while len(pids) < self.n:
                    pids |= {f.result() for f in [self.executor.submit(_ready, self.codebook, self.max_memory) for _ in range(self.n)]}
        return self

    def _ship_models(self, codebook: str | None) -> None:
        """The cluster's workers get the models in use (the user's folder, the codebook) by content, and build
        them now (no memory cap: a Dask worker runs its tasks in threads)."""
        from .cluster import ModelsPlugin, warm
        from .shipping import models_bundle

        bundle = models_bundle(Path(codebook) if codebook else None)
        if self.bundle is None or bundle.sha256 != self.bundle.sha256:
            self.client.register_plugin(ModelsPlugin(bundle))
            self.client.run(warm, bundle.sha256, self.cluster is not None)
            self.bundle = bundle

    def analyse(self, items, codebook: Path | None, keep: bool, timings: dict, limits=None):
        """`analyse` of every (doc_id, path) of `items` in the workers, in their order. When a worker dies,
        the pool starts again and the documents that were in flight are analysed one at a time: the one
        that kills a worker again gets an E015 row, the others their results. On a Dask cluster each file
        goes as its bytes (shipping.py), and a task lost with its worker is sent once more (`Lost`)."""
        self.start()
        tasks = [(doc_id, str(path), str(codebook) if codebook else None, keep, limits) for doc_id, path in items]
        sizes = [_size(path) for _, path in items]
        fn, prepare, cluster = analyse_file, None, None
        if self.engine == "dask":
            from .cluster import analyse_shipped
            from .shipping import Shipped

            self._ship_models(str(codebook) if codebook else None)
            self.shipped = Shipped(models_sha256=self.bundle.sha256, workers=self._workers())
            fn, prepare, cluster = analyse_shipped, self._prepare, Lost(limits, self.shipped)
        known: dict[int, tuple] = {}  # results received out of a crash, by task index
        owed = 0
        while owed < len(tasks):
            left = [n for n in range(owed, len(tasks)) if n not in known]
            try:
                for k, result in enumerate(in_order(self.executor, fn, [tasks[n] for n in left],
                                                    [sizes[n] for n in left], 2 * self.n, max(self.window, 2 * self.n),
                                                    prepare, cluster)):
                    known[left[k]] = result
                    while owed in known:
                        yield self._account(known.pop(owed), timings)
                        owed += 1
            except Crashed as crash:
                known.update((left[k], r) for k, r in crash.ready.items())
                self.restart()
                for k in crash.suspects:
                    known[left[k]] = self._alone(tasks[left[k]])
                while owed in known:
                    yield self._account(known.pop(owed), timings)
                    owed += 1

    def cluster_record(self) -> dict | None:
        """For the manifest: what the last run sent to the cluster, and how many of its workers are gone."""
        if self.engine != "dask" or self.shipped is None or self.client is None:
            return None
        self.shipped.workers_lost = len(self.shipped.workers - self._workers())
        return self.shipped.record()

    def _workers(self) -> set:
        """The addresses of the cluster's workers now."""
        return set(self.client.scheduler_info()["workers"])

    def _prepare(self, task: tuple):
        """A task for a cluster: the file's bytes instead of its path (over SHIP_LIMIT_MB its absolute path). A
        file the client cannot read, or over the size limit, gets its error row here, as a worker would give
        it, and is not sent."""
        from ..core.limits import Limits
        from .shipping import SHIP_LIMIT_MB

        doc_id, path, _, keep, limits = task
        t = time.perf_counter()
        max_mb = (limits or Limits()).max_mb
        try:
            size = os.stat(path).st_size
            data = None if size > max_mb * 1e6 else str(Path(path).resolve()) if size > SHIP_LIMIT_MB * 1e6 \
                else Path(path).read_bytes()
        except OSError:
            data = None
        if data is None:
            return Done((*job(doc_id, path, (), (), keep, {}, limits), {}))
        if isinstance(data, str):
            self.shipped.as_paths += 1
        else:
            self.shipped.as_bytes += 1
            self.shipped.bytes += len(data)
        self.shipped.seconds += time.perf_counter() - t
        return doc_id, path, data, self.bundle.sha256, keep, limits

    def _account(self, result, timings: dict) -> list:
        if isinstance(result, Failure):
            fields = {"reason": str(result)} if result.code == "E100" else result.fields
            return list(error_job(*result.task, result.code, stage="worker", **fields))
        *result, t = result
        for k, v in t.items():
            timings[k] = timings.get(k, 0.0) + v
        return result

    def _alone(self, task: tuple) -> tuple:
        """One task with nothing else in flight: its result, or its E015 row if it kills a worker."""
        try:
            return self.executor.submit(analyse_file, task).result()
        except BrokenExecutor:
            self.restart()
            return (*error_job(task[0], task[1], task[4], "E015", "worker"), {})
        except Exception as e:
            return (*error_job(task[0], task[1], task[4], "E100", "worker", reason=f"{type(e).__name__}: {e}"), {})

    def restart(self) -> None:
        """A new pool in place of a broken one (the models are built again in the new workers)."""
        self.close(kill=True)
        self.restarts += 1
        self.start()

    def close(self, kill: bool = False) -> None:
        """Stop the workers: when their work is done, or at once with `kill` (Ctrl-C, SIGTERM, a crash)."""
        if self.executor is not None and self.engine != "dask":
            if kill:
                for process in list((getattr(self.executor, "_processes", None) or {}).values()):
                    process.kill()  # a worker deep in a 3 GB document would not stop on its own
            self.executor.shutdown(wait=not kill, cancel_futures=kill)
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.executor = self.client = self.cluster = None

    def __enter__(self) -> "Workers":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()


class Lost:
    """What becomes of a cluster's task that fails or does not come back. A task whose worker died or whose
    connection was lost (Dask itself moves a dead worker's tasks to another first) is sent once more, counted
    in the manifest, then gets E015. A task the client has waited for longer than twice the per-document time
    limit plus GRACE seconds (a worker thread stuck in C code, which the in-thread limit cannot interrupt) is
    cancelled and gets E012."""

    GRACE = 60.0

    def __init__(self, limits, shipped):
        self.timeout = limits.timeout if limits else 0
        self.shipped = shipped
        self.since: dict[int, float] = {}  # task index → when the client first waited for it
        self.retried: set[int] = set()
        self.expired: set[int] = set()

    @property
    def patience(self) -> float:
        return 2 * self.timeout + self.GRACE

    def wait(self, running: dict) -> float | None:
        """How long to wait for a result before looking for overdue tasks (None: no time limit)."""
        if not self.timeout:
            return None
        now = time.monotonic()
        for n in running.values():
            self.since.setdefault(n, now)
        return max(0.05, min(self.since[n] for n in running.values()) + self.patience - now)

    def overdue(self, running: dict) -> set:
        if not self.timeout:
            return set()
        now = time.monotonic()
        late = {f for f, n in running.items() if not f.done() and now - self.since.get(n, now) >= self.patience}
        for f in late:
            self.expired.add(running[f])
            f.cancel()
        return late

    def again(self, n: int, error: BaseException) -> bool:
        """Whether the task is to be sent again."""
        self.since.pop(n, None)
        if n in self.expired or n in self.retried or not _lost(error):
            return False
        self.retried.add(n)
        self.shipped.resubmitted += 1
        return True

    def code(self, n: int, error: BaseException) -> tuple[str, dict]:
        if n in self.expired:
            return "E012", {"limit": f"{self.timeout:g}"}
        return ("E015", {}) if _lost(error) else ("E100", {})


def _lost(error: BaseException) -> bool:
    """A task lost with its worker or its connection, not one that failed by itself."""
    from distributed.comm.core import CommClosedError
    from distributed.scheduler import KilledWorker

    return isinstance(error, (KilledWorker, CommClosedError, ConnectionError))


def _succeeded(future) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _size(path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


SHORT_TIMEOUT = 60  # seconds: under this per-document limit, the models loaded on first need are loaded first


def local(items, base, late, keep: bool, timings: dict, limits=None):
    """The same as `Workers.analyse`, in this process, with stages already built, within the memory limit."""
    from ..core.limits import memory_limit

    if limits and 0 < limits.timeout < SHORT_TIMEOUT and base:
        load_english()  # its ~2 s must not count against the first English document's limit
    with memory_limit(limits.max_memory if limits else 0), analysis_threads():
        for doc_id, path in items:
            yield job(doc_id, path, base, late, keep, timings, limits)

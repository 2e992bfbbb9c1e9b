"""The scheduler of parallel runs: results in input order, big documents first, bounded memory."""

import concurrent.futures as cf
import random
import threading
import time

import pytest

from pipeline.batch.engine import Done, Failure, Lost, in_order
from pipeline.batch.shipping import Shipped
from pipeline.core.limits import Limits


class Recorder:
    """A task that sleeps in proportion to its size and records when it started."""

    def __init__(self):
        self.started, self.lock = [], threading.Lock()

    def __call__(self, task):
        n, size = task
        with self.lock:
            self.started.append(n)
        time.sleep(size / 2000)
        return n


@pytest.mark.parametrize("seed", range(5))
def test_results_come_in_input_order_whatever_the_sizes(seed):
    rng = random.Random(seed)
    sizes = [rng.randint(0, 20) for _ in range(60)]
    with cf.ThreadPoolExecutor(3) as pool:
        out = list(in_order(pool, Recorder(), list(enumerate(sizes)), sizes, slots=4, window=10))
    assert out == list(range(60))


def test_the_biggest_document_in_reach_goes_first():
    sizes = [1, 1, 1, 50, 1, 1, 1, 1]
    fn = Recorder()
    with cf.ThreadPoolExecutor(1) as pool:
        list(in_order(pool, fn, list(enumerate(sizes)), sizes, slots=1, window=8))
    assert fn.started[0] == 3  # not left to the end, where one worker would work alone


def test_a_late_big_document_waits_for_the_window():
    """Memory stays bounded: nothing more than `window` places after the first result still owed is sent."""
    sizes = [1] * 20 + [100]
    fn = Recorder()
    with cf.ThreadPoolExecutor(1) as pool:
        list(in_order(pool, fn, list(enumerate(sizes)), sizes, slots=1, window=5))
    assert fn.started.index(20) >= 20 - 5


def test_an_error_in_a_task_is_that_tasks_failure_in_its_place():
    def fail(task):
        if task[0] == 1:
            raise ValueError("boom\nsecond line")
        return task[0]

    with cf.ThreadPoolExecutor(2) as pool:
        results = list(in_order(pool, fail, [(0, "a"), (1, "b"), (2, "c")], [1, 1, 1], slots=2, window=4))
    assert results[0] == 0 and results[2] == 2
    assert isinstance(results[1], Failure) and results[1] == "ValueError: boom second line"
    assert results[1].task[:2] == (1, "b")


def test_a_prepared_result_is_not_sent():
    """`prepare` turns a task into what is sent; a Done result (a file the client could not read) stays home."""
    sent = []

    def fn(task):
        sent.append(task)
        return task[1]

    def prepare(task):
        return Done(("unread", task[0])) if task[0] == 1 else (task[0], task[1].upper())

    with cf.ThreadPoolExecutor(2) as pool:
        results = list(in_order(pool, fn, [(0, "a"), (1, "b"), (2, "c")], [1, 1, 1], slots=2, window=4, prepare=prepare))
    assert results == ["A", ("unread", 1), "C"]
    assert sorted(sent) == [(0, "A"), (2, "C")]


class Flaky:
    """A task whose worker is 'lost' (ConnectionError) the first `losses` times it runs."""

    def __init__(self, losses: int):
        self.losses, self.calls, self.lock = losses, {}, threading.Lock()

    def __call__(self, task):
        with self.lock:
            self.calls[task[0]] = self.calls.get(task[0], 0) + 1
            calls = self.calls[task[0]]
        if task[0] == 1 and calls <= self.losses:
            raise ConnectionError("worker lost")
        return task[0]


@pytest.mark.parametrize("losses, expected, resubmitted", [
    (1, 1, 1),  # lost once: sent again, and analysed
    (2, "E015", 1),  # lost again: that document's E015, the others go on
])
def test_a_task_lost_with_its_worker_is_sent_once_more(losses, expected, resubmitted):
    shipped = Shipped()
    tasks = [(0, "a", None, False, Limits()), (1, "b", None, False, Limits()), (2, "c", None, False, Limits())]
    with cf.ThreadPoolExecutor(2) as pool:
        results = list(in_order(pool, Flaky(losses), tasks, [1, 1, 1], slots=2, window=4,
                                cluster=Lost(Limits(), shipped)))
    assert results[0] == 0 and results[2] == 2
    assert (results[1].code if isinstance(results[1], Failure) else results[1]) == expected
    assert shipped.resubmitted == resubmitted


def test_a_task_that_never_comes_back_gets_its_time_limit_error(monkeypatch):
    """A worker thread stuck in C code does not stop at the in-thread limit: the client gives up on it after
    twice the limit plus a grace period, and the batch goes on."""
    monkeypatch.setattr(Lost, "GRACE", 0.5)
    release = threading.Event()

    def stuck(task):
        if task[0] == 0:
            release.wait(20)
        return task[0]

    tasks = [(0, "a", None, False, Limits(timeout=0.2)), (1, "b", None, False, Limits(timeout=0.2))]
    t = time.perf_counter()
    with cf.ThreadPoolExecutor(2) as pool:
        results = list(in_order(pool, stuck, tasks, [1, 1], slots=2, window=4,
                                cluster=Lost(Limits(timeout=0.2), Shipped())))
        release.set()
    assert time.perf_counter() - t < 10
    assert isinstance(results[0], Failure) and (results[0].code, results[0].fields) == ("E012", {"limit": "0.2"})
    assert results[1] == 1

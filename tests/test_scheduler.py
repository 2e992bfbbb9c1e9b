"""The scheduler of parallel runs: results in input order, big documents first, bounded memory."""

import concurrent.futures as cf
import random
import threading
import time

import pytest

from pipeline.batch.engine import Failure, in_order


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

"""What one document may cost: its size, the time and the memory of its analysis. One pathological input
(a 100 MB log, a 5 MB line, a zip bomb) must not stall or kill a batch."""

from __future__ import annotations

import resource
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from .errors import PipelineError


@dataclass(frozen=True)
class Limits:
    max_mb: float = 50.0  # file size; over it the file is refused unread (E009)
    timeout: float = 600.0  # seconds of analysis per document (E012); 0 = none
    max_memory: float = 0.0  # MB the analysis may allocate beyond the loaded models (E013); 0 = none
    raw_csv: bool = False  # write cells as they are, without neutralising spreadsheet formulas
    keep_back_matter: bool = False  # events and statistics of the reference list and the author notes too


REPEAT = 0.25  # seconds between repeated timeouts once the limit has passed


class _Timeout(BaseException):
    """Raised by the alarm inside whatever stage runs; a BaseException so no `except Exception` keeps it."""


@contextmanager
def time_limit(seconds: float):
    """E012 when the block runs longer than `seconds`. In a process's main thread an alarm signal
    interrupts it; in another thread (a Dask worker runs its tasks in threads) a watchdog raises the
    timeout inside that thread (CPython's PyThreadState_SetAsyncExc), which takes effect at the next
    Python instruction — a long call into C code is not interrupted before it returns."""
    if not seconds:
        yield
        return
    if threading.current_thread() is not threading.main_thread():
        with _thread_time_limit(seconds):
            yield
        return

    inside = [True]

    def alarm(signum, frame):
        if inside[0]:
            raise _Timeout

    # The alarm repeats every REPEAT seconds until the block ends: a timeout raised where Python only prints it
    # (a garbage-collector callback, a __del__) would otherwise be lost and the document run on unlimited.
    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT)
    try:
        yield
    except _Timeout:
        inside[0] = False
        raise PipelineError("E012", limit=f"{seconds:g}") from None
    finally:
        inside[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _thread_time_limit(seconds: float):
    import ctypes

    target = threading.get_ident()
    lock = threading.Lock()  # the watchdog fires only while the block runs, never after it has left
    state = {"inside": True, "fired": False}
    ended = threading.Event()

    def watch():  # fires again every REPEAT seconds: see time_limit
        delay = seconds
        while not ended.wait(delay):
            with lock:
                if not state["inside"]:
                    return
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(_Timeout))
            delay = REPEAT

    watchdog = threading.Thread(target=watch, name="pipeline-time-limit", daemon=True)
    watchdog.start()
    try:
        try:
            yield
        finally:
            with lock:
                state["inside"] = False
            ended.set()
    except _Timeout:
        raise PipelineError("E012", limit=f"{seconds:g}") from None
    try:  # fired as the block ended, not yet raised: withdrawn (NULL clears a pending exception)
        if state["fired"]:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)
    except _Timeout:
        pass


def limit_memory(mb: float) -> int:
    """Cap this process's data segment at its present size + `mb`: beyond it an allocation raises
    MemoryError, which the runner reports as E013 for that document. Returns the soft limit it replaced."""
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if mb:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[5])  # data + stack
        limit = pages * resource.getpagesize() + int(mb * 1e6)
        resource.setrlimit(resource.RLIMIT_DATA, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    return soft


@contextmanager
def memory_limit(mb: float):
    """limit_memory for a block of this process (a run without worker processes), then the old limit back."""
    previous = limit_memory(mb)
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_DATA, (previous, resource.getrlimit(resource.RLIMIT_DATA)[1]))

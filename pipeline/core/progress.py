"""Progress of the long steps on stderr (tqdm), shown only where the caller that owns the terminal turned it on.

The caller — the runner for `pipeline run` and `pipeline report` — turns progress on for everything it calls,
and `--quiet` leaves it off; nothing in between needs a parameter:

    with progress.shown(not quiet):
        write_frequencies(folder)

Code deep inside says what it is doing, whoever called it:

    with progress.step("statistics"):                      # one step: `statistics… 2.3 s` once done
        ...
    for doc in progress.items("report pages", documents):  # per item: `report pages:  8%|▊ | 40/500 [00:03<00:40]`
        ...
    with progress.step("tokens", total=len(doc_ids), unit="doc") as bar:
        ...  bar.update(1) per document                     # when the loop is not a plain iteration

Without `shown` (a test, a notebook calling write_report) nothing is printed and the calls cost next to nothing.
Steps are meant to follow one another (each leaves one line: what was done, in how long); a step opened inside
another gets its own line while it runs, which goes when it ends. The setting is a context variable: a thread
started inside `shown` does not inherit it (its steps are silent), which is the safe side.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_STREAM: ContextVar = ContextVar("pipeline_progress_stream", default=None)  # where progress goes; None = nowhere
_DEPTH: ContextVar = ContextVar("pipeline_progress_depth", default=0)       # steps open around this one
_ITEMS = "{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} {unit} [{elapsed}<{remaining}]"
_COUNT = "{desc}: {n_fmt} {unit} [{elapsed}]"
_ONE = "{desc}… {elapsed_s:.1f} s"


@contextmanager
def shown(on: bool = True, file=None) -> Iterator[None]:
    """Progress of every step inside goes to `file` (default: sys.stderr as it is now) when `on`; `on=False`
    silences it (`--quiet`), also where an outer `shown` turned it on."""
    token = _STREAM.set((file or sys.stderr) if on else None)
    try:
        yield
    finally:
        _STREAM.reset(token)


def is_shown() -> bool:
    """Whether a step here would print anything."""
    return _STREAM.get() is not None


def note(line: str) -> None:
    """One line of what was done instead of a step (`report: … kept`), where progress is shown."""
    stream = _STREAM.get()
    if stream is not None:
        print(line, file=stream, flush=True)


@contextmanager
def step(name: str, total: int | None = None, unit: str = ""):
    """A step of the work, shown as `name… <elapsed>` — or, with a `total`, as a bar of `n/total unit` that the
    caller advances with `bar.update(n)`. Yields the tqdm bar (a disabled one when progress is off)."""
    with _bar(name, total, unit, _ITEMS if total is not None else _ONE) as bar:
        yield bar


@contextmanager
def _bar(name: str, total: int | None, unit: str, bar_format: str):
    from tqdm import tqdm

    stream, depth = _STREAM.get(), _DEPTH.get()
    bar = tqdm(total=total, desc=name, unit=unit, file=stream, disable=stream is None, dynamic_ncols=True,
               leave=depth == 0, position=depth, bar_format=bar_format)
    _DEPTH.set(depth + 1)
    try:
        yield bar
    finally:
        _DEPTH.set(depth)  # not a token's reset: a generator may be closed late, from elsewhere
        bar.close()


def items(name: str, iterable: Iterable[T], total: int | None = None, unit: str = "") -> Iterator[T]:
    """Each item of `iterable`, counted on a bar `name: n/total` (`total` defaults to len(iterable); without one,
    a count `name: n`)."""
    if total is None and hasattr(iterable, "__len__"):
        total = len(iterable)
    with _bar(name, total, unit, _ITEMS if total is not None else _COUNT) as bar:
        for item in iterable:
            yield item
            bar.update(1)

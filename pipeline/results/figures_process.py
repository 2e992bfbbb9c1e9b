"""The figures of a run drawn in a child process while this one writes the report (batch/runner._write_reports).

Matplotlib (its import alone takes some 1.5 s) and the drawing never happen in the report's process, which may hold
the NLP models: the child is a new interpreter (`python -m pipeline.results.figures_process`), not a fork that
would count the parent's memory as its own, and it runs nothing of the caller's `__main__`. It says which
figures have data before it draws them (figures.write_figures), so the report, which links the figures there will
be, can be written as soon as that is known (`shown`), while they are drawn:

    figures = prepare(folder)  # the child starts Python and matplotlib
    try:
        figures.early()      # the child draws what the datasets alone give
        ...                  # the tables that the other figures read
        figures.go()         # the child draws the rest
        ...                  # anything that does not need the figures
        shown = figures.shown()  # the names of the figures there will be
        ...                  # the report
        figures.finish()     # every SVG and PNG written
    finally:
        figures.stop()       # the child never outlives this block

An exception in the child is raised again here, the same type with the same message (a full disk is an OSError
here too); a child that ends without its figures is a FiguresError. The child stops when this process is gone. Its
progress is shown here, as two steps: `figures: svg` and `figures: png`.
"""

from __future__ import annotations

import importlib
import os
import pickle
import signal
import subprocess
import sys
import threading
import traceback
from pathlib import Path

from ..core import progress

ROOT = Path(__file__).resolve().parents[2]  # the folder that holds the package: the child's working directory


class FiguresError(RuntimeError):
    """The figures' process ended without its figures, or with an exception that cannot cross processes."""


def start(out: Path, names: list[str] | None = None, draw=None) -> Figures:
    """The figures `names` (default: every one of figures.FIGURES) of the run in `out`, drawn by `draw(out, names,
    done)` (default: figures.write_figures; another module-level function can stand in, e.g. in a test) in a
    child process."""
    figures = prepare(out, names, draw)
    figures.go()
    return figures


def prepare(out: Path, names: list[str] | None = None, draw=None, previous: Path | None = None) -> Figures:
    """As `start`, but the child only gets ready (Python, matplotlib) and draws once told to `go`: it can start while
    the tables that the figures read are written. `previous`: the run whose PNGs may be kept (figures.previous_pngs)."""
    return Figures(Path(out).resolve(), names, draw, previous)


class EarlyFigures:
    """The figures' child process of a run that will write its report, started as soon as the run knows it has
    datasets to write: Python and matplotlib (≈ 1.5 s) load while the documents are
    analysed, on the core a one-worker run leaves free, and the report does not wait for them."""

    def __init__(self, gen: Path, previous: Path | None):
        self.gen, self.previous, self.figures = gen, previous, None

    def start(self) -> None:
        if self.figures is None:
            self.figures = prepare(self.gen, previous=self.previous)

    def early(self) -> None:
        """The datasets are written: the child, if started, draws the figures that read them alone (Figures.early)."""
        if self.figures is not None:
            self.figures.early()

    def take(self):
        """The started child, now the report's to tell and to stop (None if none was started)."""
        figures, self.figures = self.figures, None
        return figures

    def stop(self) -> None:
        if self.figures is not None:
            self.figures.stop()
            self.figures = None


class Figures:
    """The child process drawing the figures, and what it said so far."""

    def __init__(self, out: Path, names: list[str] | None, draw, previous: Path | None = None):
        self.folder = out / "figures"
        self.names: list[str] | None = None
        self.seen = {"svg": 0, "png": 0}
        self.has_data: dict[str, bool] = {}  # name → whether the figure has data (it will be drawn)
        self.written: list[Path] | None = None
        self.ended = False  # the child said its last word
        target = f"{draw.__module__}:{draw.__qualname__}" if draw is not None else ""
        before = str(Path(previous).resolve()) if previous is not None else ""
        argv = [sys.executable, "-m", __name__, str(out), target, before, *(names if names is not None else ["*"])]
        # stdin: `go`, and its EOF tells the child that this process is gone; stdout: the child's messages, one pickle each
        self._process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ROOT)

    def early(self) -> None:
        """The datasets are written (the statistics not yet): draw the figures that read only them
        (figures.EARLY: documents, entities, the events' timeline) while the statistics are computed."""
        self._say(b"early\n")

    def go(self) -> None:
        """The tables are written: draw."""
        self._say(b"go\n")

    def _say(self, line: bytes) -> None:
        try:
            self._process.stdin.write(line)
            self._process.stdin.flush()
        except BrokenPipeError:  # the child has ended: what it said, or that it died, comes with its next message
            pass

    def shown(self) -> set[str]:
        """The figures there will be (those with data), once the child knows; they may not be drawn yet."""
        while self.names is None or len(self.has_data) < len(self.names):
            self._receive()
        return {name for name, has in self.has_data.items() if has}

    def svgs(self) -> None:
        """Once every SVG is written (or removed: a chart without data)."""
        self._until("svg")

    def finish(self) -> list[Path]:
        """Once every figure is written; the paths."""
        self._until("svg")
        self._until("png")
        while self.written is None:
            self._receive()
        self._process.wait()
        return self.written

    def stop(self) -> None:
        """The child ended (asked to stop, killed if it does not) and its temporary files gone; a no-op once done."""
        process = self._process
        if process.poll() is None:
            if not self.ended:
                process.terminate()  # a KeyboardInterrupt in the child, whose figures are written through `replacing`
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout):
            stream.close()
        for tmp in self.folder.glob(".*.tmp") if self.folder.is_dir() else ():  # left by a killed child
            tmp.unlink(missing_ok=True)

    def _until(self, kind: str) -> None:
        while self.names is None:
            self._receive()
        with progress.step(f"figures: {kind}", total=len(self.names), unit="figures") as bar:
            shown = self.seen[kind]
            bar.update(shown)
            while self.seen[kind] < len(self.names):
                self._receive()
                bar.update(self.seen[kind] - shown)
                shown = self.seen[kind]

    def _receive(self) -> None:
        try:
            kind, value = pickle.load(self._process.stdout)
        except (EOFError, pickle.UnpicklingError):  # a child killed, maybe mid-message
            raise FiguresError(f"the figures' process ended (exit code {self._process.wait()}) before its figures "
                               "were written") from None
        self.ended = kind in ("done", "interrupted", "error")
        if kind == "names":
            self.names = value
        elif kind == "figure":
            name, has = value
            self.has_data[name] = has
        elif kind in self.seen:
            self.seen[kind] += 1
        elif kind == "done":
            self.written = [Path(p) for p in value]
        elif kind == "interrupted":
            raise KeyboardInterrupt
        else:  # "error": the exception (None if it cannot cross), its type and message, the child's traceback
            error, name, text, trace = value
            error = error if error is not None else FiguresError(f"{name}: {text}")
            error.add_note(f"in the figures' process:\n{trace}")
            raise error


# ------------------------------------------------------------------ the child

def _main(out: str, target: str, previous: str, *names: str) -> None:
    """The child: the figures of `out` (the PNGs of `previous` kept where they fit), each step said on the original
    stdout (print goes to stderr)."""
    channel = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stopped: `replacing` removes a half figure
    early, told = threading.Event(), threading.Event()
    threading.Thread(target=_parent, args=(early, told), daemon=True).start()

    def say(*message) -> None:
        pickle.dump(message, channel)
        channel.flush()

    try:
        from .figures import FIGURES, write_figures

        module, _, name = target.partition(":")
        draw = getattr(importlib.import_module(module), name) if target else write_figures
        chosen = list(FIGURES) if names == ("*",) else list(names)
        say("names", chosen)
        if draw is write_figures:  # the figures of the datasets alone first, the others once told `go`
            early.wait()
            written = write_figures(Path(out), chosen, say, ready=told, previous=Path(previous) if previous else None)
        else:
            told.wait()
            written = draw(Path(out), chosen, say)
        say("done", [str(p) for p in written])
    except KeyboardInterrupt:
        _quietly(say, "interrupted", None)
    except BaseException as e:  # every failure goes to the parent, which decides what it means
        _quietly(say, "error", (_portable(e), type(e).__name__, str(e), traceback.format_exc()))


def _parent(early: threading.Event, told: threading.Event) -> None:
    """`early` once the parent says early or go, `told` once it says go; the parent gone (its end of stdin closed),
    this process stops as if interrupted, and exits soon after."""
    while chunk := os.read(0, 4096):  # the bare descriptor: a daemon thread must hold no lock of sys.stdin at exit
        early.set()
        if b"go" in chunk:
            told.set()
    os.kill(os.getpid(), signal.SIGTERM)  # a KeyboardInterrupt in the main thread
    threading.Event().wait(10)
    os._exit(1)


def _portable(error: BaseException) -> BaseException | None:
    """The exception itself if it crosses processes intact, else None (the parent makes a FiguresError)."""
    try:
        copy = pickle.loads(pickle.dumps(error))
    except Exception:
        return None
    return copy if type(copy) is type(error) and str(copy) == str(error) else None


def _quietly(say, *message) -> None:
    try:
        say(*message)
    except (OSError, ValueError):  # the parent is gone
        pass


if __name__ == "__main__":
    _main(*sys.argv[1:])

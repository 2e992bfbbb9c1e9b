"""The output folder: who owns it, who writes it now, and how a new run replaces the old one in one step.

    OUT/.pipeline                 marker: this folder holds pipeline runs (its layout version)
    OUT/.lock                     held (flock) by the run or report writing into OUT
    OUT/.runs/<generation>/       one complete run: data/, text/, manifest.json, report.html, report/, …
    OUT/current -> .runs/<gen>    the run a reader sees; swapped with one os.replace
    OUT/data -> current/data      fixed links, so OUT/data/documents.csv is always the current run's
    OUT/.cache.sqlite             analysed documents (pipeline.batch.store), shared by the generations

A run writes a new generation beside the current one and switches `current` to it only when everything
(data, text, manifest, frequencies, figures, report) is written: a kill at any instant leaves the old run
or the new one, complete, never a mix. The pipeline touches only what it created: a folder that holds
anything else is refused unless the user says `force` (their entries in our way are then moved aside,
not deleted).
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

from .export import atomic_write_text

MARKER = ".pipeline"
LOCK = ".lock"
RUNS = ".runs"
CURRENT = "current"
LAYOUT = 2
# what a generation may hold; OUT/<name> links to current/<name>
ENTRIES = ("data", "text", "manifest.json", "report.html", "report", "report.md", "figures", "datapackage.json")
OURS = {MARKER, LOCK, RUNS, CURRENT, ".cache.sqlite", ".cache.sqlite-wal", ".cache.sqlite-shm", *ENTRIES}
JUNK = {".DS_Store", "Thumbs.db", "desktop.ini", ".gitkeep", ".keep"}  # a file manager's or git's, not the user's work


class OutputError(Exception):
    """OUT cannot be used: one line for the user (what, where, what to do)."""


def describe(e: OSError, out: Path) -> str:
    """An OSError met while writing OUT, as one line that says what to do."""
    where = e.filename or out
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"the disk is full writing {where} — free some space or choose another --out; "
                f"{out} keeps the previous complete run")
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write {where}: {e.strerror} — choose a folder you can write to with --out"
    if e.errno in (errno.ENOTDIR, errno.EEXIST):
        return f"cannot make {out} a folder: {e.strerror} ({where}) — choose another --out"
    return f"cannot write {where}: {e.strerror or e} — check the folder, or choose another --out"


def _old_layout(out: Path) -> bool:
    """A run written before generations (pipeline 0.2): a manifest of ours beside data/."""
    manifest = out / "manifest.json"
    if manifest.is_symlink() or not manifest.is_file() or not (out / "data").is_dir():
        return False
    try:
        return "pipeline" in json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False


def foreign_entries(out: Path) -> list[str]:
    """What in OUT a pipeline run did not write; [] for a missing or empty folder or one of our runs."""
    if not out.is_dir() or (out / MARKER).is_file() or _old_layout(out):
        return []
    return sorted(name for name in os.listdir(out) if name not in JUNK and not name.startswith(".cache.sqlite")
                  and not _empty_hidden(out / name))


def _empty_hidden(path: Path) -> bool:
    """A hidden empty file (`.gitkeep` under any name): it holds nothing a run could destroy."""
    return path.name.startswith(".") and path.is_file() and not path.is_symlink() and path.stat().st_size == 0


class Output:
    """OUT for one writer at a time:

        with Output(out) as output:
            gen = output.new_generation()
            ...                      # write the run into gen
            output.switch(gen)       # readers of OUT/data now see it

    Leaving the block without `switch` removes the generation; the lock is released either way."""

    def __init__(self, out: Path, force: bool = False):
        self.out = Path(out)
        self.force = force
        self.lock = None
        self.moved_aside: Path | None = None
        self.old_layout = False

    # ------------------------------------------------------------ opening

    def __enter__(self) -> "Output":
        out = self.out
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise OutputError(describe(e, out)) from None
        foreign = foreign_entries(out)
        self.old_layout = _old_layout(out)
        if foreign and not self.force:
            shown = ", ".join(foreign[:3]) + (" …" if len(foreign) > 3 else "")
            raise OutputError(f"{out} holds files a pipeline run did not write ({shown}); choose a new or empty "
                              f"folder with --out, or pass --force to write there (what is in the way is moved "
                              f"to {out}/.replaced-<time>/, nothing is deleted)")
        try:
            self.lock = open(out / LOCK, "a+", encoding="utf-8")
        except OSError as e:
            raise OutputError(describe(e, out)) from None
        try:
            fcntl.flock(self.lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.lock.seek(0)
            holder = self.lock.read().strip() or "another process"
            self.lock.close()
            self.lock = None
            raise OutputError(f"{out} is being written by {holder}; wait for it to finish, or choose another --out") from None
        try:
            self.lock.seek(0)
            self.lock.truncate()
            self.lock.write(f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
            self.lock.flush()
            if foreign:
                self._move_aside(foreign)
            if not (out / MARKER).is_file():
                atomic_write_text(out / MARKER, json.dumps({"layout": LAYOUT, "tool": "pipeline"}) + "\n")
            self._remove_stale()
        except OSError as e:
            self.__exit__(None, None, None)
            raise OutputError(describe(e, out)) from None
        return self

    def _move_aside(self, names: list[str]) -> None:
        """--force into a folder of the user's: what would be replaced goes to .replaced-<time>/, untouched."""
        clash = [n for n in names if n in OURS]
        if not clash:
            return
        if self.moved_aside is None:
            self.moved_aside = self.out / f".replaced-{time.strftime('%Y%m%dT%H%M%S')}"
            self.moved_aside.mkdir(exist_ok=True)
        for name in clash:
            os.rename(self.out / name, self.moved_aside / name)

    def _remove_stale(self) -> None:
        """Generations left by killed runs: everything in .runs but the current one (we hold the lock)."""
        runs = self.out / RUNS
        if not runs.is_dir():
            return
        keep = self.current()
        for gen in runs.iterdir():
            if keep is None or gen.name != keep.name:
                remove(gen)

    # ------------------------------------------------------------ generations

    def current(self) -> Path | None:
        """The generation OUT shows now; None before the first run of this layout."""
        link = self.out / CURRENT
        if not link.is_symlink():
            return None
        target = self.out / os.readlink(link)
        return target if target.is_dir() else None

    def new_generation(self) -> Path:
        gen = self.out / RUNS / f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
        n = 0
        while gen.exists():  # two in one second from one process (tests, a pool serving runs)
            n += 1
            gen = gen.with_name(f"{gen.name.split('.')[0]}.{n}")
        gen.mkdir(parents=True)
        return gen

    def seed(self, gen: Path) -> None:
        """The current run's files in `gen` as hard links (no copy; every writer replaces a file, never edits
        it in place), for a report that rewrites only its own parts. An old-layout run is read where it is."""
        source = self.current() or (self.out if _old_layout(self.out) else None)
        if source is None:
            raise OutputError(f"{self.out} holds no finished run — run `pipeline run CORPUS --out {self.out}` first")
        for name in ("data", "text", "manifest.json"):
            src = source / name
            if src.is_dir():
                shutil.copytree(src, gen / name, copy_function=link_or_copy, symlinks=True)
            elif src.is_file():
                link_or_copy(src, gen / name)

    def switch(self, gen: Path) -> None:
        """Make `gen` the current run in one step, then point the fixed links at it and drop the old one."""
        old = self.current()
        tmp = self.out / f".{CURRENT}.new"
        if tmp.is_symlink() or tmp.exists():
            tmp.unlink()
        os.symlink(os.path.relpath(gen, self.out), tmp)
        os.replace(tmp, self.out / CURRENT)  # the commit: before it the old run, after it the new one
        self._link_entries(gen)
        if old is not None and old != gen:
            remove(old)

    def _link_entries(self, gen: Path) -> None:
        for name in ENTRIES:
            link = self.out / name
            wanted = os.path.join(CURRENT, name)
            if link.is_symlink() and os.readlink(link) == wanted:
                if not (gen / name).exists():
                    link.unlink()  # this run has no report: no dangling link
                continue
            if link.is_symlink() or link.exists():
                if self.old_layout and not link.is_symlink():
                    remove(link)  # a run of pipeline 0.2 wrote it here: ours, replaced
                else:
                    self._move_aside([name])  # put here by someone else since: kept
            if (gen / name).exists():
                tmp = self.out / f".{name}.link"
                if tmp.is_symlink():
                    tmp.unlink()
                os.symlink(wanted, tmp)
                os.replace(tmp, link)

    def discard(self, gen: Path) -> None:
        remove(gen)

    @contextmanager
    def generation(self):
        """A new generation to write into, made current when the block ends normally and removed when it
        does not (an OSError — a full disk, a folder gone read-only — becomes an OutputError)."""
        gen = self.new_generation()
        try:
            yield gen
        except OSError as e:
            self.discard(gen)
            raise OutputError(describe(e, self.out)) from None
        except BaseException:
            self.discard(gen)
            raise
        try:
            self.switch(gen)
        except OSError as e:
            raise OutputError(describe(e, self.out)) from None

    def __exit__(self, *exc) -> None:
        if self.lock is not None:
            try:
                self.lock.truncate(0)  # no holder named once the lock is free
                fcntl.flock(self.lock, fcntl.LOCK_UN)
            finally:
                self.lock.close()
                self.lock = None


def run_folder(out: Path) -> Path:
    """OUT as a reader uses it, checked: a folder with a finished run's data/documents.csv."""
    out = Path(out)
    if not (out / "data" / "documents.csv").is_file():
        raise OutputError(f"{out} is not the folder of a finished run (no data/documents.csv) — "
                          f"run `pipeline run CORPUS --out {out}` first, or pass the right folder")
    return out


def link_or_copy(src, dst) -> None:
    try:
        os.link(src, dst)
    except OSError:  # another file system, or one without hard links
        shutil.copy2(src, dst)


def remove(path: Path) -> None:
    """A file, a link or a folder, whichever `path` is; nothing when it is gone."""
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)

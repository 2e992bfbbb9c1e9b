"""Discovery: (doc_id, path) for every visible file under a corpus, and why a file cannot be read
(a link out of the corpus, a link loop, a folder that cannot be listed, not a regular file)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from ..core.errors import PipelineError, one_line
from .docids import display_path, doc_ids


class Found(tuple):
    """(doc_id, path) of a discovered file; `problem` is the PipelineError that keeps it from being read
    (a link out of the corpus, a link loop, a folder that cannot be listed, not a regular file), reported
    without reading it."""

    problem: PipelineError | None

    def __new__(cls, doc_id: str, path: Path, problem: PipelineError | None = None):
        found = super().__new__(cls, (doc_id, path))
        found.problem = problem
        return found


def _skipped(name: str) -> bool:
    return name.startswith((".", "~$"))


def discover(corpus: Path, exclude: Path | None = None, follow_symlinks: bool = False) -> list[Found]:
    """(doc_id, path) for every visible file under `corpus`, in a stable order.

    doc_id is the path relative to the corpus without its extension; the extension is kept
    only where two files would otherwise get the same id, and docids.doc_ids makes every id printable,
    unique (casefolded) and short enough for a file name. Hidden files, Office lock files
    (`~$paper.docx`) and the `exclude` folder (an output folder inside the corpus) are passed over.
    Symbolic links are not followed out of the corpus, nor into folders, unless `follow_symlinks`;
    such a link, a link loop, a folder that cannot be listed and anything that is not a regular file
    come with a `problem`.
    """
    corpus = Path(corpus)
    if corpus.is_file():
        entries, root = [(corpus, None, True)], corpus.parent
    else:
        root = corpus
        entries = sorted(_walk(corpus, exclude.resolve() if exclude else None, follow_symlinks),
                         key=lambda e: _relative(e[0], root))
    ids = doc_ids([(_relative(path, root), is_file) for path, _, is_file in entries])
    return [Found(doc_id, path, problem) for doc_id, (path, problem, _) in zip(ids, entries)]


def has_files(corpus: Path, exclude: Path | None = None, follow_symlinks: bool = False) -> bool:
    """Whether `discover` would find anything (a file, or one it reports with a problem), found by walking only up
    to the first: no ids made, nothing sorted."""
    corpus = Path(corpus)
    return corpus.is_file() or next(_walk(corpus, exclude.resolve() if exclude else None, follow_symlinks), None) is not None


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path != root else root.name


def _walk(corpus: Path, skip: Path | None, follow_symlinks: bool):
    """(path, problem or None, is it a file) for every visible file under `corpus`, for each link not
    followed and for each folder that cannot be listed (os.walk passes over those without a word)."""
    top = corpus.resolve()
    seen = set()
    unlisted: list[OSError] = []
    for folder, dirs, names in os.walk(corpus, followlinks=follow_symlinks, onerror=unlisted.append):
        folder = Path(folder)
        problem = _folder_problem(folder, corpus, top, seen)
        if problem:
            yield folder, problem, False
            dirs[:] = []
            continue
        real = folder.resolve()
        if skip and real.is_relative_to(skip):
            dirs[:] = []
            continue
        for d in list(dirs):
            path = folder / d
            if _skipped(d) or (skip and _inside(path, skip)):
                dirs.remove(d)
            elif path.is_symlink() and not follow_symlinks:
                yield path, PipelineError("E011", reason="a link to a folder, not followed"), False
        dirs.sort()  # the first of two ways into one folder is the one walked: the same one every run
        for name in names:
            if not _skipped(name):
                yield folder / name, _file_problem(folder / name, top, follow_symlinks), True
    for e in unlisted:
        reason = one_line(f"this folder cannot be listed: {e.strerror or type(e).__name__}")
        yield Path(e.filename), PipelineError("E002", reason=reason), False


def _folder_problem(folder: Path, corpus: Path, top: Path, seen: set) -> PipelineError | None:
    """A folder reached twice (a link loop), or gone or locked since its parent was listed."""
    try:
        real = folder.resolve(strict=True)
        st = os.stat(folder)
    except (OSError, RuntimeError) as e:
        return _link_error(e)
    if (st.st_dev, st.st_ino) in seen or (folder != corpus and real in (top, *top.parents)):
        return PipelineError("E011", reason="a link loop: this folder contains itself")
    seen.add((st.st_dev, st.st_ino))
    return None


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve(strict=True).is_relative_to(folder)
    except (OSError, RuntimeError):
        return False


def _file_problem(path: Path, top: Path, follow_symlinks: bool) -> PipelineError | None:
    """Why `path` is reported without being read: a broken link, a link loop, a link out of the corpus, not
    a file."""
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError) as e:
            return _link_error(e)
        if not follow_symlinks and not target.is_relative_to(top):
            return PipelineError("E011", reason=one_line(f"a link out of the corpus (to {display_path(target)})"))
    if not path.is_file() and path.exists():
        return PipelineError("E002", reason="not a regular file (a pipe, socket or device)")
    return None


def _link_error(e: Exception) -> PipelineError:
    """Path.resolve's error as a row: Python 3.11 raises RuntimeError for a loop of links, 3.13 OSError(ELOOP)."""
    if isinstance(e, RuntimeError) or getattr(e, "errno", None) == errno.ELOOP:
        return PipelineError("E011", reason="a link loop: the link leads back to itself")
    if isinstance(e, FileNotFoundError):
        return PipelineError("E002", reason="a link to a file that does not exist")
    return PipelineError("E002", reason=one_line(e.strerror or type(e).__name__))

"""A rerun draws only the PNGs whose figure changed: each PNG carries, in a text chunk, the key of what it was drawn
from (its SVG's bytes, the code, the libraries); the previous run's PNGs are offered to the new run as candidates,
and figures.write_figures keeps one only where the key is the same."""

from __future__ import annotations

import hashlib
from pathlib import Path

import matplotlib
import PIL
from PIL import Image

from ..core.code import code_version
from ..output.outdir import link_or_copy

PNG_KEY = "Source-SVG-SHA256"  # a PNG's text chunk: what it was drawn from (png_key)


def png_key(svg: Path) -> str:
    """What a PNG is drawn from: the bytes of the figure's SVG (deterministic: fixed hash salt, no date), the
    code that draws it and the libraries that render it. A PNG that carries this key need not be drawn again."""
    digest = hashlib.sha256(f"{code_version()}\0{matplotlib.__version__}\0{PIL.__version__}\0".encode())
    digest.update(svg.read_bytes())
    return digest.hexdigest()


def png_tag(path: Path) -> str | None:
    """The PNG_KEY a PNG of ours carries; None for no file, another file or a damaged one."""
    try:
        with Image.open(path) as image:
            return image.text.get(PNG_KEY) if image.format == "PNG" else None
    except (OSError, ValueError, SyntaxError):
        return None


def previous_pngs(previous: Path | None, out: Path, names: list[str]) -> None:
    """Hard-link the PNGs `names` of the `previous` run's figures into `out`/figures, as candidates: write_figures keeps
    one only if it carries the key of the SVG it draws now (a rerun that changed one document redraws only the
    charts that changed), and replaces it otherwise — never in place, so the previous run keeps its file."""
    if previous is None or not (previous / "figures").is_dir() or Path(previous).resolve() == Path(out).resolve():
        return
    folder = Path(out) / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        src, dst = previous / "figures" / f"{name}.png", folder / f"{name}.png"
        if src.is_file() and not dst.exists():
            try:
                link_or_copy(src, dst)
            except OSError:  # a candidate only: drawn anew
                dst.unlink(missing_ok=True)

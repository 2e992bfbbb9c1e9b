"""A rerun draws only the figures whose data changed. A figure's key is the hash of what it shows (figure_data's
values), of the code that draws it and of the libraries that render it; its SVG carries the key as its Dublin Core
identifier, its PNG in a text chunk. The previous run's files are offered to the new run as candidates
(previous_figures), and figures.write_figures keeps a figure only where both files are whole and carry the key of
what it would draw now (kept); otherwise it draws both again — never in place, so the previous run keeps its files."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import matplotlib
import PIL
from PIL import Image

from ..core.code import code_version
from ..output.outdir import link_or_copy

PNG_KEY = "Figure-Data-SHA256"  # a PNG's text chunk: the key of what it shows (figure_key)
_SVG_KEY = re.compile(rb"<dc:identifier>figure-data-sha256:([0-9a-f]{64})</dc:identifier>")
_SVG_HEAD = 8192  # bytes: matplotlib writes the metadata before the drawing


def figure_key(name: str, data: dict) -> str:
    """The key of the figure `name` drawn from `data` (figure_data's values) by this code and these libraries: two
    runs that give the same key draw the same figure, byte for byte (fixed hash salt, no date)."""
    digest = hashlib.sha256(f"{code_version()}\0{matplotlib.__version__}\0{PIL.__version__}\0{name}\0".encode())
    # default=str: a value json does not know (a numpy number) still gives one key, not a failed report
    digest.update(json.dumps(data, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8"))
    return digest.hexdigest()


def svg_metadata(key: str) -> dict:
    """The SVG metadata that carries `key` (svg_tag reads it back)."""
    return {"Identifier": f"figure-data-sha256:{key}"}


def svg_tag(path: Path) -> str | None:
    """The key an SVG of ours carries; None for no file or another file."""
    try:
        with open(path, "rb") as f:
            found = _SVG_KEY.search(f.read(_SVG_HEAD))
    except OSError:
        return None
    return found.group(1).decode("ascii") if found else None


def png_tag(path: Path) -> str | None:
    """The PNG_KEY a PNG of ours carries; None for no file, another file or a damaged one."""
    try:
        with Image.open(path) as image:
            return image.text.get(PNG_KEY) if image.format == "PNG" else None
    except (OSError, ValueError, SyntaxError):
        return None


_ENDS = {"svg": b"</svg>\n", "png": b"IEND\xaeB`\x82"}  # how a whole file of ours ends: SVG's last tag, PNG's IEND chunk


def whole(path: Path) -> bool:
    """Whether a figure file ends as a whole one does (a file cut short keeps its head, and the key in it)."""
    end = _ENDS[path.suffix.lstrip(".")]
    try:
        with open(path, "rb") as f:
            f.seek(-len(end), 2)
            return f.read() == end
    except OSError:  # no file, or shorter than its end
        return False


def kept(folder: Path, name: str, key: str) -> bool:
    """Whether the figure `name` in `folder` (its SVG and its PNG, both whole) was drawn from what has the `key`."""
    svg, png = folder / f"{name}.svg", folder / f"{name}.png"
    return svg_tag(svg) == key and png_tag(png) == key and whole(svg) and whole(png)


def previous_figures(previous: Path | None, out: Path, names: list[str]) -> None:
    """Hard-link the SVGs and PNGs `names` of the `previous` run's figures into `out`/figures, as candidates:
    write_figures keeps a figure whose files carry the key of what it draws now (kept) and replaces the others."""
    if previous is None or not (previous / "figures").is_dir() or Path(previous).resolve() == Path(out).resolve():
        return
    folder = Path(out) / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        for ext in ("svg", "png"):
            src, dst = previous / "figures" / f"{name}.{ext}", folder / f"{name}.{ext}"
            if src.is_file() and not dst.exists():
                try:
                    link_or_copy(src, dst)
                except OSError:  # a candidate only: drawn anew
                    dst.unlink(missing_ok=True)

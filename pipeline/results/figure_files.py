"""A figure's files: its SVG, and its PNG at 300 dpi — drawn (`raster`) and compressed (`write_png`) as two steps, so
that one figure can be compressed while the next is drawn; each written whole or not at all."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from ..output.export import replacing


def save(fig: Figure | None, path: Path, metadata: dict | None = None) -> list[Path]:
    """`fig` as the SVG `path` (the paths written); no figure removes a stale file at `path`, SVG or PNG (a PNG is
    drawn by `raster` and written by `write_png`, through PngWriter)."""
    if fig is None:
        path.unlink(missing_ok=True)  # a stale chart of an earlier run must not stay
        return []
    with replacing(path) as tmp:  # never half a figure
        fig.savefig(tmp, format="svg", dpi=300, metadata=metadata)
    return [path]


def raster(fig: Figure) -> Image.Image:
    """The figure drawn at 300 dpi, as an image (RGB when opaque, as it is: compressed in two thirds the time of
    savefig's RGBA)."""
    fig.set_dpi(300)
    fig.canvas.draw()
    rgba = np.asarray(fig.canvas.buffer_rgba())
    return Image.fromarray(rgba[..., :3] if rgba[..., 3].min() == 255 else rgba)


def write_png(image: Image.Image, path: Path, metadata: dict) -> list[Path]:
    info = PngInfo()
    for key, value in metadata.items():
        info.add_text(key, value)
    with replacing(path) as tmp:  # never half a figure
        image.save(tmp, format="png", dpi=(300, 300), pnginfo=info, compress_level=3)  # level 6: 1.5× the time
    return [path]


class PngWriter:
    """PNGs drawn in this thread and compressed in another (Pillow lets go of the GIL while it compresses), so that
    the next figure is drawn meanwhile; `done("png", name)` follows each PNG once it is written."""

    def __init__(self, done):
        self.done, self.written, self.pending = done, [], []
        self.pool = ThreadPoolExecutor(1)

    def add(self, name: str, fig: Figure, path: Path, metadata: dict) -> None:
        self.pending.append((name, self.pool.submit(write_png, raster(fig), path, metadata)))
        self.collect(wait=False)

    def collect(self, wait: bool) -> None:
        while self.pending and (wait or self.pending[0][1].done()):
            name, future = self.pending.pop(0)
            self.written.extend(future.result())  # its exception (a full disk…) is raised here
            self.done("png", name)

    def __enter__(self) -> PngWriter:
        return self

    def __exit__(self, kind, error, trace) -> None:
        try:
            if kind is None:
                self.collect(wait=True)
        finally:
            self.pool.shutdown(wait=True)  # a PNG being written is finished (written whole: `replacing`)

"""Where the nodes and labels of the co-occurrence network go (figures.network_figure): a deterministic spring
layout, and labels placed beside their nodes where they overlap nothing."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure


def spring_layout(n: int, edges: list[tuple[int, int, float]], iterations: int = 300, gravity: float = 1.0) -> np.ndarray:
    """Fruchterman–Reingold from a circle: deterministic (no random start), weights pull harder."""
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False) + np.pi / 2
    pos = np.column_stack([np.cos(angles), np.sin(angles)])
    if n < 3:
        return pos * 0.5
    weight = np.zeros((n, n))
    for i, j, w in edges:
        weight[i, j] = weight[j, i] = w
    if weight.max() > 0:
        weight = weight / weight.max()
        weight = np.where(weight > 0, 0.3 + 0.7 * np.sqrt(weight), 0.0)
    k = np.sqrt(4.0 / n)
    temp = 0.2
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=-1), 1e-3)
        force = k * k / dist - weight * dist * dist / k
        np.fill_diagonal(force, 0.0)
        disp = (delta / dist[..., None] * force[..., None]).sum(axis=1)
        disp -= gravity * pos  # gravity keeps unconnected groups on the canvas, near the rest
        length = np.maximum(np.linalg.norm(disp, axis=1), 1e-9)
        pos += disp / length[:, None] * np.minimum(length, temp)[:, None]
        temp *= 0.985
    lo, hi = pos.min(axis=0), pos.max(axis=0)
    return (pos - (lo + hi) / 2) / np.maximum((hi - lo) / 2, 1e-9)  # each axis fills [-1, 1]: the canvas is wider than tall


def place_labels(fig: Figure, ax, points: np.ndarray, radii: np.ndarray, texts: list[str], **style) -> None:
    """Each label beside its node where it overlaps no other label or node: above, below, right, left (biggest
    nodes first), else above. Measured in display coordinates after one layout pass."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    scale = fig.dpi / 72
    centres = ax.transData.transform(points)
    nodes = [(x - r * scale, y - r * scale, x + r * scale, y + r * scale) for (x, y), r in zip(centres, radii)]
    placed: list[tuple] = []

    def clash(box, own):
        x0, y0, x1, y1 = box
        others = placed + [b for i, b in enumerate(nodes) if i != own]
        return any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in others)

    for i in np.argsort(-radii, kind="stable"):
        r = radii[i] + 2
        candidates = [((0, r), "center", "bottom"), ((0, -r), "center", "top"), ((r, 0), "left", "center"),
                      ((-r, 0), "right", "center")]
        chosen = None
        for offset, ha, va in candidates:
            label = ax.annotate(texts[i], points[i], xytext=offset, textcoords="offset points", ha=ha, va=va, **style)
            label.set_in_layout(False)
            box = label.get_window_extent(renderer).extents
            if not clash(box, i):
                chosen = box
                break
            label.remove()
        if chosen is None:
            label = ax.annotate(texts[i], points[i], xytext=candidates[0][0], textcoords="offset points", ha="center",
                                va="bottom", **style)
            label.set_in_layout(False)
            chosen = label.get_window_extent(renderer).extents
        placed.append(tuple(chosen))

"""Text helpers shared by several layers: the year pattern, name parts for files and anchors."""

from __future__ import annotations

import re

YEAR = r"(?:1[7-9][0-9]{2}|20[0-9]{2})"  # 1700–2099 in ASCII digits: `\d` also takes `٢٠٢٠` and `２０２０`


def slug(text: str, allowed: str = "0-9A-Za-z_-", sep: str = "-", default: str = "x") -> str:
    """`text` as a part of a name: each run of characters outside `allowed` (a regex class body) becomes
    `sep`, trimmed at both ends; `default` when nothing is left."""
    return re.sub(f"[^{allowed}]+", sep, text).strip(sep) or default

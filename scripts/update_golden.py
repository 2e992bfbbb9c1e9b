"""Rewrite tests/golden/ from a run over corpora/ — after a deliberate change of the output.

    python scripts/update_golden.py

Then read `git diff tests/golden` line by line: every changed row must be an improvement.
"""

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.batch.runner import run  # noqa: E402
from tests.golden import GOLDEN, snapshot  # noqa: E402

with tempfile.TemporaryDirectory() as tmp:
    run(ROOT / "corpora", Path(tmp), quiet=True)
    for name, content in snapshot(Path(tmp)).items():
        path = GOLDEN / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8", newline="")
print(f"wrote {GOLDEN}")

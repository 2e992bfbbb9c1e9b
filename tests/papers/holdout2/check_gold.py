"""Sanity check of a gold file against its sample papers — the logic of tests/papers/check_gold.py,
imported and pointed at another folder (default: this holdout2 folder). Not a pytest test.

    .venv/bin/python tests/papers/holdout2/check_gold.py             # checks tests/papers/holdout2/gold.yaml
    .venv/bin/python tests/papers/holdout2/check_gold.py tests/papers # the original sample
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORIGINAL = HERE.parent / "check_gold.py"


def load_checker():
    spec = importlib.util.spec_from_file_location("papers_check_gold", ORIGINAL)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main(argv: list[str]) -> int:
    folder = Path(argv[1]).resolve() if len(argv) > 1 else HERE
    mod = load_checker()
    mod.HERE = folder  # check() reads gold.yaml and the papers from mod.HERE
    return mod.check()


if __name__ == "__main__":
    sys.exit(main(sys.argv))

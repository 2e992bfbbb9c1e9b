"""A finished run's tables as pandas DataFrames, typed from its datapackage.json (`pipeline.load`)."""

from __future__ import annotations

import json
from pathlib import Path

from ..output.export import plain_cell
from ..output.outdir import run_folder
from .run_folder import RunFolder

DTYPES = {"integer": "Int64", "number": "Float64", "boolean": "boolean"}


def load_tables(out: Path) -> dict:
    """{table name: DataFrame} of every CSV in OUT/data. Columns the data package types as integer, number
    or boolean get pandas' nullable dtypes (an empty cell is <NA>, not 0); every other column is text, with
    empty cells as "" and the spreadsheet apostrophe of `safe_cell` removed (unless the run wrote --raw-csv)."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("pipeline.load needs pandas: pip install pandas") from None
    out = run_folder(out)
    types = _field_types(out)
    raw = RunFolder(out).raw_csv
    tables = {}
    for path in sorted((out / "data").glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        for column in frame.columns:
            kind = types.get(path.stem, {}).get(column, "string")
            if kind in DTYPES:
                values = frame[column].replace("", None)
                if kind == "boolean":
                    values = values.map({"true": True, "false": False, "True": True, "False": False, "1": True, "0": False})
                frame[column] = pd.to_numeric(values) if kind != "boolean" else values
                frame[column] = frame[column].astype(DTYPES[kind])
            elif not raw:
                frame[column] = frame[column].map(plain_cell)
        tables[path.stem] = frame
    return tables


def _field_types(out: Path) -> dict[str, dict[str, str]]:
    """{table: {column: Frictionless type}} from OUT/datapackage.json; {} when the run has no data package."""
    try:
        package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {Path(r["path"]).stem: {f["name"]: f.get("type", "string") for f in r.get("schema", {}).get("fields", [])}
            for r in package.get("resources", [])}

"""The one table spec (pipeline/core/spec.py): the CSV writers, datapackage.json and README.md's column tables
("## Outputs") all say what it says."""

import csv
import re
from pathlib import Path

import pytest

from pipeline.core import schema
from pipeline.core.spec import FREQUENCIES, RUN, SPEC, TYPES
from pipeline.output.export import TABLES, RunWriter
from pipeline.results.frequencies import COLUMNS

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"


def outputs_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("\n## Outputs\n")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def readme_column_tables() -> dict[str, list[str]]:
    """{table: columns} from each `### <name>.csv` section's `| column | meaning |` table, the names of a row
    (`doc_id, sent_id`) in the order given."""
    found = {}
    for section in re.split(r"\n### ", outputs_section())[1:]:
        heading, _, body = section.partition("\n")
        m = re.fullmatch(r"(\w+)\.csv", heading.strip())
        if not m:
            continue
        lines = body.splitlines()
        at = next((i for i, line in enumerate(lines) if cells(line)[:2] == ["column", "meaning"]), None)
        if at is None:
            continue
        names = []
        for line in lines[at + 2:]:
            if not line.startswith("|"):
                break
            names += [n.strip().strip("`") for n in cells(line)[0].split(",")]
        found[m.group(1)] = names
    return found


def readme_file_rows() -> dict[str, list[str] | None]:
    """{table: columns} from the `| file | rows |` table of the frequencies: a row whose text before ` — ` is a
    list of column names (each perhaps followed by a remark in brackets) lists them all; a row in prose → None."""
    found = {}
    for line in outputs_section().splitlines():
        row = cells(line) if line.startswith("|") else []
        if len(row) != 2 or not row[0].endswith(".csv"):
            continue
        listed = re.sub(r"\([^)]*\)", "", row[1].split(" — ")[0])
        names = [n.strip() for n in listed.split(",")]
        for file in row[0].split(","):
            name = file.strip().removesuffix(".csv")
            found[name] = names if "," not in row[0] and all(re.fullmatch(r"\w+", n) for n in names) else None
    return found


README_TABLES = readme_column_tables()
README_ROWS = readme_file_rows()


@pytest.mark.parametrize("name", [t.name for t in RUN])
def test_the_readme_lists_the_columns_of_every_dataset_in_order(name):
    assert name in README_TABLES, f"README.md has no `### {name}.csv` column table"
    assert README_TABLES[name] == SPEC[name].names, f"README.md's {name}.csv disagrees with pipeline/core/spec.py"


@pytest.mark.parametrize("name", [t.name for t in FREQUENCIES])
def test_the_readme_names_every_frequency_table_and_its_columns(name):
    assert name in README_ROWS, f"README.md's Frequencies table has no row for {name}.csv"
    if README_ROWS[name] is not None:  # a row that lists the columns lists them all
        assert README_ROWS[name] == SPEC[name].names, f"README.md's {name}.csv disagrees with pipeline/core/spec.py"


def test_the_readme_parser_reads_what_it_should():
    assert README_TABLES["formats"][-3:] == ["lemma", "lang", "rule"]
    assert README_ROWS["keyness"][0] == "target" and README_ROWS["freq_dates"] is None


@pytest.mark.parametrize("table", list(SPEC.values()), ids=list(SPEC))
def test_every_column_is_typed_and_described_and_every_key_is_real(table):
    names = table.names
    assert len(set(names)) == len(names) and table.description
    for column in table.columns:
        assert column.type in TYPES and column.description, (table.name, column.name)
    assert set(table.primary_key) <= set(names)
    for fk in table.foreign_keys:
        assert set(fk.fields) <= set(names) and fk.table in SPEC and set(fk.to) <= set(SPEC[fk.table].names)


def test_the_writers_take_their_columns_from_the_spec(tmp_path):
    assert {**TABLES, "entity_index": schema.ENTITY_INDEX_COLUMNS}.keys() == {t.name for t in RUN}
    assert all(TABLES[name] == SPEC[name].names for name in TABLES)
    assert COLUMNS == {t.name: t.names for t in FREQUENCIES}
    assert schema.DOCUMENT_COLUMNS == SPEC["documents"].names and schema.ENTITY_COLUMNS == SPEC["entities"].names
    writer = RunWriter(tmp_path / "run")
    writer.close()
    for name in TABLES:
        with open(tmp_path / "run" / "data" / f"{name}.csv", encoding="utf-8", newline="") as f:
            assert next(csv.reader(f)) == SPEC[name].names


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.csv")), ids=lambda p: p.name)
def test_the_golden_outputs_have_the_spec_columns(path):
    """The golden CSVs of the sample corpus (tests/golden, written without source_path) — what a run writes."""
    with open(path, encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert header == [c for c in SPEC[path.stem].names if c != "source_path"]

import os
import shutil
from pathlib import Path

import pytest

# two test workers on two cores: one BLAS thread each (a -j1 run would otherwise give its analysis every core;
# tests/test_engines.py checks that on its own)
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from pipeline.output.export import read_rows  # noqa: E402  (after the BLAS setting: numpy reads it on import)

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_5ac4b8d52ef0a1b2.txt"
FACTRU = SHARED / "eval" / "factru-dev.jsonl"
CORPORA = ROOT / "corpora"


def rows(out: Path, name: str) -> list[dict]:
    """The rows of OUT/data/<name>.csv of a run, cells as the documents have them (safe_cell undone)."""
    assert (out / "data" / f"{name}.csv").exists(), f"the run wrote no {name}.csv"
    return list(read_rows(out / "data" / f"{name}.csv"))


def run_files(out: Path, parts=("data", "text")) -> dict[str, bytes]:
    """{relative path: bytes} of the files a reader of OUT sees in `parts` (OUT/data and OUT/text are links
    into the current generation: rglob from OUT would not follow them)."""
    found = {}
    for part in parts:
        top = out / part
        for p in sorted(top.rglob("*")) if top.is_dir() else [top] if top.is_file() else []:
            if p.is_file():
                found[(Path(part) / p.relative_to(top)).as_posix() if top.is_dir() else part] = p.read_bytes()
    return found


def same_files(a: Path, b: Path, parts=("data", "text")) -> None:
    """The same files in `parts` of two runs, byte for byte."""
    mine, theirs = run_files(a, parts), run_files(b, parts)
    assert sorted(mine) == sorted(theirs)
    for name in mine:
        assert mine[name] == theirs[name], name


def need(path: Path) -> Path:
    """Third-party texts live in ../shared, beside the clone; CI always has it."""
    if not path.exists():
        pytest.skip(f"{path} is missing: clone the project next to ../shared to run this test")
    return path


@pytest.fixture(scope="session")
def seed_text() -> str:
    return need(SEED).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def morph():
    from pipeline.analysis.nlp_ru import Morph

    return Morph()


@pytest.fixture(scope="session")
def cleaner(morph):
    from pipeline.analysis.clean import Cleaner

    return Cleaner(morph)


@pytest.fixture(scope="session")
def stages():
    from pipeline.batch.assemble import build_stages

    return build_stages()


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory, stages):
    """The seed through `pipeline run`: (output folder, summary)."""
    from pipeline.batch.runner import run

    corpus = tmp_path_factory.mktemp("seed_corpus")
    shutil.copy(need(SEED), corpus / SEED.name)
    out = tmp_path_factory.mktemp("seed_out")
    return out, run(corpus, out, quiet=True, stages=stages)


@pytest.fixture(scope="session")
def corpus_report(tmp_path_factory, stages):
    """The sample corpus through `pipeline run`, then its statistics, figures and report again (tests/test_report)."""
    from pipeline.batch.runner import run

    from .test_report import finish

    out = tmp_path_factory.mktemp("corpus_report")
    run(CORPORA, out, quiet=True, stages=stages)
    return finish(out)


# The test files that take longest, longest first (pytest --durations on a 2-core machine). CI runs the suite on two
# workers, a file to each at a time (pyproject.toml: -n 2 --dist loadfile); a long file handed out last would keep
# one worker busy while the other idles, so these go first and the short files fill in around them.
LONGEST_FIRST = ["test_output.py", "test_reuse.py", "test_browser.py", "test_linear.py", "test_formats.py",
                 "test_engines.py", "test_report_bounds.py", "test_figures_process.py", "test_cluster.py",
                 "test_bench.py", "test_progress.py", "test_properties.py", "test_papers.py", "test_report.py",
                 "test_cli.py", "test_eval.py", "test_faults.py", "test_fuzz.py", "test_api.py", "test_cache.py",
                 "test_stage_contract.py"]  # by the seconds each file took (pytest --durations=0, 2026-12-02)


def pytest_collection_modifyitems(config, items):
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: each file's own order is kept

"""Parallel, cached and resumed runs give exactly the output of a clean single-process run."""

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from pipeline.batch.runner import run

from .conftest import CORPORA, same_files

pytestmark = pytest.mark.slow

SAMPLE = ["ru_altai_mongolia.txt", "en_central_asia_corridors.txt", "ru_pavlodar_cp1251.txt", "ru_samara_news.html"]


def same_output(a, b):
    """Every CSV and text, byte for byte (the manifest's timings may differ)."""
    same_files(a, b)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    for name in SAMPLE:
        shutil.copy(CORPORA / name, root / name)
    return root


@pytest.fixture(scope="module")
def clean(corpus, tmp_path_factory, stages):
    out = tmp_path_factory.mktemp("clean")
    run(corpus, out, quiet=True, stages=stages)
    return out


def test_two_workers_match_one(corpus, clean, tmp_path):
    run(corpus, tmp_path, quiet=True, workers=2)
    same_output(clean, tmp_path)


@pytest.mark.parametrize("limit_mb, as_bytes", [(50, True), (0.001, False)], ids=["bytes", "paths over the limit"])
def test_dask_local_cluster_matches_local(corpus, clean, tmp_path, monkeypatch, limit_mb, as_bytes):
    """Files go to the workers as their bytes, or over the shipping limit as absolute paths: the same output."""
    pytest.importorskip("dask.distributed")
    from pipeline.batch import shipping

    monkeypatch.setattr(shipping, "SHIP_LIMIT_MB", limit_mb)
    run(corpus, tmp_path, quiet=True, workers=2, engine="dask")
    same_output(clean, tmp_path)
    shipped = json.loads((tmp_path / "manifest.json").read_text())["cluster"]
    sent = (shipped["documents_as_bytes"], shipped["documents_as_paths"])
    assert sent == ((len(SAMPLE), 0) if as_bytes else (0, len(SAMPLE)))
    assert shipped["ship_limit_mb"] == limit_mb and shipped["workers"] == 2


def test_unchanged_rerun_analyses_nothing_and_a_new_codebook_only_its_stages(corpus, clean, tmp_path, stages):
    cache = tmp_path / "cache.sqlite"
    run(corpus, tmp_path / "a", quiet=True, stages=stages, cache=cache)
    second = run(corpus, tmp_path / "a", quiet=True, stages=stages, cache=cache)
    assert set(second.stage_seconds) == set()  # nothing was analysed again
    same_output(clean, tmp_path / "a")
    codebook = tmp_path / "codebook.yaml"
    from pipeline.knowledge.resources import MODELS_DIR

    codebook.write_text((MODELS_DIR / "codebook.yaml").read_text(encoding="utf-8").replace(
        "description: \"Diplomatic relations", "description: \"Edited: diplomatic relations", 1), encoding="utf-8")
    third = run(corpus, tmp_path / "b", quiet=True, cache=cache, codebook=codebook)
    assert set(third.stage_seconds) == {"formats", "events"}
    same_output(clean, tmp_path / "b")
    forced = run(corpus, tmp_path / "c", quiet=True, stages=stages, cache=cache, force=True)
    assert "nlp_ru" in forced.stage_seconds


def test_killed_run_resumes_to_the_same_output(tmp_path, clean):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(4):  # enough documents that the kill lands in the middle
        for name in SAMPLE:
            shutil.copy(CORPORA / name, corpus / f"{i}_{name}")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--workers", "1", "--no-report", "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cache = out / ".cache.sqlite"
    deadline = time.time() + 120
    while time.time() < deadline:
        time.sleep(0.5)
        if cache.exists():
            try:
                n = sqlite3.connect(cache).execute("SELECT count(*) FROM documents").fetchone()[0]
            except sqlite3.Error:
                continue
            if n >= 4:
                break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    done = sqlite3.connect(cache).execute("SELECT count(*) FROM documents WHERE level='full'").fetchone()[0]
    assert 0 < done < 16, done  # it really was killed in the middle
    assert subprocess.run(cmd).returncode == 0
    fresh = tmp_path / "fresh"
    assert subprocess.run(cmd[:5] + ["--out", str(fresh), "--workers", "1", "--no-report", "-q", "--no-cache"]).returncode == 0
    same_output(fresh, out)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["documents"] == 16 and manifest["failed"] == 0


def test_a_lone_analysis_gets_every_core_and_a_users_setting_stands(monkeypatch):
    """-j1: the one process that analyses multiplies natasha's matrices on every core (up to 4), then on one again;
    OPENBLAS_NUM_THREADS set by the user stands (this suite sets it: conftest.py)."""
    import numpy  # noqa: F401  (loads OpenBLAS, which threadpoolctl finds among the loaded libraries)
    from threadpoolctl import threadpool_info

    import pipeline
    from pipeline.batch import threads as engine

    def blas():
        return max(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas")

    monkeypatch.setattr(engine.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(pipeline, "USER_BLAS_THREADS", False)
    assert blas() == 1
    with engine.analysis_threads():
        assert blas() == 2
    assert blas() == 1
    monkeypatch.setattr(engine.os, "cpu_count", lambda: 64)
    assert engine.blas_threads() == engine.MAX_BLAS_THREADS
    monkeypatch.setattr(pipeline, "USER_BLAS_THREADS", True)
    with engine.analysis_threads():
        assert blas() == 1


@pytest.mark.parametrize("env, users", [
    ({}, False),                                                        # nobody set it: ours (1), raised for -j1
    ({"OPENBLAS_NUM_THREADS": "1"}, True),                              # the user's
    ({"OPENBLAS_NUM_THREADS": "1", "PIPELINE_BLAS_DEFAULT": "1"}, False),  # inherited from a pipeline process
])
def test_whose_blas_setting_it_is(env, users):
    import os

    clean = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                                                                "MKL_NUM_THREADS", "PIPELINE_BLAS_DEFAULT")}
    code = "import os, pipeline; print(pipeline.USER_BLAS_THREADS, os.environ['OPENBLAS_NUM_THREADS'])"
    out = subprocess.run([sys.executable, "-c", code], env=clean | env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == [str(users), "1"]

"""A real Dask cluster: `dask scheduler` and two `dask worker` processes started from another working directory
(no shared folder, no PIPELINE_MODELS), and `pipeline run` from the project's directory with a relative corpus
path and a user models folder. The output must be byte for byte a local run's; a worker killed in the middle
of a run must leave every document analysed or reported."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from .conftest import CORPORA

pytestmark = pytest.mark.slow
distributed = pytest.importorskip("distributed")

DASK = Path(sys.executable).with_name("dask")
CODEBOOK_LINE = '        - "консульство|генконсульство|вице-консульство"'


def _env(tmp: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PIPELINE_MODELS"}
    env["XDG_CACHE_HOME"] = str(tmp / "cache")  # nothing shared with another run through the user cache
    return env


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    where = tmp_path_factory.mktemp("cluster_cwd")  # not the project: a worker resolving a path would fail
    env = _env(where)
    logs = [open(where / f"{name}.log", "w") for name in ("scheduler", "worker1", "worker2")]
    scheduler = subprocess.Popen([str(DASK), "scheduler", "--scheduler-file", "scheduler.json", "--host", "127.0.0.1",
                                  "--port", "0", "--dashboard-address", ":0"], cwd=where, env=env,
                                 stdout=logs[0], stderr=subprocess.STDOUT)
    processes = [scheduler]
    try:
        for _ in range(300):
            if (where / "scheduler.json").exists() and (where / "scheduler.json").stat().st_size:
                break
            time.sleep(0.1)
        address = json.loads((where / "scheduler.json").read_text())["address"]
        workers = [subprocess.Popen([str(DASK), "worker", address, "--nthreads", "1", "--no-nanny", "--host", "127.0.0.1",
                                     "--dashboard-address", ":0"], cwd=where, env=env, stdout=log, stderr=subprocess.STDOUT)
                   for log in logs[1:]]
        processes += workers
        with distributed.Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield SimpleNamespace(address=address, workers=workers, where=where)
    finally:
        for p in reversed(processes):
            p.terminate()
        for p in processes:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
        for log in logs:
            log.close()


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A user's project: the sample corpus and a models folder whose codebook drops «консульство»."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(CORPORA, root / "corpus", ignore=shutil.ignore_patterns(".*"))
    (root / "mymodels").mkdir()
    packaged = (Path(__file__).parents[1] / "pipeline" / "models" / "codebook.yaml").read_text(encoding="utf-8")
    assert CODEBOOK_LINE in packaged
    (root / "mymodels" / "codebook.yaml").write_text(packaged.replace(CODEBOOK_LINE, '        - "вице-консульство"'),
                                                     encoding="utf-8")
    return root


def pipeline_run(project: Path, out: str, *options: str, wait: bool = True):
    command = [sys.executable, "-m", "pipeline", "run", "corpus", "--models", "mymodels", "--out", out, "--quiet",
               "--no-report", "--no-cache", *options]
    process = subprocess.Popen(command, cwd=project, env=_env(project), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    if not wait:
        return process
    stdout, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, stderr[-3000:]
    return stdout


def same_output(a: Path, b: Path) -> list[str]:
    """The files of data/ and text/ that differ between two runs (manifest.json differs by design: engine)."""
    names = sorted({p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()} |
                   {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()})
    return [n for n in names if n.split("/")[0] in ("data", "text")
            and (not (a / n).exists() or not (b / n).exists() or (a / n).read_bytes() != (b / n).read_bytes())]


def test_a_relative_corpus_and_user_models_on_a_cluster_give_the_local_output(cluster, project):
    pipeline_run(project, "out_cluster", "--engine", "dask", "--scheduler", cluster.address)
    pipeline_run(project, "out_local")
    assert same_output(project / "out_local", project / "out_cluster") == []
    formats = (project / "out_cluster" / "data" / "formats.csv").read_text(encoding="utf-8")
    assert "ru_samara_news" in formats and "ru:консульство|" not in formats  # the user's codebook, on the workers
    shipped = json.loads((project / "out_cluster" / "manifest.json").read_text())["cluster"]
    assert shipped["documents_as_bytes"] == len([p for p in CORPORA.iterdir() if not p.name.startswith(".")])
    assert shipped["documents_as_paths"] == 0 and shipped["workers"] == 2 and shipped["workers_lost"] == 0
    assert not any(cluster.where.rglob("*.txt"))  # nothing was copied where the workers run


def test_a_worker_killed_in_the_middle_of_a_run(cluster, project):
    corpus = project / "corpus"
    for copy in range(1, 6):  # 42 documents, long enough to be cut
        for p in sorted(CORPORA.iterdir()):
            if not p.name.startswith("."):
                shutil.copy(p, corpus / f"copy{copy}_{p.name}")
    n = len(list(corpus.iterdir()))
    process = pipeline_run(project, "out_killed", "--engine", "dask", "--scheduler", cluster.address, wait=False)
    with distributed.Client(cluster.address, timeout=60) as client:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and not all(client.processing().values()):
            time.sleep(0.05)
        assert all(client.processing().values()), "the run never kept both workers busy"
    victim = cluster.workers[0]
    victim.send_signal(signal.SIGKILL)
    victim.wait(30)
    stdout, stderr = process.communicate(timeout=600)
    assert process.returncode in (0, 1), stderr[-3000:]
    documents = (project / "out_killed" / "data" / "documents.csv").read_text(encoding="utf-8").splitlines()
    assert len(documents) == n + 1
    errors = (project / "out_killed" / "data" / "errors.csv").read_text(encoding="utf-8").splitlines()[1:]
    failed = [line for line in documents[1:] if ",error," in line]
    assert len(failed) <= len([e for e in errors if ",error," in e])  # a failed document has its error row
    shipped = json.loads((project / "out_killed" / "manifest.json").read_text())["cluster"]
    assert shipped["workers_lost"] == 1
    if not failed:  # Dask ran the dead worker's documents on the other one: the output is the local run's
        pipeline_run(project, "out_killed_local")
        assert same_output(project / "out_killed_local", project / "out_killed") == []

"""OUT, signals and workers under fault: whose files the pipeline may touch, two runs into one folder, a kill
at any instant of the switch, Ctrl-C and SIGTERM, a worker killed, a slow document on Dask, a full disk and a
folder it cannot write. Issue 15, rows 3 and 8–13, 20, 21; item 10 (every command answers bad input in one line)."""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipeline.batch.runner import run, write_reports
from pipeline.output.export import RunWriter
from pipeline.output.outdir import Output, OutputError

from ..conftest import CORPORA, ROOT, rows, run_files

pytestmark = pytest.mark.slow

SAMPLE = ["ru_altai_mongolia.txt", "en_central_asia_corridors.txt"]
VISIBLE = ("data", "text", "manifest.json", "report.html", "report.md", "datapackage.json")


def corpus_of(folder: Path, names=SAMPLE) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(CORPORA / name, folder / name)
    return folder


def cli(*args, timeout=600, **kwargs) -> subprocess.CompletedProcess:
    """`python -m pipeline ARGS` as a user runs it (main(): messages and exit codes)."""
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, **kwargs)


def one_line_error(result: subprocess.CompletedProcess, code: int = 2) -> str:
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), result.stderr
    return lines[0]


def consistent(out: Path) -> None:
    """What a reader of OUT sees is one complete run: every visible part comes from the same generation, and
    the manifest counts the documents that documents.csv lists."""
    gens = {(out / name).resolve().parent for name in VISIBLE if (out / name).exists()}
    assert len(gens) == 1, gens
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["documents"] == len(rows(out, "documents"))
    for doc in rows(out, "documents"):
        if doc["status"] == "ok":
            assert (out / "text" / f"{doc['doc_id']}.txt").is_file(), doc["doc_id"]


@pytest.fixture(scope="module")
def finished(tmp_path_factory, stages):
    """A finished run with its report over the sample, and its corpus."""
    root = tmp_path_factory.mktemp("finished")
    corpus = corpus_of(root / "corpus")
    out = root / "out"
    run(corpus, out, quiet=True, stages=stages, cache=out / ".cache.sqlite", report=True)
    return corpus, out


def copy_run(out: Path, to: Path) -> Path:
    shutil.copytree(out, to, symlinks=True)
    return to


# ---------------------------------------------------------------- row 3: whose files

def test_a_folder_of_the_users_is_refused_and_left_as_it_was(tmp_path, stages):
    out = tmp_path / "out"
    (out / "data").mkdir(parents=True)
    (out / "data" / "my_survey.csv").write_text("id,answer\n1,yes\n", encoding="utf-8")
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(OutputError, match="did not write"):
        run(corpus_of(tmp_path / "corpus"), out, quiet=True, stages=stages)
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_force_moves_what_is_in_the_way_aside_and_deletes_nothing(tmp_path, stages):
    out = tmp_path / "out"
    (out / "data").mkdir(parents=True)
    (out / "data" / "my_survey.csv").write_text("id,answer\n1,yes\n", encoding="utf-8")
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    run(corpus_of(tmp_path / "corpus"), out, quiet=True, stages=stages, overwrite=True)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "my notes"  # not in the way: untouched
    aside = list(out.glob(".replaced-*"))
    assert len(aside) == 1 and (aside[0] / "data" / "my_survey.csv").read_text(encoding="utf-8") == "id,answer\n1,yes\n"
    assert len(rows(out, "documents")) == len(SAMPLE)


def test_the_cli_refuses_a_folder_of_the_users_in_one_line(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"mine")
    line = one_line_error(cli("run", corpus_of(tmp_path / "corpus"), "--out", out, "-q", "--no-report"))
    assert "--force" in line and (out / "thesis.docx").read_bytes() == b"mine"


def test_a_file_of_the_users_put_among_the_links_is_kept(tmp_path, stages, finished):
    _, done = finished
    out = copy_run(done, tmp_path / "out")
    (out / "report.md").unlink()
    (out / "report.md").write_text("my own notes", encoding="utf-8")
    run(corpus_of(tmp_path / "corpus"), out, quiet=True, stages=stages, report=True)
    assert (out / "report.md").is_symlink()
    assert [p.read_text(encoding="utf-8") for p in out.glob(".replaced-*/report.md")] == ["my own notes"]


def test_a_folder_with_only_a_gitkeep_is_empty(tmp_path, stages):
    """The project's own reports/ holds `.gitkeep`: the README's first command writes there."""
    out = tmp_path / "reports"
    out.mkdir()
    (out / ".gitkeep").write_bytes(b"")
    run(corpus_of(tmp_path / "corpus"), out, quiet=True, stages=stages)
    assert (out / ".gitkeep").is_file() and len(rows(out, "documents")) == len(SAMPLE)


def test_a_run_of_the_previous_layout_is_ours_and_is_replaced(tmp_path, stages):
    """OUT written by pipeline 0.2 (real data/, text/, manifest.json) is a previous run, not the user's."""
    out = tmp_path / "out"
    (out / "data").mkdir(parents=True)
    (out / "data" / "documents.csv").write_text("doc_id\nold\n", encoding="utf-8")
    (out / "manifest.json").write_text(json.dumps({"pipeline": "0.2.0", "documents": 1}), encoding="utf-8")
    run(corpus_of(tmp_path / "corpus"), out, quiet=True, stages=stages)
    assert (out / "data").is_symlink() and len(rows(out, "documents")) == len(SAMPLE)


# ---------------------------------------------------------------- row 8: two runs into one OUT

def test_a_second_run_into_the_same_folder_is_refused_while_the_first_writes(tmp_path, stages, finished):
    _, done = finished
    out = copy_run(done, tmp_path / "out")
    before = run_files(out, VISIBLE)
    with Output(out):  # the first run, holding OUT
        with pytest.raises(OutputError, match="is being written by pid"):
            run(corpus_of(tmp_path / "corpus"), out, quiet=True, stages=stages)
        with pytest.raises(OutputError, match="is being written by pid"):
            write_reports(out)
    assert run_files(out, VISIBLE) == before
    run(corpus_of(tmp_path / "corpus"), out, quiet=True, stages=stages)  # free again once the first is done


def test_two_cli_runs_at_once_one_waits_its_turn_in_one_line(tmp_path):
    corpus = corpus_of(tmp_path / "corpus", SAMPLE * 1 + ["ru_samara_news.html"])
    out = tmp_path / "out"
    first = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "-q", "-j1"],
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for _ in range(600):  # until the first holds the lock
        if (out / ".lock").exists() and (out / ".lock").read_text().startswith("pid"):
            break
        time.sleep(0.05)
    second = cli("run", corpus, "--out", out, "-q", "-j1")
    assert first.wait(timeout=600) == 0, first.stderr.read()
    assert "is being written by pid" in one_line_error(second)
    consistent(out)


# ---------------------------------------------------------------- row 9: a kill at any instant

FILE_OPS = ("rename", "replace", "symlink", "unlink", "rmdir", "link", "mkdir")


def _killed_child(n: int, corpus: Path, out: Path, stages, counter: Path | None = None) -> int:
    """Fork; in the child, count the file-system operations on OUT outside a generation being written and
    SIGKILL itself at the n-th (with `counter`: count them all, write the count, exit normally)."""
    pid = os.fork()
    if pid:
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status)
    code = 0
    try:
        calls = [0]
        real = {name: getattr(os, name) for name in FILE_OPS}

        def hooked(name):
            def op(*args, **kwargs):
                if any(isinstance(a, (str, Path)) and str(a).startswith(str(out)) for a in args):
                    calls[0] += 1
                    if counter is None and calls[0] == n:
                        os.kill(os.getpid(), signal.SIGKILL)
                return real[name](*args, **kwargs)
            return op

        for name in FILE_OPS:
            setattr(os, name, hooked(name))
        (corpus / SAMPLE[0]).write_text(f"Омская область и Казахстан подписали соглашение в {2000 + n} году.\n",
                                        encoding="utf-8")
        run(corpus, out, quiet=True, stages=stages, cache=out / ".cache.sqlite", report=True)
        if counter is not None:
            counter.write_text(str(calls[0]))
    except BaseException:
        code = 3
    finally:
        os._exit(code)


def test_a_kill_at_every_rename_and_write_leaves_the_old_run_or_the_new_one(tmp_path, stages, finished):
    """SIGKILL at each file-system operation a run makes on OUT (the generation's own writes are sampled):
    OUT shows one complete run, and the next run works."""
    src, done = finished
    corpus = shutil.copytree(src, tmp_path / "corpus")
    counter = tmp_path / "count"
    assert _killed_child(0, corpus, copy_run(done, tmp_path / "dry"), stages, counter) == 0
    total = int(counter.read_text())
    assert total > 20
    gen_ops = range(10, total - 12)  # inside the new generation: a sample of them, the switch and after: all
    points = sorted(set(range(1, 10, 2)) | set(random.Random(15).sample(gen_ops, min(4, len(gen_ops))))
                    | set(range(total - 12, total + 1)))
    old = run_files(done, ("data", "text"))
    for n in points:
        out = copy_run(done, tmp_path / f"out{n}")
        assert _killed_child(n, corpus, out, stages) == -signal.SIGKILL, n
        consistent(out)
        now = run_files(out, ("data", "text"))
        dates = "".join(r["text"] for r in rows(out, "dates"))
        assert now == old or str(2000 + n) in dates, n  # the old run, or the new one whole
    out = tmp_path / f"out{points[len(points) // 2]}"
    run(corpus, out, quiet=True, stages=stages, cache=out / ".cache.sqlite", report=True)
    consistent(out)
    assert len(list((out / ".runs").iterdir())) == 1  # what the killed run left is gone


def test_sigkill_at_random_instants_leaves_a_complete_run(tmp_path, stages, finished):
    src, done = finished
    corpus = shutil.copytree(src, tmp_path / "corpus")
    rng = random.Random(9)
    for i in range(5):
        out = copy_run(done, tmp_path / f"out{i}")
        pid = os.fork()
        if pid == 0:
            try:
                (corpus / SAMPLE[1]).write_text(f"Cooperation of Omsk and Pavlodar in {1990 + i}.\n", encoding="utf-8")
                run(corpus, out, quiet=True, stages=stages, cache=out / ".cache.sqlite", report=True)
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0.05, 2.5))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        consistent(out)


# ---------------------------------------------------------------- row 10: Ctrl-C in the report

def test_ctrl_c_during_the_report_keeps_the_previous_run_whole(tmp_path, stages, finished, monkeypatch):
    src, done = finished
    corpus = shutil.copytree(src, tmp_path / "corpus")
    out = copy_run(done, tmp_path / "out")
    before = run_files(out, VISIBLE + ("figures", "report"))
    (corpus / SAMPLE[0]).write_text("Новый текст об Омске и Павлодаре 2023 года.\n", encoding="utf-8")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("pipeline.results.report.write_report", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run(corpus, out, quiet=True, stages=stages, cache=out / ".cache.sqlite", report=True)
    with pytest.raises(KeyboardInterrupt):
        write_reports(out)
    assert run_files(out, VISIBLE + ("figures", "report")) == before
    assert len(list((out / ".runs").iterdir())) == 1


# ---------------------------------------------------------------- rows 11–13: workers and signals

def test_a_killed_worker_costs_no_document(tmp_path, stages):
    """The OOM killer takes a worker mid-document: the pool starts again, the documents in flight are
    analysed one at a time, and the output is the same as without the kill."""
    from pipeline.batch.engine import Workers

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(3):
        for name in SAMPLE + ["ru_samara_news.html"]:
            shutil.copy(CORPORA / name, corpus / f"{i}_{name}")
    run(corpus, tmp_path / "alone", quiet=True, stages=stages)
    with Workers(2) as pool:
        victim = next(iter(pool.executor._processes))
        killer = threading.Timer(0.5, os.kill, (victim, signal.SIGKILL))
        killer.start()
        summary = run(corpus, tmp_path / "out", quiet=True, pool=pool)
        killer.join()
        assert pool.restarts == 1
    assert summary.failed == 0
    assert run_files(tmp_path / "out") == run_files(tmp_path / "alone")


def test_a_worker_killed_before_the_run_sends_anything_costs_no_document(tmp_path, stages):
    """A worker dies before the run sends it a document (on a slow machine the OOM killer's moment in the test above
    came while the first ones were being sent): the pool starts again instead of the run failing on its first
    send."""
    from pipeline.batch.engine import Workers

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in SAMPLE:
        shutil.copy(CORPORA / name, corpus / name)
    run(corpus, tmp_path / "alone", quiet=True, stages=stages)
    with Workers(2) as pool:
        os.kill(next(iter(pool.executor._processes)), signal.SIGKILL)
        deadline = time.monotonic() + 60
        while not pool.executor._broken and time.monotonic() < deadline:  # the executor notices the death
            time.sleep(0.05)
        assert pool.executor._broken
        summary = run(corpus, tmp_path / "out", quiet=True, pool=pool)
        assert pool.restarts == 1
    assert summary.failed == 0
    assert run_files(tmp_path / "out") == run_files(tmp_path / "alone")


def light_ready(codebook, max_memory=0):
    """A pool's warm-up without the models (a worker of the test below needs none)."""
    time.sleep(0.2)
    return os.getpid()


def dies_on_killer(task):
    """A worker's task that kills its process for the document `killer`, every time (a document that
    exhausts memory in C code, say)."""
    doc_id = task[0]
    if doc_id == "killer":
        os._exit(9)
    if doc_id == "unpicklable":  # lxml's error log in an exception, say: it cannot cross back
        return threading.Lock(), None, None, {}
    time.sleep(0.1)
    return doc_id, None, None, {}


def test_the_document_that_kills_its_worker_gets_an_error_row_and_the_others_their_results(tmp_path, monkeypatch):
    from pipeline.batch import engine

    monkeypatch.setattr(engine, "_ready", light_ready)
    monkeypatch.setattr(engine, "analyse_file", dies_on_killer)
    items = [(name, tmp_path / f"{name}.txt") for name in ("a", "b", "killer", "c", "unpicklable", "e")]
    with engine.Workers(2) as pool:
        results = list(pool.analyse(items, None, False, {}))
        assert pool.restarts == 2  # the crash among four in flight, then the killer alone
    assert [r[0] if isinstance(r[0], str) else r[0].doc_id for r in results] == [name for name, _ in items]
    assert [r[1][0] if r[1] else None for r in results] == [None, None, "E015", None, "E100", None]
    assert results[2][0].status == "error" and "worker" in results[2][1][1]


def test_sigterm_stops_the_workers_and_keeps_the_previous_run(tmp_path, finished):
    _, done = finished
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(6):
        shutil.copy(CORPORA / SAMPLE[0], corpus / f"{i}.txt")
        (corpus / f"{i}.txt").write_text((CORPORA / SAMPLE[0]).read_text(encoding="utf-8") * (i + 1), encoding="utf-8")
    out = copy_run(done, tmp_path / "out")
    before = run_files(out, VISIBLE)
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "-q", "-j2",
                             "--no-cache"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    children: set[int] = set()
    deadline = time.time() + 300
    while len(children) < 2 and time.time() < deadline:  # until both workers run
        time.sleep(0.2)
        try:
            children = {int(p) for p in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()}
        except OSError:
            break
    time.sleep(3)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 143, proc.stderr.read()
    assert "terminated" in proc.stderr.read()
    time.sleep(1)
    alive = [pid for pid in children if Path(f"/proc/{pid}").exists()
             and Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"]
    assert not alive
    assert run_files(out, VISIBLE) == before


def test_the_timeout_holds_on_dask(tmp_path):
    pytest.importorskip("dask.distributed")
    from pipeline.core.limits import Limits

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (CORPORA / SAMPLE[0]).read_text(encoding="utf-8")
    (corpus / "slow.txt").write_text(text * 40, encoding="utf-8")
    (corpus / "fine.txt").write_text(text, encoding="utf-8")
    t = time.perf_counter()
    summary = run(corpus, tmp_path / "out", quiet=True, engine="dask", workers=1, limits=Limits(timeout=2))
    assert time.perf_counter() - t < 120
    assert {r["doc_id"]: r["code"] for r in rows(tmp_path / "out", "errors")} == {"slow": "E012"}
    assert summary.failed == 1


# ---------------------------------------------------------------- rows 20, 21: full disk, a folder it cannot write

@pytest.fixture
def tmpfs(tmp_path):
    """A 3 MB file system of its own (root can mount one): a real full disk."""
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
                                           capture_output=True).returncode:
        pytest.skip("needs root and mount(8) for a small file system; CI has both")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_one_line_and_keeps_the_previous_run(tmp_path, tmpfs, finished):
    _, done = finished
    out = tmpfs / "out"
    shutil.copytree(done, out, symlinks=True, ignore=shutil.ignore_patterns(".cache.sqlite*", "report", "figures"))
    before = run_files(out, ("data", "text", "manifest.json"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (CORPORA / SAMPLE[0]).read_text(encoding="utf-8")
    for i in range(40):
        (corpus / f"{i}.txt").write_text(f"{text}\nДокумент {i}.\n", encoding="utf-8")
    line = one_line_error(cli("run", corpus, "--out", out, "-q", "-j1", "--no-cache"))
    assert "disk is full" in line
    assert run_files(out, ("data", "text", "manifest.json")) == before
    assert [p.name for p in (out / ".runs").iterdir()] == [(out / "current").resolve().name]


def test_a_full_disk_mid_run_in_process(tmp_path, stages, monkeypatch, finished):
    _, done = finished
    out = copy_run(done, tmp_path / "out")
    before = run_files(out, VISIBLE)
    written = []

    def full(self, doc):
        written.append(doc)
        raise OSError(errno.ENOSPC, "No space left on device", str(self.stage / "data" / "tokens.csv"))

    monkeypatch.setattr(RunWriter, "write", full)
    with pytest.raises(OutputError, match="disk is full"):
        run(corpus_of(tmp_path / "corpus"), out, quiet=True, stages=stages)
    assert written and run_files(out, VISIBLE) == before
    assert len(list((out / ".runs").iterdir())) == 1


def test_a_read_only_folder_is_one_line(tmp_path, tmpfs):
    corpus = corpus_of(tmp_path / "corpus")
    (tmpfs / "ro").mkdir()
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    line = one_line_error(cli("run", corpus, "--out", tmpfs / "ro" / "out", "-q"))
    assert "Read-only" in line or "cannot" in line


def test_an_output_folder_under_a_file_is_one_line(tmp_path):
    (tmp_path / "file.txt").write_text("x")
    one_line_error(cli("run", corpus_of(tmp_path / "corpus"), "--out", tmp_path / "file.txt" / "out", "-q"))


# ---------------------------------------------------------------- item 10: every command, bad input

def test_every_command_answers_bad_input_in_one_line(tmp_path, finished):
    _, done = finished
    not_a_run = tmp_path / "not_a_run"
    not_a_run.mkdir()
    (not_a_run / "x.txt").write_text("x")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("this is not json\n", encoding="utf-8")
    wrong = tmp_path / "wrong.jsonl"
    wrong.write_text("[1, 2, 3]\n", encoding="utf-8")
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    codebook = tmp_path / "codebook.yaml"
    codebook.write_text("formats: [unclosed\n", encoding="utf-8")
    cases = [
        ("report", not_a_run), ("kwic", "россия", "--out", not_a_run), ("eval", gold), ("eval", wrong),
        ("eval", binary), ("codebook", "check", codebook), ("kwic", "россия", "--out", done, "--csv", tmp_path / "file.txt" / "k.csv"),
    ]
    (tmp_path / "file.txt").write_text("x")
    for args in cases:
        one_line_error(cli(*args))

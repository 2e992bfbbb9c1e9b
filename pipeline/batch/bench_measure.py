"""The benchmark's children: one job per Python subprocess (`_spawn`), each with a clean peak RSS; and
`pipeline run` in a new process (`_pipeline_run`)."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .bench_corpus import ROOT, read_texts

CODEBOOK_STAGES = ("formats", "events")


def _hwm_kib() -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _rss() -> dict:
    return {
        "self_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "children_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        "vmhwm_kib": _hwm_kib(),
    }


def _child_natasha(spec: dict) -> dict:
    from natasha import (
        Doc,
        MorphVocab,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        NewsSyntaxParser,
        Segmenter,
    )

    texts = read_texts(Path(spec["corpus"]))
    t = time.perf_counter()
    segmenter, emb = Segmenter(), NewsEmbedding()
    morph_tagger, syntax_parser, ner_tagger = NewsMorphTagger(emb), NewsSyntaxParser(emb), NewsNERTagger(emb)
    morph_vocab = MorphVocab()
    load = time.perf_counter() - t
    times, tokens = [], 0
    for _ in range(spec["repeats"]):
        tokens = 0
        t = time.perf_counter()
        for text in texts:
            doc = Doc(text)
            doc.segment(segmenter)
            doc.tag_morph(morph_tagger)
            doc.parse_syntax(syntax_parser)
            doc.tag_ner(ner_tagger)
            for token in doc.tokens:
                token.lemmatize(morph_vocab)
            for span in doc.spans:
                span.normalize(morph_vocab)
            tokens += len(doc.tokens)
        times.append(time.perf_counter() - t)
    return {"load_seconds": load, "seconds": times, "natasha_tokens": tokens, "texts": len(texts)}


def _child_single(spec: dict) -> dict:
    """Models built once (untimed), then `run(..., workers=1, cache=None, stages=stages)` timed, repeated."""
    from .assemble import build_stages
    from .runner import run

    t = time.perf_counter()
    stages = build_stages()
    load = time.perf_counter() - t
    times, summary, first_hwm = [], None, None
    for i in range(spec["repeats"]):
        out = Path(spec["work"]) / f"out{i}"
        t = time.perf_counter()
        summary = run(Path(spec["corpus"]), out, quiet=True, stages=stages)
        times.append(time.perf_counter() - t)
        if first_hwm is None:
            first_hwm = _hwm_kib() or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        shutil.rmtree(out, ignore_errors=True)
    return {"load_seconds": load, "seconds": times, "tokens": summary.tokens, "documents": summary.documents,
            "failed": summary.failed, "first_run_peak_kib": first_hwm}


def _child_workers(spec: dict) -> dict:
    """Throughput with N workers, the models loaded before timing (as in `_child_single`): one process
    with built stages for N = 1, a started `Workers(N)` pool for N > 1; `run` timed `repeats` times."""
    from .assemble import build_stages
    from .engine import Workers
    from .runner import run

    t = time.perf_counter()
    if spec["workers"] == 1:
        pool, kwargs = None, {"stages": build_stages(), "workers": 1}
    else:
        pool = Workers(spec["workers"]).start()
        kwargs = {"pool": pool}
    start = time.perf_counter() - t
    times, summary = [], None
    try:
        for i in range(spec["repeats"]):
            out = Path(spec["work"]) / f"out{i}"
            t = time.perf_counter()
            summary = run(Path(spec["corpus"]), out, quiet=True, **kwargs)
            times.append(time.perf_counter() - t)
            shutil.rmtree(out, ignore_errors=True)
    finally:
        if pool is not None:
            pool.close()
    return {"start_seconds": start, "seconds": times, "tokens": summary.tokens, "documents": summary.documents}


def _child_big(spec: dict) -> dict:
    """The same procedure as the first run of `_child_single`: build the models, run once with 1 worker."""
    from .assemble import build_stages
    from .runner import run

    stages = build_stages()
    t = time.perf_counter()
    summary = run(Path(spec["corpus"]), Path(spec["work"]) / "out", quiet=True, stages=stages)
    seconds = time.perf_counter() - t
    return {"seconds": seconds, "tokens": summary.tokens, "documents": summary.documents}


def _spin(n: int) -> float:
    t = time.perf_counter()
    x = 0
    for i in range(n):
        x += i * i % 7
    return time.perf_counter() - t


def _child_ceiling(spec: dict) -> dict:
    """What the machine gives two processes of plain Python: a loop alone, then two copies at once."""
    import concurrent.futures as cf
    import multiprocessing

    n = spec["loops"]
    alone = min(_spin(n) for _ in range(2))
    with cf.ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(_spin, [1000, 1000]))  # both workers up
        start = time.perf_counter()
        each = list(pool.map(_spin, [n, n]))
        wall = time.perf_counter() - start
    return {"alone": alone, "each_of_two": each, "wall_two": wall}


def _child_cache(spec: dict) -> dict:
    """One `pipeline run` with the cache, timed end to end inside the process (models included: a
    runner that skips building them when everything is cached gets the credit)."""
    from .runner import run

    t = time.perf_counter()
    summary = run(Path(spec["corpus"]), Path(spec["out"]), quiet=True, workers=1, cache=Path(spec["cache"]))
    return {"seconds": time.perf_counter() - t, "documents": summary.documents}


CHILDREN = {"natasha": _child_natasha, "single": _child_single, "workers": _child_workers, "big": _child_big,
            "cache": _child_cache, "ceiling": _child_ceiling}


def _child(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    result = CHILDREN[spec["kind"]](spec)
    result["rss"] = _rss()
    Path(spec["result"]).write_text(json.dumps(result), encoding="utf-8")


def _child_env() -> dict:
    """This environment with the package's folder first on PYTHONPATH, for the processes the bench starts."""
    return dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))


def _spawn(kind: str, work: Path, **spec) -> dict:
    """Run one child; its result, plus the kernel's peak RSS of it and its descendants (wait4)."""
    work.mkdir(parents=True, exist_ok=True)
    spec = {"kind": kind, "work": str(work), "result": str(work / "result.json"), **spec}
    (work / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    env = _child_env()
    code = "import sys; from pipeline.batch.bench_measure import _child; _child(sys.argv[1])"
    with open(work / "stdout.txt", "wb") as out, open(work / "stderr.txt", "wb") as err:
        proc = subprocess.Popen([sys.executable, "-c", code, str(work / "spec.json")], stdout=out, stderr=err,
                                env=env, cwd=str(ROOT))
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = (work / "stderr.txt").read_text(encoding="utf-8", errors="replace")[-2000:]
        raise RuntimeError(f"bench child {kind!r} failed (exit {proc.returncode}):\n{tail}")
    result = json.loads((work / "result.json").read_text(encoding="utf-8"))
    result["rss"]["wait4_kib"] = usage.ru_maxrss
    return result


def _pipeline_run(corpus: Path, out: Path) -> dict:
    """`pipeline run CORPUS --out OUT --no-cache` in a new process: its wall time and codebook stage seconds."""
    env = _child_env()
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--no-cache", "--quiet"],
                   env=env, cwd=str(ROOT), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - t
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    spent = {k: v for k, v in manifest.get("stage_seconds", {}).items() if k in CODEBOOK_STAGES}
    shutil.rmtree(out, ignore_errors=True)
    return {"seconds": seconds, "stage_seconds": spent}

"""`pipeline bench`: speed, parallel speed-up, memory and cache reuse of the pipeline on one corpus.

Every measurement runs in its own Python subprocess, so each has a clean peak RSS and nothing one
measurement loads (models, caches) helps the next. A child gets a JSON spec, does one job and writes
its result to a JSON file; the parent also reads the child's rusage (os.wait4) as a cross-check.

Measurements (OUT/bench.json, returned by `bench`):

    speed          tokens/s of the full pipeline (1 process, models built before timing) ÷ tokens/s of
                   bare natasha's full analysis on the same texts; one token count for both
    workers        wall time with 1 worker ÷ with 2 workers, models loaded on both sides before timing;
                   beside it, the same ratio for a plain Python loop (what the machine's cores allow)
    peak_rss       peak RSS of one worker (the process itself when workers=1)
    peak_rss_16x   peak RSS of a single-process run on a corpus of 16 copies ÷ the 1× run
    rerun          time of an unchanged rerun with the SQLite cache ÷ time of the first run
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .bench_corpus import (
    CORPORA,
    _materialise,
    _multiply,
    default_corpus,
    razdel_tokens,
    read_texts,
)
from .bench_measure import _pipeline_run, _spawn

MB = 1_000_000  # peak RSS is reported in MB = 10^6 bytes (ru_maxrss is KiB on Linux)
COPIES = 16

# key → (what, target as text, comparison, threshold); `value` of each measurement is compared
TARGETS = {
    "speed": ("pipeline speed ÷ bare natasha", "≥ 1.0×", ">=", 1.0),
    "workers": ("speed-up, 2 workers ÷ 1", "≥ 1.8×", ">=", 1.8),
    "peak_rss": ("peak RSS per worker", "≤ 600 MB", "<=", 600.0),
    "peak_rss_16x": ("peak RSS, 16× corpus ÷ 1×", "≤ 1.2×", "<=", 1.2),
    "rerun": ("unchanged rerun ÷ first run", "≤ 5 %", "<=", 0.05),
    "codebook_share": ("formats + events ÷ `pipeline run`, sample corpus", "≤ 15 %", "<=", 0.15),
}
CODEBOOK_STAGES = ("formats", "events")
MEASUREMENTS = list(TARGETS)


# ---------------------------------------------------------------- the benchmark

def machine_info() -> dict:
    info = {
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
    }
    if hasattr(os, "getloadavg"):  # other work on the machine during the bench makes every timing noisy
        info["loadavg_1_5_15"] = [round(x, 2) for x in os.getloadavg()]
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory_total_mb"] = round(int(line.split()[1]) * 1024 / MB)
    except OSError:
        pass
    from importlib import metadata

    for name in ("natasha", "slovnet", "spacy", "pipeline"):
        try:
            info[f"{name}_version"] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return info


def _mb(kib: int | None) -> float | None:
    return None if kib is None else round(kib * 1024 / MB, 1)


def _judge(key: str, value) -> bool | None:
    if value is None:
        return None
    _, _, op, threshold = TARGETS[key]
    return value >= threshold if op == ">=" else value <= threshold


def _measurement(key: str, value, unit: str, note: str = "", **details) -> dict:
    what, target, op, threshold = TARGETS[key]
    value = None if value is None else round(value, 4)
    return {"what": what, "value": value, "unit": unit, "target": target, "target_op": op,
            "target_value": threshold, "pass": _judge(key, value), "note": note, **details}


def bench(corpus: Path | None = None, out: Path | None = None, quick: bool = False) -> dict:
    """Measure everything on `corpus` (default: `default_corpus()`); write OUT/bench.json and return it.

    `quick` runs every timing once (no warm-up run) — for tests; the numbers are noisier.
    """
    out = Path(out) if out is not None else Path("reports")
    repeats = 1 if quick else 3
    started = time.time()
    load_before = [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None
    tmp = Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    try:
        if corpus is None:
            corpus = _materialise(default_corpus(tmp / "sources"), tmp / "corpus")
            corpus_label = "default: corpora/ + ../shared/eval/factru-dev.jsonl texts + ../shared/seed/*.txt"
        else:
            corpus = Path(corpus)
            corpus_label = str(corpus)
        from ..ingest.discovery import discover

        files = discover(corpus)
        if not files:
            raise ValueError(f"no files in {corpus}")
        texts = read_texts(corpus)
        token_count = razdel_tokens(texts)
        measurements = _measure(corpus, tmp, token_count, repeats, quick)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    result = {
        "bench": 1,
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "seconds": round(time.time() - started, 1),
        "quick": quick,
        "machine": machine_info() | {"loadavg_at_start": load_before},
        "corpus": {"path": corpus_label, "files": len(files), "texts_read": len(texts),
                   "characters": sum(len(t) for t in texts), "razdel_tokens": token_count},
        "measurements": measurements,
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return result


def _measure(corpus: Path, tmp: Path, token_count: int, repeats: int, quick: bool) -> dict:
    """Every measurement, in order, each child in its own subprocess."""
    # 1 + 3 (workers=1): the full pipeline in one process, models built outside the timing
    single = _spawn("single", tmp / "single", corpus=str(corpus), repeats=repeats)
    nat = _spawn("natasha", tmp / "natasha", corpus=str(corpus), repeats=repeats)
    speed = _speed(single, nat, token_count, repeats)
    # 2: 2 workers against 1, models loaded on both sides before timing
    w1 = _spawn("workers", tmp / "workers1", corpus=str(corpus), workers=1, repeats=repeats)
    w2 = _spawn("workers", tmp / "workers2", corpus=str(corpus), workers=2, repeats=2 * repeats)
    ceiling = _spawn("ceiling", tmp / "ceiling", loops=3_000_000 if quick else 15_000_000)
    workers = _workers(single, w1, w2, ceiling, repeats)
    return {"speed": speed, "workers": workers, "peak_rss": _peak_rss(single, nat, w1, w2, repeats),
            "peak_rss_16x": _peak_rss_16x(corpus, tmp, single, quick), "rerun": _rerun(corpus, tmp),
            "codebook_share": _codebook_share(tmp, repeats)}


def _speed(single: dict, nat: dict, token_count: int, repeats: int) -> dict:
    """1: tokens/s of the pipeline ÷ tokens/s of bare natasha, one token count for both."""
    p_sec, n_sec = min(single["seconds"]), min(nat["seconds"])
    p_rate, n_rate = token_count / p_sec, token_count / n_sec
    return _measurement(
        "speed", p_rate / n_rate, "×",
        note=(f"best of {repeats} timed run(s) each; models built once before timing on both sides; the "
              "pipeline's time is run() on the corpus (reading files and writing outputs included), natasha's "
              "is the analysis of the texts already read"),
        pipeline_tokens_per_s=round(p_rate, 1), natasha_tokens_per_s=round(n_rate, 1),
        pipeline_seconds=round(p_sec, 3), natasha_seconds=round(n_sec, 3),
        pipeline_seconds_all=[round(s, 3) for s in single["seconds"]],
        natasha_seconds_all=[round(s, 3) for s in nat["seconds"]],
        token_count=token_count,
        token_count_source=("razdel.tokenize tokens of the texts as the pipeline reads them "
                            "(pipeline.ingest.readers.read_document(...).raw), counted once; the same count "
                            "divides both times"),
        pipeline_summary_tokens=single["tokens"], natasha_doc_tokens=nat["natasha_tokens"],
        pipeline_model_load_seconds=round(single["load_seconds"], 3),
        natasha_model_load_seconds=round(nat["load_seconds"], 3),
        natasha_analysis="Doc, segment, tag_morph, parse_syntax, tag_ner, token.lemmatize, span.normalize "
                         "(natasha's MorphVocab)",
    )


def _workers(single: dict, w1: dict, w2: dict, ceiling: dict, repeats: int) -> dict:
    """2: wall time with 1 worker ÷ with 2, beside the same ratio for a plain Python loop."""
    # the 1-worker runs of the speed measurement follow the same procedure: best of all 2 × repeats
    t1, t2 = min(w1["seconds"] + single["seconds"]), min(w2["seconds"])
    return _measurement(
        "workers", t1 / t2, "×",
        note=(f"best of {2 * repeats} timed run(s) each (timings on a shared machine vary by ~10 %; the best "
              "is the least disturbed): 1 worker = run() in a process whose models are built (these runs and "
              "those of the speed measurement); 2 workers = run(pool=Workers(2)) with both workers started and their models built. "
              "Starting is reported apart (start_seconds): it is paid once per `pipeline run`, not per document. "
              f"Machine has {os.cpu_count()} CPUs."),
        seconds_1_worker=round(t1, 3), seconds_2_workers=round(t2, 3),
        seconds_all_1_worker=[round(s, 3) for s in w1["seconds"]],
        seconds_all_2_workers=[round(s, 3) for s in w2["seconds"]],
        start_seconds_1_worker=round(w1["start_seconds"], 3), start_seconds_2_workers=round(w2["start_seconds"], 3),
        speedup_first_run_with_start=round((w1["start_seconds"] + w1["seconds"][0])
                                           / (w2["start_seconds"] + w2["seconds"][0]), 4),
        machine_ceiling=round(2 * ceiling["alone"] / ceiling["wall_two"], 4),
        machine_ceiling_note=("the same measure for a plain Python loop (no I/O, no shared data): 2 × its time "
                              "alone ÷ the wall time of two copies at once in two processes; what this "
                              "machine's cores give two busy processes"),
    )


def _peak_rss(single: dict, nat: dict, w1: dict, w2: dict, repeats: int) -> dict:
    """3: peak RSS per worker."""
    per_worker = {"1": single["rss"]["vmhwm_kib"] or single["rss"]["self_kib"], "2": w2["rss"]["children_kib"]}
    return _measurement(
        "peak_rss", _mb(max(per_worker.values())), "MB",
        note=(f"workers=1: peak RSS (VmHWM) of the process that built the models and ran the pipeline {repeats} "
              "time(s); workers=2: the largest ru_maxrss among the worker processes (RUSAGE_CHILDREN of the "
              "run's process, read after the pool has ended). MB = 10^6 bytes."),
        per_worker_kib=per_worker,
        parent_kib_2_workers=w2["rss"]["vmhwm_kib"] or w2["rss"]["self_kib"],
        wait4_kib={"single": single["rss"]["wait4_kib"], "natasha": nat["rss"]["wait4_kib"],
                   "workers1": w1["rss"]["wait4_kib"], "workers2": w2["rss"]["wait4_kib"]},
        natasha_peak_mb=_mb(nat["rss"]["vmhwm_kib"] or nat["rss"]["self_kib"]),
    )


def _peak_rss_16x(corpus: Path, tmp: Path, single: dict, quick: bool) -> dict:
    """4: peak RSS at 16× the corpus, workers=1."""
    copies = 4 if quick else COPIES
    big_corpus = _multiply(corpus, tmp / "corpus16", copies)
    big = _spawn("big", tmp / "big", corpus=str(big_corpus))
    big_kib = big["rss"]["vmhwm_kib"] or big["rss"]["self_kib"]
    base_kib = single["first_run_peak_kib"]
    peak_16x = _measurement(
        "peak_rss_16x", big_kib / base_kib, "×",
        note=(f"{copies} copies of every file (copy00/ … copy{copies - 1:02d}/), one process: build the models, "
              "run once with workers=1; compared with the peak RSS after the first run of the 1× "
              "measurement (same procedure)" + (f"; quick: {copies} copies instead of {COPIES}" if quick else "")),
        copies=copies,
        peak_mb=_mb(big_kib), base_peak_mb=_mb(base_kib), documents=big["documents"],
        tokens=big["tokens"], seconds=round(big["seconds"], 3),
    )
    shutil.rmtree(big_corpus, ignore_errors=True)
    return peak_16x


def _rerun(corpus: Path, tmp: Path) -> dict:
    """5: unchanged rerun with the cache."""
    cache = tmp / "cache.sqlite"
    run_out = tmp / "cache_out"
    first = _spawn("cache", tmp / "cache1", corpus=str(corpus), cache=str(cache), out=str(run_out))
    second = _spawn("cache", tmp / "cache2", corpus=str(corpus), cache=str(cache), out=str(run_out))
    return _measurement(
        "rerun", second["seconds"] / first["seconds"], "share",
        note=("run(corpus, out, workers=1, cache=tmp/cache.sqlite) twice into the same out folder, each in a "
              "fresh process, timed around run() (building what the run needs included)"),
        first_seconds=round(first["seconds"], 3), second_seconds=round(second["seconds"], 3),
    )


def _codebook_share(tmp: Path, repeats: int) -> dict:
    """6: what the codebook stages cost in what the user waits for: `pipeline run` on the sample corpus."""
    book = min((_pipeline_run(CORPORA, tmp / f"codebook{i}") for i in range(repeats)), key=lambda r: r["seconds"])
    return _measurement(
        "codebook_share", sum(book["stage_seconds"].values()) / book["seconds"], "share",
        note=("`pipeline run corpora/ --no-cache` as a new process (models, analysis, CSVs, report), best of "
              f"{repeats}: seconds in the formats and events stages (loading the syntax parser and parsing the "
              "sentences that hold a trigger included), from its manifest, ÷ the process's wall time"),
        stage_seconds=book["stage_seconds"], run_seconds=round(book["seconds"], 3),
    )


# ---------------------------------------------------------------- the table

def _value_text(key: str, m: dict) -> str:
    v = m["value"]
    if v is None:
        return "n/a"
    if key == "speed":
        return f"{v:.2f}× ({m['pipeline_tokens_per_s']:,.0f} vs {m['natasha_tokens_per_s']:,.0f} tok/s)"
    if key == "workers":
        return (f"{v:.2f}× ({m['seconds_1_worker']:.1f} s vs {m['seconds_2_workers']:.1f} s; "
                f"plain Python here: {m['machine_ceiling']:.2f}×)")
    if key == "peak_rss":
        return f"{v:,.0f} MB"
    if key == "peak_rss_16x":
        copies = "" if m.get("copies", COPIES) == COPIES else f", {m['copies']} copies"
        return f"{v:.2f}× ({m['peak_mb']:,.0f} vs {m['base_peak_mb']:,.0f} MB{copies})"
    if key == "rerun":
        return f"{v * 100:.1f} % ({m['second_seconds']:.1f} s of {m['first_seconds']:.1f} s)"
    if key == "codebook_share":
        return f"{v * 100:.1f} % ({sum(m['stage_seconds'].values()):.2f} s of {m['run_seconds']:.1f} s)"
    return str(v)


def format_table(result: dict) -> str:
    rows = [("measure", "value", "target", "result")]
    notes = []
    for key in MEASUREMENTS:
        m = result["measurements"][key]
        verdict = {True: "pass", False: "FAIL", None: "n/a"}[m["pass"]]
        rows.append((TARGETS[key][0], _value_text(key, m), TARGETS[key][1], verdict))
        if m["value"] is None:
            notes.append(f"{TARGETS[key][0]}: {m['note']}")
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    line = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
    out = [line(rows[0]), "  ".join("-" * w for w in widths)] + [line(r) for r in rows[1:]]
    mach, corpus = result.get("machine", {}), result.get("corpus", {})
    out.append("")
    out.append(f"machine: {mach.get('cpu_count')} CPUs, Python {mach.get('python')}, {mach.get('platform', '')}")
    out.append(f"corpus: {corpus.get('path')} — {corpus.get('files')} files, {corpus.get('razdel_tokens'):,} tokens"
               + (" (quick)" if result.get("quick") else ""))
    out += [f"note: {n}" for n in notes]
    return "\n".join(out)


if __name__ == "__main__":  # python -m pipeline.batch.bench [CORPUS [OUT]] (the CLI's `pipeline bench` is the front door)
    args = sys.argv[1:]
    print(format_table(bench(Path(args[0]) if args and args[0] else None, Path(args[1]) if len(args) > 1 else None)))

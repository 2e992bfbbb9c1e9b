"""`pipeline bench`: what the user waits for — whole `pipeline run` processes — against bare full natasha.

Every figure is a whole process, timed from before its interpreter starts to its exit, with the peak RSS of
every process in it (workers included; bench_run.watch):

    whole_run       tokens/s of `python -m pipeline run CORPUS --out OUT -j1` (start-up, analysis, datasets,
                    statistics, figures, report, data package) ÷ tokens/s of a bare full natasha process on the
                    same texts (import, build the models, analyse every text); one token count for both
    whole_run_2     the same with `-j2`
    workers         wall time of the `-j1` run ÷ of the `-j2` run (beside it, what two cores give plain Python)
    cluster         wall time of the `-j2` run ÷ of `--engine dask -j2` (a LocalCluster of two worker processes, to
                    which the client sends each file's bytes and the models bundle, as to a remote cluster)
    shipping        the client's seconds reading files and handing them to Dask (manifest `cluster`) ÷ that run
    rerun           the same `-j1` command again into the same OUT (its SQLite cache) ÷ the first run
    rerun_one       the same after a sentence was appended to one file ÷ the first run
    peak_rss        the largest peak RSS of any process of any `pipeline run` (main process or worker)
    *_share         the phases of the `-j1` run (start-up, analysis, report, exit) ÷ its wall time, from the
                    moments its progress steps first appeared on stderr
    analysis_alone  the manifest's analysis seconds ÷ bare natasha's analysis with its models loaded (context)
    codebook_share  the formats and events stages (manifest) ÷ the whole run (context)

Corpora of N different documents are built from the sample corpus, the factRuEval dev texts and the seed
(bench_corpus.build_corpus); OUT/bench.json holds every figure and every raw timing.
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

from .bench_corpus import ROOT, append_sentence, build_corpus, default_corpus
from .bench_measure import _child_env, _spawn, write_texts
from .bench_run import phases, pipeline_run, report_seconds
from .bench_table import format_table  # also importable from here, as before

MB = 1_000_000  # peak RSS is reported in MB = 10^6 bytes (VmHWM and ru_maxrss are KiB on Linux)
QUICK_SIZE, DEFAULT_SIZE, LARGE = 60, 500, 5000
NO_TARGET = ("—", None, None)

# key → (what, target as text, comparison, threshold); the whole run's target depends on the size (_targets)
TARGETS = {
    "whole_run": ("whole run, 1 worker ÷ bare natasha", "≥ 1.3×", ">=", 1.3),
    "whole_run_2": ("whole run, 2 workers ÷ bare natasha", *NO_TARGET),
    "workers": ("whole run, 2 workers ÷ 1 worker", "≥ 1.8×", ">=", 1.8),
    "cluster": ("whole run, Dask cluster of 2 worker processes ÷ 2 workers", *NO_TARGET),
    "shipping": ("cluster: the client reading and sending files ÷ its run", *NO_TARGET),
    "rerun": ("unchanged rerun ÷ first run", "≤ 5 %", "<=", 0.05),
    "rerun_one": ("rerun, one document changed ÷ first run", "≤ 10 %", "<=", 0.10),
    "peak_rss": ("peak RSS, largest process (workers incl.)", "≤ 600 MB", "<=", 600.0),
    "startup_share": ("phase: start-up ÷ whole run", *NO_TARGET),
    "analysis_share": ("phase: analysis + datasets ÷ whole run", *NO_TARGET),
    "report_share": ("phase: report (statistics … data package) ÷ whole run", "≤ 20 %", "<=", 0.20),
    "exit_share": ("phase: exit ÷ whole run", *NO_TARGET),
    "analysis_alone": ("analysis alone (manifest) ÷ natasha's analysis", *NO_TARGET),
    "codebook_share": ("formats + events stages ÷ whole run", "≤ 15 %", "<=", 0.15),
}
MEASUREMENTS = list(TARGETS)


def _targets(documents: int) -> dict:
    """The targets for a corpus of `documents`: the whole run ≥ 1.3× natasha up to 500 documents… ≥ 1.0× at 5,000."""
    targets = dict(TARGETS)
    if documents >= LARGE:
        targets["whole_run"] = (TARGETS["whole_run"][0], "≥ 1.0×", ">=", 1.0)
    return targets


def machine_info() -> dict:
    info = {"cpu_count": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()}
    if hasattr(os, "getloadavg"):  # other work on the machine during the bench makes every timing noisy
        info["loadavg_1_5_15"] = [round(x, 2) for x in os.getloadavg()]
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory_total_mb"] = round(int(line.split()[1]) * 1024 / MB)
    except OSError:
        pass
    from importlib import metadata

    for name in ("natasha", "slovnet", "pipeline", "psutil"):
        try:
            info[f"{name}_version"] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return info


def _mb(kib: int | None) -> float | None:
    return None if kib is None else round(kib * 1024 / MB, 1)


def _measurement(targets: dict, key: str, value, unit: str, note: str = "", **details) -> dict:
    what, target, op, threshold = targets[key]
    value = None if value is None else round(value, 4)
    ok = None if value is None or op is None else (value >= threshold if op == ">=" else value <= threshold)
    return {"what": what, "value": value, "unit": unit, "target": target, "target_op": op,
            "target_value": threshold, "pass": ok, "note": note, **details}


# ---------------------------------------------------------------- the benchmark

def bench(corpus: Path | None = None, out: Path | None = None, quick: bool = False,
          sizes: tuple[int, ...] | None = None, repeat: int | None = None) -> dict:
    """Measure on corpora of each of `sizes` documents built from `corpus`'s files (default: the sample corpus,
    the factRuEval dev texts and the seed); a given `corpus` without `sizes` is measured as it is. Writes
    OUT/bench.json and returns it. `quick`: 60 documents, one repetition — a smoke test, not a measurement.
    `repeat`: how many times each first run and each rerun is timed (the best counts; default 2, quick 1)."""
    out = Path(out) if out is not None else Path("reports")
    repeat = repeat or (1 if quick else 2)
    started = time.time()
    load_before = [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None
    tmp = Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    results = []
    try:
        if corpus is None:
            sources, label = default_corpus(tmp / "sources"), "corpora/ + ../shared/eval/factru-dev.jsonl + ../shared/seed"
            sizes = sizes or ((QUICK_SIZE,) if quick else (DEFAULT_SIZE,))
        else:
            sources, label = _files(Path(corpus)), str(corpus)
        for n, size in enumerate(sizes or (None,)):
            folder = tmp / f"corpus{n}"
            if size is None:  # a copy: the one-document rerun changes a file
                shutil.copytree(corpus, folder) if Path(corpus).is_dir() else _copy_file(Path(corpus), folder)
            else:
                build_corpus(sources, size, folder)
            results.append(_measure_corpus(folder, tmp / f"work{n}", label, repeat, quick))
            shutil.rmtree(tmp / f"work{n}", ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    result = {"bench": 2, "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
              "seconds": round(time.time() - started, 1), "quick": quick, "repeat": repeat,
              "command": _command(corpus, sizes, repeat, quick),
              "machine": machine_info() | {"loadavg_at_start": load_before}, "corpora": results}
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return result


def _command(corpus, sizes, repeat: int, quick: bool) -> str:
    """The `pipeline bench` command that measures the same (OUT aside)."""
    parts = ["pipeline bench"] + ([str(corpus)] if corpus else []) + [f"--size {n}" for n in sizes or ()]
    return " ".join(parts + ([f"--repeat {repeat}"] if repeat != (1 if quick else 2) else []) + (["--quick"] if quick else []))


def _files(corpus: Path) -> list[Path]:
    from ..ingest.discovery import discover

    return [path for _, path in discover(corpus)]


def _copy_file(src: Path, folder: Path) -> None:
    folder.mkdir(parents=True)
    shutil.copyfile(src, folder / src.name)


def _together(at_once: bool, *jobs):
    """The results of `jobs`, one after the other — or all at the same time when `at_once` (quick: a smoke test
    of the machinery in less time, whose figures are not measurements)."""
    if not at_once:
        return [job() for job in jobs]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(len(jobs)) as pool:
        return [f.result() for f in [pool.submit(job) for job in jobs]]


def _measure_corpus(corpus: Path, work: Path, label: str, repeat: int, quick: bool = False) -> dict:
    """Every process on one corpus, the first runs interleaved (natasha, -j1, -j2, …) so that a disturbance of
    the machine does not fall on one side only; then the reruns into the OUT of the last -j1 run. `quick`: the
    first runs at the same time, and the -j2 run and the one-document rerun on a copy of the corpus, at the
    same time as the -j1 run and the unchanged rerun."""
    work.mkdir(parents=True)
    texts = write_texts(corpus, work / "texts.jsonl")
    env = _child_env() | {"PYTHONUNBUFFERED": "1"}
    twin = shutil.copytree(corpus, work / "twin") if quick else corpus
    runs = {"natasha": [], "j1": [], "j2": [], "dask": [], "rerun": [], "rerun_one": []}
    for i in range(repeat):
        nat, j1, j2 = _together(quick, lambda i=i: _spawn("natasha", work / f"natasha{i}", texts=str(work / "texts.jsonl")),
                                lambda i=i: pipeline_run(corpus, work / f"j1_{i}", 1, env, ROOT),
                                lambda i=i: pipeline_run(twin, work / f"j2_{i}", 2, env, ROOT))
        runs["natasha"].append(nat)
        runs["j1"].append(j1 | _manifest_times(work / f"j1_{i}"))
        runs["j2"].append(j2 | {"ceiling": _spawn("ceiling", work / f"ceiling{i}", loops=2_000_000 if quick else 10_000_000)})
        dask = pipeline_run(corpus, work / f"dask_{i}", 2, env, ROOT, engine="dask")
        runs["dask"].append(dask | {"cluster": json.loads((work / f"dask_{i}" / "manifest.json").read_text())["cluster"]})
        shutil.rmtree(work / f"dask_{i}", ignore_errors=True)
        if i < repeat - 1:
            shutil.rmtree(work / f"j1_{i}", ignore_errors=True)
            shutil.rmtree(work / f"j2_{i}", ignore_errors=True)
    last = work / f"j1_{repeat - 1}"
    manifest = json.loads((last / "manifest.json").read_text(encoding="utf-8"))
    changed = []

    def one_changed(i: int, folder: Path, out: Path):
        changed.append(append_sentence(folder, f"Дополнение {i + 1}: стороны договорились встретиться снова в 2026 году."))
        return pipeline_run(folder, out, 1, env, ROOT) if changed[-1] is not None else None

    for i in range(repeat):
        rerun, one = _together(quick, lambda: pipeline_run(corpus, last, 1, env, ROOT),
                               lambda i=i: one_changed(i, twin, work / f"j2_{repeat - 1}" if quick else last))
        runs["rerun"].append(rerun)
        runs["rerun_one"] += [one] if one else []
    documents = manifest.get("documents", 0)
    info = {"path": label, "documents": documents, "failed": manifest.get("failed"), "files": len(_files(corpus)),
            **texts, "tokens": runs["natasha"][0]["natasha_tokens"],
            "tokens_source": "natasha's Segmenter (razdel) tokens of the texts as the pipeline reads them",
            "pipeline_tokens": manifest.get("tokens"),
            "changed_file": str(changed[0].relative_to(twin)) if changed and changed[0] else None}
    return {"corpus": info, "measurements": _measurements(runs, _targets(documents)),
            "runs": {k: [_raw(r) for r in v] for k, v in runs.items()}}


def _manifest_times(out: Path) -> dict:
    """The analysis seconds and the codebook stages' seconds that a run's manifest.json records."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {"manifest_seconds": manifest.get("seconds"),
            "codebook_seconds": {k: v for k, v in manifest.get("stage_seconds", {}).items() if k in ("formats", "events")}}


def _raw(run: dict) -> dict:
    return {k: v for k, v in run.items() if k not in ("stderr_tail", "argv", "rss")}


def _best(runs: list[dict], key: str = "seconds") -> dict:
    return min(runs, key=lambda r: r[key])


def _peak_kib(run: dict) -> int:
    return max(run.get("main_peak_kib", 0), run.get("children_peak_kib", 0), run.get("wait4_kib", 0))


def _measurements(runs: dict, targets: dict) -> dict:
    nat, j1, j2 = _best(runs["natasha"], "process_seconds"), _best(runs["j1"]), _best(runs["j2"])
    tokens, n_sec = nat["natasha_tokens"], nat["process_seconds"]
    best_of = f"best of {len(runs['j1'])} run(s) each"
    m = {
        "whole_run": _measurement(
            targets, "whole_run", n_sec / j1["seconds"], "×",
            note=(f"{best_of}; tokens/s of `python -m pipeline run CORPUS --out OUT -j1` (a fresh OUT, the cache "
                  "on as by default) ÷ tokens/s of a bare full natasha process (Segmenter, NewsEmbedding, "
                  "NewsMorphTagger, NewsSyntaxParser, NewsNERTagger, MorphVocab; segment, tag_morph, parse_syntax, "
                  "tag_ner, lemmatize, normalize every text), both timed as whole processes; one token count"),
            pipeline_tokens_per_s=round(tokens / j1["seconds"], 1), natasha_tokens_per_s=round(tokens / n_sec, 1),
            pipeline_seconds=j1["seconds"], natasha_seconds=n_sec,
            natasha_load_seconds=round(nat["load_seconds"], 3), natasha_analysis_seconds=round(nat["analysis_seconds"], 3),
            natasha_peak_mb=_mb(nat["peak_kib"]), token_count=tokens),
        "whole_run_2": _measurement(targets, "whole_run_2", n_sec / j2["seconds"], "×", note=f"{best_of}; as whole_run with -j2",
                                    pipeline_tokens_per_s=round(tokens / j2["seconds"], 1), pipeline_seconds=j2["seconds"]),
        "workers": _measurement(
            targets, "workers", j1["seconds"] / j2["seconds"], "×",
            note=(f"{best_of}: wall time of the whole -j1 run ÷ of the whole -j2 run (start-up of the workers "
                  f"and the report, which runs in one process, included); {os.cpu_count()} CPUs"),
            seconds_1_worker=j1["seconds"], seconds_2_workers=j2["seconds"],
            cpu_seconds_1_worker=j1["cpu_seconds"], cpu_seconds_2_workers=j2["cpu_seconds"],
            machine_ceiling=_ceiling(j2["ceiling"]), machine_ceiling_all=[_ceiling(r["ceiling"]) for r in runs["j2"]],
            machine_ceiling_note=("what the machine's cores gave two busy processes just after that -j2 run: 2 × a plain "
                                  "Python loop's time alone ÷ the wall time of two copies at once (2.0 on two idle "
                                  "cores; other work on the machine lowers it, and the -j2 figure with it)")),
        **_cluster(runs, j2, targets),
        **_reruns(runs, j1, targets),
        "peak_rss": _peak_rss(runs, targets),
        **_phase_shares(j1, targets),
    }
    m["analysis_alone"] = _measurement(
        targets, "analysis_alone", nat["analysis_seconds"] / j1["manifest_seconds"] if j1.get("manifest_seconds") else None,
        "×", note=("natasha's analysis with its models built ÷ the manifest's `seconds` of the best -j1 run (the "
                   "analysis and the datasets, models built lazily inside) — the old, analysis-only figure, for context"),
        manifest_seconds=j1.get("manifest_seconds"), natasha_analysis_seconds=round(nat["analysis_seconds"], 3))
    m["codebook_share"] = _measurement(
        targets, "codebook_share", sum(j1["codebook_seconds"].values()) / j1["seconds"], "share",
        note="seconds in the formats and events stages (manifest of the best -j1 run) ÷ that run's wall time",
        stage_seconds=j1["codebook_seconds"])
    return m


def _cluster(runs: dict, j2: dict, targets: dict) -> dict:
    dask = _best(runs["dask"])
    shipped = dask["cluster"]
    return {
        "cluster": _measurement(
            targets, "cluster", j2["seconds"] / dask["seconds"], "×",
            note=(f"best of {len(runs['dask'])}: wall time of the whole -j2 run ÷ of the whole `--engine dask -j2` run "
                  "(a Dask LocalCluster of two worker processes: the client sends each file's bytes and the models "
                  "bundle, as to a remote cluster; cluster start-up included)"),
            seconds=dask["seconds"], seconds_2_workers=j2["seconds"], workers_peak_mb=_mb(dask["children_peak_kib"]),
            main_peak_mb=_mb(dask["main_peak_kib"])),
        "shipping": _measurement(
            targets, "shipping", shipped["client_seconds"] / dask["seconds"], "share",
            note="the manifest's cluster.client_seconds (reading each file, handing its bytes to Dask) ÷ the run's wall time",
            seconds=shipped["client_seconds"], mb=round(shipped["bytes"] / MB, 2),
            documents_as_bytes=shipped["documents_as_bytes"], documents_as_paths=shipped["documents_as_paths"]),
    }


def _ceiling(c: dict) -> float:
    return round(2 * c["alone"] / c["wall_two"], 4)


def _reruns(runs: dict, j1: dict, targets: dict) -> dict:
    rerun = _best(runs["rerun"])
    one = _best(runs["rerun_one"]) if runs["rerun_one"] else None
    return {
        "rerun": _measurement(
            targets, "rerun", rerun["seconds"] / j1["seconds"], "share",
            note=(f"best of {len(runs['rerun'])}: the same -j1 command again into the OUT of the last first run "
                  "(its .cache.sqlite), a whole process, ÷ the best first -j1 run"),
            seconds=rerun["seconds"], first_seconds=j1["seconds"], phases=phases(rerun["labels"], rerun["seconds"])),
        "rerun_one": _measurement(
            targets, "rerun_one", one["seconds"] / j1["seconds"] if one else None, "share",
            note=(f"best of {len(runs['rerun_one'])}: a sentence appended to one .txt file, then the same -j1 "
                  "command into the same OUT, ÷ the best first -j1 run" if one else "no .txt file to change"),
            seconds=one["seconds"] if one else None, first_seconds=j1["seconds"],
            phases=phases(one["labels"], one["seconds"]) if one else None),
    }


def _peak_rss(runs: dict, targets: dict) -> dict:
    pipeline_runs = [(name, i, r) for name in ("j1", "j2", "rerun", "rerun_one") for i, r in enumerate(runs[name])]
    name, i, top = max(pipeline_runs, key=lambda t: _peak_kib(t[2]))
    per_run = {f"{n}[{k}]": {"main_mb": _mb(r["main_peak_kib"]), "workers_mb": _mb(r["children_peak_kib"]),
                             "main_peak_during": r["main_peak_during"], "wait4_mb": _mb(r["wait4_kib"])}
               for n, k, r in pipeline_runs}
    in_worker = top["children_peak_kib"] > top["main_peak_kib"]
    return _measurement(
        targets, "peak_rss", _mb(_peak_kib(top)), "MB",
        note=("the largest peak RSS of any process of any `pipeline run` above: VmHWM of the main process and of "
              "every descendant (workers), polled every 0.2 s from /proc, and the kernel's ru_maxrss (os.wait4) "
              "as a floor; MB = 10^6 bytes"),
        run=f"{name}[{i}]", process="worker" if in_worker else "main",
        during=None if in_worker else top["main_peak_during"], per_run=per_run,
        natasha_mb=_mb(max(r["peak_kib"] for r in runs["natasha"])))


def _phase_shares(j1: dict, targets: dict) -> dict:
    spent = phases(j1["labels"], j1["seconds"])
    total = j1["seconds"]
    report = report_seconds(spent)
    note = ("seconds between the moments the run's progress steps first appeared on stderr (start-up: until the "
            "analysis bar; analysis: the analysis and the datasets; report: statistics, keyness, figures, report "
            "pages, report.md, data package; exit: the closing line to the process's end) ÷ the wall time; best -j1 run")
    return {
        "startup_share": _measurement(targets, "startup_share", spent.get("start-up", 0) / total, "share", note=note,
                                      seconds=spent.get("start-up", 0)),
        "analysis_share": _measurement(targets, "analysis_share", spent.get("analysis", 0) / total, "share", note=note,
                                       seconds=spent.get("analysis", 0)),
        "report_share": _measurement(targets, "report_share", report / total, "share", note=note, seconds=report,
                                     steps={k: v for k, v in spent.items() if k not in ("start-up", "analysis", "exit")}),
        "exit_share": _measurement(targets, "exit_share", spent.get("exit", 0) / total, "share", note=note,
                                   seconds=spent.get("exit", 0)),
    }


if __name__ == "__main__":  # python -m pipeline.batch.bench [CORPUS [OUT]] (the CLI's `pipeline bench` is the front door)
    args = sys.argv[1:]
    print(format_table(bench(Path(args[0]) if args and args[0] else None, Path(args[1]) if len(args) > 1 else None)))

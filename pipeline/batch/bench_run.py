"""One measured process of the benchmark: a whole `python -m pipeline run` (or any command), its wall time,
the peak RSS of every process in it (workers included) and the moments its progress steps began.

The process runs under a watcher in this (the bench's) process: a thread polls /proc of the process and of
all its descendants every 0.2 s (VmHWM, the kernel's own peak, so a worker's peak between two polls is not
missed as long as the worker is alive at one poll), another reads its stderr and notes when each progress
label (`analysis`, `statistics: tokens`, `figures`, `report: document pages`, `data package`…) first appears.
`os.wait4` gives the kernel's peak RSS of the process and of every descendant it waited for, as a cross-check,
and their CPU seconds (user + system).
"""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

POLL_SECONDS = 0.2
# a progress line: `label: 12%|…`, `label: 12 docs […]` or `label… 0.4 s` (pipeline.core.progress); the label ends there
_LABEL = re.compile(r"^\s*([^\s:…][^\n]*?)(?:…|:\s+\d)")
_DONE = re.compile(r"^\s*\d+ of \d+ documents analysed")
DONE_LABEL = "done"  # the runner's closing line `N of M documents analysed in … → OUT`


def _status_kib(pid: int) -> dict:
    """VmHWM and VmRSS of a process, in KiB ({} when it is gone)."""
    found = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith(("VmHWM:", "VmRSS:")):
                    found[line[:5]] = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return found


def _children(pid: int) -> list[int]:
    """Every descendant of `pid` (psutil if installed, else /proc/<pid>/task/*/children)."""
    try:
        import psutil
    except ImportError:
        psutil = None
    if psutil is not None:
        try:
            return [p.pid for p in psutil.Process(pid).children(recursive=True)]
        except psutil.Error:  # the process has ended
            return []
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                kids = [int(k) for k in Path(f"/proc/{parent}/task/{task}/children").read_text().split()]
            except (OSError, ValueError):
                continue
            found += kids
            todo += kids
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()[:200]
    except OSError:
        return ""


class Watch:
    """What the watcher threads learn of one process: peaks per pid, labels with their first moment."""

    def __init__(self, pid: int, t0: float):
        self.pid, self.t0 = pid, t0
        self.peaks: dict[int, int] = {}      # pid → largest VmHWM seen (KiB)
        self.commands: dict[int, str] = {}   # pid → its command line, as first seen
        self.labels: dict[str, float] = {}   # progress label → seconds after the start when first seen
        self.current = "start-up"             # the label most recently first seen
        self.peak_label: dict[int, str] = {}  # pid → the label in force when its peak rose last
        self.tail: list[str] = []             # the last lines of stderr, for an error message
        self.done = threading.Event()

    def poll(self) -> None:
        while not self.done.is_set():
            self.sample()
            self.done.wait(POLL_SECONDS)

    def sample(self) -> None:
        for pid in [self.pid, *_children(self.pid)]:
            kib = _status_kib(pid)
            peak = kib.get("VmHWM") or kib.get("VmRSS")
            if not peak:
                continue
            if pid not in self.commands:
                self.commands[pid] = _cmdline(pid)
            if peak > self.peaks.get(pid, 0):
                self.peaks[pid], self.peak_label[pid] = peak, self.current

    def read(self, stream) -> None:
        buffer = ""
        for chunk in iter(lambda: os.read(stream.fileno(), 65536), b""):
            now = time.perf_counter() - self.t0
            buffer += chunk.decode("utf-8", errors="replace")
            parts = re.split(r"[\r\n]", buffer)
            for part in parts:  # the last part may be incomplete: looked at now, kept for the next chunk
                self._note(part, now)
            self.tail = (self.tail + [p for p in parts[:-1] if p.strip()])[-20:]
            buffer = parts[-1]
        self._note(buffer, time.perf_counter() - self.t0)

    def _note(self, text: str, now: float) -> None:
        label = DONE_LABEL if _DONE.match(text) else (m.group(1).strip() if (m := _LABEL.match(text)) else None)
        if label and label not in self.labels:
            self.labels[label] = round(now, 3)
            self.current = label


def watch(argv: list[str], env: dict, cwd: Path) -> dict:
    """Run `argv` to its end under the watcher: wall seconds, exit code, the labels' first moments, the peak
    RSS of every process seen (KiB) and the kernel's peak over the process and its waited-for descendants."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=str(cwd))
    w = Watch(proc.pid, t0)
    threads = [threading.Thread(target=w.poll, daemon=True), threading.Thread(target=w.read, args=(proc.stderr,),
                                                                               daemon=True)]
    for t in threads:
        t.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    w.done.set()
    for t in threads:
        t.join(timeout=5)
    proc.stderr.close()
    workers = {pid: kib for pid, kib in w.peaks.items() if pid != proc.pid}
    return {
        "argv": argv, "seconds": round(seconds, 3), "exit": proc.returncode, "labels": w.labels,
        "main_peak_kib": w.peaks.get(proc.pid, 0), "main_peak_during": w.peak_label.get(proc.pid),
        "children_peak_kib": max(workers.values(), default=0), "children_seen": len(workers),
        "children": [{"pid": pid, "peak_kib": kib, "during": w.peak_label.get(pid), "command": w.commands.get(pid, "")}
                     for pid, kib in sorted(workers.items(), key=lambda kv: -kv[1])[:8]],
        "wait4_kib": usage.ru_maxrss, "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3), "stderr_tail": w.tail,
    }


def pipeline_run(corpus: Path, out: Path, workers: int, env: dict, cwd: Path, engine: str = "local") -> dict:
    """`python -m pipeline run CORPUS --out OUT -jN [--engine dask]` (progress on, the cache in OUT as by default),
    watched. With the dask engine, N workers of a Dask LocalCluster (worker processes on this machine), to which
    the client sends every file's bytes and the models, as to a remote cluster."""
    argv = [sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--workers", str(workers),
            *(["--engine", engine] if engine != "local" else [])]
    result = watch(argv, env, cwd)
    if result["exit"] not in (0, 1):  # 1: some documents failed, the others were written — still a whole run
        raise RuntimeError(f"`{' '.join(argv)}` failed (exit {result['exit']}):\n" + "\n".join(result["stderr_tail"]))
    return result


def phases(labels: dict[str, float], seconds: float) -> dict[str, float]:
    """Seconds of each phase of a whole run from its labels' first moments: start-up (to the analysis bar),
    analysis (the analysis and the datasets, to the first step after it), then one phase per first word of the
    report's steps (statistics, keyness, figures, report, data package…), and exit (the closing line to the
    process's end). A phase whose label never appeared (`--quiet`, no report) is left out."""
    moments = sorted((t, label) for label, t in labels.items())
    if not moments:
        return {"start-up and analysis": seconds}
    bounds = [(0.0, "start-up")] + [(t, _phase(label)) for t, label in moments] + [(seconds, None)]
    spent: dict[str, float] = {}
    for (t, name), (t_next, _) in itertools.pairwise(bounds):
        spent[name] = spent.get(name, 0.0) + max(t_next - t, 0.0)
    return {k: round(v, 3) for k, v in spent.items()}


def _phase(label: str) -> str:
    if label == DONE_LABEL:
        return "exit"
    word = re.split(r"[:.…]", label, maxsplit=1)[0].strip()
    return word or label


REPORT_PHASES_EXCLUDED = ("start-up", "analysis", "exit")


def report_seconds(spent: dict[str, float]) -> float:
    """The report phase: every step after the analysis (statistics, figures, report pages, data package)."""
    return round(sum(v for k, v in spent.items() if k not in REPORT_PHASES_EXCLUDED), 3)

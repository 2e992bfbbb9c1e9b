"""The table `pipeline bench` prints: one block per corpus — measure, value, target, ok."""

from __future__ import annotations

VERDICT = {True: "ok", False: "NOT MET", None: ""}


def _pct(share: float) -> str:
    return f"{share * 100:.1f} %"


def _value_text(key: str, m: dict) -> str:
    v = m["value"]
    if v is None:
        return "n/a"
    if key == "whole_run":
        return (f"{v:.2f}× ({m['pipeline_tokens_per_s']:,.0f} vs {m['natasha_tokens_per_s']:,.0f} tok/s; "
                f"{m['pipeline_seconds']:.1f} s vs {m['natasha_seconds']:.1f} s)")
    if key == "whole_run_2":
        return f"{v:.2f}× ({m['pipeline_tokens_per_s']:,.0f} tok/s; {m['pipeline_seconds']:.1f} s)"
    if key == "workers":
        return (f"{v:.2f}× ({m['seconds_1_worker']:.1f} s vs {m['seconds_2_workers']:.1f} s; CPU "
                f"{m['cpu_seconds_1_worker']:.0f} vs {m['cpu_seconds_2_workers']:.0f} s; plain Python here: "
                f"{m['machine_ceiling']:.2f}×)")
    if key == "cluster":
        return (f"{v:.2f}× ({m['seconds']:.1f} s vs {m['seconds_2_workers']:.1f} s; workers' peak "
                f"{m['workers_peak_mb']:,.0f} MB)")
    if key == "shipping":
        return f"{_pct(v)} ({m['seconds']:.2f} s for {m['mb']:,.1f} MB in {m['documents_as_bytes']:,} files)"
    if key in ("rerun", "rerun_one"):
        return f"{_pct(v)} ({m['seconds']:.1f} s of {m['first_seconds']:.1f} s)"
    if key == "peak_rss":
        where = m["process"] + (f", during {m['during']}" if m.get("during") else "")
        return f"{v:,.0f} MB ({m['run']}, {where}; natasha {m['natasha_mb']:,.0f} MB)"
    if key == "analysis_alone":
        return f"{v:.2f}× ({m['manifest_seconds']:.1f} s vs {m['natasha_analysis_seconds']:.1f} s)"
    if key == "codebook_share":
        return f"{_pct(v)} ({sum(m['stage_seconds'].values()):.2f} s)"
    if key.endswith("_share"):
        return f"{_pct(v)} ({m['seconds']:.1f} s)"
    return str(v)


def _rows(block: dict) -> list[tuple[str, str, str, str]]:
    rows = []
    for key, m in block["measurements"].items():
        rows.append((m["what"], _value_text(key, m), m["target"], VERDICT[m["pass"]]))
        if key == "report_share":
            total = m["seconds"] / m["value"] if m["value"] else 0
            rows += [(f"    {step}", f"{_pct(s / total) if total else 'n/a'} ({s:.1f} s)", "", "")
                     for step, s in m["steps"].items()]
    return rows


def _lines(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]

    def line(r):
        return "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()

    return [line(rows[0]), "  ".join("-" * w for w in widths)] + [line(r) for r in rows[1:]]


def format_table(result: dict) -> str:
    out = []
    for block in result["corpora"]:
        c = block["corpus"]
        out.append(f"corpus: {c['documents']:,} documents ({c['path']}), {c['tokens']:,} tokens"
                   + (f", {c['failed']} failed" if c.get("failed") else "") + (" — quick: a smoke test, the first runs at the same time, not a measurement" if result.get("quick") else ""))
        out += _lines([("measure", "value", "target", "ok")] + _rows(block))
        missed = [m["what"] for m in block["measurements"].values() if m["pass"] is False]
        out.append(f"not met: {'; '.join(missed)}" if missed else "every target met")
        out += [f"note: {m['what']}: {m['note']}" for m in block["measurements"].values() if m["value"] is None]
        ceiling = block["measurements"]["workers"].get("machine_ceiling")
        if ceiling is not None and ceiling < 1.6:
            out.append(f"note: two busy plain-Python processes got only {ceiling:.2f}× here (2.0 on two idle cores): "
                       "other work on the machine; the 2-worker figures are limited by it")
        out.append("")
    mach = result.get("machine", {})
    out.append(f"machine: {mach.get('cpu_count')} CPUs, {mach.get('memory_total_mb', '?')} MB, Python {mach.get('python')}, "
               f"{mach.get('platform', '')}; load at start {mach.get('loadavg_at_start')}")
    out.append(f"each figure: best of {result.get('repeat')} whole process(es); {result.get('seconds')} s in all")
    return "\n".join(out)

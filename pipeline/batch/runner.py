"""A run over a corpus in three steps — plan (which documents the cache has), execute (the others on an
engine), record (every document's rows, errors and the manifest into a new generation of OUT) — then the
report, and one switch."""

from __future__ import annotations

import hashlib
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .. import __version__
from ..analysis.linking import EntityIndex
from ..core import progress
from ..core.errors import WARNING_STAGE, warning
from ..core.limits import Limits
from ..core.stages import analyse
from ..ingest.discovery import discover
from ..ingest.docids import display_path
from ..knowledge.corrections import load_corrections
from ..output.corrections import apply_corrections
from ..output.export import (
    RunWriter,
    read_rows,
    render,
    write_entity_index,
    write_manifest,
)
from ..output.outdir import Output, remove, run_folder
from ..output.token_counts import CountsWriter
from ..results import figures_process
from .assemble import (
    gazetteer_of,
    process_base,
    process_codebook_stages,
    process_models,
    release_models,
    split,
)
from .engine import Workers, local
from .job import counted, failed, job
from .manifest import manifest, models_hash, translit_scheme
from .reuse import (
    REPORT_PARTS,
    datasets_key,
    keep_datasets_key,
    keep_key,
    report_key,
    reuse_datasets,
    reuse_report,
)
from .store import Store, cache_key


@dataclass
class RunSummary:
    documents: int = 0
    failed: int = 0
    seconds: float = 0.0
    tokens: int = 0
    stage_seconds: dict = field(default_factory=dict)
    inputs: list = field(default_factory=list)
    cluster: dict | None = None  # what a Dask run sent to its workers (shipping.Shipped.record)


class ReportError(Exception):
    """The datasets of a run are written; its report is not."""


@dataclass
class Plan:
    """What a run will do: every file found, those reported unread (`problems`), the cache keys of the
    others, and those the cache does not have (`todo`)."""

    files: list
    problems: dict
    keys: dict
    todo: list


def run(corpus: Path, out: Path, quiet: bool = False, stages=None, translit: str = "wikipedia", workers: int = 1,
        engine: str = "local", scheduler: str | None = None, cache: Path | None = None, force: bool = False,
        codebook: Path | None = None, pool: Workers | None = None, limits: Limits = Limits(),
        follow_symlinks: bool = False, report: bool = False, group_by: str | None = None,
        overwrite: bool = False, corrections: Path | None = None, one_shot: bool = False) -> RunSummary:
    """Analyse a corpus into OUT. `stages` (from assemble.build_stages) saves building the models again;
    `workers` processes or a Dask `engine` analyse documents in parallel (a started `pool` of Workers is used
    as it is, and left running); `cache` (an SQLite file) skips every document analysed before with the same
    models, and `force` analyses them anyway. `limits` bound what one document may cost. With `report`,
    frequencies, figures, the report and the data package are written too (`group_by`: keyness by a
    documents.csv column). Everything goes into a new generation of OUT, which becomes the current run in
    one step when it is complete (outdir.Output); `overwrite` writes into a folder that holds files of the
    user's (they are moved aside). `corrections` (default: corrections.yaml in the models folder, if there is
    one) corrects the rows before they are final (output/corrections.py). Raises OutputError when OUT cannot
    be used; ReportError, after the switch, when the datasets are written but the report failed. A `one_shot`
    process (the command line's) drops the models it built before the report: nothing will analyse again."""
    corpus, out = Path(corpus), Path(out)
    options = {"translit": translit, "engine": {"name": engine, "workers": workers, "scheduler": scheduler or ""},
               "limits": {"max_mb": limits.max_mb, "timeout": limits.timeout, "max_memory": limits.max_memory,
                          "raw_csv": limits.raw_csv, "keep_back_matter": limits.keep_back_matter,
                          "follow_symlinks": follow_symlinks}}
    failure = None
    with Output(out, force=overwrite) as output, output.generation() as gen:
        batch = Batch(stages, codebook, limits, Store(cache) if cache else None, corrections)
        previous = output.current()  # the run OUT shows until this one is switched in
        figures = figures_process.EarlyFigures(gen, previous) if report else None
        try:
            summary = batch.run(corpus, gen, out, quiet, options, force,
                                lambda todo, timings: _engine(todo, timings, batch, pool, workers, engine, scheduler,
                                                              codebook),
                                previous=previous, starting=figures.start if figures else None)
            if report:
                key = report_key(gen, {"codebook": batch.codebook.sha256, "group_by": group_by,
                                       "keep_back_matter": limits.keep_back_matter, "raw_csv": limits.raw_csv})
                if not (reused := reuse_report(previous, gen, key)):
                    figures.early()  # the figures of the datasets alone, drawn while the models are let go
            if one_shot and stages is None:
                batch.base = None
                release_models()
            if report:
                with progress.shown(not quiet):
                    if reused:
                        progress.note("report: the datasets are those of the current run — its report is kept")
                    else:
                        failure = _report(gen, group_by, limits.keep_back_matter, previous, figures.take())
                        if failure is None:
                            keep_key(gen, key)
        finally:
            if figures is not None:
                figures.stop()
    if failure:
        raise failure
    return summary


class Batch:
    """The stages and the cache of one run, and its three steps."""

    def __init__(self, stages, codebook: Path | None, limits: Limits, store: Store | None,
                 corrections: Path | None = None):
        if stages is not None:
            self.base, self.late = split(stages)
            self.gazetteer = gazetteer_of(stages)
        else:  # the light stages now; the models only if a document needs them, and in the workers if parallel
            self.base, self.late = None, process_codebook_stages(codebook)
            self.gazetteer = process_models()[1]
        self.codebook, self.limits, self.store = self.late[0].codebook, limits, store
        # read and checked before any document is analysed; applied to every run's rows, cached ones too
        self.corrections = load_corrections(corrections, {e.key for e in self.codebook.of("formats")})
        self.model_hash = cache_key(__version__, *models_hash(), self.gazetteer.sha256)
        self.own: Workers | None = None  # the pool this run starts, and closes
        self.pool: Workers | None = None  # the pool this run uses

    def base_stages(self) -> list:
        if self.base is None:
            self.base = process_base()
        return self.base

    def run(self, corpus: Path, gen: Path, out: Path, quiet: bool, options: dict, force: bool, start,
            previous: Path | None = None, starting=None) -> RunSummary:
        """The datasets of the run into `gen`: linked from the `previous` run when nothing they are made of changed,
        else written (the documents analysed by `start`, or read from the cache); `starting()` is called before
        they are written."""
        from tqdm import tqdm

        started, t0 = datetime.now(timezone.utc), time.perf_counter()
        plan = self.plan(discover(corpus, exclude=out, follow_symlinks=options["limits"]["follow_symlinks"]), force)
        key = None if force else self._datasets_key(plan, options)
        reused = reuse_datasets(previous, gen, key)
        if reused is not None:
            return self._reused(reused, gen, corpus, options, started, t0, quiet)
        if starting is not None:
            starting()
        summary = RunSummary()
        writer = RunWriter(gen, raw=self.limits.raw_csv)
        counts = CountsWriter(gen / "data")  # every document's token counts, which the statistics merge
        bar = tqdm(total=len(plan.files), desc="analysis", unit="doc", file=sys.stderr, disable=quiet, dynamic_ncols=True)
        if self.store:  # its warnings from now on (a damaged entry, SQLite failing) go through the progress bar
            self.store.warn = lambda line: bar.write(line, file=sys.stderr)
        completed = False
        try:
            computed = start(plan.todo, summary.stage_seconds)
            index = self.record(plan, computed, (writer, counts), summary, bar, translit_scheme(options["translit"]))
            writer.close()
            counts.close(gen / "data" / "tokens.csv")
            if self.corrections and self.corrections.items:
                apply_corrections(gen, self.corrections, EntityIndex(self.gazetteer, scheme=index.scheme), self.codebook,
                                  raw=self.limits.raw_csv, before=index)
            else:
                write_entity_index(gen, index, raw=self.limits.raw_csv)
            summary.seconds = round(time.perf_counter() - t0, 3)
            if self.pool is not None:
                summary.cluster = self.pool.cluster_record()
            write_manifest(gen, manifest(summary, options, self.gazetteer, self.codebook, corpus, started,
                                         self.corrections))
            keep_datasets_key(gen, key)
            completed = True
        finally:
            if self.own is not None:
                self.own.close(kill=not completed)
            bar.close()
            counts.close()
            if self.store:
                self.store.close()
            if not completed:  # the caller discards the generation; the cache keeps what this run analysed
                writer.abandon()
        return summary

    def _datasets_key(self, plan: Plan, options: dict) -> str | None:
        entries = [(doc_id, display_path(path), (plan.keys.get(doc_id) or (None, None))[1],
                    [plan.problems[doc_id].code, plan.problems[doc_id].message] if doc_id in plan.problems else None)
                   for doc_id, path in plan.files]
        return datasets_key(entries, options, self.model_hash, self.corrections.sha256 if self.corrections else None)

    def _reused(self, before: dict, gen: Path, corpus: Path, options: dict, started, t0, quiet: bool) -> RunSummary:
        """The summary and manifest of a run whose datasets are the current run's (reuse.reuse_datasets): its
        counts from that run's manifest, its warnings said again from its errors.csv."""
        summary = RunSummary(documents=before.get("documents", 0), failed=before.get("failed", 0),
                             tokens=before.get("tokens", 0),
                             inputs=[dict(i, seconds=0.0) for i in before.get("inputs", [])])
        if not quiet:
            for row in read_rows(gen / "data" / "errors.csv"):
                print(problem_line(row["level"], row["source_path"], row["code"], row["message"], row["hint"]),
                      file=sys.stderr)
            print(f"analysis: the {summary.documents} documents, the code and the options are those of the current "
                  "run — its datasets are kept", file=sys.stderr)
        summary.seconds = round(time.perf_counter() - t0, 3)
        write_manifest(gen, manifest(summary, options, self.gazetteer, self.codebook, corpus, started,
                                     self.corrections))
        if self.store:
            self.store.close()
        return summary

    # ------------------------------------------------------------ plan

    def plan(self, files: list, force: bool) -> Plan:
        """Cache keys of every readable file: the base level is the analysis of its content; the full level
        what this run writes for it (the codebook stages' results and the rendered rows, which carry the
        doc_id and path). A file the cache has at either level is not sent to an engine."""
        problems = {f[0]: f.problem for f in files if f.problem}
        keys, todo = {}, []
        for doc_id, path in files:
            if doc_id in problems:
                continue
            keys[doc_id] = self._keys(doc_id, path)
            store = self.store
            if force or not (store and keys[doc_id] and (store.has(keys[doc_id][1]) or store.has(keys[doc_id][0]))):
                todo.append((doc_id, path))
        return Plan(files, problems, keys, todo)

    def _keys(self, doc_id: str, path: Path) -> tuple | None:
        if not self.store:  # the ingest hashes every file anyway; reading it here only pays with a cache
            return None
        try:
            content = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return None
        return (cache_key(self.model_hash, content),
                cache_key(self.model_hash, content, self.codebook.sha256, doc_id, display_path(path),
                          str(self.limits.raw_csv), str(self.limits.keep_back_matter)))

    # ------------------------------------------------------------ record

    def record(self, plan: Plan, computed, writers: tuple, summary: RunSummary, bar, scheme) -> EntityIndex:
        """Every document's rows (and token counts: `writers`), in the order of the files: computed now, from the
        cache, or its error."""
        index = EntityIndex(self.gazetteer, scheme=scheme)
        writer, counts = writers
        pending = {doc_id for doc_id, _ in plan.todo}
        first_of: dict[str, str] = {}  # sha256 → the first doc_id with that content
        for doc_id, path in plan.files:
            t = time.perf_counter()
            if doc_id in plan.problems:  # reported without being read
                e = plan.problems[doc_id]
                done, err = render(failed(doc_id, path, e), self.limits.raw_csv), (e.code, e.message, e.hint, e.stage)
            elif doc_id in pending:
                done, err, blobs = next(computed)
                self._keep(plan.keys[doc_id], blobs)
            else:
                done, err = self._cached(doc_id, path, plan.keys[doc_id], summary)
            warnings = list(done.warnings)
            if done.status == "ok" and done.sha256:
                if done.sha256 in first_of:
                    warnings.append(warning("W001", other=first_of[done.sha256]))
                else:
                    first_of[done.sha256] = doc_id
            writer.write(done)
            counts.write(done.doc_id, done.counts)
            index.add_mentions(done.index)
            summary.tokens += done.tokens
            summary.documents += 1
            summary.failed += bool(err)
            shown = display_path(path)  # a name in CP1251 bytes, a newline in it: printable, one line
            problems = ([("error", *err)] if err else []) + [("warning", c, m, h, WARNING_STAGE[c]) for c, m, h in warnings]
            for level, code, message, hint, stage in problems:
                writer.error({"doc_id": doc_id, "source_path": shown, "level": level, "stage": stage,
                              "code": code, "message": message, "hint": hint})
                bar.write(problem_line(level, shown, code, message, hint), file=sys.stderr)
            summary.inputs.append({"doc_id": doc_id, "path": shown, "sha256": done.sha256, "status": done.status,
                                   "seconds": round(time.perf_counter() - t, 3)})
            bar.update(1)
        return index

    def _keep(self, keys: tuple | None, blobs: tuple | None) -> None:
        if blobs and self.store and keys:
            self.store.put(keys[0], "base", blob=blobs[0])
            self.store.put(keys[1], "full", blob=blobs[1])

    def _cached(self, doc_id: str, path: Path, keys: tuple, summary: RunSummary) -> tuple:
        """(rendered, error) of a document the cache has: as written before, or the codebook stages run again
        on its cached analysis (a new codebook or name), or — an entry that cannot be read — analysed again."""
        done = self.store.get(keys[1])
        if done is not None:
            return done, None
        doc = self.store.get(keys[0])
        if doc is None:
            done, err, blobs = job(doc_id, path, self.base_stages(), self.late, True, summary.stage_seconds, self.limits)
            self._keep(keys, blobs)
            return done, err
        doc.doc_id, doc.source_path = doc_id, display_path(path)
        doc.keep_back_matter = self.limits.keep_back_matter
        doc = analyse(doc, self.late, summary.stage_seconds)
        done = counted(render(doc, self.limits.raw_csv), doc, self.limits)
        self.store.put(keys[1], "full", done)
        return done, None


def problem_line(level: str, path: str, code: str, message: str, hint: str) -> str:
    """The line a run says on stderr for a document's error or warning (errors.csv has the same fields)."""
    return f"{level}: {path}: [{code}] {message} — {hint}"


# ---------------------------------------------------------------- execute

def _engine(todo: list, timings: dict, batch: Batch, pool: Workers | None, workers: int, engine: str,
            scheduler: str | None, codebook: Path | None):
    """The results of the documents to analyse, in their order: from a pool of workers, or in this process."""
    keep = batch.store is not None
    if pool is None and todo and (engine == "dask" or min(workers, len(todo)) > 1):
        pool = batch.own = Workers(min(workers, len(todo)), engine, scheduler, codebook=codebook,
                                   max_memory=batch.limits.max_memory)
    if pool is not None:
        batch.pool = pool
        return pool.analyse(todo, codebook, keep, timings, batch.limits)
    return local(todo, batch.base_stages() if todo else [], batch.late, keep, timings, batch.limits)


# ---------------------------------------------------------------- report

def _report(gen: Path, group_by: str | None, keep_back_matter: bool, previous: Path | None = None,
            figures=None) -> ReportError | None:
    """The report into the generation; a bug in a figure drops the report's parts and is returned (the
    datasets are complete, and switched); a full disk, an interrupt or a bad --group-by are raised."""
    try:
        _write_reports(gen, group_by=group_by, keep_back_matter=keep_back_matter, previous=previous, figures=figures)
    except (OSError, ValueError):
        raise
    except Exception as e:
        for name in REPORT_PARTS:
            remove(gen / name)
        return ReportError(f"{type(e).__name__}: {e}")
    return None


def write_reports(out: Path, group_by: str | None = None, keep_back_matter: bool = False, quiet: bool = False) -> None:
    """Recompute everything that comes from a finished run's CSVs — frequencies, figures, the report, the
    data package — as a new generation of OUT (its datasets and texts hard-linked, not copied), switched
    to in one step: an interrupted report leaves the previous one, whole. Each step shows its progress on
    stderr unless `quiet`."""
    out = Path(out)
    run_folder(out)
    with Output(out) as output, output.generation() as gen, progress.shown(not quiet):
        output.seed(gen)
        _write_reports(gen, group_by=group_by, keep_back_matter=keep_back_matter, previous=output.current())


def _write_reports(folder: Path, group_by: str | None = None, keep_back_matter: bool = False,
                   previous: Path | None = None, figures=None) -> None:
    """Everything computed from the CSVs in `folder`: frequencies, figures, the report, the data package. The figures
    are drawn in a child process (figures_process): those of the datasets alone while the frequencies are computed,
    the others once they are written, while the data package and the report, which links the figures the child says
    there will be, are written (those of `previous` kept where their data is the same: figure_reuse). The child's
    exception is raised here. `figures`: the child, if the run started it already (EarlyFigures)."""
    from ..results.datapackage import write_datapackage
    from ..results.frequencies import write_frequencies
    from ..results.report import write_report

    if figures is None:  # Python and matplotlib start in the child meanwhile
        figures = figures_process.prepare(folder, previous=previous)
    try:
        figures.early()  # the figures of the datasets alone are drawn while the statistics are computed
        write_frequencies(folder, group_by=group_by, keep_back_matter=keep_back_matter)
        figures.go()
        write_datapackage(folder)
        write_report(folder, figures=figures.shown, previous=previous)  # while the figures are drawn
        figures.finish()
    finally:
        figures.stop()  # an interrupt or a failure here: the child does not outlive this function

"""Command line: `pipeline run`, `pipeline eval`. Thin: parsing, messages and exit codes only."""

from __future__ import annotations

import json
import os
import signal
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__
from .core.quick_exit import exit_now

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 1, 2, 130, 143


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pipeline")
def cli():
    """Batch NLP for Russian and English papers on interregional and cross-border cooperation.

    \b
    Examples:
      pipeline run                          # corpora/ -> reports/
      pipeline run ~/papers --out results/
      pipeline eval ../shared/eval/factru-dev.jsonl --json scores.json
    """


@cli.command()
@click.argument("corpus", default="corpora", type=click.Path(exists=True, path_type=Path))
@click.option("--out", "-o", default="reports", type=click.Path(file_okay=False, path_type=Path),
              show_default=True, help="Output folder (created if missing).")
@click.option("--quiet", "-q", is_flag=True, help="No progress on stderr (the analysis, then the report's steps); "
                                                   "errors are still reported.")
@click.option("--codebook", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Your own codebook of cooperation formats (default: pipeline/models/codebook.yaml).")
@click.option("--models", "models_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              callback=lambda ctx, param, value: use_models(value), expose_value=False, is_eager=True,
              help="Your own copy of pipeline/models/ (cleaning, sections, entities, stop words, codebook, "
                   "gazetteer); also the PIPELINE_MODELS environment variable.")
@click.option("--group-by", metavar="COLUMN",
              help="Keyness of groups of documents by a documents.csv column (year, journal…) instead of each document.")
@click.option("--no-report", is_flag=True, help="Only the datasets: no frequencies, figures, report or data package.")
@click.option("--keep-back-matter", is_flag=True,
              help="Count the reference list and the notes about the authors in events and statistics too (by "
                   "default they are left out of frequencies, keyness, events and event dates).")
@click.option("--workers", "-j", default=None, type=click.IntRange(1, 256),
              help="Worker processes (default: the machine's cores); each loads the models once.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="`dask` runs on dask.distributed: a LocalCluster of --workers, or the cluster at --scheduler.")
@click.option("--scheduler", metavar="ADDRESS", help="A Dask scheduler, e.g. tcp://10.0.0.5:8786 (with --engine dask).")
@click.option("--no-cache", is_flag=True, help="Do not keep analysed documents in OUT/.cache.sqlite.")
@click.option("--force", is_flag=True, help="Analyse every document again, even if the cache has it; and write into an "
                                           "OUT that holds files of yours (what is in the way is moved to "
                                           "OUT/.replaced-<time>/, nothing is deleted).")
@click.option("--translit", default="wikipedia", show_default=True, metavar="SCHEME",
              help="Transliteration of Russian names in entity_index.csv (an iuliia scheme: wikipedia, "
                   "bgn_pcgn, ala_lc, gost_779, icao_doc_9303, scientific, …).")
@click.option("--raw-csv", is_flag=True,
              help="Write cells as they are. By default a text cell starting with =, +, -, @, tab or CR gets a "
                   "leading ' so that Excel does not run it as a formula (OWASP CSV injection).")
@click.option("--follow-symlinks", is_flag=True, help="Read files and folders that symbolic links point to, also "
                                                      "outside CORPUS (by default such links are reported and passed over).")
@click.option("--max-mb", default=50.0, show_default=True, type=click.FloatRange(0, min_open=True),
              help="Refuse files larger than this many MB (E009).")
@click.option("--timeout", default=600.0, show_default=True, type=click.FloatRange(0),
              help="Seconds the analysis of one document may take (E012); 0 = no limit.")
@click.option("--max-memory", default=4000.0, show_default=True, type=click.FloatRange(0),
              help="MB of memory the analysis of one document may add to a worker process (E013; with "
                   "--workers 2 or more); 0 = no limit.")
def run(corpus: Path, out: Path, quiet: bool, codebook: Path | None, translit: str, group_by: str | None,
        no_report: bool, keep_back_matter: bool, workers: int | None, engine: str, scheduler: str | None, no_cache: bool, force: bool,
        raw_csv: bool, follow_symlinks: bool, max_mb: float, timeout: float, max_memory: float):
    """Analyse every PDF, DOCX, HTML, TXT and MD file under CORPUS (default: corpora/).

    Writes OUT/text/<doc_id>.txt (cleaned text), the datasets OUT/data/*.csv (documents, sentences,
    tokens, entities, entity_index, dates, citations, references, formats, events, errors), frequency
    tables (freq_*.csv, keyness, collocations, co-occurrence, a document-term matrix), OUT/report.html
    with a page per document, OUT/report.md, OUT/figures/, OUT/datapackage.json and OUT/manifest.json. A file that cannot be read is reported on one line and in
    errors.csv; the others are still analysed.

    \b
    Exit codes:
      0  every document was analysed
      1  some documents failed (see OUT/data/errors.csv, level = error); the others were written.
         Warnings (level = warning: a duplicate, mixed encodings, no Russian or English text…) do
         not change the exit code
      2  bad usage, an invalid file in models/, the corpus has no files, or OUT cannot be used
         (not writable, the disk is full, another run is writing it, it holds files of yours)
      130  interrupted (Ctrl-C; 143: SIGTERM); OUT keeps the previous complete run, the cache
           what was analysed

    \b
    Examples:
      pipeline run
      pipeline run ../shared/seed --out /tmp/seed
      pipeline run papers/ --codebook my_codebook.yaml
      pipeline run papers/ --workers 8
      pipeline run papers/ --engine dask --scheduler tcp://10.0.0.5:8786
      python -m pipeline run papers/ -o out/ --quiet
    """
    from .core.limits import Limits

    _check_options(corpus, out, translit, group_by, follow_symlinks)
    workers = workers or os.cpu_count() or 1
    parallel = engine == "dask" or workers > 1
    limits = Limits(max_mb=max_mb, timeout=timeout, max_memory=max_memory, raw_csv=raw_csv,
                    keep_back_matter=keep_back_matter)
    summary = _run_corpus(corpus, out, quiet=quiet, translit=translit.lower(), codebook=codebook,
                          workers=workers if parallel else 1, engine=engine, scheduler=scheduler,
                          cache=None if no_cache else out / ".cache.sqlite", force=force, limits=limits,
                          follow_symlinks=follow_symlinks, report=not no_report, group_by=group_by,
                          overwrite=force, one_shot=bool((click.get_current_context().obj or {}).get("one_shot")))
    ok = summary.documents - summary.failed
    click.echo(f"{ok} of {summary.documents} documents analysed in {summary.seconds:.1f} s → {out}", err=True)
    if summary.failed:
        click.echo(f"{summary.failed} failed: see {out / 'data' / 'errors.csv'}", err=True)
        sys.exit(EXIT_SOME_FAILED)


def _check_options(corpus: Path, out: Path, translit: str, group_by: str | None, follow_symlinks: bool) -> None:
    """What click cannot check of `pipeline run`: a known transliteration, a documents.csv column, any files."""
    from .batch.manifest import TRANSLIT_SCHEMES
    from .core.schema import DOCUMENT_COLUMNS
    from .ingest.discovery import has_files

    if translit.lower() not in TRANSLIT_SCHEMES:
        raise click.BadParameter(f"unknown scheme; one of: {', '.join(TRANSLIT_SCHEMES)}", param_hint="--translit")
    if group_by is not None and group_by not in DOCUMENT_COLUMNS:
        raise click.BadParameter(f"documents.csv has no such column; one of: {', '.join(DOCUMENT_COLUMNS)}",
                                 param_hint="--group-by")
    if not has_files(corpus, exclude=out, follow_symlinks=follow_symlinks):
        click.echo(f"error: no files in {corpus} — put PDF, DOCX, HTML, TXT or MD files there", err=True)
        sys.exit(EXIT_USAGE)


def _run_corpus(corpus: Path, out: Path, **options):
    """The runner's summary; an unusable OUT, a report that failed and an interrupt as one line and an exit code."""
    from .batch.runner import ReportError
    from .batch.runner import run as run_corpus
    from .output.outdir import OutputError

    try:
        with terminated_as_interrupt():
            return run_corpus(corpus, out, **options)
    except OutputError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(EXIT_USAGE)
    except ReportError as e:  # the datasets are switched in; say what failed in one line
        click.echo(f"error: the report could not be written ({e}); the datasets in {out / 'data'} are complete — "
                   f"`pipeline report {out}` retries", err=True)
        sys.exit(EXIT_SOME_FAILED)
    except KeyboardInterrupt as e:
        click.echo(f"{'terminated' if isinstance(e, Terminated) else 'interrupted'}: {out} keeps the previous "
                   f"complete run; the documents analysed so far are in the cache, and the same command resumes",
                   err=True)
        sys.exit(EXIT_TERMINATED if isinstance(e, Terminated) else EXIT_INTERRUPTED)


def use_models(folder: Path | None) -> None:
    """--models: every module that loads knowledge, and every worker process started later, reads this folder."""
    if folder is not None:
        os.environ["PIPELINE_MODELS"] = str(folder.resolve())


class Terminated(KeyboardInterrupt):
    """SIGTERM (a scheduler's or `kill`'s stop), handled as Ctrl-C is: workers stopped, OUT left whole."""


@contextmanager
def terminated_as_interrupt():
    def stop(signum, frame):
        raise Terminated

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@cli.command(name="eval")
@click.argument("gold", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--corrections", "corrected", is_flag=False, flag_value="reports", metavar="[OUT]",
              type=click.Path(file_okay=False, path_type=Path),
              help="Instead of GOLD: score the automatic output of the run in OUT (default: reports) against its "
                   "corrected output (models/corrections.yaml; see README, Correcting the output).")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the scores as JSON to this file ('-' for stdout).")
@click.option("--texts", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="For a facts or coreference file: the JSONL of {id, text} its offsets point into (default: "
                   "factru-dev.jsonl beside it).")
def eval_(gold: Path | None, corrected: Path | None, json_path: Path | None, texts: Path | None):
    """Score the pipeline against GOLD, a JSONL file of {"id", "text", "entities": [{"start", "end", "label"}]}.

    Prints strict span+label precision, recall and F1 per label (PER, ORG, LOC) and micro-averaged. A file of
    {"id", "facts": [...]} (Meeting and Deal facts with participants) is scored for fact detection,
    participant recall and events naming two or more participants. A file of {"id", "objects": [...]} (a
    coreference layer: every object with all its mentions) is scored for B³ over the entity ids, the ids per
    object and the coverage of named and descriptor mentions. With --corrections, P/R/F1 of a run's
    automatic entities and events against the corrected ones.

    \b
    Examples:
      pipeline eval ../shared/eval/factru-dev.jsonl
      pipeline eval gold.jsonl --json scores.json
      pipeline eval ../shared/eval/factru-dev-facts.jsonl
      pipeline eval ../shared/eval/factru-dev-coref.jsonl
      pipeline eval --corrections results/ --json agreement.json
    """
    if (gold is None) == (corrected is None):
        raise click.UsageError("give GOLD, or --corrections [OUT] without GOLD")
    from .batch.assemble import build_stages
    from .evaluation import score
    from .evaluation.corrections import evaluate_corrections, format_corrections

    if corrected is not None:
        result = evaluate_corrections(corrected)
        click.echo(format_corrections(result))
    else:
        result, table = score(gold, build_stages, texts)
        click.echo(table)
    if json_path:
        text = json.dumps(result, ensure_ascii=False, indent=2)
        if str(json_path) == "-":
            click.echo(text)
        else:
            json_path.write_text(text + "\n", encoding="utf-8")


@cli.command()
@click.argument("out", default="reports", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--group-by", metavar="COLUMN", help="Keyness of groups of documents by a documents.csv column (year, "
                                                 "journal…); documents with an empty cell form the group `unknown`.")
@click.option("--keep-back-matter", is_flag=True, help="Count the reference list and the notes about the authors too.")
@click.option("--quiet", "-q", is_flag=True, help="No progress of the steps; errors are still reported.")
def report(out: Path, group_by: str | None, keep_back_matter: bool, quiet: bool):
    """Recompute frequencies, figures, report.html/report.md and datapackage.json of a finished run in OUT.

    \b
    Examples:
      pipeline report
      pipeline report results/ --group-by year
      pipeline report --quiet
    """
    from .batch.runner import write_reports

    try:
        with terminated_as_interrupt():
            write_reports(out, group_by=group_by, keep_back_matter=keep_back_matter, quiet=quiet)
    except ValueError as e:  # an unknown --group-by column
        click.echo(f"error: {e}", err=True)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        click.echo(f"interrupted: {out} keeps its previous report, whole", err=True)
        sys.exit(EXIT_INTERRUPTED)
    click.echo(f"report: {out / 'report.html'}", err=True)


@cli.command()
@click.argument("term")
@click.option("--out", "-o", default="reports", show_default=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The folder of a finished run.")
@click.option("--window", "-w", default=5, show_default=True, type=click.IntRange(1, 50), help="Tokens of context on each side.")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the CSV (default: OUT/data/kwic_<term>.csv).")
def kwic(term: str, out: Path, window: int, csv_path: Path | None):
    """Keyword in context: every occurrence of TERM in a finished run — a lemma (`россия` finds России,
    Россией…), a phrase of lemmas, or an entity id (`country/KZ` finds Казахстан, РК, Republic of Kazakhstan).

    Each line names its document and sentence (doc_id, sent_id), on the terminal and in the CSV. A search
    that finds nothing says so in one line, with what to try instead, and exits with 1.

    \b
    Examples:
      pipeline kwic россия
      pipeline kwic "форум межрегиональный сотрудничество" --window 8
      pipeline kwic country/KZ --out results/
    """
    import shutil

    from .output.outdir import run_folder
    from .results.kwic import format_table, nothing_found, write_kwic
    from .results.kwic import kwic as find

    rows = find(run_folder(out), term, window=window)
    if not rows:
        click.echo(nothing_found(out, term), err=True)
        sys.exit(EXIT_SOME_FAILED)
    click.echo(format_table(rows, width=max(shutil.get_terminal_size((100, 24)).columns, 60)))
    path = write_kwic(out, term, rows, csv_path)
    click.echo(f"{len(rows)} occurrences → {path}", err=True)


@cli.command()
@click.argument("corpus", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "-o", default="reports", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Where bench.json goes.")
@click.option("--size", "sizes", multiple=True, type=click.IntRange(1), metavar="N",
              help="Build a corpus of N documents (repeatable; default 500; --size 5000 takes long). A CORPUS "
                   "given without --size is measured as it is.")
@click.option("--repeat", type=click.IntRange(1), help="Times each run is timed; the best counts (default 2).")
@click.option("--quick", is_flag=True, help="60 documents, each run once: a smoke test, not a measurement.")
def bench(corpus: Path | None, out: Path, sizes: tuple[int, ...], repeat: int | None, quick: bool):
    """Whole `pipeline run` processes (-j1, -j2, an unchanged rerun, a rerun with one document changed) against
    a bare full natasha process on the same texts: tokens/s, shares, each phase's share, the peak RSS of every
    process (workers included), beside their targets. Default corpus: 500 documents from corpora/, the
    factRuEval dev texts and the seed. Prints a table, writes OUT/bench.json.

    \b
    Examples:
      pipeline bench
      pipeline bench --size 500 --size 5000
      pipeline bench papers/ --out results/
    """
    from .batch.bench import bench as measure
    from .batch.bench_table import format_table

    click.echo(format_table(measure(corpus, out, quick=quick, sizes=tuple(sizes) or None, repeat=repeat)))


@cli.group()
def codebook():
    """Work with a codebook of cooperation formats, spheres and risks.

    \b
    Examples:
      pipeline codebook check
      pipeline codebook check my_codebook.yaml
    """


@codebook.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check(file: Path | None):
    """Validate a codebook (default: models/codebook.yaml) and run its examples and counter-examples.

    Every example must match its key and no counter-example may. Problems are listed one per line with
    the file, line and key; the exit code is 1 if there are any.

    \b
    Examples:
      pipeline codebook check
      pipeline codebook check my_codebook.yaml
    """
    from .analysis.formats import check_codebook
    from .batch.assemble import example_stages

    stages = example_stages(file)
    book = stages[-1].codebook
    problems = check_codebook(stages, book)
    for line in problems:
        click.echo(line, err=True)
    n = sum(len(e.examples) + len(e.counter_examples) for e in book.entries.values())
    click.echo(f"{book.path}: {len(book.entries)} keys, {len(book.triggers)} triggers, {n} examples, "
               f"{len(problems)} problems")
    sys.exit(1 if problems else 0)


def main():
    """Every command answers bad input — a folder that is not a run, a gold file that is not JSONL, a folder
    it cannot write, a full disk — with one line and exit 2, never a traceback. (The pipeline's modules are
    imported only after the options are read: `--models` must be set before anything loads knowledge.)"""
    try:
        cli(standalone_mode=False, obj={"one_shot": True})  # this process runs one command, then exits
    except SystemExit as e:
        if e.code in (None, 0, EXIT_SOME_FAILED):
            exit_now(e.code or 0)
        raise
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except Exception as e:
        if isinstance(e, user_errors()):
            click.echo(f"error: {' '.join(str(e).split())}", err=True)  # a YAML parser's message spans lines
        elif isinstance(e, OSError):
            from .output.outdir import describe
            click.echo(f"error: {describe(e, Path(e.filename or '.'))}", err=True)
        else:
            raise
        sys.exit(EXIT_USAGE)
    exit_now(0)


def user_errors() -> tuple:
    """The exceptions that are the user's input, said in one line."""
    from .core.stages import StageOrderError
    from .evaluation.evaluate import GoldError
    from .knowledge.gazetteer import GazetteerError
    from .knowledge.resources import ResourceError
    from .output.outdir import OutputError

    return ResourceError, GazetteerError, StageOrderError, OutputError, GoldError

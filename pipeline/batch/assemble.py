"""The stage lists, assembled once per process: the base stages (models: natasha, spaCy, pymorphy3, the
gazetteer) and the codebook stages (formats, events), which depend on a codebook file."""

from __future__ import annotations

import gc
import hashlib
from pathlib import Path

from ..analysis.citations import Citations
from ..analysis.clean import Cleaner
from ..analysis.dates import Dates
from ..analysis.descriptors import Descriptors
from ..analysis.entities import EntitySpans
from ..analysis.events import Events
from ..analysis.formats import Formats
from ..analysis.frontmatter import FrontMatter
from ..analysis.linking import Linker, MissedPlaces
from ..analysis.metadata import Metadata
from ..analysis.nlp_en import EnglishNLP
from ..analysis.nlp_other import OtherNLP
from ..analysis.nlp_ru import Morph, RussianNLP, shared_morph
from ..analysis.references import References
from ..analysis.roles import Roles
from ..analysis.structure import Structure
from ..core.memory import give_back
from ..core.stages import Finalize, check_order, loaded
from ..knowledge.gazetteer import load_gazetteer
from ..knowledge.resources import model_path

CODEBOOK_STAGES = (Formats, Events)


def base_stages(morph=None, gazetteer=None) -> list:
    """Everything but the codebook stages. Heavy objects are built here."""
    morph = morph or Morph()
    gazetteer = (gazetteer or load_gazetteer(morph)).prepare()
    stages = [Cleaner(morph), Structure(), RussianNLP(morph), EnglishNLP(), OtherNLP(), Citations(), References(),
              Dates(), EntitySpans(morph), FrontMatter(morph, gazetteer), Roles(), MissedPlaces(gazetteer, morph),
              Linker(gazetteer, morph), Descriptors(gazetteer, morph=morph), Metadata(), Finalize()]
    return loaded(stages)  # millions of model objects, never scanned by the collector (core/stages.loaded)


def codebook_stages(morph, gazetteer, codebook: Path | None = None) -> list:
    """The stages that depend on the codebook; cheap, so they run in the main process."""
    formats = Formats(morph, codebook)
    return [formats, Events(formats.codebook, gazetteer)]


def build_stages(codebook: Path | None = None) -> list:
    """Every stage, in order, checked (stages.check_order): for one process that analyses documents itself."""
    morph = Morph()
    gazetteer = load_gazetteer(morph)
    stages = base_stages(morph, gazetteer) + codebook_stages(morph, gazetteer, codebook)
    check_order(stages)
    return stages


def split(stages: list) -> tuple[list, list]:
    """(base stages, codebook stages) of a list from build_stages."""
    return ([s for s in stages if not isinstance(s, CODEBOOK_STAGES)],
            [s for s in stages if isinstance(s, CODEBOOK_STAGES)])


def gazetteer_of(stages):
    return next(s.gazetteer for s in stages if isinstance(s, Linker))


def example_stages(codebook: Path | None = None) -> list:
    """Just what running a codebook's examples needs: text, sentences with lemmas, formats."""
    morph = Morph()
    return [Cleaner(morph), Structure(), RussianNLP(morph), EnglishNLP(), OtherNLP(), Citations(), Formats(morph, codebook)]


# ---------------------------------------------------------------- this process's stages, built once

_PROCESS: dict = {}  # the models, the base stages, and the codebook stages of one codebook content


def process_models() -> tuple:
    """(morph, gazetteer) of this process — light enough for the main process of a parallel run."""
    if "gazetteer" not in _PROCESS:
        morph = shared_morph()
        _PROCESS.update(morph=morph, gazetteer=load_gazetteer(morph))
    return _PROCESS["morph"], _PROCESS["gazetteer"]


def process_base() -> list:
    """The base stages of this process (a worker's, or a run's without workers), built on first use."""
    if "base" not in _PROCESS:
        _PROCESS["base"] = base_stages(*process_models())
    return _PROCESS["base"]


def release_models() -> None:
    """Drop this process's NLP models (navec, the taggers, the syntax parser, spaCy: ~350 MB) once its documents
    are analysed: a one-shot `pipeline run` then writes its report without them (its peak RSS is the larger of the
    two, not their sum). The morphology and the gazetteer stay: the entity index and the codebook stages use them.
    The freed memory is given back to the system (memory.give_back): 265 MB stay of 520 MB after 500 documents.
    The models' cycles, frozen with them (core/stages.loaded), stay too: 20 MB, which one collection of every
    object alive would free in 0.16 s."""
    from ..analysis.nlp_en import load_english
    from ..analysis.nlp_ru import news_embedding, news_taggers
    from ..analysis.taggers import forget_forward

    _PROCESS.pop("base", None)
    for stage in [s for k, stages in _PROCESS.items() if isinstance(k, tuple) for s in stages]:  # codebook stages
        if isinstance(stage, Events):
            stage.parser.release()
    news_taggers.cache_clear()
    news_embedding.cache_clear()
    load_english.cache_clear()
    forget_forward()
    gc.collect()
    give_back()


def forget() -> None:
    """Drop every model and cache built from the models folder (resources.use_models_dir has switched it); the
    NLP models that do not come from it (navec, the taggers, spaCy, the morphology) stay."""
    from ..analysis.byline import is_byline
    from ..output.token_counts import _defaults

    _PROCESS.clear()
    is_byline.cache_clear()
    _defaults.cache_clear()


def process_codebook_stages(codebook: Path | str | None = None) -> list:
    """The codebook stages of this process for the file `codebook`, built again only when its content changes."""
    path = Path(codebook or model_path("codebook.yaml"))
    try:
        content = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return codebook_stages(*process_models(), path)  # it reports the unreadable file
    key = ("late", str(path.resolve()), content)
    if key not in _PROCESS:
        for old in [k for k in _PROCESS if isinstance(k, tuple)]:
            del _PROCESS[old]
        _PROCESS[key] = codebook_stages(*process_models(), path if codebook else None)
    return _PROCESS[key]

"""The English pipeline as load_english builds it (its matrices multiplied by numpy, not thinc's BLIS kernels) gives
what spaCy's own pipeline gives, token for token: tags, lemmas, sentences, entities, and the parser's dependencies."""

from __future__ import annotations

import pytest

from pipeline.analysis.nlp_en import load_english, model_name, parse_english

from .conftest import CORPORA, ROOT

SEED = ROOT.parent / "shared" / "seed" / "000_5ac4b8d52ef0a1b2.txt"
TEXTS = [
    "The Intergovernmental Commission met in Omsk on 12 May 2019, and the consulate of Kazakhstan opened in 2009.",
    "Tomsk State University opened a branch in Ust-Kamenogorsk; Russia's Ministry of Education signed the deal.",
]
FILES = [CORPORA / "en_central_asia_corridors.txt", ROOT / "tests" / "papers" / "en_apa_amur_twin_cities.txt", SEED]


@pytest.fixture(scope="module")
def pipelines():
    import spacy

    own = spacy.load(model_name(), disable=["parser"])  # thinc's default ops: BLIS
    own.enable_pipe("senter")
    return load_english(), own


def _texts() -> list[str]:
    found = [path.read_text(encoding="utf-8") for path in FILES if path.exists()]
    assert len(found) >= 2, "the sample corpus and the test papers are part of the project"
    return TEXTS + found


def _annotations(nlp, text: str) -> list[tuple]:
    return [(t.idx, t.text, t.lemma_, t.pos_, t.tag_, t.ent_iob_, t.ent_type_, t.is_sent_start) for t in nlp(text)]


@pytest.mark.parametrize("index", range(len(TEXTS) + len(FILES)))
def test_same_annotations_as_spacys_own_pipeline(pipelines, index):
    texts = _texts()
    if index >= len(texts):
        pytest.skip("../shared/seed is not beside this clone")
    ours, spacys = pipelines
    assert ours.get_pipe("tok2vec").model.ops.use_blis is False
    assert _annotations(ours, texts[index]) == _annotations(spacys, texts[index])


def test_same_dependencies_as_spacys_own_parser(pipelines):
    ours, spacys = pipelines
    parsed = [[(t.head.i, t.dep_) for t in doc] for doc in parse_english(ours, TEXTS)]
    assert parsed == [[(t.head.i, t.dep_) for t in doc] for doc in parse_english(spacys, TEXTS)]
    assert any(dep == "nsubj" for sentence in parsed for _, dep in sentence)

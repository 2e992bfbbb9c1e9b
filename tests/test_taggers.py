"""analysis/taggers.py gives exactly natasha's morphology tags and NER spans, and slovnet's CRF paths."""

import json

import numpy as np
import pytest
from natasha import Doc, Segmenter
from slovnet.exec.model import CRF, Weight

from pipeline.analysis.nlp_ru import Morph, RussianNLP, news_embedding, news_taggers
from pipeline.analysis.taggers import TagParser, morph_tags, ner_spans, viterbi

from .conftest import FACTRU, SEED, need

SENTENCES = [  # real sentences: the seed, factRuEval news, and the forms issue 13 lists as ambiguous
    "В 2017 г. в Омске состоялся XIV Форум межрегионального сотрудничества России и Казахстана.",
    "После 2017 года посол Казахстана в России посетил Омскую область.",
    "Генеральное консульство РК в Омске открылось в 2009 году [7, с. 12].",
    "Стали известны объёмы экспорта стали из Казахстана в Россию.",
    "В среду губернатор Омской области встретился с акимом Павлодарской области.",
    "Соглашение о сотрудничестве подписали Министерство образования и Евразийский союз.",
]


@pytest.fixture(scope="module")
def nlp():
    return RussianNLP(Morph())


def _natasha(nlp, text):
    doc = Doc(text)
    doc.segment(Segmenter())
    doc.tag_morph(news_taggers()[0])
    doc.tag_ner(news_taggers()[1])
    return doc


def _texts():
    texts = list(SENTENCES)
    if FACTRU.exists():
        with FACTRU.open(encoding="utf-8") as lines:
            texts += [json.loads(line)["text"] for line, _ in zip(lines, range(40))]
    if SEED.exists():
        texts.append(SEED.read_text(encoding="utf-8"))
    return texts


def test_same_tags_and_spans_as_natasha(nlp):
    need(FACTRU)
    parts = TagParser()
    tokens = spans = 0
    for text in _texts():
        doc = _natasha(nlp, text)
        tags = morph_tags(news_taggers()[0], [[t.text for t in s.tokens] for s in doc.sents])
        for sent, sent_tags in zip(doc.sents, tags):
            assert [parts[tag] for tag in sent_tags] == [(t.pos, t.feats) for t in sent.tokens], sent.text
            tokens += len(sent_tags)
        assert ner_spans(news_taggers()[1], doc.tokens) == [(s.start, s.stop, s.type) for s in doc.spans]
        spans += len(doc.spans)
    assert tokens > 12_000 and spans > 800  # the comparison covered real volume


@pytest.mark.parametrize("sentence, word, pos", [
    (SENTENCES[1], "После", "ADP"), (SENTENCES[1], "посол", "NOUN"),
    (SENTENCES[3], "Стали", "VERB"), (SENTENCES[3], "экспорта", "NOUN"),
    (SENTENCES[4], "среду", "NOUN"), (SENTENCES[4], "встретился", "VERB"),
])
def test_tags_of_ambiguous_forms(nlp, sentence, word, pos):
    words = [t.text for t in _natasha(nlp, sentence).tokens]
    tags = morph_tags(news_taggers()[0], [words])[0]
    assert TagParser()[tags[words.index(word)]][0] == pos, tags


def test_lemmas_come_from_the_tagged_form(nlp):
    from pipeline.core.schema import Document, Paragraph

    text = SENTENCES[1]
    doc = Document("d", "d.txt", "txt", text=text, paragraphs=[Paragraph(0, len(text), "body", "ru")])
    doc = nlp(doc)
    lemma = {t.text: t.lemma for s in doc.sentences for t in s.tokens}
    assert lemma["После"] == "после" and lemma["посол"] == "посол" and lemma["посетил"] == "посетить"
    assert [(m.text, m.label) for m in doc.entities] == [("Казахстана", "LOC"), ("России", "LOC"),
                                                         ("Омскую область", "LOC")]


def test_same_parses_as_natashas_syntax_parser():
    """Every head and relation is natasha's, except where two candidate heads have the same encoding (a phrase
    said twice, «два пункта – покушение на убийство сотрудника»): their scores are equal but for rounding, which
    slovnet's batches and one flat sequence sum in different orders."""
    from natasha import NewsSyntaxParser

    from pipeline.analysis.cnn import Syntax

    need(FACTRU)
    parser = NewsSyntaxParser(news_embedding())
    mine = Syntax(parser)
    segmenter, sentences = Segmenter(), []
    for text in _texts()[:50]:
        doc = Doc(text)
        doc.segment(segmenter)
        sentences += [[t.text for t in s.tokens] for s in doc.sents if len(s.tokens) <= 200]
    tied = same = 0
    for start in range(0, len(sentences), 7):  # a document's trigger sentences come a few at a time
        batch = sentences[start:start + 7]
        encoded, bounds = mine.encoder.encode(batch)
        for words, (heads, rels), markup, (a, b) in zip(batch, mine(batch), parser.map(batch), bounds):
            expected = [int(t.head_id) - 1 for t in markup.tokens]
            assert rels == [t.rel for t in markup.tokens] or heads != expected, words
            for i, (h, e) in enumerate(zip(heads, expected)):
                if h != e:  # allowed only where the two heads are encoded alike
                    assert h >= 0 and e >= 0 and np.abs(encoded[a + h] - encoded[a + e]).max() < 1e-5, (words, i)
                    tied += 1
            same += heads == expected
    assert same > 600 and tied <= 3, (same, tied)


@pytest.mark.parametrize("seed", range(12))
def test_viterbi_is_slovnets_crf(seed):
    rng = np.random.default_rng(seed)
    words, tags = int(rng.integers(1, 60)), int(rng.integers(2, 10))
    emissions = rng.normal(size=(words, tags)).astype(np.float32)
    transitions = rng.normal(size=(tags, tags)).astype(np.float32)
    if seed % 3 == 0:  # ties: slovnet keeps the first maximum, and so must we
        emissions, transitions = emissions.round(0), transitions.round(0)
    crf = CRF(Weight((tags, tags), "float32", transitions))
    expected = crf.decode(emissions[None], np.ones((1, words), dtype=bool))[0].tolist()
    assert viterbi(emissions, transitions) == expected


def test_empty_inputs(nlp):
    assert viterbi(np.zeros((0, 7), dtype=np.float32), np.zeros((7, 7), dtype=np.float32)) == []
    assert ner_spans(news_taggers()[1], []) == []
    assert morph_tags(news_taggers()[0], []) == []


def test_embedding_is_shared():
    assert news_embedding() is news_embedding()


def test_the_english_model_loads_on_the_first_english_paragraph():
    from pipeline.analysis.nlp_en import EnglishNLP
    from pipeline.core.schema import Document, Paragraph

    english = EnglishNLP()
    text = SENTENCES[0]
    english(Document("d", "d.txt", "txt", text=text, paragraphs=[Paragraph(0, len(text), "body", "ru")]))
    assert english._nlp is None  # a Russian document: spaCy never loaded
    text = "The Omsk forum brought together governors of Russia and Kazakhstan."
    doc = english(Document("e", "e.txt", "txt", text=text, paragraphs=[Paragraph(0, len(text), "body", "en")]))
    assert english._nlp is not None and {m.text for m in doc.entities} >= {"Omsk", "Russia", "Kazakhstan"}


@pytest.mark.parametrize("text, word, lemma", [
    ("Он работает с большими данными в больших городах.", "большими", "большой"),
    ("Большая часть товарооборота приходится на приграничные регионы.", "Большая", "большой"),
    ("Владельцы телеканала клянутся, что уже погасили большую часть задолженности.", "большую", "большой"),
    ("Стороны обсудили сотрудничество с большим числом вузов.", "большим", "большой"),
])
def test_a_preferred_lemma_wins_a_tie(stages, text, word, lemma):
    """Every form of «большой» is one of «больший» too, which pymorphy3 lists first (models/cleaning.yaml
    `preferred_lemmas`): the lemma tables count «большой»."""
    from pipeline.core.schema import Document
    from pipeline.core.stages import analyse

    doc = analyse(Document(doc_id="t", source_path="", format="txt", raw=text), stages)
    assert {t.text: t.lemma for s in doc.sentences for t in s.tokens}[word] == lemma


def test_the_bolshoi_theatre_keeps_its_name(stages):
    from pipeline.core.schema import Document
    from pipeline.core.stages import analyse

    doc = analyse(Document(doc_id="t", source_path="", format="txt",
                           raw="Но я не прощаюсь с Большим театром, а говорю лишь до свидания."), stages)
    assert [(m.normal, m.entity_id) for m in doc.entities] == [("Большой театр", "org/bolshoy-teatr")]


def test_a_long_document_is_encoded_in_groups_with_the_same_scores():
    """Sentences go ROWS words at a time (memory bounded by the group, not the document); each scores as alone."""
    from pipeline.analysis.cnn import groups
    from pipeline.analysis.taggers import forward

    sentences = [s.split() for s in SENTENCES] * 3
    assert [len(g) for g in groups(sentences, rows=30)] == [2, 2, 2, 2, 2, 2, 2, 2, 2]
    assert list(groups([], rows=30)) == [[]] and list(groups([["a"] * 50], rows=30)) == [[["a"] * 50]]
    model = forward(news_taggers()[0])
    whole = model.scores(sentences)
    import pipeline.analysis.cnn as cnn

    saved, cnn.ROWS = cnn.ROWS, 12
    try:
        assert len(list(groups(sentences))) == 18  # one sentence per group: every group boundary is crossed
        grouped = model.scores(sentences)
    finally:
        cnn.ROWS = saved
    assert all(np.array_equal(a.argmax(-1), b.argmax(-1)) and np.allclose(a, b, atol=1e-4) for a, b in zip(whole, grouped))

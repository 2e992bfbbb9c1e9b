"""The codebook: every example matches its key, no counter-example does; formats and events on the seed."""

import pytest

from pipeline.analysis.formats import example_results
from pipeline.knowledge.codebook import (
    CodebookError,
    compile_pattern,
    load_codebook,
    match_slots,
)
from pipeline.knowledge.resources import MODELS_DIR

from .conftest import rows

pytestmark = pytest.mark.slow

CODEBOOK = load_codebook(MODELS_DIR / "codebook.yaml")
EXAMPLES = [
    pytest.param(entry.dimension, entry.key, sentence, must, id=f"{entry.key}-{'ex' if must else 'counter'}{i}")
    for entry in CODEBOOK.entries.values()
    for i, (sentence, must) in enumerate([(x, True) for x in entry.examples] + [(x, False) for x in entry.counter_examples])
]


@pytest.fixture(scope="module")
def example_stages():
    from pipeline.batch.assemble import example_stages

    return example_stages()


@pytest.fixture(scope="module")
def results(example_stages):
    book = example_stages[-1].codebook
    return {(e.dimension, e.key, s): rules for e, s, _, rules in example_results(example_stages, book)}


@pytest.mark.parametrize("dimension, key, sentence, must", EXAMPLES)
def test_codebook_example(results, dimension, key, sentence, must):
    rules = results[dimension, key, sentence]
    assert bool(rules) == must, f"{key}: {'no match' if must else 'matched by ' + '; '.join(rules)}: {sentence}"


def test_codebook_covers_every_format_and_dimension():
    from pipeline.knowledge.codebook import FORMAT_KEYS

    keys = {(e.dimension, e.key) for e in CODEBOOK.entries.values()}
    formats = {k for d, k in keys if d == "formats"}
    # the 13 keys every codebook must have, plus the default codebook's deal formats (issue 13)
    assert set(FORMAT_KEYS) | {"trade_deal", "supply", "finance_loan", "sanction"} <= formats
    assert {"education", "trade_economy", "transport_logistics", "security"} <= {k for d, k in keys if d == "spheres"}
    assert {"sanctions", "bureaucratisation"} <= {k for d, k in keys if d == "risks"}
    assert all(e.plover and e.plover_reason for e in CODEBOOK.of("formats"))
    assert {e.key: e.plover for e in CODEBOOK.of("formats") if e.family == "deal"} == {
        "agreement": "AGREE", "joint_venture_investment": "COOPERATE", "trade_deal": "COOPERATE", "supply": "COOPERATE",
        "finance_loan": "AID", "sanction": "SANCTION"}


def test_every_format_has_pinned_verb_triggers_in_both_languages():
    """Verbal predicates beside the nouns: each format has a /VERB trigger in Russian and in English, and a pinned
    slot pins each of its alternatives (`a/VERB|b/VERB`: a pin belongs to one alternative)."""
    for entry in CODEBOOK.of("formats"):
        for lang in ("ru", "en"):
            assert any(t.key == entry.key and t.lang == lang and "/VERB" in t.pattern for t in CODEBOOK.triggers), \
                (entry.key, lang)
    for t in CODEBOOK.triggers:
        for word in t.pattern.split():
            pins = {a.partition("/")[2] for a in word.split("|")}
            assert len(pins) == 1, (t.key, t.pattern, word)


@pytest.mark.parametrize("pattern, lemmas, found", [
    ("заседание … комиссия", ["состояться", "xxi", "заседание", "комиссия", "по"], [(2, 3)]),
    ("заседание … комиссия", ["заседание", "a", "b", "c", "d", "комиссия"], [(0, 5)]),
    ("заседание … комиссия", ["заседание", "a", "b", "c", "d", "e", "комиссия"], []),
    ("генеральный консульство", ["генеральный", "консульство"], [(0, 1)]),
    ("генеральный консульство", ["генеральный", "очень", "консульство"], []),
    ("визит|поездка", ["рабочий", "поездка"], [(1, 1)]),
])
def test_trigger_syntax(pattern, lemmas, found):
    slots = compile_pattern(pattern, str.lower)
    assert list(match_slots([frozenset([w]) for w in lemmas], slots)) == found


@pytest.mark.parametrize("mutation, message", [
    (lambda t: t.replace("version: 1", "version: 2", 1), "'version'"),
    (lambda t: t.replace("plover:", "plover_:", 1), ".plover'"),
    (lambda t: t.replace("  forum:", "  forums:", 1), "missing format keys: forum"),
    (lambda t: t.replace("family: meeting", "family: meetings", 1), ".family'"),
    (lambda t: t.replace("\"встретиться/VERB|", "\"встретиться/VRB|", 1), "unknown part of speech 'VRB'"),
])
def test_codebook_errors_name_file_line_and_key(tmp_path, mutation, message):
    text = (MODELS_DIR / "codebook.yaml").read_text(encoding="utf-8")
    (tmp_path / "cb.yaml").write_text(mutation(text), encoding="utf-8")
    with pytest.raises(CodebookError) as e:
        load_codebook(tmp_path / "cb.yaml")
    assert str(tmp_path / "cb.yaml") + ":" in str(e.value) and message in str(e.value)


@pytest.mark.parametrize("surface, category", [
    ("дипломатических отношений", "diplomatic_mission"),
    ("Консульства", "diplomatic_mission"),
    ("Генерального консульства", "diplomatic_mission"),
    ("Форумов межрегионального сотрудничества", "forum"),
    ("форумов", "forum"),
    ("форума", "forum"),
    ("форумах", "forum"),
    ("межпарламентских комиссий", "commission"),
    ("меморандумы", "agreement"),
    ("совместных предприятий", "joint_venture_investment"),
    ("рабочая встреча", "conference_meeting"),
    ("визиты", "visit_delegation"),
    ("делегаций", "visit_delegation"),
    ("национально-культурных центров", "culture_diaspora"),
    ("транспортного коридора", "transport_infrastructure"),
    ("единого экономического пространства", "integration_framework"),
    ("торговых представительств", "trade_mission"),
])
def test_seed_formats_in_every_inflection(seed_run, surface, category):
    """Every occurrence of the surface is covered by a format of its category."""
    out, _ = seed_run
    text = next((out / "text").glob("*.txt")).read_text(encoding="utf-8")
    formats = [(int(f["start"]), int(f["end"]), f["category"]) for f in rows(out, "formats")]
    lower, wanted = text.lower(), surface.lower()
    starts = [i for i in range(len(lower)) if lower.startswith(wanted, i)]
    assert starts, surface
    for i in starts:
        if text.rfind("[", 0, i) > text.rfind("]", 0, i):
            continue  # inside a bracketed citation: a source's title, not a format
        found = {c for s, e, c in formats if s < i + len(surface) and i < e}
        assert category in found, (surface, i, found)


def test_seed_generic_mentions_are_not_formats(seed_run):
    out, _ = seed_run
    for f in rows(out, "formats"):
        assert f["text"].lower() not in {"сотрудничество", "сотрудничества", "взаимодействия", "взаимодействие",
                                         "партнёрства", "cooperation", "interaction"}, f


# (category, date, place, status, ordinal, an actor id or "")
SEED_EVENTS = [
    # «Установление официальных дипломатических отношений 22 октября 1992 года стало отправной точкой …» names
    # no one: the parties of the sentence before (USSR, Russia, Kazakhstan) are not taken (issue 13)
    ("diplomatic_mission", "1992-10-22", "", "occurred", "", ""),
    ("diplomatic_mission", "2005-05", "Омск", "occurred", "", "country/KZ"),
    ("forum", "2003", "Омск", "occurred", "1", ""),
    ("forum", "2019", "Омск", "occurred", "", ""),
    ("forum", "2026", "Омск", "planned", "22", ""),
    ("commission", "2024-05-24", "Омск", "occurred", "21", "org/federation-council-ru"),
    ("conference_meeting", "2024-06", "", "occurred", "", "region/KZ-59"),
    ("agreement", "2024-06", "", "occurred", "", "region/KZ-59"),
    # «меморандумы о создании совместных предприятий»: ventures intended, not founded (issue 13)
    ("joint_venture_investment", "2024-06", "", "intended", "", "region/KZ-59"),
    ("education_science", "2024-11-27", "", "occurred", "", "per/vladimir-putin"),
    ("education_science", "2025-09", "", "planned", "", ""),
]


@pytest.mark.parametrize("category, date, place, status, ordinal, actor", SEED_EVENTS)
def test_seed_events(seed_run, category, date, place, status, ordinal, actor):
    out, _ = seed_run
    events = [e for e in rows(out, "events") if e["category"] == category and e["date"] == date]
    assert events, f"no {category} event on {date}"
    assert any((not place or e["place_name"] == place) and e["status"] == status and
               (not ordinal or e["ordinal"] == ordinal) and (not actor or actor in e["actors"].split(";"))
               and e["plover"] for e in events), events


def test_seed_commission_parties(seed_run):
    out, _ = seed_run
    (e,) = [e for e in rows(out, "events") if e["category"] == "commission" and e["date"] == "2024-05-24"]
    assert e["actors"].split(";") == ["org/federation-council-ru", "org/senate-kz"]


def test_seed_dyads():
    from pipeline.analysis.events import Events

    class Book:
        adjectives = {"ru": {"российский": "RU", "казахстанский": "KZ"}, "en": {"russian": "RU", "kazakh": "KZ"}}

        def of(self, dimension):
            return []

    events = Events(Book(), gazetteer=None)
    assert events._dyad("развитие российско-казахстанского взаимодействия", "ru") == ["RU", "KZ"]
    assert events._dyad("driver of Russian-Kazakh cooperation", "en") == ["RU", "KZ"]
    assert events._dyad("Северо-Казахстанская область", "ru") == []

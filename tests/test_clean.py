"""Cleaning of PDF extraction artefacts, on real lines of the seed article."""

import re

import pytest

from pipeline.analysis import clean
from pipeline.analysis.clean import Text


def steps(cleaner, text, *fns):
    t = Text.of(text)
    for fn in fns:
        t = t.apply(fn(t, cleaner))
    return t.text


# (input as extracted, expected after de-hyphenation), lines of the seed
HYPHENATION = [
    ("ключевыми политико-\n\nэкономическими событиями", "ключевыми политико-экономическими событиями"),
    ("к новым политико-\n\nэкономическим реалиям", "к новым политико-экономическим реалиям"),
    ("через шесть казахстанских национально-\n\nкультурных центров", "через шесть казахстанских национально-культурных центров"),
    ("В этом контексте российско-\n\nказахстанское сотрудничество", "В этом контексте российско-казахстанское сотрудничество"),
    ("межрегионального взаимо-\nдействия регионов", "межрегионального взаимодействия регионов"),
    ("приграничного сотруд-\n\nничества", "приграничного сотрудничества"),
    ("территории Монго-\n\nлии", "территории Монголии"),
    ("развития торгово-\n\nэкономических связей", "развития торгово-экономических связей"),
    ("границы с Павлодарской и Северо-\n\nКазахстанской областями", "границы с Павлодарской и Северо-Казахстанской областями"),
    ("между Павлодарской и Северо-Казахстанской областями", "между Павлодарской и Северо-Казахстанской областями"),
    ("the cooper-\n\nation of regions", "the cooperation of regions"),
    ("and cross-\n\nborder cooperation", "and cross-border cooperation"),
    ("driver of Russian-\n\nKazakh cooperation", "driver of Russian-Kazakh cooperation"),
]


@pytest.mark.parametrize("raw, expected", HYPHENATION)
def test_dehyphenation(cleaner, raw, expected):
    assert steps(cleaner, raw, clean.join_hyphenated_lines) == expected


SPLIT_WORDS = [
    ("interpersonal and interorganizationa l \n\nties", "interpersonal and interorganizational \n\nties"),
    ("as tools for sustainab le \n\npartnership", "as tools for sustainable \n\npartnership"),
    ("Omsk Region is presented as a hub", "Omsk Region is presented as a hub"),
    ("Smith et al. 2015, pp. 5 and a bit", "Smith et al. 2015, pp. 5 and a bit"),
    ("модель взаимодейс твия регионов", "модель взаимодействия регионов"),
    ("в г. Омске и в Казахстане", "в г. Омске и в Казахстане"),
]


@pytest.mark.parametrize("raw, expected", SPLIT_WORDS)
def test_split_word_repair(cleaner, raw, expected):
    assert steps(cleaner, raw, clean.repair_split_words) == expected


def test_running_header_removed_and_kept(cleaner, seed_text):
    t = cleaner.clean(seed_text)
    assert t.removed == ["28 Theories and Problems of Political Studies. 2025, Vol. 14, Is. 5A", "Pitrakov V.Yu."]
    assert "Theories and Problems" not in t.text and "Pitrakov" not in t.text
    # the paragraph broken by the page continues
    assert "оказывающими влияние на характер двусторонних отношений." in t.text


# (expected paragraph of the cleaned seed): headings alone, bullets alone, lines joined across
# abbreviations (г. / им. / initials) and across the page break
PARAGRAPHS = [
    "Аннотация",
    "Введение",
    "Материалы и методы",
    "Результаты и обсуждения",
    "Заключение",
    "Abstract",
    "- создание координирующих и консультативных органов;",
    "Это первый опыт присутствия казахстанского вуза в России, реализующий модель двустороннего образования. "
    "Таким образом у граждан казахской национальности проживающих в России появилась уникальная возможность "
    "получить высшее и послевузовское казахстанское образование, не выезжая из г. Омска.",
    "Консульство обеспечивает реализацию широкого спектра задач – от защиты прав граждан и консульского учёта "
    "до стимулирования торгово-экономических, политических, культурных и гуманитарных контактов "
    "[Генеральное консульство РК в Омске, www].",
]


@pytest.mark.parametrize("paragraph", PARAGRAPHS)
def test_reflow_paragraphs(cleaner, seed_text, paragraph):
    assert paragraph in cleaner.clean(seed_text).text.split("\n\n")


@pytest.mark.parametrize("joined", [
    "С момента первого форума в 2003 году в г. Омске, мероприятие приобрело регулярный характер",
    "Филиал КазНУ им. Аль-Фараби в г. Омске будет готовить бакалавров и магистров по специальностям",
    "Омского государственного университета имени Ф.М. Достоевского",
    "проведение специализированных форумов, конференций и рабочих встреч [Иванов, Жундубаев, 2015, с. 39].",
    "в 2019 году повторно был проведён в г. Омске",
])
def test_reflow_joins_inside_sentences(cleaner, seed_text, joined):
    assert joined in cleaner.clean(seed_text).text


def test_clean_text_has_no_artefacts(cleaner, seed_text):
    text = cleaner.clean(seed_text).text
    assert "\n\n\n" not in text and "  " not in text and not re.search(r" \n|\n ", text)
    assert not re.search(r"[^\W\d_]-\n", text)  # no hyphen left at a line end


def test_offsets_map_back_to_the_same_surface(cleaner, seed_text):
    t = cleaner.clean(seed_text)
    assert len(t.origin) == len(t.text) + 1
    for i, ch in enumerate(t.text):
        if ch.isalnum():
            assert seed_text[t.origin[i]] == ch, i
    # and a whole word span maps to the word in the extracted text
    start = t.text.index("взаимодействия")
    raw_start, raw_end = t.origin[start], t.origin[start + len("взаимодействия") - 1] + 1
    assert seed_text[raw_start:raw_end] == "взаимодействия"


@pytest.mark.parametrize("raw, expected", [
    ("a\u00a0b", "a b"),
    ("со\u00adтрудничество", "сотрудничество"),
    ("line\r\nnext", "line\nnext"),
    ("e\ufb03cient", "efficient"),
    ("zero\u200bwidth", "zerowidth"),
])
def test_normalize_characters(cleaner, raw, expected):
    assert steps(cleaner, raw, clean.normalize_characters) == expected


def test_paragraph_layout_keeps_every_break(cleaner):
    raw = "Заголовок без точки\n\nПервый абзац.\n\nВторой абзац"
    assert cleaner.clean(raw, paragraph_layout=True).text == raw

"""Citations, the reference list and document metadata."""

import csv

import pytest

from pipeline.analysis.citations import find_citations
from pipeline.analysis.metadata import keywords, parse_journal_line
from pipeline.analysis.references import parse_reference

# the fourteen bracketed citations of the seed: (text, kind, authors, title, year, pages)
SEED_CITATIONS = [
    ("[Питраков, 2015, с. 102]", "work", ["Питраков"], "", "2015", "102"),
    ("[Иванов, Жундубаев, 2015, с. 39]", "work", ["Иванов", "Жундубаев"], "", "2015", "39"),
    ("[Погребцова, 2024, с. 29]", "work", ["Погребцова"], "", "2024", "29"),
    ("[Волох, Питраков, 2015, с. 155]", "work", ["Волох", "Питраков"], "", "2015", "155"),
    ("[Карданова, 2020, с. 233]", "work", ["Карданова"], "", "2020", "233"),
    ("[Концепция приграничного сотрудничества в РФ, 2020]", "work", [], "Концепция приграничного сотрудничества в РФ", "2020", ""),
    ("[Благодатских, Керимов, 2018, с. 218]", "work", ["Благодатских", "Керимов"], "", "2018", "218"),
    ("[Генеральное консульство РК в Омске, www]", "web", [], "Генеральное консульство РК в Омске", "", ""),
    ("[Форум сотрудничества России и Казахстана в Омске, www]", "web", [], "Форум сотрудничества России и Казахстана в Омске", "", ""),
    ("[Сотрудничество Омской области и Казахстана, www]", "web", [], "Сотрудничество Омской области и Казахстана", "", ""),
    ("[Соглашение о сотрудничестве Омской области и Казахстана, www]", "web", [], "Соглашение о сотрудничестве Омской области и Казахстана", "", ""),
    ("[Заседание Комиссии по сотрудничеству, www]", "web", [], "Заседание Комиссии по сотрудничеству", "", ""),
    ("[Встреча Хоценко и Нурмухамбетова, www]", "web", [], "Встреча Хоценко и Нурмухамбетова", "", ""),
    ("[Открытие филиала КазНУ в Омске, www]", "web", [], "Открытие филиала КазНУ в Омске", "", ""),
]


@pytest.mark.parametrize("text, kind, authors, title, year, pages", SEED_CITATIONS)
def test_bracketed_citations(text, kind, authors, title, year, pages):
    (c,) = find_citations(f"Текст предложения {text}. Дальше.")
    assert (c.text, c.kind, c.authors, c.title, c.year, c.pages) == (text, kind, authors, title, year, pages)


@pytest.mark.parametrize("text, rows", [
    ("[12]", [("numeric", [12], "")]),
    ("[12, с. 5]", [("numeric", [12], "5")]),
    ("[3–5]", [("numeric", [3, 4, 5], "")]),
    ("[1, 4]", [("numeric", [1, 4], "")]),
])
def test_numeric_citations(text, rows):
    found = find_citations(f"Как показано ранее {text}, это так.")
    assert [(c.kind, c.numbers, c.pages) for c in found] == rows


@pytest.mark.parametrize("text, rows", [
    ("(Smith 2015; Smith & Jones, 2015, p. 5)", [(["Smith"], "2015", ""), (["Smith", "Jones"], "2015", "5")]),
    ("(Li & Petrov, 2021)", [(["Li", "Petrov"], "2021", "")]),
    ("(Karimova, 2019, pp. 112–114)", [(["Karimova"], "2019", "112–114")]),
    ("(Иванов, Петров, 2016, с. 12)", [(["Иванов", "Петров"], "2016", "12")]),
    ("(Interview 7, Almaty, 14 June 2022)", []),
    ("(верхняя палата)", []),
    ("(7 октября 2020 г.)", []),
])
def test_parenthetical_citations(text, rows):
    found = find_citations(f"The corridor grew {text} after that.")
    assert [(c.authors, c.year, c.pages) for c in found] == rows


def test_seed_has_fourteen_bracketed_citations(seed_text, cleaner):
    text = cleaner.clean(seed_text).text
    assert [c.text for c in find_citations(text)] == [row[0] for row in SEED_CITATIONS]


@pytest.mark.parametrize("entry, authors, year, title", [
    ("1. Иванов И.И., Петров П.П. Приграничное сотрудничество регионов // Журнал. 2019. № 3. С. 10–20.",
     ["Иванов И.И.", "Петров П.П."], "2019", "Приграничное сотрудничество регионов"),
    ("3. Мельников Д.Е. Субнациональные акторы в международных отношениях. Новосибирск: Наука, 2017. 214 с.",
     ["Мельников Д.Е."], "2017", "Субнациональные акторы в международных отношениях"),
    ("4. Соглашение между Правительством Новосибирской области и акиматом [Электронный ресурс]. URL: http://example.org "
     "(дата обращения: 20.01.2024).", [], "", "Соглашение между Правительством Новосибирской области и акиматом"),
    ("Smith, J. R., & Jones, M. E. (2015). Landlocked but connected: Kazakhstan and the new Silk Road. Northlake University Press.",
     ["Smith J.R.", "Jones M.E."], "2015", "Landlocked but connected: Kazakhstan and the new Silk Road"),
    ("Eurasian Transport Observatory. (2022). Corridor performance report 2021. ETO Press.",
     ["Eurasian Transport Observatory"], "2022", "Corridor performance report 2021"),
])
def test_reference_entries(entry, authors, year, title):
    # a web page's access date is not the year of the work: that stays empty (unknown)
    ref = parse_reference(entry, "r1")
    assert (ref.authors, ref.year, ref.title) == (authors, year, title)


@pytest.mark.parametrize("line, expected", [
    ("28 Theories and Problems of Political Studies. 2025, Vol. 14, Is. 5A",
     {"journal": "Theories and Problems of Political Studies", "year": "2025", "volume": "14", "issue": "5A"}),
    ("114 Вестник Сибирского института политических исследований. 2024. Т. 9, № 2",
     {"journal": "Вестник Сибирского института политических исследований", "year": "2024", "volume": "9", "issue": "2"}),
    ("Journal of Eurasian Borderlands Studies, 2023, Vol. 7, No. 1 45",
     {"journal": "Journal of Eurasian Borderlands Studies", "year": "2023", "volume": "7", "issue": "1"}),
])
def test_journal_lines(line, expected):
    assert parse_journal_line(line) == expected


def test_keywords():
    assert keywords("Ключевые слова: приграничное сотрудничество, Омская область; ЕАЭС.") == \
        "приграничное сотрудничество;Омская область;ЕАЭС"


@pytest.mark.slow
def test_seed_metadata_and_citation_rows(seed_run):
    out, _ = seed_run
    with open(out / "data" / "documents.csv", encoding="utf-8") as f:
        (doc,) = list(csv.DictReader(f))
    assert (doc["journal"], doc["year"], doc["volume"], doc["issue"], doc["authors"]) == (
        "Theories and Problems of Political Studies", "2025", "14", "5A", "Pitrakov V.Yu.")
    with open(out / "data" / "citations.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["text"], r["authors"], r["year"], r["pages"]) for r in rows] == [
        (t, ";".join(a), y, p) for t, _, a, _, y, p in SEED_CITATIONS]
    assert all(r["sent_id"] for r in rows)


@pytest.mark.slow
def test_sample_corpus_citations_link_to_references(tmp_path, stages):
    from pipeline.batch.runner import run

    from .conftest import CORPORA

    run(CORPORA / "ru_altai_mongolia.txt", tmp_path, quiet=True, stages=stages)
    with open(tmp_path / "data" / "citations.csv", encoding="utf-8") as f:
        cites = {r["text"]: r["ref_id"] for r in csv.DictReader(f)}
    with open(tmp_path / "data" / "references.csv", encoding="utf-8") as f:
        refs = {r["ref_id"]: r for r in csv.DictReader(f)}
    assert len(refs) == 6
    assert refs[cites["[Кузнецова, 2019, с. 44]"]]["authors"] == "Кузнецова А.В."
    assert refs[cites["[Бондаренко, Сейткали, 2021, с. 112]"]]["authors"] == "Бондаренко Н.С.;Сейткали Ж.К."
    assert cites["[Форум «Алтай – Монголия», www]"] == ""  # not in the list

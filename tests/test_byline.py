"""Names in bylines as journals print them, and what follows them on the line."""

import pytest

from pipeline.analysis.byline import is_byline, parse_byline


@pytest.mark.parametrize("line, names, rest", [
    ("Маршания Л.В., Нефёдова М.А., Пестич С.Д.", [("Маршания", "Л.В.", []), ("Нефёдова", "М.А.", []),
                                                  ("Пестич", "С.Д.", [])], ""),
    ("В.Д.Красильников, Москва", [("Красильников", "В.Д.", [])], "Москва"),
    ("А. С. Злобин, А. О. Залевский, И. П. Орлова", [("Злобин", "А.С.", []), ("Залевский", "А.О.", []),
                                                   ("Орлова", "И.П.", [])], ""),
    ("Алымкулова Айнура Сатылгановна", [("Алымкулова", "А.С.", [])], ""),
    ("Алымкулова Айнура Сатылгановна Ст.преподаватель кафедры истории Кыргызского национального университета",
     [("Алымкулова", "А.С.", [])], "Ст.преподаватель кафедры истории Кыргызского национального университета"),
    ("Иванова Е. В.1, Петров С. А.2", [("Иванова", "Е.В.", ["1"]), ("Петров", "С.А.", ["2"])], ""),
    ("Е. В. Иванова¹, С. А. Петров²*", [("Иванова", "Е.В.", ["1"]), ("Петров", "С.А.", ["2", "*"])], ""),
    ("Кравцова Е.А.1, 2, Петрова А.А.3", [("Кравцова", "Е.А.", ["1", "2"]), ("Петрова", "А.А.", ["3"])], ""),
    ("Иванова1 Е.В., Петров2 С.А.", [("Иванова", "Е.В.", ["1"]), ("Петров", "С.А.", ["2"])], ""),
    ("Н. В. Ли a, Е. С. Ворошилова b ✉", [("Ли", "Н.В.", ["a"]), ("Ворошилова", "Е.С.", ["b"])], ""),
    ("Ольга Николаевна Кузнецова¹, Даурен Серикович Ахметов²", [("Кузнецова", "О.Н.", ["1"]),
                                                                ("Ахметов", "Д.С.", ["2"])], ""),
    ("Е. Н. ПОНОМАРЁВА*, Т. С. КИРЬЯНОВА**", [("Пономарёва", "Е.Н.", ["*"]), ("Кирьянова", "Т.С.", ["**"])], ""),
    ("John A. Smith1,2, Maria Petrova3", [("Smith", "J.A.", ["1", "2"]), ("Petrova", "M.", ["3"])], ""),
    ("Anna Kowalska*, Elena V. Sidorova** and Olga Nikitina***", [("Kowalska", "A.", ["*"]),
                                                                 ("Sidorova", "E.V.", ["**"]),
                                                                 ("Nikitina", "O.", ["***"])], ""),
    ("Anna Smith, Olena Kovalchuk & Marta Wiśniewska", [("Smith", "A.", []), ("Kovalchuk", "O.", []),
                                                        ("Wiśniewska", "M.", [])], ""),
    ("Д.Р. Абдуллаева (Ташкентский государственный университет востоковедения, г. Ташкент, Узбекистан)",
     [("Абдуллаева", "Д.Р.", [])], ""),
])
def test_names_of_a_byline(morph, line, names, rest):
    from pipeline.analysis.frontmatter import FrontMatter

    front = FrontMatter(morph)  # its dictionary says what is a place (the city after a name) and a first name
    parsed = parse_byline(line, front.place, front.given)
    assert parsed is not None
    assert [(n.surname, n.initials, n.markers) for n in parsed[0]] == names
    assert parsed[1] == rest


@pytest.mark.parametrize("line", [
    "ПРИГРАНИЧНОЕ СОТРУДНИЧЕСТВО ОМСКОЙ ОБЛАСТИ",
    "Омский государственный университет им. Ф.М. Достоевского, Омск, Россия",
    "Cross-Border Cooperation in Central Asia",
    "Original Paper",
    "Regional Policy",
    "В статье рассматриваются механизмы приграничного сотрудничества.",
])
def test_what_is_no_byline(line):
    assert not is_byline(line)


@pytest.mark.parametrize("affiliation, organisation, city", [
    ("Омский государственный университет им. Ф.М. Достоевского, Омск, Россия",
     "Омский государственный университет им. Ф.М. Достоевского", "Омск"),
    ("Новосибирский государственный медицинский университет (НГМУ), Россия, 630091, г. Новосибирск, Красный проспект, 52",
     "Новосибирский государственный медицинский университет (НГМУ)", "Новосибирск"),
    ("Омский государственный университет им. Ф.М. Достоевского (Омск, Россия)",
     "Омский государственный университет им. Ф.М. Достоевского", "Омск"),
    ("Independent researcher, Tallinn, Estonia", "", "Tallinn"),
    ("Department of Political Science, Northlake University, Toronto, Canada",
     "Department of Political Science, Northlake University", "Toronto"),
    ("Московский государственный институт международных отношений (университет) МИД России, Москва, Россия",
     "Московский государственный институт международных отношений (университет) МИД России", "Москва"),
])
def test_city_of_an_affiliation(morph, affiliation, organisation, city):
    from pipeline.analysis.affiliation import Places, city_of
    from pipeline.knowledge.gazetteer import load_gazetteer

    places = Places(load_gazetteer(morph).prepare(), morph)
    assert city_of(affiliation, places) == (organisation, city)

import pytest

from pipeline.analysis.structure import heading, language


@pytest.mark.parametrize("line, expected", [
    ("Аннотация", ("abstract", False)),
    ("Введение", ("introduction", False)),
    ("Материалы и методы", ("methods", False)),
    ("Результаты и обсуждения", ("results", False)),
    ("Заключение", ("conclusion", False)),
    ("Список литературы", ("references", False)),
    ("СПИСОК ЛИТЕРАТУРЫ", ("references", False)),
    ("1. Введение", ("introduction", False)),
    ("## References", ("references", False)),
    ("Abstract", ("abstract", False)),
    ("Keywords: Russia, Kazakhstan, border", ("keywords", True)),
    ("Ключевые слова: приграничное сотрудничество, Омская область", ("keywords", True)),
    ("Results and Discussion", ("results", False)),
    ("Заключение соглашений между регионами стало нормой.", None),
    ("Введение в проблематику приграничья было дано выше, а здесь мы продолжим.", None),
    ("- создание координирующих и консультативных органов;", None),
])
def test_heading(line, expected):
    assert heading(line) == expected


@pytest.mark.parametrize("text, expected", [
    ("Омская область является ключевым регионом в системе приграничного сотрудничества.", "ru"),
    ("This article provides an in-depth analysis of institutional mechanisms and practices of "
     "interregional and cross-border cooperation between the Russian Federation and Kazakhstan.", "en"),
    ("Abstract", "en"),
    ("Қазақстан Республикасы мен Ресей Федерациясы арасындағы шекаралық ынтымақтастық дамып келеді.", "other"),
    ("哈萨克斯坦与俄罗斯的跨境合作不断发展。", "other"),
    ("Die grenzüberschreitende Zusammenarbeit zwischen den Regionen ist für die Entwicklung der "
     "Wirtschaft von großer Bedeutung und wird weiter ausgebaut.", "other"),
    ("Омский государственный университет (Omsk State University) открыл филиал.", "ru"),
])
def test_language(text, expected):
    assert language(text) == expected

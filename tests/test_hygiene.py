"""Hygiene of mentions on journal papers (95 real Russian papers showed each of these): feminine surnames keep
their gender, figure labels and bibliographic abbreviations are no one, no cell over 200 characters, no
mention across a line break, one id per person."""

import re

import pytest

from pipeline.analysis.hygiene import (
    check_mentions,
    not_a_name,
    split_lines,
    stop_words,
)
from pipeline.analysis.linking import auto_id
from pipeline.analysis.names import fold, read_person
from pipeline.core.schema import Document, Mention, Sentence, Token
from pipeline.core.spans import MAX_CHARS, TokenIndex
from pipeline.core.stages import analyse
from pipeline.knowledge.resources import entity_lexicon

slow = pytest.mark.slow


def analysed(stages, text: str, doc_id: str = "t") -> Document:
    return analyse(Document(doc_id=doc_id, source_path="", format="txt", raw=text), stages)


def people(doc: Document) -> dict[str, Mention]:
    return {m.text: m for m in doc.entities if m.label == "PER"}


# ------------------------------------------------------------------ feminine surnames

# (sentence, [(mention, normal)]): bylines, reference entries and in-text mentions of women
FEMININE = [
    # bylines and reference entries: the nominative, as written
    ("Мокрушина Е.В., Нефёдова М.А. Приграничное сотрудничество регионов России и Казахстана.",
     [("Мокрушина Е.В.", "Мокрушина Е.В."), ("Нефёдова М.А.", "Нефёдова М.А.")]),
    ("Е.В. Мокрушина, М.А. Нефёдова", [("Е.В. Мокрушина", "Е.В. Мокрушина"), ("М.А. Нефёдова", "М.А. Нефёдова")]),
    ("Кузнецова А.В. Парадипломатия сибирских регионов в Центральной Азии // Политическая экспертиза Сибири. "
     "2019. Т. 5, № 2. С. 38–52.", [("Кузнецова А.В.", "Кузнецова А.В.")]),
    ("Громова М.Ю., Ахметова Д.К. Университетские партнёрства Сибири и Восточного Казахстана // Вестник "
     "Евразийского образовательного пространства. 2021. № 2. С. 70–86.",
     [("Громова М.Ю.", "Громова М.Ю."), ("Ахметова Д.К.", "Ахметова Д.К.")]),
    ("Жумабаева А.Е., Нуртаев С.М. Образовательная миграция из Казахстана в Россию // Евразийский региональный "
     "вестник. 2020. № 3. С. 15–24.", [("Жумабаева А.Е.", "Жумабаева А.Е."), ("Нуртаев С.М.", "Нуртаев С.М.")]),
    ("Погребцова Е.А. Приграничное сотрудничество Омской области с Казахстаном // Вестник Омского университета. "
     "2024. № 1. С. 25–33.", [("Погребцова Е.А.", "Погребцова Е.А.")]),
    ("Абдуллаева Д.Р. Совместные образовательные программы России и Казахстана // Образование и общество в "
     "Евразии. 2022. № 4. С. 108–121.", [("Абдуллаева Д.Р.", "Абдуллаева Д.Р.")]),
    ("Карданова А.Х. Малый бизнес в приграничных регионах // Вопросы экономики. 2020. № 5. С. 230–240.",
     [("Карданова А.Х.", "Карданова А.Х.")]),
    ("Ковальская Н.П. Трансграничные регионы: теория и практика. М.: Наука, 2010. 240 с.",
     [("Ковальская Н.П.", "Ковальская Н.П.")]),
    ("Зелинская О.А. Трансграничное сотрудничество России и Казахстана. СПб.: Питер, 2018. 312 с.",
     [("Зелинская О.А.", "Зелинская О.А.")]),
    ("Подобные усилия позволят увеличить количество проектов [Карданова, 2020, с. 233].",
     [("Карданова", "Карданова")]),
    # in English
    ("Nefedova M.A., Mokrushina E.V. Cross-border cooperation of Russia and Kazakhstan.",
     [("Nefedova M.A.", "Nefedova M.A."), ("Mokrushina E.V.", "Mokrushina E.V.")]),
    ("Nefedova M.A. Regional policy of Kazakhstan. Almaty, 2018. 200 p.", [("Nefedova M.A.", "Nefedova M.A.")]),
    ("Sarnatskaya O.V., Kuznetsova A.V. Border regions of Russia // Siberian Political Review. 2020. Vol. 4, "
     "No. 1. Pp. 5–19. (In Russ.)", [("Sarnatskaya O.V.", "Sarnatskaya O.V."), ("Kuznetsova A.V.", "Kuznetsova A.V.")]),
    # in the text: a verb, an adjective or a preposition says who she is
    ("По мнению Е.В. Мокрушиной, приграничная торговля остаётся главным каналом взаимодействия.",
     [("Е.В. Мокрушиной", "Е.В. Мокрушина")]),
    ("По мнению Е.В. Мокрушиной и М.А. Нефёдовой, регион выигрывает от соседства.",
     [("Е.В. Мокрушиной", "Е.В. Мокрушина"), ("М.А. Нефёдовой", "М.А. Нефёдова")]),
    ("Статья подготовлена Е.В. Мокрушиной и М.А. Нефёдовой.",
     [("Е.В. Мокрушиной", "Е.В. Мокрушина"), ("М.А. Нефёдовой", "М.А. Нефёдова")]),
    ("Подробнее см. работы Мокрушиной Е.В. и Нефёдовой М.А.",
     [("Мокрушиной Е.В.", "Мокрушина Е.В."), ("Нефёдовой М.А.", "Нефёдова М.А.")]),
    ("Как отмечает Нефёдова, межрегиональные связи ослабли после 2014 года.", [("Нефёдова", "Нефёдова")]),
    ("Как пишет М.А. Нефёдова, регионы конкурируют за инвестиции.", [("М.А. Нефёдова", "М.А. Нефёдова")]),
    ("По словам Нефёдовой, проект был завершён в срок.", [("Нефёдовой", "Нефёдова")]),
    ("Мокрушина отметила, что число совместных предприятий выросло.", [("Мокрушина", "Мокрушина")]),
    ("Профессор Иванова показала, что торговля выросла вдвое.", [("Иванова", "Иванова")]),
    ("Доцент Сарнацкая отметила рост интереса к программам двойных дипломов.", [("Сарнацкая", "Сарнацкая")]),
    ("Как подчёркивает доцент Громова, спрос на обучение растёт.", [("Громова", "Громова")]),
    ("Кузнецова подчёркивает роль Алтайского края.", [("Кузнецова", "Кузнецова")]),
    ("В 2020 году Громова опубликовала обзор приграничных университетов.", [("Громова", "Громова")]),
    ("Е.А. Погребцова рассматривает приграничное сотрудничество как инструмент развития.",
     [("Е.А. Погребцова", "Е.А. Погребцова")]),
    ("Авторы благодарят Е.А. Погребцову за ценные замечания.", [("Е.А. Погребцову", "Е.А. Погребцова")]),
    ("В работе Т.В. Громовой рассмотрены университетские партнёрства.", [("Т.В. Громовой", "Т.В. Громова")]),
    ("Отдельно стоит отметить работу Т.В. Громовой.", [("Т.В. Громовой", "Т.В. Громова")]),
    ("В статье Ахметовой Д.К. приводятся данные о мобильности.", [("Ахметовой Д.К.", "Ахметова Д.К.")]),
    ("Вопрос рассмотрен в монографии Карповой С.В.", [("Карповой С.В.", "Карпова С.В.")]),
    # with her first name and patronymic
    ("Анна Сергеевна Петрова возглавила делегацию Омской области.",
     [("Анна Сергеевна Петрова", "Анна Сергеевна Петрова")]),
    ("Интервью с Ириной Сергеевной Белоусовой опубликовано в 2023 году.",
     [("Ириной Сергеевной Белоусовой", "Ирина Сергеевна Белоусова")]),
    ("Доклад Марии Ивановны Смирновой был посвящён образованию.",
     [("Марии Ивановны Смирновой", "Мария Ивановна Смирнова")]),
    ("С докладом выступила Ольга Николаевна Белоусова.",
     [("Ольга Николаевна Белоусова", "Ольга Николаевна Белоусова")]),
    ("Губернатор встретился с Еленой Мокрушиной.", [("Еленой Мокрушиной", "Елена Мокрушина")]),
]

# men: a genitive the context shows is normalised; an ambiguous one stays as written
MASCULINE = [
    ("По словам Виталия Хоценко, форум пройдёт в Омске.", [("Виталия Хоценко", "Виталий Хоценко")]),
    ("Документы хранятся у Петрова Сергея Ивановича.", [("Петрова Сергея Ивановича", "Петров Сергей Иванович")]),
    ("По итогам визита В.В. Путина в Узбекистан открылись филиалы.", [("В.В. Путина", "В.В. Путин")]),
    ("По итогам визитов В.В. Путина в Узбекистан и Ш.М. Мирзиёева в Россию начался рост сети филиалов.",
     [("В.В. Путина", "В.В. Путин"), ("Ш.М. Мирзиёева", "Ш.М. Мирзиёев")]),
    ("Уральский федеральный университет им. первого Президента России Б.Н. Ельцина расположен в Екатеринбурге.",
     [("Б.Н. Ельцина", "Б.Н. Ельцин")]),
    ("После визита Иванова ситуация изменилась.", [("Иванова", "Иванов")]),
    ("По мнению Петрова, сотрудничество развивается.", [("Петрова", "Петров")]),
    ("Губернатор поддержал Иванова.", [("Иванова", "Иванов")]),
    ("Встреча с Сергеем Петровым прошла в Астане.", [("Сергеем Петровым", "Сергей Петров")]),
    ("Сарнацкий Э.В. Приграничное сотрудничество Омской области // Вестник Омского университета. 2019. № 2. С. 10–18.",
     [("Сарнацкий Э.В.", "Сарнацкий Э.В.")]),
    ("Статья Иванова И.И. посвящена Казахстану.", [("Иванова И.И.", "Иванова И.И.")]),  # ambiguous: as written
]


@slow
@pytest.mark.parametrize("sentence, expected", FEMININE + MASCULINE)
def test_person_normal_forms(stages, sentence, expected):
    found = people(analysed(stages, sentence))
    for text, normal in expected:
        assert text in found, f"{text} not among {sorted(found)}"
        assert found[text].normal == normal


def test_enough_feminine_cases():
    assert len(FEMININE) >= 30


# ------------------------------------------------------------------ stop-listed labels

STOP_LISTED = [
    ("Рис. 2. Динамика товарооборота Омской области с Казахстаном, млн долл.", {"Рис", "Рис.", "Динамика"}),
    ("Рисунок 1 – Структура экспорта Омской области в Казахстан", {"Рисунок", "Рисунок 1"}),
    ("Табл. 1. Показатели внешней торговли Омской области", {"Табл", "Табл."}),
    ("Таблица 2. Число студентов из Казахстана в вузах Омска", {"Таблица", "Таблица 2"}),
    ("Fig. 3. Trade between Omsk Region and Kazakhstan, 2015–2023", {"Fig", "Fig."}),
    ("Table 1. Students from Kazakhstan in Russian universities", {"Table", "Table 1"}),
    ("Иванов И.И. Приграничье. М.: Наука, 2010. 240 с.", {"М", "М."}),
    ("Петров П.П. Регионы Сибири. СПб.: Питер, 2015. С. 15–20.", {"СПб", "С", "С."}),
    ("Smirnov A. Cross-border cooperation // Politeia. 2019. Vol. 3, No. 2. Pp. 15–30. (In Russ.)",
     {"Russ", "In Russ", "Vol", "No", "Pp"}),
    ("Там же. С. 45. Указ. соч. С. 12. Вып. 3. Изд-во Омского университета.",
     {"Там", "Там же", "Указ", "С", "Вып", "Изд-во", "Изд-во Омского университета"}),
    ("Smith J., Jones K. et al. Regional cooperation in Central Asia. London: Routledge, 2019.",
     {"et al", "Jones K. et al"}),
    ("Ibid., p. 5. Op. cit., p. 7.", {"Ibid", "Op"}),
]


@slow
@pytest.mark.parametrize("text, forbidden", STOP_LISTED)
def test_stop_listed_labels_are_no_entities(stages, text, forbidden):
    assert not {m.text for m in analysed(stages, text).entities} & forbidden


def _entries():
    lex = entity_lexicon()
    return sorted(lex.labels | lex.bibliographic)


@pytest.mark.parametrize("entry", _entries())
def test_every_stop_list_entry_is_no_entity(entry):
    """Each entry of models/entities.yaml, as a model would tag it (`М` of `М.: Наука`, `Вып` of `Вып. 3`)."""
    lex = entity_lexicon()
    word = entry.rstrip(":").rstrip(".")
    text = f"{word}.: Наука, 2010." if entry.endswith(":") else f"{word}. 3"
    doc = Document(doc_id="t", source_path="", format="txt", text=text)
    assert stop_words(doc, [Mention(0, len(word), word, "PER", "", "ru", "test")], None, lex) == []


@pytest.mark.parametrize("text, span, kept", [
    ("Рис. 2. Омская область", "Рис. 2. Омская область", "Омская область"),
    ("Изд-во Омского университета", "Изд-во Омского университета", "Омского университета"),
    ("Smith et al. 2019", "Smith et al", "Smith"),
    ("Форум прошёл в СПб в 2019 году.", "СПб", "СПб"),  # Saint Petersburg; only `СПб.:` is a publisher's city
    ("Схема территориального планирования Омской области", "Схема территориального планирования Омской области",
     "Схема территориального планирования Омской области"),  # a label without a number opens a name
])
def test_labels_are_cut_off_names(text, span, kept):
    doc = Document(doc_id="t", source_path="", format="txt", text=text)
    start = text.index(span)
    out = stop_words(doc, [Mention(start, start + len(span), span, "ORG", "", "ru", "test")], None, entity_lexicon())
    assert [m.text for m in out] == [kept]


# ------------------------------------------------------------------ length caps and line breaks

def test_tokens_are_found_in_text_order_whatever_the_order_of_sentences():
    """The 33,017-character normal form of «М»: Russian sentences are appended before the English ones, and a
    search over unsorted offsets gave a one-letter mention every token between it and the English abstract."""
    text = "Abstract here.\n\nНаука издала книгу."
    doc = Document(doc_id="t", source_path="", format="txt", text=text)
    en = Sentence(0, 14, text[:14], "abstract", "en", tokens=[Token(0, 8, "Abstract", "abstract", "NOUN"),
                                                               Token(9, 13, "here", "here", "ADV")])
    ru = Sentence(16, 35, text[16:], "body", "ru", tokens=[Token(16, 21, "Наука", "наука", "NOUN"),
                                                            Token(22, 28, "издала", "издать", "VERB")])
    doc.sentences = [ru, en]
    ix = TokenIndex(doc)
    assert [t.text for t in ix.within(16, 21)] == ["Наука"]
    assert [t.text for t in ix.within(0, 8)] == ["Abstract"]


@slow
def test_no_cell_over_the_cap(stages):
    """A runaway span (a table read as one name), a figure caption and a reference list, with an English
    abstract between Russian paragraphs: no mention, normal form or id over the cap."""
    row = " ".join(["Омского Государственного Университета Имени Достоевского Федерального Округа"] * 12)
    text = ("Мокрушина Е.В. Приграничное сотрудничество Омской области.\n\n"
            "The paper studies cross-border cooperation between the Omsk Region of Russia and Kazakhstan, its "
            "institutions and its limits, on documents of the regional governments.\n\n"
            f"Рис. 2. {row}\n\nИванов И.И. Приграничье. М.: Наука, 2010. 240 с. Петров П.П. Регионы Сибири. М.: "
            "Наука, 2012. 180 с.")
    doc = analysed(stages, text)
    for m in doc.entities + [p for m in doc.entities for p in m.parts]:
        assert len(m.text) <= MAX_CHARS and len(m.normal) <= MAX_CHARS and len(m.entity_id) <= MAX_CHARS, m
        assert not re.fullmatch(r"\W*\w\W*", m.text), m


@pytest.mark.parametrize("text, why", [
    ("М", "letter"), ("С.", "letter"), ("М.:", "letter"), ("«М»", "letter"), ("Е.В.", "initials"), ("A. S.", "initials"),
    ("СМИ", "generic"), ("Ш" * 201, "too long"), ("G-20", None), ("ЕС", None), ("Омск", None),
])
def test_what_cannot_be_a_name(text, why):
    assert not_a_name(text, entity_lexicon()) == why


def test_long_ids_are_capped_and_stay_apart():
    a, b = auto_id("ORG", "Омский " * 60 + "А"), auto_id("ORG", "Омский " * 60 + "Б")
    assert len(a) <= MAX_CHARS and len(b) <= MAX_CHARS and a != b
    assert auto_id("PER", "Виталий Хоценко") == "per/vitaly-khotsenko"


def test_the_last_word_on_mentions_added_after_the_models():
    """Mentions other stages add (citations' authors, bylines) are held to the same rules by the linker."""
    text = "Мокрушина Е.В.\n\nОмский университет. М.: Наука. Вып. 3. " + "Ш" * 300
    doc = Document(doc_id="t", source_path="", format="txt", text=text)
    long_start = text.index("Ш")
    doc.entities = [
        Mention(0, 31, text[0:31], "PER", text[0:31], "ru", "rule:byline", role="publication"),
        Mention(text.index("М.:"), text.index("М.:") + 1, "М", "LOC", "М", "ru", "natasha"),
        Mention(text.index("Вып"), text.index("Вып") + 3, "Вып", "PER", "Вып", "ru", "rule:citation",
                role="cited_author"),
        Mention(long_start, len(text), text[long_start:], "ORG", text[long_start:], "ru", "natasha"),
        Mention(16, 34, "Омский университет", "ORG", "Омский " * 40, "ru", "natasha"),
    ]
    check_mentions(doc, entity_lexicon())
    assert [(m.text, m.normal, m.role) for m in doc.entities] == [
        ("Мокрушина Е.В.", "Мокрушина Е.В.", "publication"), ("Омский университет", "Омский университет", "actor")]


@pytest.mark.parametrize("text, label, kept", [
    ("Мокрушина Е.В.\n\nОмский государственный университет", "PER", "Мокрушина Е.В."),
    ("Омская область\n\nРоссия", "LOC", "Омская область"),
    ("Рис\n\nОмская область Российской Федерации", "LOC", "Омская область Российской Федерации"),
    ("\n\n", "ORG", None),
])
def test_a_mention_never_crosses_a_line_break(text, label, kept):
    doc = Document(doc_id="t", source_path="", format="txt", text=text)
    out = split_lines(doc, [Mention(0, len(text), text, label, "", "ru", "natasha")], None, entity_lexicon())
    assert [m.text for m in out] == ([kept] if kept else [])


LINES = [
    "Мокрушина Е.В.\n\nОмский государственный университет им. Ф.М. Достоевского, Омск, Россия",
    "Рис. 2. Динамика товарооборота Омской области с Казахстаном\n\nИсточник: составлено автором по данным Омскстата.",
    "Таблица 1\n\nПоказатели внешней торговли Омской области\n\nКазахстан | Россия | 2020",
    "Вуз | Город | Год открытия\n\nКазахстанский филиал МГУ им. М.В. Ломоносова | Астана | 2001\n\n"
    "Филиал МГУ им. М.В. Ломоносова | Ташкент | 2006",
    "Е.В. Мокрушина\n\nМ.А. Нефёдова\n\nПриграничное сотрудничество Омской области и Казахстана",
]


@slow
@pytest.mark.parametrize("text", LINES)
def test_no_mention_crosses_a_line_in_a_run(stages, text):
    doc = analysed(stages, text)
    for m in doc.entities + [p for m in doc.entities for p in m.parts]:
        assert "\n" not in m.text and "\n" not in m.normal, m
        assert doc.text[m.start:m.end] == m.text


# ------------------------------------------------------------------ one person, one id

@pytest.mark.parametrize("a, b", [
    ("Сарнацкий", "Sarnatsky"), ("Сарнацкий", "Sarnatskiy"), ("Sarnatskii", "Sarnatsky"),
    ("Абдуллаева", "Abdullayeva"), ("Abdullaeva", "Abdullayeva"), ("Нефёдова", "Nefedova"), ("Нефедова", "Nefyodova"),
    ("Мирзиёев", "Mirziyoyev"), ("Заславская", "Zaslavskaia"),
])
def test_surnames_fold_alike_across_scripts(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize("text, surname, given", [
    ("Е.В. Мокрушина", "Мокрушина", ("e", "v")),
    ("Мокрушина Е.В.", "Мокрушина", ("e", "v")),
    ("Sarnatskiy E.V.", "Sarnatskiy", ("e", "v")),
    ("Pitrakov V.Yu.", "Pitrakov", ("v", "y")),
    ("Петров Сергей Иванович", "Петров", ("s", "i")),
    ("Ерлан Бахытович Серикбай", "Серикбай", ("e", "b")),
    ("Виталий Хоценко", "Хоценко", ("v",)),
    ("Хоценко", "Хоценко", ()),
])
def test_reading_a_person(text, surname, given):
    p = read_person(Mention(0, len(text), text, "PER", text, "ru", "test"))
    assert (p.surname, p.given) == (surname, given)


# (documents, groups of mention texts that share an id; mentions of different groups must differ)
SAME_PERSON = [
    (["Э.В. Сарнацкий показал рост товарооборота. Позднее Сарнацкий Э.В. уточнил оценки, а Сарнацкий "
      "подтвердил их [Сарнацкий, 2019]."],
     [{"Э.В. Сарнацкий", "Сарнацкий Э.В.", "Сарнацкий"}]),
    (["Сарнацкий Эдуард Васильевич, доцент Омского государственного университета.\n\n"
      "Э.В. Сарнацкий изучает приграничное сотрудничество России и Казахстана."],
     [{"Сарнацкий Эдуард Васильевич", "Э.В. Сарнацкий"}]),
    (["Сарнацкий Э.В. Приграничное сотрудничество. Омск, 2019.",
      "Sarnatskiy E.V. Cross-border cooperation of regions. Omsk, 2019.",
      "E.V. Sarnatsky argues that trade between the regions has grown."],
     [{"Сарнацкий Э.В.", "Sarnatskiy E.V.", "E.V. Sarnatsky"}]),
    (["По мнению Е.В. Мокрушиной, торговля растёт. Мокрушина Е.В. приводит данные Омскстата."],
     [{"Е.В. Мокрушиной", "Мокрушина Е.В."}]),
    (["Андрей Николаевич Шаповалов открыл встречу. А.Н. Шаповалов отметил рост торговли."],
     [{"Андрей Николаевич Шаповалов", "А.Н. Шаповалов"}]),
    (["Губернатор Виталий Хоценко открыл форум. Позднее Хоценко встретился с делегацией."],
     [{"Виталий Хоценко", "Хоценко"}]),
    # contradicting initials or genders: different people
    (["Иванов А.Б. Регионы России. М.: Наука, 2010. 200 с. Иванов А.В. Регионы Казахстана. М.: Наука, 2012. 180 с."],
     [{"Иванов А.Б."}, {"Иванов А.В."}]),
    (["Иванов А.В. Регионы России. Омск, 2010. 200 с. Иванова А.В. Регионы Казахстана. Омск, 2012. 180 с."],
     [{"Иванов А.В."}, {"Иванова А.В."}]),
    (["Громов С.А. Регионы России. Омск, 2010.", "Громов П.А. Регионы Казахстана. Омск, 2012."],
     [{"Громов С.А."}, {"Громов П.А."}]),
]


@slow
@pytest.mark.parametrize("documents, groups", SAME_PERSON)
def test_one_person_one_id(stages, documents, groups):
    ids = {}
    for n, text in enumerate(documents):
        for m in analysed(stages, text, doc_id=f"d{n}").entities:
            ids.setdefault(m.text, set()).add(m.entity_id)
    group_ids = []
    for group in groups:
        found = set().union(*(ids.get(t, set()) for t in group))
        assert all(t in ids for t in group), f"{group - set(ids)} not among {sorted(ids)}"
        assert len(found) == 1, f"{group}: {found}"
        group_ids.append(found.pop())
    assert len(set(group_ids)) == len(group_ids), group_ids


@slow
def test_a_bare_surname_stays_alone_among_namesakes(stages):
    doc = analysed(stages, "Иванов А.Б. Регионы России. М.: Наука, 2010. 200 с. Иванов А.В. Регионы Казахстана. "
                           "М.: Наука, 2012. 180 с. Эти выводы оспаривает Иванов.")
    ids = {m.text: m.entity_id for m in doc.entities if m.label == "PER"}
    assert ids["Иванов"] not in (ids["Иванов А.Б."], ids["Иванов А.В."])


@slow
def test_person_ids_are_spelled_from_surname_and_initials(stages):
    doc = analysed(stages, "Сарнацкий Э.В. Приграничное сотрудничество. Омск, 2019.")
    assert {m.entity_id for m in doc.entities if m.label == "PER"} == {"per/sarnatsky-e-v"}
    assert all(re.fullmatch(r"[a-z0-9/-]+", m.entity_id) for m in doc.entities if m.label == "PER")

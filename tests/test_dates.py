"""Date expressions (`doc.dates`): EDTF value, precision and kind, in Russian and English.

Tables:
- SEED_DATES: every dated expression of the seed article, its sentence as the input;
- RU_DATES, EN_DATES: written sentences for the other patterns (text, value, kind, key);
- EXACT_SPANS: the few cases whose span boundary is obvious;
- NOT_DATES: (text, forbidden substring) — no date may overlap the substring;
- ANCHORED, DURATIONS: (text, span, value, kind, inferred) — a year taken from the document's date or from the
  year written before, durations; sentences quoted from factRuEval-2016 texts (their ids in comments) and
  news-like ones; NOT_ANCHORED: (text, forbidden) — with nothing to take a year from, or not a date at all;
- the whole seed: bracketed-citation years are `citation`, the seed's non-dates stay undated,
  and no date is found beyond the expected ones.

A body sentence is put after a section heading (`Введение`, `Introduction`) so that its kind is
`event`; front matter is a short line before a heading and a body paragraph; reference-list entries
follow a `Список литературы` / `References` heading line.
"""

import re

import pytest

from pipeline.core.schema import Document
from pipeline.core.stages import analyse
from tests.conftest import SEED, need

pytestmark = pytest.mark.slow

KINDS = {"event", "citation", "publication", "duration", "other"}
PRECISIONS = {"day", "month", "year", "season", "decade", "century", "range", "duration"}

RU = "Введение\n\n"
EN = "Introduction\n\n"
RU_BODY = "\n\nВведение\n\nОмская область является ключевым регионом в системе приграничного сотрудничества."
EN_BODY = ("\n\nIntroduction\n\nOmsk Region is a key region in the system of cross-border cooperation "
           "between Russia and Kazakhstan.")
RU_REFS = "Список литературы\n\n"
EN_REFS = "References\n\n"
RU_KEYWORDS = "Аннотация\n\nВ статье рассматривается приграничное сотрудничество России и Казахстана.\n\n"
EN_KEYWORDS = "Abstract\n\nThe article examines cross-border cooperation between Russia and Kazakhstan.\n\n"


def precision_of(value: str) -> str:
    """The precision an EDTF value (or an ISO 8601 duration) of the contract implies."""
    if re.fullmatch(r"P[0-9]+(?:\.[0-9]+)?[YMWD]", value):
        return "duration"
    if "/" in value:
        return "range"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return "day"
    if re.fullmatch(r"\d{4}-2[1-4]", value):
        return "season"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return "month"
    if re.fullmatch(r"\d{4}", value):
        return "year"
    if re.fullmatch(r"\d{3}X", value):
        return "decade"
    if re.fullmatch(r"\d{2}XX", value):
        return "century"
    raise ValueError(value)


_CACHE: dict = {}


def analysed(stages, text: str) -> Document:
    if text not in _CACHE:
        _CACHE[text] = analyse(Document(doc_id="t", source_path="", format="txt", raw=text), stages)
    return _CACHE[text]


def found(doc) -> list:
    return [(d.text, d.value, d.precision, d.kind) for d in doc.dates]


def in_text(doc) -> list:
    """The dates with offsets into the cleaned text (a running header's date has none)."""
    return [d for d in doc.dates if d.start is not None]


def check_date(stages, text, value, kind, key, lang):
    doc = analysed(stages, text)
    same = [d for d in doc.dates if d.value == value]
    assert same, f"no date {value!r}; found {found(doc)}"
    keyed = [d for d in same if key.lower() in d.text.lower()]
    assert keyed, f"date {value!r} found, but its text lacks {key!r}: {found(doc)}"
    for d in keyed:
        if d.start is None:  # a running header's date: the header is not in the cleaned text
            assert d.text in (doc.running_headers or []), f"{d.text!r} has no offsets and is no running header"
        else:
            assert doc.text[d.start:d.end] == d.text, f"offsets {d.start}:{d.end} do not give {d.text!r}"
        assert d.kind == kind, f"{d.text!r} → {value}: kind {d.kind!r}, expected {kind!r}"
        assert d.precision == precision_of(value), f"{d.text!r} → {value}: precision {d.precision!r}"
        assert d.lang == lang, f"{d.text!r} → {value}: lang {d.lang!r}, expected {lang!r}"


def params(table, lang):
    return [pytest.param(text, value, kind, key, lang, id=f"{lang}{i:02d}-{value}-{kind}-{key}")
            for i, (text, value, kind, key) in enumerate(table, 1)]


# ------------------------------------------------------------------ the seed article, sentence by sentence

S_1992 = ("С момента обретения независимости Казахстаном и установления дипломатических \n\nотношений в 1992 году, "
          "двустороннее сотрудничество демонстрирует поступательное развитие, \n\nхарактеризующееся "
          "институционализацией механизмов координации, активной \n\nвовлечённостью субъектов федерации и "
          "казахстанских областей, расширением спектра \n\nвзаимодействия в торгово-экономической, политической, "
          "образовательной, культурной, \n\nгуманитарной и других сферах.")
S_1991 = ("Распад Советского Союза в 1991 году ознаменовал начало новой парадигмы \n\nмеждународных отношений в "
          "евразийском пространстве, в рамках которой Россия и Казахстан \n\nвыступили в качестве ключевых "
          "субъектов политического и экономического взаимодействия.")
S_22_OCT = ("Установление официальных дипломатических отношений 22 октября 1992 года стало отправной \n\nточкой в "
            "формировании двустороннего партнёрства, ориентированного на взаимовыгодное \n\nсотрудничество и "
            "поддержание региональной стабильности.")
S_PITRAKOV = ("В ином, не \n\nдоверительном варианте, граница становится барьером или точкой конфликтогенности "
              "\n\n[Питраков, 2015, с. 102].")
S_IVANOV = ("- проведение специализированных форумов, конференций и рабочих встреч [Иванов, \n\nЖундубаев, 2015, "
            "с. 39].")
S_POGREB = ("Это, в свою очередь, способствует свободному \n\nперемещению товаров, рабочей силы и капитала, а также "
            "формирует устойчивые \n\nмежрегиональные связи, способствующие долгосрочному социально-экономическому "
            "\n\nразвитию приграничных территорий [Погребцова, 2024, с. 29].")
S_VOLOKH = ("В торговле между сопредельными регионами \n\nРоссии и Казахстана доминирует небольшое число крупных "
            "предприятий, поставляющих свою \n\nпродукцию по железной дороге и трубопроводам, в то время как "
            "предприятия малого или \n\nсреднего бизнеса предпочитают осуществлять свои поставки через границу "
            "автомобильным \n\nтранспортом [Волох, Питраков, 2015, с. 155].")
S_KARDANOVA = ("Подобные усилия позволют \n\nувеличить количество проектов и связей, которые будут способствовать "
               "налаживанию и \n\nразвитию экономического, социального и культурного взаимодействия стран "
               "[Карданова, 2020, \n\nс. 233].")
S_CONCEPT = ("Государственная Концепция приграничного взаимодействия в Российской Федерации (7 \n\nоктября 2020 г.) "
             "предполагает консолидацию усилий федерального центра, региональных и \n\nмуниципальных властей, "
             "нацеленную на гармоничное развитие прилегающих территорий и \n\nповышение качества жизни населения "
             "[Концепция приграничного сотрудничества в РФ, 2020].")
S_BLAGOD = ("Высокий уровень экономического развития региона выступает в качестве мотива \n\nвнешнеэкономической, а "
            "за ней и внешнеполитической деятельности для региональных элит \n\n[Благодатских, Керимов, 2018, "
            "с. 218].")
S_MAY_2005 = ("Символом углубления казахстанско-российских связей стало открытие в мае 2005 года \n\nКонсульства "
              "Республики Казахстан в городе Омске, в дальнейшем преобразованного в \n\nГенеральное консульство.")
S_2003 = ("С \n\nмомента первого форума в 2003 году в г. Омске, мероприятие приобрело регулярный характер, \n\n"
          "ежегодно чередуя принимающую сторону.")
S_2019 = "Так по 2024 год было проведено 20 форумов, в 2019 \n\nгоду повторно был проведён в г. Омске."
S_2026 = ("По предложению губернатора Омской области Виталия Хоценко, XXII форум в 2026 \n\nгоду вновь планируется "
          "провести в г. Омске [Форум сотрудничества России и Казахстана в \n\nОмске, www].")
S_24_MAY = ("В частности, 24 мая 2024 года в г. Омске состоялось XXI \n\nзаседание Комиссии по сотрудничеству между "
            "Советом Федерации Федерального Собрания \n\nРоссийской Федерации и Сенатом Парламента Республики "
            "Казахстан (верхняя палата) под \n\nпредседательством Первого заместителя Председателя Совета "
            "Федерации, сопредседателя \n\nКомиссии Андрея Яцкина и Заместителя Председателя Сената Парламента "
            "Жакипа Асанова, где \n\nбыли затронуты вопросы укрепления правовой базы взаимодействия и "
            "совершенствования \n\nтранспортно-логистической сферы, в том числе развитие международного "
            "транспортного \n\nкоридора «Север – Юг» [Заседание Комиссии по сотрудничеству, www].")
S_JUNE = ("В июне 2024 года \n\nсостоялась рабочая встреча с представителями Северо-Казахстанской области во главе "
          "с \n\nАкимом региона Гауеза Нурмухамбетова, в рамках которой были подписаны меморандумы о \n\nсоздании "
          "совместных предприятий, включая строительство завода по производству \n\nтеплоэнергетического "
          "оборудования и производство гибкой упаковки [Встреча Хоценко и \n\nНурмухамбетова, www].")
S_27_NOV = ("27 ноября 2024 года Президент России Владимир Путин и Президент Казахстана \n\nКасым-Жомарт Токаев в "
            "режиме видеоконференцсвязи приняли участие в церемонии открытия \n\nфилиала Казахского национального "
            "университета имени Аль-Фараби на базе Омского \n\nгосударственного университета имени Ф.М. "
            "Достоевского – это пример реализации модели \n\nдвустороннего академического партнёрства.")
S_SEPT = ("Приём абитуриентов начнётся в сентябре 2025 \n\nгода, реализация образовательных программ будет вестись "
          "на русском, казахском и английском \n\nязыках, отвечает требованиям современного транснационального "
          "образовательного \n пространства.")
S_GRANTS = ("Правительства Российской Федерации и Республики Казахстан совместно \n\nвыделили 200 грантов – "
            "бюджетных мест на обучение будущих студентов.")
S_DIASPORA = ("Значимым фактором укрепления связей является казахская диаспора Омской области, \n\nнасчитывающая "
              "около 70 тысяч человек [Сотрудничество Омской области и Казахстана, www].")
S_STUDENTS = ("Этнокультурное взаимодействие осуществляется через шесть казахстанских национально-\n\nкультурных "
              "центров, семь центров изучения казахского языка и культуры, а также в высших и \n\nсредне-специальных "
              "образовательных учреждениях, в которых обучаются около восьми тысяч \n\nстудентов из Казахстана "
              "[Соглашение о сотрудничестве Омской области и Казахстана, www].")
S_DECADES = ("На протяжении более чем трёх десятилетий стороны последовательно выстраивали \n\nархитектуру "
             "двустороннего сотрудничества, адаптированного к новым политико-\n\nэкономическим реалиям.")
S_NOW = ("В настоящее время субъектами межрегионального и приграничного взаимодействия \n\nРоссийской Федерации и "
         "Республики Казахстан выступают органы государственной власти и \n\nместного самоуправления, "
         "бизнес-сообщество, общественные институты, а также граждане \n\nобеих стран.")
S_TILL_NOW = ("В исследовании рассмотрены исторические \n\nпредпосылки формирования двусторонних связей, "
              "проанализированы этапы эволюции \n\nсотрудничества, начиная с постсоветского периода и до настоящего "
              "времени, а также \n\nобозначены ключевые изменения в контексте современной геополитической "
              "\n\nтрансформации.")
S_PRESENT = ("The study examines the historical background of bilateral relations, \n\nanalyzes the stages of "
             "cooperation evolution from the post-Soviet period to the present, and identifies \n\nkey changes in "
             "the context of contemporary geopolitical transformation.")

SEED_DATES = [
    (RU + S_1992, "1992", "event", "1992"),
    (RU + S_1991, "1991", "event", "1991"),
    (RU + S_22_OCT, "1992-10-22", "event", "октября"),
    (RU + S_PITRAKOV, "2015", "citation", "2015"),
    (RU + S_IVANOV, "2015", "citation", "2015"),
    (RU + S_POGREB, "2024", "citation", "2024"),
    (RU + S_VOLOKH, "2015", "citation", "2015"),
    (RU + S_KARDANOVA, "2020", "citation", "2020"),
    (RU + S_CONCEPT, "2020-10-07", "event", "октября"),
    (RU + S_CONCEPT, "2020", "citation", "2020"),
    (RU + S_BLAGOD, "2018", "citation", "2018"),
    (RU + S_MAY_2005, "2005-05", "event", "мае"),
    (RU + S_2003, "2003", "event", "2003"),
    (RU + S_2019, "2019", "event", "2019"),
    (RU + S_2026, "2026", "event", "2026"),
    (RU + S_24_MAY, "2024-05-24", "event", "мая"),
    (RU + S_JUNE, "2024-06", "event", "июне"),
    (RU + S_27_NOV, "2024-11-27", "event", "ноября"),
    (RU + S_SEPT, "2025-09", "event", "сентябре"),
]

# ------------------------------------------------------------------ Russian: written sentences

RU_DATES = [
    # day
    (RU + "Договор о дружбе, сотрудничестве и взаимной помощи между Российской Федерацией и Республикой "
          "Казахстан был подписан 25 мая 1992 года.", "1992-05-25", "event", "мая"),
    (RU + "Протокол об установлении дипломатических отношений был подписан 22.10.1992 в Алма-Ате.",
     "1992-10-22", "event", "22.10.1992"),
    (RU + "Декларация о вечной дружбе и союзничестве была подписана в Москве 6 июля 1998 г.",
     "1998-07-06", "event", "июля"),
    (RU + "Договор о Евразийском экономическом союзе вступил в силу 1 января 2015 г.", "2015-01-01", "event", "января"),
    (RU + "Соглашение о межрегиональном сотрудничестве было подписано 14 февраля 2019 года в Астане.",
     "2019-02-14", "event", "февраля"),
    (RU + "16 марта 2020 года пункты пропуска на российско-казахстанской границе были временно закрыты для "
          "иностранных граждан.", "2020-03-16", "event", "марта"),
    (RU + "Договор о Евразийском экономическом союзе был подписан 29 мая 2014 года в Астане.",
     "2014-05-29", "event", "мая"),
    (RU + "Заседание межправительственной комиссии прошло 30 августа 2023 года в Павлодаре.",
     "2023-08-30", "event", "августа"),
    (RU + "Семинар по вопросам приграничной торговли прошёл в Омске 15 сентября 2022 г.",
     "2022-09-15", "event", "сентября"),
    (RU + "Форум межрегионального сотрудничества состоялся 7 ноября 2019 года в Омске.",
     "2019-11-07", "event", "ноября"),
    (RU + "Соглашение о межрегиональном сотрудничестве было ратифицировано 12 декабря 2008 года.",
     "2008-12-12", "event", "декабря"),
    (RU + "Дипломатические отношения между Россией и Казахстаном установлены 22 октября\n1992 года.",
     "1992-10-22", "event", "октября"),
    (RU + "Таможенный кодекс Таможенного союза вступил в силу 1 июля 2010 г. и заменил национальные нормы.",
     "2010-07-01", "event", "июля"),
    (RU + "Программа утверждена постановлением Правительства РФ от 27.12.2019 № 1876.",
     "2019-12-27", "event", "27.12.2019"),
    # month
    (RU + "В январе 2022 года в ряде городов Казахстана произошли массовые беспорядки.", "2022-01", "event", "январе"),
    (RU + "Январь 2022 года стал переломным моментом для внутренней политики Казахстана.",
     "2022-01", "event", "январь"),
    (RU + "В феврале 2023 г. делегация Омской области посетила Павлодар.", "2023-02", "event", "феврале"),
    (RU + "К марту 2021 года движение через пункты пропуска было частично восстановлено.", "2021-03", "event", "марту"),
    (RU + "В апреле 2023 года в Омске прошла выставка казахстанских товаров.", "2023-04", "event", "апреле"),
    (RU + "В июле 2019 г. был открыт новый автомобильный пункт пропуска.", "2019-07", "event", "июле"),
    (RU + "В августе 2023 г. в Павлодаре прошёл молодёжный форум.", "2023-08", "event", "августе"),
    (RU + "В октябре 2018 года губернатор посетил Северо-Казахстанскую область.", "2018-10", "event", "октябре"),
    (RU + "В декабре 2021 года стороны подписали дорожную карту сотрудничества.", "2021-12", "event", "декабре"),
    # year
    (RU + "Объём взаимной торговли в 2023 г. достиг рекордного значения.", "2023", "event", "2023"),
    (RU + "2021 год стал годом восстановления приграничной торговли после пандемии.", "2021", "event", "2021"),
    (RU + "К концу 2018 года в области действовало более ста совместных предприятий.", "2018", "event", "2018"),
    (RU + "Программа приграничного сотрудничества была принята в 2017 \n\nг. и действует до сих пор.",
     "2017", "event", "2017"),
    (RU + "Новый пункт пропуска планируется открыть в 2027 году.", "2027", "event", "2027"),
    (RU + "В 2020-м году товарооборот сократился из-за пандемии.", "2020", "event", "2020"),
    # season
    (RU + "Весной 2019 года в Омске прошли консультации представителей приграничных регионов.",
     "2019-21", "event", "весной"),
    (RU + "Летом 2021 г. возобновилось регулярное автобусное сообщение между Омском и Павлодаром.",
     "2021-22", "event", "летом"),
    (RU + "Осенью 2020 года пункты пропуска работали в ограниченном режиме.", "2020-23", "event", "осенью"),
    (RU + "Зимой 2022 года стороны обсудили поставки угля.", "2022-24", "event", "зимой"),
    (RU + "Переговоры завершились весной\n2023 года подписанием меморандума.", "2023-21", "event", "весной"),
    # decade
    (RU + "В 1990-е годы приграничная торговля носила преимущественно челночный характер.", "199X", "event", "1990"),
    (RU + "Экономический кризис 1990-х годов привёл к разрыву производственных связей.", "199X", "event", "1990"),
    (RU + "В 90-х приграничные районы испытывали серьёзные трудности.", "199X", "event", "90"),
    (RU + "С начала 2000-х товарооборот между регионами стабильно рос.", "200X", "event", "2000"),
    (RU + "В 2010-е гг. были созданы новые механизмы межрегионального взаимодействия.", "201X", "event", "2010"),
    # century
    (RU + "XXI век поставил перед приграничными регионами новые вызовы.", "20XX", "event", "XXI"),
    (RU + "В XXI веке роль регионов во внешней политике заметно возросла.", "20XX", "event", "XXI"),
    (RU + "Административная граница между республиками сложилась в течение XX века.", "19XX", "event", "XX"),
    # range
    (RU + "В 2015–2024 гг. было реализовано более 50 совместных проектов.", "2015/2024", "event", "2015"),
    (RU + "За период 2003–2024 было проведено двадцать форумов.", "2003/2024", "event", "2003"),
    (RU + "Данные за 2010-2020 годы свидетельствуют о росте товарооборота.", "2010/2020", "event", "2010"),
    (RU + "С 1992 по 2024 год стороны подписали более 300 соглашений.", "1992/2024", "event", "1992"),
    (RU + "Стратегия развития приграничных территорий рассчитана на 2021–2030 гг.", "2021/2030", "event", "2021"),
    (RU + "С 2014 по\n2020 год действовала программа межрегионального сотрудничества.", "2014/2020", "event", "2014"),
    (RU + "С октября 2022 по март 2023 года число пересечений границы выросло вдвое.",
     "2022-10/2023-03", "event", "октября"),
    # citations: bracketed, author–year parentheses, reference lists
    (RU + "Приграничье рассматривается как зона контакта (Иванов, Петров, 2019, с. 45).", "2019", "citation", "2019"),
    (RU + "Этот подход разделяют многие исследователи [Иванов, 2019; Петров, 2021].", "2019", "citation", "2019"),
    (RU + "Этот подход разделяют многие исследователи [Иванов, 2019; Петров, 2021].", "2021", "citation", "2021"),
    (RU + "Регионы выступают самостоятельными акторами [Laruelle, 2019, p. 12].", "2019", "citation", "2019"),
    (RU_REFS + "1. Иванов И.И. Название // Журнал. 2019. № 3. С. 10–20.", "2019", "citation", "2019"),
    (RU_REFS + "1. Иванов И.И. Приграничье России. М.: Наука, 2018. 320 с.", "2018", "citation", "2018"),
    (RU_REFS + "1. Иванов И.И. Название // Журнал. 2019. № 3. С. 10–20.\n\n2. Петров П.П. Граница и регион "
               "// Вестник Омского университета. 2021. Т. 26, № 4. С. 55–61.", "2021", "citation", "2021"),
    ("Литература\n\n1. Питраков В.Ю. Приграничное сотрудничество Омской области и Казахстана // Вестник Омского "
     "университета. 2015. Т. 9, № 2. С. 100–105.", "2015", "citation", "2015"),
    (RU_REFS + "1. Концепция приграничного сотрудничества в Российской Федерации. URL: "
               "http://www.kremlin.ru/acts/bank/45911 (дата обращения: 15.03.2024).", "2024-03-15", "citation",
     "15.03.2024"),
    # front matter
    ("Павлодар, 18 апреля 2024 года." + RU_BODY, "2024-04-18", "publication", "апреля"),
    ("Вестник Омского университета. 2023. Т. 28, № 2. С. 45–58." + RU_BODY, "2023", "publication", "2023"),
    ("Поступила в редакцию 12.03.2025 г." + RU_BODY, "2025-03-12", "publication", "12.03.2025"),
    ("© Питраков В.Ю., 2025" + RU_BODY, "2025", "publication", "2025"),
    ("Статья поступила 5 февраля 2025 г.; принята к печати 20 марта 2025 г." + RU_BODY,
     "2025-02-05", "publication", "февраля"),
    ("Статья поступила 5 февраля 2025 г.; принята к печати 20 марта 2025 г." + RU_BODY,
     "2025-03-20", "publication", "марта"),
    # keyword lists
    (RU_KEYWORDS + "Ключевые слова: приграничное сотрудничество, 1990-е годы, Омская область, Казахстан",
     "199X", "other", "1990"),
    (RU_KEYWORDS + "Ключевые слова: Евразийский экономический союз, XXI век, интеграция", "20XX", "other", "XXI"),
    # regressions found on factRuEval news texts
    (RU + "Турнир будет проводиться с 13 по 29 января 2006 года.", "2006-01-13/2006-01-29", "event", "января"),
    (RU + "Форум прошёл 17–19 мая 2023 года в Омске.", "2023-05-17/2023-05-19", "event", "мая"),
    (RU + "В конце 80-х, начале 90-х годов прошлого века связи ослабли.", "198X", "event", "80"),
]

# ------------------------------------------------------------------ English

EN_DATES = [
    # day
    (EN + "Diplomatic relations between Russia and Kazakhstan were established on October 22, 1992.",
     "1992-10-22", "event", "October"),
    (EN + "On 22 October 1992, the two states established diplomatic relations.", "1992-10-22", "event", "October"),
    (EN + "The Treaty on the Eurasian Economic Union was signed on 29 May 2014 in Astana.",
     "2014-05-29", "event", "May"),
    (EN + "The Treaty entered into force on 1 January 2015.", "2015-01-01", "event", "January"),
    (EN + "The Customs Code of the Customs Union entered into force on July 1, 2010.", "2010-07-01", "event", "July"),
    (EN + "On November 27, 2024, the presidents opened a branch of Al-Farabi Kazakh National University in Omsk.",
     "2024-11-27", "event", "November"),
    (EN + "The agreement on interregional cooperation was signed on 14 February\n2019 in Astana.",
     "2019-02-14", "event", "February"),
    # month
    (EN + "The Consulate of Kazakhstan in Omsk opened in May 2005.", "2005-05", "event", "May"),
    (EN + "In March 2020, border crossings were closed to foreign nationals.", "2020-03", "event", "March"),
    (EN + "Admission of students to the new branch begins in September 2025.", "2025-09", "event", "September"),
    # year
    (EN + "The first interregional forum was held in Omsk in 2003.", "2003", "event", "2003"),
    (EN + "In 2019, the forum returned to Omsk.", "2019", "event", "2019"),
    (EN + "By the end of 2023, bilateral trade had reached a record level.", "2023", "event", "2023"),
    (EN + "The XXII forum is planned for 2026 in Omsk.", "2026", "event", "2026"),
    ("Abstract\n\nThe study shows that the forum held in 2019 renewed regional ties.", "2019", "event", "2019"),
    # season
    (EN + "In spring 2019, regional delegations met in Omsk to discuss transport corridors.",
     "2019-21", "event", "spring"),
    (EN + "In the summer of 2021, regular bus services between Omsk and Pavlodar resumed.",
     "2021-22", "event", "summer"),
    (EN + "In autumn 2020, the checkpoints operated in a restricted mode.", "2020-23", "event", "autumn"),
    (EN + "In winter 2022, the parties discussed coal supplies.", "2022-24", "event", "winter"),
    # decade
    (EN + "In the 1990s, cross-border trade was dominated by shuttle traders.", "199X", "event", "1990s"),
    (EN + "Since the early 2000s, trade between the regions has grown steadily.", "200X", "event", "2000s"),
    # century
    (EN + "The 21st century has brought new challenges to border regions.", "20XX", "event", "21st"),
    (EN + "The administrative border between the republics was drawn in the 20th century.",
     "19XX", "event", "20th"),
    # range
    (EN + "Between 2015 and 2020, more than fifty joint projects were implemented.", "2015/2020", "event", "2015"),
    (EN + "Between May 2022 and April 2023, the number of border crossings doubled.",
     "2022-05/2023-04", "event", "May"),
    (EN + "The programme covered 2015–2024 and focused on transport infrastructure.", "2015/2024", "event", "2015"),
    (EN + "From 2010 to 2015, the Customs Union removed internal tariffs.", "2010/2015", "event", "2010"),
    # citations
    (EN + "Border regions often act as laboratories of integration (Smith & Jones, 2015, p. 5).",
     "2015", "citation", "2015"),
    (EN + "Regional elites shape cross-border agendas (Li & Petrov, 2021).", "2021", "citation", "2021"),
    (EN + "This view is shared by several authors (Laruelle, 2019; Kuznetsov, 2020).", "2019", "citation", "2019"),
    (EN + "This view is shared by several authors (Laruelle, 2019; Kuznetsov, 2020).", "2020", "citation", "2020"),
    (EN_REFS + "Smith, J., & Jones, K. (2015). Cross-border cooperation in Eurasia. Journal of Borderlands "
               "Studies, 30(2), 112–114.", "2015", "citation", "2015"),
    (EN_REFS + "1. Laruelle M. Russia and Central Asia. London: Routledge, 2019. 240 p.", "2019", "citation", "2019"),
    (EN_REFS + "1. Omsk Region Government. Official website. Available at: https://omskportal.ru "
               "(accessed 12 May 2024).", "2024-05-12", "citation", "May"),
    # front matter
    ("Theories and Problems of Political Studies. 2025. Vol. 14, Is. 5A. P. 27–35." + RU_BODY,
     "2025", "publication", "2025"),
    ("Received: 12 March 2025. Accepted: 5 May 2025." + EN_BODY, "2025-03-12", "publication", "March"),
    ("Received: 12 March 2025. Accepted: 5 May 2025." + EN_BODY, "2025-05-05", "publication", "May"),
    ("Omsk, October 1, 2024." + EN_BODY, "2024-10-01", "publication", "October"),
    ("Russian Journal of Regional Studies, 2024, no. 3, pp. 15–30." + EN_BODY, "2024", "publication", "2024"),
    # keyword lists
    (EN_KEYWORDS + "Keywords: Russia, Kazakhstan, 1990s, borderlands", "199X", "other", "1990s"),
    (EN_KEYWORDS + "Keywords: Eurasian integration, 21st century, Omsk Region", "20XX", "other", "21st"),
]


@pytest.mark.parametrize("text, value, kind, key, lang", params(SEED_DATES, "seed") + params(RU_DATES, "ru")
                         + params(EN_DATES, "en"))
def test_dates(stages, text, value, kind, key, lang):
    check_date(stages, text, value, kind, key, "ru" if lang == "seed" else lang)


# ------------------------------------------------------------------ span boundaries where they are obvious

EXACT_SPANS = [
    (RU + S_22_OCT, "22 октября 1992 года", "1992-10-22"),
    (RU + "Дипломатические отношения между Россией и Казахстаном установлены 22 октября\n1992 года.",
     "22 октября 1992 года", "1992-10-22"),
    (RU + S_24_MAY, "24 мая 2024 года", "2024-05-24"),
    (RU + S_CONCEPT, "7 октября 2020 г.", "2020-10-07"),
    (RU + S_2019, "2019 году", "2019"),
    ("Павлодар, 18 апреля 2024 года." + RU_BODY, "18 апреля 2024 года", "2024-04-18"),
    (RU + "С 1992 по 2024 год стороны подписали более 300 соглашений.", "С 1992 по 2024 год", "1992/2024"),
    (RU + "В 2015–2024 гг. было реализовано более 50 совместных проектов.", "2015–2024 гг.", "2015/2024"),
    (RU + "С октября 2022 по март 2023 года число пересечений границы выросло вдвое.",
     "С октября 2022 по март 2023 года", "2022-10/2023-03"),
    (EN + "Between May 2022 and April 2023, the number of border crossings doubled.",
     "Between May 2022 and April 2023", "2022-05/2023-04"),
    (EN + "Diplomatic relations between Russia and Kazakhstan were established on October 22, 1992.",
     "October 22, 1992", "1992-10-22"),
    (EN + "On 22 October 1992, the two states established diplomatic relations.", "22 October 1992", "1992-10-22"),
]


@pytest.mark.parametrize("text, span, value", EXACT_SPANS, ids=[s for _, s, _ in EXACT_SPANS])
def test_exact_spans(stages, text, span, value):
    doc = analysed(stages, text)
    assert (span, value) in {(d.text, d.value) for d in doc.dates}, f"found {found(doc)}"


# ------------------------------------------------------------------ not dates

NOT_DATES = [
    (RU + "На недавно прошедших 30-х Королёвских чтениях выступили учёные.", "30-х"),
    ("Theories and Problems of Political Studies. 2025. Vol. 14, Is. 5A. P. 27–35." + RU_BODY, "Vol. 14"),
    ("Theories and Problems of Political Studies. 2025. Vol. 14, Is. 5A. P. 27–35." + RU_BODY, "Is. 5A"),
    ("Theories and Problems of Political Studies. 2025. Vol. 14, Is. 5A. P. 27–35." + RU_BODY, "P. 27–35"),
    (RU + S_PITRAKOV, "с. 102"),
    (RU + S_KARDANOVA, "с. 233"),
    (RU_REFS + "1. Иванов И.И. Название // Журнал. 2019. № 3. С. 10–20.", "С. 10–20"),
    (RU_REFS + "1. Иванов И.И. Название // Журнал. 2019. № 3. С. 10–20.", "№ 3"),
    (RU_REFS + "1. Иванов И.И. Приграничье России. М.: Наука, 2018. 320 с.", "320 с."),
    ("Литература\n\n1. Питраков В.Ю. Приграничное сотрудничество Омской области и Казахстана // Вестник Омского "
     "университета. 2015. Т. 9, № 2. С. 100–105.", "Т. 9"),
    ("Вестник Омского университета. 2023. Т. 28, № 2. С. 45–58." + RU_BODY, "С. 45–58"),
    (EN_REFS + "Smith, J., & Jones, K. (2015). Cross-border cooperation in Eurasia. Journal of Borderlands "
               "Studies, 30(2), pp. 112–114.", "pp. 112–114"),
    ("Russian Journal of Regional Studies, 2024, no. 3, pp. 15–30." + EN_BODY, "pp. 15–30"),
    (EN + "Border regions often act as laboratories of integration (Smith & Jones, 2015, p. 5).", "p. 5"),
    (RU + S_GRANTS, "200 грантов"),
    (RU + S_DIASPORA, "70 тысяч человек"),
    (RU + S_STUDENTS, "восьми тысяч"),
    (RU + S_24_MAY, "XXI заседание"),
    (RU + S_2026, "XXII форум"),
    (EN + "The XXII forum is planned for 2026 in Omsk.", "XXII forum"),
    (RU + S_2019, "20 форумов"),
    (RU + S_DECADES, "более чем трёх десятилетий"),
    (EN + "For two decades, the border regions have cooperated in trade and education.", "two decades"),
    (RU + S_NOW, "В настоящее время"),
    ("Аннотация\n\n" + S_TILL_NOW, "до настоящего времени"),
    (RU + "В последние годы интерес к приграничному сотрудничеству заметно вырос.", "В последние годы"),
    (EN + "Nowadays, cross-border cooperation is an instrument of regional policy.", "Nowadays"),
    ("Abstract\n\n" + S_PRESENT, "the present"),
    (RU + "Товарооборот Омской области с Казахстаном составил 1,4 млрд долларов.", "1,4 млрд долларов"),
    (RU + "Объём накопленных казахстанских инвестиций достиг 38,6 млн долл.", "38,6 млн долл."),
    (RU + "Численность казахской диаспоры в регионе превышает 41 тыс. человек.", "41 тыс. человек"),
    (EN + "Each year about 2500 students from Kazakhstan enrol in Omsk universities.", "2500 students"),
    (RU + "Ежегодно в омских вузах обучаются около 2000 студентов из Казахстана.", "2000 студентов"),
    (RU + "Заседание комиссии началось в 14:30 по омскому времени.", "14:30"),
    (RU + "Программа утверждена постановлением Правительства РФ от 27.12.2019 № 1876.", "№ 1876"),
    (RU + "В области зарегистрировано около 1800 предприятий с казахстанским капиталом.", "1800 предприятий"),
    (EN + "Out of 1900 applications, 200 received state-funded places.", "1900 applications"),
    (RU + "Грузы по коридору доставляются на расстояние до 2000 км.", "2000 км"),
    ("УДК 327.7(571.15+517.3)" + RU_BODY, "327.7(571.15+517.3)"),
    ("DOI: 10.0000/jebs.2023.7.1.044" + RU_BODY, "10.0000/jebs.2023.7.1.044"),
    (EN_REFS + "1. Smith J. Borders and regions // Journal of Eurasian Border Studies. 2023. Vol. 7, no. 1. "
               "P. 44–52. DOI: 10.0000/jebs.2023.7.1.044", "10.0000/jebs.2023.7.1.044"),
    ("Омский государственный университет им. Ф.М. Достоевского, 644077, Омск, пр. Мира, 55а, тел. +7 (3812) "
     "22-20-19" + RU_BODY, "644077"),
    ("Омский государственный университет им. Ф.М. Достоевского, 644077, Омск, пр. Мира, 55а, тел. +7 (3812) "
     "22-20-19" + RU_BODY, "+7 (3812) 22-20-19"),
    (RU + "Форум прошёл 17 и 18 апреля в Павлодаре.", "17 и 18 апреля"),
    (RU + "В мае делегация Северо-Казахстанской области посетила Омск.", "В мае"),
    (RU + "Приграничье рассматривается как зона контакта [3, с. 25].", "с. 25"),
]


@pytest.mark.parametrize("text, forbidden", NOT_DATES, ids=[f"{i:02d}-{f}" for i, (_, f) in enumerate(NOT_DATES, 1)])
def test_not_dates(stages, text, forbidden):
    doc = analysed(stages, text)
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(forbidden), doc.text)]
    assert spans, f"{forbidden!r} is not in the cleaned text {doc.text!r}"
    bad = [(d.text, d.value, d.kind) for d in in_text(doc) for s, e in spans if d.start < e and d.end > s]
    assert not bad, f"dates found in {forbidden!r}: {bad}"


# ------------------------------------------------------------------ a year taken from elsewhere; durations

DATELINE = RU + "Омск, 15 марта 2024 года.\n\n"
F146 = ('В августе 2004 года "продуктопровод", проложенный нелегально через пограничную реку Нарву и имеющий общую '
        'протяжённость около двух километров, был испытан и начал функционировать. Преступники пользовались им до '
        'ноября того же года и успели перекачать более шести тонн водки.')
F247 = ("Как пишет Lenta.ru, до апреля 2010 года регистрация сайтов в зоне .РФ будет закрытой. С 20 апреля по 15 июня "
        "имена будут продаваться с аукциона, и только после этого сайт в кириллической зоне можно будет "
        "зарегистрировать свободно.")
F256 = ("27 марта 2011 года Россия будет жить только по летнему времени Практика переходов на зимнее и летнее время "
        "канет в Лету.\n\nВ России в ночь на 27 марта в последний раз будут переведены стрелки часов на летнее время, "
        "и эта практика уйдёт в историю.")
F389 = ("Полный список арбитров, которые будут обслуживать матчи финальной стадии чемпионата мира 2006 года в Германии "
        "с 9 июня по 7 июля:")
F401 = ("Но до 7 апреля 2006 года, регистрировались только адреса официальных или правительственный организаций стран "
        "Европейского союза, а также адреса предприятий имеющих зарегистрированную торговую марку. Всего, до 7 апреля, "
        "было выдано 55 000 таких адресов.")
F483 = ("Corus Chess Tournament будет проводится с 13 по 29 января 2006 года. В турнире А будут играть 14 гроссмейстеров "
        "по круговой системе (каждый с каждым). Будет проведено 13 туров. Начало туров — 13 часов 30 минут (средне "
        "европейское время, UTC+1, 15 часов 30 минут московского времени). Последний тур (29 января) начинается в 12 "
        "часов 30 минут.\n\nПредусмотрены три выходных дня — 18, 23 и 26 января.")
PAVLODAR = ("Павлодар, 18 апреля 2024 года. В г. Павлодаре завершил работу V Межрегиональный бизнес-форум «Павлодар – Омск: "
            "Иртышский диалог». В течение двух дней, 17 и 18 апреля, в работе форума приняли участие более 250 "
            "представителей бизнеса, органов власти и вузов двух стран.")

ANCHORED = [
    # factRuEval-2016 devset: no dateline, the year written before in the text
    (F146, "ноября того же года", "2004-11", "event", "context"),  # book_146
    (F247, "С 20 апреля по 15 июня", "2010-04-20/2010-06-15", "event", "context"),  # book_247
    (RU + F256, "27 марта", "2011-03-27", "event", "context"),  # book_256: the lead paragraph's year holds in the body
    (RU + F389, "с 9 июня по 7 июля", "2006-06-09/2006-07-07", "event", "context"),  # book_389
    (F401, "7 апреля", "2006-04-07", "event", "context"),  # book_401
    (F483, "29 января", "2006-01-29", "event", "context"),  # book_483
    (F483, "18", "2006-01-18", "event", "context"),
    (F483, "23", "2006-01-23", "event", "context"),
    (F483, "26 января", "2006-01-26", "event", "context"),
    # the document's date: a news dateline
    (PAVLODAR, "17 и 18 апреля", "2024-04-17/2024-04-18", "event", "document"),
    (DATELINE + "В прошлом году товарооборот между регионами вырос на 12 %.", "прошлом году", "2023", "event", "document"),
    (DATELINE + "В позапрошлом году граница была закрыта.", "позапрошлом году", "2022", "event", "document"),
    (DATELINE + "В текущем году стороны проведут XXII форум.", "текущем году", "2024", "event", "document"),
    (DATELINE + "Соглашение вступит в силу в следующем году.", "следующем году", "2025", "event", "document"),
    (DATELINE + "В марте этого года стороны подписали меморандум.", "марте этого года", "2024-03", "event", "document"),
    (DATELINE + "Переговоры начались 27 декабря прошлого года в Астане.", "27 декабря прошлого года", "2023-12-27",
     "event", "document"),
    (DATELINE + "Пять лет назад в Омске открылось генеральное консульство.", "Пять лет назад", "2019", "event", "document"),
    (DATELINE + "Делегация Павлодарской области посетит Омск 9 мая.", "9 мая", "2024-05-09", "event", "document"),
    (DATELINE + "Заседание комиссии пройдёт в конце апреля.", "апреля", "2024-04", "event", "document"),
    # the year written before, in the same section
    (RU + "В 2019 году стороны подписали соглашение о сотрудничестве. 27 декабря в Омске прошёл форум.",
     "27 декабря", "2019-12-27", "event", "context"),
    (RU + "Соглашение подписано в 2021 году, а в декабре стороны утвердили дорожную карту.", "декабре", "2021-12",
     "event", "context"),
    (RU + "В 2022 году регионы провели 15 совместных мероприятий; в конце марта в Омске прошёл форум.", "марта",
     "2022-03", "event", "context"),
    (RU + "В 2023 году выставка казахстанских товаров прошла в Омске с 1 по 5 марта.", "с 1 по 5 марта",
     "2023-03-01/2023-03-05", "event", "context"),
    (RU + "Форум прошёл 21–22 октября 2023 года, а 9 февраля стороны обсудили его итоги.", "9 февраля", "2023-02-09",
     "event", "context"),
    (RU + "Первый форум прошёл в Омске в 2003 году, в следующем году его принял Павлодар.", "следующем году", "2004",
     "event", "context"),
    (RU + "Консульство открылось в мае 2005 года, а в декабре того же года стало генеральным.",
     "декабре того же года", "2005-12", "event", "context"),
    (EN + "The parties signed the agreement in 2019. On 27 December they met again in Omsk.", "27 December",
     "2019-12-27", "event", "context"),
    (EN + "The forum first met in 2003; in December the governors signed a roadmap.", "December", "2003-12", "event",
     "context"),
    (EN + "The parties agreed in 2019 to meet again; in mid-December they signed a roadmap.", "December", "2019-12",
     "event", "context"),
    (EN + "The agreement was signed in March 2021, and on May 5 the first trucks crossed the border.", "May 5",
     "2021-05-05", "event", "context"),
    (EN + "The first forum was held in Omsk in 2003; the following year it moved to Pavlodar.", "the following year",
     "2004", "event", "context"),
    (EN + "Omsk, October 1, 2024.\n\nLast year bilateral trade grew by 12 per cent.", "Last year", "2023", "event",
     "document"),
    (EN + "Omsk, October 1, 2024.\n\nTwo years ago the border crossing was closed.", "Two years ago", "2022", "event",
     "document"),
    # bare years in a date context
    (RU + "В 2018-м товарооборот вырос на треть.", "2018-м", "2018", "event", ""),
    (RU + "К 2030-му году регион планирует удвоить товарооборот.", "2030-му году", "2030", "event", ""),
    (RU + "О великом британском учёном, которому в этом году исполнилось 200 лет, читайте в статье «2009-й — год "
          "Чарльза Дарвина».", "2009-й", "2009", "event", ""),  # book_425
    (RU + "С 21 сентября по 13 октября 2006 года в Элисте пройдёт матч.", "С 21 сентября по 13 октября 2006 года",
     "2006-09-21/2006-10-13", "event", ""),
]
DURATIONS = [
    (RU + "За 7 лет товарооборот между регионами вырос вдвое.", "7 лет", "P7Y", "duration", ""),
    (RU + "Программа действует более 5,5 лет.", "5,5 лет", "P5.5Y", "duration", ""),
    (RU + "В течение трёх лет стороны готовили соглашение.", "трёх лет", "P3Y", "duration", ""),
    (RU + "Строительство моста заняло два года.", "два года", "P2Y", "duration", ""),
    (RU + "Проект реализовывался 10 месяцев.", "10 месяцев", "P10M", "duration", ""),
    (RU + "Делегация провела в Омске 5 дней.", "5 дней", "P5D", "duration", ""),
    (RU + "За полгода пункт пропуска обслужил 40 тысяч автомобилей.", "полгода", "P6M", "duration", ""),
    (RU + "За последние 20 лет товарооборот между регионами вырос в несколько раз.", "20 лет", "P20Y", "duration", ""),
    (RU + "В течение 30 лет стороны последовательно развивали сотрудничество.", "30 лет", "P30Y", "duration", ""),
    (RU + "Работы должны занять две недели.", "две недели", "P2W", "duration", ""),  # book_129
    (RU + "Полёт, который первоначально должен был продлится 11 дней, занял 13 суток.", "13 суток", "P13D", "duration",
     ""),  # book_263
    (RU + "За полтора месяца до смерти актриса подскользнулась у своего дома и получила серьёзную травму.",
     "полтора месяца", "P1.5M", "duration", ""),  # book_271
    (RU + "Обвинительные приговоры были вынесены и другим участникам процесса: Илья Васильевич, Федор Мирзоянов и "
          "Владимир Яроменак проведут в колонии усиленного режима 3 года, Олег Гнедчик — 3,5 года.", "3,5 года",
     "P3.5Y", "duration", ""),  # book_347
    (RU + "Международная организация потратит 29 миллионов долларов в течение 10 лет на борьбу с незаконными "
          "тотализаторами и подкупом судей, официальных лиц и игроков.", "10 лет", "P10Y", "duration", ""),  # book_296
    (EN + "For seven years, the regions have held a joint forum.", "seven years", "P7Y", "duration", ""),
    (EN + "Trade has grown steadily over 5 years.", "5 years", "P5Y", "duration", ""),
    (EN + "Over the past 20 years, bilateral trade has tripled.", "20 years", "P20Y", "duration", ""),
    (EN + "The delegation spent two weeks in Kazakhstan.", "two weeks", "P2W", "duration", ""),
]
NOT_ANCHORED = [
    # nothing to take a year from: never invented
    (RU + "27 декабря в Омске прошёл форум межрегионального сотрудничества.", "27 декабря"),
    (RU + "В понедельник 28 июня у здания мэрии Москвы на Тверской площади состоялась очередная несанкционированная "
          "акция протеста «День гнева».", "28 июня"),  # book_100
    (EN + "On 27 December the governors signed a roadmap.", "27 December"),
    (EN + "Last year bilateral trade grew by 12 per cent.", "Last year"),
    # `в прошлом году` counts from the time of writing, not from the year before it: with no dateline, no date
    (RU + "По итогам 2005 года доходы бюджета Кипра выросли на 11,7 процента в сравнении с аналогичным показателем "
          "прошлого года и составили 667,2 миллиона кипрских фунтов, значительно превысив прогноз правительства.\n\n"
          "Около трети бюджетных доходов обеспечены поступлениями от корпоративного налога. В прошедшем году они "
          "увеличились на 16 процентов до 237,6 миллиона кипрских фунтов.", "прошедшем году"),  # book_457
    (RU + "В 2019 году товарооборот вырос, а 5 лет назад граница была закрыта.", "5 лет назад"),
    # `того же года` needs a year before it, the document's will not do
    (DATELINE + "Консульство открылось в декабре того же года.", "того же года"),
    # numbers, names and months alone are not dates
    (RU + "В 2019 году в форуме приняли участие 2018 человек.", "2018 человек"),
    (RU + "В ночь на 9 августа на улицы Лондона вывели для патрулирования дополнительно 1700 полицейских.",
     "1700 полицейских"),  # book_618
    (RU + "В 2019 году Марта Олкотт опубликовала доклад о Казахстане.", "Марта"),
    (RU + "В 2021 году март выдался холодным, а Август Шлёцер остался классиком.", "март"),
    (RU + "В 2021 году март выдался холодным, а Август Шлёцер остался классиком.", "Август"),
    (EN + "In 2017, Theresa May visited Astana; in May's cabinet trade policy changed.", "May's"),
    (EN + "In 2019 the parties agreed that trade may grow.", "may"),
    (EN + "In 2019, a speech by May surprised Astana.", "May"),
    (F146, "двух километров"),
    (F483, "13 часов 30 минут"),
    # a month in the reference list is the source's
    (RU + "В 2019 году форум прошёл в Омске.\n\n" + RU_REFS + "1. Иванов И.И. Форум в Омске // Омская правда. 2019. "
                                                           "27 декабря.", "27 декабря"),
]


def params5(table, lang):
    return [pytest.param(text, span, value, kind, inferred, id=f"{lang}{i:02d}-{value}-{span[:20]}")
            for i, (text, span, value, kind, inferred) in enumerate(table, 1)]


@pytest.mark.parametrize("text, span, value, kind, inferred", params5(ANCHORED, "a") + params5(DURATIONS, "d"))
def test_anchored_dates_and_durations(stages, text, span, value, kind, inferred):
    doc = analysed(stages, text)
    got = [(d.text, d.value, d.precision, d.kind, d.inferred) for d in in_text(doc)]
    assert (span, value, precision_of(value), kind, inferred) in got, f"found {got}"
    d = next(d for d in in_text(doc) if d.text == span)
    assert doc.text[d.start:d.end] == span


@pytest.mark.parametrize("text, forbidden", NOT_ANCHORED, ids=[f"{i:02d}-{f}" for i, (_, f) in enumerate(NOT_ANCHORED, 1)])
def test_not_anchored(stages, text, forbidden):
    test_not_dates(stages, text, forbidden)


def test_running_header_year_anchors(stages, seed_text):
    """The seed's running header gives the document's year (2025): `в прошлом году` in its body is 2024."""
    sentence = "В прошлом году товарооборот Омской области с Казахстаном вырос. "
    doc = analysed(stages, seed_text.replace("ежегодно чередуя принимающую сторону. ",
                                             "ежегодно чередуя принимающую сторону. " + sentence, 1))
    got = [(d.text, d.value, d.kind, d.inferred) for d in in_text(doc) if d.inferred]
    assert got == [("прошлом году", "2024", "event", "document")], got


def test_durations_are_never_event_dates(stages):
    text = RU + "В 2019 году стороны подписали соглашение. В течение 7 лет в Омске проходил форум сотрудничества."
    doc = analysed(stages, text)
    assert [(d.text, d.kind) for d in in_text(doc) if d.value.startswith("P")] == [("7 лет", "duration")]
    assert not [e for e in doc.events or [] if e.date.startswith("P")], [(e.category, e.date) for e in doc.events]


# ------------------------------------------------------------------ the whole seed article

@pytest.fixture(scope="module")
def seed_doc(stages):
    return analysed(stages, need(SEED).read_text(encoding="utf-8"))


def test_seed_citation_years_are_citations(seed_doc):
    doc = seed_doc
    checked = 0
    for bracket in re.finditer(r"\[[^\[\]]*\]", doc.text):
        for year in re.finditer(r"\b(?:1[89]|20)\d{2}\b", bracket.group()):
            s, e = bracket.start() + year.start(), bracket.start() + year.end()
            covering = [d for d in in_text(doc) if d.start <= s and d.end >= e]
            assert covering, f"no date for {year.group()} in {bracket.group()!r}"
            assert [(d.value, d.kind) for d in covering] == [(year.group(), "citation")], \
                f"{bracket.group()!r}: {[(d.text, d.value, d.kind) for d in covering]}"
            checked += 1
    assert checked == 7


SEED_NOT_DATES = [
    "с. 102", "с. 39", "с. 29", "с. 155", "с. 233", "с. 218", "200 грантов", "70 тысяч человек", "восьми тысяч",
    "XXI заседание", "XXII форум", "20 форумов", "более чем трёх десятилетий", "В настоящее время",
    "до настоящего времени", "to the present", "шесть консулов",
]
HEADER_NOT_DATES = ["Vol. 14", "Is. 5A"]  # in the running header, which the cleaner removes from the text


def test_seed_non_dates(seed_doc):
    doc = seed_doc
    for forbidden in SEED_NOT_DATES + HEADER_NOT_DATES:
        spans = [(m.start(), m.end()) for m in re.finditer(re.escape(forbidden), doc.text)]
        assert spans or forbidden in HEADER_NOT_DATES, f"{forbidden!r} is not in the cleaned seed"
        bad = [(d.text, d.value) for d in in_text(doc) for s, e in spans if d.start < e and d.end > s]
        assert not bad, f"dates found in {forbidden!r}: {bad}"


# (value, kind, key) of every date of the seed's cleaned text, in order
SEED_EXPECTED = [
    ("1992", "event", "1992"), ("1991", "event", "1991"), ("1992-10-22", "event", "октября"),
    ("2015", "citation", "2015"), ("2015", "citation", "2015"), ("2024", "citation", "2024"),
    ("2015", "citation", "2015"), ("2020", "citation", "2020"), ("2020-10-07", "event", "октября"),
    ("2020", "citation", "2020"), ("2018", "citation", "2018"), ("2005-05", "event", "мае"),
    ("2003", "event", "2003"), ("2019", "event", "2019"), ("2026", "event", "2026"),
    ("2024-05-24", "event", "мая"), ("2024-06", "event", "июне"), ("2024-11-27", "event", "ноября"),
    ("2025-09", "event", "сентябре"),
]
# `по 2024 год` (an open range `../2024`, or 2024, or 2003/2024 with the forum of 2003?) and
# `начиная с 1992 года` (`1992/..` or 1992?): dates, but the contract does not fix their value
SEED_OPEN = [("по 2024 год", "2024"), ("начиная с 1992 года", "1992")]


def test_seed_dates_complete(seed_doc):
    doc = seed_doc
    open_spans = []
    for phrase, _ in SEED_OPEN:
        m = re.search(re.escape(phrase), doc.text)
        assert m, phrase
        open_spans.append((m.start(), m.end()))
    dates = [d for d in sorted(in_text(doc), key=lambda d: d.start)
             if not any(d.start < e and d.end > s for s, e in open_spans)]
    got = [(d.value, d.kind, d.text) for d in dates]
    assert len(got) == len(SEED_EXPECTED), f"expected {len(SEED_EXPECTED)} dates, found {got}"
    for (value, kind, key), (v, k, text) in zip(SEED_EXPECTED, got):
        assert (v, k) == (value, kind) and key in text, f"expected {value}/{kind} ({key}), found {got}"


@pytest.mark.parametrize("phrase, year", SEED_OPEN)
def test_seed_open_ranges_are_event_dates(seed_doc, phrase, year):
    """Only what the contract fixes: a date of kind `event` covers the year and its value names it."""
    doc = seed_doc
    m = re.search(re.escape(phrase), doc.text)
    s = m.start() + phrase.index(year)
    covering = [d for d in in_text(doc) if d.start <= s < d.end]
    assert covering, f"no date on {phrase!r}"
    assert all(d.kind == "event" and year in d.value for d in covering), \
        [(d.text, d.value, d.kind) for d in covering]


def test_seed_running_header_year_is_publication(seed_doc):
    """`28 Theories and Problems of Political Studies. 2025, Vol. 14, Is. 5A`: the cleaner removes the header,
    its year stays a `publication` date without offsets; `Vol. 14`, `Is. 5A` and the page number are not dates."""
    doc = seed_doc
    header = [d for d in doc.dates if d.start is None]
    assert [(d.value, d.precision, d.kind) for d in header] == [("2025", "year", "publication")], found(doc)
    assert "Theories and Problems of Political Studies" in header[0].text


def test_gates_skip_only_rules_that_find_nothing():
    """dates_rules.GATE_OF: a rule is skipped only in a text where it has no match (every table's text, and
    look-alike letters that IGNORECASE lets match)."""
    from pipeline.analysis import dates_rules as R

    texts = [case[0] for table in (SEED_DATES, RU_DATES, EN_DATES, EXACT_SPANS, NOT_DATES, ANCHORED, DURATIONS,
                                   NOT_ANCHORED) for case in table]
    texts += ["ᲂдного года назад", "ДВАДЦАТЬ ПЯТЬ ЛЕТ", "SPRİNG 2019", "in the ’90s", "XX ВЕКА", "five years ago"]
    for text in texts:
        gates = R.Gates(text)
        for name, pattern, _ in R.COMPILED + R.ANCHORED + R.DURATIONS:
            assert gates(name) or not pattern.search(text), (name, text)

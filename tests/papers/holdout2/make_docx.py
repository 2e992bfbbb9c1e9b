"""Build ru_docx_byline_table_chinese_coauthor.docx (holdout-2 sample paper as a journal's Word file).

    .venv/bin/python tests/papers/holdout2/make_docx.py

Deliberate features: the byline is a borderless Word TABLE (one column per author: full name in
row 1 — Russian 'Given Patronymic Surname' order, but the Chinese co-author 'Чжан Ли' is written
surname first —, organisation in row 2, 'city, country' in row 3, e-mail in row 4, ORCID in row 5
with an empty cell); the title is a bold centred Normal paragraph (no Title style) preceded by the
journal line, 'Научная статья', УДК and DOI paragraphs; 'Аннотация' is a bold one-word paragraph
above the abstract; one body paragraph holds manual line breaks; a real data table; the reference
lists are plain paragraphs with typed numbers; 'Информация об авторах' is a second two-column
table; misleading core properties.
"""
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

OUT = Path(__file__).resolve().parent / "ru_docx_byline_table_chinese_coauthor.docx"


def para(d, text="", bold_lead=None, bold=False, align=None, style=None, size=None, italic=False):
    p = d.add_paragraph(style=style)
    if bold_lead:
        r = p.add_run(bold_lead)
        r.bold = True
    if text:
        r = p.add_run(text)
        r.bold = bold
        r.italic = italic
        if size:
            r.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    return p


def table(d, rows, bold_first_row=False):
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, val in enumerate(row):
            cell = t.cell(i, j)
            cell.text = ""
            run = cell.paragraphs[0].add_run(val)
            if bold_first_row and i == 0:
                run.bold = True
    return t


def build():
    d = docx.Document()
    d.core_properties.title = "статья_Волкова_ред2"
    d.core_properties.author = "User"

    para(d, "Лингводидактика и межкультурная коммуникация. 2022. Т. 5, № 2. С. 112–121")
    para(d, "Научная статья")
    para(d, "УДК 372.881.161.1")
    para(d, "DOI 10.26907/2782-4756-2022-5-2-112-121")
    para(d, "Мобильное приложение для постановки русского произношения: опыт обучения китайских "
            "студентов-филологов", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=14)

    table(d, [
        ["Анна Сергеевна Волкова", "Чжан Ли", "Лилия Рашитовна Гарипова"],
        ["Казанский (Приволжский) федеральный университет", "Хэйлунцзянский университет",
         "Казанский (Приволжский) федеральный университет"],
        ["Казань, Россия", "Харбин, Китай", "Казань, Россия"],
        ["avolkova@kpfu.ru", "zhangli@hlju.edu.cn", "lrgaripova@kpfu.ru"],
        ["https://orcid.org/0000-0003-2290-5743", "", "https://orcid.org/0000-0002-8816-0329"],
    ], bold_first_row=True)

    para(d, "Аннотация", bold=True)
    para(d, "В статье описывается опыт использования мобильного приложения для коррекции "
            "произношения в обучении русскому языку китайских студентов-филологов. Эксперимент "
            "проводился в 2020–2021 учебном году в Хэйлунцзянском университете с участием 48 "
            "студентов второго курса, разделённых на контрольную и экспериментальную группы. "
            "Установлено, что регулярная работа с приложением, дающим автоматическую обратную связь, "
            "снижает число ошибок в произношении твёрдых и мягких согласных почти вдвое, тогда как "
            "интонационные ошибки требуют работы с преподавателем.")
    para(d, "русский язык как иностранный, китайские студенты, фонетика, мобильное обучение, "
            "автоматическая обратная связь", bold_lead="Ключевые слова: ")
    para(d, "Волкова А.С., Чжан Л., Гарипова Л.Р. Мобильное приложение для постановки русского "
            "произношения: опыт обучения китайских студентов-филологов // Лингводидактика и "
            "межкультурная коммуникация. 2022. Т. 5, № 2. С. 112–121. "
            "DOI 10.26907/2782-4756-2022-5-2-112-121", bold_lead="Для цитирования: ")

    para(d, "A mobile application for teaching Russian pronunciation to Chinese students of philology",
         bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(d, "Anna S. Volkova, Zhang Li, Liliya R. Garipova", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(d, "The paper reports on the use of a mobile application with automatic feedback in teaching "
            "Russian pronunciation to 48 second-year students at Heilongjiang University. Regular work "
            "with the application halved the number of errors in hard and soft consonants, while "
            "intonation errors still required work with a teacher.", bold_lead="Abstract. ")
    para(d, "Russian as a foreign language, Chinese students, phonetics, mobile learning, automatic "
            "feedback", bold_lead="Keywords: ")

    para(d, "Введение", style="Heading 1")
    para(d, "Фонетическая интерференция остаётся одной из главных трудностей китайских учащихся, "
            "изучающих русский язык: противопоставление твёрдых и мягких согласных, редукция гласных "
            "и интонационные конструкции не имеют прямых соответствий в родном языке студентов [1; 2]. "
            "Аудиторного времени для индивидуальной работы над произношением, как правило, не хватает, "
            "поэтому всё больше преподавателей обращается к мобильным приложениям [3].")
    para(d, "Материалы и методы", style="Heading 1")
    p = d.add_paragraph()
    r = p.add_run("В эксперименте участвовали 48 студентов второго курса факультета русского языка "
                  "Хэйлунцзянского университета.")
    r.add_break()
    r = p.add_run("Экспериментальная группа (24 человека) в течение 12 недель ежедневно выполняла "
                  "задания в приложении «Фонетика+», разработанном на кафедре авторов [4].")
    r.add_break()
    r = p.add_run("Контрольная группа занималась по традиционной методике. До и после эксперимента "
                  "студенты читали один и тот же текст, записи которого оценивались двумя экспертами.")
    para(d, "Результаты", style="Heading 1")
    para(d, "Таблица 1 – Среднее число фонетических ошибок на 100 слов текста")
    table(d, [
        ["Тип ошибок", "Контрольная группа (до / после)", "Экспериментальная группа (до / после)"],
        ["Твёрдость/мягкость согласных", "14,2 / 11,8", "14,6 / 7,1"],
        ["Редукция гласных", "9,5 / 8,1", "9,8 / 5,9"],
        ["Интонационные конструкции", "6,3 / 5,7", "6,1 / 5,2"],
    ], bold_first_row=True)
    para(d, "Как видно из таблицы 1, в экспериментальной группе число ошибок в произношении твёрдых и "
            "мягких согласных сократилось более чем вдвое, тогда как в контрольной – лишь на 17 %. "
            "Различия по интонационным конструкциям между группами оказались статистически незначимыми.")
    para(d, "Обсуждение", style="Heading 1")
    para(d, "Полученные данные согласуются с выводами исследователей, указывающих на эффективность "
            "автоматической обратной связи при отработке сегментных единиц [5, p. 211]. Вместе с тем "
            "интонация, требующая осмысленного речевого контекста, по-прежнему нуждается в работе "
            "с преподавателем [6, с. 88].")
    para(d, "Заключение", style="Heading 1")
    para(d, "Мобильное приложение с автоматической обратной связью может стать эффективным дополнением "
            "к аудиторным занятиям по фонетике для китайских студентов, однако не заменяет работу "
            "преподавателя над интонацией и ритмикой русской речи.")

    para(d, "Список литературы", bold=True)
    refs = [
        "Азимов Э.Г., Щукин А.Н. Новый словарь методических терминов и понятий (теория и практика "
        "обучения языкам). М.: Икар, 2009. 448 с.",
        "Ли Цзин. Особенности восприятия русской речи китайскими студентами // Русский язык за "
        "рубежом. 2019. № 4. С. 30–36.",
        "Гарипова Л.Р. Мобильные приложения в обучении русскому языку как иностранному // "
        "Лингводидактика и межкультурная коммуникация. 2020. Т. 3, № 1. С. 45–53. "
        "DOI 10.26907/2782-4756-2020-3-1-45-53",
        "Чжан Л., Волкова А.С. Цифровые ресурсы в подготовке китайских русистов: опыт "
        "Хэйлунцзянского университета // Русистика. 2021. Т. 19, № 2. С. 210–224.",
        "Hubbard P. (ed.) Computer Assisted Language Learning: Critical Concepts in Linguistics. "
        "London: Routledge, 2009. 1600 p.",
        "Сафиуллина Д.Р. Фонетическая интерференция в русской речи китайских учащихся. Казань: "
        "Изд-во Казан. ун-та, 2018. 176 с.",
    ]
    for i, r in enumerate(refs, 1):
        para(d, f"{i}. {r}")
    para(d, "References", bold=True)
    tr = [
        "Azimov E.G., Shchukin A.N. Novyi slovar' metodicheskikh terminov i ponyatii (teoriya i "
        "praktika obucheniya yazykam) [New Dictionary of Methodological Terms and Concepts]. Moscow, "
        "Ikar, 2009. 448 p. (In Russian)",
        "Li Jing. Osobennosti vospriyatiya russkoi rechi kitaiskimi studentami [Perception of Russian "
        "Speech by Chinese Students]. Russkii yazyk za rubezhom, 2019, no. 4, pp. 30–36. (In Russian)",
        "Garipova L.R. Mobile Applications in Teaching Russian as a Foreign Language. "
        "Lingvodidaktika i mezhkul'turnaya kommunikatsiya, 2020, vol. 3, no. 1, pp. 45–53. "
        "DOI 10.26907/2782-4756-2020-3-1-45-53 (In Russian)",
        "Zhang L., Volkova A.S. Digital Resources in Training Chinese Russianists: the Experience of "
        "Heilongjiang University. Rusistika, 2021, vol. 19, no. 2, pp. 210–224. (In Russian)",
        "Hubbard P. (ed.) Computer Assisted Language Learning: Critical Concepts in Linguistics. "
        "London, Routledge, 2009. 1600 p.",
        "Safiullina D.R. Foneticheskaya interferentsiya v russkoi rechi kitaiskikh uchashchikhsya "
        "[Phonetic Interference in the Russian Speech of Chinese Learners]. Kazan, Kazan University "
        "Publ., 2018. 176 p. (In Russian)",
    ]
    for i, r in enumerate(tr, 1):
        para(d, f"{i}. {r}")

    para(d, "Информация об авторах", bold=True)
    table(d, [
        ["Волкова Анна Сергеевна", "кандидат филологических наук, доцент кафедры русского языка как "
         "иностранного, Казанский (Приволжский) федеральный университет"],
        ["Чжан Ли", "PhD, доцент факультета русского языка, Хэйлунцзянский университет"],
        ["Гарипова Лилия Рашитовна", "старший преподаватель кафедры русского языка как иностранного, "
         "Казанский (Приволжский) федеральный университет"],
    ])
    para(d, "Статья поступила в редакцию 10.02.2022; одобрена после рецензирования 14.03.2022; "
            "принята к публикации 21.03.2022.")
    d.save(OUT)


if __name__ == "__main__":
    build()
    print(OUT)

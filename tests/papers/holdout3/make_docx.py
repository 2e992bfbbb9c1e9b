"""Build ru_docx_choreo_boxed_abstract_table_tab_refs.docx (holdout-3 sample paper as a journal's Word file).

    .venv/bin/python tests/papers/holdout3/make_docx.py

Deliberate features: no page header; journal line, DOI URL and УДК as plain paragraphs; the title is a
Heading 1 paragraph in CAPITALS broken over two lines by a MANUAL LINE BREAK; the byline is one
paragraph 'Мещерякова О.А.1, Ким В.С.2' with REAL superscript runs (a short Korean surname 'Ким');
digit-keyed affiliation paragraphs and an 'e-mail:' paragraph with both addresses; the Russian
abstract and keywords sit in a one-cell BOXED TABLE (so a reader that takes tables last sees them
after the references); empty spacer paragraphs; bold Normal paragraphs as section headings; dance
terms in French; reference list as plain paragraphs 'N.<TAB>entry'; English title/authors/abstract/
keywords AFTER the list; 'Сведения об авторах'; dates line; misleading core properties (author
'Admin', title 'Шаблон_Вопросы_хореографии_2021').
"""
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

OUT = Path(__file__).resolve().parent / "ru_docx_choreo_boxed_abstract_table_tab_refs.docx"


def para(d, text="", bold=False, italic=False, align=None, style=None):
    p = d.add_paragraph(style=style)
    if text:
        r = p.add_run(text)
        r.bold = bold
        r.italic = italic
    if align is not None:
        p.alignment = align
    return p


def runs(p, parts):
    """parts: list of (text, kind) with kind in '', 'b', 'sup'."""
    for text, kind in parts:
        r = p.add_run(text)
        if kind == "b":
            r.bold = True
        elif kind == "sup":
            r.font.superscript = True
    return p


def box(cell):
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for edge in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "6")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    tc_pr.append(borders)


ABSTRACT = (
    "Статья посвящена педагогической системе народной артистки РСФСР Л.П. Сахаровой, "
    "более сорока лет преподававшей классический танец в Пермском хореографическом училище. "
    "На основе анализа видеозаписей уроков 1980–1990-х годов, методических записей педагога "
    "и интервью с её выпускницами выделены принципы постановки корпуса, координации рук и "
    "головы (épaulement) и построения урока по принципу «от простого к виртуозному». Показано, "
    "что отличительной чертой пермской школы является ранняя работа над устойчивостью "
    "во вращениях на основе развитого plié и выворотности. Материалы могут быть использованы "
    "в курсе «Методика преподавания классического танца»."
)
KEYWORDS = ("Ключевые слова: классический танец, пермская балетная школа, Л.П. Сахарова, "
            "методика преподавания, épaulement, вращения, хореографическое образование")

BODY = [
    ("h", "Введение"),
    ("p", "Пермская балетная школа, сложившаяся во второй половине XX века, дала мировой сцене "
          "плеяду выдающихся исполнительниц. Ключевую роль в её становлении сыграла Людмила "
          "Павловна Сахарова, однако её педагогическая система до сих пор описана преимущественно "
          "в мемуарной и публицистической литературе [1; 4]. Цель статьи – реконструировать "
          "основные методические принципы педагога."),
    ("h", "Материалы и методы"),
    ("p", "Источниками послужили видеозаписи 24 уроков классического танца в выпускных классах "
          "(1984–1996), хранящиеся в архиве Пермского хореографического колледжа, рабочие тетради "
          "Л.П. Сахаровой и полуструктурированные интервью с девятью её ученицами. Для анализа "
          "структуры урока применялся хронометраж отдельных частей экзерсиса [2, с. 64]."),
    ("h", "Результаты"),
    ("p", "Первый принцип системы – «собранность» корпуса при свободных плечах. Уже в младших "
          "классах педагог требовала исполнения battement tendu и battement jeté с сохранением "
          "вертикали корпуса без напряжения шеи и рук. Второй принцип – раннее включение "
          "épaulement и port de bras в комбинации у станка: по хронометражу, на работу рук и головы "
          "в экзерсисе у станка приходилось до 30 % времени урока против 15–18 % в программе "
          "А.Я. Вагановой [3]."),
    ("p", "Третий принцип – подготовка вращений на основе глубокого и эластичного plié. "
          "Pirouette en dehors и en dedans изучались с «остановкой» в позе, а grand fouetté en "
          "tournant – только после уверенного исполнения tour en l'air и grand jeté en tournant. "
          "Выпускницы отмечают, что именно эта последовательность давала им устойчивость "
          "в сложных вращательных комбинациях [5, с. 112]."),
    ("h", "Заключение"),
    ("p", "Педагогическая система Л.П. Сахаровой представляет собой целостный вариант методики "
          "классического танца, опирающийся на вагановскую традицию и дополняющий её "
          "принципами ранней координации и постепенного усложнения вращений. Её изучение "
          "актуально для подготовки педагогов-хореографов [6]."),
]

REFS = [
    "Ваганова А.Я. Основы классического танца. – 9-е изд. – СПб.: Лань, 2007. – 192 с.",
    "Базарова Н.П. Классический танец: методика четвёртого и пятого года обучения. – Л.: "
    "Искусство, 1984. – 200 с.",
    "Костровицкая В.С., Писарев А.А. Школа классического танца. – 3-е изд. – Л.: Искусство, "
    "1986. – 271 с.",
    "Пермский балет: век XX / сост. Е.А. Кулагина. – Пермь: Книжный мир, 2002. – 336 с.",
    "Мещерякова О.А. Вращения в классическом танце: методический аспект // Вопросы хореографии "
    "и сценического искусства. – 2021. – Т. 2, № 3. – С. 105–117. – DOI: 10.52170/2713-1017_2021_3_105.",
    "Ким В.С. Педагог Л.П. Сахарова и пермская школа классического танца [Электронный ресурс] // "
    "Культура и искусство Прикамья. – 2020. – № 2. – URL: http://kultura-prikamya.ru/2020/2/kim "
    "(дата обращения: 11.03.2022).",
]


def build():
    d = docx.Document()
    d.core_properties.title = "Шаблон_Вопросы_хореографии_2021"
    d.core_properties.author = "Admin"

    para(d, "Вопросы хореографии и сценического искусства. 2022. Т. 3, № 4. С. 54–63")
    para(d, "https://doi.org/10.52170/2713-1017_2022_4_54")
    para(d, "УДК 793.32(470.53)")
    para(d)
    t = d.add_heading(level=1)
    t.add_run("ПЕДАГОГИЧЕСКАЯ СИСТЕМА Л.П. САХАРОВОЙ")
    t.add_run().add_break()
    t.add_run("И ПЕРМСКАЯ ШКОЛА КЛАССИЧЕСКОГО ТАНЦА")
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    runs(p, [("Мещерякова О.А.", "b"), ("1", "sup"), (", ", "b"), ("Ким В.С.", "b"), ("2", "sup")])
    p = d.add_paragraph()
    runs(p, [("1", "sup"), ("Краснодарский государственный институт культуры, Краснодар, Россия", "")])
    p = d.add_paragraph()
    runs(p, [("2", "sup"), ("Пермский государственный хореографический колледж, Пермь, Россия", "")])
    para(d, "e-mail: meshcheryakova.oa@kgik.ru, kim.vs@permballet-school.ru")
    para(d)

    tbl = d.add_table(rows=1, cols=1)
    cell = tbl.cell(0, 0)
    box(cell)
    first = cell.paragraphs[0]
    runs(first, [("Аннотация. ", "b"), (ABSTRACT, "")])
    kw = cell.add_paragraph()
    runs(kw, [("Ключевые слова: ", "b"), (KEYWORDS[len("Ключевые слова: "):], "")])
    para(d)

    for kind, text in BODY:
        if kind == "h":
            para(d)
            para(d, text, bold=True)
        else:
            para(d, text)

    para(d)
    para(d, "Список литературы", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for i, ref in enumerate(REFS, 1):
        para(d, f"{i}.\t{ref}")

    para(d)
    t = para(d, "L.P. SAKHAROVA'S TEACHING SYSTEM AND THE PERM SCHOOL OF CLASSICAL DANCE",
             bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    runs(p, [("Meshcheryakova O.A.", "b"), ("1", "sup"), (", ", "b"), ("Kim V.S.", "b"), ("2", "sup")])
    p = d.add_paragraph()
    runs(p, [("1", "sup"), ("Krasnodar State Institute of Culture, Krasnodar, Russia", "")])
    p = d.add_paragraph()
    runs(p, [("2", "sup"), ("Perm State Choreographic College, Perm, Russia", "")])
    p = d.add_paragraph()
    runs(p, [("Abstract. ", "b"),
             ("The article reconstructs the teaching system of L.P. Sakharova, who taught classical dance "
              "at the Perm Choreographic School for more than forty years. Based on video recordings of "
              "lessons, the teacher's notes and interviews with her graduates, the principles of body "
              "placement, épaulement and the construction of the lesson are identified.", "")])
    p = d.add_paragraph()
    runs(p, [("Keywords: ", "b"),
             ("classical dance, Perm ballet school, L.P. Sakharova, teaching methods, épaulement, "
              "turns, choreographic education", "")])
    para(d)
    para(d, "Сведения об авторах", bold=True)
    para(d, "Мещерякова Ольга Анатольевна – кандидат искусствоведения, доцент кафедры хореографии "
            "Краснодарского государственного института культуры.")
    para(d, "Ким Виктория Сергеевна – преподаватель классического танца Пермского государственного "
            "хореографического колледжа.")
    para(d, "Статья поступила в редакцию 12.09.2022; принята к публикации 28.10.2022.")
    d.save(str(OUT))


if __name__ == "__main__":
    build()

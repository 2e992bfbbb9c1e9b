"""Regenerate the binary and non-UTF-8 sample files of ``corpora/``.

Run from the repository root::

    python scripts/make_samples.py            # write the files
    python scripts/make_samples.py --check    # write, then verify them

It writes three files, from source text kept in this script:

* ``corpora/ru_pavlodar_cp1251.txt`` - a short Russian news report (Pavlodar-Omsk business
  forum) encoded in CP1251 (windows-1251) with CRLF line ends. It is not valid UTF-8.
* ``corpora/ru_novosibirsk_report.pdf`` - a multi-page A5 journal article (Novosibirsk Region
  and East Kazakhstan Region) with an embedded DejaVu font subset, a running header (journal,
  year, volume, issue) and a page number on every page, soft-hyphenated words and compounds
  broken at line ends, a paragraph that continues over a page break, and an English abstract.
* ``corpora/en_ru_university_branches.docx`` - a Russian article with an English abstract on
  branches of Russian universities in Kazakhstan and Uzbekistan: Title, Heading 1/2 styles,
  body paragraphs and a table.

The other sample files (``*.txt`` in UTF-8 with PDF-extraction artefacts and the ``.html`` page)
are plain hand-edited text kept in ``corpora/`` itself; this script does not touch them.

All texts are synthetic: the authors, journals, officials, companies and figures are invented
for testing; real place and organisation names are used only to give named-entity recognition
something realistic to find.

Output is deterministic: the PDF has a fixed creation date and producer (so its /ID is stable),
the DOCX has fixed core properties and is re-zipped with fixed timestamps, so rerunning the
script with the same library versions gives byte-identical files.

Requirements: ``fpdf2`` (the ``samples`` extra: ``pip install -e '.[samples]'``),
``python-docx`` (a core dependency of the pipeline) and the DejaVu TrueType fonts (Debian/Ubuntu
package ``fonts-dejavu-core``, installed in /usr/share/fonts/truetype/dejavu/; another directory
can be given with the ``DEJAVU_DIR`` environment variable). ``--check`` also needs ``pypdfium2``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
FONT_DIR = Path(os.environ.get("DEJAVU_DIR", "/usr/share/fonts/truetype/dejavu"))
FIXED_DATE = dt.datetime(2024, 3, 15, 10, 0, 0, tzinfo=dt.timezone.utc)

CP1251_NAME = "ru_pavlodar_cp1251.txt"
PDF_NAME = "ru_novosibirsk_report.pdf"
DOCX_NAME = "en_ru_university_branches.docx"


# --------------------------------------------------------------------------------------------
# 4. CP1251 news report
# --------------------------------------------------------------------------------------------

# Only characters that exist in windows-1251 (no Kazakh-specific letters such as ә, ұ, қ).
PAVLODAR_NEWS = """\
Павлодар и Омск подвели итоги бизнес-форума «Иртышский диалог»

Павлодар, 18 апреля 2024 года. В г. Павлодаре завершил работу V Межрегиональный бизнес-форум «Павлодар – Омск: Иртышский диалог», организованный Палатой предпринимателей Павлодарской области и Торгово-промышленной палатой Омской области при поддержке Генерального консульства Республики Казахстан в г. Омске. В течение двух дней, 17 и 18 апреля, в работе форума приняли участие более 250 представителей бизнеса, органов власти и вузов двух стран.

Открывая пленарное заседание, заместитель акима Павлодарской области Ерлан Муратович Жакупов напомнил, что товарооборот между регионами по итогам 2023 года вырос на 12 % и превысил 410 млн долларов США. «Иртыш связывает нас не только географически: у Павлодара и Омска общая промышленная история, общие рынки и общие кадры», – сказал он.

Министр экономического развития Омской области Ирина Сергеевна Белоусова сообщила, что в рамках форума подписано 14 соглашений и контрактов на общую сумму свыше 6 млрд рублей. Среди них – договор о создании совместного предприятия ТОО «ИртышАгроЛогистик», которое займётся хранением и переработкой зерна в с. Железинка, а также соглашение о поставках омской сельскохозяйственной техники в Павлодарскую область до 2026 года.

Отдельная сессия была посвящена транспорту. Участники обсудили модернизацию автомобильной дороги Омск – Павлодар, увеличение пропускной способности пунктов пропуска на границе и возможность восстановления пассажирского речного сообщения по Иртышу, прерванного в 1990-е годы. Генеральный консул Республики Казахстан в г. Омске Бауыржан Каиржанович Темирбаев отметил, что в 2023 году консульство оформило более 2 тыс. документов для предпринимателей, работающих в приграничье.

В научно-образовательной части форума Торайгыров университет и Омский государственный аграрный университет им. П.А. Столыпина подписали меморандум о сетевой магистерской программе по агроэкологии, а Павлодарский педагогический университет им. А. Маргулана и Омский государственный педагогический университет договорились об обмене преподавателями начиная с 1 сентября 2024 года.

Следующий, VI форум «Иртышский диалог» решено провести в г. Омске в октябре 2025 года. Организаторы рассчитывают, что к этому времени будет запущен прямой автобусный маршрут Павлодар – Черлак – Омск.

Пресс-служба Палаты предпринимателей Павлодарской области
"""


def make_cp1251(path: Path) -> None:
    text = PAVLODAR_NEWS.replace("\n", "\r\n")
    path.write_bytes(text.encode("cp1251"))  # strict: fails loudly on a non-CP1251 character


# --------------------------------------------------------------------------------------------
# 5. PDF journal article
# --------------------------------------------------------------------------------------------

PDF_JOURNAL = "Сибирский журнал международных исследований. 2024. Т. 12, № 3"
PDF_FIRST_PAGE = 41  # journal page number of the first PDF page

# Block kinds: title, author, affil, h (heading), sub (sub-heading), p (paragraph),
# kw (keywords paragraph), ref (reference entry), title_en, author_en.
# In paragraph text "~" marks a soft-hyphen break point (rendered as "-" only when the line
# breaks there); Russian words of 12+ letters get automatic syllable break points, and a hyphen
# between two words of 3+ letters (Восточно-Казахстанской) is also allowed to end a line.
NOVOSIBIRSK_ARTICLE: list[tuple[str, str]] = [
    ("title", "Новосибирская область и Восточно-Казахстанская область: институты и практики "
              "межрегионального сотрудничества (2014–2023 гг.)"),
    ("author", "М.Ю. Громова"),
    ("affil", "Новосибирский государственный университет, г. Новосибирск, Россия"),
    ("h", "Аннотация"),
    ("p", "В статье анализируется развитие сотрудничества Новосибирской области с "
          "Восточно-Казахстанской областью Республики Казахстан в 2014–2023 гг. На материалах "
          "межрегиональных соглашений, протоколов рабочих групп и интервью с участниками совместных "
          "проектов показано, как Новосибирск, не являясь приграничным регионом в узком смысле, "
          "превратился в научный, образовательный и логистический центр притяжения для предприятий и "
          "вузов Усть-Каменогорска и Семея. Выделены три направления взаимо~действия – промышленная "
          "кооперация, академическая мобильность и транспортная связанность – и охарактеризованы "
          "ограничения, связанные с административной реформой в Казахстане 2022 года и перестройкой "
          "логистических цепочек."),
    ("kw", "Ключевые слова: межрегиональное сотрудничество; Новосибирская область; "
           "Восточно-Казахстанская область; область Абай; ЕАЭС; академическая мобильность."),
    ("h", "Введение"),
    ("p", "Межрегиональное сотрудничество России и Казахстана традиционно рассматривается через "
          "призму приграничных субъектов, непосредственно примыкающих к государственной границе "
          "[Лаптев, 2018, с. 41]. Между тем значительная часть реальных связей формируется вокруг "
          "крупных городских агломераций, обладающих научным, финансовым и транспортным потенциалом. "
          "Новосибирская область – характерный пример такого «второго эшелона»: её участок границы "
          "с Казахстаном невелик, однако именно здесь сосредоточены университеты, институты "
          "Сибирского отделения Российской академии наук и логистические комплексы, ориентированные "
          "на казахстанский рынок."),
    ("p", "Восточно-Казахстанская область, административным центром которой является "
          "г. Усть-Каменогорск, исторически связана с Западной Сибирью общими производственными "
          "цепочками в цветной металлургии, энергетике и машиностроении. В 1990-е годы эти связи "
          "существенно ослабли, но с середины 2000-х годов начали восстанавливаться уже на договорной "
          "основе [Громова, Ахметова, 2021, с. 77]. Цель статьи – проследить, какие институты "
          "обеспечивают устойчивость сотрудничества двух регионов и как на него повлияли изменения "
          "2020–2023 гг."),
    ("h", "Материалы и методы"),
    ("p", "Источниковую базу составили соглашения между Правительством Новосибирской области и "
          "акиматом Восточно-Казахстанской области, протоколы заседаний совместной рабочей группы, "
          "материалы Генерального консульства Республики Казахстан в г. Новосибирске, данные "
          "Новосибирскстата и Бюро национальной статистики Республики Казахстан, а также "
          "12 экспертных интервью, проведённых в г. Новосибирске и г. Усть-Каменогорске в сентябре "
          "2023 года. Применялись методы институционального анализа и контент-анализа."),
    ("h", "Результаты и обсуждение"),
    ("sub", "1. Договорная база и институты"),
    ("p", "Базовым документом остаётся Соглашение между Правительством Новосибирской области и "
          "акиматом Восточно-Казахстанской области о торгово-экономическом, научно-техническом и "
          "культурном сотрудничестве, подписанное в ноябре 2019 года на полях XVI Форума "
          "межрегионального сотрудничества России и Казахстана [Соглашение о сотрудничестве, www]. "
          "Соглашение предусматривает создание совместной рабочей группы, которая собирается не реже "
          "одного раза в год. Её сопредседателями выступают заместитель председателя Правительства "
          "Новосибирской области Андрей Викторович Лещенко и заместитель акима "
          "Восточно-Казахстанской области Азамат Болатович Сыздыков. Существенную роль играет "
          "Генеральное консульство Республики Казахстан в г. Новосибирске, которое с 2016 года "
          "проводит ежегодные «Дни Казахстана в Сибири» и консультирует предпринимателей по вопросам "
          "таможенного регулирования в рамках ЕАЭС."),
    ("sub", "2. Промышленная кооперация и логистика"),
    ("p", "Наиболее заметные проекты связаны с машиностроением и горнодобывающей отраслью. "
          "14 апреля 2021 года новосибирское АО «СибТехМаш» и усть-каменогорское ТОО «Алтай Кен "
          "Сервис» учредили совместное предприятие ТОО «СибКазМаш» по сборке и сервисному "
          "обслуживанию горного оборудования [Интервью с руководителем СП, 2023]. Товарооборот "
          "Новосибирской области с Казахстаном вырос с 1,1 млрд долл. США в 2014 году до 1,9 млрд "
          "долл. США в 2022 году, причём на Восточно-Казахстанскую область приходится около 15 % "
          "этого объёма. Транспортную связанность обеспечивают железнодорожная линия Новосибирск – "
          "Барнаул – Семей и возобновлённое в мае 2023 года регулярное авиа~сообщение Новосибирск – "
          "Усть-Каменогорск; обсуждается также создание логистического центра на трассе Р-256 "
          "вблизи российско-казахстанской границы."),
    ("sub", "3. Образование и наука"),
    ("p", "Академическое направление исторически наиболее устойчиво. Новосибирский государственный "
          "технический университет с 2015 года реализует программу двойных дипломов с "
          "Восточно-Казахстанским техническим университетом им. Д. Серикбаева, а в Новосибирском "
          "государственном университете обучаются более 600 студентов из Казахстана. Институты "
          "Сибирского отделения РАН участвуют в совместных исследованиях экологии бассейна Иртыша, "
          "а в октябре 2022 года в г. Усть-Каменогорске прошла первая Российско-Казахстанская летняя "
          "школа по горной инженерии [Громова, Ахметова, 2021, с. 80]."),
    ("p", "Административная реформа 2022 года внесла в сотрудничество новые элементы. После "
          "образования 8 июня 2022 года области Абай с центром в г. Семее часть предприятий и "
          "вузов, ранее относившихся к Восточно-Казахстанской области, перешла в ведение новой "
          "администрации. Это потребовало подписания отдельного меморандума в марте 2023 года и "
          "перераспределения функций рабочей группы [Сейсенбаев, 2023, с. 12]."),
    ("h", "Заключение"),
    ("p", "Опыт Новосибирской области показывает, что межрегиональное сотрудничество с Казахстаном "
          "не ограничивается приграничными территориями. Крупный научно-образовательный центр способен "
          "выступать самостоятельным участником трансграничных связей, опираясь на соглашения с "
          "казахстанскими регионами, консульскую инфраструктуру и сеть университетских партнёрств. "
          "Дальнейшее развитие взаимодействия зависит от стабильности транспортных маршрутов и от "
          "способности регионов адаптировать институты к административным изменениям."),
    ("h", "Список литературы"),
    ("ref", "1. Громова М.Ю., Ахметова Д.К. Университетские партнёрства Сибири и Восточного "
            "Казахстана // Вестник Евразийского образовательного пространства. 2021. № 2. С. 70–86."),
    ("ref", "2. Лаптев С.А. Приграничные и непограничные регионы в российско-казахстанских "
            "отношениях // Сибирский журнал международных исследований. 2018. Т. 6, № 1. С. 35–49."),
    ("ref", "3. Сейсенбаев Н.Т. Административно-территориальная реформа 2022 года в Казахстане и "
            "межрегиональные связи // Регионы Евразии. 2023. № 3. С. 9–21."),
    ("ref", "4. Соглашение между Правительством Новосибирской области и акиматом "
            "Восточно-Казахстанской области о сотрудничестве [Электронный ресурс]. "
            "URL: http://www.example.org/nso-vko (дата обращения: 20.01.2024)."),
    ("title_en", "Novosibirsk Region and East Kazakhstan Region: Institutions and Practices of "
                 "Interregional Cooperation (2014–2023)"),
    ("author_en", "M.Yu. Gromova, Novosibirsk State University, Novosibirsk, Russia"),
    ("h", "Abstract"),
    ("p", "The article examines cooperation between Novosibirsk Region and East Kazakhstan Region of "
          "the Republic of Kazakhstan in 2014–2023. Based on interregional agreements, working group "
          "protocols and expert interviews, it shows how Novosibirsk, although not a border region in "
          "the narrow sense, has become a scientific, educational and logistics hub for companies "
          "and universities of Ust-Kamenogorsk and Semey. The agreement signed in November 2019, the "
          "Consulate General of Kazakhstan in Novosibirsk and the double degree programme with "
          "D. Serikbayev East Kazakhstan Technical University are identified as the key institutions "
          "of the partnership, while the creation of Abai Region on 8 June 2022 required the "
          "institutional arrangements to be renegotiated."),
    ("kw", "Keywords: interregional cooperation; Novosibirsk Region; East Kazakhstan Region; "
           "Abai Region; EAEU; academic mobility."),
]

SOFT_HYPHEN = "\u00ad"
ZWSP = "\u200b"
# A hyphen between two words of 3+ letters may end a line: after it we put a zero-width space,
# which fpdf2 treats as a break opportunity; unused ones are removed before the final rendering.
_COMPOUND_RE = re.compile(r"(?<=[^\W\d_]{3})-(?=[^\W\d_]{3})")

# Automatic soft hyphens for Russian words of 12+ letters (see _hyphenation_points).
_VOWELS = set("аеёиоуыэюяАЕЁИОУЫЭЮЯ")
_SIGNS = set("йьъЙЬЪ")
_LONG_CYRILLIC_WORD = re.compile(r"(?<![\w~-])[А-Яа-яЁё]{12,}(?![\w~-])")
_CLUSTERS = {a + b for a in "бвгдкптфзсж" for b in "рл"} | {"ст", "ск", "сп", "зд"}


def _hyphenation_points(word: str) -> list[int]:
    """Crude Russian syllable breaks: V-CV, VC-CV and V-CCV for clusters such as "тр", "ст";
    at least 3 letters stay on the line and 3 go to the next one."""
    lower = word.lower()
    points = set()
    for i in range(3, len(word) - 2):
        before, here, after = lower[i - 1], lower[i], lower[i + 1]
        if here in _SIGNS or here in _VOWELS or after not in _VOWELS:
            continue
        if before in _VOWELS:
            if lower[i - 2] not in _VOWELS:
                points.add(i)
        elif before + here in _CLUSTERS:
            if lower[i - 2] in _VOWELS and i - 1 >= 3:
                points.add(i - 1)
        elif lower[i - 2] in _VOWELS or before in _SIGNS:
            points.add(i)
    return sorted(points)


def _hyphenate(match: re.Match) -> str:
    word = match.group()
    for i in reversed(_hyphenation_points(word)):
        word = word[:i] + SOFT_HYPHEN + word[i:]
    return word


def _prepare(text: str) -> str:
    """Mark break opportunities: "~" and syllables of long Russian words get a soft hyphen,
    a hyphen inside a compound gets a zero-width space after it."""
    text = _LONG_CYRILLIC_WORD.sub(_hyphenate, text)
    return _COMPOUND_RE.sub("-" + ZWSP, text.replace("~", SOFT_HYPHEN))


def _drop_unused_breaks(text: str, layout) -> str:
    """Keep a ZWSP only where the layout actually breaks the line after it.

    ``layout(text)`` returns the wrapped lines. A ZWSP has no width, so a ZWSP whose removal
    leaves the lines unchanged was not used as a break point and is dropped (otherwise it would
    end up in the text layer).
    """
    def norm(lines: list[str]) -> list[str]:
        return [line.replace(ZWSP, "") for line in lines]

    reference = norm(layout(text))
    pos = text.find(ZWSP)
    while pos != -1:
        candidate = text[:pos] + text[pos + 1:]
        if norm(layout(candidate)) == reference:
            text = candidate
            pos = text.find(ZWSP, pos)
        else:
            pos = text.find(ZWSP, pos + 1)
    return text


def make_pdf(path: Path) -> None:
    from fpdf import FPDF

    class ArticlePDF(FPDF):
        def header(self) -> None:
            self.set_font("DejaVuSans", size=7.5)
            self.set_text_color(60, 60, 60)
            self.cell(0, 4, PDF_JOURNAL, align="C", new_x="LMARGIN", new_y="NEXT")
            y = self.get_y() + 0.5
            self.set_draw_color(120, 120, 120)
            self.line(self.l_margin, y, self.w - self.r_margin, y)
            self.set_y(y + 4)
            self.set_text_color(0, 0, 0)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("DejaVuSans", size=8)
            self.cell(0, 5, str(PDF_FIRST_PAGE + self.page_no() - 1), align="C")

    pdf = ArticlePDF(format=(148, 210))  # A5, given in mm to avoid fpdf2's A5 warning
    pdf.set_margins(16, 14, 16)
    pdf.set_auto_page_break(True, margin=18)
    for family, style, fname in [
        ("DejaVuSerif", "", "DejaVuSerif.ttf"),
        ("DejaVuSerif", "B", "DejaVuSerif-Bold.ttf"),
        ("DejaVuSerif", "I", "DejaVuSerif-Italic.ttf"),
        ("DejaVuSans", "", "DejaVuSans.ttf"),
    ]:
        font_path = FONT_DIR / fname
        if not font_path.exists():
            sys.exit(f"missing font {font_path}: install fonts-dejavu-core or set DEJAVU_DIR")
        pdf.add_font(family, style, str(font_path))

    pdf.set_creation_date(FIXED_DATE)
    pdf.set_producer("fpdf2 (scripts/make_samples.py)")
    pdf.set_creator("scripts/make_samples.py")
    pdf.set_title("Новосибирская область и Восточно-Казахстанская область: институты и практики "
                  "межрегионального сотрудничества (2014–2023 гг.)")
    pdf.set_author("Громова М.Ю.")
    pdf.set_subject(PDF_JOURNAL)
    pdf.set_keywords("межрегиональное сотрудничество; Новосибирская область; Казахстан")
    pdf.set_lang("ru")
    pdf.add_page()

    def layout(text: str) -> list[str]:
        return pdf.multi_cell(0, 4.6, text, align="J", dry_run=True, output="LINES")

    def paragraph(text: str, size: float = 9.5, style: str = "") -> None:
        pdf.set_font("DejaVuSerif", style, size)
        text = _drop_unused_breaks(_prepare(text), layout)
        pdf.multi_cell(0, 4.6, text, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.2)

    for kind, text in NOVOSIBIRSK_ARTICLE:
        if kind in ("title", "title_en"):
            if kind == "title_en":
                pdf.ln(5)
            pdf.set_font("DejaVuSerif", "B", 12 if kind == "title" else 10.5)
            pdf.multi_cell(0, 6, text, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif kind in ("author", "author_en"):
            pdf.set_font("DejaVuSerif", "I", 10)
            pdf.multi_cell(0, 5, text, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1 if kind == "author" else 3)
        elif kind == "affil":
            pdf.set_font("DejaVuSerif", "", 8.5)
            pdf.multi_cell(0, 4.5, text, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        elif kind == "h":
            pdf.ln(1.5)
            pdf.set_font("DejaVuSerif", "B", 10)
            pdf.cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(0.5)
        elif kind == "sub":
            pdf.set_font("DejaVuSerif", "I", 9.5)
            pdf.cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        elif kind == "p":
            paragraph(text)
        elif kind == "kw":
            paragraph(text, size=9, style="I")
        elif kind == "ref":
            paragraph(text, size=8.5)
        else:  # pragma: no cover - a typo in the block list
            raise ValueError(kind)
    pdf.output(str(path))


# --------------------------------------------------------------------------------------------
# 6. DOCX article
# --------------------------------------------------------------------------------------------

DOCX_TITLE = ("Филиалы российских университетов в Казахстане и Узбекистане: "
              "образовательная дипломатия в Центральной Азии")

# (style, text); style is "title", "author", "h1", "h2", "p", "table".
DOCX_CONTENT: list[tuple[str, object]] = [
    ("title", DOCX_TITLE),
    ("author", "Д.Р. Абдуллаева (Ташкентский государственный университет востоковедения, "
               "г. Ташкент, Узбекистан), К.С. Воронцов (Уральский федеральный университет "
               "им. первого Президента России Б.Н. Ельцина, г. Екатеринбург, Россия)"),
    ("h1", "Аннотация"),
    ("p", "В статье рассматривается деятельность филиалов российских университетов в Республике "
          "Казахстан и Республике Узбекистан как инструмента образовательной дипломатии и "
          "межрегионального сотрудничества. Показано, что после 2017 года число таких филиалов в "
          "Узбекистане выросло в несколько раз, тогда как в Казахстане сеть российских филиалов "
          "остаётся сравнительно стабильной. Встречное присутствие казахстанских и узбекских вузов "
          "в России пока ограничено представительствами и совместными программами."),
    ("h1", "Abstract"),
    ("p", "The article examines branch campuses of Russian universities in Kazakhstan and "
          "Uzbekistan as a tool of educational diplomacy. The Kazakhstan Branch of Lomonosov Moscow "
          "State University, opened in Astana in 2001, remains the flagship of the network, while "
          "in Uzbekistan the reforms launched by President Shavkat Mirziyoyev after 2016 led to a "
          "wave of new branches in Tashkent, Almalyk and other cities. Universities from Kazakhstan "
          "and Uzbekistan, by contrast, are represented in Russia mainly through recruitment "
          "offices in Omsk, Orenburg and Kazan and through joint degree programmes."),
    ("p", "Ключевые слова: филиалы вузов; образовательная дипломатия; Казахстан; Узбекистан; "
          "академическая мобильность; СНГ."),
    ("p", "Keywords: branch campuses; educational diplomacy; Kazakhstan; Uzbekistan; "
          "academic mobility; CIS."),
    ("h1", "Введение"),
    ("p", "Высшее образование остаётся одной из немногих сфер, в которых российское присутствие "
          "в Центральной Азии не только сохранилось после 1991 года, но и расширилось. Филиалы "
          "российских университетов выполняют одновременно образовательную, языковую и "
          "политическую функции: они готовят кадры для национальных экономик, поддерживают "
          "позиции русского языка и создают устойчивые горизонтальные связи между регионами "
          "[Воронцов, 2020, с. 58]. Цель статьи – сопоставить казахстанскую и узбекистанскую "
          "модели развития филиальной сети в 2001–2023 гг."),
    ("h1", "Филиалы российских вузов в Казахстане"),
    ("h2", "Казахстанский филиал МГУ им. М.В. Ломоносова"),
    ("p", "Казахстанский филиал Московского государственного университета им. М.В. Ломоносова "
          "открылся в г. Астане в 2001 году и стал первым зарубежным подразделением МГУ в "
          "Центральной Азии. Филиал готовит специалистов по математике, экологии, филологии и "
          "международным отношениям, а его выпускники работают в министерствах, акиматах и "
          "крупных компаниях Казахстана. По словам директора филиала, опрошенного авторами в "
          "феврале 2023 года, ежегодный конкурс на бюджетные места превышает 10 человек на место."),
    ("h2", "Инженерные и аэрокосмические программы"),
    ("p", "Особое место занимает филиал «Восход» Московского авиационного института в г. Байконуре, "
          "связанный с эксплуатацией космодрома. Кроме того, ряд сибирских и уральских вузов – "
          "Омский государственный технический университет, Южно-Уральский государственный "
          "университет, Томский политехнический университет – реализуют совместные программы с "
          "вузами Павлодара, Костаная и Усть-Каменогорска без открытия полноценных филиалов "
          "[Абдуллаева, Воронцов, 2022, с. 114]."),
    ("h1", "Российские вузы в Узбекистане"),
    ("h2", "Первая волна: 2006–2016 гг."),
    ("p", "Филиал МГУ им. М.В. Ломоносова в г. Ташкенте был открыт в 2006 году, а в 2007 году "
          "начал работу Ташкентский филиал Российского государственного университета нефти и газа "
          "им. И.М. Губкина, ориентированный на кадровые потребности нефтегазовой отрасли. Эти "
          "филиалы создавались на основе межправительственных соглашений и долгое время оставались "
          "единичными примерами российского академического присутствия в республике."),
    ("h2", "Вторая волна: после 2017 года"),
    ("p", "После 2017 года по итогам визитов В.В. Путина в Узбекистан и Ш.М. Мирзиёева в Россию "
          "начался быстрый рост сети филиалов. В г. Алмалыке открылся филиал НИТУ «МИСиС», в "
          "г. Ташкенте – филиал НИЯУ МИФИ, а также филиалы ряда региональных вузов. Важную роль "
          "сыграли Форумы ректоров России и Узбекистана, первый из которых прошёл в г. Ташкенте "
          "в октябре 2018 года [Форум ректоров России и Узбекистана, www]."),
    ("table", [
        ("Вуз", "Город", "Год открытия"),
        ("Казахстанский филиал МГУ им. М.В. Ломоносова", "Астана", "2001"),
        ("Филиал МГУ им. М.В. Ломоносова", "Ташкент", "2006"),
        ("Филиал РГУ нефти и газа им. И.М. Губкина", "Ташкент", "2007"),
        ("Филиал НИТУ «МИСиС»", "Алмалык", "2017"),
        ("Филиал НИЯУ МИФИ", "Ташкент", "2019"),
    ]),
    ("h1", "Встречное движение: казахстанские и узбекские вузы в России"),
    ("p", "Присутствие центральноазиатских университетов в России значительно скромнее. "
          "Евразийский национальный университет им. Л.Н. Гумилёва и Казахский национальный "
          "университет им. аль-Фараби развивают сетевые магистерские программы с вузами Омска, "
          "Новосибирска и Оренбурга, а Ташкентский государственный университет востоковедения "
          "с 2021 года проводит летние школы узбекского языка в г. Казани. Тем не менее полноценных "
          "филиалов казахстанских или узбекских вузов в России на начало 2024 года нет."),
    ("h1", "Заключение"),
    ("p", "Филиалы российских университетов стали заметным элементом межгосударственных и "
          "межрегиональных отношений в Центральной Азии. Казахстанская модель опирается на "
          "немногочисленные, но устойчивые филиалы и широкую сеть совместных программ, "
          "узбекистанская – на быстрое расширение филиальной сети при поддержке глав государств. "
          "Асимметрия встречного присутствия сохраняется и может стать темой дальнейших "
          "исследований."),
    ("h1", "Список литературы"),
    ("p", "1. Абдуллаева Д.Р., Воронцов К.С. Совместные образовательные программы России и "
          "Казахстана // Образование и общество в Евразии. 2022. № 4. С. 108–121."),
    ("p", "2. Воронцов К.С. Образовательная дипломатия России в Центральной Азии. Екатеринбург: "
          "Уральское академическое издательство, 2020. 236 с."),
    ("p", "3. Форум ректоров России и Узбекистана [Электронный ресурс]. "
          "URL: http://www.example.org/rectors-forum (дата обращения: 11.11.2023)."),
]


def _deterministic_zip(data: bytes) -> bytes:
    """Re-pack a zip with fixed timestamps and attributes, keeping the member order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_DATE.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename))
    return buf.getvalue()


def make_docx(path: Path) -> None:
    import docx
    from docx.shared import Pt

    doc = docx.Document()
    props = doc.core_properties
    props.title = DOCX_TITLE
    props.author = "Абдуллаева Д.Р., Воронцов К.С."
    props.subject = "Образовательная дипломатия; межрегиональное сотрудничество"
    props.keywords = "филиалы вузов; Казахстан; Узбекистан"
    props.language = "ru-RU"
    props.comments = "Synthetic sample generated by scripts/make_samples.py"
    props.last_modified_by = "make_samples.py"
    props.revision = 1
    props.created = FIXED_DATE.replace(tzinfo=None)
    props.modified = FIXED_DATE.replace(tzinfo=None)
    props.last_printed = FIXED_DATE.replace(tzinfo=None)

    for style, content in DOCX_CONTENT:
        if style == "title":
            doc.add_heading(str(content), level=0)
        elif style == "author":
            para = doc.add_paragraph()
            run = para.add_run(str(content))
            run.italic = True
            run.font.size = Pt(11)
        elif style == "h1":
            doc.add_heading(str(content), level=1)
        elif style == "h2":
            doc.add_heading(str(content), level=2)
        elif style == "p":
            doc.add_paragraph(str(content))
        elif style == "table":
            rows = list(content)  # type: ignore[arg-type]
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
                    if r == 0:
                        for run in table.cell(r, c).paragraphs[0].runs:
                            run.bold = True
        else:  # pragma: no cover
            raise ValueError(style)

    buf = io.BytesIO()
    doc.save(buf)
    path.write_bytes(_deterministic_zip(buf.getvalue()))


# --------------------------------------------------------------------------------------------
# Verification (--check)
# --------------------------------------------------------------------------------------------

def check(out_dir: Path) -> list[str]:
    """Return a list of problems with the generated files (empty when all is well)."""
    problems: list[str] = []

    raw = (out_dir / CP1251_NAME).read_bytes()
    try:
        raw.decode("utf-8")
        problems.append(f"{CP1251_NAME} decodes as UTF-8")
    except UnicodeDecodeError:
        pass
    if "Павлодар" not in raw.decode("cp1251"):
        problems.append(f"{CP1251_NAME} does not decode as CP1251")

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(out_dir / PDF_NAME))
    if len(pdf) < 3:
        problems.append(f"{PDF_NAME} has {len(pdf)} pages, expected at least 3")
    for i in range(len(pdf)):
        text = pdf[i].get_textpage().get_text_range()
        if PDF_JOURNAL not in text:
            problems.append(f"{PDF_NAME} page {i + 1}: running header missing")
        if str(PDF_FIRST_PAGE + i) not in text.split():
            problems.append(f"{PDF_NAME} page {i + 1}: page number missing")
    first = pdf[0].get_textpage().get_text_range()
    if "Новосибирская область" not in first:
        problems.append(f"{PDF_NAME}: Cyrillic text not extracted from page 1")
    pdf.close()
    data = (out_dir / PDF_NAME).read_bytes()
    if data.count(b"/FontFile2") < 1:
        problems.append(f"{PDF_NAME}: no embedded TrueType font")

    import docx

    document = docx.Document(str(out_dir / DOCX_NAME))
    styles = {p.style.name for p in document.paragraphs}
    for needed in ("Title", "Heading 1", "Heading 2"):
        if needed not in styles:
            problems.append(f"{DOCX_NAME}: no paragraph in style {needed}")
    if not document.tables:
        problems.append(f"{DOCX_NAME}: table missing")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=CORPORA,
                        help="output directory (default: corpora/ of the repository)")
    parser.add_argument("--check", action="store_true", help="verify the files after writing")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    for name, maker in [(CP1251_NAME, make_cp1251), (PDF_NAME, make_pdf), (DOCX_NAME, make_docx)]:
        target = args.out / name
        maker(target)
        print(f"wrote {target} ({target.stat().st_size} bytes)")

    if args.check:
        problems = check(args.out)
        for problem in problems:
            print("PROBLEM:", problem, file=sys.stderr)
        if problems:
            return 1
        print("check: all files OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Build ru_engineering_permafrost.docx (a sample paper as a journal's Word template would hold it).

    .venv/bin/python tests/papers/make_docx.py

Deliberate features: the journal line with the year lives only in the page header; author
affiliation markers are real superscript runs (plain text gives 'Гришина А. В.1'); headings use
Word heading styles; the reference list uses the 'List Number' style, so the numbers are NOT part of
the text; a formula paragraph and a real Word table; the document's core properties carry a
misleading title/author (as files saved from an editor's template do).
"""
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

OUT = Path(__file__).resolve().parent / "ru_engineering_permafrost.docx"


def para(d, text="", style=None, bold_lead=None, align=None, size=None, italic=False):
    p = d.add_paragraph(style=style)
    if bold_lead:
        r = p.add_run(bold_lead)
        r.bold = True
    if text:
        r = p.add_run(text)
        r.italic = italic
        if size:
            r.font.size = Pt(size)
    if align:
        p.alignment = align
    return p


def with_sup(d, parts, align=None):
    """parts: list of (text, superscript?)"""
    p = d.add_paragraph()
    for text, sup in parts:
        r = p.add_run(text)
        r.font.superscript = sup
    if align:
        p.alignment = align
    return p


def build():
    d = docx.Document()
    d.core_properties.title = "Шаблон статьи_v3_финал"
    d.core_properties.author = "Редактор"
    hdr = d.sections[0].header.paragraphs[0]
    hdr.text = "Инженерный вестник Севера. 2023. Т. 5, № 2. С. 44–53"

    para(d, "УДК 697.34:624.139")
    para(d, "DOI: 10.31242/2618-9712-2023-5-2-44")
    para(d, "Оценка теплопотерь подземных трубопроводов тепловых сетей в условиях многолетнемёрзлых грунтов",
         style="Title", align=WD_ALIGN_PARAGRAPH.CENTER)
    with_sup(d, [("Гришина А. В.", False), ("1", True), (", Соколов П. Е.", False), ("2", True),
                 (", Никитина Л. Р.", False), ("1", True), ("*", True)], align=WD_ALIGN_PARAGRAPH.CENTER)
    with_sup(d, [("1", True), ("Северо-Восточный федеральный университет им. М. К. Аммосова, Якутск, Россия", False)])
    with_sup(d, [("2", True), ("Институт мерзлотоведения им. П. И. Мельникова СО РАН, Якутск, Россия", False)])
    with_sup(d, [("*", True), ("nikitina.lr@s-vfu.ru", False)])

    para(d, "Рассматривается задача оценки тепловых потерь подземных трубопроводов тепловых сетей, "
            "проложенных в многолетнемёрзлых грунтах Центральной Якутии. На основе натурных измерений "
            "температуры грунта на трёх участках теплотрассы в г. Якутске и численного моделирования "
            "показано, что фактические удельные теплопотери превышают нормативные значения в 1,4–1,9 раза. "
            "Предложена поправка к нормативной методике, учитывающая сезонное оттаивание грунта вокруг "
            "трубопровода.", bold_lead="Аннотация. ")
    para(d, "тепловые сети, теплопотери, многолетнемёрзлые грунты, ореол оттаивания, Якутск",
         bold_lead="Ключевые слова: ")
    para(d, "Heat Losses of Underground District Heating Pipelines in Permafrost Soils", style="Heading 2")
    para(d, "Grishina A. V., Sokolov P. E., Nikitina L. R.", italic=True)
    para(d, "The paper estimates heat losses of underground heating pipelines laid in permafrost soils of "
            "Central Yakutia. Field measurements and numerical modelling show that actual specific heat "
            "losses exceed the standard values by a factor of 1.4–1.9.", bold_lead="Abstract. ")
    para(d, "heating networks, heat losses, permafrost, thaw halo, Yakutsk", bold_lead="Keywords: ")

    para(d, "Введение", style="Heading 1")
    para(d, "Около 65 % территории России занимают многолетнемёрзлые грунты, и надёжность инженерных "
            "сетей в этих условиях определяется прежде всего их тепловым взаимодействием с основанием [1]. "
            "Нормативная методика расчёта теплопотерь [2] не учитывает образования ореола оттаивания "
            "вокруг трубопровода, что приводит к систематической недооценке потерь [3, с. 27].")
    para(d, "Методика расчёта", style="Heading 1")
    para(d, "Удельные теплопотери подземного трубопровода определялись по формуле")
    para(d, "q = 2πλ(tт − tгр) / ln(4h/d),                (1)", align=WD_ALIGN_PARAGRAPH.CENTER)
    para(d, "где λ – теплопроводность грунта, Вт/(м·К); tт и tгр – температура теплоносителя и "
            "грунта, °C; h – глубина заложения, м; d – наружный диаметр изоляции, м. Для учёта ореола "
            "оттаивания λ принималась кусочно-постоянной по данным измерений в скважинах [4].")
    para(d, "Результаты", style="Heading 1")
    para(d, "Результаты измерений на трёх участках теплотрассы приведены в табл. 1. Наибольшее "
            "превышение нормативных теплопотерь зафиксировано на участке с подземной канальной "
            "прокладкой в льдистых суглинках.")
    para(d, "Таблица 1 – Удельные теплопотери на участках теплотрассы, Вт/м")
    t = d.add_table(rows=4, cols=3)
    t.style = "Table Grid"
    rows = [("Участок", "Нормативные", "Фактические"), ("1 (ул. Кирова)", "62", "88"),
            ("2 (ул. Лермонтова)", "71", "135"), ("3 (Покровский тракт)", "58", "81")]
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            t.cell(i, j).text = v
    para(d, "Выводы", style="Heading 1")
    para(d, "Нормативная методика существенно занижает теплопотери трубопроводов в многолетнемёрзлых "
            "грунтах; предложенная поправка снижает расхождение с измерениями до 8–12 % [5].")

    para(d, "Список литературы", style="Heading 1")
    refs = [
        "Кудрявцева Н. А. Инженерная геокриология: учебное пособие. М.: Недра, 2016. 312 с.",
        "СП 61.13330.2012. Тепловая изоляция оборудования и трубопроводов. М.: Минрегион России, 2012. 56 с.",
        "Гришина А. В., Никитина Л. Р. Тепловое взаимодействие трубопроводов с мёрзлыми грунтами // Природные ресурсы Арктики и Субарктики. 2021. Т. 26, № 1. С. 22–31. DOI: 10.31242/2618-9712-2021-26-1-22-31.",
        "Соколов П. Е. Мониторинг температуры грунтов в г. Якутске [Электронный ресурс]. URL: http://mpi.ysn.ru/monitoring (дата обращения: 18.10.2022).",
        "Ivanova R. N., Kim S. Heat loss of buried pipelines in cold regions // Cold Regions Science and Technology. 2020. Vol. 172. Art. 102987. DOI: 10.1016/j.coldregions.2020.102987.",
    ]
    for r in refs:
        para(d, r, style="List Number")

    para(d, "Сведения об авторах", style="Heading 1")
    para(d, "Гришина Анна Владимировна – кандидат технических наук, доцент кафедры теплогазоснабжения "
            "и вентиляции, Северо-Восточный федеральный университет им. М. К. Аммосова, e-mail: grishina.av@s-vfu.ru")
    para(d, "Соколов Павел Евгеньевич – научный сотрудник лаборатории инженерной геокриологии, Институт "
            "мерзлотоведения им. П. И. Мельникова СО РАН, e-mail: sokolov@mpi.ysn.ru")
    para(d, "Никитина Лилия Романовна – аспирантка кафедры теплогазоснабжения и вентиляции, Северо-Восточный "
            "федеральный университет им. М. К. Аммосова, e-mail: nikitina.lr@s-vfu.ru")
    para(d, "Поступила в редакцию: 03.02.2023. Принята к публикации: 17.04.2023.")
    d.save(OUT)
    return OUT


if __name__ == "__main__":
    print(build())

"""Write ``tests/gold/sample.jsonl``: hand-made gold annotations of four sample corpus files.

What it is
    A gold standard for ``pipeline eval`` covering cooperation formats, cooperation events and
    dates in four files of ``corpora/``:

    * ``ru_altai_mongolia.txt``        (UTF-8, Russian article)
    * ``mixed_orenburg_aktobe.txt``    (UTF-8, Russian article with an English abstract)
    * ``en_central_asia_corridors.txt`` (UTF-8, English article)
    * ``ru_pavlodar_cp1251.txt``       (CP1251 with CRLF line ends, Russian news report)

    Each output line is one JSON record::

        {"id": <file stem>, "text": <the file decoded, unchanged>, "entities": [],
         "dates":   [{"start", "end", "value", "text"}],
         "formats": [{"start", "end", "category", "text"}],
         "events":  [{"category", "date", "place", "status", "text"}]}

    ``text`` is the file's bytes decoded with its encoding and nothing else (the CP1251 file keeps
    its ``\\r\\n`` line ends); every ``start``/``end`` is a Python str offset into it, end
    exclusive, and ``text[start:end]`` is the annotated surface. Categories are the 13 keys of
    the cooperation-format codebook in ``../shared/docs/SPEC.md``; dates and event dates are EDTF
    (``2015-07-03``, ``2019-05``, ``2019``, ``199X``, ``2015/2023``). Entities are not annotated
    here (``"entities": []``).

How it was made
    The annotations are hand-made: they are one annotator's reading of the texts against the
    codebook, written down below as (surface, occurrence) pairs. They are independent of the
    pipeline - no pipeline output was used to produce or adjust them - so they can measure it.
    Conventions:

    * formats: every mention of a cooperation mechanism outside bracketed or parenthesised
      citations and the reference list; generic mentions count (``соглашения, форумы``), a bare
      «сотрудничество»/«взаимодействие» does not. The span is the mechanism's head phrase; for a
      named mechanism it runs to the end of the name (``Международного координационного совета
      «Наш общий дом – Алтай»``). Text broken by a PDF line break or a running header is kept
      as it is in the raw text, so a span may contain ``\\n`` or even a page number. A session of
      a body takes the body's category (a council's sessions: commission; a forum's plenary or
      thematic session: forum). transport_infrastructure also covers cross-border roads,
      railways, ports, terminals and regular cross-border transport links (a container service,
      a bus or passenger route), but not a mere lack of flights. Titles of persons (консул,
      министр) are actors, not formats; keywords and titles count as text.
    * dates: every dated expression outside citations and the reference list, running-header
      years of the journal included; not DOIs, volumes, pages or amounts.
    * events: one per concrete dated occurrence of a format (a signing, a session, a launch, an
      opening, an interruption, a planned meeting), with the date stated in its sentence or
      referred to from it (``к этому времени``). Generic mentions, undated ones, and sentences
      whose only date belongs to something else (statistics, interviews, trade turnover) give no
      event. ``place`` is the city (Russian nominative) the text says the occurrence took place
      in, else ``""`` (the evaluator then does not check it).

Occurrences are counted over the whole text, overlapping matches included, starting at 1. The
script asserts that every surface occurs at least that many times, that an event's quote is in
the text (whitespace-normalised) and that categories, statuses and EDTF values are well formed,
so an edited corpus file fails loudly instead of shifting offsets silently.

Regenerate (from the repository root, any Python 3.9+, no dependencies)::

    python scripts/make_sample_gold.py           # writes tests/gold/sample.jsonl
    python scripts/make_sample_gold.py --show    # also prints every span in its context

The output is deterministic: records in the order below, spans sorted by offset,
``ensure_ascii=False``, one record per line, ``\\n`` line ends.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
OUT = ROOT / "tests" / "gold" / "sample.jsonl"

CATEGORIES = {
    "diplomatic_mission", "trade_mission", "forum", "conference_meeting", "commission", "agreement",
    "program_strategy", "visit_delegation", "joint_venture_investment", "education_science",
    "culture_diaspora", "transport_infrastructure", "integration_framework",
}
STATUSES = {"occurred", "planned", "unknown"}
_DAY = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
EDTF = re.compile(rf"^(?:\d{{3}}X|{_DAY}(?:/{_DAY})?)$")

# Shorthands for the category keys.
DIP, TRADE, FORUM, MEET, COMM, AGR, PROG, VISIT, JV, EDU, CULT, TRANS, INTEG = (
    "diplomatic_mission", "trade_mission", "forum", "conference_meeting", "commission", "agreement",
    "program_strategy", "visit_delegation", "joint_venture_investment", "education_science",
    "culture_diaspora", "transport_infrastructure", "integration_framework",
)


def ev(category: str, date: str, place: str, status: str, text: str) -> dict:
    return {"category": category, "date": date, "place": place, "status": status, "text": text}


# --------------------------------------------------------------------------------------------
# ru_altai_mongolia.txt
# --------------------------------------------------------------------------------------------
ALTAI = {
    "file": "ru_altai_mongolia.txt",
    "encoding": "utf-8",
    "formats": [
        # Аннотация
        ("соглашений", 1, AGR),
        ("протоколов", 1, AGR),
        ("межправительственных комиссий", 1, COMM),
        ("Международного координационного совета «Наш общий дом – Алтай»", 1, COMM),
        ("научно-\n\nобразовательные проекты", 1, EDU),
        ("пунктов пропуска", 1, TRANS),
        ("ЕАЭС", 1, INTEG),
        # Ключевые слова
        ("ЕАЭС", 2, INTEG),
        # Материалы и методы
        ("соглашения", 1, AGR),
        ("меморандумы", 1, AGR),
        ("протоколы", 1, AGR),
        ("заседаний Российско-Монгольской межправительственной комиссии по торгово-\n\n"
         "экономическому и научно-техническому сотрудничеству", 1, COMM),
        # Результаты и обсуждение
        ("Международный координационный \n\nсовет «Наш общий дом – Алтай»", 1, COMM),
        ("Заседания совета", 1, COMM),
        ("заседание", 1, COMM),
        ("программа экологических экспедиций", 1, PROG),
        ("Соглашения между Правительством Алтайского \n\nкрая и администрацией Баян-Улгийского "
         "аймака о торгово-экономическом и культурном \n\nсотрудничестве", 1, AGR),
        ("I Российско-Монгольский форум «Алтай \n\n– Монголия: новые горизонты»", 1, FORUM),
        ("меморандум", 2, AGR),
        ("совместного предприятия \n\nООО «Алтай-Ноос»", 1, JV),
        ("пункта пропуска Ташанта – Цагааннуур", 1, TRANS),
        ("Чуйского тракта", 1, TRANS),
        ("совместные программы", 1, EDU),
        ("пункт пропуска \n\nТашанта", 1, TRANS),
        ("Центр \n\n\n\n115 \n \n\nмонголоведения и тюркологии", 1, EDU),
        ("Чуйский тракт", 1, TRANS),
        ("ЕАЭС", 3, INTEG),
        # Заключение
        ("координационный совет", 1, COMM),
        ("соглашения", 2, AGR),
        ("форумы", 1, FORUM),
        ("университетские партнёрства", 1, EDU),
        ("пунктов пропуска", 2, TRANS),
    ],
    "dates": [
        ("2015–2023 ГГ.", 1, "2015/2023"),
        ("1990-х годов", 1, "199X"),
        ("1991 году", 1, "1991"),
        ("1990-е годы", 1, "199X"),
        ("2015–2023 гг.", 1, "2015/2023"),
        ("с октября 2022 по март 2023 года", 1, "2022-10/2023-03"),
        ("2024", 1, "2024"),  # running header
        ("14 сентября 2018 года", 1, "2018-09-14"),
        ("2019 \n\nгоду", 1, "2019"),
        ("3 июля 2015 года", 1, "2015-07-03"),
        ("мае 2019 года", 1, "2019-05"),
        ("2015 году", 1, "2015"),
        ("2019 году", 1, "2019"),
        ("с марта 2020 по июнь 2022 года", 1, "2020-03/2022-06"),
        ("2023 году", 1, "2023"),
        ("1 сентября 2021 года", 1, "2021-09-01"),
        ("2021 году", 1, "2021"),
        ("2024", 2, "2024"),  # running header
        ("1990-х годов", 2, "199X"),
    ],
    "events": [
        ev(COMM, "2018-09-14", "Усть-Каменогорск", "occurred",
           "14 сентября 2018 года заседание состоялось в г. Усть-Каменогорске"),
        ev(COMM, "2019", "Горно-Алтайск", "occurred",
           "а в 2019 году – в г. Горно-Алтайске"),
        ev(PROG, "2019", "Горно-Алтайск", "occurred",
           "где была одобрена программа экологических экспедиций на плато Укок"),
        ev(AGR, "2015-07-03", "", "occurred",
           "подписание 3 июля 2015 года Соглашения между Правительством Алтайского края и "
           "администрацией Баян-Улгийского аймака"),
        ev(FORUM, "2019-05", "Барнаул", "occurred",
           "В мае 2019 года в г. Барнауле прошёл I Российско-Монгольский форум"),
        ev(AGR, "2019-05", "Барнаул", "occurred",
           "по итогам которого министр экономического развития Алтайского края Сергей Анатольевич "
           "Ложкин и заместитель губернатора аймака Ерлан Бахытович Серикбай подписали меморандум"),
        ev(EDU, "2021-09-01", "", "occurred",
           "в Горно- Алтайском государственном университете с 1 сентября 2021 года действует Центр"),
    ],
}

# --------------------------------------------------------------------------------------------
# mixed_orenburg_aktobe.txt
# --------------------------------------------------------------------------------------------
ORENBURG = {
    "file": "mixed_orenburg_aktobe.txt",
    "encoding": "utf-8",
    "formats": [
        # Аннотация
        ("совместных рабочих групп", 1, COMM),
        ("деловых форумов", 1, FORUM),
        ("образовательных обменов", 1, EDU),
        # Ключевые слова
        ("ЕАЭС", 1, INTEG),
        # Введение
        ("договорённостей", 1, AGR),
        ("Таможенного союза", 1, INTEG),
        ("Единого экономического пространства", 1, INTEG),
        # Материалы и методы
        ("соглашений", 1, AGR),
        ("Межправительственной комиссии по сотрудничеству между Российской Федерацией и Республикой "
         "\n\nКазахстан", 1, COMM),
        # Результаты и обсуждение
        ("Соглашение между Правительством Оренбургской области \n\nи акиматом Актюбинской области о "
         "торгово-экономическом, научно-техническом и культурном \n\nсотрудничестве", 1, AGR),
        ("план мероприятий", 1, PROG),
        ("совместной рабочей \n\nгруппы по транспорту и логистике", 1, COMM),
        ("встречи руководства регионов", 1, MEET),
        ("переговоры", 1, MEET),
        ("автомобильный пункт пропуска \n\nМаштаково – Сагарчин", 1, TRANS),
        ("трассе Оренбург – Актобе", 1, TRANS),
        ("регулярного пассажирского сообщения", 1, TRANS),
        ("логистического центра", 1, TRANS),
        ("совместное предприятие ТОО «Орь-Актобе Агро»", 1, JV),
        ("программы \n\nакадемической мобильности", 1, EDU),
        # Заключение
        ("пунктов пропуска", 1, TRANS),
        ("ЕАЭС", 2, INTEG),
        # English abstract
        ("joint working groups", 1, COMM),
        ("business \n\nforums", 1, FORUM),
        ("educational exchanges", 1, EDU),
        ("Russian-Kazakh Intergovernmental Commission", 1, COMM),
        ("Forum of \n\nInterregional Cooperation", 1, FORUM),
        ("Mashtakovo – Sagarchin checkpoint", 1, TRANS),
        ("EAEU", 1, INTEG),
    ],
    "dates": [
        ("2010–2022 гг.", 1, "2010/2022"),
        ("1991 \n\nгода", 1, "1991"),
        ("2000-е годы", 1, "200X"),
        ("2010 году", 1, "2010"),
        ("2012 году", 1, "2012"),
        ("2010–2022 гг.", 2, "2010/2022"),
        ("18 мая 2011 года", 1, "2011-05-18"),
        ("ноябре 2021 года", 1, "2021-11"),
        ("2022–2024 гг.", 1, "2022/2024"),
        ("14 октября 2022 года", 1, "2022-10-14"),
        ("2020 году", 1, "2020"),
        ("2023", 1, "2023"),  # running header
        ("2017 года", 1, "2017"),
        ("2010–2022", 3, "2010/2022"),  # English abstract
    ],
    "events": [
        ev(INTEG, "2010", "", "occurred", "после создания Таможенного союза в 2010 году"),
        ev(INTEG, "2012", "", "occurred", "и Единого экономического пространства в 2012 году"),
        ev(AGR, "2011-05-18", "Актобе", "occurred", "подписанное 18 мая 2011 года в г. Актобе"),
        ev(PROG, "2021-11", "", "occurred",
           "В ноябре 2021 года стороны утвердили план мероприятий на 2022–2024 гг."),
        ev(COMM, "2022/2024", "", "planned",
           "план мероприятий на 2022–2024 гг., предусматривающий создание совместной рабочей группы "
           "по транспорту и логистике"),
        ev(MEET, "2022-10-14", "Оренбург", "occurred",
           "14 октября 2022 года в г. Оренбурге состоялись переговоры"),
        ev(TRANS, "2020", "", "occurred",
           "регулярного пассажирского сообщения через станцию Илецк-1, прерванного в 2020 году"),
        ev(JV, "2017", "", "occurred",
           "с 2017 года работает совместное предприятие ТОО «Орь-Актобе Агро»"),
    ],
}

# --------------------------------------------------------------------------------------------
# en_central_asia_corridors.txt
# --------------------------------------------------------------------------------------------
CORRIDORS = {
    "file": "en_central_asia_corridors.txt",
    "encoding": "utf-8",
    "formats": [
        # Title
        ("OVERLAND CORRIDORS", 1, TRANS),
        ("BORDER GATEWAYS", 1, TRANS),
        ("EURASIAN ECONOMIC UNION", 1, INTEG),
        # Abstract
        ("Belt and Road Initiative", 1, PROG),
        ("Eurasian\n\nEconomic Union (EAEU)", 1, INTEG),
        ("Khorgos\n\nGateway dry port", 1, TRANS),
        ("Khorgos–Eastern Gate special economic zone", 1, TRANS),
        ("transcontinental route", 1, TRANS),
        ("Dostyk–Alashankou crossing", 1, TRANS),
        ("Trans-Caspian route", 1, TRANS),
        ("corridor model", 1, TRANS),
        # Keywords
        ("Belt and Road Initiative", 2, PROG),
        ("Eurasian Economic Union", 1, INTEG),
        ("transport\n\ncorridors", 1, TRANS),
        ("dry ports", 1, TRANS),
        # Introduction
        ("rail crossing", 1, TRANS),
        ("road checkpoints", 1, TRANS),
        ("Silk Road Economic Belt", 1, PROG),
        ("Treaty on the Eurasian Economic Union", 1, AGR),
        ("Eurasian Economic Union", 2, INTEG),
        ("customs union", 1, INTEG),
        ("corridors", 2, TRANS),
        # Methods
        ("Eurasian\n\nEconomic Commission", 1, INTEG),
        ("intergovernmental agreements", 1, AGR),
        ("memoranda", 1, AGR),
        ("protocols", 1, AGR),
        ("Kazakhstan–China Cooperation Committee", 1, COMM),
        ("Russian–Kazakh Intergovernmental Commission", 1, COMM),
        # Results
        ("Khorgos hub", 1, TRANS),
        ("intergovernmental agreement", 2, AGR),
        ('International Centre for Boundary Cooperation "Khorgos"', 1, TRANS),
        ("Zhetygen–Khorgos railway", 1, TRANS),
        ("Khorgos Gateway\n\ndry port", 1, TRANS),
        ("acquired a combined 49 per cent stake", 1, JV),
        ("dry port", 4, TRANS),  # «a stake in the dry port»
        ("China–Europe routes", 1, TRANS),
        ("terminal infra-\n\nstructure", 1, TRANS),
        ("regular container service", 1, TRANS),
        ("EAEU", 2, INTEG),
        ("mutual recognition of phytosanitary certificates", 1, INTEG),
        # Discussion
        ("conjunction", 1, INTEG),
        ("EAEU", 3, INTEG),
        ("Silk\n\nRoad Economic Belt", 1, PROG),
        ("technical harmonisation", 1, INTEG),
        ("EAEU", 4, INTEG),
        ("Trans-\n\nCaspian International Transport Route", 1, TRANS),
        ("ports of Aktau and Kuryk", 1, TRANS),
        # Conclusion
        ("corridor strategy", 1, PROG),
        ("integration projects", 1, INTEG),
    ],
    "dates": [
        ("2003–2024", 1, "2003/2024"),
        ("2022", 1, "2022"),  # "sanctions against Russia after 2022"
        ("1990s", 1, "199X"),
        ("7 September 2013", 1, "2013-09-07"),
        ("29 May 2014", 1, "2014-05-29"),
        ("1 January 2015", 1, "2015-01-01"),
        ("2003–2024", 2, "2003/2024"),
        ("between May 2022 and April 2023", 1, "2022-05/2023-04"),
        ("2004", 1, "2004"),
        ("December 2011", 1, "2011-12"),
        ("2015", 4, "2015"),  # 1-2: a citation, 3: "1 January 2015"
        ("May 2017", 1, "2017-05"),
        ("2023", 3, "2023"),  # running header (1: the DOI, 2: "April 2023")
        ("between 2015 and 2021", 1, "2015/2021"),
        ("2019", 2, "2019"),  # 1: a citation
        ("May 2015", 1, "2015-05"),
        ("2023", 4, "2023"),  # running header
        ("February 2022", 1, "2022-02"),
    ],
    "events": [
        ev(PROG, "2013-09-07", "Астана", "occurred",
           "on 7 September 2013, when Chinese President Xi Jinping announced the Silk Road Economic "
           "Belt in a speech at Nazarbayev University in Astana"),
        ev(AGR, "2014-05-29", "", "occurred",
           "on 29 May 2014, the presidents of Russia, Belarus and Kazakhstan signed the Treaty on the "
           "Eurasian Economic Union"),
        ev(AGR, "2015-01-01", "", "occurred", "which entered into force on 1 January 2015"),
        ev(AGR, "2004", "", "occurred", "An intergovernmental agreement signed in 2004"),
        ev(TRANS, "2011-12", "", "occurred", "The Zhetygen–Khorgos railway was completed in December 2011"),
        ev(TRANS, "2015", "", "occurred", "the Khorgos Gateway dry port began operations in 2015"),
        ev(JV, "2017-05", "", "occurred",
           "In May 2017 the Chinese companies COSCO Shipping and Lianyungang Port acquired a combined "
           "49 per cent stake in the dry port"),
        ev(TRANS, "2019", "", "occurred",
           "in 2019 a group of Siberian forwarders launched a regular container service between "
           "Novosibirsk and Khorgos"),
        ev(INTEG, "2015-05", "", "occurred",
           'The "conjunction" of the EAEU and the Silk Road Economic Belt, proclaimed by Vladimir Putin '
           "and Xi Jinping in May 2015"),
    ],
}

# --------------------------------------------------------------------------------------------
# ru_pavlodar_cp1251.txt  (CRLF line ends are kept; no span crosses a line end)
# --------------------------------------------------------------------------------------------
PAVLODAR = {
    "file": "ru_pavlodar_cp1251.txt",
    "encoding": "cp1251",
    "formats": [
        ("бизнес-форума «Иртышский диалог»", 1, FORUM),
        ("V Межрегиональный бизнес-форум «Павлодар – Омск: Иртышский диалог»", 1, FORUM),
        ("Генерального консульства", 1, DIP),
        ("форума", 2, FORUM),  # «в работе форума» (occurrence 1 is inside «бизнес-форума»)
        ("пленарное заседание", 1, FORUM),  # the forum's own plenary session
        ("форума", 3, FORUM),  # «в рамках форума»
        ("соглашений", 1, AGR),
        ("договор", 1, AGR),
        ("совместного предприятия ТОО «ИртышАгроЛогистик»", 1, JV),
        ("соглашение", 1, AGR),
        ("Отдельная сессия", 1, FORUM),  # a session of the forum
        ("автомобильной дороги Омск – Павлодар", 1, TRANS),
        ("пунктов пропуска", 1, TRANS),
        ("пассажирского речного сообщения", 1, TRANS),
        ("консульство", 1, DIP),
        ("форума", 4, FORUM),  # «научно-образовательной части форума»
        ("меморандум", 1, AGR),
        ("сетевой магистерской программе", 1, EDU),
        ("обмене преподавателями", 1, EDU),
        ("VI форум «Иртышский диалог»", 1, FORUM),
        ("прямой автобусный маршрут Павлодар – Черлак – Омск", 1, TRANS),
    ],
    "dates": [
        ("18 апреля 2024 года", 1, "2024-04-18"),
        ("17 и 18 апреля", 1, "2024-04-17/2024-04-18"),
        ("2023 года", 1, "2023"),
        ("2026 года", 1, "2026"),
        ("1990-е годы", 1, "199X"),
        ("2023 году", 1, "2023"),
        ("1 сентября 2024 года", 1, "2024-09-01"),
        ("октябре 2025 года", 1, "2025-10"),
    ],
    "events": [
        ev(FORUM, "2024-04-17/2024-04-18", "Павлодар", "occurred",
           "В г. Павлодаре завершил работу V Межрегиональный бизнес-форум «Павлодар – Омск: "
           "Иртышский диалог»"),
        ev(TRANS, "199X", "", "occurred",
           "пассажирского речного сообщения по Иртышу, прерванного в 1990-е годы"),
        ev(EDU, "2024-09-01", "", "planned",
           "договорились об обмене преподавателями начиная с 1 сентября 2024 года"),
        ev(FORUM, "2025-10", "Омск", "planned",
           "Следующий, VI форум «Иртышский диалог» решено провести в г. Омске в октябре 2025 года"),
        ev(TRANS, "2025-10", "", "planned",
           "к этому времени будет запущен прямой автобусный маршрут Павлодар – Черлак – Омск"),
    ],
}

DOCUMENTS = [ALTAI, ORENBURG, CORRIDORS, PAVLODAR]


def locate(text: str, surface: str, occurrence: int, where: str) -> tuple[int, int]:
    """Offsets of the occurrence-th (1-based, overlapping) match of surface in text."""
    i = -1
    for _ in range(occurrence):
        i = text.find(surface, i + 1)
        if i < 0:
            raise AssertionError(f"{where}: {surface!r} occurs fewer than {occurrence} times")
    return i, i + len(surface)


def squash(s: str) -> str:
    return " ".join(s.split())


def build(doc: dict) -> dict:
    path = CORPORA / doc["file"]
    text = path.read_bytes().decode(doc["encoding"])
    stem = path.stem
    formats, dates, seen = [], [], set()
    for surface, n, category in doc["formats"]:
        assert category in CATEGORIES, f"{stem}: unknown category {category!r}"
        start, end = locate(text, surface, n, stem)
        assert (start, end) not in seen, f"{stem}: {surface!r} #{n} annotated twice"
        seen.add((start, end))
        formats.append({"start": start, "end": end, "category": category, "text": text[start:end]})
    for surface, n, value in doc["dates"]:
        assert EDTF.match(value), f"{stem}: bad EDTF {value!r}"
        start, end = locate(text, surface, n, stem)
        dates.append({"start": start, "end": end, "value": value, "text": text[start:end]})
    formats.sort(key=lambda r: (r["start"], r["end"], r["category"]))
    dates.sort(key=lambda r: (r["start"], r["end"]))
    for a, b in zip(dates, dates[1:]):
        assert a["end"] <= b["start"], f"{stem}: overlapping dates {a['text']!r} / {b['text']!r}"
    flat = squash(text)
    for e in doc["events"]:
        assert e["category"] in CATEGORIES and e["status"] in STATUSES, f"{stem}: bad event {e}"
        assert EDTF.match(e["date"]), f"{stem}: bad event date {e['date']!r}"
        assert squash(e["text"]) in flat, f"{stem}: event quote not in text: {e['text']!r}"
    return {"id": stem, "text": text, "entities": [], "dates": dates, "formats": formats,
            "events": [dict(e) for e in doc["events"]]}


def show(record: dict) -> None:
    text = record["text"]
    print(f"== {record['id']}: {len(record['formats'])} formats, {len(record['events'])} events, "
          f"{len(record['dates'])} dates")
    for kind in ("formats", "dates"):
        for r in record[kind]:
            ctx = text[max(0, r["start"] - 30):r["start"]] + "[[" + r["text"] + "]]" + text[r["end"]:r["end"] + 30]
            label = r.get("category") or r.get("value")
            print(f"  {kind[:-1]:<6} {r['start']:>5}-{r['end']:<5} {label:<24} {ctx!r}")
    for e in record["events"]:
        print(f"  event  {e['category']:<24} {e['date']:<22} {e['place'] or '-':<16} {e['status']:<8} {e['text']!r}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", action="store_true", help="print every span in its context")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output path (default {OUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    records = [build(doc) for doc in DOCUMENTS]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    for record in records:
        if args.show:
            show(record)
        else:
            print(f"{record['id']}: {len(record['formats'])} formats, {len(record['events'])} events, "
                  f"{len(record['dates'])} dates")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Ambiguous forms in real sentences: a trigger word finds its format only in the sense the codebook means.

Each row is (sentence, surface word, the format category a format row covering that word must have, or None
when no format row may cover it). Sentences are quoted, some shortened, from the seed article (seed), the
factRuEval-2016 devset (factru, with the document id), or written for the case (own). They go through the
codebook's example machinery (`pipeline.batch.assemble.example_stages`, as tests/test_formats.py does).
"""

import pytest

from pipeline.core.schema import Document
from pipeline.core.stages import analyse

pytestmark = pytest.mark.slow

ROWS = [
    # после (preposition) is never «посол»; «послом» is
    ("После создания Таможенного союза в 2010 году приграничные районы получили дополнительные инструменты.",  # own
     "После", None),
    ("После своего возвращения на Землю навсегда, челнок займёт почётное место в американском музее аэронавтики.",  # factru book_263
     "После", None),
    ("Встреча с послом Италии в миде Грузии", "послом", "diplomatic_mission"),  # factru book_58
    # мира: «чемпион мира», «внешнего мира» are not «заключить мир»
    ("Эти заключенные считаются отрезанными от внешнего мира, и их состояние вызывает беспокойство.",  # factru book_151
     "мира", None),
    ("Первый контракт был подписан с чемпионом мира ФИДЕ Веселином Топаловым, второй с «классическим чемпионом мира» "
     "Владимиром Крамником.", "подписан", "agreement"),  # factru book_413
    ("Первый контракт был подписан с чемпионом мира ФИДЕ Веселином Топаловым, второй с «классическим чемпионом мира» "
     "Владимиром Крамником.", "мира", None),
    # стали: стать (verb) vs сталь (goods)
    ("Освещающие акцию блоггеры сообщили, что автобусы с милицией стали занимать площадь у памятника Юрию Долгорукому "
     "ещё с 15 часов дня, центральная часть площади была огорожена.", "стали", None),  # factru book_100
    ("За год Казахстан увеличил экспорт стали.", "стали", "supply"),  # own
    # союз: the EAEU, not «Союз координационных советов» or «Советского Союза»
    ("В 2015 году Киргизия вступила в Евразийский экономический союз.", "вступила", "integration_framework"),  # own
    ("Распад Советского Союза ознаменовал начало новой парадигмы международных отношений.", "Союза", None),  # own
    ("Организаторами акции выступили движение «За права человека», Союз координационных советов (СКС), институт "
     "«Коллективное действие».", "Союз", None),  # factru book_100
    # поставки (supply) vs «поставить» (put, set)
    ("Новые поставки нефти почти вдвое увеличат объем «черного золота», поставляемого Россией в Китай.",  # factru book_99
     "поставки", "supply"),
    ("Новые поставки нефти почти вдвое увеличат объем «черного золота», поставляемого Россией в Китай.",
     "поставляемого", "supply"),
    ("Точку в затянувшемся споре, скорее всего, поставят глава ОАО «Газпром» Алексей Миллер и министр энергетики "
     "Белоруссии Александр Озерец, которые сегодня специально встречаются для обсуждения вопроса о погашении "
     "задолженности за поставленный российский газ.", "поставят", None),  # factru book_374
    ("Точку в затянувшемся споре, скорее всего, поставят глава ОАО «Газпром» Алексей Миллер и министр энергетики "
     "Белоруссии Александр Озерец, которые сегодня специально встречаются для обсуждения вопроса о погашении "
     "задолженности за поставленный российский газ.", "поставленный", "supply"),
    ("Точку в затянувшемся споре, скорее всего, поставят глава ОАО «Газпром» Алексей Миллер и министр энергетики "
     "Белоруссии Александр Озерец, которые сегодня специально встречаются для обсуждения вопроса о погашении "
     "задолженности за поставленный российский газ.", "встречаются", "conference_meeting"),
    ("Россия поставлена в неловкое положение, вроде как хотели лучше, а получилось, так, что на время переговоров, "
     "прикрывали Иран от санкций со стороны Америки.", "поставлена", None),  # factru book_410
    ("- уязвимость транспортно-логистических маршрутов, особенно в условиях изменения глобальных коридоров поставок, "
     "что требует переосмысления устойчивости транспортной архитектуры.", "поставок", None),  # seed
    # среда: Wednesday or environment, never a format
    ("Россия и Турция подписали в минувшую среду 12 мая межправительственное соглашение о взаимной отмене виз.",  # factru book_191
     "среду", None),
    ("Россия и Турция подписали в минувшую среду 12 мая межправительственное соглашение о взаимной отмене виз.",
     "соглашение", "agreement"),
    ("Взаимодействие способствует формированию общей культурной и образовательной среды.", "среды", None),  # own
    # встреча as a meeting vs «точка встречи»; «встретили» (greeted) is not «встретиться»
    ("В июне 2024 года состоялась рабочая встреча с представителями Северо-Казахстанской области во главе с Акимом "
     "региона Гауеза Нурмухамбетова.", "встреча", "conference_meeting"),  # seed
    ("Граница на Алтае давно стала точкой встречи для жителей обеих стран.", "встречи", None),  # own
    ("По инициативе итальянской стороны чрезвычайный и полномочный посол Италии в Грузии Виторио Сандали встретился "
     "с заместителем министра иностранных дел Грузии Александром Налбандовым.", "встретился", "conference_meeting"),  # factru book_58
    ("Космонавтов встретили местные жители, которые были удивлены появлением, неожиданно свалившегося с неба "
     "космического корабля.", "встретили", None),  # factru book_438
    # договор / договорились / договорные матчи
    ("По договору между двумя странами о нефтепроводе от 2009 года, Поднебесная будет получать нефть 20 лет в обмен на "
     "25 миллиардов долларов кредитов.", "договору", "agreement"),  # factru book_99
    ("По договору между двумя странами о нефтепроводе от 2009 года, Поднебесная будет получать нефть 20 лет в обмен на "
     "25 миллиардов долларов кредитов.", "кредитов", "finance_loan"),
    ("Во второй день саммита в Лиссабоне страны — члены альянса договорились начать вывод войск из Афганистана.",  # factru book_510
     "договорились", "agreement"),
    ("Президент ФИФА Зепп Блаттер заявил в Цюрихе в понедельник 9 мая, что договорные матчи подрывают основы спорта.",  # factru book_296
     "договорные", None),
    # «приняли участие» vs «принимает … коллегу» (hosting a visit); «приняли решение»
    ("27 ноября 2024 года Президент России Владимир Путин и Президент Казахстана Касым-Жомарт Токаев в режиме "
     "видеоконференцсвязи приняли участие в церемонии открытия филиала Казахского национального университета имени "
     "Аль-Фараби.", "приняли участие", None),  # seed
    ("Барак Обама принимает в Белом доме своего французского коллегу Николя Саркози.", "принимает",  # factru book_117
     "visit_delegation"),
    ("Это решение приняли министры иностранных дел Европейского союза на совещании в Люксембурге.",  # factru book_402
     "приняли", None),
    ("Губернатор принял в Омске делегацию Павлодарской области.", "принял", "visit_delegation"),  # own
    # продажа of a stake vs retail; «приобретает значение» vs «приобрела акции»
    ("В ближайшее время в продаже появятся также варианты Roxxxy для геев и женщин.", "продаже", None),  # factru book_737
    ("Китайская компания объявила о продаже своей доли в сухом порту Хоргос.", "продаже", "trade_deal"),  # own
    ("Особое значение приобретает состояние транспортной инфраструктуры.", "приобретает", None),  # seed
    ("DST впервые приобрела акции Facebook в мае 2009 года.", "приобрела", "trade_deal"),  # factru book_297
    ("Кроме того, 20 и 21 марта при покупке книг лауреатов и финалистов премии «Просветитель» все студенты получат "
     "50% и 30% скидку соответственно.", "покупке", None),  # factru book_369
    ("Компания Hewlett-Packard официально объявила о покупке производителя сетевого оборудования 3Com.",  # factru book_356
     "покупке", "trade_deal"),
    # кредит доверия vs a loan; долг (duty) vs debt
    ("Новое правительство получило кредит доверия у избирателей.", "кредит", None),  # own
    ("Россия дала Украине кредит на сумму 2 миллиарда долларов, сообщает Лента.ру.", "кредит", "finance_loan"),  # factru book_194
    ("Он считает своим долгом помогать соотечественникам.", "долгом", None),  # own
    ("В течение 2005 года внешний долг России уменьшился с 114 миллиардов до 81,5 миллиардов долларов.",  # factru book_412
     "долг", "finance_loan"),
    ("Правительства Российской Федерации и Республики Казахстан совместно выделили 200 грантов – бюджетных мест на "
     "обучение будущих студентов.", "грантов", "education_science"),  # seed
    # санкции as a risk the text talks about vs sanctions someone imposes
    ("Однако в условиях изменения международной повестки и экономических санкций возникает необходимость в "
     "актуализации стратегий приграничного развития, усилении координационных механизмов и диверсификации форматов "
     "взаимодействия.", "санкций", None),  # seed
    ("- внешнеполитические турбулентности (санкционные режимы, геополитическая конкуренция, давление со стороны "
     "глобальных центров силы), способные ограничить пространство для манёвра в экономической и логистической сферах;",
     "санкционные", None),  # seed
    ("Particular focus is given to risks and challenges, including foreign policy instability, sanctions restrictions, "
     "logistics route transformations, demographic shifts, and declining investment activity.", "sanctions", None),  # seed
    ("Чиновник заметил, что в том случае, если Россия сдержит обещание, т.е. ограничит с понедельника поставки газа, то "
     "в отношении неё также будут приняты санкции.", "санкции", "sanction"),  # factru book_374
    ("Ещё в 2004 году ЕС наложил на «Майкрософт» штраф в размере 500 миллионов долларов, за злоупотребление своего "
     "монопольного положения.", "наложил", "sanction"),  # factru book_215
    ("Минсельхоз РФ запретил ввозить овощи и фрукты из Молдавии.", "запретил", "sanction"),  # factru book_622
    ("Как сообщает Agence France-Presse, Верховный суд Бангладеша снял запрет на издание так называемых фетв — правовых "
     "предписаний, основанных на законах ислама.", "запрет", None),  # factru book_1256
    # «заключили» an agreement vs «заключена под стражу», «заключил» a speech
    ("Политик была заключена под стражу после того, как в 1990 году возглавляемая ею партия «Новый свет Мьянмы» "
     "победила на выборах в парламент страны.", "заключена", None),  # factru book_498
    ("Территориальный спор вокруг этих островов до сих пор, через 65 лет после окончания военных действий, не дает двум "
     "странам заключить мирное соглашение.", "заключить", "agreement"),  # factru book_261
    ("«Смешивать это с какими-то беспорядками, с давлением на власть – сегодня, в этот день, не нужно», – заключил "
     "Белов.", "заключил", None),  # factru book_147
    # «подписали» vs «подписей»
    ("В июне 2024 года состоялась рабочая встреча с представителями Северо-Казахстанской области, в рамках которой "
     "были подписаны меморандумы о создании совместных предприятий.", "подписаны", "agreement"),  # seed
    ("Видениус меж тем сдаваться не собирается: он уже собрал 30 тыс. подписей против сделки.",  # factru book_310
     "подписей", None),
    ("Видениус меж тем сдаваться не собирается: он уже собрал 30 тыс. подписей против сделки.", "сделки", "trade_deal"),
    # «обсудили» with its participants vs a headline or a topic
    ("Как было объявлено, президент Франции прибыл в Вашингтон, чтобы обсудить с главой администрации США ряд "
     "насущных проблем.", "обсудить", "conference_meeting"),  # factru book_117
    ("Как было объявлено, президент Франции прибыл в Вашингтон, чтобы обсудить с главой администрации США ряд "
     "насущных проблем.", "прибыл", "visit_delegation"),
    ("Обсудим потенциал развития субкультур", "Обсудим", None),  # factru book_259
    ("Участники обсудили модернизацию автомобильной дороги Омск – Павлодар.", "обсудили", "conference_meeting"),  # own
    # visits: «посетил Белград» vs «посетители»
    ("Помощник Хиллари Клинтон по европейским и евразийским делам, который в среду посетил Белград заявил, что "
     "\"планка для ЕС высоко\".", "посетил", "visit_delegation"),  # factru book_361
    ("Президент и первая леди Мишель Обама задержались в Белом доме, а персонал и посетители собрались на ступенях "
     "Капитолия.", "посетители", None),  # factru book_124
    # «вступить в силу» is no accession; «открывает дорогу» opens nothing
    ("Соглашение вступило в силу в 2016 году.", "вступило", None),  # own
    ("Это решение открывает дорогу к новому этапу сотрудничества.", "открывает", None),  # own
    ("Группа исследователей провела восемнадцать интервью.", "провела", None),  # own
    # investment: «вложила в Zynga» vs «вкладывают в понятие смысл»
    ("Кроме того, в 2010 году Google вложила в Zynga — разработчика популярных игр FarmVille и CityVille — сумму от "
     "100 до 200 млн долларов.", "вложила", "joint_venture_investment"),  # factru book_344
    ("Разные авторы вкладывают в понятие «парадипломатия» разный смысл.", "вкладывают", None),  # own
    # English: meet, deal, sign, fine, supply
    ("The two governors met in Omsk in May 2023.", "met", "conference_meeting"),  # own
    ("The new terminal meets the requirements of the customs union.", "meets", None),  # own
    ("Regional authorities have to deal with border closures.", "deal", None),  # own
    ("Scholars have paid a great deal of attention to paradiplomacy.", "deal", None),  # own
    ("The deal between KTZ and COSCO was worth 1 billion dollars.", "deal", "trade_deal"),  # own
    ("In 2014 the presidents signed the Treaty on the Eurasian Economic Union.", "signed", "agreement"),  # own
    ("The rise in trade is a sign of closer ties.", "sign", None),  # own
    ("The regulator fined the company one million dollars.", "fined", "sanction"),  # own
    ("The results are fine for a first estimate.", "fine", None),  # own
    ("Supply chain resilience is discussed in the conclusion.", "Supply", None),  # own
    ("Kazakhstan supplies uranium to China under long-term contracts.", "supplies", "supply"),  # own
    ("The concept acquired a new meaning after 2014.", "acquired", None),  # own
    ("Chinese investors bought a 49 per cent stake in the Khorgos dry port.", "bought", "trade_deal"),  # own
    ("The author gives credit to earlier studies of paradiplomacy.", "credit", None),  # own
    ("China extended a 5 billion dollar loan to Kazakhstan.", "loan", "finance_loan"),  # own
    ("Sanctions remain a major risk for cross-border trade.", "Sanctions", None),  # own
    ("In 2014 the EU imposed sanctions on Russian banks.", "imposed", "sanction"),  # own
]


@pytest.fixture(scope="module")
def example_stages():
    from pipeline.batch.assemble import example_stages

    return example_stages()


def categories_at(stages, sentence: str, surface: str) -> set:
    """The categories of the format rows that cover the surface word's first occurrence in the sentence."""
    doc = analyse(Document(doc_id="trigger", source_path="", format="txt", raw=sentence), stages)
    i = doc.text.find(surface)
    assert i >= 0, f"{surface!r} is not in the cleaned text {doc.text!r}"
    return {f.category for f in doc.formats if f.start < i + len(surface) and i < f.end}


@pytest.mark.parametrize("sentence, surface, category", ROWS, ids=[f"{i}-{s}" for i, (_, s, _) in enumerate(ROWS)])
def test_trigger_sense(example_stages, sentence, surface, category):
    found = categories_at(example_stages, sentence, surface)
    if category is None:
        assert not found, f"{surface!r} is no format here, but gave {sorted(found)}: {sentence}"
    else:
        assert category in found, f"{surface!r} must give {category}, gave {sorted(found) or 'nothing'}: {sentence}"


def test_table_covers_enough_ambiguous_forms():
    assert len(ROWS) >= 40
    assert sum(c is None for _, _, c in ROWS) >= 15 and sum(c is not None for _, _, c in ROWS) >= 15

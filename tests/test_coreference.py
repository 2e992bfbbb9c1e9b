"""One id per entity inside a document (analysis/coreference.py, linking.people): (text, mentions that must share
one id, mentions that must not) on sentences of the seed, of factRuEval-2016 dev texts and of papers."""

from pathlib import Path

import pytest

from pipeline.core.schema import Document
from pipeline.core.stages import analyse
from pipeline.evaluation.evaluate_coref import align, document_counts

pytestmark = pytest.mark.slow

SEED = Path(__file__).parents[2] / "shared" / "seed" / "000_5ac4b8d52ef0a1b2.txt"


def ids(stages, text: str) -> dict[str, set[str]]:
    doc = analyse(Document(doc_id="t", source_path="", format="txt", raw=text), stages)
    found: dict[str, set[str]] = {}
    for m in doc.entities:
        for x in [m, *m.parts]:
            found.setdefault(" ".join(x.text.split()), set()).add(x.entity_id)
    return found


SAME = [
    # the seed: a consulate renamed, a commission named in full then short
    ("Символом углубления связей стало открытие в мае 2005 года Консульства Республики Казахстан в городе Омске, "
     "в дальнейшем преобразованного в Генеральное консульство. Генеральное консульство РК в Омске ведёт приём.",
     ["Консульства Республики Казахстан в городе Омске", "Генеральное консульство", "Генеральное консульство РК в Омске"]),
    ("В частности, 24 мая 2024 года в г. Омске состоялось XXI заседание Комиссии по сотрудничеству между Советом "
     "Федерации Федерального Собрания Российской Федерации и Сенатом Парламента Республики Казахстан (верхняя палата) "
     "под председательством Первого заместителя Председателя Совета Федерации, сопредседателя Комиссии Андрея Яцкина "
     "и Заместителя Председателя Сената Парламента Жакипа Асанова.",
     ["Комиссии по сотрудничеству между Советом Федерации Федерального Собрания Российской Федерации и Сенатом "
      "Парламента Республики Казахстан", "Комиссии"]),
    ("В частности, 24 мая 2024 года в г. Омске состоялось XXI заседание Комиссии по сотрудничеству между Советом "
     "Федерации Федерального Собрания Российской Федерации и Сенатом Парламента Республики Казахстан (верхняя палата) "
     "под председательством Первого заместителя Председателя Совета Федерации, сопредседателя Комиссии Андрея Яцкина "
     "и Заместителя Председателя Сената Парламента Жакипа Асанова.",
     ["Советом Федерации Федерального Собрания Российской Федерации", "Совета Федерации"]),
    # factRuEval-2016 dev: an abbreviation never defined, a translation in parentheses, first names and surnames
    ("Кроме того, глава Минсвязи отметил, что расценки должны снизиться после того, как Федеральная антимонопольная "
     "служба наложила на них штрафы. 22 февраля ФАС признала операторов виновными.",
     ["Федеральная антимонопольная служба", "ФАС"]),
    ("Промышленный и коммерческий банк Китая (Industrial and Commercial Bank of China), по некоторым показателям — "
     "крупнейший банк мира, подписал соглашение о покупке контрольной доли в американском отделении Bank of East "
     "Asia, управляющим 13-ю филиалами в Калифорнии и Нью-Йорке.",
     ["Промышленный и коммерческий банк Китая", "Industrial and Commercial Bank of China"]),
    ("Об этом заявил шеф концерна Бернд Пишетсридер (Bernd Pischetsrieder) на автомобильной ярмарке.",
     ["Бернд Пишетсридер", "Bernd Pischetsrieder"]),
    ("Михаэль Шумахер провёл на трассе весь день. Позднее Михаэль признался, что устал.",
     ["Михаэль Шумахер", "Михаэль"]),
    ("Владимир Путин провёл совещание. Министр доложил Путину о ходе работ.", ["Владимир Путин", "Путину"]),
    ("Основатель MySQL выступает против сделки по слиянию компаний Oracle и Sun Microsystems. Sun стоит 7,4 млрд.",
     ["Sun Microsystems", "Sun"]),
    ("Акции Hewlett-Packard выросли после того, как HP объявила о покупке 3Com.", ["Hewlett-Packard", "HP"]),
    # descriptors: a word of the name, a word before a name in Latin script, a person's title
    ("Генеральное консульство РК в Омске открылось в 2007 году. Консульство обеспечивает реализацию широкого "
     "спектра задач.", ["Генеральное консульство РК в Омске", "Консульство"]),
    ("Угроза над круглосуточным телеканалом World Fashion Channel нависла из-за конфликта с кредиторами. О том, что "
     "телеканал должен ему 8 млн рублей, заявил бывший совладелец.", ["World Fashion Channel", "телеканал"]),
    ("Губернатор Омской области Виталий Хоценко посетил Астану. Губернатор подписал соглашение о сотрудничестве.",
     ["Виталий Хоценко", "Губернатор"]),
    ("Правительство Израиля объявило о новых мерах. Сейчас, продолжал он, правительство ассигновало 115 млн долларов.",
     ["Правительство Израиля", "правительство"]),
]

APART = [
    # a place in parentheses after a name is where it is, not another name of it
    ("Об этом заявил шеф концерна на автомобильной ярмарке в Детройте (США).", ["Детройте", "США"]),
    # a coordination tagged as one name is no longer form of its first name
    ("Trains cross at Dostyk every day. Waiting times for transit cargo at Dostyk and Altynkol fell.",
     ["Dostyk", "Dostyk and Altynkol"]),
    # two people of one surname: the surname alone belongs to neither
    ("Виктор Бут и его жена Алла Бут дали интервью. Бут отказался отвечать.", ["Виктор Бут", "Алла Бут"]),
    ("Виктор Бут и его жена Алла Бут дали интервью. Бут отказался отвечать.", ["Бут", "Алла Бут"]),
    # a body named with its place is not the place; a title with its own genitive is another person
    ("Правительство Израиля объявило о новых мерах.", ["Правительство Израиля", "Израиля"]),
    ("Министр обороны Анатолий Сердюков провёл совещание. Визит министра иностранных дел Японии отложен.",
     ["Анатолий Сердюков", "министра"]),
]


@pytest.mark.parametrize("text, names", SAME)
def test_the_names_of_one_entity_share_one_id(stages, text, names):
    found = ids(stages, text)
    assert all(n in found for n in names), sorted(found)
    assert len(set.union(*(found[n] for n in names))) == 1, {n: found[n] for n in names}


@pytest.mark.parametrize("text, names", APART)
def test_different_entities_keep_their_ids(stages, text, names):
    found = ids(stages, text)
    present = [n for n in names if n in found]
    assert len(present) < 2 or not (found[present[0]] & found[present[1]]), {n: found[n] for n in present}


def test_an_event_actor_named_by_a_descriptor_is_the_entity(stages):
    doc = analyse(Document(doc_id="t", source_path="", format="txt", raw=(
        "Губернатор Омской области Виталий Хоценко посетил Астану. Губернатор подписал соглашение о сотрудничестве.")),
        stages)
    signed = [e for e in doc.events if e.sent_id == 2]
    assert signed and all(e.actors == ["per/vitaly-khotsenko"] for e in signed), [(e.category, e.actors) for e in signed]


def test_a_descriptor_is_no_name(stages):
    """factRuEval's names-only scores and documents.csv's n_entities leave descriptors out; a body keeps its
    place as a part, so the place's name is still counted."""
    from pipeline.output.export import document_row, entity_rows

    doc = analyse(Document(doc_id="t", source_path="", format="txt", raw="Правительство Израиля объявило о новых мерах."),
                  stages)
    [body] = [m for m in doc.entities if m.kind == "descriptor"]
    assert body.entity_id == "org/pravitelstvo-il" and [p.entity_id for p in body.parts] == ["country/IL"]
    assert document_row(doc)["n_entities"] == 1  # Израиля
    assert [(r["text"], r["kind"], r["inside"]) for r in entity_rows(doc)] == [
        ("Правительство Израиля", "descriptor", ""), ("Израиля", "name", "org/pravitelstvo-il")]


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not beside this clone")
def test_the_seed_names_each_body_with_one_id(stages):
    found = ids(stages, SEED.read_text(encoding="utf-8"))
    one = {name: found[name] for name in found if name.startswith(("Консульств", "Генеральн", "Комисси", "Сенат",
                                                                       "Совет Федерации", "Совета Федерации", "Парламент"))}
    groups = {frozenset(v) for v in one.values()}
    assert all(len(v) == 1 for v in one.values()), one
    ids_ = {next(iter(v)) for v in one.values()}
    assert {"org/senate-kz", "org/federation-council-ru", "org/parliament-kz"} <= ids_, one
    assert not any(i in ids_ for i in ("org/senat", "org/parlament", "org/komissiya", "org/generalnoye-konsulstvo"))
    consulates = {next(iter(v)) for k, v in one.items() if "онсульств" in k}
    commissions = {next(iter(v)) for k, v in one.items() if k.startswith("Комисси")}
    assert len(consulates) == 1 and len(commissions) == 1 and len(groups) >= 4


@pytest.mark.parametrize("objects, predicted, expected", [
    # one object, two ids: recall halves for its mentions
    ([{"object": "1", "mentions": [{"start": 0, "end": 3}, {"start": 10, "end": 13}]}],
     [(0, 3, "a"), (10, 13, "b")], {"b3_precision": 2, "b3_recall": 1, "ids": 2, "objects_found": 1}),
    # two objects, one id: precision halves
    ([{"object": "1", "mentions": [{"start": 0, "end": 3}]}, {"object": "2", "mentions": [{"start": 10, "end": 13}]}],
     [(0, 3, "a"), (10, 13, "a")], {"b3_precision": 1, "b3_recall": 2, "ids": 2, "objects_found": 2}),
    # a descriptor nothing overlaps is not found
    ([{"object": "1", "mentions": [{"start": 0, "end": 3}, {"start": 20, "end": 28, "named": False}]}],
     [(0, 3, "a")], {"b3_precision": 1, "b3_recall": 1, "ids": 1, "objects_found": 1, "descriptor_found": 0}),
])
def test_b3_counts(objects, predicted, expected):
    c = document_counts(objects, predicted)
    assert {k: c[k] for k in expected} == expected


def test_a_gold_mention_goes_to_the_prediction_overlapping_it_most():
    assert align([{"start": 0, "end": 12}], [(0, 5, "a"), (3, 12, "b"), (20, 25, "c")]) == ["b"]
    assert align([{"start": 30, "end": 32}], [(0, 5, "a")]) == [None]


# ------------------------------------------------------------------ descriptors, hand-checked

# Every descriptor mention the pipeline makes on the factRuEval-2016 dev texts (2026-12-02: 78), read one by one in its
# text: (document, offset in its text, the mention, the entity it was resolved to). RIGHT refers to that entity;
# WRONG does not (a generic «президента» at an election; a German coach's «сборной» resolved to the US team named
# in a quote before it).
RIGHT = [
    ("book_189", 743, "власти Мальты", "org/vlast-mt"),
    ("book_347", 1282, "власти Беларуси", "org/vlast-by"),
    ("book_394", 997, "федерация Израиля", "org/federatsiya-il"),
    ("book_394", 1045, "федерациями Ирака", "org/federatsiya-iq"),
    ("book_448", 3088, "власти Таиланда", "org/vlast-th"),
    ("book_498", 200, "власти Мьянмы", "org/vlast-mm"),
    ("book_58", 26, "миде Грузии", "org/mid-ge"),
    ("book_131", 874, "Власти Германии", "org/vlast-de"),
    ("book_282", 897, "делегация США", "org/delegatsiya-us"),
    ("book_489", 30, "Власти Таиланда", "org/vlast-th"),
    ("book_100", 31, "мэрии Москвы", "org/meriya-ru-mow"),
    ("book_115", 364, "банк", "org/industrial-and-commercial-bank-of-china"),
    ("book_115", 644, "правительства Китая", "org/pravitelstvo-cn"),
    ("book_115", 790, "банк", "org/industrial-and-commercial-bank-of-china"),
    ("book_117", 161, "администрации США", "org/administratsiya-us"),
    ("book_124", 987, "Президент", "per/barak-obama"),
    ("book_131", 951, "компании", "org/harles-und-jentzsch"),
    ("book_142", 1427, "премьер-министра", "per/erdogan-r-t"),
    ("book_142", 4635, "парламент Крыма", "org/parlament-ua-43"),
    ("book_151", 2785, "Правительство Китая", "org/pravitelstvo-cn"),
    ("book_151", 3132, "Правительство Эритреи", "org/pravitelstvo-er"),
    ("book_154", 1869, "представительства США", "org/predstavitelstvo-us"),
    ("book_247", 369, "администрация Екатеринбурга", "org/administratsiya-1486209"),
    ("book_252", 1039, "президента", "per/barak-obama"),
    ("book_252", 1544, "президента", "per/barak-obama"),
    ("book_253", 246, "президента", "per/eltsin-b-n"),
    ("book_253", 917, "президента", "per/eltsin-b-n"),
    ("book_261", 0, "Правительство Японии", "org/pravitelstvo-jp"),
    ("book_278", 424, "суда", "org/konstitutsionny-sud"),
    ("book_278", 488, "суда", "org/konstitutsionny-sud"),
    ("book_282", 248, "правительства США", "org/pravitelstvo-us"),
    ("book_282", 335, "правительство США", "org/pravitelstvo-us"),
    ("book_288", 247, "парламенту Чечни", "org/parlament-ru-ce"),
    ("book_296", 479, "организация", "org/interpol"),
    ("book_301", 799, "премьер", "per/benyamin-netanyakhu"),
    ("book_301", 866, "правительства Израиля", "org/pravitelstvo-il"),
    ("book_301", 1145, "премьера", "per/benyamin-netanyakhu"),
    ("book_301", 1255, "правительства", "org/pravitelstvo-il"),
    ("book_302", 1221, "правительства РФ", "org/government-ru"),
    ("book_317", 358, "театра", "org/bolshoy-teatr"),
    ("book_324", 134, "Правительство Пакистана", "org/pravitelstvo-pk"),
    ("book_326", 118, "руководство Грузии", "org/rukovodstvo-ge"),
    ("book_326", 735, "парламент Грузии", "org/parlament-ge"),
    ("book_326", 1005, "правительству Грузии", "org/pravitelstvo-ge"),
    ("book_344", 2016, "сети", "org/facebook"),
    ("book_346", 685, "сенатор", "per/dzhon-kerri"),
    ("book_346", 808, "парламент Пакистана", "org/parlament-pk"),
    ("book_346", 1085, "парламенту", "org/parlament-pk"),
    ("book_349", 114, "правительства Израиля", "org/pravitelstvo-il"),
    ("book_354", 25, "сборную России", "org/sbornaya-ru"),
    ("book_354", 768, "сборную", "org/sbornaya-ru"),
    ("book_356", 374, "компании", "org/hewlett-packard"),
    ("book_365", 2124, "Президент", "per/dzhordzh-bush"),
    ("book_370", 655, "сеть", "org/facebook"),
    ("book_374", 607, "правительство Белоруссии", "org/pravitelstvo-by"),
    ("book_375", 1736, "сборная России", "org/sbornaya-ru"),
    ("book_392", 379, "министр", "per/volfgang-tifenzee"),
    ("book_398", 1126, "сборной США", "org/sbornaya-us"),
    ("book_410", 937, "сборной Бразилии", "org/sbornaya-br"),
    ("book_424", 453, "театра", "org/bolshoy-teatr"),
    ("book_434", 634, "телеканала", "org/world-fashion-channel"),
    ("book_434", 773, "телеканал", "org/world-fashion-channel"),
    ("book_434", 1313, "телеканала", "org/world-fashion-channel"),
    ("book_438", 4465, "Союз", "org/soyuz"),
    ("book_444", 0, "Сборная России", "org/sbornaya-ru"),
    ("book_444", 195, "сборную", "org/sbornaya-ru"),
    ("book_457", 0, "Правительство Кипра", "org/pravitelstvo-cy"),
    ("book_457", 347, "правительства", "org/pravitelstvo-cy"),
    ("book_462", 431, "Министр", "per/maykl-kallen"),
    ("book_475", 1450, "корпорация", "org/philips"),
    ("book_489", 1511, "правительство Таиланда", "org/pravitelstvo-th"),
    ("book_510", 79, "альянса", "org/nato"),
    ("book_510", 457, "альянс", "org/nato"),
    ("book_510", 494, "руководство Афганистана", "org/rukovodstvo-af"),
    ("book_93", 690, "управление", "org/federalnoye-aviatsionnoye-upravleniye"),
]
WRONG = [
    ("book_154", 2056, "президента", "per/mikhail-saaakashvili"),
    ("book_398", 1255, "сборной", "org/sbornaya-us"),
    ("book_398", 1468, "сборной", "org/sbornaya-us"),
]
PRECISION_FLOOR = 0.85


@pytest.fixture(scope="module")
def dev_descriptors(stages):
    import json

    from .conftest import FACTRU, need

    found = set()
    for line in need(FACTRU).read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        doc = analyse(Document(doc_id=record["id"], source_path="", format="txt", raw=record["text"]), stages)
        for m in doc.entities:
            if m.kind == "descriptor":
                a, b = doc.raw_span(m.start, m.end)
                found.add((record["id"], a, record["text"][a:b], m.entity_id))
    return found


def test_descriptors_on_the_dev_texts_are_the_hand_checked_ones(dev_descriptors):
    """Precision over the hand-checked sample stays at least PRECISION_FLOOR, and every right one is still made."""
    checked = set(RIGHT) | set(WRONG)
    made = set(dev_descriptors)  # on every dev text
    unchecked = made - checked
    assert not unchecked, f"descriptors not yet read by hand: {sorted(unchecked)}"
    assert set(RIGHT) <= made, sorted(set(RIGHT) - made)
    assert len(made & set(RIGHT)) / len(made) >= PRECISION_FLOOR

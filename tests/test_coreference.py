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

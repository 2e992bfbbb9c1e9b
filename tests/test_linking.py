"""One id per real-world entity: on the seed, and the merging rules on documents built by hand."""


import pytest

from pipeline.analysis.names import auto_id, slug
from pipeline.core.schema import Document
from pipeline.core.stages import analyse

from .conftest import rows

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("entity_id, forms", [
    ("country/RU", {"России", "Россией", "Россия", "РФ", "Российской Федерации", "Российской Федерацией", "Russian Federation"}),
    ("country/KZ", {"Казахстана", "Казахстаном", "Республики Казахстан", "Республикой Казахстан", "Republic of Kazakhstan"}),
    ("region/RU-OMS", {"Омской области", "Омская область", "Омский регион", "Омском регионе", "Omsk Region"}),
    ("region/KZ-59", {"Северо-Казахстанской области", "Северо-Казахстанской областями"}),
])
def test_seed_forms_share_one_id(seed_run, entity_id, forms):
    out, _ = seed_run
    ids = {}
    for e in rows(out, "entities"):
        ids.setdefault(e["text"], set()).add(e["entity_id"])
    for form in forms:
        assert ids.get(form) == {entity_id}, (form, ids.get(form))


def test_seed_no_wrong_forms(seed_run):
    out, _ = seed_run
    normals = {e["normal"] for e in rows(out, "entities")}
    texts = {e["text"] for e in rows(out, "entities")}
    wrong = {"Омская области", "Северо-Казахстанская области", "Совет Федерация", "Комиссия по сотрудничество",
             "Казахский национальный университет имя Аль-Фараби", "Карданов"}
    assert not wrong & normals
    assert "Генеральное" not in texts
    assert {(e["text"], e["label"]) for e in rows(out, "entities") if e["text"] == "Погребцова"} == {("Погребцова", "PER")}


def test_seed_cited_authors(seed_run):
    out, _ = seed_run
    cited = [e["text"] for e in rows(out, "entities") if e["role"] == "cited_author"]
    assert sorted(cited) == sorted(["Питраков", "Иванов", "Жундубаев", "Погребцова", "Волох", "Питраков",
                                    "Карданова", "Благодатских", "Керимов"])
    assert len(set(cited)) == 8


def test_seed_entity_index(seed_run):
    out, _ = seed_run
    index = {r["entity_id"]: r for r in rows(out, "entity_index")}
    ru = index["country/RU"]
    assert ru["name"] == "Российская Федерация" and ru["name_en"] == "Russian Federation"
    assert "iso3166-1:RU" in ru["ext_ids"].split(";")
    oms = index["region/RU-OMS"]
    assert "iso3166-2:RU-OMS" in oms["ext_ids"].split(";") and oms["translit"] == "Omskaya oblast"
    omsk = index["city/1496153"]
    assert "geonames:1496153" in omsk["ext_ids"] and abs(float(omsk["lat"]) - 54.99) < 0.1
    mentions = sum(1 for e in rows(out, "entities") if e["entity_id"] == "country/RU")
    assert int(ru["mentions"]) == mentions and ru["documents"] == "1"
    assert all(r["entity_id"] for r in rows(out, "entities"))


def entities_of(stages, text):
    doc = analyse(Document(doc_id="t", source_path="", format="txt", raw=text), stages)
    return doc.entities


def test_surname_takes_the_full_name(stages):
    ents = entities_of(stages, "Губернатор Виталий Хоценко открыл форум. Позднее Хоценко встретился с делегацией.")
    ids = {m.text: m.entity_id for m in ents if m.label == "PER"}
    assert ids["Хоценко"] == ids["Виталий Хоценко"] == "per/vitaly-khotsenko"


def test_defined_abbreviation_takes_the_expansion(stages):
    ents = entities_of(stages, "В Омске открылся филиал Новосибирского технологического института (НТИ). "
                               "Студенты НТИ начнут обучение в сентябре.")
    ids = {m.text: m.entity_id for m in ents}
    assert ids["НТИ"] == ids["Новосибирского технологического института"]


def test_russian_and_english_spellings_share_an_id(stages):
    ru = entities_of(stages, "Президент России Владимир Путин прибыл в Астану.")
    en = entities_of(stages, "President Vladimir Putin arrived in Astana on Monday for talks with the government.")
    assert {m.entity_id for m in ru if m.label == "PER"} == {m.entity_id for m in en if m.label == "PER"} == {"per/vladimir-putin"}
    assert {m.entity_id for m in ru if m.text == "Астану"} == {m.entity_id for m in en if m.text == "Astana"}


@pytest.mark.parametrize("label, normal, expected", [
    ("PER", "Виталий Хоценко", "per/vitaly-khotsenko"),
    ("PER", "Vladimir Putin", "per/vladimir-putin"),
    ("ORG", "Омский государственный университет", "org/omsky-gosudarstvenny-universitet"),
])
def test_auto_ids(label, normal, expected):
    assert auto_id(label, normal) == expected and slug("  ") == "x"

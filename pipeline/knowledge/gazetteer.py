"""The gazetteer: one id per real-world entity across forms and languages (России, РФ, Russian Federation → country/RU).

Reads every *.csv and *.yaml in models/gazetteer/ (see its README.md), validates them and indexes every
name, English and Kazakh name and alias under `name_key`, the same key for all inflected forms.

A key that several entries share is resolved by a fixed order, first difference wins:
  1. kind: country > region, place > organisation, state_body, person > city
     (Сингапур, Люксембург, Джибути → the country; Москва, Алматы are one region entry each);
  2. a name (name, name_en, name_kk) beats an alias, which beats an oblique form that the index adds
     for names of several words (see _oblique);
  3. file: a scholar's own files (any but the four shipped ones) first, then regions.csv, countries.csv,
     organisations.yaml, cities.csv; within a file, row order — cities.csv lists Russia's and Kazakhstan's
     cities first, then by population: Аксу is the Kazakh town, not the Chinese city.
`candidates(text)` lists all entries under a key in that order, for a caller that wants to see the tie.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import hashlib
import json
import math
import re
import unicodedata
import weakref
from dataclasses import dataclass
from pathlib import Path

import pymorphy3
import yaml

from ..core import user_cache
from ..core.stages import loaded
from .resources import ResourceError, error_line, key_lines, node_line, parse_yaml

COLUMNS = ("id", "label", "kind", "name", "name_en", "name_kk", "aliases", "ext_ids", "lat", "lon", "parent")
LABEL_OF_KIND = {"country": "LOC", "region": "LOC", "city": "LOC", "place": "LOC",
                 "organisation": "ORG", "state_body": "ORG", "person": "PER"}
KIND_RANK = {"country": 0, "region": 1, "place": 1, "organisation": 2, "state_body": 2, "person": 2, "city": 3}
SHIPPED = ("regions.csv", "countries.csv", "organisations.yaml", "cities.csv")
_ID = re.compile(r"^[a-z_]+/[A-Za-z0-9][A-Za-z0-9._-]*$")
_DASH_IN_WORD = re.compile(r"(?<=\w)[\u2010\u2011\u2012\u2013\u2014](?=\w)")
_APOSTROPHES = re.compile(r"['’ʼ`´‘ʻ]")
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_CYRILLIC = re.compile(r"[а-яё]")
_PLACE_TAGS = {"Geox", "Orgn", "Abbr"}
_normal_forms: "weakref.WeakKeyDictionary[object, dict[str, str]]" = weakref.WeakKeyDictionary()


def name_key(text: str, morph, *, place_first: bool = False) -> str:
    """Lookup key of a name, the same for all its inflected forms: lower-cased, ё→е, punctuation and quotes
    dropped, every Cyrillic word replaced by pymorphy3's normal_form of its first parse (hyphenated words as
    one word), Latin words kept lower-cased (diacritics folded: Türkiye → turkiye), a leading English 'the'
    dropped. 'Омской области' → 'омский область'; 'Российской Федерацией' → 'российский федерация';
    'РФ' → 'рф'; 'the Russian Federation' → 'russian federation'. With place_first (lookup's second try), a
    word takes its first parse tagged Geox, Orgn or Abbr instead, if any (Омском → омск, not омский)."""
    text = unicodedata.normalize("NFC", text).replace("\u0301", "").replace("\u0300", "")
    text = _APOSTROPHES.sub("", _DASH_IN_WORD.sub("-", text.lower().replace("ё", "е")))
    words = _WORD.findall(text)
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    try:
        cache = _normal_forms.setdefault(morph, {})
    except TypeError:  # an analyser that cannot be weakly referenced: no cache
        cache = {}
    out = []
    for word in words:
        if _CYRILLIC.search(word) and place_first:
            parses = morph.parse(word)
            best = next((p for p in parses if _PLACE_TAGS & set(p.tag.grammemes)), parses[0])
            out.append(best.normal_form.replace("ё", "е"))
        elif _CYRILLIC.search(word):
            normal = cache.get(word)
            if normal is None:
                normal = cache[word] = morph.parse(word)[0].normal_form.replace("ё", "е")
            out.append(normal)
        else:
            folded = unicodedata.normalize("NFKD", word)
            out.append("".join(ch for ch in folded if not unicodedata.combining(ch)))
    return " ".join(out)


def _oblique(name: str, first_parse) -> list[str]:
    """Genitive, dative, instrumental, prepositional of a name of several words, inflecting the nominative
    words only (Совет Федерации → Совета Федерации…): indexed too, because an oblique form's first parse
    may have another lemma (Тверская область: NOUN тверская; Тверской области: ADJF тверской)."""
    words = name.split()
    if not 1 < len(words) <= 8:  # one word: its oblique forms almost always normalise back to its key
        return []
    parses = [first_parse(w) if _CYRILLIC.search(w.lower()) else None for w in words]
    if not any(p is not None and "nomn" in p.tag for p in parses):
        return []
    forms = []
    for case in ("gent", "datv", "ablt", "loct"):
        out = []
        for word, p in zip(words, parses):
            # pymorphy3's own inflect: an analyser's Parse subclass may take other grammemes (natasha's: UD)
            form = pymorphy3.analyzer.Parse.inflect(p, {case}) if p is not None and "nomn" in p.tag else None
            out.append(form.word if form is not None else word)
        forms.append(" ".join(out))
    return forms


@dataclass(frozen=True)
class Entry:
    id: str; label: str; kind: str; name: str; name_en: str; name_kk: str  # noqa: E702
    aliases: tuple[str, ...]; ext_ids: tuple[str, ...]; lat: float | None; lon: float | None; parent: str  # noqa: E702


class GazetteerError(ResourceError):
    """A models/gazetteer file is malformed; the message names the file, the line and the field."""


def _fail(path, line, field, message):
    raise GazetteerError(f"{path}:{line}: field '{field}': {message}")


class Gazetteer:
    def __init__(self, entries: list[Entry], morph, sha256: str = ""):
        self._entries = list(entries)
        self._by_id = {e.id: e for e in self._entries}
        self._sha256 = sha256
        self.morph = morph
        self._found = functools.lru_cache(maxsize=100_000)(self._candidates)  # a batch names the same places again

    @functools.cached_property
    def _index(self) -> dict[str, list[Entry]]:
        """Name key → entries, best first. Made on the first lookup (a run that only reads cached documents needs the
        entries by id, not this). Building it inflects every name, ~1 s in every process: a built index is kept in
        the user's cache (core/user_cache.py) and read back (~20 ms) while the data, this code and the analyser are the same."""
        key = self._cache_key()
        index = _read_index(key, self._entries) if key else None
        if index is None:
            index = self._build_index()
            if key:
                _write_index(key, self._entries, index)
        return loaded(index)

    def _cache_key(self) -> str | None:
        """sha256 of what the index depends on: the data files, this module's code, the analyser and its
        dictionary; None (no cache) for entries not read from files or an analyser that is not pymorphy3's."""
        morph = self.morph
        if not self._sha256 or not isinstance(morph, pymorphy3.MorphAnalyzer):
            return None
        try:
            parts = [self._sha256, hashlib.sha256(Path(__file__).read_bytes()).hexdigest(), pymorphy3.__version__,
                     f"{type(morph).__module__}.{type(morph).__qualname__}", str(morph.dictionary.path),
                     json.dumps(morph.dictionary.meta, sort_keys=True, default=str)]
        except (OSError, AttributeError, TypeError):
            return None
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def _build_index(self) -> dict[str, list[Entry]]:
        morph = self.morph
        ranked: dict[str, list[tuple[int, int, int, Entry]]] = {}
        first_parse = functools.lru_cache(maxsize=None)(lambda word: morph.parse(word)[0])
        for order, entry in enumerate(self._entries):
            rank = KIND_RANK.get(entry.kind, 2)
            names = [(0, n) for n in (entry.name, entry.name_en, entry.name_kk)] + [(1, a) for a in entry.aliases]
            # a second chance for names whose oblique forms normalise elsewhere
            names += [(2, form) for _, n in names if _CYRILLIC.search(n.lower()) for form in _oblique(n, first_parse)]
            seen = set()
            for is_alias, text in names:
                key = name_key(text, morph) if text else ""
                if key and key not in seen:
                    seen.add(key)
                    ranked.setdefault(key, []).append((rank, is_alias, order, entry))
        return {key: [c[3] for c in sorted(cands, key=lambda c: c[:3])] for key, cands in ranked.items()}

    def prepare(self) -> "Gazetteer":
        """Build the name index now, in a process about to analyse documents."""
        self._index
        return self

    def lookup(self, text: str) -> Entry | None:
        """The entry `text` names in any inflected form, or None; ties resolved as in the module docstring."""
        found = self.candidates(text)
        return found[0] if found else None

    def candidates(self, text: str) -> list[Entry]:
        """All entries whose names share `text`'s key, best first. When name_key finds nothing, a second key
        prefers each word's place/organisation parse (Омском → омск, not the adjective омский)."""
        return list(self._found(text))

    def _candidates(self, text: str) -> tuple[Entry, ...]:
        found = self._index.get(name_key(text, self.morph))
        if found is None and _CYRILLIC.search(text.lower()):
            found = self._index.get(name_key(text, self.morph, place_first=True))
        return tuple(found or ())

    def get(self, id: str) -> Entry | None:
        return self._by_id.get(id)

    def __iter__(self):
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def sha256(self) -> str:  # of all the data files read (names and bytes, in name order): for the manifest
        return self._sha256


# ------------------------------------------------------------------ the index cache

def _read_index(key: str, entries: list[Entry]) -> dict[str, list[Entry]] | None:
    try:
        data = json.loads(user_cache.read(f"gazetteer-{key}.json") or b"")
        if data["key"] != key or data["ids"] != [e.id for e in entries]:  # the key covers this code: its format
            return None
        return {name: [entries[i] for i in at] for name, at in data["index"].items()}
    except Exception:  # noqa: BLE001 — missing, unreadable, truncated, edited by hand: build it instead
        return None


def _write_index(key: str, entries: list[Entry], index: dict[str, list[Entry]]) -> None:
    order = {id(e): i for i, e in enumerate(entries)}
    data = {"key": key, "ids": [e.id for e in entries],
            "index": {name: [order[id(e)] for e in found] for name, found in index.items()}}
    user_cache.write(f"gazetteer-{key}.json", json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())


# ------------------------------------------------------------------ reading and validation

def _split(value) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else str(value).split(";")
    return tuple(dict.fromkeys(str(v).strip() for v in items if str(v).strip()))


def _coord(path, line, field, value, limit):
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        _fail(path, line, field, f"not a number: {value!r}")
    if not math.isfinite(number) or abs(number) > limit:
        _fail(path, line, field, f"{number} is outside -{limit}..{limit}")
    return number


def _entry(path, line_of, raw: dict) -> Entry:
    """An Entry from one CSV row or YAML mapping; line_of(field) gives the line to report."""
    def text(field):
        value = raw.get(field)
        if value is not None and not isinstance(value, (str, int, float)):
            _fail(path, line_of(field), field, "expected a string")
        return "" if value is None else str(value).strip()

    for field in ("id", "label", "kind", "name"):
        if not text(field):
            _fail(path, line_of(field), field, "missing or empty")
    id_, label, kind = text("id"), text("label"), text("kind")
    if not _ID.match(id_):
        _fail(path, line_of("id"), "id", f"{id_!r} is not of the form prefix/name (e.g. org/eaeu)")
    if label not in ("PER", "ORG", "LOC"):
        _fail(path, line_of("label"), "label", f"{label!r} is not one of PER, ORG, LOC")
    if kind not in LABEL_OF_KIND:
        _fail(path, line_of("kind"), "kind", f"{kind!r} is not one of {', '.join(LABEL_OF_KIND)}")
    if LABEL_OF_KIND[kind] != label:
        _fail(path, line_of("label"), "label", f"a {kind} has label {LABEL_OF_KIND[kind]}, not {label}")
    for field in ("aliases", "ext_ids"):
        value = raw.get(field)
        if value is not None and not isinstance(value, (str, list)):
            _fail(path, line_of(field), field, "expected a list or a ';'-joined string")
    lat = _coord(path, line_of("lat"), "lat", raw.get("lat"), 90)
    lon = _coord(path, line_of("lon"), "lon", raw.get("lon"), 180)
    if (lat is None) != (lon is None):
        _fail(path, line_of("lat"), "lat" if lat is None else "lon", "lat and lon go together: both or neither")
    return Entry(id_, label, kind, text("name"), text("name_en"), text("name_kk"), _split(raw.get("aliases")),
                 _split(raw.get("ext_ids")), lat, lon, text("parent"))


def _read_csv(path: Path, text: str):
    reader = csv.DictReader(text.splitlines(keepends=True))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        _fail(path, 1, missing[0], "column missing from the header")
    end = 1  # the physical line a row starts on: one after where the previous row ended
    for row in reader:
        line, end = end + 1, reader.line_num
        if None in row:
            _fail(path, line, "(extra)", "more values than header columns")
        yield _entry(path, lambda field, n=line: n, row), line


def _read_yaml(path: Path, text: str, extra_aliases: list):
    try:
        data, node = parse_yaml(text)
    except yaml.YAMLError as e:
        _fail(path, error_line(e) or 1, "(yaml)", f"not valid YAML ({getattr(e, 'problem', e)})")

    def lines(mapping_node):
        """(line of a field, {field: line}) for a YAML mapping node; a missing field → the mapping's line."""
        found, start = key_lines(mapping_node), node_line(mapping_node)
        return lambda field: found.get(field, start), found

    top, _ = lines(node)
    if not isinstance(data, dict) or data.get("version") != 1:
        _fail(path, top("version"), "version", "must be 1 (put `version: 1` at the top of the file)")
    unknown = set(data) - {"version", "entries", "aliases"}
    if unknown:
        _fail(path, top(sorted(unknown)[0]), sorted(unknown)[0], "unknown top-level key (expected entries, aliases)")
    nodes = {k.value: v for k, v in node.value}
    entries = data.get("entries") or []
    if not isinstance(entries, list):
        _fail(path, top("entries"), "entries", "expected a list of entries")
    for item, item_node in zip(entries, nodes["entries"].value if entries else ()):
        line_of, _ = lines(item_node)
        if not isinstance(item, dict):
            _fail(path, line_of("id"), "entries", "each entry must be a mapping with id, label, kind, name…")
        unknown = set(item) - set(COLUMNS)
        if unknown:
            _fail(path, line_of(sorted(unknown)[0]), sorted(unknown)[0], f"unknown field (expected {', '.join(COLUMNS)})")
        yield _entry(path, line_of, item), line_of("id")
    more = data.get("aliases") or {}
    if not isinstance(more, dict):
        _fail(path, top("aliases"), "aliases", "expected a mapping of id → list of aliases")
    _, alias_lines = lines(nodes.get("aliases"))
    for id_, names in more.items():
        if not isinstance(names, (list, str)):
            _fail(path, alias_lines.get(id_, top("aliases")), "aliases", f"{id_}: expected a list of names")
        extra_aliases.append((path, alias_lines.get(id_, top("aliases")), str(id_), _split(names)))


_BUILT: dict[tuple[str, str], "Gazetteer"] = {}  # this process's gazetteers, by folder and content


def load_gazetteer(morph, directory: Path | None = None) -> Gazetteer:
    """Reads every *.csv and *.yaml in models/gazetteer (directory defaults to
    resources.model_path("gazetteer"): the user's, else the packaged one), validates them (required columns, unique ids, label in
    PER/ORG/LOC matching the kind, lat/lon numbers in range, parent ids exist, YAML `version: 1`) and
    raises GazetteerError naming file, line and field."""
    if directory is None:
        from .resources import model_path
        directory = model_path("gazetteer")
    directory = Path(directory)
    files = sorted(p for p in directory.glob("*") if p.suffix in (".csv", ".yaml", ".yml") and p.is_file())
    if not files:
        raise GazetteerError(f"{directory}: no gazetteer files (*.csv, *.yaml) found")
    order = {name: i for i, name in enumerate(SHIPPED, start=1)}
    digest = hashlib.sha256()
    entries: list[Entry] = []
    where: dict[str, tuple[Path, int]] = {}
    extra_aliases: list = []
    contents: dict[str, bytes] = {}
    for path in sorted(files, key=lambda p: (order.get(p.name, 0), p.name)):
        raw = path.read_bytes()
        contents[path.name] = raw
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            _fail(path, raw[:e.start].count(b"\n") + 1, "(encoding)", "not UTF-8")
        reader = _read_csv(path, text) if path.suffix == ".csv" else _read_yaml(path, text, extra_aliases)
        for entry, line in reader:
            if entry.id in where:
                first = where[entry.id]
                _fail(path, line, "id", f"duplicate id {entry.id!r} (first at {first[0].name}:{first[1]})")
            where[entry.id] = (path, line)
            entries.append(entry)
    for name in sorted(contents):
        digest.update(name.encode() + b"\0" + contents[name] + b"\0")
    by_id = {e.id: i for i, e in enumerate(entries)}
    for path, line, id_, names in extra_aliases:
        if id_ not in by_id:
            _fail(path, line, "aliases", f"no entry has the id {id_!r}")
        entry = entries[by_id[id_]]
        entries[by_id[id_]] = dataclasses.replace(entry, aliases=tuple(dict.fromkeys(entry.aliases + names)))
    for entry in entries:
        if entry.parent and entry.parent not in by_id:
            _fail(where[entry.id][0], where[entry.id][1], "parent", f"no entry has the id {entry.parent!r}")
        if entry.parent == entry.id:
            _fail(where[entry.id][0], where[entry.id][1], "parent", "an entry cannot be its own parent")
    key = (str(directory.resolve()), digest.hexdigest())
    if key not in _BUILT:  # a process that runs again reuses the gazetteer and the index it has built
        if len(_BUILT) >= 4:
            _BUILT.pop(next(iter(_BUILT)))
        _BUILT[key] = Gazetteer(entries, morph, digest.hexdigest())
    return _BUILT[key]

"""Loads and validates the user-editable data in models/ once per process."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when PyYAML has it: ~10× faster

PACKAGED = Path(__file__).resolve().parent.parent / "models"
MODELS_DIR = Path(os.environ.get("PIPELINE_MODELS", PACKAGED))


def use_models_dir(folder: Path) -> None:
    """Read the models from `folder` from now on (a cluster's worker given the client's models): the knowledge
    loaded from another folder is forgotten, and processes started later read `folder` too."""
    global MODELS_DIR
    MODELS_DIR = Path(folder)
    os.environ["PIPELINE_MODELS"] = str(folder)
    for loader in (cleaning_lexicon, section_names, entity_lexicon):
        loader.cache_clear()


def model_path(name: str) -> Path:
    """A file (or folder) of the models in use: the user's folder (--models, PIPELINE_MODELS) when it has it, else
    the packaged one — a folder holding only corrections.yaml, or only a codebook, is a whole models folder."""
    path = MODELS_DIR / name
    return path if path.exists() else PACKAGED / name


class ResourceError(Exception):
    """A models/ file is malformed; the message names the file, line and key."""


def parse_yaml(text: str) -> tuple:
    """(data, node): a YAML text as Python data and as the node tree that knows the line of every key;
    raises yaml.YAMLError (see `error_line`)."""
    return yaml.load(text, Loader=LOADER), yaml.compose(text, Loader=LOADER)


def error_line(e: yaml.YAMLError) -> int | None:
    """The line a YAML error points at, if it points at one."""
    mark = getattr(e, "problem_mark", None)
    return mark.line + 1 if mark else None


def key_lines(node) -> dict:
    """{key: line} for the keys of a YAML mapping node; {} for any other node."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 1 for k, _ in node.value}


def node_line(node) -> int:
    """The line a YAML node starts on; 1 for no node."""
    return node.start_mark.line + 1 if node is not None else 1


def _line_of(node, key: str) -> int:
    if isinstance(node, yaml.MappingNode):
        for k, _ in node.value:
            if k.value == key:
                return k.start_mark.line + 1
    return node_line(node)


def load_yaml(name: str) -> dict:
    path = model_path(name)
    try:
        data, node = parse_yaml(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ResourceError(f"{path}: cannot read ({e.strerror})") from None
    except yaml.YAMLError as e:
        where = f":{error_line(e)}" if error_line(e) else ""
        raise ResourceError(f"{path}{where}: not valid YAML ({getattr(e, 'problem', e)})") from None
    if not isinstance(data, dict) or data.get("version") != 1:
        raise ResourceError(f"{path}:{_line_of(node, 'version')}: key 'version': must be 1")
    data["_path"], data["_node"] = path, node
    return data


def string_list(data: dict, key: str, *, lower: bool = True) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise ResourceError(
            f"{data['_path']}:{_line_of(data['_node'], key)}: key '{key}': expected a list of strings"
        )
    return [str(v).lower() if lower else str(v) for v in value]


@dataclass(frozen=True)
class CleaningLexicon:
    abbreviations: frozenset
    compound_first_parts: frozenset
    english_short_words: frozenset
    preferred_lemmas: frozenset = frozenset()  # lemmas that win a tie between parses of one form (большой, not больший)


@lru_cache(maxsize=None)
def cleaning_lexicon() -> CleaningLexicon:
    data = load_yaml("cleaning.yaml")
    optional = ("preferred_lemmas",)  # a models folder of an older version has none
    return CleaningLexicon(**{
        key: frozenset(string_list(data, key))
        for key in ("abbreviations", "compound_first_parts", "english_short_words", *optional)
        if key in data or key not in optional
    })


@dataclass(frozen=True, eq=False)
class SectionNames:
    names: dict  # heading → section key
    inline: frozenset  # keys that may head an inline paragraph
    one_paragraph: frozenset  # keys of one paragraph only
    back_matter: frozenset  # keys after which the paper stays in back matter
    excluded: frozenset  # keys left out of statistics and events by default
    prefixed: frozenset  # keys whose name may open a longer heading line


@lru_cache(maxsize=None)
@lru_cache(maxsize=None)
def section_names() -> SectionNames:
    """models/sections.yaml, validated: every key of the lists must be a section."""
    data = load_yaml("sections.yaml")
    sections = data.get("sections")
    if not isinstance(sections, dict):
        raise ResourceError(f"{data['_path']}:{_line_of(data['_node'], 'sections')}: key 'sections': expected a mapping")
    names = {}
    for key, values in sections.items():
        for name in string_list({**data, key: values}, key):
            names[" ".join(name.split())] = key
    lists = {}
    for key in ("inline", "one_paragraph", "back_matter", "excluded", "prefixed"):
        lists[key] = frozenset(string_list(data, key))
        unknown = sorted(lists[key] - set(sections))
        if unknown:
            raise ResourceError(f"{data['_path']}:{_line_of(data['_node'], key)}: key '{key}': "
                                f"{', '.join(unknown)} is not a section of 'sections'")
    return SectionNames(names, **lists)


def file_hash(name: str) -> str:
    return hashlib.sha256(model_path(name).read_bytes()).hexdigest()


@dataclass(frozen=True)
class EntityLexicon:
    descriptors: frozenset
    not_entities: frozenset
    institution_heads: frozenset
    mission_heads: frozenset
    titles: frozenset
    labels: frozenset = frozenset()  # figure and table labels (Рис, Табл, Fig)
    bibliographic: frozenset = frozenset()  # abbreviations of references (Вып, М.:, In Russ, et al)
    coreferent_orgs: frozenset = frozenset()  # nouns that refer back to a named body (консульство, компания)
    coreferent_titles: frozenset = frozenset()  # titles that refer back to a named person (губернатор, министр)
    coreferent_bodies: frozenset = frozenset()  # bodies named by function and place (правительство Израиля)
    coreferent_alike: dict = field(default_factory=dict, hash=False)  # word → the words that refer alike, itself first
    another_s: frozenset = frozenset()  # `заместитель`, `помощник`: a title after them is someone else's
    national_bodies: frozenset = frozenset()  # bodies a country has one of: «правительство» → the country's
    country_words: frozenset = frozenset()  # «страна», «государство»: the one country named just before
    not_place_heads: frozenset = frozenset()  # nouns after which a place adjective is no mention (время, язык)
    place_adjectives: dict = field(default_factory=dict, hash=False)  # adjective lemma → the place it names (японский → country/JP)


@lru_cache(maxsize=None)
def entity_lexicon() -> EntityLexicon:
    data = load_yaml("entities.yaml")
    coreferent = data.get("coreferent", {})  # optional: a models folder of an older version has none
    if not isinstance(coreferent, dict):
        raise ResourceError(f"{data['_path']}:{_line_of(data['_node'], 'coreferent')}: key 'coreferent': expected a "
                            "mapping with 'organisations' and 'titles'")
    nested = {**coreferent, "_path": data["_path"], "_node": data["_node"]}
    words = {key: frozenset(string_list(nested, key) if key in coreferent else ())
             for key in ("organisations", "titles", "bodies", "not_place_heads", "countries", "another_s", "national")}
    return EntityLexicon(
        coreferent_orgs=words["organisations"], coreferent_titles=words["titles"], coreferent_bodies=words["bodies"],
        not_place_heads=words["not_place_heads"], country_words=words["countries"], another_s=words["another_s"],
        national_bodies=words["national"], place_adjectives=_place_adjectives(nested),
        coreferent_alike=_alike(nested, words["organisations"] | words["titles"]),
        descriptors=frozenset(string_list(data, "descriptors")),
        not_entities=frozenset(string_list(data, "not_entities", lower=False)),
        institution_heads=frozenset(string_list(data, "institution_heads")),
        mission_heads=frozenset(string_list(data, "mission_heads")),
        titles=frozenset(string_list(data, "titles")),
        labels=frozenset(_stop_entries(data, "labels")),
        bibliographic=frozenset(_stop_entries(data, "bibliographic")),
    )


def _where(coreferent: dict, key: str) -> str:
    """`file:line: coreferent.<key>`, for an error in a key of entities.yaml's `coreferent` mapping."""
    return f"{coreferent['_path']}:{_line_of(coreferent['_node'], 'coreferent')}: coreferent.{key}"


def _alike(coreferent: dict, known: frozenset) -> dict[str, tuple[str, ...]]:
    """coreferent.alike, lists of words that refer to the same kind of body (`[телеканал, канал]`), as {word: (the
    word, then the others of its lists)}; each word must be one of `organisations` or `titles`."""
    value, where = coreferent.get("alike", []), _where(coreferent, "alike")
    if not isinstance(value, list) or not all(isinstance(g, list) and all(isinstance(w, str) for w in g) for g in value):
        raise ResourceError(f"{where}: expected a list of lists of words")
    out: dict[str, list[str]] = {}
    for group in value:
        words = [w.strip().lower().replace("ё", "е") for w in group]
        unknown = [w for w in words if w not in known]
        if unknown:
            raise ResourceError(f"{where}: {', '.join(unknown)}: not in coreferent.organisations or titles")
        for w in words:
            out.setdefault(w, [w]).extend(x for x in words if x not in out[w])
    return {w: tuple(ws) for w, ws in out.items()}


def _place_adjectives(coreferent: dict) -> dict[str, str]:
    """coreferent.place_adjectives, {place id: [adjectives]}, as {adjective: place id}; an adjective under two
    places is an error (which place would `…ское правительство` be?)."""
    value, where = coreferent.get("place_adjectives", {}), _where(coreferent, "place_adjectives")
    if not isinstance(value, dict):
        raise ResourceError(f"{where}: expected a mapping of place ids to lists of adjectives")
    out: dict[str, str] = {}
    for place, words in value.items():
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise ResourceError(f"{where}: {place}: expected a list of adjectives")
        for word in words:
            word = word.strip().lower().replace("ё", "е")
            if out.get(word, place) != place:
                raise ResourceError(f"{where}: «{word}» is listed under {out[word]} and {place}")
            out[word] = str(place)
    return out


def _stop_entries(data: dict, key: str) -> list[str]:
    """`Указ. соч.` → `указ. соч`: lower case, single spaces, no trailing dot (a trailing `:` stays: it asks for
    the text to go on with it). An entry without a letter is an error naming the file, line and key."""
    entries = []
    for value in string_list(data, key):
        entry = " ".join(value.split()).rstrip(".")
        if not any(c.isalpha() for c in entry):
            raise ResourceError(f"{data['_path']}:{_line_of(data['_node'], key)}: key '{key}': "
                                f"{value!r} has no letter")
        entries.append(entry)
    return entries

"""The cooperation codebook (models/codebook.yaml): loading, validation, trigger compilation and matching.

Trigger syntax, matched on the tagger's lemma and part of speech: `генеральный консульство` (consecutive),
`заседание … комиссия` (up to MAX_GAP tokens between), `визит|поездка` (alternatives in one slot),
`встретиться/VERB` (a word pinned to a Universal Dependencies part of speech).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .resources import ResourceError, error_line, key_lines, model_path, parse_yaml

MAX_GAP = 4
DIMENSIONS = ("formats", "spheres", "risks")
FORMAT_KEYS = (
    "diplomatic_mission", "trade_mission", "forum", "conference_meeting", "commission", "agreement",
    "program_strategy", "visit_delegation", "joint_venture_investment", "education_science", "culture_diaspora",
    "transport_infrastructure", "integration_framework",
)
PLOVER_CODES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
    "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}
GAP = re.compile(r"^(?:…|\.\.\.)$")
POS_TAGS = {"NOUN", "VERB", "ADJ", "ADV", "ADP", "NUM", "PRON", "DET", "PART", "CCONJ", "SCONJ"}
COARSE_POS = {"PROPN": "NOUN", "AUX": "VERB"}  # a pin on NOUN takes proper nouns, on VERB auxiliaries
FAMILIES = ("meeting", "deal", "institution", "framework")  # what kind of fact a format reports


def coarse(pos: str) -> str:
    return COARSE_POS.get(pos, pos)


class CodebookError(ResourceError):
    """The codebook is malformed or its examples fail; the message names the file, line and key."""


@dataclass(frozen=True)
class Trigger:
    dimension: str
    key: str
    lang: str
    pattern: str
    slots: tuple  # ((frozenset of lemmas or lemma/POS keys, max tokens skipped before this slot), ...)
    head: int | None = None  # the slot a pinned trigger is about (head_slot); None when no word is pinned


@dataclass
class Entry:
    dimension: str
    key: str
    description: str
    plover: str = ""
    plover_reason: str = ""
    family: str = ""
    examples: list = field(default_factory=list)
    counter_examples: list = field(default_factory=list)
    line: int = 0


@dataclass
class Codebook:
    path: Path
    sha256: str
    entries: dict  # (dimension, key) -> Entry
    triggers: list  # Trigger
    adjectives: dict  # lang -> {lemma: ISO alpha-2}

    def of(self, dimension: str) -> list[Entry]:
        return [e for (d, _), e in self.entries.items() if d == dimension]


def _child(node, key):
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key:
                return v
    return None


class PatternError(ValueError):
    pass


def _keys(alternative: str, lemmatize) -> set:
    """`встретиться/VERB` → {"встретиться/VERB"}; `форум` → {"форум"} (and its lemma, if the word is not one)."""
    word, _, pos = alternative.partition("/")
    if pos and pos not in POS_TAGS:
        raise PatternError(f"unknown part of speech {pos!r} (use one of {', '.join(sorted(POS_TAGS))})")
    forms = {lemmatize(word), word.lower().replace("ё", "е")}
    return {f"{f}/{pos}" if pos else f for f in forms}


def compile_pattern(pattern: str, lemmatize) -> tuple:
    slots, gap = [], 0
    for word in pattern.split():
        if GAP.match(word):
            gap = MAX_GAP
            continue
        keys = set()
        for alternative in (alt for alt in word.split("|") if alt):
            keys |= _keys(alternative, lemmatize)
        slots.append((frozenset(keys), gap))
        gap = 0
    return tuple(slots)


def head_slot(pattern: str) -> int | None:
    """The slot a pinned trigger is about: the first one pinned to VERB, else the first pinned to NOUN, else 0;
    None for a trigger with no pin, whose head is chosen by the tags of the words it matched."""
    words = [w for w in pattern.split() if not GAP.match(w)]
    for pos in ("/VERB", "/NOUN"):
        for i, word in enumerate(words):
            if pos in word:
                return i
    return 0 if "/" in pattern else None


def load_codebook(path: Path | None = None, lemmatizers: dict | None = None) -> Codebook:
    """Read and validate a codebook; `lemmatizers` maps a language to a word → lemma function."""
    path = Path(path or model_path("codebook.yaml"))
    try:
        raw = path.read_bytes()
        data, root = parse_yaml(raw.decode("utf-8"))
    except OSError as e:
        raise CodebookError(f"{path}: cannot read ({e.strerror})") from None
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        line = error_line(e) if isinstance(e, yaml.YAMLError) else None
        raise CodebookError(f"{path}{':' + str(line) if line else ''}: not valid YAML ({e})") from None

    def fail(line, key, message):
        raise CodebookError(f"{path}:{line}: key '{key}': {message}")

    top = key_lines(root)
    if not isinstance(data, dict) or data.get("version") != 1:
        fail(top.get("version", 1), "version", "must be 1")
    lemmatizers = lemmatizers or {}
    entries, triggers = {}, []
    for dimension in DIMENSIONS:
        block = data.get(dimension)
        if not isinstance(block, dict) or not block:
            fail(top.get(dimension, 1), dimension, "expected a mapping of keys")
        lines = key_lines(_child(root, dimension))
        if dimension == "formats":
            missing = [k for k in FORMAT_KEYS if k not in block]
            if missing:
                fail(top[dimension], dimension, f"missing format keys: {', '.join(missing)}")
        for key, spec in block.items():
            entries[dimension, key] = _entry(dimension, key, spec, lines.get(key, 1), fail)
            triggers += _triggers(dimension, key, spec, lines.get(key, 1), lemmatizers, fail)
    adjectives = data.get("adjectives") or {}
    if not isinstance(adjectives, dict) or not all(isinstance(v, dict) for v in adjectives.values()):
        fail(top.get("adjectives", 1), "adjectives", "expected {ru: {lemma: ISO}, en: {lemma: ISO}}")
    return Codebook(path, hashlib.sha256(raw).hexdigest(), entries, triggers,
                    {lang: {str(k).lower(): str(v).upper() for k, v in m.items()} for lang, m in adjectives.items()})


def _entry(dimension: str, key: str, spec, line: int, fail) -> Entry:
    """One codebook entry, validated; `fail(line, key, message)` raises."""
    if not isinstance(spec, dict):
        fail(line, key, "expected a mapping")
    entry = Entry(dimension, key, str(spec.get("description", "")), line=line)
    if not entry.description:
        fail(line, key, "needs a description")
    if dimension == "formats":
        plover = spec.get("plover") or {}
        if not isinstance(plover, dict) or plover.get("code") not in PLOVER_CODES or not plover.get("reason"):
            fail(line, f"{key}.plover", f"needs {{code: one of {', '.join(sorted(PLOVER_CODES))}, reason: …}}")
        entry.plover, entry.plover_reason = plover["code"], plover["reason"]
        entry.family = spec.get("family", "")  # optional: a codebook written before families still loads
        if entry.family and entry.family not in FAMILIES:
            fail(line, f"{key}.family", f"must be one of {', '.join(FAMILIES)}")
    for field_name in ("examples", "counter_examples"):
        values = spec.get(field_name, [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            fail(line, f"{key}.{field_name}", "expected a list of sentences")
        setattr(entry, field_name, values)
    return entry


def _triggers(dimension: str, key: str, spec: dict, line: int, lemmatizers: dict, fail) -> list[Trigger]:
    """The compiled triggers of one entry, validated; `fail(line, key, message)` raises."""
    trig = spec.get("triggers")
    if not isinstance(trig, dict) or not any(trig.values()):
        fail(line, f"{key}.triggers", "expected {ru: [...], en: [...]}")
    triggers = []
    for lang, patterns in trig.items():
        if lang not in ("ru", "en") or not isinstance(patterns, list):
            fail(line, f"{key}.triggers.{lang}", "expected a list under ru or en")
        lemmatize = lemmatizers.get(lang, str.lower)
        for pattern in patterns:
            if not isinstance(pattern, str) or not pattern.strip() or GAP.match(pattern.split()[0]):
                fail(line, f"{key}.triggers.{lang}", f"bad trigger {pattern!r}")
            try:
                slots = compile_pattern(pattern, lemmatize)
            except PatternError as e:
                fail(line, f"{key}.triggers.{lang}", f"bad trigger {pattern!r}: {e}")
            triggers.append(Trigger(dimension, key, lang, pattern, slots, head_slot(pattern)))
    return triggers


# ------------------------------------------------------------------ matching

def first_slot_index(triggers) -> dict:
    """lemma → the triggers whose first word it can be: a sentence is only tried where a trigger can start."""
    index = {}
    for trig in triggers:
        for lemma in trig.slots[0][0]:
            index.setdefault(lemma, []).append(trig)
    return index


def match_at(token_lemmas: list[frozenset], slots: tuple, i: int) -> tuple | None:
    """The token index of each slot in a match of `slots` starting at token i, or None."""
    return _extend(token_lemmas, slots, 1, (i,))


def match_slots(token_lemmas: list[frozenset], slots: tuple):
    """Yield (first, last) token indexes of every match of `slots` in a sentence's lemma sets."""
    for i in range(len(token_lemmas)):
        if not (token_lemmas[i] & slots[0][0]):
            continue
        found = _extend(token_lemmas, slots, 1, (i,))
        if found is not None:
            yield i, found[-1]


def _extend(token_lemmas, slots, k, found):
    if k == len(slots):
        return found
    alternatives, gap = slots[k]
    pos = found[-1]
    for j in range(pos + 1, min(pos + 2 + gap, len(token_lemmas))):
        if token_lemmas[j] & alternatives:
            end = _extend(token_lemmas, slots, k + 1, found + (j,))
            if end is not None:
                return end
    return None

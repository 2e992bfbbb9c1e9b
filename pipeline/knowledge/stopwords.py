"""Stop words (models/stopwords.yaml): one list of lemmas per language, validated with the file, line and key
of a mistake."""

from __future__ import annotations

import re
from pathlib import Path

from .resources import ResourceError, _line_of, load_yaml, string_list

_LANG = re.compile(r"[a-z]{2,3}|other")


def load_stopwords(path=None) -> dict[str, frozenset]:
    """{lang: frozenset of lemmas} from models/stopwords.yaml (or `path`); a mistake raises ResourceError
    naming the file, line and key. A word with `ё` also stops its spelling with `е` (lemmas use `е`)."""
    data = load_yaml(str(Path(path).resolve()) if path else "stopwords.yaml")
    where = f"{data['_path']}"
    result = {}
    for key, value in data.items():
        if key in ("version", "_path", "_node"):
            continue
        line = _line_of(data["_node"], str(key))
        if not isinstance(key, str) or not _LANG.fullmatch(key):
            raise ResourceError(f"{where}:{line}: key '{key}': not a language code (ru, en, …)")
        for i, word in enumerate(value if isinstance(value, list) else []):
            item_line = _item_line(data["_node"], key, i) or line
            if isinstance(word, bool) or word is None:
                raise ResourceError(f"{where}:{item_line}: key '{key}': {word!r} is how YAML reads an unquoted "
                                    "yes/no/on/off/~ or an empty item: put the word in quotes")
            if not isinstance(word, (str, int)) or len(str(word).split()) != 1:
                raise ResourceError(f"{where}:{item_line}: key '{key}': {word!r} is not one lemma "
                                    "(a stop word is a single word)")
        words = string_list(data, key)
        result[key] = frozenset(words) | {w.replace("ё", "е") for w in words}
    for key in ("ru", "en"):
        if key not in result:
            raise ResourceError(f"{where}:{_line_of(data['_node'], key)}: key '{key}': missing (a list of lemmas)")
    return result


def _item_line(node, key: str, i: int) -> int | None:
    items = next((v.value for k, v in node.value if k.value == key and isinstance(v.value, list)), [])
    return items[i].start_mark.line + 1 if i < len(items) else None

"""models/corrections.yaml: the scholar's corrections of a run's output, as data. A YAML list, one correction per
line as a flow mapping; the first key names the action and its target:

    - {merge: per/sarnatsky-e, into: per/sarnatsky-eduard-vasilyevich}
    - {split: per/ivanov, doc: paper1, into: per/ivanov-i-p}
    - {split: per/ivanov, doc: paper1, sent: 12, start: 104, into: per/ivanov-i-p}
    - {entity: org/senat, name: Сенат Парламента Республики Казахстан, name_en: Senate of Kazakhstan, label: ORG}
    - {mention: paper1, sent: 12, start: 104, normal: Сенат Казахстана}
    - {drop: loc/m}
    - {drop: loc/m, doc: paper1, sent: 3, start: 17}
    - {reject: paper1#e3}
    - {event: paper1#e4, category: forum, date: 2019-05, actors: [country/RU, country/KZ], status: occurred}
    - {add: paper1, sent: 12, category: agreement, date: 2020, actors: [country/RU], place: city/1496153}

Here the file is read and checked on its own (keys, types, labels, categories, statuses, EDTF dates); whether its
ids, documents, sentences and events are in the run is checked where they are applied (output/corrections.py).
Every problem is one CorrectionError naming the file and line. A missing file means no corrections."""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import resources
from .resources import LOADER, ResourceError, error_line, node_line

FILE = "corrections.yaml"
LABELS = ("PER", "ORG", "LOC")
STATUSES = ("occurred", "planned", "intended", "negated", "unknown")

# action → (the keys it needs, the keys it may have); the action's own key holds its target
ACTIONS = {
    "merge": ({"into"}, set()),
    "split": ({"doc", "into"}, {"sent", "start"}),
    "entity": (set(), {"name", "name_en", "label"}),
    "mention": ({"sent", "start"}, {"normal", "label"}),
    "drop": (set(), {"doc", "sent", "start"}),
    "reject": (set(), set()),
    "event": (set(), {"category", "date", "actors", "place", "status"}),
    "add": ({"sent", "category"}, {"date", "actors", "place", "status"}),
}
CHANGES = {"entity": 1, "mention": 1, "event": 1}  # actions that must change something beyond their target

_POINT = r"(?:\d{4}|\d{3}X|\d{2}XX)(?:-(?:0[1-9]|1[0-2]|2[1-4]|XX)(?:-(?:0[1-9]|[12]\d|3[01]|XX))?)?[?~%]?"
EDTF = re.compile(rf"{_POINT}|(?:{_POINT}|\.\.)?/(?:{_POINT}|\.\.)?")


class _Loader(LOADER):
    """The models' YAML loader, but `2019-05-24` stays text (an EDTF date, checked here; `2019-02-30` is no
    YAML error)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in LOADER.yaml_implicit_resolvers.items()}


class CorrectionError(ResourceError):
    """A line of corrections.yaml that is malformed or targets nothing in the run: file, line and what is wrong."""


@dataclass(frozen=True, eq=False)
class Correction:  # eq=False: hashed by identity, so that a run counts what each correction hit
    line: int
    action: str
    target: str  # the value of the action's key: an entity id, a doc_id or an event_id
    fields: dict = field(default_factory=dict)

    def get(self, key: str, default=None):
        return self.fields.get(key, default)


@dataclass(frozen=True)
class Corrections:
    path: Path
    sha256: str
    items: tuple


def default_path() -> Path:
    """corrections.yaml in the models folder in use (--models, PIPELINE_MODELS, else the packaged one)."""
    return resources.model_path(FILE)


def load_corrections(path: Path | None = None, categories=None) -> Corrections | None:
    """The corrections of `path` (default: default_path()), checked; None when there is no such file. `categories`
    (the codebook's format keys) are the categories an event may have."""
    path = Path(path) if path is not None else default_path()
    if not path.is_file():
        return None
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
        data, node = yaml.load(text, Loader=_Loader), yaml.compose(text, Loader=_Loader)
    except OSError as e:
        raise CorrectionError(f"{path}: cannot read ({e.strerror})") from None
    except UnicodeDecodeError:
        raise CorrectionError(f"{path}: not UTF-8 text") from None
    except yaml.YAMLError as e:
        where = f":{_yaml_line(e)}" if _yaml_line(e) else ""
        raise CorrectionError(f"{path}{where}: not valid YAML ({getattr(e, 'problem', e)})") from None
    if data is None:
        return Corrections(path, hashlib.sha256(raw).hexdigest(), ())
    if not isinstance(data, list):
        raise CorrectionError(f"{path}:{node_line(node)}: expected a list, one `- {{merge: …, into: …}}` per line")
    items = tuple(_correction(path, value, node_line(item), categories) for value, item in zip(data, node.value))
    return Corrections(path, hashlib.sha256(raw).hexdigest(), items)


def _yaml_line(e: yaml.YAMLError) -> int | None:
    """The line of a YAML error; for a `{…}` left open, the line it opens on (the parser notices on the next)."""
    context, mark = getattr(e, "context", None) or "", getattr(e, "context_mark", None)
    return mark.line + 1 if mark and "flow" in context else error_line(e)


def _correction(path: Path, value, line: int, categories) -> Correction:
    def fail(message: str):
        raise CorrectionError(f"{path}:{line}: {message}")

    if not isinstance(value, dict) or not value:
        fail(f"expected a mapping such as {{drop: loc/x}}, one of: {', '.join(ACTIONS)}")
    actions = [k for k in value if k in ACTIONS]
    if len(actions) != 1:
        fail(f"needs exactly one action key ({', '.join(ACTIONS)}); found {', '.join(map(str, actions)) or 'none'}")
    action = actions[0]
    needed, optional = ACTIONS[action]
    unknown = sorted(str(k) for k in value if k != action and k not in needed | optional)
    if unknown:
        fail(f"unknown key {unknown[0]!r} for {action} (allowed: {', '.join(sorted(needed | optional)) or 'none'})")
    missing = sorted(needed - set(value))
    if missing:
        fail(f"{action} needs key {missing[0]!r}")
    if action in CHANGES and len(value) == 1 + len(needed):
        fail(f"{action} changes nothing: give one of {', '.join(sorted(optional))}")
    if action == "drop" and {"doc", "sent", "start"} & set(value) and not {"doc", "sent", "start"} <= set(value):
        fail("drop of one mention needs doc, sent and start")
    if action == "split" and len({"sent", "start"} & set(value)) == 1:
        fail("split of one mention needs both sent and start")
    fields = {k: _value(k, v, fail, categories) for k, v in value.items() if k != action}
    return Correction(line, action, _text(action, value[action], fail), fields)


def _text(key: str, value, fail) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip():
        fail(f"key {key!r}: expected an id or a name, got {value!r}")
    return str(value).strip()


def _value(key: str, value, fail, categories):
    if key in ("sent", "start"):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            fail(f"key {key!r}: expected a number, got {value!r}")
        return value
    if key == "label":
        if value not in LABELS:
            fail(f"key 'label': {value!r} is not one of {', '.join(LABELS)}")
    if key == "status" and value not in STATUSES:
        fail(f"key 'status': {value!r} is not one of {', '.join(STATUSES)}")
    if key == "category" and categories is not None and value not in categories:
        fail(f"key 'category': {value!r} is not a format of the codebook")
    if key == "date":
        return _date(value, fail)
    if key == "actors":
        if not isinstance(value, list) or not value:
            fail("key 'actors': expected a list of entity ids, [country/RU, country/KZ]")
        return [_text(key, v, fail) for v in value]
    return _text(key, value, fail)


def _date(value, fail) -> str:
    """An EDTF date (2019, 2019-05, 2019-05-24, 199X, 2015/2024); YAML reads 2019-05-24 as a date, 2020 as a number."""
    text = value.isoformat() if isinstance(value, datetime.date) else str(value).strip()
    if isinstance(value, bool) or not EDTF.fullmatch(text) or text == "/":
        fail(f"key 'date': {value!r} is not an EDTF date (2019, 2019-05, 2019-05-24, 199X, 2015/2024)")
    for part in text.split("/"):
        if re.fullmatch(r"\d{4}-\d\d-\d\d", part):
            try:
                datetime.date.fromisoformat(part)
            except ValueError:
                fail(f"key 'date': {part} is no day of the calendar")
    return text

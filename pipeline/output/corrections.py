"""models/corrections.yaml applied to the tables of a run (knowledge/corrections.py reads and checks the file).

The runner calls `apply_corrections` once the documents' rows are written — computed now or read from the cache
alike — so every run applies the file as it is now. In file order, each correction changes the rows it targets:
entities.csv (streamed), then entity_index.csv (counted again from the corrected mentions), events.csv and
authors.csv. A changed row gets `source` = `correction`; every changed value is one row of corrections.csv
(line, action, table, key, field, before, after), from which `pipeline eval --corrections` undoes them. A
correction that targets nothing in the run — an unknown id, document, sentence or event — is a CorrectionError
naming the file and line."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

from ..analysis.linking import index_name
from ..core.spec import SPEC
from ..knowledge.corrections import CorrectionError, Corrections
from .export import read_rows, write_table

ENTITY_ACTIONS = ("merge", "split", "entity", "mention", "drop")
EVENT_FIELDS = ("sent_id", "category", "date", "actors", "place", "status")  # what a rejected or added event logs


def apply_corrections(folder: Path, corrections: Corrections, index, codebook, raw: bool = False,
                      before=None) -> int:
    """Correct the tables in `folder`/data; `index` is an empty linking.EntityIndex for the corrected mentions,
    `before` the index of the automatic ones (an id merged into keeps its names from there). Returns how many
    values changed."""
    applier = Applier(Path(folder), corrections, index, codebook, raw)
    applier.before = {r["entity_id"]: r for r in before.rows()} if before is not None else {}
    applier.check_documents()
    applier.entities()
    names = applier.entity_index()
    applier.events(names)
    applier.authors()
    applier.write_log()
    return len(applier.log)


def mention_key(row: dict) -> str:
    return f"{row['doc_id']}:{row['sent_id']}:{row['start']}:{row['end']}"


def id_level(c) -> bool:
    """A correction that renames or removes an entity id everywhere (or in one document): events and authors too."""
    return c.action == "merge" or (c.action == "drop" and "doc" not in c.fields) or \
        (c.action == "split" and "sent" not in c.fields)


class Applier:
    """One run's corrections at work: what each hit (`hits`), every value changed (`log`), the ids seen (`ids`)."""

    def __init__(self, folder: Path, corrections: Corrections, index, codebook, raw: bool):
        self.data, self.path, self.items = folder / "data", corrections.path, corrections.items
        self.index, self.raw = index, raw
        self.plover = {e.key: e.plover for e in codebook.of("formats")}
        self.docs = [r["doc_id"] for r in read_rows(self.data / "documents.csv", raw)]
        self.log: list[dict] = []
        self.hits: Counter = Counter()
        self.ids: set = set()  # every entity id seen, before or after a correction
        self.before: dict = {}  # entity_id → its entity_index row before the corrections

    def fail(self, c, message: str):
        raise CorrectionError(f"{self.path}:{c.line}: {c.action} {c.target}: {message}")

    def note(self, c, table: str, key: str, field: str, before, after) -> None:
        self.log.append({"line": c.line, "action": c.action, "table": table, "key": key, "field": field,
                         "before": before, "after": after})

    def check_documents(self) -> None:
        known = set(self.docs)
        for c in self.items:
            doc = c.target if c.action in ("mention", "add") else c.get("doc")
            if c.action in ("reject", "event"):
                doc = c.target.rpartition("#")[0]
            if doc is not None and doc not in known:
                self.fail(c, f"unknown document {doc!r} (not in this run's documents.csv)")

    # ------------------------------------------------------------ entities.csv and entity_index.csv

    def entities(self) -> None:
        path = self.data / "entities.csv"
        corrections = [c for c in self.items if c.action in ENTITY_ACTIONS]
        write_table(path, SPEC["entities"].names, self._entity_rows(read_rows(path, self.raw), corrections), self.raw)

    def _entity_rows(self, rows, corrections):
        doc, counted = None, []
        for row in rows:
            if row["doc_id"] != doc:  # the rows of a document are together: the index counts it once
                self.index.add_mentions(counted)
                doc, counted = row["doc_id"], []
            row = self._correct_mention(row, corrections)
            if row is not None:
                counted.append((row["entity_id"], row["label"], row["lang"], index_name(row["kind"], row["normal"], row["text"])))
                yield row
        self.index.add_mentions(counted)
        for c in corrections:
            if not self.hits[c]:
                self._no_mention(c)

    def _correct_mention(self, row: dict, corrections) -> dict | None:
        self.ids.add(row["entity_id"])
        changed = False
        for c in corrections:
            changes = _mention_changes(c, row)
            if changes is None:
                continue
            self.hits[c] += 1
            if c.action == "drop":
                self.note(c, "entities", mention_key(row), "entity_id", row["entity_id"], "")
                self.note(c, "entities", mention_key(row), "label", row["label"], "")
                return None
            for field, value in changes.items():
                if row[field] != value:
                    self.note(c, "entities", mention_key(row), field, row[field], value)
                    row[field], changed = value, True
        self.ids.add(row["entity_id"])
        if changed:
            row["source"] = "correction"
        return row

    def _no_mention(self, c) -> None:
        if c.action != "mention" and c.target not in self.ids:
            self.fail(c, f"unknown entity id {c.target!r} (no mention in this run has it)")
        if "sent" in c.fields:
            doc = c.target if c.action == "mention" else c.fields["doc"]
            self.fail(c, f"no mention{'' if c.action == 'mention' else ' of ' + c.target} in {doc!r} at sentence "
                         f"{c.fields['sent']}, start {c.fields['start']} (see entities.csv: sent_id, start)")
        where = f" in {c.fields['doc']!r}" if "doc" in c.fields else " any more (a line before changed it)"
        self.fail(c, f"no mention of {c.target!r}{where}")

    def entity_index(self) -> dict:
        """entity_index.csv of the corrected mentions, with the names and labels `entity` corrections give;
        returns {entity_id: name}."""
        names = {}
        kept = {c.fields["into"] for c in self.items if c.action == "merge"} & set(self.before)

        def rows():
            for row in self.index.rows():
                if row["entity_id"] in kept:  # merged into: its own name, not the commonest of the merged mentions
                    row.update({k: self.before[row["entity_id"]][k] for k in ("label", "name", "name_en", "translit")})
                for c in (c for c in self.items if c.action == "entity" and c.target == row["entity_id"]):
                    for field in ("label", "name", "name_en"):
                        if field in c.fields and row[field] != c.fields[field]:
                            self.note(c, "entity_index", row["entity_id"], field, row[field], c.fields[field])
                            row[field] = c.fields[field]
                    if "name" in c.fields:
                        row["translit"] = self.index.scheme.translate(row["name"]) \
                            if re.search(r"[А-Яа-яЁё]", row["name"]) else ""
                names[row["entity_id"]] = row["name"] or row["name_en"]
                yield row

        write_table(self.data / "entity_index.csv", SPEC["entity_index"].names, rows(), self.raw)
        return names

    # ------------------------------------------------------------ events.csv

    def events(self, names: dict) -> None:
        path = self.data / "events.csv"
        rows = list(read_rows(path, self.raw))
        known = {r["event_id"] for r in rows}
        for c in self.items:
            if c.action in ("reject", "event") and c.target not in known:
                self.fail(c, f"unknown event id {c.target!r} (not in this run's events.csv)")
            for entity_id in [*c.get("actors", []), *([c.fields["place"]] if "place" in c.fields else [])]:
                if c.action in ("event", "add") and entity_id not in names:
                    self.fail(c, f"unknown entity id {entity_id!r} (not in the corrected entity_index.csv)")
        by_doc = defaultdict(list)
        for row in rows:
            row = self._correct_event(row, names)
            if row is not None:
                by_doc[row["doc_id"]].append(row)
        last = Counter()
        for row in rows:
            last[row["doc_id"]] = max(last[row["doc_id"]], int(row["event_id"].rpartition("#e")[2]))
        for c in (c for c in self.items if c.action == "add"):
            last[c.target] += 1
            by_doc[c.target].append(self._added(c, f"{c.target}#e{last[c.target]}", names))
        ordered = [row for doc in self.docs for row in by_doc.get(doc, [])]
        write_table(path, SPEC["events"].names, ordered, self.raw, long_text=frozenset({"evidence"}))

    def _correct_event(self, row: dict, names: dict) -> dict | None:
        before = dict(row)
        for c in self.items:
            if id_level(c) and (c.action != "split" or c.fields["doc"] == row["doc_id"]):
                self._rename_parties(c, row, names)
            elif c.action == "reject" and c.target == row["event_id"]:
                for field in EVENT_FIELDS:
                    self.note(c, "events", row["event_id"], field, row[field], "")
                return None
            elif c.action == "event" and c.target == row["event_id"]:
                self._fix_event(c, row, names)
        if row != before:
            row["source"] = "correction"
        return row

    def _rename_parties(self, c, row: dict, names: dict) -> None:
        into = c.get("into", "")
        actors = row["actors"].split(";") if row["actors"] else []
        if c.target in actors:
            parties = dict(zip(actors, row["actor_how"].split(";")))
            parties = {(into if a == c.target else a): parties.get(a, "") for a in actors if into or a != c.target}
            self._set(c, row, "actors", ";".join(parties))
            row["actor_names"] = ";".join(names.get(a, "") for a in parties)
            row["actor_how"] = ";".join(parties.values())
        if row["place"] == c.target:
            self._set(c, row, "place", into)
            row["place_name"] = names.get(into, "")

    def _fix_event(self, c, row: dict, names: dict) -> None:
        f = c.fields
        for field in ("category", "date", "status"):
            if field in f:
                self._set(c, row, field, f[field])
        if "category" in f:
            row["plover"] = self.plover.get(f["category"], "")
        if "actors" in f:
            how = dict(zip(row["actors"].split(";"), row["actor_how"].split(";")))
            self._set(c, row, "actors", ";".join(f["actors"]))
            row["actor_names"] = ";".join(names[a] for a in f["actors"])
            row["actor_how"] = ";".join(how.get(a) or "correction" for a in f["actors"])
        if "place" in f:
            self._set(c, row, "place", f["place"])
            row["place_name"] = names[f["place"]]

    def _set(self, c, row: dict, field: str, value: str) -> None:
        if row[field] != value:
            self.note(c, "events", row["event_id"], field, row[field], value)
            row[field] = value

    def _added(self, c, event_id: str, names: dict) -> dict:
        sentence = self._sentence(c)
        f = c.fields
        actors = f.get("actors", [])
        row = {"event_id": event_id, "doc_id": c.target, "sent_id": str(f["sent"]), "category": f["category"],
               "plover": self.plover.get(f["category"], ""), "date": f.get("date", ""), "actors": ";".join(actors),
               "actor_names": ";".join(names[a] for a in actors), "actor_how": ";".join("correction" for _ in actors),
               "place": f.get("place", ""), "place_name": names[f["place"]] if "place" in f else "",
               "status": f.get("status", "unknown"), "ordinal": "", "format_text": "", "evidence": sentence,
               "source": "correction"}
        for field in EVENT_FIELDS:
            self.note(c, "events", event_id, field, "", row[field])
        return row

    def _sentence(self, c) -> str:
        for row in read_rows(self.data / "sentences.csv", self.raw):
            if row["doc_id"] == c.target and row["sent_id"] == str(c.fields["sent"]):
                return row["text"]
        self.fail(c, f"document {c.target!r} has no sentence {c.fields['sent']} (see sentences.csv)")

    # ------------------------------------------------------------ authors.csv and corrections.csv

    def authors(self) -> None:
        path = self.data / "authors.csv"
        renames = [c for c in self.items if id_level(c)]
        if not renames:
            return

        def rows():
            for row in read_rows(path, self.raw):
                for c in renames:
                    if row["entity_id"] == c.target and (c.action != "split" or c.fields["doc"] == row["doc_id"]):
                        into = c.get("into", "")
                        key = f"{row['doc_id']}:{row['position']}"
                        self.note(c, "authors", key, "entity_id", row["entity_id"], into)
                        row["entity_id"] = into
                yield row

        write_table(path, SPEC["authors"].names, rows(), self.raw)

    def write_log(self) -> None:
        self.log.sort(key=lambda r: r["line"])  # stable: each correction's changes in table order
        write_table(self.data / "corrections.csv", SPEC["corrections"].names, self.log, self.raw)


def _mention_changes(c, row: dict) -> dict | None:
    """What correction `c` changes in a mention row ({} when it targets the row and changes nothing of it;
    {"drop": True} when it removes it); None when it does not target the row."""
    f = c.fields

    def at(doc: str) -> bool:
        return row["doc_id"] == doc and row["sent_id"] == str(f["sent"]) and row["start"] == str(f["start"])

    if c.action == "merge":
        return {k: f["into"] for k in ("entity_id", "inside") if row[k] == c.target} or None
    if c.action == "mention":
        return {k: f[k] for k in ("normal", "label") if k in f} if at(c.target) else None
    if row["entity_id"] != c.target or ("doc" in f and row["doc_id"] != f["doc"]) or ("sent" in f and not at(f["doc"])):
        return None
    if c.action == "split":
        return {"entity_id": f["into"]}
    if c.action == "drop":
        return {"drop": True}
    return {"label": f["label"]} if "label" in f else {}  # entity: its label everywhere

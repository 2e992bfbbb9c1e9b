"""One id per entity inside a document: the other names a text gives something it has named.

Run at the end of linking (`Linker`), once every mention has an id: the ids that name the same entity are merged,
and every mention of a cluster takes the cluster's one id — its gazetteer entry's, else its fullest name's — so
that the corpus-wide index merges clusters across documents as before. Within one document:

- an abbreviation ↔ the one name whose initials it spells (`ФАС` ↔ `Федеральная антимонопольная служба`, `РПЦ` ↔
  `Русская православная церковь`, `HP` ↔ `Hewlett-Packard`), defined in the text or not;
- a name ↔ its equivalent in parentheses right after it, with the same label, in the other script or as the
  abbreviation it spells (`Промышленный и коммерческий банк Китая (Industrial and Commercial Bank of China)`,
  `Бернд Пишетсридер (Bernd Pischetsrieder)`; not `Детройте (США)`);
- an organisation's short form ↔ the one longer name that begins with it (`Комиссия по сотрудничеству`, `Комиссия`
  ↔ `Комиссия по сотрудничеству между Советом Федерации …`; `Sun` ↔ `Sun Microsystems`) — only when one entity
  fits, and never a name the gazetteer knows (a name's last word is not enough: `Солидарность` is not
  `Жилищная солидарность`);
- a short form ↔ the gazetteer's entry for the name nested in a longer one that it begins (`Парламента` after
  `Сенатом Парламента Республики Казахстан`: `org/parliament-kz`);
- a body ↔ its former name where the text says it was renamed (`Консульство …, в дальнейшем преобразованное в
  Генеральное консульство`, `X (бывший Y)`).

People are clustered by `people.people` (full name, surname, initials, first name alone, first name and
patronymic).
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..core.schema import Document, Mention
from .normal import is_abbreviation

WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
ABBREVIATION = re.compile(r"[A-ZА-ЯЁ]{2,8}")
FUNCTION_WORDS = {"и", "в", "во", "по", "на", "с", "со", "за", "для", "при", "об", "о", "of", "and", "the", "for", "to",
                  "in", "on", "at", "de", "della", "di", "la", "le", "du", "des", "von", "der", "und"}
OPENING = re.compile(r"\s*\(\s*$")
CLOSING = re.compile(r"\s*[),;]")
RENAMED = re.compile(r"^,?\s*(?:[^\W\d_]+\s+){0,3}?(?:преобразован|переименован|реорганизован)\w*\s+в\s+$|"
                     r"^\s*\(\s*(?:бывш(?:ий|ая|ее|ие|\.)|ранее|прежде|до\s+\d{4}\s+г(?:ода|\.)?|formerly|former)\s*$", re.I)
NAME_LABELS = ("ORG", "LOC")
COORDINATION = {"и", "или", "а", "and", "or", "&"}  # `Dostyk and Altynkol` is two names, not a longer one


class Clusters:
    """Union-find over entity ids; a cluster's id is the gazetteer's if it has one, else its fullest name's."""

    def __init__(self, known):
        self.parent: dict[str, str] = {}
        self.known = known  # id → is it the gazetteer's

    def find(self, x: str) -> str:
        while self.parent.get(x, x) != x:
            self.parent[x] = self.parent.get(self.parent[x], self.parent[x])
            x = self.parent[x]
        return x

    def union(self, a: str, b: str, weight: dict) -> None:
        a, b = self.find(a), self.find(b)
        if a == b:
            return
        keep, drop = sorted((a, b), key=lambda x: (not self.known(x), -weight.get(x, 0), x))
        self.parent[drop] = keep


def cluster_names(doc: Document, gazetteer) -> None:
    """Merge the ids of `doc`'s organisation and place mentions that name one entity (the module's rules). Each
    distinct name is compared once, however often the text repeats it."""
    actors = sorted((m for m in doc.entities if m.role == "actor" and m.entity_id), key=lambda m: (m.start, -m.end))
    mentions = sorted(actors + [p for m in actors for p in m.parts if p.entity_id], key=lambda m: (m.start, -m.end))
    if len(mentions) < 2:
        return

    def known(entity_id: str) -> bool:
        return gazetteer.get(entity_id) is not None

    weight: dict[str, int] = {}  # id → the most words of a name with it
    distinct: dict[tuple, Mention] = {}
    for m in mentions:
        words = tuple(_words(m))
        weight[m.entity_id] = max(weight.get(m.entity_id, 0), len(words))
        if m.label in NAME_LABELS and words:  # a name of no word (`«»`) has no form to compare
            distinct.setdefault((m.label, m.entity_id, words), m)
    clusters = Clusters(known)
    for a, b in _parenthesised(doc, actors) + _renamed(doc, actors):
        clusters.union(a.entity_id, b.entity_id, weight)
    names = [(list(key[2]), m) for key, m in distinct.items()]
    spelled = defaultdict(list)  # initials → the names they spell (indexed once: each lookup is then direct)
    for _, n in names:
        for letters in _initials(n):
            spelled[letters].append(n)
    for words, m in names:
        if ABBREVIATION.fullmatch(m.text.strip()):
            _join_one(clusters, m, [n for n in spelled.get(m.text.strip().upper(), ()) if n is not m], weight)
    orgs = [(w, m) for w, m in names if m.label == "ORG"]
    by_first, by_word = defaultdict(list), defaultdict(list)  # first word → names; any later word → names
    for w, n in orgs:
        by_first[w[0]].append((w, n))
        for x in set(w[1:]):
            by_word[x[:4]].append(n)
    for words, m in sorted(((w, m) for w, m in orgs if not known(m.entity_id)), key=lambda wm: -len(wm[0])):
        fits = [n for w, n in by_first[words[0]] if len(w) > len(words) and w[:len(words)] == words
                and w[len(words)] not in COORDINATION]
        if fits:
            _join_one(clusters, m, fits, weight)
        elif (entry := _nested(words, by_word.get(words[0][:4], []), gazetteer)) is not None:
            clusters.union(m.entity_id, entry.id, weight)
    for m in doc.entities + [p for x in doc.entities for p in x.parts]:
        if m.entity_id:
            m.entity_id = clusters.find(m.entity_id)


def _nested(words: list[str], longer: list[Mention], gazetteer):
    """The gazetteer's entry for the one name nested in longer names (those with the short form's first word
    after their first) that a short form (its `words`) begins (`Парламента` after `Сенатом Парламента Республики
    Казахстан`: the Parliament of Kazakhstan), else None."""
    found = set()
    for n in longer:
        written = WORD.findall(n.text)
        folded = [w.lower().replace("ё", "е") for w in written]
        for k in range(1, len(written) - len(words) + 1):
            if written[k][:1].isupper() and folded[k][:4] == words[0][:4] and len(written) - k > len(words):
                entry = gazetteer.lookup(" ".join(written[k:]))
                if entry is not None and entry.label == "ORG":
                    found.add(entry)
    return found.pop() if len(found) == 1 else None


def _join_one(clusters: Clusters, m: Mention, fits: list[Mention], weight: dict) -> None:
    """Join m's cluster to the one cluster among `fits` (none, or several: nothing is joined)."""
    roots = {clusters.find(n.entity_id) for n in fits} - {clusters.find(m.entity_id)}
    if len(roots) == 1:
        clusters.union(m.entity_id, roots.pop(), weight)


def _words(m: Mention) -> list[str]:
    return [w.lower().replace("ё", "е") for w in WORD.findall(m.normal or m.text)]


def _initials(m: Mention) -> set[str]:
    """The abbreviations m's name spells: its initials with and without its function words; a hyphenated word
    gives one letter per part (`Hewlett-Packard` → HP). None for a name of one word."""
    parts = [p for w in WORD.findall(m.normal or m.text) for p in w.split("-") if p]
    if len(parts) < 2:
        return set()
    return {"".join(p[0] for p in parts).upper(), "".join(p[0] for p in parts if p.lower() not in FUNCTION_WORDS).upper()}


def _spells(abbreviation: str, m: Mention) -> bool:
    return abbreviation.upper() in _initials(m)


def _script(text: str) -> str:
    return "cyrillic" if re.search(r"[А-Яа-яЁё]", text) else "latin"


def _parenthesised(doc: Document, mentions: list[Mention]) -> list[tuple[Mention, Mention]]:
    """(name, its equivalent in parentheses right after it): the other script, or an abbreviation."""
    pairs = []
    for a, b in zip(mentions, mentions[1:]):
        if not (OPENING.fullmatch(doc.text[a.end:b.start]) and CLOSING.match(doc.text, b.end)):
            continue
        # not a place after a name (`Детройте (США)`, `агентства Kollektiv (Германия)`): the same label, and an
        # abbreviation only when it spells the name
        if a.label == b.label and (_script(a.text) != _script(b.text) or _spells(b.text.strip(), a)):
            pairs.append((a, b))
    return pairs


def _renamed(doc: Document, mentions: list[Mention]) -> list[tuple[Mention, Mention]]:
    """(body, its new or former name) where the text between them says it was renamed."""
    return [(a, b) for a, b in zip(mentions, mentions[1:])
            if a.label == b.label == "ORG" and b.start - a.end <= 80 and RENAMED.search(doc.text[a.end:b.start])]


def mark_abbreviations(doc: Document) -> None:
    """`kind` abbreviation for the names written as one (`США`, `КазНУ`)."""
    for m in doc.entities + [p for m in doc.entities for p in m.parts]:
        if m.kind == "name" and written_as_abbreviation(m.text, doc.text[max(0, m.start - 40):m.end + 40]):
            m.kind = "abbreviation"


def written_as_abbreviation(text: str, around: str = "") -> bool:
    """One word, mostly capitals (normal.is_abbreviation, and at least half its letters): `США`, `КазНУ`,
    `ЕврАзЭС`, `NATO` — not `ВымпелКом`, nor a name in a title set in capitals (`ПРИГРАНИЧНОЕ СОТРУДНИЧЕСТВО …
    КАЗАХСТАН`: the text `around` it is in capitals too)."""
    letters = [c for c in text if c.isalpha()]
    if " " in text.strip() or len(letters) > 10 or not is_abbreviation(text) or 2 * sum(map(str.isupper, letters)) < len(letters):
        return False
    context = [c for c in around.replace(text, " ") if c.isalpha()]
    return len(context) < 12 or sum(c.isupper() for c in context) < 0.7 * len(context)

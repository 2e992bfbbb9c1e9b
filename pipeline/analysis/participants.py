"""Who takes part in a format mention: the syntactic arguments of its trigger.

Only sentences that hold a trigger are parsed (natasha's syntax parser for Russian, spaCy's for English), so
the parser stays out of the hot path. From the trigger's head word:

- a verb gives its subject (`nsubj`), object (`obj`), indirect object (`iobj`) and its «с X», «между X и Y»,
  «у X», «от X», «with X», «between X and Y» arguments (`obl:с`, `obl:между`, …);
- a noun gives its genitive and «с X» / «между X и Y» dependants (`nmod`, `nmod:с`, …), then the subject and
  «с X» arguments of the verb that governs it (`nsubj` of «приняли участие в церемонии открытия филиала»);
- an argument that is no name itself (`Президент Франции Николя Саркози`, `с представителями
  Северо-Казахстанской области`) stands for the names in apposition to it, else in its genitive dependants;
  coordinated arguments (`X и Y`) are all taken.

With no argument found, the names of the trigger's own clause are taken (`clause`), and a trigger in a
relative clause (`встреча …, в рамках которой были подписаны меморандумы`) takes the participants of the noun
the clause belongs to (`occasion`). Never a neighbouring sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.schema import Mention, Sentence
from .participant_words import (
    APPOS_RELS,
    ARG_RELS,
    BODIES,
    CLAUSE_RELS,
    DEAL_CASES,
    DURING_CASES,
    MAX_CLIMB,
    NAMING_RELS,
    NEGATION,
    PARTY_CASES,
    PERSONAL,
    PHRASE_RELS,
    RELATIVE,
    SAYING,
    SUBJECT_RELS,
    TARGET_CASES,
    TOPIC_CASES,
)
from .syntax import Parse


@dataclass
class Found:
    mention: Mention
    how: str


class Arguments:
    """The participants of one trigger head in a parsed sentence."""

    def __init__(self, sent: Sentence, parse: Parse, mentions: list[Mention]):
        self.sent, self.parse, self.lang = sent, parse, sent.lang
        self.target_cases = frozenset()  # which of TARGET_CASES make a party, for the trigger at hand
        self.gathering = False
        self.tokens = sent.tokens
        self.at = {t.start: i for i, t in enumerate(sent.tokens)}
        self.covering = [[m for m in mentions if m.start <= t.start and t.end <= m.end] for t in sent.tokens]

    @property
    def represented(self) -> bool:
        """In a deal, the body a signer heads is a party too (`Президент ФИДЕ Илюмжинов`)."""
        return self.target_cases == DEAL_CASES

    def index(self, start: int) -> int | None:
        return self.at.get(start)

    # ------------------------------------------------------------------ tree helpers

    def case(self, i: int) -> str:
        """The preposition of token i (`с` in «с представителями», "with" in "with Putin"), lower-cased, or ""."""
        h = self.parse.heads[i]
        if self.lang == "en":  # spaCy hangs the noun under its preposition; a `prep` child modifies the noun
            return self.tokens[h].text.lower() if self.parse.rels[i] == "pobj" and h >= 0 else ""
        for c in self.parse.children[i]:
            if self.parse.rels[c] == "case":
                return self.tokens[c].text.lower()
        return ""

    def rel(self, i: int) -> str:
        return self.parse.rels[i].split(":")[0] if self.lang == "ru" else self.parse.rels[i]

    def is_verb(self, i: int) -> bool:
        return self.tokens[i].pos in ("VERB", "AUX")

    def names(self, i: int) -> list[Mention]:
        """The names an argument token stands for, with everything coordinated with it (`X и Y`, also when
        the conjunct hangs from X's apposition: `Василий Шумов, лидер «Центра», и Михаил Борзыкин`)."""
        found = []
        for t in self._conjuncts(i):
            found += self._stands_for(t)
        return found

    def _conjuncts(self, i: int) -> list[int]:
        out, stack = [i], [i]
        while stack:
            t = stack.pop()
            for c in self.parse.children[t]:
                rel = self.parse.rels[c]
                if rel == "conj" and not self.is_verb(c):
                    out.append(c)
                    stack.append(c)
                elif rel in APPOS_RELS:
                    nouns = [x for x in self.parse.children[c] if self.parse.rels[x] == "conj" and not self.is_verb(x)]
                    stack += nouns
                    out += nouns
        return sorted(set(out))

    def _stands_for(self, i: int) -> list[Mention]:
        """A name covering the token; else a name in apposition anywhere below it (`посол Италии в Грузии
        Виторио Сандали`: the ambassador is Sandali); else the nearest genitive name and its conjuncts
        (`власти Мальты и Италии`, `с представителями Северо-Казахстанской области`)."""
        if self.covering[i]:
            found = list(self.covering[i])
            if len(found) == 1 and self.tokens[i].lemma.lower() in BODIES:
                # `Правительством Оренбургской области`: a body named by one common word stands with its region
                found += [m for c in self.parse.children[i] if self._genitive(c) for m in self.covering[c]
                          if m.label == "LOC"]
            return found
        levels = self._levels(i, depth=3)
        for level in levels:  # the shallowest apposition: `глава ОАО «Газпром» Алексей Миллер` is Miller
            appos = [m for t in level if self.parse.rels[t] in NAMING_RELS for m in self.covering[t]]
            if appos and self.represented:
                appos += [m for c in levels[0] if self._genitive(c) for m in self.covering[c] if m.label == "ORG"]
            if appos:
                return appos
        below = [t for level in levels for t in level]
        genitive = [t for t in below if self.covering[t] and self._genitive_path(i, t)]
        return self.names(genitive[0]) if genitive else []

    def _levels(self, i: int, depth: int) -> list[list[int]]:
        """The tokens below i, level by level, not crossing into conjuncts or clauses."""
        out, level = [], [i]
        for _ in range(depth):
            level = [c for t in level for c in self.parse.children[t]
                     if self.parse.rels[c] not in ("conj", "punct", "case", "cc", "acl", "acl:relcl", "relcl")]
            out.append(level)
        return out

    def _genitive_path(self, top: int, t: int) -> bool:
        while t != top and t >= 0:
            if not (self._genitive(t) or self.parse.rels[t] in APPOS_RELS or self.parse.rels[t] == "amod"):
                return False
            t = self.parse.heads[t]
        return t == top

    def _genitive(self, i: int) -> bool:
        if self.lang == "ru":
            return not self.case(i) and (self.tokens[i].feats or {}).get("Case") in ("Gen", None)
        return self.parse.rels[i] in ("poss", "prep", "pobj", "compound") and self.case(i) in ("", "of")

    # ------------------------------------------------------------------ arguments

    def party(self, i: int) -> str | None:
        """How dependant i of a predicate takes part (`nsubj`, `obl:с`, …), or None if it does not."""
        rel, case = self.parse.rels[i], self.case(i)
        if self.lang == "en" and rel == "prep":
            word = self.tokens[i].text.lower()
            return f"prep:{word}" if word in PARTY_CASES["en"] - {"of"} or word in TARGET_CASES else None
        if rel not in ARG_RELS or rel == "appos":
            return None
        if case:
            return f"{self.rel(i)}:{case}" if case in PARTY_CASES[self.lang] | TARGET_CASES else None
        grammatical = (self.tokens[i].feats or {}).get("Case")
        if rel in ("obl", "nmod") and self.lang == "ru":
            if grammatical == "Dat":
                return "iobj"  # «дала Украине кредит», «выделении Интерполу гранта»
            if grammatical not in ("Gen", "Ins"):
                return None  # «в 2019 году», «2019 году»: a bare oblique in another case is a time or a manner
        return self.rel(i)

    def of_predicate(self, h: int, skip: int | None = None) -> list[Found]:
        out = []
        for c in self.parse.children[h]:
            if c == skip:
                continue
            how = self.party(c)
            if how is None:
                continue
            targets = [t for t in self.parse.children[c] if self.parse.rels[t] == "pobj"] if how.startswith("prep:") else [c]
            for t in targets:
                case = how.split(":")[-1]
                if case in TARGET_CASES:
                    if case not in self.target_cases:
                        continue
                    names = self._target(t, case)
                else:
                    names = self.names(self._antecedent(t))
                out += [Found(m, how) for m in names]
        return out

    def _target(self, i: int, case: str) -> list[Mention]:
        """After `на`, `в`, `из`…: an organisation or a person named by the word or its genitive (`на
        «Майкрософт»`, `доли в отделении Bank of East Asia`), or a country goods come from (`из Молдавии`) or
        sanctions are against (`sanctions against Russia`);
        a place after them is where, not who (`на Украине`, `во Дворце молодёжи`)."""
        out = []
        for t in self._conjuncts(i):
            near = self.covering[t] or [m for c in self.parse.children[t] if self._genitive(c) for m in self.covering[c]]
            out += [m for m in near if m.label in ("ORG", "PER") and not m.entity_id.startswith(("city/", "loc/"))
                    or case in ("из", "from", "против", "against") and m.entity_id.startswith("country/")]
        return out

    def _antecedent(self, i: int) -> int:
        """A relative pronoun stands for the noun its clause belongs to (`Миллер и Озерец, которые
        встречаются`); a personal pronoun in reported speech, for the speaker: the subject of the verb of saying
        the clause depends on (`Илюмжинов сообщил, что он подписал три контракта`; `О том, что телеканал должен
        ему 8 млн рублей, заявил … Артур Перепёлкин`)."""
        lemma = self.tokens[i].lemma.lower()
        if lemma in PERSONAL:
            return self._speaker(i)
        if lemma not in RELATIVE:
            return i
        clause = self.parse.heads[i]
        while clause >= 0 and self.parse.rels[clause] not in ("acl:relcl", "relcl", "acl"):
            clause = self.parse.heads[clause]
        return self.parse.heads[clause] if clause >= 0 and self.parse.heads[clause] >= 0 else i

    def _speaker(self, i: int) -> int:
        j = self.parse.heads[i]
        for _ in range(MAX_CLIMB):
            if j < 0:
                break
            if self.tokens[j].lemma.lower() in SAYING:
                subjects = [c for c in self.parse.children[j] if self.parse.rels[c] in SUBJECT_RELS and c != i]
                return subjects[0] if subjects else i
            j = self.parse.heads[j]
        return i

    def governing_verb(self, i: int) -> int | None:
        """The verb a noun trigger hangs from (through nouns and prepositions), at most MAX_CLIMB steps up."""
        for _ in range(MAX_CLIMB):
            h = self.parse.heads[i]
            if h < 0:
                return None
            if self.is_verb(h):
                return h
            if self.parse.rels[i] in CLAUSE_RELS:
                return None
            i = h
        return None

    def of(self, head_start: int, target_cases=frozenset(), gathering: bool = False) -> list[Found]:
        """The participants of the trigger whose head token starts at `head_start`; `target_cases` are the
        prepositions of TARGET_CASES that make a party for it (DEAL_CASES for a deal); a `gathering` (a
        meeting, visit, forum) counts those who act during it as its participants (`в ходе визита в Украину
        Эрдоган договорился`, `в рамках форума X и Y подписали`)."""
        self.target_cases, self.gathering = target_cases, gathering
        h = self.index(head_start)
        if h is None:
            return []
        found = self.of_predicate(h)
        if not self.is_verb(h):
            v = self.governing_verb(h)
            top = self._path_child(v, h) if v is not None else None
            if v is not None and (self._acted_on(top) or self.gathering and self._during(top)):
                # the noun is what the verb acts on (`подписал соглашение о покупке`, `объявила о выделении
                # Интерполу гранта`): the verb's subject, object and «с X» arguments, and the dative and «с X»
                # arguments of the nouns between, are the noun's participants too; not so where the noun is
                # the verb's subject
                for noun in self._between(v, h):
                    found += [f for f in self.of_predicate(noun) if f.how == "iobj" or ":" in f.how]
                climbed = [f for f in self.of_predicate(v, skip=top) if f.how != "obl"]
                if not any(f.how.startswith("nsubj") for f in climbed):
                    climbed += self._inherited_subject(v)
                found += climbed
        else:
            if not any(f.how.startswith("nsubj") for f in found):
                found += self._inherited_subject(h)
            for c in self.parse.children[h]:  # `запретил ввозить … из Молдавии`: the parties of what it governs
                if self.parse.rels[c] == "xcomp" and self.is_verb(c):
                    found += [f for f in self.of_predicate(c) if ":" in f.how or f.how == "iobj"]
        return self._unique(found, h)

    def _acted_on(self, top: int) -> bool:
        """Whether the phrase `top` is what its verb acts on: its object (`подписал соглашение о покупке`,
        `приняли участие в церемонии открытия филиала`), or its topic (`объявила о выделении гранта`) — not a
        circumstance (`в рамках форума подписано`, `at the intersection of connectivity projects`)."""
        rel = self.parse.rels[top]
        if rel in ("obj", "dobj", "iobj", "xcomp", "dative"):
            return True
        return rel in ("obl", "prep") and (self.case(top) in TOPIC_CASES or self.tokens[top].text.lower() in TOPIC_CASES)

    def _during(self, top: int) -> bool:
        """`в ходе визита`, `в рамках форума`, `на форуме`, `during the visit`, `at the summit`."""
        rel = self.parse.rels[top]
        word = self.case(top) if self.lang == "ru" else self.tokens[top].text.lower()
        return rel in ("obl", "prep", "nmod") and word in DURING_CASES

    def _between(self, ancestor: int, i: int) -> list[int]:
        out, i = [], self.parse.heads[i]
        while i >= 0 and i != ancestor:
            out.append(i)
            i = self.parse.heads[i]
        return out

    def _path_child(self, ancestor: int, i: int) -> int:
        while self.parse.heads[i] != ancestor and self.parse.heads[i] >= 0:
            i = self.parse.heads[i]
        return i

    def _inherited_subject(self, h: int) -> list[Found]:
        """`Россия планирует отправлять …`, `встретился … и обсудил`: the subject of the verb it depends on —
        not of a verb of saying (`Белоусова сообщила, что подписано 14 соглашений`: she did not sign)."""
        rel, up = self.parse.rels[h], self.parse.heads[h]
        if up >= 0 and rel in ("xcomp", "conj", "advcl") and (self.is_verb(up) or rel == "xcomp"):
            return [Found(f.mention, "nsubj") for f in self.of_predicate(up) if f.how.startswith("nsubj")]
        return []

    def _unique(self, found: list[Found], h: int) -> list[Found]:
        seen, out = set(), []
        for f in found:
            key = (f.mention.start, f.mention.end)
            if key not in seen and not (f.mention.start <= self.tokens[h].start < f.mention.end):
                seen.add(key)
                out.append(f)
        return out

    # ------------------------------------------------------------------ fallbacks and status

    def clause(self, head_start: int) -> list[int]:
        """Token indexes of the clause the trigger is in: its verb's subtree without nested clauses."""
        h = self.index(head_start)
        if h is None:
            return []
        top = h if self.is_verb(h) else (self.governing_verb(h) or h)
        out, stack = [], [top]
        if self.parse.heads[top] < 0:  # a parse in pieces: the other roots belong to the main clause too
            stack += [r for r, head in enumerate(self.parse.heads) if head < 0 and r != top]
        while stack:
            i = stack.pop()
            out.append(i)
            stack += [c for c in self.parse.children[i] if c == h or self.parse.rels[c] not in CLAUSE_RELS
                      or self.parse.rels[c] == "conj" and not self.is_verb(c) or self._on_path(c, h)]
        return sorted(out)

    def _on_path(self, c: int, h: int) -> bool:
        while h >= 0:
            if h == c:
                return True
            h = self.parse.heads[h]
        return False

    def phrase(self, start: int) -> int | None:
        """The head of the noun phrase the token at `start` is in (`РФ` in `президент РФ Дмитрий Медведев`
        → `президент`), through genitives, appositions and modifiers."""
        i = self.index(start)
        if i is None:
            return None
        for _ in range(MAX_CLIMB):
            h = self.parse.heads[i]
            if h < 0 or self.is_verb(h) or self.parse.rels[i].split(":")[0] not in PHRASE_RELS:
                break
            i = h
        return i

    def listed(self, head_start: int) -> bool:
        """Whether the trigger's noun is one item of an enumeration (`протоколы, соглашения, данные …`)."""
        h = self.index(head_start)
        if h is None or self.is_verb(h):
            return False
        return self.parse.rels[h] == "conj" or any(self.parse.rels[c] == "conj" for c in self.parse.children[h])

    def occasion(self, head_start: int) -> int | None:
        """The noun a relative clause holding the trigger belongs to (`встреча, в рамках которой …`)."""
        h = self.index(head_start)
        for _ in range(MAX_CLIMB + 1):
            if h is None or h < 0:
                return None
            if self.parse.rels[h] in ("acl:relcl", "relcl") and self.parse.heads[h] >= 0:
                return self.parse.heads[h]
            h = self.parse.heads[h]
        return None

    def ancestors(self, head_start: int, steps: int = MAX_CLIMB) -> list[int]:
        i, out = self.index(head_start), []
        while i is not None and i >= 0 and len(out) <= steps:
            out.append(i)
            i = self.parse.heads[i]
        return out

    def negated(self, head_start: int) -> bool:
        """«не подписали», «переговоры не состоялись», "did not meet"."""
        h = self.index(head_start)
        if h is None:
            return False
        heads = [h] + ([self.parse.heads[h]] if self.parse.heads[h] >= 0 and not self.is_verb(h) else [])
        if any(self.tokens[x].text.lower() in ("нет", "не было") for x in heads[1:]):
            return True  # «полноценных филиалов … нет»
        return any(self.tokens[c].text.lower() in NEGATION and self.parse.rels[c] in ("advmod", "neg", "det", "discourse")
                   for x in heads for c in self.parse.children[x])

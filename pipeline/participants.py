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

from dataclasses import dataclass, field
from functools import cached_property

from .schema import Mention, Sentence

ARG_RELS = {"nsubj", "nsubj:pass", "obj", "iobj", "obl", "obl:agent", "nmod", "agent", "dobj", "pobj", "dative",
            "nsubjpass", "appos"}
SUBJECT_RELS = {"nsubj", "nsubj:pass", "nsubjpass"}
# prepositions that make a party of their noun, by language; any other preposition (в, о, на, in, about…) does not
PARTY_CASES = {"ru": {"с", "со", "между", "у", "от", "для", "к", "ко", "среди", "меж"},
               "en": {"with", "between", "by", "from", "to", "among", "of"}}
CLAUSE_RELS = {"acl", "acl:relcl", "advcl", "ccomp", "xcomp", "parataxis", "relcl", "csubj", "conj"}
NEGATION = {"не", "нет", "ни", "not", "n't", "never", "no"}
MAX_CLIMB = 5  # `приняли участие в церемонии открытия филиала`: филиала → … → приняли


@dataclass
class Parse:
    """A sentence's dependency tree over its tokens: head index (-1 for the root) and relation of each."""
    heads: list[int]
    rels: list[str]
    children: list[list[int]] = field(default_factory=list)

    def __post_init__(self):
        self._break_cycles()
        self.children = [[] for _ in self.heads]
        for i, h in enumerate(self.heads):
            if h >= 0:
                self.children[h].append(i)

    def _break_cycles(self) -> None:
        """The parser may return a head loop (a → b → a); a token on one becomes a root, so walks end."""
        n = len(self.heads)
        self.heads = [h if 0 <= h < n and h != i else -1 for i, h in enumerate(self.heads)]
        for i in range(n):
            seen, j = set(), i
            while j >= 0 and j not in seen:
                seen.add(j)
                j = self.heads[j]
            if j >= 0:  # came back to a token already on the path: cut the loop there
                self.heads[j] = -1


@dataclass
class Found:
    mention: Mention
    how: str


class Parser:
    """Dependency parses of the sentences that need one; the models load on first use only."""

    def __init__(self, english=None):
        self._english = english  # a spaCy pipeline with a parser, or None to load one when needed

    @cached_property
    def russian(self):
        from natasha import NewsSyntaxParser

        from .nlp_ru import news_embedding

        return NewsSyntaxParser(news_embedding())

    @cached_property
    def english(self):
        if self._english is not None:
            return self._english
        import spacy

        from .nlp_en import model_name

        return spacy.load(model_name(), exclude=["ner", "lemmatizer", "senter"])

    def __call__(self, sent: Sentence) -> Parse | None:
        if not sent.tokens:
            return None
        if sent.lang == "ru":
            markup = next(iter(self.russian.map([[t.text for t in sent.tokens]])))
            ids = {tok.id: i for i, tok in enumerate(markup.tokens)}
            heads = [ids.get(tok.head_id, -1) if tok.head_id != "0" else -1 for tok in markup.tokens]
            return Parse(heads, [tok.rel for tok in markup.tokens])
        if sent.lang == "en":
            return self._english_parse(sent)
        return None

    def _english_parse(self, sent: Sentence) -> Parse:
        sdoc = self.english(sent.text)
        at = {t.start - sent.start: i for i, t in enumerate(sent.tokens)}
        heads, rels = [-1] * len(sent.tokens), ["dep"] * len(sent.tokens)
        for t in sdoc:
            i = at.get(t.idx)
            if i is None:
                continue
            h = at.get(t.head.idx, -1) if t.head.i != t.i else -1
            heads[i], rels[i] = (h if h != i else -1), t.dep_.lower()
        return Parse(heads, rels)


class Arguments:
    """The participants of one trigger head in a parsed sentence."""

    def __init__(self, sent: Sentence, parse: Parse, mentions: list[Mention]):
        self.sent, self.parse, self.lang = sent, parse, sent.lang
        self.tokens = sent.tokens
        self.covering = [[m for m in mentions if m.start <= t.start and t.end <= m.end] for t in sent.tokens]

    def index(self, start: int) -> int | None:
        return next((i for i, t in enumerate(self.tokens) if t.start == start), None)

    # ------------------------------------------------------------------ tree helpers

    def case(self, i: int) -> str:
        """The preposition of token i (`с` in «с представителями»), lower-cased, or ""."""
        for c in self.parse.children[i]:
            if self.parse.rels[c] in ("case", "prep", "mark"):
                return self.tokens[c].text.lower()
        h = self.parse.heads[i]
        if self.lang == "en" and self.parse.rels[i] == "pobj" and h >= 0:
            return self.tokens[h].text.lower()  # spaCy hangs the noun under its preposition
        return ""

    def rel(self, i: int) -> str:
        return self.parse.rels[i].split(":")[0] if self.lang == "ru" else self.parse.rels[i]

    def is_verb(self, i: int) -> bool:
        return self.tokens[i].pos in ("VERB", "AUX")

    def names(self, i: int, depth: int = 0) -> list[Mention]:
        """The names an argument token stands for: itself, else its appositions, else its genitive nouns;
        with everything coordinated with it."""
        found = list(self.covering[i])
        if not found and depth < 2:
            kids = self.parse.children[i]
            for rels in (("appos", "flat", "flat:name", "compound"), ("nmod", "poss", "pobj", "prep")):
                for c in kids:
                    if self.parse.rels[c] in rels and (rels[0] == "appos" or self._genitive(c)):
                        found += self.names(c, depth + 1)
                if found:
                    break
        for c in self.parse.children[i]:
            if self.parse.rels[c] == "conj" and not self.is_verb(c):
                found += self.names(c, depth)
        return found

    def _genitive(self, i: int) -> bool:
        if self.lang == "ru":
            return not self.case(i) and (self.tokens[i].feats or {}).get("Case") in ("Gen", None)
        return self.parse.rels[i] in ("poss", "prep", "pobj", "compound") and self.case(i) in ("", "of")

    # ------------------------------------------------------------------ arguments

    def party(self, i: int) -> str | None:
        """How dependant i of a predicate takes part (`nsubj`, `obl:с`, …), or None if it does not."""
        rel, case = self.parse.rels[i], self.case(i)
        if self.lang == "en" and rel == "prep":
            return f"prep:{self.tokens[i].text.lower()}" if self.tokens[i].text.lower() in PARTY_CASES["en"] - {"of"} else None
        if rel not in ARG_RELS or rel == "appos":
            return None
        if case:
            return f"{self.rel(i)}:{case}" if case in PARTY_CASES[self.lang] else None
        if rel in ("obl", "nmod") and self.lang == "ru" and (self.tokens[i].feats or {}).get("Case") not in ("Gen", "Dat", "Ins"):
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
            targets = self.parse.children[c] if how.startswith("prep:") else [c]
            for t in targets:
                if how.startswith("prep:") and self.parse.rels[t] != "pobj":
                    continue
                out += [Found(m, how) for m in self.names(t)]
        return out

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

    def of(self, head_start: int) -> list[Found]:
        h = self.index(head_start)
        if h is None:
            return []
        found = self.of_predicate(h)
        if not self.is_verb(h):
            v = self.governing_verb(h)
            top = self._path_child(v, h) if v is not None else None
            if v is not None and self.parse.rels[top] not in SUBJECT_RELS | {"csubj", "csubj:pass"}:
                # the noun is what the verb acts on (`подписал соглашение о покупке`): the verb's subject and
                # «с X» arguments are the noun's participants too; not so where the noun is the subject
                found += [f for f in self.of_predicate(v, skip=top)
                          if f.how.split(":")[0] in ("nsubj", "obl", "nmod", "prep") and f.how != "obl"]
        elif not any(f.how.startswith("nsubj") for f in found):
            found += self._inherited_subject(h)
        return self._unique(found, h)

    def _path_child(self, ancestor: int, i: int) -> int:
        while self.parse.heads[i] != ancestor and self.parse.heads[i] >= 0:
            i = self.parse.heads[i]
        return i

    def _inherited_subject(self, h: int) -> list[Found]:
        """`Россия планирует отправлять …`, `встретился … и обсудил`: the subject of the verb it depends on."""
        rel, up = self.parse.rels[h], self.parse.heads[h]
        if up >= 0 and rel in ("xcomp", "conj", "ccomp") and self.is_verb(up):
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
        while stack:
            i = stack.pop()
            out.append(i)
            stack += [c for c in self.parse.children[i] if c == h or self.parse.rels[c] not in CLAUSE_RELS
                      or self._on_path(c, h)]
        return sorted(out)

    def _on_path(self, c: int, h: int) -> bool:
        while h >= 0:
            if h == c:
                return True
            h = self.parse.heads[h]
        return False

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
        return any(self.tokens[c].text.lower() in NEGATION and self.parse.rels[c] in ("advmod", "neg", "det", "discourse")
                   for x in heads for c in self.parse.children[x])

"""The records a run produces: one Document enriched by stages, and the CSV column lists."""

from __future__ import annotations

from dataclasses import dataclass, field

from .spec import columns


@dataclass
class Paragraph:
    start: int
    end: int
    section: str = ""
    lang: str = ""
    heading: bool = False


@dataclass
class Token:
    start: int
    end: int
    text: str
    lemma: str
    pos: str
    feats: dict | None = None  # UD features from the tagger (Case, Gender, Number…), Russian only


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    section: str
    lang: str
    sent_id: int = 0
    tokens: list[Token] = field(default_factory=list)
    spheres: list[str] = field(default_factory=list)  # codebook tags
    risks: list[str] = field(default_factory=list)


@dataclass
class Mention:
    start: int
    end: int
    text: str
    label: str  # PER / ORG / LOC
    normal: str
    lang: str
    source: str  # which model produced it
    entity_id: str = ""
    role: str = "actor"
    sent_id: int = 0
    head: Token | None = None  # a head noun shared by coordinated adjectives (Павлодарской и … областями)
    parts: list = field(default_factory=list)  # names inside a name kept whole: the parties of a commission
    kind: str = "name"  # name, abbreviation, or descriptor (a common noun referring back: «консульство»)
    confidence: float = 1.0  # of a descriptor's reference (analysis/descriptors.py); 1 for a name


def name_mentions(entities: list[Mention]) -> list[Mention]:
    """The names among mentions: each one but a descriptor, whose parts are names (the place of `правительство
    Израиля`) unless a part is a descriptor too (the adjective of `японское правительство`). What factRuEval's
    names-only scores and documents.csv's `n_entities` count."""
    return [x for m in entities for x in ([m] if m.kind != "descriptor" else [p for p in m.parts if p.kind != "descriptor"])]


@dataclass
class DateMention:
    start: int | None  # None for a date in a running header, which is not in the cleaned text
    end: int | None
    text: str
    value: str  # EDTF; an ISO 8601 duration (P7Y) for kind `duration`
    precision: str  # day / month / season / year / decade / century / range / duration
    lang: str
    rule: str
    kind: str = "other"  # event / citation / publication / duration / other
    sent_id: int | None = None
    inferred: str = ""  # the year as written (""), or taken from the document's date ("document") or the text before ("context")


@dataclass
class FormatMention:
    start: int
    end: int
    text: str
    category: str
    lemma: str  # the trigger as written in the codebook
    lang: str
    rule: str
    sent_id: int = 0
    head: int = -1  # start of the token the trigger is about (its verb or noun): where participants attach
    pos: str = ""  # that token's part of speech (VERB for «встретились», NOUN for «встреча»)


@dataclass
class FileMeta:
    """What the file itself says (PDF and DOCX properties, an HTML page's <title> and author): a hint to the
    metadata stage, not the paper's own metadata."""

    title: str = ""
    authors: str = ""
    headers: list[str] = field(default_factory=list)  # DOCX page-header lines: the journal line is often only there


@dataclass
class Bibliography:
    """The paper's metadata, as the metadata stage found it; every field a documents.csv column ("" when not found)."""

    title: str = ""
    authors: str = ""  # `;`-separated
    journal: str = ""
    year: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""  # `166-186`
    doi: str = ""
    keywords: str = ""  # `;`-separated
    keywords_en: str = ""
    udc: str = ""
    jel: str = ""  # `;`-separated codes
    received: str = ""  # ISO date
    accepted: str = ""


@dataclass
class Document:
    """One input file; ingest fills the first block, stages fill the rest."""

    doc_id: str
    source_path: str
    format: str
    sha256: str = ""
    encoding: str = ""
    raw: str = ""  # extracted text; PDF pages are separated by form feeds
    file_meta: FileMeta = field(default_factory=FileMeta)  # title/authors/page headers found by the reader
    # clean
    text: str | None = None
    origin: list[int] | None = None  # origin[i] = offset in `raw` of text[i]; one extra slot for the end
    running_headers: list[str] | None = None
    # structure
    paragraphs: list[Paragraph] | None = None
    # nlp
    sentences: list[Sentence] | None = None
    entities: list[Mention] | None = None
    abbreviations: dict[str, tuple[int, int]] | None = None  # `Name (ABBR)`: ABBR → (start, end) of Name (linker)
    citations: list | None = None  # citations.Citation
    references: list | None = None  # references.Reference
    authors: list | None = None  # frontmatter.Author: the paper's own authors, in byline order
    dates: list | None = None  # DateMention
    formats: list | None = None  # FormatMention
    events: list | None = None  # events.Event
    bibliography: Bibliography | None = None  # metadata
    keep_back_matter: bool = False  # a run option: events of the reference list and the author notes too
    status: str = "ok"
    error: str = ""
    warnings: list = field(default_factory=list)  # (code, message, hint): analysed, but errors.csv says what to check

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the cleaned text back into the extracted text."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


# The CSV column lists, in order: taken from the one table spec (spec.py), which also types and describes them.
DOCUMENT_COLUMNS = columns("documents")
SENTENCE_COLUMNS = columns("sentences")
FORMAT_COLUMNS = columns("formats")
TOKEN_COLUMNS = columns("tokens")
ENTITY_COLUMNS = columns("entities")
DATE_COLUMNS = columns("dates")
CITATION_COLUMNS = columns("citations")
REFERENCE_COLUMNS = columns("references")
AUTHOR_COLUMNS = columns("authors")
EVENT_COLUMNS = columns("events")
ENTITY_INDEX_COLUMNS = columns("entity_index")
ERROR_COLUMNS = columns("errors")

"""The records a run produces: one Document enriched by stages, and the CSV column lists."""

from __future__ import annotations

from dataclasses import dataclass, field


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
class Document:
    """One input file; ingest fills the first block, stages fill the rest."""

    doc_id: str
    source_path: str
    format: str
    sha256: str = ""
    encoding: str = ""
    raw: str = ""  # extracted text; PDF pages are separated by form feeds
    meta: dict = field(default_factory=dict)  # title/authors found by the reader
    # clean
    text: str | None = None
    origin: list[int] | None = None  # origin[i] = offset in `raw` of text[i]; one extra slot for the end
    running_headers: list[str] | None = None
    # structure
    paragraphs: list[Paragraph] | None = None
    # nlp
    sentences: list[Sentence] | None = None
    entities: list[Mention] | None = None
    citations: list | None = None  # citations.Citation
    references: list | None = None  # references.Reference
    authors: list | None = None  # frontmatter.Author: the paper's own authors, in byline order
    dates: list | None = None  # DateMention
    formats: list | None = None  # FormatMention
    events: list | None = None  # events.Event
    keep_back_matter: bool = False  # a run option: events of the reference list and the author notes too
    status: str = "ok"
    error: str = ""
    warnings: list = field(default_factory=list)  # (code, message, hint): analysed, but errors.csv says what to check

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the cleaned text back into the extracted text."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


DOCUMENT_COLUMNS = [
    "doc_id", "source_path", "sha256", "format", "encoding", "title", "authors", "journal", "year",
    "volume", "issue", "pages", "doi", "keywords", "keywords_en", "udc", "jel", "received", "accepted", "n_references",
    "languages", "n_chars", "n_sentences", "n_tokens", "n_entities",
    "running_headers", "status", "error",
]
SENTENCE_COLUMNS = ["doc_id", "sent_id", "start", "end", "section", "lang", "n_tokens", "spheres", "risks", "text"]
FORMAT_COLUMNS = ["doc_id", "sent_id", "start", "end", "text", "category", "lemma", "lang", "rule"]
TOKEN_COLUMNS = ["doc_id", "sent_id", "start", "end", "text", "lemma", "pos", "lang"]
ENTITY_COLUMNS = [
    "doc_id", "sent_id", "start", "end", "text", "label", "normal", "entity_id", "role", "lang", "source", "inside",
]
DATE_COLUMNS = ["doc_id", "sent_id", "start", "end", "text", "value", "precision", "kind", "lang", "rule", "inferred"]
CITATION_COLUMNS = ["doc_id", "sent_id", "start", "end", "text", "authors", "title", "year", "pages", "kind", "ref_id"]
REFERENCE_COLUMNS = [
    "doc_id", "ref_id", "number", "authors", "year", "title", "container", "volume", "issue", "pages", "doi", "url",
    "accessed", "style", "text", "text_translit",
]
AUTHOR_COLUMNS = [
    "doc_id", "position", "name", "surname", "initials", "given", "patronymic", "affiliation", "city", "email", "orcid",
    "entity_id", "lang",
]
EVENT_COLUMNS = [
    "event_id", "doc_id", "sent_id", "category", "plover", "date", "actors", "actor_names", "actor_how", "place",
    "place_name",
    "status", "ordinal", "format_text", "evidence",
]
ENTITY_INDEX_COLUMNS = [
    "entity_id", "label", "name", "name_en", "translit", "ext_ids", "lat", "lon", "mentions", "documents",
]
ERROR_COLUMNS = ["doc_id", "source_path", "level", "stage", "code", "message", "hint"]

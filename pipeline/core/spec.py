"""The one table spec: every CSV a run writes (OUT/data/<name>.csv), its columns in order, each with a Frictionless
type and a one-line meaning, and its keys. The CSV writers take their column order from it (schema.py's *_COLUMNS,
output/export.py, results/frequencies.py), datapackage.json its types, descriptions and keys, and
tests/test_table_spec.py holds README.md's column tables ("## Outputs") to it."""

from __future__ import annotations

from dataclasses import dataclass

TYPES = frozenset({"string", "integer", "number", "boolean", "date", "datetime", "year"})  # Frictionless field types


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    table: str  # the table it points to
    to: tuple[str, ...]  # that table's columns


@dataclass(frozen=True)
class Table:
    name: str  # the file is data/<name>.csv
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def names(self) -> list[str]:
        """The column names in the order the CSV has them (a new list each time: callers may keep it)."""
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


def _table(name, description, columns, primary_key=(), foreign_keys=()) -> Table:
    return Table(name, description, tuple(Column(*c) for c in columns), tuple(primary_key), tuple(foreign_keys))


S, I, N, D = "string", "integer", "number", "date"
_DOC = "the document's id: the file's path relative to the corpus, without its extension"
_SENT = "the sentence's number in the document (from 1)"
_START = "start offset (Python str index) into text/<doc_id>.txt"
_END = "end offset (exclusive) into text/<doc_id>.txt"
_LANG = "language: ru, en or other"
MEANINGS = {"doc_id": _DOC, "sent_id": _SENT, "start": _START, "end": _END, "lang": _LANG}  # shared by many tables
_WHERE = [("sent_id", I, _SENT), ("start", I, _START), ("end", I, _END)]
TO_DOCUMENT = ForeignKey(("doc_id",), "documents", ("doc_id",))
TO_ENTITY = ForeignKey(("entity_id",), "entity_index", ("entity_id",))

# ------------------------------------------------------------------------------------ the run's datasets

RUN = [
    _table("documents", "One row per input file, failed ones included.", [
        ("doc_id", S, _DOC), ("source_path", S, "the input file"), ("sha256", S, "hash of the input file's bytes"),
        ("format", S, "txt, md, pdf, docx or html"),
        ("encoding", S, "detected text encoding (utf-8, utf-8-sig, utf-16, cp1251, koi8-r…), pdf-text-layer or docx"),
        ("title", S, ("the title block of the front matter, else the file's own metadata (PDF info, DOCX core properties, "
                     "HTML <title>) where the text shows it")),
        ("authors", S, ("the paper's own authors (`Surname I.O.`) from the byline, else the running header or the file's "
                       "metadata; ;-joined")),
        ("journal", S, "journal, from the running header or the front matter's journal or citation line"),
        ("year", S, ("year of publication, from the running header, the front matter or the file's metadata — never from a "
                    "reference, an access date or the title; empty when the paper does not say")),
        ("volume", S, "volume"), ("issue", S, "issue"), ("pages", S, "the paper's pages in its issue (45-58)"),
        ("doi", S, "the paper's own DOI, from the front matter or the running header (never a cited work's)"),
        ("keywords", S, "the keyword list of the main language, ;-joined"),
        ("keywords_en", S, "the English keyword list, ;-joined"),
        ("udc", S, "the УДК (UDC) code"), ("jel", S, "JEL classification codes, ;-joined"),
        ("received", D, "date the paper was received (ISO 8601)"), ("accepted", D, "date it was accepted (ISO 8601)"),
        ("n_references", I, "entries of its reference list (a transliterated second list is the same works)"),
        ("languages", S, "languages of its paragraphs, ;-joined"), ("n_chars", I, "characters of the cleaned text"),
        ("n_sentences", I, "sentences"), ("n_tokens", I, "tokens"), ("n_entities", I, "named-entity mentions"),
        ("running_headers", S, "running headers, footers and page numbers removed from the text, ;-joined"),
        ("status", S, "ok, or error"), ("error", S, "the coded error message when status is error"),
    ], primary_key=["doc_id"]),
    _table("authors", "One row per author and paper, in byline order.", [
        ("doc_id", S, _DOC), ("position", I, "the author's place in the byline (from 1)"),
        ("name", S, "the name as written"), ("surname", S, "surname"), ("initials", S, "initials (Л.В.)"),
        ("given", S, "first name, where written in full"), ("patronymic", S, "patronymic, where written"),
        ("affiliation", S, "organisation(s), ;-joined"), ("city", S, "the affiliation's city"),
        ("email", S, "e-mail address"), ("orcid", S, "ORCID iD"),
        ("entity_id", S, "the author's id in entities.csv and entity_index.csv"), ("lang", S, "the byline's language"),
    ], primary_key=["doc_id", "position"], foreign_keys=[TO_DOCUMENT, TO_ENTITY]),
    _table("sentences", "One row per sentence.", [
        ("doc_id", S, _DOC), *_WHERE,
        ("section", S, ("front, body, abstract, keywords, introduction, methods, results, discussion, conclusion, "
                       "references, acknowledgements, about_authors or appendix")),
        ("lang", S, _LANG), ("n_tokens", I, "tokens in the sentence"),
        ("spheres", S, "the codebook's spheres of cooperation the sentence touches, ;-joined"),
        ("risks", S, "the codebook's risks the sentence touches, ;-joined"), ("text", S, "the sentence, on one line"),
    ], primary_key=["doc_id", "sent_id"], foreign_keys=[TO_DOCUMENT]),
    _table("tokens", "One row per token.", [
        ("doc_id", S, _DOC), *_WHERE, ("text", S, "the token as written"),
        ("lemma", S, "its dictionary form, lower-cased (pymorphy3 for Russian, spaCy for English)"),
        ("pos", S, "Universal Dependencies part of speech"), ("lang", S, "the sentence's language"),
    ], foreign_keys=[TO_DOCUMENT]),
    _table("entities", "One row per named-entity mention.", [
        ("doc_id", S, _DOC), *_WHERE, ("text", S, "the mention as written"), ("label", S, "PER, ORG or LOC"),
        ("normal", S, "the mention's own nominative (normal form)"),
        ("entity_id", S, "one id per real-world entity (country/RU, region/RU-OMS, city/<geonames>, org/…, per/…, loc/…)"),
        ("role", S, "author (the paper's own authors), cited_author, publication (the journal) or actor"),
        ("lang", S, "the language of the sentence"),
        ("source", S, ("what found it: natasha, spacy:<model>-<version>, rule:<name>; +<rule> names a repair; correction "
                      "for a mention changed by models/corrections.yaml")),
        ("inside", S, "for a name inside a name kept whole: the entity_id of the enclosing name"),
        ("kind", S, ("name, abbreviation (США, КазНУ), or descriptor: a common noun that names a body by its function "
                     "and place (правительство Израиля) or refers back to an entity named before (консульство, "
                     "губернатор)")),
        ("confidence", N, "of a descriptor's reference (0.7–0.9, by the rule that made it); 1 for a name"),
    ], foreign_keys=[TO_DOCUMENT, TO_ENTITY]),
    _table("entity_index", "One row per entity (corpus-wide).", [
        ("entity_id", S, "as in entities.csv"), ("label", S, "PER, ORG or LOC"), ("name", S, "canonical Russian name"),
        ("name_en", S, "canonical English name"), ("translit", S, "the Russian name transliterated"),
        ("ext_ids", S, "stable outside ids (iso3166-1, iso3166-2, geonames, wikidata), ;-joined"),
        ("lat", N, "latitude (WGS 84) of places in the gazetteer"), ("lon", N, "longitude (WGS 84) of places in the gazetteer"),
        ("mentions", I, "how often it is mentioned"), ("documents", I, "in how many documents it is mentioned"),
    ], primary_key=["entity_id"]),
    _table("dates", "One row per date expression.", [
        ("doc_id", S, _DOC), ("sent_id", I, _SENT + "; empty for a running header's date"),
        ("start", I, _START + "; empty for a running header"), ("end", I, _END + "; empty for a running header"),
        ("text", S, "the expression (or the running header line)"),
        ("value", S, ("EDTF value (1992-10-22, 2005-05, 2019-21 for spring, 199X, 2015/2024…); an ISO 8601 duration (P7Y, "
                     "P5.5Y, P10M, P2W, P5D) for kind duration")),
        ("precision", S, "day, month, season, year, decade, century, range or duration"),
        ("kind", S, "citation, publication, event, duration (за 7 лет, for seven years: never an event's date) or other"),
        ("lang", S, "the paragraph's language"), ("rule", S, "the rule that matched"),
        ("inferred", S, ("empty when the year is written; document when it is the document's year (a news dateline, the "
                        "running header: 27 декабря, в прошлом году), context when it is the year written last before "
                        "the expression in its section")),
    ], foreign_keys=[TO_DOCUMENT]),
    _table("citations", "One row per in-text citation.", [
        ("doc_id", S, _DOC), *_WHERE, ("text", S, "the citation as written"), ("authors", S, "the cited authors, ;-joined"),
        ("title", S, "the title or corporate author of a work cited by title"), ("year", S, "the year as cited"),
        ("pages", S, "the pages as cited"), ("kind", S, "work, web or numeric"),
        ("ref_id", S, "the entry of references.csv it points to"),
    ], foreign_keys=[TO_DOCUMENT]),
    _table("references", "One row per cited work: an entry of the reference list, with its transliterated twin when the "
                         "paper prints the list twice (Russian, then «References»).", [
        ("doc_id", S, _DOC),
        ("ref_id", S, ("r<number> for a numbered list, else r<position>; -<list> added to an entry of a later list that "
                      "is not a transliteration and repeats an id (r3-2)")),
        ("number", I, "the entry's number as printed; empty in an unnumbered list"),
        ("authors", S, ("persons who wrote the work (Фамилия И.О., Surname J.R.; editors left out) or an organisation as "
                       "author, ;-joined")),
        ("year", S, "year of publication, from the publication part (never an access date, a URL, a DOI or a page)"),
        ("title", S, "title of the work; empty when the authors are followed by // (only the container is given)"),
        ("container", S, "the journal or book/collection it appeared in (after //, In:, В кн.:; APA: after the title)"),
        ("volume", S, "volume (Т. 5, Vol. 26, APA 7(1) → 7)"), ("issue", S, "issue (№ 3, Вып. 2, No. 4, APA 7(1) → 1)"),
        ("pages", S, "pages (10–20), or a book's page count (240 с. → 240)"), ("doi", S, "DOI without https://doi.org/"),
        ("url", S, "web address other than the DOI"), ("accessed", S, "access date (дата обращения, accessed), ISO 8601"),
        ("style", S, "gost, apa (author–date) or other (Vancouver, transliterated, …)"),
        ("text", S, "the entry as written (wrapped lines joined)"),
        ("text_translit", S, "the same work's entry in the transliterated list (References), if the paper has one"),
    ], primary_key=["doc_id", "ref_id"], foreign_keys=[TO_DOCUMENT]),
    _table("formats", "One row per cooperation-format mention.", [
        ("doc_id", S, _DOC), *_WHERE, ("text", S, "the mention as written"),
        ("category", S, "one of the format keys of the codebook"),
        ("lemma", S, "the trigger that matched, as written in the codebook"), ("lang", S, "ru or en"),
        ("rule", S, "<key>/<lang>:<trigger>"),
    ], foreign_keys=[TO_DOCUMENT]),
    _table("events", "One row per cooperation event.", [
        ("event_id", S, "<doc_id>#e<n>"), ("doc_id", S, _DOC), ("sent_id", I, "the sentence that tells it"),
        ("category", S, "the format (codebook key)"), ("plover", S, "the format's PLOVER event code"),
        ("date", S, "EDTF date of the sentence nearest the format; empty for an undated event"),
        ("actors", S, "entity ids of the parties, ;-joined"), ("actor_names", S, "names of the parties, ;-joined"),
        ("actor_how", S, ("how each party was found, ;-joined in the order of actors: name, nsubj, obj, iobj, obl:с, "
                         "nmod:между, nmod, clause, occasion, adjective (see README)")),
        ("place", S, "entity id of the place"), ("place_name", S, "name of the place"),
        ("status", S, "occurred, planned, intended, negated or unknown"),
        ("ordinal", I, "ordinal number of a recurring event (XXI заседание → 21)"),
        ("format_text", S, "the format mention"), ("evidence", S, "the sentence"),
        ("source", S, "extraction, or correction for an event added or changed by models/corrections.yaml"),
    ], primary_key=["event_id"], foreign_keys=[TO_DOCUMENT]),
    _table("corrections", "One row per value changed by models/corrections.yaml (empty without one): the record of "
                          "what the scholar corrected.", [
        ("line", I, "the line of corrections.yaml"),
        ("action", S, "merge, split, entity, mention, drop, reject, event or add"),
        ("table", S, "the table changed: entities, entity_index, events or authors"),
        ("key", S, ("the row: doc_id:sent_id:start:end (entities), entity_id (entity_index), event_id (events), "
                   "doc_id:position (authors)")),
        ("field", S, "the column changed"),
        ("before", S, "its value before (empty: the row did not exist)"),
        ("after", S, "its value after (empty: the row was removed)"),
    ]),
    _table("errors", "One row per file that could not be analysed (level error), or that was analysed with something "
                     "to check (level warning).", [
        ("doc_id", S, _DOC), ("source_path", S, "the file"), ("level", S, "error (not analysed) or warning (analysed)"),
        ("stage", S, "ingest, or the analysis stage that failed"), ("code", S, "E001…E015, E100, W001…W006 (see README)"),
        ("message", S, "what went wrong"), ("hint", S, "what to do"),
    ], foreign_keys=[TO_DOCUMENT]),
]

# ------------------------------------------------------------------- what `pipeline report` computes from them

FREQUENCIES = [
    _table("freq_lemmas", "Content-lemma frequencies per document and language; doc_id __corpus__ rows are corpus-wide.", [
        ("doc_id", S, _DOC + ", or __corpus__ for the whole corpus"), ("lang", S, _LANG),
        ("lemma", S, "the lemma (stop words left out)"), ("pos", S, "its most frequent Universal Dependencies part of speech"),
        ("count", I, "occurrences"),
        ("per_10k", N, "occurrences per 10,000 words of that document (or of the corpus) in that language"),
        ("documents", I, "documents in which it occurs"),
    ]),
    _table("freq_ngrams", "Frequent n-grams of content lemmas.", [
        ("lang", S, _LANG), ("n", I, "number of lemmas in the n-gram"), ("ngram", S, "the lemmas, space-separated"),
        ("count", I, "occurrences"), ("documents", I, "documents in which it occurs"),
    ]),
    _table("collocations", "Adjacent lemma pairs more frequent than chance.", [
        ("lang", S, _LANG), ("w1", S, "first lemma"), ("w2", S, "second lemma"), ("count", I, "observed co-occurrences"),
        ("expected", N, "co-occurrences expected by chance"), ("log_likelihood", N, "log-likelihood statistic G²"),
        ("pmi", N, "pointwise mutual information (log2)"),
    ]),
    _table("keyness", "Lemmas over- (G² > 0) and under-used (G² < 0) in a document or group against the rest of the corpus.", [
        ("target", S, "the document (doc_id) or, with --group-by, the group compared with the rest"), ("lang", S, _LANG),
        ("lemma", S, "the lemma"), ("count_target", I, "occurrences in the target"),
        ("count_reference", I, "occurrences in the rest of the corpus"),
        ("g2", N, "log-likelihood statistic G², signed: negative when the target uses the lemma less"),
        ("p_value", N, "p-value of |G²| (chi-squared, 1 degree of freedom)"),
        ("effect", N, "effect size: log2 ratio of the relative frequencies (target / rest)"),
    ]),
    _table("tfidf", "The lemmas with the highest TF-IDF weight in each document.", [
        ("doc_id", S, _DOC), ("lemma", S, "the lemma"), ("tfidf", N, "TF-IDF weight"),
        ("rank", I, "rank of the lemma in the document (1 = highest)"),
    ], foreign_keys=[TO_DOCUMENT]),
    _table("freq_entities", "Mentions of entities as actors per document; doc_id __corpus__ rows are corpus-wide.", [
        ("doc_id", S, _DOC + ", or __corpus__"), ("entity_id", S, "as in entities.csv"), ("label", S, "PER, ORG or LOC"),
        ("name", S, "canonical name (entity_index.csv)"), ("mentions", I, "mentions as actor"),
    ], foreign_keys=[TO_ENTITY]),
    _table("freq_entities_by_year", "Mentions of entities as actors per publication year of the documents.", [
        ("year", S, "the documents' year (documents.csv); empty when unknown"), ("entity_id", S, "as in entities.csv"),
        ("mentions", I, "mentions as actor"),
    ], foreign_keys=[TO_ENTITY]),
    _table("freq_formats", "Cooperation-format mentions per document and category; doc_id __corpus__ rows are corpus-wide.", [
        ("doc_id", S, _DOC + ", or __corpus__"), ("category", S, "format key of the codebook"), ("mentions", I, "mentions"),
    ]),
    _table("freq_spheres", "Sentences per sphere and risk of the codebook, per document; doc_id __corpus__ rows are "
                           "corpus-wide.", [
        ("doc_id", S, _DOC + ", or __corpus__"), ("dimension", S, "sphere or risk"), ("key", S, "the codebook key"),
        ("sentences", I, "sentences tagged with it"),
    ]),
    _table("freq_dates", "Dates per period and kind.", [
        ("period", S, ("the year of the EDTF value (a decade or century as written, the start year of a range); empty for "
                      "a duration")),
        ("kind", S, "citation, publication, event, duration or other"), ("dates", I, "date expressions"),
        ("documents", I, "documents"),
    ]),
    _table("cooccurrence", "Pairs of entities mentioned as actors in the same sentence.", [
        ("source", S, "entity_id of the first entity"), ("target", S, "entity_id of the second entity"),
        ("source_name", S, "name of the first entity"), ("target_name", S, "name of the second entity"),
        ("count", I, "sentences in which both occur"), ("documents", I, "documents in which they co-occur"),
        ("pmi", N, "pointwise mutual information (log2)"), ("dice", N, "Dice coefficient"),
    ]),
    _table("formats_actors", "Which actors take part in the events of each format.", [
        ("category", S, "format key of the codebook"), ("entity_id", S, "the actor (entities.csv)"), ("name", S, "its name"),
        ("events", I, "events of this format with this actor"),
    ], foreign_keys=[TO_ENTITY]),
]

SPEC: dict[str, Table] = {t.name: t for t in RUN + FREQUENCIES}


def columns(name: str) -> list[str]:
    """The columns of data/<name>.csv, in order."""
    return SPEC[name].names

"""OUT/datapackage.json: a Frictionless tabular Data Package describing every CSV of OUT/data — one resource per
file, every field typed and described (the meanings of README.md's "Outputs"), so that `frictionless validate`,
R's `frictionless` or pandas users get the tables with their types and documentation."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from pathlib import Path

from ..output.export import atomic_write_text

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

# --------------------------------------------------------------------------------------- descriptions

_DOC = "the document's id: the file's path relative to the corpus, without its extension"
_SENT = "the sentence's number in the document (from 1)"
_START = "start offset (Python str index) into text/<doc_id>.txt"
_END = "end offset (exclusive) into text/<doc_id>.txt"
_LANG = "language: ru, en or other"

TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "documents": ("One row per input file, failed ones included.", {
        "doc_id": _DOC, "source_path": "the input file", "sha256": "hash of the input file's bytes",
        "format": "txt, md, pdf, docx or html",
        "encoding": "detected text encoding (utf-8, utf-8-sig, utf-16, cp1251, koi8-r…), pdf-text-layer or docx",
        "title": "the file's own metadata (PDF info, DOCX core properties, HTML <title>), else the title block of the front matter",
        "authors": "the paper's own authors (`Surname I.O.`) from the byline, else the running header or the file's metadata; ;-joined",
        "journal": "journal, from the running header or the front matter's journal or citation line",
        "year": "year of publication, from the running header, the front matter or the file's metadata — never from a "
                "reference, an access date or the title; empty when the paper does not say",
        "volume": "volume", "issue": "issue", "pages": "the paper's pages in its issue (45-58)",
        "doi": "the paper's own DOI, from the front matter or the running header (never a cited work's)",
        "keywords": "the keyword list of the main language, ;-joined", "keywords_en": "the English keyword list, ;-joined",
        "udc": "the УДК (UDC) code", "jel": "JEL classification codes, ;-joined",
        "received": "date the paper was received (ISO 8601)", "accepted": "date it was accepted (ISO 8601)",
        "n_references": "entries of its reference list (a transliterated second list is the same works)",
        "languages": "languages of its paragraphs, ;-joined", "n_chars": "characters of the cleaned text",
        "n_sentences": "sentences", "n_tokens": "tokens", "n_entities": "named-entity mentions",
        "running_headers": "running headers, footers and page numbers removed from the text, ;-joined",
        "status": "ok, or error", "error": "the coded error message when status is error"}),
    "authors": ("One row per author and paper, in byline order.", {
        "doc_id": _DOC, "position": "the author's place in the byline (from 1)", "name": "the name as written",
        "surname": "surname", "initials": "initials (Л.В.)", "given": "first name, where written in full",
        "patronymic": "patronymic, where written", "affiliation": "organisation(s), ;-joined",
        "city": "the affiliation's city", "email": "e-mail address", "orcid": "ORCID iD",
        "entity_id": "the author's id in entities.csv and entity_index.csv", "lang": "the byline's language"}),
    "sentences": ("One row per sentence.", {
        "doc_id": _DOC, "sent_id": _SENT, "start": _START, "end": _END,
        "section": "front, body, abstract, keywords, introduction, methods, results, discussion, conclusion, references, "
                   "acknowledgements, about_authors or appendix", "lang": _LANG, "n_tokens": "tokens in the sentence",
        "spheres": "the codebook's spheres of cooperation the sentence touches, ;-joined",
        "risks": "the codebook's risks the sentence touches, ;-joined", "text": "the sentence, on one line"}),
    "tokens": ("One row per token.", {
        "doc_id": _DOC, "sent_id": _SENT, "start": _START, "end": _END, "text": "the token as written",
        "lemma": "its dictionary form, lower-cased (pymorphy3 for Russian, spaCy for English)",
        "pos": "Universal Dependencies part of speech", "lang": "the sentence's language"}),
    "entities": ("One row per named-entity mention.", {
        "doc_id": _DOC, "sent_id": _SENT, "start": _START, "end": _END, "text": "the mention as written",
        "label": "PER, ORG or LOC", "normal": "the mention's own nominative (normal form)",
        "entity_id": "one id per real-world entity (country/RU, region/RU-OMS, city/<geonames>, org/…, per/…, loc/…)",
        "role": "author (the paper's own authors), cited_author, publication (the journal) or actor", "lang": "the language of the sentence",
        "source": "what found it: natasha, spacy:<model>-<version>, rule:<name>; +<rule> names a repair",
        "inside": "for a name inside a name kept whole: the entity_id of the enclosing name"}),
    "entity_index": ("One row per entity (corpus-wide).", {
        "entity_id": "as in entities.csv", "label": "PER, ORG or LOC", "name": "canonical Russian name",
        "name_en": "canonical English name", "translit": "the Russian name transliterated",
        "ext_ids": "stable outside ids (iso3166-1, iso3166-2, geonames, wikidata), ;-joined",
        "lat": "latitude (WGS 84) of places in the gazetteer", "lon": "longitude (WGS 84) of places in the gazetteer",
        "mentions": "how often it is mentioned", "documents": "in how many documents it is mentioned"}),
    "dates": ("One row per date expression.", {
        "doc_id": _DOC, "sent_id": _SENT + "; empty for a running header's date", "start": _START + "; empty for a running header",
        "end": _END + "; empty for a running header", "text": "the expression (or the running header line)",
        "value": "EDTF value (1992-10-22, 2005-05, 2019-21 for spring, 199X, 2015/2024…); an ISO 8601 duration (P7Y, P5.5Y, "
                 "P10M, P2W, P5D) for kind duration",
        "precision": "day, month, season, year, decade, century, range or duration",
        "kind": "citation, publication, event, duration (за 7 лет, for seven years: never an event's date) or other",
        "lang": "the paragraph's language", "rule": "the rule that matched",
        "inferred": "empty when the year is written; document when it is the document's year (a news dateline, the running "
                    "header: 27 декабря, в прошлом году), context when it is the year written last before the expression in "
                    "its section"}),
    "citations": ("One row per in-text citation.", {
        "doc_id": _DOC, "sent_id": _SENT, "start": _START, "end": _END, "text": "the citation as written",
        "authors": "the cited authors, ;-joined", "title": "the title or corporate author of a work cited by title",
        "year": "the year as cited", "pages": "the pages as cited", "kind": "work, web or numeric",
        "ref_id": "the entry of references.csv it points to"}),
    "references": ("One row per cited work: an entry of the reference list, with its transliterated twin when the "
                   "paper prints the list twice (Russian, then «References»).", {
        "doc_id": _DOC,
        "ref_id": "r<number> for a numbered list, else r<position>; -<list> added to an entry of a later list that is "
                  "not a transliteration and repeats an id (r3-2)",
        "number": "the entry's number as printed; empty in an unnumbered list",
        "authors": "persons who wrote the work (Фамилия И.О., Surname J.R.; editors left out) or an organisation as "
                   "author, ;-joined",
        "year": "year of publication, from the publication part (never an access date, a URL, a DOI or a page)",
        "title": "title of the work; empty when the authors are followed by // (only the container is given)",
        "container": "the journal or book/collection it appeared in (after //, In:, В кн.:; APA: after the title)",
        "volume": "volume (Т. 5, Vol. 26, APA 7(1) → 7)", "issue": "issue (№ 3, Вып. 2, No. 4, APA 7(1) → 1)",
        "pages": "pages (10–20), or a book's page count (240 с. → 240)", "doi": "DOI without https://doi.org/",
        "url": "web address other than the DOI", "accessed": "access date (дата обращения, accessed), ISO 8601",
        "style": "gost, apa (author–date) or other (Vancouver, transliterated, …)",
        "text": "the entry as written (wrapped lines joined)",
        "text_translit": "the same work's entry in the transliterated list (References), if the paper has one"}),
    "formats": ("One row per cooperation-format mention.", {
        "doc_id": _DOC, "sent_id": _SENT, "start": _START, "end": _END, "text": "the mention as written",
        "category": "one of the format keys of the codebook", "lemma": "the trigger that matched, as written in the codebook",
        "rule": "<key>/<lang>:<trigger>", "lang": "ru or en"}),
    "events": ("One row per cooperation event.", {
        "event_id": "<doc_id>#e<n>", "doc_id": _DOC, "sent_id": "the sentence that tells it",
        "category": "the format (codebook key)", "plover": "the format's PLOVER event code",
        "date": "EDTF date of the sentence nearest the format; empty for an undated event", "actors": "entity ids of the parties, ;-joined",
        "actor_names": "names of the parties, ;-joined",
        "actor_how": "how each party was found, ;-joined in the order of actors: name, nsubj, obj, iobj, obl:с, "
                     "nmod:между, nmod, clause, occasion, adjective (see README)",
        "place": "entity id of the place", "place_name": "name of the place",
        "status": "occurred, planned, intended, negated or unknown", "ordinal": "ordinal number of a recurring event (XXI заседание → 21)",
        "format_text": "the format mention", "evidence": "the sentence"}),
    "errors": ("One row per file that could not be analysed (level error), or that was analysed with something "
               "to check (level warning).", {
        "doc_id": _DOC, "source_path": "the file", "level": "error (not analysed) or warning (analysed)",
        "stage": "ingest, or the analysis stage that failed", "code": "E001…E013, E100, W001…W004 (see README)",
        "message": "what went wrong", "hint": "what to do"}),
    "freq_lemmas": ("Content-lemma frequencies per document and language; doc_id __corpus__ rows are corpus-wide.", {
        "doc_id": _DOC + ", or __corpus__ for the whole corpus", "lang": _LANG, "lemma": "the lemma (stop words left out)",
        "pos": "its most frequent Universal Dependencies part of speech", "count": "occurrences",
        "per_10k": "occurrences per 10,000 words of that document (or of the corpus) in that language",
        "documents": "documents in which it occurs"}),
    "freq_ngrams": ("Frequent n-grams of content lemmas.", {
        "lang": _LANG, "n": "number of lemmas in the n-gram", "ngram": "the lemmas, space-separated",
        "count": "occurrences", "documents": "documents in which it occurs"}),
    "collocations": ("Adjacent lemma pairs more frequent than chance.", {
        "lang": _LANG, "w1": "first lemma", "w2": "second lemma", "count": "observed co-occurrences",
        "expected": "co-occurrences expected by chance", "log_likelihood": "log-likelihood statistic G²",
        "pmi": "pointwise mutual information (log2)"}),
    "keyness": ("Lemmas over- (G² > 0) and under-used (G² < 0) in a document or group against the rest of the corpus.", {
        "target": "the document (doc_id) or, with --group-by, the group compared with the rest", "lang": _LANG,
        "lemma": "the lemma", "count_target": "occurrences in the target",
        "count_reference": "occurrences in the rest of the corpus",
        "g2": "log-likelihood statistic G², signed: negative when the target uses the lemma less",
        "p_value": "p-value of |G²| (chi-squared, 1 degree of freedom)",
        "effect": "effect size: log2 ratio of the relative frequencies (target / rest)"}),
    "tfidf": ("The lemmas with the highest TF-IDF weight in each document.", {
        "doc_id": _DOC, "lemma": "the lemma", "tfidf": "TF-IDF weight", "rank": "rank of the lemma in the document (1 = highest)"}),
    "freq_entities": ("Mentions of entities as actors per document; doc_id __corpus__ rows are corpus-wide.", {
        "doc_id": _DOC + ", or __corpus__", "entity_id": "as in entities.csv", "label": "PER, ORG or LOC",
        "name": "canonical name (entity_index.csv)", "mentions": "mentions as actor"}),
    "freq_entities_by_year": ("Mentions of entities as actors per publication year of the documents.", {
        "year": "the documents' year (documents.csv); empty when unknown", "entity_id": "as in entities.csv",
        "mentions": "mentions as actor"}),
    "freq_formats": ("Cooperation-format mentions per document and category; doc_id __corpus__ rows are corpus-wide.", {
        "doc_id": _DOC + ", or __corpus__", "category": "format key of the codebook", "mentions": "mentions"}),
    "freq_spheres": ("Sentences per sphere and risk of the codebook, per document; doc_id __corpus__ rows are corpus-wide.", {
        "doc_id": _DOC + ", or __corpus__", "dimension": "sphere or risk", "key": "the codebook key",
        "sentences": "sentences tagged with it"}),
    "freq_dates": ("Dates per period and kind.", {
        "period": "the year of the EDTF value (a decade or century as written, the start year of a range); empty for a duration",
        "kind": "citation, publication, event, duration or other", "dates": "date expressions", "documents": "documents"}),
    "cooccurrence": ("Pairs of entities mentioned as actors in the same sentence.", {
        "source": "entity_id of the first entity", "target": "entity_id of the second entity",
        "source_name": "name of the first entity", "target_name": "name of the second entity",
        "count": "sentences in which both occur", "documents": "documents in which they co-occur",
        "pmi": "pointwise mutual information (log2)", "dice": "Dice coefficient"}),
    "formats_actors": ("Which actors take part in the events of each format.", {
        "category": "format key of the codebook", "entity_id": "the actor (entities.csv)", "name": "its name",
        "events": "events of this format with this actor"}),
}
# meanings shared by the frequency tables and anything added later (kwic_*.csv, collocations…)
COMMON = {
    "doc_id": _DOC, "sent_id": _SENT, "start": _START, "end": _END, "lang": _LANG, "lemma": "the lemma",
    "pos": "Universal Dependencies part of speech", "count": "occurrences", "documents": "number of documents",
    "mentions": "mentions", "per_10k": "occurrences per 10,000 tokens", "g2": "log-likelihood statistic G²",
    "p_value": "p-value", "effect": "effect size", "pmi": "pointwise mutual information", "dice": "Dice coefficient",
    "tf": "term frequency", "idf": "inverse document frequency", "tfidf": "TF-IDF weight", "tf_idf": "TF-IDF weight",
    "entity_id": "as in entities.csv", "label": "PER, ORG or LOC", "name": "name", "category": "format key of the codebook",
    "left": "context before the match", "right": "context after the match", "match": "the matched text",
    "keyword": "the matched text", "text": "text", "term": "the term", "rank": "rank", "score": "score",
    "t_score": "t-score", "log_dice": "logDice", "collocate": "the co-occurring lemma", "node": "the node lemma",
}
INTEGER = {"start", "end", "sent_id", "position", "n_chars", "n_sentences", "n_tokens", "n_entities", "mentions", "documents", "count",
           "count_target", "count_reference", "ordinal", "rank", "window", "n", "freq", "frequency", "tf", "df",
           "sentences", "dates", "events"}  # the last three only name counts in the frequency tables
NUMBER = {"lat", "lon", "per_10k", "g2", "p_value", "effect", "pmi", "dice", "tfidf", "tf_idf", "idf", "score",
          "expected", "log_likelihood",
          "t_score", "log_dice", "log_ratio", "weight", "chi2", "mi"}
ORDER = list(TABLES)


def _kind(value: str) -> str:
    if re.fullmatch(r"[+-]?\d+", value):
        return "integer"
    try:
        float(value)
    except ValueError:
        return "string"
    return "number" if value.strip().lower() not in ("nan", "inf", "-inf", "+inf", "infinity", "-infinity") else "string"


def field_type(name: str, kinds: set[str], known: bool) -> str:
    """Offsets and counts integer, coordinates and statistics number, everything else string — and only if every
    value of this run fits (an empty column is a string); a column no table documents is inferred the same way."""
    if not kinds or "string" in kinds:
        return "string"
    inferred = "integer" if kinds == {"integer"} else "number"
    if name in INTEGER or name.startswith("n_") or name.startswith("count_"):
        return inferred
    if name in NUMBER:
        return "number"
    return "string" if known else inferred


def describe_csv(path: Path) -> tuple[list[str], list[set[str]], dict[str, list[str]], int]:
    """Header, the kinds of non-empty values per column, the values of key-like columns, rows."""
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, [])
        kinds: list[set[str]] = [set() for _ in header]
        keys = {name: [] for name in header if name in ("doc_id", "entity_id", "event_id")}
        rows = 0
        for row in reader:
            rows += 1
            for i, value in enumerate(row[: len(header)]):
                if value != "" and len(kinds[i]) < 3 and ("string" not in kinds[i]):
                    kinds[i].add(_kind(value))
            for name in keys:
                keys[name].append(row[header.index(name)] if header.index(name) < len(row) else "")
    return header, kinds, keys, rows


def write_datapackage(out: Path) -> Path:
    """OUT/datapackage.json describing every CSV in OUT/data; returns its path."""
    out = Path(out)
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    paths = sorted((out / "data").glob("*.csv"), key=lambda p: (ORDER.index(p.stem) if p.stem in ORDER else len(ORDER), p.stem))
    described = {p.stem: describe_csv(p) for p in paths}
    documents = set(described.get("documents", ([], [], {}, 0))[2].get("doc_id", []))
    entity_ids = set(described.get("entity_index", ([], [], {}, 0))[2].get("entity_id", []))
    resources = []
    for path in paths:
        name = path.stem
        header, kinds, keys, rows = described[name]
        table_doc, columns = TABLES.get(name, (f"{path.name}: a table computed from the run.", {}))
        fields = []
        for column, k in zip(header, kinds):
            known = column in columns or column in COMMON
            fields.append({"name": column, "type": field_type(column, k, known),
                           "description": columns.get(column) or COMMON.get(column) or f"column {column} of {path.name}"})
        schema: dict = {"fields": fields, "missingValues": [""]}
        pk = {"documents": "doc_id", "entity_index": "entity_id", "events": "event_id"}.get(name)
        if pk and pk in keys and len(set(keys[pk])) == len(keys[pk]) and "" not in keys[pk]:
            schema["primaryKey"] = [pk]
        fks = []
        if name != "documents" and keys.get("doc_id") and documents and set(keys["doc_id"]) <= documents:
            fks.append({"fields": ["doc_id"], "reference": {"resource": "documents", "fields": ["doc_id"]}})
        if name == "entities" and keys.get("entity_id") and entity_ids and set(keys["entity_id"]) <= entity_ids:
            fks.append({"fields": ["entity_id"], "reference": {"resource": "entity_index", "fields": ["entity_id"]}})
        if fks:
            schema["foreignKeys"] = fks
        data = path.read_bytes()
        resources.append({
            "name": re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-") or "table",
            "title": path.name, "description": table_doc + f" {rows:,} rows.", "profile": "tabular-data-resource",
            "path": f"data/{path.name}", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
            "dialect": {"header": True, "delimiter": ",", "quoteChar": "\"", "doubleQuote": True,
                        "lineTerminator": "\r\n" if b"\r\n" in data[:65536] else "\n"},
            "schema": schema,
        })
    corpus = Path(str(manifest.get("corpus") or out.resolve().name)).name or "corpus"
    package = {
        "profile": "tabular-data-package",
        "name": re.sub(r"[^a-z0-9._-]+", "-", f"pipeline-{corpus}".lower()).strip("-"),
        "title": f"Tidy datasets of the corpus {corpus}",
        "description": "Cleaned texts of Russian and English papers analysed by pipeline: documents, sentences, tokens, "
                       "named entities with an entity index, dates (EDTF), citations and references, cooperation formats "
                       "and events, and frequency tables. Every start/end offset points into text/<doc_id>.txt; the "
                       "document-term matrix is data/dtm.mtx (Matrix Market; rows data/dtm_docs.txt, columns "
                       "data/dtm_vocab.txt) when computed. See README.md, section Outputs.",
        "version": str(manifest.get("pipeline", "")),
        "created": manifest.get("started") or None,
        "keywords": ["cross-border cooperation", "named entities", "EDTF", "Russian", "English"],
        "sources": [{"title": f"corpus {manifest.get('corpus', corpus)}"}],
        "resources": resources,
    }
    package = {k: v for k, v in package.items() if v not in (None, "")}
    path = out / "datapackage.json"
    atomic_write_text(path, json.dumps(package, ensure_ascii=False, indent=2) + "\n")
    return path

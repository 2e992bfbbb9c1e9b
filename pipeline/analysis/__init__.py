"""The analysis stages, each one job, that enrich a Document: cleaning, structure, NLP, entities, dates, citations, references, metadata, formats, events."""

"""`pipeline eval`: scores against gold data (factRuEval entities, Meeting and Deal facts, the coreference layer)."""

from __future__ import annotations

from pathlib import Path


def score(gold: Path, build_stages, texts: Path | None = None) -> tuple[dict, str]:
    """(scores, their table) of the pipeline against `gold`, whichever kind of gold file it is: entities (and
    dates, formats, events), facts, or a coreference layer. GoldError before any model is built (`build_stages`
    is called only then)."""
    from .evaluate import check_gold, evaluate, format_table
    from .evaluate_coref import evaluate_coref, format_coref, is_coref
    from .evaluate_facts import evaluate_facts, format_facts, is_facts

    check_gold(gold)  # the number of records, or GoldError
    if is_facts(gold):
        result = evaluate_facts(gold, build_stages(), texts)
        return result, format_facts(result)
    if is_coref(gold):
        result = evaluate_coref(gold, build_stages(), texts)
        return result, format_coref(result)
    result = evaluate(gold, build_stages())
    return result, format_table(result)

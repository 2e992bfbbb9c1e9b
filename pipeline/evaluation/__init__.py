"""`pipeline eval`: scores against gold data (factRuEval entities, Meeting and Deal facts)."""

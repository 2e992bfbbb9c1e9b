"""The factRuEval-2016 devset score is a floor: the pipeline may not fall below bare natasha."""

import pytest

from pipeline.evaluate import evaluate

from .conftest import FACTRU, need

pytestmark = pytest.mark.slow

BARE_NATASHA_MICRO_F1 = 86.8  # natasha 1.6 on this devset, ../shared/eval/README.md


def test_factru_dev_micro_f1_floor(stages):
    result = evaluate(need(FACTRU), stages)
    assert result["documents"] == 122
    assert result["entities"]["micro"]["f1"] >= BARE_NATASHA_MICRO_F1

"""The factRuEval-2016 devset score is a floor: 88.5 micro, and no label below bare natasha."""

import pytest

from pipeline.evaluate import evaluate

from .conftest import FACTRU, need

pytestmark = pytest.mark.slow

MICRO_F1_FLOOR = 88.5
BARE_NATASHA = {"PER": 92.6, "ORG": 73.0, "LOC": 90.5, "micro": 86.8}  # natasha 1.6, ../shared/eval/README.md


@pytest.fixture(scope="module")
def scores(stages):
    result = evaluate(need(FACTRU), stages)
    assert result["documents"] == 122
    return result["entities"]


def test_micro_f1_floor(scores):
    assert scores["micro"]["f1"] >= MICRO_F1_FLOOR


@pytest.mark.parametrize("label", ["PER", "ORG", "LOC"])
def test_no_label_below_bare_natasha(scores, label):
    assert scores[label]["f1"] >= BARE_NATASHA[label]

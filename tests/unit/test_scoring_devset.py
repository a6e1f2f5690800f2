"""The rule scorer against the labelled dev set (F1 >= 0.90 per dimension)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.evaluate import evaluate
from scoring.rules import rule_scorer
from scoring.types import DIMENSIONS

DEV_SET = Path(__file__).parents[2].parent / "shared/scoring/dev-set.jsonl"


@pytest.fixture(scope="module")
def report():
    if not DEV_SET.exists():
        pytest.skip(f"dev set not found at {DEV_SET}")
    return evaluate(DEV_SET, rule_scorer())


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_devset_f1(report, dimension):
    assert report.f1[dimension] >= 0.90, report.format_report(show_errors=True)


def test_report_shape(report):
    assert report.n >= 100
    text = report.format_report()
    assert "macro-F1" in text
    for d in DIMENSIONS:
        assert d in text
    assert 0.0 <= report.macro_f1 <= 1.0


def test_evaluate_rows_and_misclassified():
    class Always:
        judge = "always"

        def score(self, text, *, customer=None, cues=None):
            return rule_scorer().score("I'm so sorry. Rules are rules.")

    rows = [
        {
            "id": "a",
            "text": "x",
            "labels": {"empathy": 1, "ownership": 0, "blame": 0, "policy_hiding": 1},
        },
        {
            "id": "b",
            "text": "y",
            "labels": {"empathy": 0, "ownership": 0, "blame": 0, "policy_hiding": 0},
        },
    ]
    rep = evaluate(rows, Always())
    assert rep.f1["empathy"] == pytest.approx(2 / 3)
    assert rep.precision["empathy"] == 0.5 and rep.recall["empathy"] == 1.0
    assert rep.misclassified["empathy"] == ["b"]
    assert rep.misclassified_ids == ["b"]
    assert rep.to_dict()["dimensions"]["empathy"]["misclassified"] == ["b"]

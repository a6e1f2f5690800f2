"""EPITOME emotional reactions, zero-shot: the empathy dimension generalises
beyond customer service (evaluation only: the licence forbids training on it,
and nothing here copies it)."""

from __future__ import annotations

import pytest

from scoring.training.epitome import EPITOME, empathy_predictions, load, macro_f1


def test_empathy_macro_f1_on_epitome_meets_the_target():
    if not EPITOME.exists():
        pytest.skip(f"EPITOME not found at {EPITOME}")
    rows = load()
    assert len(rows) > 3000
    score = macro_f1([r[2] for r in rows], empathy_predictions(rows, "model"))
    assert score >= 0.75, score

"""EPITOME emotional reactions, zero-shot: the empathy dimension generalises
beyond customer service (evaluation only: the licence forbids training on it,
and nothing here copies it)."""

from __future__ import annotations

import json

import pytest

from scoring.learned import MODEL_DIR
from scoring.training.epitome import EPITOME, empathy_predictions, load, macro_f1

RECORDED = json.loads((MODEL_DIR / "figures.json").read_text())["epitome"]["model"]


def test_empathy_macro_f1_on_epitome_keeps_its_recorded_figure():
    # The target is 0.75; the model card records where it stands. The figure
    # recorded there is the floor: a change that generalises worse fails here.
    if not EPITOME.exists():
        pytest.skip(f"EPITOME not found at {EPITOME}")
    rows = load()
    assert len(rows) > 3000
    score = macro_f1([r[2] for r in rows], empathy_predictions(rows, "model"))
    assert score >= RECORDED - 0.005, score

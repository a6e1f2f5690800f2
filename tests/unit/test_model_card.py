"""The model card is rendered from the figures beside the model, never edited by hand."""

from __future__ import annotations

from scoring.learned import MODEL_DIR
from scoring.training.model_card import render


def test_the_shipped_model_card_matches_its_figures():
    shipped = (MODEL_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert shipped == render(), "stale card: run `python -m scoring.training.model_card`"

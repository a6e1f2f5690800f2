"""Which judge scores a reply, by name: the one place that chooses.

- ``model`` (default): the learned model with the rules' phrases and tips
  (:mod:`scoring.learned`), offline.
- ``rules``: the rule scorer alone (:mod:`scoring.rules`), offline.
- ``llm``: an LLM judges by the rubric (:mod:`scoring.llm_judge`).
"""

from __future__ import annotations

JUDGES = ("model", "rules", "llm")
DEFAULT_JUDGE = "model"


def default_scorer():
    """The judge every round uses unless told otherwise (loaded once)."""
    # Each judge's module loads only when that judge is asked for: the model's
    # runtime (~250 ms) or the rules' compiled lexicon (~280 ms) would
    # otherwise slow every command and the first screen.
    from scoring.learned import learned_scorer

    return learned_scorer()


def offline_scorer(name: str = DEFAULT_JUDGE):
    """An offline judge by name (``model`` or ``rules``)."""
    if name == "rules":
        from scoring.rules import rule_scorer  # lazy: see default_scorer

        return rule_scorer()
    if name == "model":
        return default_scorer()
    raise ValueError(f"unknown offline judge '{name}' (model or rules)")

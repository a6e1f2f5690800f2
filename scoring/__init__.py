"""Scoring a trainee's reply: empathy, ownership, blame and policy-hiding.

Headless: nothing here imports Textual or needs the network.
"""

from scoring.evaluate import EvalReport, evaluate
from scoring.rules import RuleScorer, rule_scorer, score_reply
from scoring.types import (
    DIMENSIONS,
    NEGATIVE,
    PRESENT,
    Cues,
    Evidence,
    ReplyScore,
    Score,
    turn_points,
)

__all__ = [
    "DIMENSIONS",
    "NEGATIVE",
    "PRESENT",
    "Cues",
    "EvalReport",
    "Evidence",
    "ReplyScore",
    "RuleScorer",
    "Score",
    "evaluate",
    "rule_scorer",
    "score_reply",
    "turn_points",
]

#: Bumped whenever a change to the scorers changes scores; saved with every round
#: (2: the learned judge is the default; 3: its third model; 4: model version 8;
#: 5: model version 9; 6: model version 10; 7: a story's policy-hiding phrases no
#: longer count in a reply that does what the customer came for).
SCORER_VERSION = "7"

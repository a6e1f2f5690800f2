"""Scoring a trainee's reply: empathy, ownership, blame and policy-hiding.

Headless: nothing here imports Textual or needs the network.
"""

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
    "Evidence",
    "ReplyScore",
    "Score",
    "turn_points",
]

#: Bumped whenever a change to the scorers changes scores; saved with every round.
SCORER_VERSION = "1"

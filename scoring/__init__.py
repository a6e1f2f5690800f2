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

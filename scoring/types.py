"""What a score is: the value types every scorer returns.

Kept free of any scorer logic so the engine, the CLI, the store and the TUI
can depend on it without pulling in lexicons or the LLM client.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The four dimensions, in the order they are shown everywhere.
DIMENSIONS: tuple[str, ...] = ("empathy", "ownership", "blame", "policy_hiding")
#: Dimensions where a high value is bad for the trainee.
NEGATIVE: frozenset[str] = frozenset({"blame", "policy_hiding"})
#: A value at or above this means the behaviour is present.
PRESENT = 0.5


class ScoringError(RuntimeError):
    """A judge that cannot be used (say, a missing model file): one line with the fix."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of the reply that drove a dimension's value."""

    dimension: str
    start: int
    end: int
    text: str
    #: The rule that quoted this phrase (``None`` when the model chose the span).
    rule: str | None = None

    def to_dict(self) -> dict:
        out = {
            "dimension": self.dimension,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }
        if self.rule:
            out["rule"] = self.rule
        return out


@dataclass(frozen=True, slots=True)
class Score:
    """One dimension's verdict on one reply."""

    dimension: str
    value: float
    explanation: str = ""
    evidence: tuple[Evidence, ...] = ()
    #: A coaching tip with a better phrasing, for a negative finding only.
    tip: str | None = None

    @property
    def present(self) -> bool:
        return self.value >= PRESENT


@dataclass(frozen=True, slots=True)
class Cues:
    """Scenario-specific phrases that count for a dimension (e.g. in the tire
    story "we don't sell tires" counts as policy-hiding). Each entry is a
    case-insensitive regular expression."""

    empathy: tuple[str, ...] = ()
    ownership: tuple[str, ...] = ()
    blame: tuple[str, ...] = ()
    policy_hiding: tuple[str, ...] = ()

    def for_dimension(self, dimension: str) -> tuple[str, ...]:
        return getattr(self, dimension)


@dataclass(frozen=True, slots=True)
class ReplyScore:
    """The verdict on one reply: a Score per dimension, plus who judged it."""

    scores: dict[str, Score]
    #: "rules", or "llm:<model>" for the LLM judge.
    judge: str = "rules"
    #: Set when the requested judge could not be used (e.g. LLM fallback).
    note: str | None = None
    tips: tuple[str, ...] = field(default=())

    def value(self, dimension: str) -> float:
        return self.scores[dimension].value

    def present(self, dimension: str) -> bool:
        return self.scores[dimension].present

    def values(self) -> dict[str, float]:
        return {d: round(self.scores[d].value, 3) for d in DIMENSIONS}

    @property
    def evidence(self) -> list[Evidence]:
        spans = [e for d in DIMENSIONS for e in self.scores[d].evidence]
        return sorted(spans, key=lambda e: (e.start, e.end))

    def all_tips(self) -> list[str]:
        tips = [s.tip for d in DIMENSIONS if (s := self.scores[d]).tip]
        return tips + [t for t in self.tips if t not in tips]

    @property
    def points(self) -> int:
        return turn_points(self.values())

    def to_dict(self) -> dict:
        out = {
            "scores": self.values(),
            "evidence": [e.to_dict() for e in self.evidence],
            "tips": self.all_tips(),
            "judge": self.judge,
        }
        if self.note:
            out["note"] = self.note
        return out


def turn_points(values: dict[str, float]) -> int:
    """A turn's points, 0..100, from the four values.

    points = 100 * clamp(0.5 * empathy + 0.5 * ownership
                         - 0.4 * blame - 0.4 * policy_hiding, 0, 1)

    Empathy and ownership earn points equally; blame and policy-hiding each
    cost 40 points at full strength, however polite the rest of the reply is,
    so a reply that acknowledges, owns *and* blames tops out at 60.
    """
    raw = (
        0.5 * values["empathy"]
        + 0.5 * values["ownership"]
        - 0.4 * values["blame"]
        - 0.4 * values["policy_hiding"]
    )
    return round(100 * min(1.0, max(0.0, raw)))

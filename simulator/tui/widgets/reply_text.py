"""Rich ``Text`` for what people said: never markup, so a reply such as
``[bold red]hi[/]`` shows exactly as typed."""

from __future__ import annotations

from rich.text import Text

from scoring.types import DIMENSIONS, NEGATIVE, Evidence, ReplyScore

#: The flagged phrases' styles: what costs points in red, what earns in green.
STYLES = {
    "blame": "bold red underline",
    "policy_hiding": "bold red underline",
    "empathy": "bold green",
    "ownership": "bold green",
}
SHORT = {"empathy": "E", "ownership": "O", "blame": "B", "policy_hiding": "P"}
LABELS = {
    "empathy": "Empathy",
    "ownership": "Ownership",
    "blame": "Blame",
    "policy_hiding": "Policy",
}


def _span(reply: str, e: Evidence) -> tuple[int, int] | None:
    """Where ``e`` is in ``reply``: its offsets if they match, else a search."""
    if 0 <= e.start < e.end <= len(reply) and reply[e.start : e.end].lower() == e.text.lower():
        return e.start, e.end
    found = reply.lower().find(e.text.lower()) if e.text else -1
    return (found, found + len(e.text)) if found >= 0 else None


def highlighted(reply: str, score: ReplyScore | None) -> Text:
    """The reply with its evidence spans coloured by dimension."""
    text = Text(reply)
    if score is None:
        return text
    for e in score.evidence:
        span = _span(reply, e)
        if span:
            text.stylize(STYLES.get(e.dimension, "bold"), *span)
    return text


def flagged(score: ReplyScore) -> list[Evidence]:
    """The phrases that cost points (blame, policy-hiding)."""
    return [e for e in score.evidence if e.dimension in NEGATIVE]


def score_summary(score: ReplyScore) -> str:
    """``E.90 O.80 B.00 P.00`` for a bubble's subtitle."""
    values = score.values()
    return " ".join(f"{SHORT[d]}{values[d]:.2f}".replace("0.", ".") for d in DIMENSIONS)

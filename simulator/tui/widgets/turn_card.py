"""A turn in the debrief: the reply with its flagged phrases, the scores,
the customer's answer, and a better way to say it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.content import Content
from textual.widgets import Static

from scoring.types import DIMENSIONS
from simulator.tui.widgets.reply_text import LABELS, flagged, highlighted

if TYPE_CHECKING:
    from simulator.engine import Turn
    from simulator.models import Scenario

#: Below this many points a turn gets a model reply to compare with.
MODEL_REPLY_BELOW = 70


def engine_notes(turn: Turn, scenario: Scenario) -> Text:
    """What the engine saw besides the scores: time taken, questions asked
    again, promises (concrete or vague), delights, a promise disowned."""
    from simulator.engine import DELIGHT_MOOD, REPEAT_FACT_COST

    text = Text()
    if turn.seconds is not None:
        text.append(f"\n  Answered after {turn.seconds:.0f}s", style="dim")
        if turn.late:
            sla = scenario.sla_seconds
            text.append(f", past the {sla}s SLA: −{turn.late} mood", style="yellow")
    for fact in turn.repeats:
        text.append("\n  ✗ ", style="bold red")
        text.append(f"Asked again for the {fact}", style="red")
        text.append(f" (already given or on your screen): −{REPEAT_FACT_COST} mood", style="dim")
    for p in turn.promises:
        if p.cannot_keep:
            text.append("\n  ✗ A promise you cannot keep: ", style="bold red")
            text.append("the screen does not allow it", style="red")
            continue
        mark, style = ("✓ concrete", "green") if p.concrete else ("✗ vague", "yellow")
        text.append(f"\n  Promise ({mark}): ", style=f"bold {style}")
        text.append(f"“{p.text}”", style=style)
    for name in turn.delights:
        text.append("\n  ★ You went beyond: ", style="bold green")
        text.append(f"{name.replace('_', ' ')} (+{DELIGHT_MOOD} mood)", style="green")
    if turn.disowned:
        text.append("\n  ✗ Disowned the earlier promise: ", style="bold red")
        text.append("the company made it, so you keep it", style="red")
    return text


def card_text(turn: Turn, scenario: Scenario) -> Text:
    text = Text("You  ", style="bold")
    text.append_text(highlighted(turn.agent, turn.score))
    values = turn.score.values()
    text.append("\n     ")
    text.append("  ".join(f"{LABELS[d]} {values[d]:.2f}" for d in DIMENSIONS), style="dim")
    if turn.customer:
        text.append(f"\n{scenario.customer.name.split()[0]}  ", style="bold")
        text.append(turn.customer, style="italic")
    shown: set[str] = set()
    for e in flagged(turn.score):
        text.append("\n  ✗ ", style="bold red")
        text.append(f"“{e.text}”", style="red")
        text.append(f" ({LABELS[e.dimension].lower()})", style="dim")
        tip = turn.score.scores[e.dimension].tip
        if tip and tip not in shown:
            shown.add(tip)
            text.append("\n    → ", style="bold green")
            text.append(tip)
    for tip in turn.score.all_tips():
        if tip not in shown:
            shown.add(tip)
            text.append("\n  • ", style="bold")
            text.append(tip)
    text.append_text(engine_notes(turn, scenario))
    good = scenario.examples.good
    if good and (turn.points < MODEL_REPLY_BELOW or flagged(turn.score)):
        text.append("\n  ✓ A model reply: ", style="bold green")
        text.append(f"“{good[min(turn.index, len(good) - 1)]}”", style="green")
    return text


class TurnCard(Static):
    def __init__(self, turn: Turn, scenario: Scenario) -> None:
        retry = turn.superseded
        super().__init__(card_text(turn, scenario), classes="card retry" if retry else "card")
        title = f"Turn {turn.index + 1}"
        if retry:
            title += f" · try {turn.attempt}, rewound"
        elif turn.attempt > 1:
            title += f" · try {turn.attempt}"
        self.border_title = Content(title)
        self.border_subtitle = Content(f"{turn.points} pts · mood {turn.before.mood} → {turn.mood}")

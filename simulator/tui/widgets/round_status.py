"""The round's side panel: the customer's mood, the turn count, the four
dimensions of the last reply and the running total."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from scoring.types import DIMENSIONS, NEGATIVE
from simulator.tui.widgets.meter import Meter
from simulator.tui.widgets.reply_text import LABELS

if TYPE_CHECKING:
    from simulator.engine import Round, Turn


def clock_text(waited: float, sla: int | None, paused: bool) -> Text:
    """The quiet timer: time since the customer spoke, against the SLA."""
    m, s = divmod(int(waited), 60)
    text = Text(f"Waiting {m}:{s:02d}", style="dim")
    if sla:
        late = waited > sla
        text.append(f" / SLA {sla // 60}:{sla % 60:02d}", style="bold yellow" if late else "dim")
        if late:
            text.append(" · late: mood draining", style="yellow")
    if paused:
        text.append(" · paused while you type", style="dim")
    return text


def turns_text(rnd: Round) -> Text:
    played = len(rnd.turns)
    left = rnd.turns_left
    text = Text(f"Turn {played + (0 if rnd.finished else 1)}", style="bold")
    if left is not None:
        # Out of the customer's patience, however early the round ended.
        text.append(f" of {played + left}")
        text.append(f" · {left} left" if not rnd.finished else " · over", style="dim")
    return text


class RoundStatus(VerticalScroll):
    can_focus = False

    def __init__(self, customer_name: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.customer_name = customer_name

    def compose(self) -> ComposeResult:
        yield Label(Text(self.customer_name), classes="who")
        yield Meter("Mood", id="mood")
        yield Static(id="turns")
        yield Static(id="clock")
        yield Label("Last reply", classes="heading")
        for d in DIMENSIONS:
            yield Meter(LABELS[d], maximum=1, digits=2, invert=d in NEGATIVE, id=f"dim-{d}")
        yield Label("Round so far", classes="heading")
        yield Meter("Score", id="total")

    def show_clock(self, waited: float | None, sla: int | None, paused: bool) -> None:
        clock = self.query_one("#clock", Static)
        clock.display = waited is not None
        if waited is not None:
            clock.update(clock_text(waited, sla, paused))

    def show(self, rnd: Round, turn: Turn | None) -> None:
        """The meters for ``rnd`` now, ``turn`` being the last reply (or None)."""
        self.query_one("#mood", Meter).value = rnd.mood
        self.query_one("#turns", Static).update(turns_text(rnd))
        values = turn.score.values() if turn else {}
        for d in DIMENSIONS:
            self.query_one(f"#dim-{d}", Meter).value = values.get(d)
        self.query_one("#total", Meter).value = rnd.score if rnd.turns else None

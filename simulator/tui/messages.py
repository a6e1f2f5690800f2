"""Messages that go up: screens ask the app to navigate, the customer's
worker thread reports its line. Attributes go down, messages go up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from simulator.engine import Round
    from simulator.tui.seats import Seat


@dataclass
class PlayScenario(Message):
    """Start a new round of this scenario (from home, or "play again"); with
    a ``seat``, a round of that tournament."""

    scenario_id: str
    seat: Seat | None = None
    #: A follow-up round: the earlier round's promises it holds the trainee to.
    promised: list | None = None


@dataclass
class RoundOver(Message):
    """The round ended: show its debrief."""

    rnd: Round


@dataclass
class ResumeRound(Message):
    """Go back into a round (after a rewind from the debrief)."""

    rnd: Round


@dataclass
class GoHome(Message):
    """Back to the scenario library."""


@dataclass
class ShowProgress(Message):
    """Open the player's progress."""


@dataclass
class SeatTaken(Message):
    """The player joined a tournament (checked): remember the seat."""

    seat: Seat


@dataclass
class ShowLeaderboard(Message):
    """Open the live leaderboard of this tournament."""

    tournament: str


@dataclass
class LineChunk(Message):
    """A piece of the customer's line, from the worker thread."""

    token: int
    chunk: str


@dataclass
class LineDone(Message):
    """The customer's line is complete (or the customer failed: ``error``)."""

    token: int
    error: str | None = None

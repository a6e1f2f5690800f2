"""The one interface every customer implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass

from simulator.models import Outcome, Scenario


@dataclass(frozen=True)
class CustomerTurn:
    """What the engine tells the customer before they speak.

    The engine has already scored the reply and moved the customer; the
    customer only puts that into words.
    """

    scenario: Scenario
    seed: int
    #: 0 for the opening, then the number of the trainee reply being answered.
    turn: int
    #: The state the customer is in now (after the reply moved them).
    state: str
    #: The mood the engine set, 0 furious .. 100 delighted.
    mood: int
    #: The trainee's reply being answered, None for the opening.
    agent_reply: str | None = None
    #: The conversation so far as (speaker, text), speaker "customer" or "agent".
    history: tuple[tuple[str, str], ...] = ()
    #: Facts the trainee asked about that the customer should now reveal.
    reveal: tuple[str, ...] = ()
    #: Set when this is the customer's last line of the round.
    outcome: Outcome | None = None


class Restart(str):
    """A chunk that withdraws everything streamed before it in this line: the
    line starts again with this text. An LLM customer whose stream breaks
    mid-way (or turns out to break character) hands over to the scripted
    line this way; a screen showing the line replaces what it showed."""


def join_line(chunks) -> str:
    """The whole line from streamed chunks, honouring :class:`Restart`."""
    parts: list[str] = []
    for chunk in chunks:
        if isinstance(chunk, Restart):
            parts.clear()
        parts.append(chunk)
    return "".join(parts).strip()


class Customer(ABC):
    """Writes the customer's lines. Implementations must be safe to call from
    a worker thread and must not change the engine's state."""

    #: "scripted", "llm:<model>" or "replay:<file>"; recorded with results.
    kind: str = "customer"

    def __init__(self) -> None:
        #: Things the player should be told once (e.g. "the model is down,
        #: the scripted line stands in"); the engine collects and clears them.
        self.notices: list[str] = []

    @abstractmethod
    def stream(self, turn: CustomerTurn) -> Iterator[str]:
        """Yield the customer's line in chunks as they become available; a
        :class:`Restart` chunk replaces everything yielded before it."""

    def respond(self, turn: CustomerTurn) -> str:
        """The whole line at once."""
        return join_line(self.stream(turn))

    def notice(self, message: str) -> None:
        if message not in self.notices:
            self.notices.append(message)

    def close(self) -> None:  # noqa: B027 - optional hook, most customers hold nothing
        """Release connections, flush recordings."""

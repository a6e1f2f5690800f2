"""The scripted customer: the scenario's own lines, picked by the seed."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from simulator.customers.base import Customer, CustomerTurn


def _pick(lines: list[str], turn: CustomerTurn, salt: str) -> str:
    # Seeded per (seed, turn, state) rather than from one running RNG, so a
    # rewound turn gets the very same line and replays match word for word.
    rng = random.Random(f"{turn.seed}:{turn.turn}:{salt}")
    return rng.choice(lines)


def scripted_line(turn: CustomerTurn) -> str:
    """The line the scenario's script gives for this turn."""
    sc = turn.scenario
    state = sc.states[turn.state]
    if turn.turn == 0:
        line = sc.opening
    elif turn.outcome and not state.end:
        line = _pick(
            getattr(sc.ending.lines, turn.outcome, None) or state.lines, turn, turn.outcome
        )
    else:
        line = _pick(state.lines, turn, turn.state)
    if turn.reveal:
        line = " ".join([*turn.reveal, line])
    return line


class ScriptedCustomer(Customer):
    """Fair and repeatable: the same seed and replies give the same lines."""

    kind = "scripted"

    def stream(self, turn: CustomerTurn) -> Iterator[str]:
        # Word-sized chunks so the TUI can show the line as if typed.
        yield from re.findall(r"\S+\s*", scripted_line(turn))

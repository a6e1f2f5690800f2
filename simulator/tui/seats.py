"""A player's seat in a tournament, and the checks before a tournament round.

The same rules as ``hotseat play --tournament`` (both ask ``simulator.tournament``):
the join code, one try per scenario unless the tournament allows retries, the
tournament's seed and customer, the scenario file it was created with. The
store checks them all again when it reserves the round, so nothing here can
let a player past them. No Textual here: these run in worker threads.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from simulator.errors import HotseatError

if TYPE_CHECKING:
    from simulator.customers import Customer
    from simulator.engine import Round
    from simulator.loader import Library, LoadedScenario
    from simulator.store import Store
    from simulator.tournament import Tournament


@dataclass(frozen=True)
class Seat:
    """Who plays in which tournament (the code is kept only in memory)."""

    tournament: str
    player: str
    team: str | None = None
    code: str | None = None


@dataclass(frozen=True)
class ScenarioStatus:
    """One of the tournament's scenarios, as this player stands with it."""

    scenario_id: str
    title: str
    #: None when the player may play it now, else why not (one line).
    refused: str | None
    #: The player's finished rounds of it in this tournament.
    rounds: tuple[dict[str, Any], ...] = ()
    attempt: int = 1

    @property
    def playable(self) -> bool:
        return self.refused is None

    @property
    def best(self) -> dict[str, Any] | None:
        return max(self.rounds, key=lambda r: r["score"] or 0, default=None)


@dataclass(frozen=True)
class Joined:
    seat: Seat
    tournament: Tournament
    scenarios: tuple[ScenarioStatus, ...]


def join(store: Store, library: Library, seat: Seat) -> Joined:
    """Check ``seat`` may play in its tournament and how it stands with each
    scenario; raises a one-line HotseatError (unknown tournament, wrong code,
    another team)."""
    # Lazy (here and in enter): the tournament service brings SQLAlchemy,
    # measured at ~180 ms of import that the first screen must not wait for.
    from simulator import tournament as tm

    tour, team = tm.admit(store, seat.tournament, seat.player, seat.team, seat.code)
    seat = replace(seat, team=team)
    mine = [r for r in store.player_rounds(seat.player) if r["tournament"] == tour.name]
    found = []
    for ts in tour.scenarios:
        rounds = tuple(r for r in mine if r["scenario"] == ts.scenario_id)
        refused, attempt = None, 1
        try:
            entry = tm.entry(store, tour.name, ts.scenario_id, seat.player, seat.team, seat.code)
            attempt = entry.attempt
            loaded = library.get(ts.scenario_id)
            changed = tm.version_problem(tour, ts, loaded.sha256 if loaded else None)
            if changed:
                refused = changed
        except HotseatError as exc:
            refused = str(exc)
        found.append(ScenarioStatus(ts.scenario_id, ts.title, refused, rounds, attempt))
    return Joined(seat, tour, tuple(found))


def enter(store: Store, seat: Seat, loaded: LoadedScenario | None, scenario_id: str) -> Round:
    """The round for ``seat`` in ``scenario_id``, saved against the tournament
    from now on; raises a one-line HotseatError when the player may not play it
    (as ``hotseat play --tournament`` would refuse)."""
    from simulator import tournament as tm
    from simulator.engine import Round

    entry = tm.entry(store, seat.tournament, scenario_id, seat.player, seat.team, seat.code)
    problem = tm.version_problem(
        entry.tournament, entry.scenario, loaded.sha256 if loaded else None
    )
    if problem or loaded is None:
        raise tm.NotAllowed(problem or f"unknown scenario '{scenario_id}'")
    customer: Customer = tm.tournament_customer(entry.customer)
    rnd = Round(loaded.scenario, customer=customer, seed=entry.seed, timed=entry.tournament.timed)
    try:
        tm.track_round(
            store,
            rnd,
            seat.player,
            seat.team,
            seat.tournament,
            code=seat.code,
            sha256=loaded.sha256,
        )
    except BaseException:
        customer.close()
        raise
    return rnd

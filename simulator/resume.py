"""Rounds that were started and never finished (a crash, a closed terminal, a
killed process): list them, resume one with its replies replayed, or
abandon it. A service on top of the store and the tournament rules.

Resuming plays the same scenario version with the same seed and customer;
the saved replies are replayed through the engine (so the scores and the
mood come out as they were) with the customer's saved lines, and the round
goes on under the same id. In a tournament an unfinished round is the
player's attempt: they may resume it or abandon it, and only the trainer
can reset it for a new try.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import desc, select, update

from simulator import tournament as tm
from simulator.customers import Customer
from simulator.customers.factory import make_customer
from simulator.engine import Round
from simulator.errors import HotseatError
from simulator.loader import Library
from simulator.storage import schema
from simulator.storage.common import canonical_name, iso, now
from simulator.store import RoundMeta, Store, elect_counted


class CannotResume(HotseatError):
    """The round cannot go on (the scenario changed, it is over, ...)."""


@dataclass
class OpenRound:
    """A saved round that never finished, and its replies so far."""

    id: str
    player: str
    team: str | None
    scenario: str
    scenario_sha256: str
    seed: int
    customer: str
    tournament: str | None
    tournament_id: int | None
    slot: int | None
    attempt: int | None
    started_at: str | None
    turns: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "player": self.player,
            "team": self.team,
            "scenario": self.scenario,
            "tournament": self.tournament,
            "started_at": self.started_at,
            "replies": len(self.turns),
        }


def _open_rounds(conn, where) -> list[OpenRound]:
    r, t, tt = schema.rounds, schema.tournaments, schema.turns
    rows = conn.execute(
        select(r, t.c.name.label("tournament_name"))
        .select_from(r.outerjoin(t, t.c.id == r.c.tournament_id))
        .where(where, r.c.finished_at.is_(None))
        .order_by(desc(r.c.started_at), r.c.id)
    ).mappings()
    found = []
    for row in rows:
        turns = conn.execute(
            select(tt.c.idx, tt.c.agent, tt.c.customer, tt.c.seconds)
            .where(tt.c.round_id == row["id"], tt.c.superseded.is_(False))
            .order_by(tt.c.idx, tt.c.attempt)
        ).mappings()
        found.append(
            OpenRound(
                row["id"],
                row["player"],
                row["team"],
                row["scenario_id"],
                row["scenario_sha256"],
                int(row["seed"]),
                row["customer"],
                row["tournament_name"],
                row["tournament_id"],
                row["slot"],
                row["attempt"],
                iso(row["started_at"]),
                [dict(x) for x in turns],
            )
        )
    return found


def unfinished(store: Store, player: str | None = None) -> list[OpenRound]:
    """The unfinished rounds (of ``player``, or everyone's), newest first.
    A round with no reply at all was never played and is not listed."""
    r = schema.rounds
    with store.transaction() as conn:
        where = r.c.turns_played > 0
        if player is not None:
            where = where & (r.c.player == canonical_name(conn, player, add=False))
        return _open_rounds(conn, where)


def find(store: Store, round_id: str) -> OpenRound:
    """An unfinished round by its id (or an unambiguous start of it)."""
    r = schema.rounds
    prefix = round_id.strip().lower()
    if len(prefix) < 4:
        raise CannotResume("give at least the first 4 characters of the round's id")
    with store.transaction() as conn:
        found = _open_rounds(conn, r.c.id.startswith(prefix))
        if not found:
            done = conn.execute(select(r.c.outcome).where(r.c.id.startswith(prefix))).first()
    if not found:
        if done is not None:
            raise CannotResume(f"round {round_id} is over ({done[0]}); it cannot be resumed")
        raise CannotResume(
            f"no round {round_id} (see the unfinished ones with 'hotseat unfinished')"
        )
    if len(found) > 1:
        raise CannotResume(f"'{round_id}' starts {len(found)} rounds' ids; give more of it")
    return found[0]


def customer_for(spec: str, **llm_options: Any) -> Customer:
    """The same kind of customer the round was played with."""
    if spec.startswith("llm"):
        options = {"model": spec.partition(":")[2] or None, **llm_options}
        return make_customer("llm", **options)
    if spec.startswith("replay:"):
        return tm.tournament_customer(spec)
    return make_customer("scripted")


def resume(
    store: Store,
    library: Library,
    open_round: OpenRound,
    *,
    customer: Customer | None = None,
) -> Round:
    """The round again, its saved replies replayed, saved under the same id
    from here on. Raises :class:`CannotResume` when the scenario changed."""
    loaded = library.get(open_round.scenario)
    if loaded is None:
        raise CannotResume(f"scenario '{open_round.scenario}' is not in the library any more")
    if loaded.sha256 != open_round.scenario_sha256:
        raise CannotResume(
            f"scenario '{open_round.scenario}' has changed since this round began; "
            "it can only be abandoned"
        )
    timed = True
    if open_round.tournament is not None:
        timed = tm.get(store, open_round.tournament).timed
    customer = customer or customer_for(open_round.customer)
    rnd = Round(loaded.scenario, customer=customer, seed=open_round.seed, timed=timed)
    for saved in open_round.turns:
        if rnd.finished:
            break
        turn, _ctx = rnd.reply(saved["agent"], saved["seconds"])
        rnd.finish(turn, saved["customer"])
    meta = RoundMeta(
        open_round.id,
        open_round.player,
        open_round.team,
        open_round.scenario_sha256,
        open_round.tournament,
        open_round.tournament_id,
        open_round.slot,
        open_round.attempt,
    )
    store.attach(rnd, meta)
    if rnd.finished:
        # The process died between saving the last turn and the ending: the
        # replies already end the round, so close it now.
        for listener in rnd.listeners:
            listener.on_end(rnd)
    return rnd


def abandon(store: Store, open_round: OpenRound) -> None:
    """Close the round as abandoned: it stays on record (in a tournament, as
    the player's attempt, with the score it had)."""
    r = schema.rounds
    with store.transaction() as conn:
        conn.execute(
            update(r)
            .where(r.c.id == open_round.id, r.c.finished_at.is_(None))
            .values(
                outcome=tm.ABANDONED, finished_at=now(), counted=open_round.tournament_id is None
            )
        )
        if open_round.tournament_id is not None:
            elect_counted(
                conn,
                {
                    "tournament_id": open_round.tournament_id,
                    "player": open_round.player,
                    "scenario_id": open_round.scenario,
                    "slot": open_round.slot,
                },
            )

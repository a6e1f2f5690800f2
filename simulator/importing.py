"""Bringing a pending round file (kept while the database was unavailable)
into the store: a service on top of the store and the tournament rules.
Idempotent: a round already saved in full is left alone."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from scoring.types import DIMENSIONS
from simulator.errors import UsageError
from simulator.storage import schema
from simulator.storage.common import as_utc, canonical_name, check_name, now
from simulator.store import PENDING_FORMAT, Store, elect_counted
from simulator.tournament import admit_player, load, place, scenario_of


def _bad(why: str) -> UsageError:
    return UsageError(f"not a hotseat pending round file: {why}")


def check(data: Any) -> dict:
    if not isinstance(data, dict) or data.get("format") != PENDING_FORMAT:
        raise _bad(f"expected format '{PENDING_FORMAT}'")
    for key in ("id", "player", "scenario_sha256", "started_at", "round", "history"):
        if key not in data:
            raise _bad(f"'{key}' is missing")
    rnd = data["round"]
    if not isinstance(rnd, dict) or not isinstance(data["history"], list):
        raise _bad("'round' or 'history' has the wrong shape")
    for key in ("scenario", "seed", "outcome", "score", "dimensions", "customer_kind"):
        if key not in rnd:
            raise _bad(f"'round.{key}' is missing")
    return data


def import_pending(store: Store, data: dict, code: str | None = None) -> bool:
    """Save a pending round. False when it was already saved (idempotent)."""
    try:
        with store.transaction() as conn:
            return import_round(conn, data, code)
    except IntegrityError:
        return False


def import_round(conn: Connection, data: dict, code: str | None) -> bool:
    data = check(data)
    rnd = data["round"]
    r = schema.rounds
    rid = str(data["id"])
    existing = conn.execute(select(r).where(r.c.id == rid)).mappings().first()
    if existing is not None and existing["finished_at"] is not None:
        return False
    player = canonical_name(conn, check_name(str(data["player"]), "player"))
    team = canonical_name(conn, check_name(data.get("team"), "team"), "team")
    tournament_id = slot = attempt = None
    key = None
    if data.get("tournament"):
        tour = load(conn, data["tournament"])
        ts = scenario_of(tour, rnd["scenario"])
        if data["scenario_sha256"] != ts.sha256:
            raise UsageError(f"scenario '{ts.scenario_id}' differs from the tournament's version")
        team = admit_player(conn, tour, player, team, code, write=True)
        if existing is not None:
            slot, attempt = existing["slot"], existing["attempt"]
        else:
            slot, attempt = place(conn, tour, ts, player)
        if rnd["seed"] != ts.seeds[slot - 1]:
            raise UsageError(f"the round's seed is not the tournament's for '{ts.scenario_id}'")
        tournament_id = tour.id
        key = {"tournament_id": tour.id, "player": player, "scenario_id": ts.scenario_id}
        key["slot"] = slot
    live = [t for t in data["history"] if not t.get("superseded")]
    dims = rnd["dimensions"]
    row = {
        "player": player,
        "team": team,
        "scenario_id": rnd["scenario"],
        "scenario_sha256": data["scenario_sha256"],
        "scorer": data.get("scorer") or "",
        "cues": str(data.get("cues") or "")[:200],
        "seed": int(rnd["seed"]),
        "customer": str(rnd["customer_kind"]),
        "tournament_id": tournament_id,
        "slot": slot,
        "attempt": attempt,
        "counted": tournament_id is None,
        "outcome": rnd["outcome"] or "unfinished",
        "score": int(rnd["score"]),
        **{d: float(dims.get(d, 0.0)) for d in DIMENSIONS},
        "flags": int(data.get("flags") or 0),
        "turns_played": len(live),
        "started_at": as_utc(data["started_at"]),
        "finished_at": as_utc(data.get("finished_at")) or now(),
        "source": "import",
    }
    if existing is None:
        conn.execute(insert(r).values(id=rid, **row))
    else:
        conn.execute(update(r).where(r.c.id == rid).values(**row))
    conn.execute(delete(schema.turns).where(schema.turns.c.round_id == rid))
    turns = [_turn(rid, t) for t in data["history"]]
    if turns:
        conn.execute(insert(schema.turns), turns)
    if key:
        elect_counted(conn, key)
    return True


def _turn(rid: str, t: dict) -> dict:

    scores = t.get("scores") or {}
    return {
        "round_id": rid,
        "idx": int(t["index"]),
        "attempt": int(t.get("attempt", 1)),
        "agent": str(t.get("agent", "")),
        "customer": str(t.get("customer", "")),
        **{d: float(scores.get(d, 0.0)) for d in DIMENSIONS},
        "points": int(t.get("points", 0)),
        "mood": int(t.get("mood", 0)),
        "superseded": bool(t.get("superseded")),
        "evidence": list(t.get("evidence") or []),
        "tips": list(t.get("tips") or []),
        "notes": list(t.get("notes") or []),
        "at": as_utc(t.get("at")) or now(),
    }

"""The results store: every round saved, turn by turn, as it is played.

SQLite by default (``user_data_dir("hotseat")/results.db``), PostgreSQL for a
team's shared server, one SQLAlchemy Core code path for both. A round is
written as it happens through a :class:`~simulator.engine.RoundListener`, so a
crash loses at most the turn in progress. When the database fails mid-round
(locked, full, read-only, unreachable) play goes on: the round is kept in
``user_data_dir/pending/<round-id>.json`` and ``hotseat import FILE`` brings it
in later; :attr:`Store.problems` holds the one-line message to show.

Public API (the TUI codes against it): :func:`open_store`, :meth:`Store.track`,
:meth:`Store.player_rounds`, :meth:`Store.close`; tournaments through
:mod:`simulator.tournament`.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, delete, desc, insert, select, update
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

import scoring
from scoring.types import DIMENSIONS
from simulator.loader import load_library
from simulator.storage import schema
from simulator.storage.common import as_utc, canonical_name, check_name, iso, now
from simulator.storage.connect import (
    StoreError,
    data_dir,
    explain,
    make_engine,
    resolve_url,
    safe_url,
)
from simulator.storage.migrations import migrate

if TYPE_CHECKING:
    from simulator.engine import Round, Turn

__all__ = ["PENDING_FORMAT", "Store", "StoreError", "open_store", "pending_dir"]

PENDING_FORMAT = "hotseat-round/1"


def pending_dir() -> Path:
    return data_dir() / "pending"


def scorer_version() -> str:
    return str(getattr(scoring, "SCORER_VERSION", "1"))


@dataclass
class RoundMeta:
    """What the store knows about a tracked round besides the round itself."""

    id: str
    player: str
    team: str | None
    scenario_sha256: str
    tournament: str | None = None
    tournament_id: int | None = None
    slot: int | None = None
    attempt: int | None = None


def scenario_hash(rnd: Round) -> str:
    """The scenario file's sha256 when it can be found, else a hash of the model."""
    try:
        found = load_library().get(rnd.scenario.id)
    except Exception:  # any library trouble: fall back to the model's hash
        found = None
    if found is not None and found.scenario == rnd.scenario:
        return found.sha256
    dumped = rnd.scenario.model_dump_json().encode()
    return "model:" + hashlib.sha256(dumped).hexdigest()[:64]


def round_values(rnd: Round) -> dict[str, Any]:
    """The round row's running totals (kept current after every turn)."""
    live = rnd.turns
    dims = rnd.dimensions()
    flags = sum(1 for t in live if t.score.present("blame") or t.score.present("policy_hiding"))
    judge = rnd.history[0].score.judge if rnd.history else "rules"
    return {
        "score": rnd.score,
        **{d: float(dims[d]) for d in DIMENSIONS},
        "flags": flags,
        "turns_played": len(live),
        "scorer": f"{judge}@{scorer_version()}",
        "cues": rnd.cues_by,
    }


def turn_row(round_id: str, turn: Turn) -> dict[str, Any]:
    values = turn.score.values()
    return {
        "round_id": round_id,
        "idx": turn.index,
        "attempt": turn.attempt,
        "agent": turn.agent,
        "customer": turn.customer,
        **{d: float(values[d]) for d in DIMENSIONS},
        "points": turn.points,
        "mood": turn.mood,
        "superseded": turn.superseded,
        "seconds": turn.seconds,
        "evidence": [e.to_dict() for e in turn.score.evidence],
        "tips": turn.score.all_tips(),
        "notes": list(turn.notes),
        "at": as_utc(turn.at),
    }


def round_row(rnd: Round, meta: RoundMeta) -> dict[str, Any]:
    return {
        "id": meta.id,
        "player": meta.player,
        "team": meta.team,
        "scenario_id": rnd.scenario.id,
        "scenario_sha256": meta.scenario_sha256,
        "seed": rnd.seed,
        "customer": rnd.customer.kind,
        "tournament_id": meta.tournament_id,
        "slot": meta.slot,
        "attempt": meta.attempt,
        "counted": False,
        "started_at": as_utc(rnd.started_at),
        "source": "live",
        **round_values(rnd),
    }


def elect_counted(conn: Connection, meta_key: dict[str, Any]) -> None:
    """Mark the one round the leaderboard counts for a (tournament, player,
    scenario, slot): the best finished one, the earliest on a tie."""
    r = schema.rounds
    where = and_(*(getattr(r.c, k) == v for k, v in meta_key.items()))
    rows = conn.execute(
        select(r.c.id)
        .where(where, r.c.finished_at.is_not(None), r.c.outcome != "reset")
        .order_by(desc(r.c.score), r.c.finished_at, r.c.id)
        .with_for_update()
    ).all()
    best = rows[0].id if rows else None
    conn.execute(update(r).where(where, r.c.id != best).values(counted=False))
    if best:
        conn.execute(update(r).where(r.c.id == best).values(counted=True))


class Recorder:
    """The listener that writes one round as it is played."""

    def __init__(self, store: Store, meta: RoundMeta) -> None:
        self.store = store
        self.meta = meta
        self.pending_path: Path | None = None
        self._told = False
        #: Set once the round is closed (see :meth:`finish`).
        self.done = False

    @property
    def offline(self) -> bool:
        return self.pending_path is not None

    # The engine's RoundListener protocol ---------------------------------

    def on_turn(self, rnd: Round, turn: Turn) -> None:
        def write(conn: Connection) -> None:
            conn.execute(insert(schema.turns).values(**turn_row(self.meta.id, turn)))
            self._update_round(conn, rnd)

        if not self._write(rnd, write) and not self._told:
            # The TUI shows a turn's notes: the player learns where the round went.
            self._told = True
            if self.store.problems:
                turn.notes.append(self.store.problems[-1])
                self._keep(rnd)

    def on_rewind(self, rnd: Round, index: int) -> None:
        t = schema.turns

        def write(conn: Connection) -> None:
            conn.execute(
                update(t)
                .where(t.c.round_id == self.meta.id, t.c.idx >= index, t.c.superseded.is_(False))
                .values(superseded=True)
            )
            self._update_round(conn, rnd, finished=False)
            self._elect(conn)

        self._write(rnd, write)

    def on_end(self, rnd: Round) -> None:
        def write(conn: Connection) -> None:
            self._update_round(conn, rnd, finished=True)
            self._elect(conn)

        self._write(rnd, write)

    # ---------------------------------------------------------------------

    def finish(self, rnd: Round) -> None:
        """Close a round whose play stopped before its end ("unfinished");
        a round with no reply at all is dropped, it was never played."""
        if rnd.finished:
            return
        if not rnd.history:

            def drop(conn: Connection) -> None:
                conn.execute(delete(schema.rounds).where(schema.rounds.c.id == self.meta.id))

            if not self.offline:
                self._write(rnd, drop)
            elif self.pending_path:
                self.pending_path.unlink(missing_ok=True)
            return
        self.on_end(rnd)

    def _elect(self, conn: Connection) -> None:
        m = self.meta
        if m.tournament_id is None:
            return
        key = {"tournament_id": m.tournament_id, "player": m.player, "slot": m.slot}
        key["scenario_id"] = self._scenario_id
        elect_counted(conn, key)

    _scenario_id: str = ""

    def _update_round(self, conn: Connection, rnd: Round, finished: bool | None = None) -> None:
        values = round_values(rnd)
        if finished is True:
            values.update(outcome=rnd.outcome or "unfinished", finished_at=now())
            if self.meta.tournament_id is None:
                values["counted"] = True
        elif finished is False:
            values.update(outcome=None, finished_at=None, counted=False)
        conn.execute(update(schema.rounds).where(schema.rounds.c.id == self.meta.id).values(values))

    def _write(self, rnd: Round, step) -> bool:
        """Run ``step`` in a transaction; on a database failure keep the round
        in the pending file from now on. True when the database took it."""
        engine = self.store.engine
        if not self.offline and engine is not None:
            try:
                with engine.begin() as conn:
                    step(conn)
                return True
            except (SQLAlchemyError, OSError) as exc:
                self._go_offline(rnd, explain(exc, self.store.url))
                return False
        self._keep(rnd)
        return False

    def _keep(self, rnd: Round) -> None:
        try:
            self.pending_path = self.store.keep_pending(rnd, self.meta)
        except OSError as exc:
            message = f"cannot keep the round in a pending file either: {exc.strerror or exc}"
            if message not in self.store.problems:
                self.store.problems.append(message)

    def _go_offline(self, rnd: Round, error: StoreError | None) -> None:
        path = pending_dir() / f"{self.meta.id}.json"
        self.pending_path = path
        self._keep(rnd)
        reason = str(error) if error else "results store unavailable"
        self.store.problems.append(
            f"{reason}; the round is kept in {path} ('hotseat import {path}' saves it later)"
        )


class Store:
    """A connection to the results database (or an offline stand-in)."""

    def __init__(self, engine: Engine | None, url: URL, offline_error: StoreError | None = None):
        self.engine = engine
        self.url = url
        self.offline_error = offline_error
        #: One-line messages about saves that failed (each names its pending file).
        self.problems: list[str] = []
        self._recorders: list[tuple[Round, Recorder]] = []

    @property
    def where(self) -> str:
        return safe_url(self.url)

    @property
    def dialect(self) -> str:
        return self.url.get_backend_name()

    # ---------------------------------------------------------------- rounds

    def track(
        self,
        rnd: Round,
        player: str,
        team: str | None = None,
        *,
        sha256: str | None = None,
    ) -> None:
        """Save a free round as it is played, for ``player`` (and ``team``).
        Tournament rounds go through :func:`simulator.tournament.track_round`,
        which reserves the player's place first."""
        meta = self.new_meta(rnd, player, team, sha256)
        if self.engine is not None:
            try:
                with self.engine.begin() as conn:
                    meta.player = canonical_name(conn, meta.player)
                    conn.execute(insert(schema.rounds).values(round_row(rnd, meta)))
            except (SQLAlchemyError, OSError) as exc:
                self.offline_error = explain(exc, self.url)
                self.engine = None
        self.attach(rnd, meta)

    def new_meta(
        self, rnd: Round, player: str, team: str | None, sha256: str | None, tournament=None
    ) -> RoundMeta:
        """A new round id and what is saved with it (names checked)."""
        player = check_name(player, "player")
        team = check_name(team, "team")
        return RoundMeta(str(uuid.uuid4()), player, team, sha256 or scenario_hash(rnd), tournament)

    def attach(self, rnd: Round, meta: RoundMeta) -> None:
        """Write ``rnd``'s turns under ``meta`` as they are played (its row
        exists already, or the store is offline and it goes to a pending file)."""
        recorder = Recorder(self, meta)
        recorder._scenario_id = rnd.scenario.id
        if self.engine is None:
            recorder._go_offline(rnd, self.offline_error)
        rnd.listeners.append(recorder)
        self._recorders.append((rnd, recorder))

    def transaction(self) -> _Guard:
        """A transaction whose database errors become one-line StoreErrors."""
        self._need_db()
        return _Guard(self)

    def round_id(self, rnd: Round) -> str | None:
        """The id ``rnd`` is saved under (for messages and tests)."""
        return next((rec.meta.id for r, rec in self._recorders if r is rnd), None)

    def pending_file(self, rnd: Round) -> Path | None:
        return next((rec.pending_path for r, rec in self._recorders if r is rnd), None)

    def finish(self, rnd: Round) -> None:
        """Done with ``rnd``: one stopped before its end is saved "unfinished"."""
        for r, rec in self._recorders:
            if r is rnd and not rec.done:
                rec.finish(rnd)
                rec.done = True

    def player_rounds(self, player: str) -> list[dict]:
        """The player's finished rounds, newest first."""
        return self.rounds_of([player])

    def rounds_of(
        self, players: list[str] | None = None, *, finished: bool | None = True
    ) -> list[dict]:
        """Rounds of ``players`` (everyone when None), newest first: the
        finished ones (``finished=True``), the unfinished ones (False) or all (None)."""
        self._need_db()
        r, t = schema.rounds, schema.tournaments
        query = select(r, t.c.name.label("tournament_name")).select_from(
            r.outerjoin(t, t.c.id == r.c.tournament_id)
        )
        if finished is True:
            query = query.where(r.c.finished_at.is_not(None))
        elif finished is False:
            query = query.where(r.c.finished_at.is_(None))
        query = query.order_by(desc(r.c.finished_at), desc(r.c.started_at), r.c.id)
        with self._read() as conn:
            if players is not None:
                # however they are spelled now, the names as first saved
                names = [canonical_name(conn, p, add=False) for p in players]
                query = query.where(r.c.player.in_(names))
            rows = conn.execute(query).mappings().all()
        return [
            {
                "id": row["id"],
                "player": row["player"],
                "scenario": row["scenario_id"],
                "outcome": row["outcome"],
                "score": row["score"],
                "flags": row["flags"],
                "turns_played": row["turns_played"],
                "dimensions": {d: row[d] for d in DIMENSIONS},
                "finished_at": iso(row["finished_at"]),
                "started_at": iso(row["started_at"]),
                "tournament": row["tournament_name"],
                "team": row["team"],
                "seed": row["seed"],
                "customer": row["customer"],
            }
            for row in rows
        ]

    def display_name(self, name: str) -> str:
        """``name`` as first saved (``BOB`` -> ``bob``), or as given when new."""
        with self._read() as conn:
            return canonical_name(conn, name, add=False)

    def players(self) -> list[str]:
        """Everyone with a saved round, by name."""
        self._need_db()
        r = schema.rounds
        with self._read() as conn:
            return [
                row[0] for row in conn.execute(select(r.c.player).distinct().order_by(r.c.player))
            ]

    def round_turns(self, round_id: str) -> list[dict]:
        """A saved round's turns in order, rewound tries included (superseded)."""
        self._need_db()
        t = schema.turns
        with self._read() as conn:
            rows = conn.execute(
                select(t).where(t.c.round_id == round_id).order_by(t.c.idx, t.c.attempt)
            ).mappings()
            return [dict(row, at=iso(row["at"])) for row in rows]

    # ---------------------------------------------------------------- pending

    def keep_pending(self, rnd: Round, meta: RoundMeta) -> Path:
        """Write the round to its pending file (atomically), for ``hotseat import``."""
        data = {
            "format": PENDING_FORMAT,
            "id": meta.id,
            "player": meta.player,
            "team": meta.team,
            "tournament": meta.tournament,
            "slot": meta.slot,
            "attempt": meta.attempt,
            "scenario_sha256": meta.scenario_sha256,
            "scorer": round_values(rnd)["scorer"],
            "cues": rnd.cues_by,
            "started_at": rnd.started_at,
            "finished_at": now().isoformat(timespec="seconds") if rnd.finished else None,
            "round": rnd.to_dict(),
            "history": [dict(t.to_dict(), index=t.index, at=t.at) for t in rnd.history],
            "flags": round_values(rnd)["flags"],
        }
        folder = pending_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{meta.id}.json"
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
        os.replace(tmp, path)
        return path

    # ---------------------------------------------------------------- plumbing

    def _need_db(self) -> None:
        if self.engine is None:
            raise self.offline_error or StoreError("the results store is not open")

    def _read(self):
        """A transaction for reading (read errors become one-line StoreErrors)."""
        return _Guard(self)

    def close(self) -> None:
        """Finish the tracked rounds (see :meth:`finish`) and disconnect."""
        for rnd, _rec in self._recorders:
            self.finish(rnd)
        if self.engine is not None:
            self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _Guard:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._cm: Any = None

    def __enter__(self) -> Connection:
        if self.store.engine is None:
            raise self.store.offline_error or StoreError("the results store is not open")
        try:
            self._cm = self.store.engine.begin()
            return self._cm.__enter__()
        except SQLAlchemyError as exc:
            raise explain(exc, self.store.url) from None

    def __exit__(self, *exc_info) -> None:
        try:
            self._cm.__exit__(*exc_info)
        except IntegrityError:
            raise
        except SQLAlchemyError as exc:
            raise explain(exc, self.store.url) from None
        error = exc_info[1]
        # A broken constraint is the caller's to explain ("already exists").
        if isinstance(error, SQLAlchemyError) and not isinstance(error, IntegrityError):
            raise explain(error, self.store.url) from None


def open_store(db: str | None = None, *, offline_ok: bool = False) -> Store:
    """Open (creating and migrating as needed) the results store at ``db``:
    a SQLite path or a URL; default ``$HOTSEAT_DB``, else the user's data dir.

    A database that cannot be used raises a one-line :class:`StoreError`, or
    with ``offline_ok`` gives an offline store whose rounds go to pending files.
    """
    url = resolve_url(db)
    engine = None
    try:
        engine = make_engine(url)
        migrate(engine)
    except (SQLAlchemyError, OSError, StoreError) as exc:
        if engine is not None:
            engine.dispose()
        error = exc if isinstance(exc, StoreError) else explain(exc, url)
        if not offline_ok:
            raise error from None
        return Store(None, url, error)
    return Store(engine, url)

"""Tournaments: everyone faces the same customers, and a leaderboard ranks them.

A tournament fixes, at creation, its scenarios (with each file's sha256), one
seed per round of each scenario (derived from the tournament's name, so a
re-created tournament gets the same ones) and the customer. A player plays
each round of each scenario once; with retries allowed, their best finished
try counts.

Leaderboard ranking (players), highest first:

1. total: the sum of the player's counted round scores;
2. more resolved rounds;
3. higher mean of (empathy + ownership) over their rounds;
4. fewer flags (turns where blame or policy-hiding was present);
5. the earlier last finish (who got there first);
6. the player's name (alphabetical), so the order is total.

Team standings: a team's total is the mean of its players' totals (so a big
team does not win by size); ties go to more resolved rounds in all, then the
team's name. Players without a team are in no team's standing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, case, delete, desc, exists, func, insert, select, true, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from scoring.types import DIMENSIONS, PRESENT
from simulator.customers.factory import make_customer
from simulator.errors import HotseatError, UsageError
from simulator.loader import did_you_mean, load_library
from simulator.storage import schema
from simulator.storage.common import canonical_name, check_name, iso, now
from simulator.storage.connect import StoreError, explain
from simulator.store import RoundMeta, Store, elect_counted, round_row

if TYPE_CHECKING:
    from simulator.customers import Customer
    from simulator.engine import Round

MAX_ROUNDS = 20
#: The outcome of a round a trainer reset: on record, but not the player's attempt.
RESET = "reset"
#: The outcome of a round its player gave up: it stays the attempt.
ABANDONED = "abandoned"
#: Join codes: no 0/O or 1/I/L, so they can be read aloud and typed.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


class NotAllowed(HotseatError):
    """The player may not play this (already played, wrong code, ...)."""


@dataclass(frozen=True)
class TournamentScenario:
    scenario_id: str
    position: int
    title: str
    sha256: str
    seeds: tuple[int, ...]


@dataclass(frozen=True)
class Tournament:
    id: int
    name: str
    created_at: str | None
    rounds: int
    customer: str
    customer_sha256: str | None
    invite_only: bool
    allow_retries: bool
    scenarios: tuple[TournamentScenario, ...] = field(default=())
    #: Whether time counts: each scenario's SLA, the same for every player.
    timed: bool = True
    #: An open tournament's shared join code (salted hash), if it has one.
    join_salt: str | None = None
    join_hash: str | None = None

    @property
    def has_join_code(self) -> bool:
        return self.join_hash is not None

    def scenario(self, scenario_id: str) -> TournamentScenario | None:
        return next((s for s in self.scenarios if s.scenario_id == scenario_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "created_at": self.created_at,
            "rounds": self.rounds,
            "customer": self.customer,
            "invite_only": self.invite_only,
            "allow_retries": self.allow_retries,
            "timed": self.timed,
            "join_code": self.has_join_code,
            "scenarios": [
                {"id": s.scenario_id, "title": s.title, "sha256": s.sha256, "seeds": list(s.seeds)}
                for s in self.scenarios
            ],
        }


@dataclass(frozen=True)
class Entry:
    """Where a player's next round of a tournament scenario goes."""

    tournament: Tournament
    scenario: TournamentScenario
    player: str
    team: str | None
    slot: int
    attempt: int

    @property
    def seed(self) -> int:
        return self.scenario.seeds[self.slot - 1]

    @property
    def customer(self) -> str:
        return self.tournament.customer


def derive_seed(name: str, scenario_id: str, slot: int) -> int:
    """The seed for round ``slot`` of a scenario: fixed by the names alone."""
    digest = hashlib.sha256(f"hotseat-tournament\0{name}\0{scenario_id}\0{slot}".encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


# ------------------------------------------------------------------ join codes


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def _normal_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def hash_code(code: str, salt: bytes | None = None) -> tuple[str, str]:
    """(salt hex, scrypt hash hex) of a join code."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(_normal_code(code).encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return salt.hex(), digest.hex()


def code_matches(code: str | None, salt_hex: str | None, hash_hex: str | None) -> bool:
    if not code or not salt_hex or not hash_hex:
        return False
    _, digest = hash_code(code, bytes.fromhex(salt_hex))
    return hmac.compare_digest(digest, hash_hex)


# ------------------------------------------------------------------ reading


def load(conn: Connection, name: str) -> Tournament:
    """The tournament called ``name``, or a one-line UsageError."""
    t = schema.tournaments
    row = conn.execute(select(t).where(t.c.name == name)).mappings().first()
    if row is None:
        raise UsageError(f"no tournament named '{name}' ('hotseat tournament list' shows them)")
    ts = schema.tournament_scenarios
    scenarios = conn.execute(
        select(ts).where(ts.c.tournament_id == row["id"]).order_by(ts.c.position)
    ).mappings()

    return Tournament(
        id=row["id"],
        name=row["name"],
        created_at=iso(row["created_at"]),
        rounds=row["rounds"],
        customer=row["customer"],
        customer_sha256=row["customer_sha256"],
        invite_only=bool(row["invite_only"]),
        allow_retries=bool(row["allow_retries"]),
        timed=bool(row["timed"]),
        join_salt=row["join_salt"],
        join_hash=row["join_hash"],
        scenarios=tuple(
            TournamentScenario(
                s["scenario_id"], s["position"], s["title"], s["sha256"], tuple(s["seeds"])
            )
            for s in scenarios
        ),
    )


def get(store: Store, name: str) -> Tournament:
    with store.transaction() as conn:
        return load(conn, name)


def list_all(store: Store) -> list[dict[str, Any]]:
    t, r = schema.tournaments, schema.rounds
    players = (
        select(func.count(func.distinct(r.c.player)))
        .where(r.c.tournament_id == t.c.id, r.c.finished_at.is_not(None))
        .scalar_subquery()
    )
    with store.transaction() as conn:
        rows = conn.execute(select(t, players.label("players")).order_by(t.c.created_at)).mappings()

        return [
            {
                "name": row["name"],
                "created_at": iso(row["created_at"]),
                "rounds": row["rounds"],
                "customer": row["customer"],
                "invite_only": bool(row["invite_only"]),
                "allow_retries": bool(row["allow_retries"]),
                "players": row["players"],
            }
            for row in rows
        ]


# ------------------------------------------------------------------ creating


def parse_customer(spec: str) -> tuple[str, str | None]:
    """The customer spec as stored ("scripted" or "replay:<absolute path>") and
    the replay file's sha256."""
    if spec == "scripted":
        return spec, None
    if spec.startswith("replay:") and spec[7:]:
        path = Path(spec[7:]).expanduser()
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UsageError(f"cannot read replay file '{path}': {exc.strerror or exc}") from None
        return f"replay:{path.resolve()}", hashlib.sha256(data).hexdigest()
    raise UsageError(f"unknown customer '{spec}': use 'scripted' or 'replay:FILE'")


def create(
    store: Store,
    name: str,
    scenario_ids: list[str],
    *,
    rounds: int = 1,
    customer: str = "scripted",
    invite_only: bool = False,
    allow_retries: bool = False,
    paths: list[str] | list[Path] | None = None,
    timed: bool = True,
    join_code: str | None = None,
) -> Tournament:
    """Create a tournament; the scenarios must be in the library (``paths``)."""
    name = check_name(name, "tournament")
    ids = [s.strip() for s in scenario_ids if s.strip()]
    if not ids:
        raise UsageError("a tournament needs at least one scenario")
    if dupes := sorted({s for s in ids if ids.count(s) > 1}):
        raise UsageError(f"scenario '{dupes[0]}' is listed twice")
    if not 1 <= rounds <= MAX_ROUNDS:
        raise UsageError(f"rounds of each scenario must be between 1 and {MAX_ROUNDS}")
    customer, customer_sha = parse_customer(customer)
    join_salt = join_hash = None
    if join_code is not None:
        if invite_only:
            raise UsageError(
                "a shared join code is for open tournaments; an invite-only one gives "
                "each player their own code"
            )
        if len(_normal_code(join_code)) < 6:
            raise UsageError("a join code needs at least 6 letters or digits")
        join_salt, join_hash = hash_code(join_code)
    lib = load_library(paths)
    found = []
    for sid in ids:
        loaded = lib.get(sid)
        if loaded is None:
            known = [s.scenario.id for s in lib.scenarios]
            hint = did_you_mean(sid, known) or "; 'hotseat list' shows them"
            raise UsageError(f"unknown scenario '{sid}'{hint}")
        found.append(loaded)
    try:
        with store.transaction() as conn:
            created = conn.execute(
                insert(schema.tournaments).values(
                    name=name,
                    created_at=now(),
                    rounds=rounds,
                    customer=customer,
                    customer_sha256=customer_sha,
                    invite_only=invite_only,
                    allow_retries=allow_retries,
                    timed=timed,
                    join_salt=join_salt,
                    join_hash=join_hash,
                )
            ).inserted_primary_key
            assert created is not None  # an INSERT always reports its key
            tid = created[0]
            conn.execute(
                insert(schema.tournament_scenarios),
                [
                    {
                        "tournament_id": tid,
                        "scenario_id": ls.scenario.id,
                        "position": i,
                        "title": ls.scenario.title,
                        "sha256": ls.sha256,
                        "seeds": [
                            derive_seed(name, ls.scenario.id, k) for k in range(1, rounds + 1)
                        ],
                    }
                    for i, ls in enumerate(found)
                ],
            )
    except IntegrityError:
        raise UsageError(f"a tournament named '{name}' already exists") from None
    except SQLAlchemyError as exc:
        raise explain(exc, store.url) from None
    return get(store, name)


class RoundsInAnotherTeam(NotAllowed):
    """Re-inviting a player into another team once they have rounds: their
    rounds would change team silently, so it needs to be asked for."""

    cli_hint = "add --move-rounds to move them"


class NeedsCode(NotAllowed):
    """A join code is missing or wrong."""

    cli_hint = "give it with --code CODE"


def invite(
    store: Store, name: str, player: str, team: str | None = None, *, move_rounds: bool = False
) -> str:
    """A new join code for ``player`` (replacing any earlier one); only its
    salted hash is stored, so this is the one time it is shown. Moving a
    player who has rounds into another team needs ``move_rounds`` (the rounds
    move with them, and the move is recorded)."""
    player = check_name(player, "player")
    team = check_name(team, "team")
    code = new_code()
    salt, digest = hash_code(code)
    e, r = schema.entrants, schema.rounds
    with store.transaction() as conn:
        player = canonical_name(conn, player)
        team = canonical_name(conn, team, "team")
        tour = load(conn, name)
        if not tour.invite_only:
            raise UsageError(
                f"tournament '{name}' is open to everyone; invites are for invite-only ones"
            )
        row = (
            conn.execute(select(e).where(e.c.tournament_id == tour.id, e.c.player == player))
            .mappings()
            .first()
        )
        values: dict[str, str | None] = {"code_salt": salt, "code_hash": digest}
        if team is not None or row is None:
            values["team"] = team
        old = row["team"] if row is not None else None
        if row is not None and team is not None and old is not None and team != old:
            mine = (r.c.tournament_id == tour.id) & (r.c.player == player)
            played = conn.execute(select(func.count()).where(mine)).scalar_one()
            if played and not move_rounds:
                raise RoundsInAnotherTeam(
                    f"'{player}' has {played} round(s) for team '{old}' in '{name}'; "
                    f"moving them to '{team}' must be asked for"
                )
            if played:
                conn.execute(update(r).where(mine).values(team=team))
                record(
                    conn,
                    tour,
                    "moved",
                    player,
                    detail=f"{played} round(s) from '{old}' to '{team}'",
                )
        if row is None:
            conn.execute(
                insert(e).values(tournament_id=tour.id, player=player, joined_at=now(), **values)
            )
        else:
            conn.execute(
                update(e).where(e.c.tournament_id == tour.id, e.c.player == player).values(**values)
            )
    return code


def record(
    conn: Connection,
    tour: Tournament,
    kind: str,
    player: str,
    scenario_id: str | None = None,
    detail: str = "",
) -> None:
    """Put a trainer's change (a move, a reset) on the tournament's record."""
    conn.execute(
        insert(schema.tournament_events).values(
            tournament_id=tour.id,
            at=now(),
            kind=kind,
            player=player,
            scenario_id=scenario_id,
            detail=detail,
        )
    )


def events(store: Store, name: str) -> list[dict[str, Any]]:
    """The tournament's record of moves and resets, oldest first."""
    ev = schema.tournament_events
    with store.transaction() as conn:
        tour = load(conn, name)
        rows = conn.execute(
            select(ev).where(ev.c.tournament_id == tour.id).order_by(ev.c.at, ev.c.id)
        ).mappings()
        return [
            {
                "at": iso(row["at"]),
                "kind": row["kind"],
                "player": row["player"],
                "scenario": row["scenario_id"],
                "detail": row["detail"],
            }
            for row in rows
        ]


def reset(store: Store, name: str, player: str, scenario_id: str) -> dict[str, Any]:
    """Let ``player`` try ``scenario_id`` again: their unfinished (or
    abandoned) round of it is set aside as reset, on the record. A finished
    round stands."""
    player = check_name(player, "player")
    r = schema.rounds
    with store.transaction() as conn:
        player = canonical_name(conn, player, add=False)
        tour = load(conn, name)
        ts = scenario_of(tour, scenario_id)
        mine = (
            (r.c.tournament_id == tour.id)
            & (r.c.player == player)
            & (r.c.scenario_id == ts.scenario_id)
            & ((r.c.outcome.is_(None)) | (r.c.outcome != RESET))
        )
        row = conn.execute(select(r).where(mine).order_by(desc(r.c.started_at))).mappings().first()
        if row is None:
            raise NotAllowed(f"'{player}' has no round of '{scenario_id}' in '{name}' to reset")
        if row["finished_at"] is not None and row["outcome"] != ABANDONED:
            raise NotAllowed(
                f"'{player}''s round of '{scenario_id}' in '{name}' was finished "
                f"({row['outcome']}, {row['score']} points); only an unfinished or abandoned "
                "round can be reset"
            )
        conn.execute(
            update(r)
            .where(r.c.id == row["id"])
            .values(outcome=RESET, finished_at=row["finished_at"] or now(), counted=False)
        )
        record(conn, tour, "reset", player, ts.scenario_id, f"round {row['id']}")
        key = {"tournament_id": tour.id, "player": player, "scenario_id": ts.scenario_id}
        elect_counted(conn, {**key, "slot": row["slot"]})
        return {
            "tournament": name,
            "player": player,
            "scenario": ts.scenario_id,
            "round": row["id"],
        }


# ------------------------------------------------------------------ playing


def admit_player(
    conn: Connection, tour: Tournament, player: str, team: str | None, code: str | None, write: bool
) -> str | None:
    """Check the player may play in ``tour``; returns their team."""

    e = schema.entrants
    row = (
        conn.execute(select(e).where(e.c.tournament_id == tour.id, e.c.player == player))
        .mappings()
        .first()
    )
    if tour.invite_only:
        if not code:
            raise NeedsCode(f"tournament '{tour.name}' is invite-only: it needs your join code")
        if row is None or not code_matches(code, row["code_salt"], row["code_hash"]):
            raise NeedsCode(f"that join code is not valid for player '{player}' in '{tour.name}'")
    elif tour.has_join_code and not code_matches(code, tour.join_salt, tour.join_hash):
        raise NeedsCode(
            f"tournament '{tour.name}' needs its join code"
            if not code
            else f"that join code is not valid for '{tour.name}'"
        )
    if row is not None:
        if team is not None and row["team"] is not None and team != row["team"]:
            raise NotAllowed(
                f"'{player}' plays for team '{row['team']}' in '{tour.name}', not '{team}'"
            )
        if team is not None and row["team"] is None and write:
            conn.execute(
                update(e)
                .where(e.c.tournament_id == tour.id, e.c.player == player)
                .values(team=team)
            )
        return row["team"] if row["team"] is not None else team
    if write:
        conn.execute(
            insert(e).values(tournament_id=tour.id, player=player, team=team, joined_at=now())
        )
    return team


def place(
    conn: Connection, tour: Tournament, ts: TournamentScenario, player: str
) -> tuple[int, int]:
    """(slot, attempt) of the player's next round of this scenario. Every
    round started counts, finished or not, except one a trainer reset."""
    r = schema.rounds
    rows = conn.execute(
        select(r.c.slot, r.c.outcome).where(
            r.c.tournament_id == tour.id, r.c.player == player, r.c.scenario_id == ts.scenario_id
        )
    ).all()
    live = [row for row in rows if row.outcome != RESET]
    n = tour.rounds
    if tour.allow_retries:
        slot = len(live) % n + 1
    else:
        taken = {row.slot for row in live}
        free = [k for k in range(1, n + 1) if k not in taken]
        if not free:
            times = "once" if n == 1 else f"{n} times"
            raise NotAllowed(
                f"'{player}' has already played '{ts.scenario_id}' in '{tour.name}' "
                f"(each scenario is played {times}; this tournament allows no retries)"
            )
        slot = free[0]
    return slot, 1 + sum(1 for row in rows if row.slot == slot)


def scenario_of(tour: Tournament, scenario_id: str) -> TournamentScenario:
    ts = tour.scenario(scenario_id)
    if ts is None:
        have = ", ".join(s.scenario_id for s in tour.scenarios)
        raise NotAllowed(f"scenario '{scenario_id}' is not in tournament '{tour.name}' ({have})")
    return ts


def _drop_abandoned(conn: Connection, tour: Tournament, player: str, scenario_id: str) -> None:
    # A round opened but never answered (the terminal closed before the first
    # reply) scored nothing: it does not use up the player's place.
    r = schema.rounds
    conn.execute(
        delete(r).where(
            r.c.tournament_id == tour.id,
            r.c.player == player,
            r.c.scenario_id == scenario_id,
            r.c.turns_played == 0,
            r.c.finished_at.is_(None),
            ~exists().where(schema.turns.c.round_id == r.c.id),
        )
    )


def entry(
    store: Store,
    name: str,
    scenario_id: str,
    player: str,
    team: str | None = None,
    code: str | None = None,
) -> Entry:
    """Check ``player`` may play ``scenario_id`` in tournament ``name`` now, and
    where the round goes (its seed, customer). Changes nothing."""

    player = check_name(player, "player")
    team = check_name(team, "team")
    with store.transaction() as conn:
        player = canonical_name(conn, player, add=False)
        team = canonical_name(conn, team, "team", add=False)
        tour = load(conn, name)
        ts = scenario_of(tour, scenario_id)
        team = admit_player(conn, tour, player, team, code, write=False)
        slot, attempt = place(conn, tour, ts, player)
        return Entry(tour, ts, player, team, slot, attempt)


def admit(
    store: Store, name: str, player: str, team: str | None = None, code: str | None = None
) -> tuple[Tournament, str | None]:
    """Check ``player`` may play in tournament ``name`` at all (invited with
    ``code``, in no other team): the tournament and the player's team.
    Changes nothing; :func:`entry` then checks each scenario."""

    player = check_name(player, "player")
    team = check_name(team, "team")
    with store.transaction() as conn:
        player = canonical_name(conn, player, add=False)
        team = canonical_name(conn, team, "team", add=False)
        tour = load(conn, name)
        return tour, admit_player(conn, tour, player, team, code, write=False)


def version_problem(tour: Tournament, ts: TournamentScenario, sha256: str | None) -> str | None:
    """Why a scenario file may not be played in ``tour`` (it changed since
    the tournament was made), or None. Everyone plays the same version."""
    if sha256 == ts.sha256:
        return None
    if sha256 is None:
        return f"scenario '{ts.scenario_id}' is not in this game's scenario library"
    return (
        f"scenario '{ts.scenario_id}' has changed since tournament '{tour.name}' was created; "
        "everyone must play the same version"
    )


def tournament_customer(spec: str) -> Customer:
    """The customer every player of a tournament faces (scripted or a recording)."""
    if spec == "scripted":
        return make_customer("scripted")
    return make_customer("replay", replay=spec.removeprefix("replay:"))


def customer_matches(spec: str, kind: str) -> bool:
    if spec == "scripted":
        return kind == "scripted"
    return kind.startswith("replay:") and Path(kind[7:]).name == Path(spec[7:]).name


def track_round(
    store: Store,
    rnd: Round,
    player: str,
    team: str | None,
    tournament: str,
    *,
    code: str | None = None,
    sha256: str | None = None,
) -> None:
    """Save ``rnd`` as a round of ``tournament``: first check the player may
    play this scenario there now (invited with ``code``, not played yet, the
    tournament's seed and customer) and reserve the place; raises a one-line
    :class:`NotAllowed` or :class:`~simulator.storage.connect.StoreError`."""
    meta = store.new_meta(rnd, player, team, sha256, tournament)
    for tries_left in (2, 1, 0):
        try:
            with store.transaction() as conn:
                reserve(conn, meta, rnd, code)
            break
        except IntegrityError:
            # Another process took the same place at the same moment
            # (PostgreSQL): look again, it now sees that round.
            if not tries_left:
                raise StoreError("the results store is busy; try again") from None
    store.attach(rnd, meta)


def reserve(conn: Connection, meta: RoundMeta, rnd: Round, code: str | None) -> None:
    """Check and take the player's place for ``rnd`` (inside a transaction)."""
    meta.player = canonical_name(conn, meta.player)
    meta.team = canonical_name(conn, meta.team, "team")
    if meta.tournament is None:
        raise NotAllowed("a tournament round needs its tournament")
    tour = load(conn, meta.tournament)
    ts = scenario_of(tour, rnd.scenario.id)
    problem = version_problem(tour, ts, meta.scenario_sha256)
    if problem:
        raise NotAllowed(problem)
    if not customer_matches(tour.customer, rnd.customer.kind):
        raise NotAllowed(f"tournament '{tour.name}' is played with the {tour.customer} customer")
    meta.team = admit_player(conn, tour, meta.player, meta.team, code, write=True)
    _drop_abandoned(conn, tour, meta.player, ts.scenario_id)
    meta.slot, meta.attempt = place(conn, tour, ts, meta.player)
    if rnd.seed != ts.seeds[meta.slot - 1]:
        raise NotAllowed(f"tournament '{tour.name}' fixes the seed: use its seed for this round")
    meta.tournament_id = tour.id
    conn.execute(insert(schema.rounds).values(round_row(rnd, meta)))


# ------------------------------------------------------------------ standings


def _board_query(tid: int):
    r, e = schema.rounds, schema.entrants
    mean = {d: func.avg(getattr(r.c, d)).label(d) for d in DIMENSIONS}
    per_player = (
        select(
            r.c.player,
            func.sum(r.c.score).label("total"),
            func.count().label("played"),
            func.sum(case((r.c.outcome == "resolved", 1), else_=0)).label("resolved"),
            *mean.values(),
            func.sum(r.c.flags).label("flags"),
            func.max(r.c.finished_at).label("last_finished"),
        )
        .where(r.c.tournament_id == tid, r.c.counted == true())
        .group_by(r.c.player)
        .subquery()
    )
    p = per_player.c
    return (
        select(per_player, e.c.team)
        .select_from(
            per_player.outerjoin(e, and_(e.c.tournament_id == tid, e.c.player == p.player))
        )
        .order_by(
            desc(p.total),
            desc(p.resolved),
            desc(p.empathy + p.ownership),
            p.flags,
            p.last_finished,
            p.player,
        )
    )


def leaderboard(store: Store, name: str) -> dict[str, Any]:
    """Players ranked (see the module's doc for the tie-breaks), then teams.
    Each player's ``unfinished`` rounds (started, never finished: a closed
    terminal, a killed process) are counted too, and a player with only
    unfinished rounds is listed, below those with finished ones."""
    r = schema.rounds
    with store.transaction() as conn:
        tour = load(conn, name)
        rows = conn.execute(_board_query(tour.id)).mappings().all()
        open_rounds: dict[str, int] = dict(
            conn.execute(
                select(r.c.player, func.count())
                .where(r.c.tournament_id == tour.id, r.c.finished_at.is_(None))
                .group_by(r.c.player)
            ).all()
        )
        teams = dict(
            conn.execute(
                select(schema.entrants.c.player, schema.entrants.c.team).where(
                    schema.entrants.c.tournament_id == tour.id
                )
            ).all()
        )
    players: list[dict[str, Any]] = []
    for row in rows:
        players.append(
            {
                "rank": len(players) + 1,
                "player": row["player"],
                "team": row["team"],
                "total": int(row["total"] or 0),
                "played": int(row["played"]),
                "resolved": int(row["resolved"] or 0),
                "dimensions": {d: round(float(row[d] or 0.0), 3) for d in DIMENSIONS},
                "flags": int(row["flags"] or 0),
                "unfinished": int(open_rounds.get(row["player"], 0)),
                "last_finished": iso(row["last_finished"]),
            }
        )
    listed = {p["player"] for p in players}
    for player in sorted(set(open_rounds) - listed):
        players.append(
            {
                "rank": len(players) + 1,
                "player": player,
                "team": teams.get(player),
                "total": 0,
                "played": 0,
                "resolved": 0,
                "dimensions": dict.fromkeys(DIMENSIONS, 0.0),
                "flags": 0,
                "unfinished": int(open_rounds[player]),
                "last_finished": None,
            }
        )
    ranked = [p for p in players if p["played"]]
    return {"tournament": tour.to_dict(), "players": players, "teams": team_standings(ranked)}


def team_standings(players: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Teams from the ranked players: total = mean of the players' totals."""
    teams: dict[str, list[dict[str, Any]]] = {}
    for p in players:
        if p["team"] is not None:
            teams.setdefault(p["team"], []).append(p)
    out = []
    for team, members in teams.items():
        n = len(members)
        out.append(
            {
                "team": team,
                "players": [m["player"] for m in members],
                "total": round(sum(m["total"] for m in members) / n, 2),
                "played": sum(m["played"] for m in members),
                "resolved": sum(m["resolved"] for m in members),
                "dimensions": {
                    d: round(sum(m["dimensions"][d] for m in members) / n, 3) for d in DIMENSIONS
                },
            }
        )
    out.sort(key=lambda t: (-t["total"], -t["resolved"], t["team"]))
    for rank, t in enumerate(out, 1):
        t["rank"] = rank
    return out


def flagged(store: Store, name: str) -> dict[str, dict[str, list]]:
    """Each player's flagged phrases (blame / policy-hiding evidence) and tips
    from the rounds that count: {player: {"phrases": [...], "tips": [...]}}."""
    r, t = schema.rounds, schema.turns
    query = (
        select(r.c.player, r.c.scenario_id, t.c.idx, t.c.agent, t.c.evidence, t.c.tips)
        .select_from(t.join(r, r.c.id == t.c.round_id))
        .where(
            r.c.counted == true(),
            t.c.superseded == False,  # noqa: E712 - SQL, not Python
            (t.c.blame >= PRESENT) | (t.c.policy_hiding >= PRESENT) | (t.c.empathy < PRESENT),
        )
        .order_by(r.c.player, r.c.scenario_id, t.c.idx)
    )
    out: dict[str, dict[str, list]] = {}
    with store.transaction() as conn:
        tour = load(conn, name)
        rows = conn.execute(query.where(r.c.tournament_id == tour.id)).mappings().all()
    for row in rows:
        mine = out.setdefault(row["player"], {"phrases": [], "tips": []})
        for ev in row["evidence"] or []:
            if ev.get("dimension") in ("blame", "policy_hiding"):
                mine["phrases"].append(
                    {
                        "scenario": row["scenario_id"],
                        "turn": row["idx"] + 1,
                        "dimension": ev["dimension"],
                        "text": ev.get("text", ""),
                    }
                )
        for tip in row["tips"] or []:
            if tip not in mine["tips"]:
                mine["tips"].append(tip)
    return out


def counted_rounds(store: Store, name: str) -> list[dict[str, Any]]:
    """The rounds the leaderboard counts, oldest first (for xAPI)."""

    r = schema.rounds
    with store.transaction() as conn:
        tour = load(conn, name)
        rows = conn.execute(
            select(r)
            .where(r.c.tournament_id == tour.id, r.c.counted == true())
            .order_by(r.c.finished_at, r.c.id)
        ).mappings()
        return [
            dict(row, started_at=iso(row["started_at"]), finished_at=iso(row["finished_at"]))
            for row in rows
        ]


def not_played(store: Store, name: str) -> list[str]:
    """Entrants (invited or joined) with no round in the tournament yet."""
    e, r = schema.entrants, schema.rounds
    with store.transaction() as conn:
        tour = load(conn, name)
        played = select(r.c.id).where(r.c.tournament_id == tour.id, r.c.player == e.c.player)
        return list(
            conn.execute(
                select(e.c.player)
                .where(e.c.tournament_id == tour.id, ~exists(played))
                .order_by(e.c.player)
            ).scalars()
        )


def roster(store: Store, name: str) -> list[dict[str, Any]]:
    """Everyone entered (invited or joined), with their team, by name."""
    e = schema.entrants
    with store.transaction() as conn:
        tour = load(conn, name)
        rows = conn.execute(
            select(e.c.player, e.c.team).where(e.c.tournament_id == tour.id).order_by(e.c.player)
        ).mappings()
        return [dict(row) for row in rows]

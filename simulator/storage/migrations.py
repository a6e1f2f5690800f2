"""Named, ordered schema migrations, recorded in ``schema_migrations``.

Each migration is a name and a function of a connection. The runner applies
the missing ones in order inside one transaction that first takes a lock
(``BEGIN IMMEDIATE`` on SQLite, an advisory lock on PostgreSQL), so two
processes starting at once apply each migration exactly once.

Never edit a migration that has shipped: add a new one at the end and update
:mod:`simulator.storage.schema` to match.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, insert, inspect, select

from simulator.storage import schema
from simulator.storage.common import name_key
from simulator.storage.connect import StoreError

#: Any constant: PostgreSQL advisory locks are keyed by a bigint.
_PG_LOCK_KEY = 0x486F74736561  # "Hotsea"


def _initial(conn: Connection) -> None:
    # 0001's tables as today's schema has them: later migrations add only
    # what is missing, so a new database and an upgraded one end up alike
    # (tables of later migrations are created there, so they can backfill).
    tables = [schema.tournaments, schema.tournament_scenarios, schema.entrants]
    tables += [schema.rounds, schema.turns]
    schema.metadata.create_all(conn, tables=tables)


def _board_index(conn: Connection) -> None:
    schema.board_index.create(conn, checkfirst=True)


def _tournament_timed(conn: Connection) -> None:
    # A database made by 0001 has no ``timed`` column; one made afresh by
    # ``_initial`` from today's schema has it already.
    columns = {c["name"] for c in inspect(conn).get_columns("tournaments")}
    if "timed" not in columns:
        default = "1" if conn.dialect.name == "sqlite" else "TRUE"
        conn.exec_driver_sql(
            f"ALTER TABLE tournaments ADD COLUMN timed BOOLEAN NOT NULL DEFAULT {default}"
        )


def _names(conn: Connection) -> None:
    # One spelling per player and team: the earliest seen of each key.
    schema.names.create(conn, checkfirst=True)
    r, e = schema.rounds, schema.entrants
    seen: set[tuple[str, str]] = set()
    sources = [
        ("player", select(r.c.player, r.c.started_at).order_by(r.c.started_at)),
        ("player", select(e.c.player, e.c.joined_at).order_by(e.c.joined_at)),
        (
            "team",
            select(r.c.team, r.c.started_at).where(r.c.team.is_not(None)).order_by(r.c.started_at),
        ),
        (
            "team",
            select(e.c.team, e.c.joined_at).where(e.c.team.is_not(None)).order_by(e.c.joined_at),
        ),
    ]
    for kind, query in sources:
        for name, when in conn.execute(query):
            key = (kind, name_key(name))
            if key not in seen:
                seen.add(key)
                conn.execute(
                    insert(schema.names).values(kind=kind, key=key[1], name=name, first_seen=when)
                )


def _add_columns(conn: Connection, table: str, columns: dict[str, str]) -> None:
    have = {c["name"] for c in inspect(conn).get_columns(table)}
    for name, sql_type in columns.items():
        if name not in have:
            conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {name} {sql_type}")


def _tournament_rules(conn: Connection) -> None:
    _add_columns(conn, "tournaments", {"join_salt": "VARCHAR(64)", "join_hash": "VARCHAR(128)"})
    _add_columns(conn, "turns", {"seconds": "FLOAT"})
    schema.tournament_events.create(conn, checkfirst=True)


def _cue_matcher(conn: Connection) -> None:
    _add_columns(conn, "rounds", {"cues": "VARCHAR(200) NOT NULL DEFAULT ''"})


MIGRATIONS: list[tuple[str, Callable[[Connection], None]]] = [
    ("0001_initial", _initial),
    ("0002_leaderboard_index", _board_index),
    ("0003_tournament_timed", _tournament_timed),
    ("0004_names", _names),
    ("0005_tournament_rules", _tournament_rules),
    ("0006_cue_matcher", _cue_matcher),
]


def applied(conn: Connection) -> list[str]:
    t = schema.schema_migrations
    return list(conn.execute(select(t.c.name).order_by(t.c.name)).scalars())


def migrate(engine: Engine) -> list[str]:
    """Apply the missing migrations; returns the names applied now."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")
        schema.schema_migrations.create(conn, checkfirst=True)
        done = set(applied(conn))
        known = {name for name, _ in MIGRATIONS}
        if unknown := sorted(done - known):
            raise StoreError(
                f"the results database was upgraded by a newer hotseat (migration "
                f"'{unknown[-1]}'); upgrade hotseat to use it"
            )
        new = []
        for name, step in MIGRATIONS:
            if name in done:
                continue
            step(conn)
            conn.execute(
                insert(schema.schema_migrations).values(name=name, applied_at=datetime.now(UTC))
            )
            new.append(name)
        return new

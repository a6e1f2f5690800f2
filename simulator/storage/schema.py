"""The results store's tables, as they are after every migration.

Timestamps are timezone-aware UTC. Round ids are UUID strings so a round can
be saved to a pending file while offline and imported later under the same id.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    true,
)

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

tournaments = Table(
    "tournaments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    #: Rounds of each scenario every player plays (each with its own seed).
    Column("rounds", Integer, nullable=False, default=1),
    #: "scripted" or "replay:<file>": the same customer for every player.
    Column("customer", String(1000), nullable=False),
    Column("customer_sha256", String(64)),
    Column("invite_only", Boolean, nullable=False, default=False),
    Column("allow_retries", Boolean, nullable=False, default=False),
    #: Whether replies past a scenario's SLA cost mood (added by 0003_tournament_timed).
    Column("timed", Boolean, nullable=False, default=True, server_default=true()),
    #: An open tournament's shared join code, salted and hashed (0005).
    Column("join_salt", String(64)),
    Column("join_hash", String(128)),
)

#: What a trainer changed after the fact, for the record and the reports:
#: rounds moved to another team, a round reset to allow a new try (0005).
tournament_events = Table(
    "tournament_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tournament_id", ForeignKey("tournaments.id", ondelete="CASCADE"), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("player", String(200), nullable=False),
    Column("scenario_id", String(200)),
    Column("detail", Text, nullable=False, default=""),
)

tournament_scenarios = Table(
    "tournament_scenarios",
    metadata,
    Column("tournament_id", ForeignKey("tournaments.id", ondelete="CASCADE"), primary_key=True),
    Column("scenario_id", String(200), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("title", String(500), nullable=False, default=""),
    Column("sha256", String(64), nullable=False),
    #: One seed per tournament round of this scenario, fixed at creation.
    Column("seeds", JSON, nullable=False),
)

#: Who plays in a tournament, for which team, and (invite-only) their hashed code.
entrants = Table(
    "entrants",
    metadata,
    Column("tournament_id", ForeignKey("tournaments.id", ondelete="CASCADE"), primary_key=True),
    Column("player", String(200), primary_key=True),
    Column("team", String(200)),
    Column("code_salt", String(64)),
    Column("code_hash", String(128)),
    Column("joined_at", DateTime(timezone=True), nullable=False),
)

#: The first spelling of every player and team name, by its key (NFC,
#: case-folded, single spaces): ``BOB`` after ``bob`` is ``bob``.
names = Table(
    "names",
    metadata,
    Column("kind", String(10), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("first_seen", DateTime(timezone=True), nullable=False),
)

rounds = Table(
    "rounds",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("player", String(200), nullable=False),
    Column("team", String(200)),
    Column("scenario_id", String(200), nullable=False),
    Column("scenario_sha256", String(80), nullable=False),
    #: The judge and the scoring code's version, e.g. "rules@1".
    Column("scorer", String(200), nullable=False, default=""),
    #: What matched the scenario's cues: "patterns", or the sentence
    #: encoder's version and threshold ("encoder 1, threshold 0.55").
    Column("cues", String(200), nullable=False, default=""),
    Column("seed", Integer, nullable=False),
    #: "scripted", "llm:<model>" or "replay:<file>".
    Column("customer", String(1000), nullable=False),
    Column("tournament_id", ForeignKey("tournaments.id", ondelete="CASCADE")),
    #: Which of the tournament's rounds of this scenario, and which try at it.
    Column("slot", Integer),
    Column("attempt", Integer),
    #: True for the one round per (player, scenario, slot) the leaderboard
    #: counts: the only one, or with retries the best finished one.
    Column("counted", Boolean, nullable=False, default=False),
    Column("outcome", String(20)),
    Column("score", Integer, nullable=False, default=0),
    Column("empathy", Float, nullable=False, default=0.0),
    Column("ownership", Float, nullable=False, default=0.0),
    Column("blame", Float, nullable=False, default=0.0),
    Column("policy_hiding", Float, nullable=False, default=0.0),
    #: Live turns where blame or policy-hiding was present (a tie-break).
    Column("flags", Integer, nullable=False, default=0),
    Column("turns_played", Integer, nullable=False, default=0),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    #: "live" (written as played) or "import" (from a pending file).
    Column("source", String(20), nullable=False, default="live"),
    UniqueConstraint("tournament_id", "player", "scenario_id", "slot", "attempt", name="uq_entry"),
    Index("ix_rounds_player", "player", "finished_at"),
)

turns = Table(
    "turns",
    metadata,
    Column("round_id", ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("attempt", Integer, primary_key=True),
    Column("agent", Text, nullable=False),
    Column("customer", Text, nullable=False, default=""),
    Column("empathy", Float, nullable=False),
    Column("ownership", Float, nullable=False),
    Column("blame", Float, nullable=False),
    Column("policy_hiding", Float, nullable=False),
    Column("points", Integer, nullable=False),
    Column("mood", Integer, nullable=False),
    Column("superseded", Boolean, nullable=False, default=False),
    #: Seconds the trainee took (None: untimed); kept so a resumed round replays alike (0005).
    Column("seconds", Float),
    Column("evidence", JSON, nullable=False),
    Column("tips", JSON, nullable=False),
    Column("notes", JSON, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

#: The leaderboard's one query reads only this index (covering) on SQLite and
#: PostgreSQL alike; added by its own migration.
board_index = Index(
    "ix_rounds_board",
    rounds.c.tournament_id,
    rounds.c.counted,
    rounds.c.player,
    rounds.c.score,
    rounds.c.outcome,
    rounds.c.empathy,
    rounds.c.ownership,
    rounds.c.blame,
    rounds.c.policy_hiding,
    rounds.c.flags,
    rounds.c.finished_at,
)

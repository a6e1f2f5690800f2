"""Helpers the results store and the services on top of it share: time and
names. A leaf: it imports nothing else of the store, so anything may use it.

Names are compared the way people mean them: after Unicode NFC, case
folding and collapsing whitespace, ``BOB``, ``Bob`` and ``bob`` are one player;
the display keeps the first spelling seen.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from typing import overload

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from simulator.errors import UsageError
from simulator.storage import schema

MAX_NAME = 100


def now() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime | str | None) -> datetime | None:
    """Aware UTC datetimes whatever the backend returned (SQLite drops the zone)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def iso(value: datetime | str | None) -> str | None:
    value = as_utc(value)
    return value.isoformat(timespec="seconds") if value else None


@overload
def check_name(value: str, what: str) -> str: ...
@overload
def check_name(value: None, what: str) -> None: ...
@overload
def check_name(value: str | None, what: str) -> str | None: ...


def check_name(value: str | None, what: str) -> str | None:
    """A player or team name as stored: NFC, trimmed, printable, not too long
    (None stays None: no team). An empty name is refused."""
    if value is None:
        return None
    name = " ".join(unicodedata.normalize("NFC", value).split())
    if not name:
        raise UsageError(f"the {what} name is empty; give a name")
    if len(name) > MAX_NAME:
        raise UsageError(f"the {what} name is over {MAX_NAME} characters")
    if any(not ch.isprintable() for ch in name):
        raise UsageError(f"the {what} name has control characters")
    return name


@overload
def canonical_name(conn: Connection, name: str, kind: str = ..., *, add: bool = ...) -> str: ...
@overload
def canonical_name(conn: Connection, name: None, kind: str = ..., *, add: bool = ...) -> None: ...
@overload
def canonical_name(
    conn: Connection, name: str | None, kind: str = ..., *, add: bool = ...
) -> str | None: ...


def canonical_name(
    conn: Connection, name: str | None, kind: str = "player", *, add: bool = True
) -> str | None:
    """The first spelling of ``name`` (by :func:`name_key`) in the store; a
    name never seen is recorded as the first spelling (``add``) and returned."""
    if name is None:
        return None
    t, key = schema.names, name_key(name)
    found = conn.execute(select(t.c.name).where(t.c.kind == kind, t.c.key == key)).scalar()
    if found is not None or not add:
        return found or name
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    conn.execute(
        insert(t).values(kind=kind, key=key, name=name, first_seen=now()).on_conflict_do_nothing()
    )
    return conn.execute(select(t.c.name).where(t.c.kind == kind, t.c.key == key)).scalar_one()


def name_key(name: str) -> str:
    """What two spellings of one name share: NFC, case-folded, single spaces."""
    folded = unicodedata.normalize("NFC", name).casefold()
    return " ".join(unicodedata.normalize("NFC", folded).split())

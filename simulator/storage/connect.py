"""Where the results database is and how to talk to it.

One code path for SQLite and PostgreSQL. SQLite gets WAL (readers never wait
for the writer), a busy timeout (writers queue instead of failing) and
``BEGIN IMMEDIATE`` for every transaction: a read-then-write transaction that
started as a reader cannot be upgraded safely under WAL, so each one takes the
write lock up front and the busy timeout does the queueing.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from simulator.errors import HotseatError

#: Seconds a writer waits for a locked database before giving up.
DEFAULT_TIMEOUT = 30.0


class StoreError(HotseatError):
    """The results database cannot be used (locked, full, read-only, unreachable)."""

    exit_code = 1


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir("hotseat"))


def default_db_path() -> Path:
    return data_dir() / "results.db"


def resolve_url(db: str | None = None) -> URL:
    """``--db`` (a path or a URL), else ``$HOTSEAT_DB``, else the default file."""
    db = db or os.environ.get("HOTSEAT_DB") or str(default_db_path())
    if "://" not in db:
        return URL.create("sqlite", database=str(Path(db).expanduser().resolve()))
    try:
        url = make_url(db)
    except ArgumentError:
        raise StoreError(f"'{db}' is not a database URL or path") from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(
            f"unsupported database '{url.get_backend_name()}': use a SQLite path or postgresql://"
        )
    return url


def safe_url(url: URL) -> str:
    """The URL for messages: never the password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def timeout_seconds() -> float:
    try:
        return float(os.environ.get("HOTSEAT_DB_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT


def make_engine(url: URL, timeout: float | None = None) -> Engine:
    timeout = timeout_seconds() if timeout is None else timeout
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url, timeout)
    return create_engine(
        url,
        pool_pre_ping=True,
        connect_args={"connect_timeout": max(1, int(timeout))},
    )


def _sqlite_engine(url: URL, timeout: float) -> Engine:
    db = url.database
    if db and db != ":memory:" and not db.startswith("file:"):
        try:
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the folder for the results database {db}: {exc.strerror or exc}"
            ) from None
    engine = create_engine(url, connect_args={"timeout": timeout})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # The driver's own transaction handling is switched off so that the
        # "begin" hook below decides how transactions start.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        cur.execute("PRAGMA foreign_keys = ON")
        try:
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
        except Exception:  # a read-only file; the first write says so clearly
            pass
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def explain(exc: BaseException, url: URL) -> StoreError:
    """A one-line :class:`StoreError` for a database failure."""
    where = safe_url(url)
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    detail = text[0] if text else type(exc).__name__
    low = " ".join(text).lower()
    if "locked" in low or "lock timeout" in low:
        reason = "the database is locked by another program (try again shortly)"
    elif "disk is full" in low or "no space" in low or "disk full" in low:
        reason = "the database or its disk is full"
    elif "readonly" in low or "read-only" in low or "read only" in low:
        reason = "the database is read-only"
    elif "unable to open" in low:
        reason = "the database file cannot be opened"
    elif (isinstance(exc, DBAPIError) and exc.connection_invalidated) or _unreachable(low):
        reason = "the database server cannot be reached"
    else:
        reason = detail[:200]
    return StoreError(f"results store {where}: {reason}")


def _unreachable(low: str) -> bool:
    return any(
        word in low
        for word in (
            "connection refused",
            "could not connect",
            "connection failed",
            "timeout expired",
            "could not translate host",
            "server closed the connection",
            "name or service not known",
            "connection to server",
        )
    )

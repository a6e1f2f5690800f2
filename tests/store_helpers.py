"""Shared by the results-store tests: a fresh database on each backend
(SQLite always; PostgreSQL when HOTSEAT_TEST_PG is set), and rounds to play."""

from __future__ import annotations

import os
import uuid

import pytest

PG_SKIP = (
    "PostgreSQL tests need a server: set HOTSEAT_TEST_PG=postgresql://... "
    '(eval "$(scripts/pg-test-server)")'
)
GOOD = [
    "I'm so sorry about this, let me sort it out for you right now.",
    "I will refund the 180 dollars today.",
]
BAD = ["That's not our problem, we don't sell tires.", "It's policy."]


@pytest.fixture(autouse=True)
def _own_data_dir(tmp_path, monkeypatch):
    """Never the real user data dir; never a HOTSEAT_DB from the environment."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("HOTSEAT_DB", raising=False)


def fresh_pg_database(base: str) -> tuple[str, callable]:
    """A new empty database on the test server; returns (url, drop)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(base.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"hotseat_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url.set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty results database on each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "results.db")
        return
    base = os.environ.get("HOTSEAT_TEST_PG")
    if not base:
        pytest.skip(PG_SKIP)
    url, drop = fresh_pg_database(base)
    yield url
    drop()


def new_round(scenario_id="tires-never-sold", seed=0):
    from simulator.engine import Round
    from simulator.loader import find_scenario

    loaded = find_scenario(scenario_id)
    return Round(loaded.scenario, seed=seed), loaded.sha256


def play(
    store, player, replies=GOOD, *, team=None, tournament=None, code=None, scenario=None, seed=None
):
    """Play a whole round tracked by ``store``; returns the round."""
    from simulator import tournament as tm

    scenario = scenario or "tires-never-sold"
    if tournament and seed is None:
        seed = tm.entry(store, tournament, scenario, player, team, code).seed
    rnd, sha = new_round(scenario, seed or 0)
    if tournament:
        tm.track_round(store, rnd, player, team, tournament, code=code, sha256=sha)
    else:
        store.track(rnd, player, team, sha256=sha)
    for reply in replies:
        if rnd.finished:
            break
        rnd.play(reply)
    store.finish(rnd)
    return rnd

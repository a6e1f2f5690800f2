"""The results store: schema and migrations, rounds written turn by turn,
faults (locked, read-only, full, unreachable) and pending-file imports."""

# ruff: noqa: F811 - pytest fixtures imported from store_helpers are arguments here
from __future__ import annotations

import json
import sqlite3
import threading

import pytest
from sqlalchemy import event, select, text
from store_helpers import BAD, GOOD, _own_data_dir, db_url, new_round, play  # noqa: F401

import scoring
from simulator import cue_match
from simulator.errors import UsageError
from simulator.importing import import_pending
from simulator.storage import schema
from simulator.storage.connect import StoreError, resolve_url
from simulator.storage.migrations import MIGRATIONS, migrate
from simulator.store import open_store, pending_dir


def test_a_new_store_records_every_migration_in_order(db_url):
    with open_store(db_url) as store, store.engine.connect() as conn:
        names = list(conn.execute(select(schema.schema_migrations.c.name)).scalars())
    assert sorted(names) == [name for name, _ in MIGRATIONS]
    with open_store(db_url) as store:
        assert migrate(store.engine) == []  # nothing left to apply


def test_two_processes_migrating_at_once_apply_each_migration_once(db_url):
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(4) as pool:
        results = pool.map(_migrate_in_child, [db_url] * 4)
    applied = [name for names in results for name in names]
    assert sorted(applied) == sorted(name for name, _ in MIGRATIONS)


def _migrate_in_child(url):
    from simulator.storage.connect import make_engine, resolve_url
    from simulator.storage.migrations import migrate

    engine = make_engine(resolve_url(url))
    try:
        return migrate(engine)
    finally:
        engine.dispose()


def test_a_database_from_a_newer_hotseat_is_refused(db_url):
    with open_store(db_url) as store, store.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_future', :t)"),
            {"t": "2030-01-01 00:00:00"},
        )
    with pytest.raises(StoreError, match="newer hotseat"):
        open_store(db_url)


def test_where_the_database_is(tmp_path, monkeypatch):
    assert resolve_url(None).database == str(tmp_path / "data" / "hotseat" / "results.db")
    monkeypatch.setenv("HOTSEAT_DB", str(tmp_path / "env.db"))
    assert resolve_url(None).database == str(tmp_path / "env.db")
    assert resolve_url("postgresql://u:p@h/db").drivername == "postgresql+psycopg"
    assert resolve_url("postgresql+psycopg://u:p@h/db").drivername == "postgresql+psycopg"
    with pytest.raises(StoreError, match="unsupported database 'mysql'"):
        resolve_url("mysql://u:p@h/db")


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    with open_store(str(tmp_path / "r.db")) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def _rows(store, table, **where):
    query = select(table)
    for key, value in where.items():
        query = query.where(getattr(table.c, key) == value)
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def test_each_turn_is_saved_as_it_is_played(db_url):
    with open_store(db_url) as store, open_store(db_url) as reader:
        rnd, sha = new_round()
        store.track(rnd, "ann", "red", sha256=sha)
        rid = store.round_id(rnd)
        rnd.play(GOOD[0])
        # Another connection (another process, after a crash) already sees it.
        turns = _rows(reader, schema.turns, round_id=rid)
        (row,) = _rows(reader, schema.rounds, id=rid)
        assert [t["agent"] for t in turns] == [GOOD[0]]
        assert turns[0]["empathy"] == rnd.turns[0].score.value("empathy")
        assert row["finished_at"] is None and row["turns_played"] == 1
        assert row["player"] == "ann" and row["team"] == "red" and row["scenario_sha256"] == sha
        # saved rounds keep the judge and scorer version they were scored with
        judge = rnd.turns[0].score.judge
        assert (
            row["scorer"] == f"{judge}@{scoring.SCORER_VERSION}" and row["customer"] == "scripted"
        )
        # ... and what matched the scenario's cues: the encoder's version and threshold
        assert row["cues"] == rnd.cues_by and rnd.cues_by.startswith("encoder ")
        assert f"threshold {cue_match.DEFAULT_THRESHOLD:.2f}" in row["cues"]
        rnd.play(GOOD[1])
        (row,) = _rows(reader, schema.rounds, id=rid)
        assert rnd.finished and row["outcome"] == rnd.outcome == "resolved"
        assert row["score"] == rnd.score and row["finished_at"] is not None
        assert row["empathy"] == rnd.dimensions()["empathy"]


def test_a_rewound_turn_is_kept_as_superseded(db_url):
    with open_store(db_url) as store:
        rnd, sha = new_round()
        store.track(rnd, "ann", sha256=sha)
        rnd.play(BAD[0])
        rnd.rewind()
        rnd.play(GOOD[0])
        turns = store.round_turns(store.round_id(rnd))
    assert [(t["idx"], t["attempt"], t["superseded"]) for t in turns] == [
        (0, 1, True),
        (0, 2, False),
    ]
    first_try = rnd.history[0]
    assert turns[0]["evidence"] and first_try.superseded
    for dim in ("empathy", "ownership", "blame", "policy_hiding"):
        assert turns[0][dim] == first_try.score.value(dim)
    # the tire story's own cue flags "we don't sell tires" in the stored evidence
    assert turns[0]["policy_hiding"] >= 0.5


def test_player_rounds_lists_finished_rounds_newest_first(db_url):
    with open_store(db_url) as store:
        play(store, "ann", BAD)
        good = play(store, "ann", GOOD)
        play(store, "bob", GOOD)
        rounds = store.player_rounds("ann")
    assert [r["score"] for r in rounds] == [good.score, rounds[1]["score"]]
    assert rounds[0]["id"] != rounds[1]["id"]
    first = rounds[0]
    assert first["scenario"] == "tires-never-sold" and first["outcome"] == "resolved"
    assert set(first["dimensions"]) == {"empathy", "ownership", "blame", "policy_hiding"}
    assert first["finished_at"] >= rounds[1]["finished_at"]


def test_closing_saves_a_stopped_round_as_unfinished_and_drops_an_empty_one(db_url):
    store = open_store(db_url)
    half, sha = new_round()
    store.track(half, "ann", sha256=sha)
    half.play(GOOD[0])
    empty, _ = new_round()
    store.track(empty, "ann", sha256=sha)
    store.close()
    with open_store(db_url) as store:
        rounds = store.player_rounds("ann")
        assert [r["outcome"] for r in rounds] == ["unfinished"]
        assert len(_rows(store, schema.rounds)) == 1


def test_names_are_checked():
    from simulator.storage.common import check_name

    assert check_name("  Ann   Lee ", "player") == "Ann Lee"
    for bad in ("", "   ", "x" * 101, "a\x1b[31mb"):
        with pytest.raises(UsageError):
            check_name(bad, "player")


# ---------------------------------------------------------------- faults


def _import(path, db):
    with open_store(db) as store:
        return import_pending(store, json.loads(path.read_text()))


def test_a_locked_database_keeps_the_round_in_a_pending_file(tmp_path, monkeypatch):
    db = str(tmp_path / "r.db")
    open_store(db).close()
    monkeypatch.setenv("HOTSEAT_DB_TIMEOUT", "0.2")
    store = open_store(db)
    rnd, sha = new_round()
    store.track(rnd, "ann", sha256=sha)
    locker = sqlite3.connect(db, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        for reply in GOOD:
            rnd.play(reply)  # play goes on
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    store.close()
    (problem,) = store.problems
    assert "locked" in problem and "hotseat import" in problem and "\n" not in problem
    path = pending_dir() / f"{store.round_id(rnd)}.json"
    assert str(path) in problem and rnd.history[0].notes[-1] == problem
    kept = json.loads(path.read_text())
    assert kept["player"] == "ann" and kept["round"]["outcome"] == "resolved"
    assert [t["agent"] for t in kept["history"]] == GOOD
    monkeypatch.setenv("HOTSEAT_DB_TIMEOUT", "5")
    assert _import(path, db) is True
    assert _import(path, db) is False  # idempotent
    with open_store(db) as store:
        (saved,) = store.player_rounds("ann")
        assert saved["score"] == rnd.score and saved["outcome"] == "resolved"
        assert len(store.round_turns(saved["id"])) == 2


def test_a_read_only_database_keeps_the_round_in_a_pending_file(tmp_path):
    db = tmp_path / "r.db"
    open_store(str(db)).close()
    store = open_store(f"sqlite:///file:{db}?mode=ro&uri=true")
    rnd = play(store, "ann")
    store.close()
    (problem,) = store.problems
    assert "read-only" in problem and "\n" not in problem
    assert _import(pending_dir() / f"{store.round_id(rnd)}.json", str(db)) is True


def test_a_full_database_keeps_the_round_in_a_pending_file(tmp_path):
    db = str(tmp_path / "r.db")
    store = open_store(db)
    store.engine.dispose()

    @event.listens_for(store.engine, "connect")
    def _full(dbapi_conn, _record):
        # No room for one more page: the next write fails with SQLITE_FULL.
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    rnd, sha = new_round()
    store.track(rnd, "ann", sha256=sha)
    big = "I'm so sorry. " + "x" * 1900
    for _ in range(4):  # more than the free room in the file's pages
        if not rnd.finished:
            rnd.play(big)
    store.close()
    assert store.problems and "full" in store.problems[0]
    assert (pending_dir() / f"{store.round_id(rnd)}.json").exists()


def test_an_unreachable_server_is_one_clear_line():
    url = "postgresql://hotseat:secret@127.0.0.1:1/nowhere"
    with pytest.raises(StoreError) as err:
        open_store(url)
    message = str(err.value)
    assert "cannot be reached" in message and "secret" not in message and "\n" not in message


def test_an_offline_store_keeps_rounds_and_import_brings_them_in(tmp_path):
    store = open_store("postgresql://hotseat:x@127.0.0.1:1/nowhere", offline_ok=True)
    rnd = play(store, "zed", BAD)
    store.close()
    assert "cannot be reached" in store.problems[0]
    path = pending_dir() / f"{store.round_id(rnd)}.json"
    db = str(tmp_path / "r.db")
    assert _import(path, db) is True and _import(path, db) is False
    with open_store(db) as good:
        assert [r["score"] for r in good.player_rounds("zed")] == [rnd.score]


def test_a_pending_file_that_is_not_one_is_refused(db_url):
    with (
        open_store(db_url) as store,
        pytest.raises(UsageError, match="not a hotseat pending round file"),
    ):
        import_pending(store, {"format": "something else"})


# ---------------------------------------------------------------- concurrency


def test_fifty_players_finishing_at_once_in_threads(db_url):
    barrier = threading.Barrier(50)
    errors = []
    with open_store(db_url) as store:

        def one(i):
            try:
                rnd, sha = new_round()
                store.track(rnd, f"p{i:02d}", sha256=sha)
                rnd.play(GOOD[0])
                barrier.wait()
                rnd.play(GOOD[1])
            except Exception as exc:  # the assertion below reports it
                errors.append(exc)

        threads = [threading.Thread(target=one, args=(i,)) for i in range(50)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == [] and store.problems == []
        rows = _rows(store, schema.rounds)
        assert len(rows) == 50 and {r["player"] for r in rows} == {f"p{i:02d}" for i in range(50)}
        assert all(r["outcome"] == "resolved" and r["turns_played"] == 2 for r in rows)
        assert len(_rows(store, schema.turns)) == 100


def test_a_database_from_before_timed_tournaments_is_upgraded(db_url):
    from simulator import tournament as tm

    with open_store(db_url) as store:
        tm.create(store, "old", ["tires-never-sold"])
        with store.engine.begin() as conn:  # as 0002 left it: no ``timed`` column
            conn.execute(text("ALTER TABLE tournaments DROP COLUMN timed"))
            conn.execute(text("DELETE FROM schema_migrations WHERE name = '0003_tournament_timed'"))
    with open_store(db_url) as store:
        assert tm.get(store, "old").timed is True
        assert tm.create(store, "new", ["tires-never-sold"], timed=False).timed is False

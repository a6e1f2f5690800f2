"""Tournaments: fixed seeds, one play per scenario, invite codes, the
leaderboard's ranking and tie-breaks, and 50 players finishing at once."""

# ruff: noqa: F811 - pytest fixtures imported from store_helpers are arguments here
from __future__ import annotations

import multiprocessing
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, insert, select
from store_helpers import BAD, GOOD, _own_data_dir, db_url, new_round, play  # noqa: F401

from simulator import tournament as tm
from simulator.errors import HotseatError, UsageError
from simulator.storage import schema
from simulator.store import open_store

TWO = ["tires-never-sold", "free-disk-invoice"]


@pytest.fixture
def store(db_url):
    with open_store(db_url) as s:
        yield s


def test_a_tournament_fixes_scenarios_seeds_and_customer(store):
    tour = tm.create(store, "spring", TWO, rounds=2)
    assert [s.scenario_id for s in tour.scenarios] == TWO
    seeds = tour.scenario("tires-never-sold").seeds
    assert seeds == (tm.derive_seed("spring", TWO[0], 1), tm.derive_seed("spring", TWO[0], 2))
    assert len(set(seeds)) == 2 and tour.customer == "scripted"
    from simulator.loader import find_scenario

    assert tour.scenarios[1].sha256 == find_scenario(TWO[1]).sha256
    # Every player gets the same seed for the same round.
    assert (
        tm.entry(store, "spring", TWO[0], "ann").seed
        == tm.entry(store, "spring", TWO[0], "bob").seed
    )


@pytest.mark.parametrize(
    ("ids", "options", "message"),
    [
        (["nope"], {}, "unknown scenario 'nope'"),
        ([TWO[0], TWO[0]], {}, "listed twice"),
        ([], {}, "a tournament needs at least one scenario"),
        (TWO, {"rounds": 0}, "rounds of each scenario must be between"),
        (TWO, {"customer": "llm:x"}, "unknown customer"),
        (TWO, {"customer": "replay:/no/such/file.json"}, "cannot read replay file"),
    ],
)
def test_creating_refuses_bad_settings(store, ids, options, message):
    with pytest.raises(UsageError, match=message):
        tm.create(store, "t", ids, **options)


def test_a_name_is_taken_once(store):
    tm.create(store, "spring", TWO)
    with pytest.raises(UsageError, match="already exists"):
        tm.create(store, "spring", TWO[:1])


def test_each_scenario_is_played_once_without_retries(store):
    tm.create(store, "spring", TWO)
    play(store, "ann", tournament="spring")
    with pytest.raises(HotseatError, match="already played 'tires-never-sold'"):
        tm.entry(store, "spring", TWO[0], "ann")
    rnd, sha = new_round(seed=tm.derive_seed("spring", TWO[0], 1))
    with pytest.raises(HotseatError, match="already played"):
        tm.track_round(store, rnd, "ann", None, "spring", sha256=sha)
    with pytest.raises(HotseatError, match="not in tournament 'spring'"):
        tm.entry(store, "spring", "technician-charge-converter-box", "ann")


def test_the_tournament_seed_and_version_are_enforced(store):
    tm.create(store, "spring", TWO)
    rnd, sha = new_round(seed=1)
    with pytest.raises(HotseatError, match="fixes the seed"):
        tm.track_round(store, rnd, "ann", None, "spring", sha256=sha)
    rnd, _ = new_round(seed=tm.derive_seed("spring", TWO[0], 1))
    with pytest.raises(HotseatError, match="has changed since"):
        tm.track_round(store, rnd, "ann", None, "spring", sha256="0" * 64)


def test_with_retries_the_best_try_counts(store):
    tm.create(store, "open", TWO[:1], allow_retries=True)
    good = play(store, "ann", GOOD, tournament="open")
    play(store, "ann", BAD, tournament="open")
    board = tm.leaderboard(store, "open")
    (ann,) = board["players"]
    assert ann["total"] == good.score and ann["played"] == 1 and ann["resolved"] == 1


def test_a_player_keeps_their_team(store):
    tm.create(store, "spring", TWO)
    play(store, "ann", team="red", tournament="spring")
    with pytest.raises(HotseatError, match="plays for team 'red'"):
        tm.entry(store, "spring", TWO[1], "ann", team="blue")
    play(store, "ann", tournament="spring", scenario=TWO[1])  # team remembered
    assert tm.leaderboard(store, "spring")["players"][0]["team"] == "red"


def test_invite_only_needs_the_players_own_code(store):
    tm.create(store, "closed", TWO, invite_only=True)
    ann_code = tm.invite(store, "closed", "ann", "red")
    bob_code = tm.invite(store, "closed", "bob")
    assert ann_code != bob_code and len(ann_code) == 11
    with store.engine.connect() as conn:
        stored = conn.execute(select(schema.entrants)).mappings().all()
    assert all(ann_code not in str(dict(r)) for r in stored)  # hashed, never in clear
    with pytest.raises(HotseatError, match="invite-only"):
        tm.entry(store, "closed", TWO[0], "ann")
    with pytest.raises(HotseatError, match="not valid for player 'ann'"):
        tm.entry(store, "closed", TWO[0], "ann", code=bob_code)  # someone else's code
    with pytest.raises(HotseatError, match="not valid for player 'eve'"):
        tm.entry(store, "closed", TWO[0], "eve", code=ann_code)  # not invited
    play(store, "ann", tournament="closed", code=ann_code.lower())  # typed loosely is fine
    (ann,) = tm.leaderboard(store, "closed")["players"]
    assert ann["player"] == "ann" and ann["team"] == "red"
    with pytest.raises(UsageError, match="open to everyone"):
        tm.create(store, "open", TWO) and tm.invite(store, "open", "ann")


def _finished(
    store,
    tid,
    player,
    *,
    team=None,
    score=50,
    resolved=False,
    dims=(0.5, 0.5, 0, 0),
    flags=0,
    minutes=0,
    scenario="tires-never-sold",
):
    """A finished, counted round written straight to the table."""
    with store.engine.begin() as conn:
        conn.execute(
            insert(schema.rounds).values(
                id=str(uuid.uuid4()),
                player=player,
                team=team,
                scenario_id=scenario,
                scenario_sha256="x",
                scorer="rules@1",
                seed=1,
                customer="scripted",
                tournament_id=tid,
                slot=1,
                attempt=1,
                counted=True,
                outcome="resolved" if resolved else "walked_out",
                score=score,
                empathy=dims[0],
                ownership=dims[1],
                blame=dims[2],
                policy_hiding=dims[3],
                flags=flags,
                turns_played=2,
                started_at=datetime(2026, 1, 1, tzinfo=UTC),
                finished_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes),
            )
        )
        if team:
            conn.execute(
                insert(schema.entrants).values(
                    tournament_id=tid, player=player, team=team, joined_at=datetime.now(UTC)
                )
            )


def test_the_leaderboard_ranks_by_total_then_the_documented_tie_breaks(store):
    tid = tm.create(store, "t", TWO).id
    _finished(store, tid, "top", score=90)
    _finished(store, tid, "resolved", score=60, resolved=True)
    _finished(store, tid, "kinder", score=60, dims=(0.9, 0.9, 0, 0))
    _finished(store, tid, "cleaner", score=60, flags=0, minutes=9)
    _finished(store, tid, "flagged", score=60, flags=3)
    _finished(store, tid, "earlier", score=60, flags=3, minutes=-5)
    _finished(store, tid, "bea", score=10)
    _finished(store, tid, "abe", score=10)
    names = [p["player"] for p in tm.leaderboard(store, "t")["players"]]
    assert names == ["top", "resolved", "kinder", "cleaner", "earlier", "flagged", "abe", "bea"]


def test_team_total_is_the_mean_of_its_players_totals(store):
    tid = tm.create(store, "t", TWO).id
    _finished(store, tid, "a1", team="A", score=80)
    _finished(store, tid, "a1", score=40, scenario=TWO[1])
    _finished(store, tid, "a2", team="A", score=20)
    _finished(store, tid, "b1", team="B", score=65)
    _finished(store, tid, "solo", score=99)
    board = tm.leaderboard(store, "t")
    a1 = next(p for p in board["players"] if p["player"] == "a1")
    assert a1["total"] == 120 and a1["played"] == 2
    teams = [(t["team"], t["total"], sorted(t["players"])) for t in board["teams"]]
    assert teams == [("A", 70.0, ["a1", "a2"]), ("B", 65.0, ["b1"])]


def test_the_leaderboard_is_one_aggregate_query_on_an_index(store):
    sql = str(tm._board_query(1).compile(store.engine)).upper()
    assert sql.count("SELECT") == 2 and "GROUP BY" in sql
    if store.dialect == "sqlite":
        with store.engine.connect() as conn:
            plan = conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN "
                + str(
                    tm._board_query(1).compile(store.engine, compile_kwargs={"literal_binds": True})
                )
            ).all()
        assert any("ix_rounds_board" in str(row) for row in plan)


# ---------------------------------------------------------------- concurrency


def _play_in_process(args):
    url, player, barrier = args
    from store_helpers import GOOD as replies
    from store_helpers import new_round as make

    from simulator import tournament as tmod
    from simulator.store import open_store as op

    with op(url) as s:
        seed = tmod.entry(s, "race", "tires-never-sold", player).seed
        rnd, sha = make(seed=seed)
        tmod.track_round(s, rnd, player, f"team{int(player[1:]) % 5}", "race", sha256=sha)
        rnd.play(replies[0])
        barrier.wait(timeout=120)
        rnd.play(replies[1])
        return s.problems, rnd.score


def test_fifty_players_in_fifty_processes_finishing_at_once(store, db_url, tmp_path, monkeypatch):
    import sys

    tm.create(store, "race", TWO)
    tests_dir = str(__import__("pathlib").Path(__file__).parents[1])
    monkeypatch.setenv(
        "PYTHONPATH", tests_dir + ":" + __import__("os").environ.get("PYTHONPATH", "")
    )
    sys.path.insert(0, tests_dir)
    # fork: fifty fresh interpreters (spawn) take half a minute to import.
    ctx = multiprocessing.get_context("fork")
    store.engine.dispose()  # no pooled connection is shared with the children
    with ctx.Manager() as manager:
        barrier = manager.Barrier(50)
        with ctx.Pool(50) as pool:
            results = pool.map(_play_in_process, [(db_url, f"p{i}", barrier) for i in range(50)])
    assert all(problems == [] for problems, _ in results)
    board = tm.leaderboard(store, "race")
    assert len(board["players"]) == 50
    assert sum(p["total"] for p in board["players"]) == sum(score for _, score in results)
    assert all(p["played"] == 1 and p["resolved"] == 1 for p in board["players"])
    assert sorted(t["team"] for t in board["teams"]) == [f"team{i}" for i in range(5)]
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.rounds)).scalar() == 50
        assert conn.execute(select(func.count()).select_from(schema.turns)).scalar() == 100

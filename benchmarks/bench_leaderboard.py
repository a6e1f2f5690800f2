"""Leaderboard query time on a big tournament: 10,000 players x 20 rounds.

Prints figures only (target: under 300 ms). SQLite always; PostgreSQL too
when HOTSEAT_TEST_PG is set (a throwaway database is created and dropped).

    .venv/bin/python benchmarks/bench_leaderboard.py [--players N] [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from sqlalchemy import insert

from simulator import tournament as tm
from simulator.storage import schema
from simulator.store import open_store

SCENARIOS = ["tires-never-sold", "free-disk-invoice"]


def fill(store, players: int, rounds: int) -> int:
    tour = tm.create(store, "bench", SCENARIOS, rounds=rounds // len(SCENARIOS))
    rng = random.Random(7)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    batch: list[dict] = []
    teams = [f"team{i}" for i in range(50)]
    with store.engine.begin() as conn:
        conn.execute(
            insert(schema.entrants),
            [
                {
                    "tournament_id": tour.id,
                    "player": f"player{p:05d}",
                    "team": teams[p % 50],
                    "joined_at": start,
                }
                for p in range(players)
            ],
        )
    for p in range(players):
        for k in range(rounds):
            score = rng.randint(0, 100)
            batch.append(
                {
                    "id": str(uuid.UUID(int=rng.getrandbits(128))),
                    "player": f"player{p:05d}",
                    "team": teams[p % 50],
                    "scenario_id": SCENARIOS[k % 2],
                    "scenario_sha256": "x" * 64,
                    "scorer": "rules@1",
                    "seed": k,
                    "customer": "scripted",
                    "tournament_id": tour.id,
                    "slot": k // 2 + 1,
                    "attempt": 1,
                    "counted": True,
                    "outcome": "resolved" if score > 60 else "walked_out",
                    "score": score,
                    "empathy": rng.random(),
                    "ownership": rng.random(),
                    "blame": rng.random() / 3,
                    "policy_hiding": rng.random() / 3,
                    "flags": rng.randint(0, 3),
                    "turns_played": 4,
                    "started_at": start,
                    "finished_at": start + timedelta(seconds=rng.randint(0, 10**6)),
                    "source": "live",
                }
            )
        if len(batch) >= 20000:
            with store.engine.begin() as conn:
                conn.execute(insert(schema.rounds), batch)
            batch.clear()
    if batch:
        with store.engine.begin() as conn:
            conn.execute(insert(schema.rounds), batch)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    return players * rounds


def measure(name: str, url: str, players: int, rounds: int) -> None:
    with open_store(url) as store:
        t0 = time.perf_counter()
        n = fill(store, players, rounds)
        filled = time.perf_counter() - t0
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            board = tm.leaderboard(store, "bench")
            times.append((time.perf_counter() - t0) * 1000)
        assert len(board["players"]) == players
        print(
            f"{name:<10} {n:>8,} rounds filled in {filled:5.1f} s; leaderboard "
            f"median {statistics.median(times):6.1f} ms, best {min(times):6.1f} ms "
            f"({players:,} players, {len(board['teams'])} teams; target < 300 ms)"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--players", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_DATA_HOME"] = tmp
        measure("sqlite", str(Path(tmp) / "bench.db"), args.players, args.rounds)
    base = os.environ.get("HOTSEAT_TEST_PG")
    if not base:
        print('postgresql skipped: set HOTSEAT_TEST_PG (eval "$(scripts/pg-test-server)")')
        return
    from store_helpers import fresh_pg_database

    url, drop = fresh_pg_database(base)
    try:
        measure("postgresql", url, args.players, args.rounds)
    finally:
        drop()


if __name__ == "__main__":
    main()

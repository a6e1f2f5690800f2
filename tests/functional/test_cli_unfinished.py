# ruff: noqa: F811 - pytest fixtures imported from store_helpers are arguments here
"""Rounds that were started and never finished: a killed round is listed as
unfinished (in the leaderboard too), can be resumed with its replies
replayed, abandoned (kept on record) or, in a tournament, reset by the
trainer for one new try. On SQLite and PostgreSQL."""

from __future__ import annotations

import json

from store_helpers import GOOD, _own_data_dir, db_url, new_round  # noqa: F401

from simulator import tournament as tm
from simulator.cli import main
from simulator.store import open_store


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def killed_round(db, player, replies, tournament=None):
    """Play ``replies`` and then die: no finish, no close (as a killed process)."""
    store = open_store(db)
    seed = tm.entry(store, tournament, "tires-never-sold", player).seed if tournament else 0
    rnd, sha = new_round(seed=seed)
    if tournament:
        tm.track_round(store, rnd, player, None, tournament, sha256=sha)
    else:
        store.track(rnd, player, sha256=sha)
    for reply in replies:
        rnd.play(reply)
    rid = store.round_id(rnd)
    store.engine.dispose()  # the process is gone; nothing else is written
    return rid, rnd


def test_a_killed_free_round_is_resumed_with_its_replies_replayed(tmp_path, capsys, db_url):
    rid, before = killed_round(db_url, "ann", GOOD[:1])
    code, out, _ = run(capsys, "unfinished", "--player", "ANN", "--db", db_url, "--json")
    listed = json.loads(out)
    assert code == 0 and [(r["id"], r["replies"]) for r in listed] == [(rid, 1)]

    script = tmp_path / "next.txt"
    script.write_text("\n".join(GOOD[1:]) + "\n")
    code, out, err = run(capsys, "resume", rid[:8], "--script", script, "--db", db_url, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["round_id"] == rid and result["resumed"] is True
    first = result["turns"][0]
    assert first["agent"] == GOOD[0] and first["mood"] == before.turns[0].mood
    assert first["customer"] == before.turns[0].customer
    assert len(result["turns"]) >= 2 and result["outcome"] == "resolved"
    with open_store(db_url) as store:
        saved = store.player_rounds("ann")
    assert [(r["id"], r["outcome"]) for r in saved] == [(rid, "resolved")]
    code, out, _ = run(capsys, "unfinished", "--db", db_url, "--json")
    assert json.loads(out) == []
    code, _, err = run(capsys, "resume", rid, "--script", script, "--db", db_url)
    assert code == 2 and "is over (resolved)" in err


def test_an_abandoned_round_stays_on_record(capsys, db_url):
    rid, _ = killed_round(db_url, "bo", GOOD[:1])
    code, out, _ = run(capsys, "abandon", rid, "--db", db_url)
    assert code == 0 and "abandoned" in out
    with open_store(db_url) as store:
        assert [r["outcome"] for r in store.player_rounds("bo")] == ["abandoned"]


def test_a_killed_tournament_round_is_unfinished_on_the_leaderboard_and_can_be_reset(
    tmp_path, capsys, db_url
):
    with open_store(db_url) as store:
        tm.create(store, "cup", ["tires-never-sold"])
    killed_round(db_url, "cy", GOOD[:1], tournament="cup")
    code, out, _ = run(capsys, "tournament", "leaderboard", "cup", "--db", db_url, "--json")
    board = json.loads(out)
    assert [(p["player"], p["played"], p["unfinished"]) for p in board["players"]] == [("cy", 0, 1)]
    code, out, _ = run(capsys, "tournament", "leaderboard", "cup", "--db", db_url)
    assert "unfinished" in out and "cy" in out
    code, out, _ = run(capsys, "tournament", "leaderboard", "cup", "--db", db_url, "--csv")
    assert out.splitlines()[0].endswith(",unfinished") and out.splitlines()[1].endswith(",1")

    # the unfinished round is the attempt: no new try until the trainer resets it
    script = tmp_path / "good.txt"
    script.write_text("\n".join(GOOD) + "\n")
    play = [
        "play",
        "tires-never-sold",
        "--tournament",
        "cup",
        "--player",
        "cy",
        "--script",
        script,
        "--json",
        "--db",
        db_url,
    ]
    code, _, err = run(capsys, *play)
    assert code == 2 and "already played" in err
    code, out, err = run(
        capsys, "tournament", "reset", "cup", "CY", "tires-never-sold", "--db", db_url
    )
    assert code == 0 and "may play 'tires-never-sold' again" in out, err
    code, out, err = run(capsys, *play)
    assert code == 0, err
    code, out, _ = run(capsys, "tournament", "leaderboard", "cup", "--db", db_url, "--json")
    [row] = json.loads(out)["players"]
    assert (row["player"], row["played"], row["unfinished"]) == ("cy", 1, 0)
    code, out, _ = run(capsys, "tournament", "show", "cup", "--db", db_url, "--json")
    assert [e["kind"] for e in json.loads(out)["events"]] == ["reset"]
    report = tmp_path / "cup.html"
    code, _, err = run(capsys, "tournament", "export", "cup", "--html", report, "--db", db_url)
    assert code == 0, err
    assert "round reset for a new try" in report.read_text()
    # only once: a finished round stands
    code, _, err = run(
        capsys, "tournament", "reset", "cup", "cy", "tires-never-sold", "--db", db_url
    )
    assert code == 2 and "was finished" in err


def test_reinviting_into_another_team_needs_move_rounds(tmp_path, capsys, db_url):
    db = ("--db", db_url)
    run(
        capsys,
        "tournament",
        "create",
        "inv",
        "--scenarios",
        "tires-never-sold",
        "--invite-only",
        *db,
    )
    code, out, _ = run(capsys, "tournament", "invite", "inv", "dee", "--team", "red", *db)
    dee_code = out.split()[0]
    script = tmp_path / "good.txt"
    script.write_text("\n".join(GOOD) + "\n")
    code, _, err = run(
        capsys,
        "play",
        "tires-never-sold",
        "--tournament",
        "inv",
        "--player",
        "dee",
        "--code",
        dee_code,
        "--script",
        script,
        *db,
    )
    assert code == 0, err
    code, _, err = run(capsys, "tournament", "invite", "inv", "dee", "--team", "blue", *db)
    assert code == 2 and "--move-rounds" in err and "'red'" in err
    code, out, _ = run(capsys, "tournament", "leaderboard", "inv", "--json", *db)
    assert json.loads(out)["players"][0]["team"] == "red"
    code, _, err = run(
        capsys, "tournament", "invite", "inv", "dee", "--team", "blue", "--move-rounds", *db
    )
    assert code == 0, err
    code, out, _ = run(capsys, "tournament", "leaderboard", "inv", "--json", *db)
    assert json.loads(out)["players"][0]["team"] == "blue"
    code, out, _ = run(capsys, "tournament", "show", "inv", "--json", *db)
    [moved] = json.loads(out)["events"]
    assert moved["kind"] == "moved" and "'red' to 'blue'" in moved["detail"]


def test_an_open_tournament_may_ask_for_a_shared_join_code(tmp_path, capsys, db_url):
    db = ("--db", db_url)
    code, _, err = run(
        capsys,
        "tournament",
        "create",
        "open",
        "--scenarios",
        "tires-never-sold",
        "--join-code",
        "team-2026",
        *db,
    )
    assert code == 0, err
    script = tmp_path / "good.txt"
    script.write_text("\n".join(GOOD) + "\n")
    base = [
        "play",
        "tires-never-sold",
        "--tournament",
        "open",
        "--player",
        "eve",
        "--script",
        script,
        *db,
    ]
    code, _, err = run(capsys, *base)
    assert code == 2 and "needs its join code" in err
    code, _, err = run(capsys, *base, "--code", "wrong-code")
    assert code == 2 and "not valid" in err
    code, _, err = run(capsys, *base, "--code", "TEAM-2026")
    assert code == 0, err
    code, out, _ = run(capsys, "tournament", "show", "open", "--json", *db)
    shown = json.loads(out)
    assert shown["join_code"] is True and "team-2026" not in out.lower()


def test_show_lists_invited_players_who_have_not_played(capsys, db_url):
    db = ("--db", db_url)
    run(
        capsys,
        "tournament",
        "create",
        "inv2",
        "--scenarios",
        "tires-never-sold",
        "--invite-only",
        *db,
    )
    for p in ("fay", "gus"):
        run(capsys, "tournament", "invite", "inv2", p, *db)
    _code, out, _ = run(capsys, "tournament", "show", "inv2", *db)
    assert "not played yet: fay, gus" in out

# ruff: noqa: F811 - pytest fixtures imported from store_helpers are arguments here
"""Who played: names compared after NFC, case folding and whitespace (the
first spelling kept), empty names refused, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from store_helpers import _own_data_dir, db_url, play  # noqa: F401

from simulator import tournament as tm
from simulator.errors import HotseatError, UsageError
from simulator.storage.common import check_name, name_key
from simulator.store import open_store


@pytest.fixture
def store(db_url):
    with open_store(db_url) as s:
        yield s


def test_spellings_of_one_name_share_a_key():
    assert name_key("BOB") == name_key("bob") == name_key("  Bob ")
    assert name_key("Zoë") == name_key("Zoe\u0308")  # composed and decomposed
    assert name_key("Straße") == name_key("STRASSE")
    assert name_key("Ann  Lee") == name_key("ann lee")
    assert name_key("Ann") != name_key("Anne")


@pytest.mark.parametrize("empty", ["", "   ", "\t\n"])
def test_an_empty_name_is_refused(empty):
    with pytest.raises(UsageError, match="name is empty"):
        check_name(empty, "player")


def test_bob_after_bob_is_the_same_player_and_may_not_retry(store):
    tm.create(store, "spring", ["tires-never-sold"])
    play(store, "bob", tournament="spring")
    for other in ("BOB", "Bob", " bob ", "BOB"):
        with pytest.raises(HotseatError, match="already played"):
            tm.entry(store, "spring", "tires-never-sold", other)
    board = tm.leaderboard(store, "spring")
    assert [p["player"] for p in board["players"]] == ["bob"]  # the first spelling


def test_free_rounds_under_two_spellings_are_one_players(store):
    play(store, "Zoë")
    play(store, "ZOE\u0308")
    rounds = store.player_rounds("zoë")
    assert len(rounds) == 2 and {r["player"] for r in rounds} == {"Zoë"}
    assert store.players() == ["Zoë"]


def test_team_names_are_compared_the_same_way(store):
    tm.create(store, "cup", ["tires-never-sold"])
    play(store, "ann", team="Red Team", tournament="cup")
    play(store, "cy", team="red  team", tournament="cup")
    board = tm.leaderboard(store, "cup")
    assert [t["team"] for t in board["teams"]] == ["Red Team"]
    assert sorted(board["teams"][0]["players"]) == ["ann", "cy"]


def test_an_empty_player_is_refused_on_the_command_line(tmp_path, capsys):
    from simulator.cli import main

    script = tmp_path / "s.txt"
    script.write_text("Sorry about that.\n")
    code = main(
        [
            "play",
            "tires-never-sold",
            "--script",
            str(script),
            "--player",
            "  ",
            "--db",
            str(tmp_path / "r.db"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and "player name is empty" in err

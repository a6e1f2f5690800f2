"""Tournaments in the TUI: join, play a round with the tournament's seed and
customer, the same refusals as ``hotseat play --tournament`` (wrong code,
second try, scenario not in it), and the live leaderboard."""

from __future__ import annotations

import asyncio

import pytest

from simulator import tournament as tm
from simulator.customers.factory import make_customer
from simulator.engine import Round
from simulator.loader import load_library
from simulator.store import open_store
from simulator.tui.screens.debrief import DebriefScreen
from simulator.tui.screens.leaderboard import LeaderboardScreen
from simulator.tui.screens.round import RoundScreen
from simulator.tui.screens.tournament import TournamentScreen

TIRES = "tires-never-sold"
OTHER = "free-disk-invoice"
NASTY = "[bold red]x[/]"


@pytest.fixture
def db(user_dirs):
    return str(user_dirs / "results.db")


def create(db: str, name: str = "spring", **options) -> None:
    store = open_store(db)
    try:
        tm.create(store, name, [TIRES, OTHER], **options)
    finally:
        store.close()


def invite(db: str, name: str, player: str, team: str | None = None) -> str:
    store = open_store(db)
    try:
        return tm.invite(store, name, player, team)
    finally:
        store.close()


def board(db: str, name: str = "spring") -> dict:
    store = open_store(db)
    try:
        return tm.leaderboard(store, name)
    finally:
        store.close()


async def settle(pilot) -> None:
    """Let the workers finish and their results reach the screen."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def cells(table, column: int) -> list[str]:
    return [str(table.get_row_at(i)[column]) for i in range(table.row_count)]


async def open_join(pilot) -> TournamentScreen:
    await settle(pilot)
    await pilot.press("ctrl+b")
    await settle(pilot)
    assert isinstance(pilot.app.screen, TournamentScreen)
    return pilot.app.screen


async def join(pilot, player: str, team: str = "", code: str = "") -> TournamentScreen:
    screen = pilot.app.screen
    screen.query_one("#t-player").value = player
    screen.query_one("#t-team").value = team
    screen.query_one("#t-code").value = code
    screen.query_one("#t-player").focus()
    await pilot.press("enter")
    await settle(pilot)
    return screen


async def play_out(pilot, tui, replies: list[str]) -> None:
    """Play ``replies`` until the round ends, then Enter to the debrief."""
    assert isinstance(pilot.app.screen, RoundScreen)
    for reply in replies:
        if pilot.app.round.finished:
            break
        await tui.send(pilot, reply)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DebriefScreen)


def play_headless(db: str, player: str, team: str, replies: list[str]) -> None:
    """Another player finishes a round elsewhere (their own store connection)."""
    loaded = load_library().get(TIRES)
    store = open_store(db)
    try:
        entry = tm.entry(store, "spring", TIRES, player, team)
        rnd = Round(loaded.scenario, customer=make_customer("scripted"), seed=entry.seed)
        tm.track_round(store, rnd, player, team, "spring", sha256=loaded.sha256)
        for reply in replies:
            if not rnd.finished:
                rnd.play(reply)
        store.finish(rnd)
    finally:
        store.close()


async def test_three_players_two_teams_and_a_live_leaderboard(make_app, db, tui):
    create(db)
    plays = [("ann", "red", tui.GOOD), ("bob", "red", tui.BAD), (NASTY, "blue", tui.GOOD)]
    for player, team, replies in plays:
        app = make_app(player="someone")
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_join(pilot)
            # The only tournament is picked; it is open, so there is no code box.
            assert screen.query_one("#tournament").value == "spring"
            assert not screen.query_one("#t-code").display
            await join(pilot, player, team)
            table = screen.query_one("#t-scenarios")
            assert table.row_count == 2 and app.seat.player == player
            assert [str(c) for c in table.get_row_at(0)][2] == "play"
            table.focus()
            await pilot.press("enter")  # the first row: the tires story
            await settle(pilot)
            # The tournament's seed and customer, not the practice ones.
            entry_seed = tm.derive_seed("spring", TIRES, 1)
            assert app.round.seed == entry_seed and app.round.customer.kind == "scripted"
            assert "spring" in app.screen.sub_title
            await play_out(pilot, tui, replies)
            # Back on the join screen, the story is marked played, with the score.
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, TournamentScreen)
            row = [str(c) for c in app.screen.query_one("#t-scenarios").get_row_at(0)]
            assert row[2] == "played" and app.round_seat is None
            mine = next(p for p in board(db)["players"] if p["player"] == player)
            assert row[1].split()[0] == str(mine["total"])

    expected = board(db)
    order = [p["player"] for p in expected["players"]]
    assert order[-1] == "bob" and set(order) == {"ann", "bob", NASTY}

    app = make_app(player="ann")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_join(pilot)
        await pilot.press("ctrl+b")  # the leaderboard of the picked tournament
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LeaderboardScreen)
        players, teams = screen.query_one("#lb-players"), screen.query_one("#lb-teams")
        assert cells(players, 1) == order
        assert cells(players, 3) == [str(p["total"]) for p in expected["players"]]
        assert cells(teams, 1) == [t["team"] for t in expected["teams"]]
        totals = dict(zip(cells(teams, 1), cells(teams, 2), strict=True))
        scores = {p["player"]: p["total"] for p in expected["players"]}
        assert float(totals["red"]) == (scores["ann"] + scores["bob"]) / 2
        assert float(totals["blue"]) == scores[NASTY]
        # The name is shown as typed, never read as markup.
        assert NASTY in tui.screen_text(app)

        # A result from another process arrives while the screen is open.
        play_headless(db, "dora", "blue", tui.GOOD)
        for _ in range(3):  # a query already under way may predate it
            screen.updated.clear()
            await asyncio.wait_for(screen.updated.wait(), timeout=10)
            if "dora" in cells(players, 1):
                break
        assert "dora" in cells(players, 1)
        assert cells(teams, 3)[cells(teams, 1).index("blue")] == "2"  # two players now
        assert screen.refresher is not None


async def test_invite_only_refuses_a_wrong_code_and_takes_the_right_one(make_app, db, tui):
    create(db, "closed", invite_only=True)
    code = invite(db, "closed", "ann", "red")
    app = make_app(player="ann")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_join(pilot)
        box = screen.query_one("#t-code")
        assert box.display and box.password  # asked for, and not shown as typed
        await join(pilot, "ann", code="")
        assert any("invite-only" in n for n in tui.notifications(app))
        assert screen.query_one("#t-scenarios").row_count == 0
        await join(pilot, "ann", code="WRONG-CODE2")
        assert any("join code is not valid" in n for n in tui.notifications(app))
        assert screen.query_one("#t-scenarios").row_count == 0
        # Someone else's name with ann's code is refused too.
        await join(pilot, "bob", code=code)
        assert screen.query_one("#t-scenarios").row_count == 0
        await join(pilot, "ann", code=code.lower())
        table = screen.query_one("#t-scenarios")
        assert table.row_count == 2
        assert screen.query_one("#t-team").value == "red"  # the team of the invite
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RoundScreen)
        assert app.round.seed == tm.derive_seed("closed", TIRES, 1)


async def test_play_tournament_from_the_command_line_checks_the_code(make_app, db, tui):
    create(db, "closed", invite_only=True)
    code = invite(db, "closed", "ann")
    app = make_app(player="ann", tournament="closed", code="NOPE-NOPE", scenario_id=TIRES)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        # Refused: the join screen, filled in, so the code can be put right.
        assert isinstance(app.screen, TournamentScreen)
        assert app.round is None
        assert any("join code is not valid" in n for n in tui.notifications(app))
    app = make_app(player="ann", tournament="closed", code=code, scenario_id=TIRES)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, RoundScreen)
        assert app.round.seed == tm.derive_seed("closed", TIRES, 1)


async def test_a_second_try_and_a_scenario_outside_the_tournament_are_refused(make_app, db, tui):
    create(db)
    app = make_app(player="ann", tournament="spring", scenario_id=TIRES)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        # No rewinding a tournament round: everyone gets the same one go.
        await tui.send(pilot, tui.BAD[0])
        await pilot.press("ctrl+r")
        assert len(app.round.turns) == 1
        assert any("no rewinding" in n for n in tui.notifications(app))
        await play_out(pilot, tui, tui.BAD[1:])
        await pilot.press("r")  # play again: a second try
        await settle(pilot)
        assert isinstance(app.screen, DebriefScreen)
        assert any("already played" in n for n in tui.notifications(app))
        await pilot.press("escape")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TournamentScreen)
        table = screen.query_one("#t-scenarios")
        table.focus()
        await pilot.press("enter")  # the played one
        await settle(pilot)
        assert app.screen is screen
        assert sum("already played" in n for n in tui.notifications(app)) == 2
    assert [p["played"] for p in board(db)["players"]] == [1]

    app = make_app(player="ann", tournament="spring", scenario_id="thank-you-note")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.round is None
        assert any("not in tournament 'spring'" in n for n in tui.notifications(app))


async def test_a_tournament_round_debrief_opens_the_leaderboard(make_app, db, tui):
    create(db)
    app = make_app(player=NASTY, tournament="spring", scenario_id=TIRES)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await play_out(pilot, tui, tui.GOOD)
        await pilot.press("b")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LeaderboardScreen)
        assert cells(screen.query_one("#lb-players"), 1) == [NASTY]
        assert NASTY in tui.screen_text(app)
        for widget in (screen.query_one("#lb-players"), screen.query_one("#lb-teams")):
            r = widget.region
            assert r.height >= 3 and r.right <= 80 and r.bottom <= 24
        # Every column, the dimensions last, fits at 80 columns.
        assert "Pol" in tui.screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DebriefScreen)

"""The whole app: help, the command palette, themes, small terminals,
progress from the results store, and how the CLI opens it."""

from __future__ import annotations

import sys

import pytest
from textual.command import CommandPalette
from textual.containers import ScrollableContainer

from simulator.tui.screens.debrief import DebriefScreen
from simulator.tui.screens.help import HelpScreen
from simulator.tui.screens.home import HomeScreen
from simulator.tui.screens.progress import ProgressScreen
from simulator.tui.screens.round import RoundScreen


async def test_help_opens_with_f1_and_question_mark_and_closes(make_app, tui):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        for _ in range(50):  # the Markdown renders a moment after mounting
            text = tui.screen_text(app)
            if "Ctrl+R" in text:
                break
            await pilot.pause()
        assert "Ctrl+R rewind" in text and "Ctrl+T a coaching tip" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        app.screen.query_one("#scenarios").focus()  # "?" types in a text box
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_question_mark_in_a_reply_is_just_a_question_mark(make_app, tui):
    app = make_app(scenario_id=tui.TIRES)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, RoundScreen)
        assert app.screen.query_one("#reply").value == "?"


async def test_the_palette_plays_a_scenario_by_name(make_app, tui):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert CommandPalette.is_open(app)
        await pilot.press(*"play two tires")
        await pilot.pause(0.3)  # the palette searches in the background
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RoundScreen)
        assert app.round.scenario.id == tui.TIRES


async def test_the_palette_offers_the_round_and_debrief_actions(make_app, tui):
    from simulator.tui.commands import HotseatCommands

    app = make_app(scenario_id=tui.TIRES)
    async with app.run_test(size=(100, 30)) as pilot:
        names = [n for n, *_ in HotseatCommands(app.screen).commands()]
        assert "Rewind the last reply" in names and "Tip: a coaching tip" in names
        await tui.send(pilot, tui.GOOD[0])
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        names = [n for n, *_ in HotseatCommands(app.screen).commands()]
        assert "Save the transcript" in names and "Play again" in names


async def test_the_theme_toggles_and_is_remembered(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.current_theme.dark
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not app.current_theme.dark
    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        assert not again.current_theme.dark


def fits(app) -> None:
    """The screen's panes (and theirs) lie inside the terminal, none empty."""
    width, height = app.size
    panes = [
        w
        for top in app.screen.children
        if top.display  # a hidden row (home's LLM options) takes no room
        for w in (top, *(() if isinstance(top, ScrollableContainer) else top.children))
    ]
    for widget in panes:
        if widget.display:
            r = widget.region
            assert r.area, f"{widget} has no room"
            assert r.right <= width and r.bottom <= height, f"{widget} spills out: {r}"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_screen_works_at_80x24_and_larger(make_app, tui, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        fits(app)
        assert app.screen.query_one("#detail").region.width >= 20
        await pilot.press(*"tires", "enter")
        await pilot.pause()
        fits(app)
        await tui.send(pilot, tui.BAD[0])
        assert app.screen.query_one("#status").region.width >= 28
        assert app.screen.query_one("#conversation").region.width >= 40
        fits(app)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        fits(app)
        assert app.screen.query_one("#turns").region.height >= 5
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        fits(app)


async def test_progress_lists_the_players_rounds_with_trends(make_app, tui):
    app = make_app(scenario_id=tui.TIRES)
    async with app.run_test(size=(100, 30)) as pilot:
        for replies in (tui.BAD, tui.GOOD):
            for reply in replies:
                if app.round.finished:
                    break
                await tui.send(pilot, reply)
            await pilot.press("enter")  # to the debrief
            await pilot.pause()
            await pilot.press("r")  # play again
            await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        table = app.screen.query_one("#rounds")
        assert table.row_count == 2
        outcomes = {str(table.get_row_at(i)[2]) for i in range(2)}
        assert "resolved" in outcomes
        trend = tui.shown(app.screen.query_one("#trend"))
        assert "Empathy" in trend and "Score" in trend
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_progress_without_a_results_store_says_so(make_app, monkeypatch, tui):
    monkeypatch.setitem(sys.modules, "simulator.store", None)  # import fails
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "no results store yet" in tui.shown(app.screen.query_one("#trend"))


async def test_a_results_store_that_fails_is_a_notification_not_a_crash(make_app, tui, tmp_path):
    folder = tmp_path / "a-folder.db"
    folder.mkdir()
    app = make_app(scenario_id=tui.TIRES, db=str(folder))
    async with app.run_test(size=(100, 30)) as pilot:
        await tui.send(pilot, tui.GOOD[0])
        assert isinstance(app.screen, RoundScreen)
        assert app.round.turns[0].customer
        assert any("results" in n or "round" in n for n in tui.notifications(app))


def test_launch_tui_passes_its_typed_options(monkeypatch, user_dirs):
    from simulator.cli import tui_launch
    from simulator.launch import LaunchOptions
    from simulator.tui.app import HotseatApp

    seen = {}

    def fake_run(self):
        seen.update(start=self.start_with, player=self.prefs.player, db=self.results.db)

    monkeypatch.setattr(HotseatApp, "run", fake_run)
    code = tui_launch.launch_tui(
        LaunchOptions(
            scenario_id="tires-never-sold",
            player="Ana",
            paths=None,
            db=str(user_dirs / "r.db"),
            model=None,
            tournament=None,
        )
    )
    assert code == 0
    assert seen == {"start": "tires-never-sold", "player": "Ana", "db": str(user_dirs / "r.db")}

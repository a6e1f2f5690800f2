"""Home: the scenario library, search and filters, broken files, the player."""

from __future__ import annotations

import shutil

from simulator.customers.factory import CUSTOMER_KINDS
from simulator.loader import builtin_dir, load_library
from simulator.tui.screens.home import HomeScreen
from simulator.tui.screens.round import RoundScreen
from simulator.tui.widgets.library import LibraryTable


def titles(app) -> list[str]:
    table = app.screen.query_one(LibraryTable)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


async def test_home_lists_the_library_with_a_detail_pane(make_app, tui):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        library = load_library()
        assert sorted(titles(app)) == sorted(s.scenario.title for s in library.scenarios)
        # The detail pane follows the cursor: situation, customer and source.
        first = library.get(app.screen.current().key).scenario
        detail = tui.shown(app.screen.query_one("#detail-text"))
        assert first.title in detail and first.customer.name in detail
        assert first.source.split()[0] in detail
        await pilot.press("down")
        assert app.screen.current().loaded.scenario.title != first.title


async def test_search_and_difficulty_filter(make_app, tui):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"tires")
        assert titles(app) == ["Two tires at a store that never sold tires"]
        detail = tui.shown(app.screen.query_one("#detail-text"))
        assert "Walt Hendricks" in detail and "Nordstrom" in detail
        await pilot.press("ctrl+u")  # clear the search box
        app.screen.query_one("#level").value = "hard"
        await pilot.pause()
        hard = {
            s.scenario.title for s in load_library().scenarios if s.scenario.difficulty == "hard"
        }
        assert set(titles(app)) == hard


async def test_enter_starts_the_selected_scenario(make_app, tui):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"never sold", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RoundScreen)
        assert app.round.scenario.id == tui.TIRES
        assert app.round.customer.kind == "scripted"


async def test_a_broken_scenario_file_is_listed_with_its_error(make_app, tmp_path, tui):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    shutil.copy(builtin_dir() / f"{tui.TIRES}.yaml", folder)
    (folder / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    app = make_app(paths=[str(folder)])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert titles(app) == ["Two tires at a store that never sold tires", "broken.yaml"]
        await pilot.press("down")
        assert app.screen.current().broken
        detail = tui.shown(app.screen.query_one("#detail-text"))
        assert "This file does not load" in detail and "invalid YAML" in detail
        assert "• line 3, col 1:" in detail or "• line 2" in detail
        # Enter on it explains instead of crashing.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("does not load" in n for n in tui.notifications(app))


async def test_the_player_name_is_remembered_between_runs(make_app):
    app = make_app(player=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#player").value = "Rosa [b]Diaz[/b]"
        app.screen.query_one("#scenarios").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RoundScreen)
    again = make_app(player=None)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert again.screen.query_one("#player").value == "Rosa [b]Diaz[/b]"


async def test_an_empty_player_name_is_asked_for(make_app, tui):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#player").value = "   "
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.focused.id == "player"
        assert any("name" in n for n in tui.notifications(app))


async def test_the_customer_select_offers_every_kind_scripted_first(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        select = app.screen.query_one("#customer")
        assert select.value == "scripted"
        assert [value for _label, value in select._options] == list(CUSTOMER_KINDS)

"""The trainer's workbench in the TUI: the try view (F2) and play --watch."""

from __future__ import annotations

import os
import time

from simulator.loader import builtin_dir
from simulator.tui.screens.round import RoundScreen
from simulator.tui.screens.try_view import TryScreen

TIRES_TEXT = (builtin_dir() / "tires-never-sold.yaml").read_text()


async def test_try_view_shows_how_the_typed_reply_would_be_taken(make_app, tui):
    app = make_app(scenario_id=tui.TIRES)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#reply").value = "What I can do for you is refund the $180 now."
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, TryScreen)
        text = tui.shown(app.screen.query_one("#try-text"))
        assert "offers_refund" in text and "skeptical" in text and "-> relieved" in text
        # every cue says why: the clause that came closest and how alike it is
        assert "yes offers_refund" in text and "no  asks_receipt" in text
        assert "(threshold 0.48)" in text
        assert app.round.turns == []  # nothing was sent
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RoundScreen)
        assert app.screen.query_one("#reply").value.startswith("What I can do")


async def test_try_view_with_an_empty_box_says_why(make_app, tui):
    app = make_app(scenario_id=tui.TIRES)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, RoundScreen)
        assert any("empty reply" in n for n in tui.notifications(app))


def _save(path, text):
    path.write_text(text)
    # a distinct mtime even on coarse file systems
    later = time.time() + 2
    os.utime(path, (later, later))


async def test_watch_reloads_on_save_and_replays_the_replies(make_app, tui, tmp_path):
    story = tmp_path / "tires-never-sold.yaml"
    story.write_text(TIRES_TEXT)
    app = make_app(scenario_id=tui.TIRES, paths=[story], watch=str(story))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RoundScreen) and screen.watched_file == story
        await tui.send(pilot, tui.GOOD[0])
        # A broken save: the problems show, the last good version keeps playing.
        _save(story, TIRES_TEXT.replace("opening:", "openin:"))
        screen._check_watched()
        await pilot.pause()
        assert any("openin" in n and "last good version" in n for n in tui.notifications(app))
        assert app.round.scenario.opening.startswith("Afternoon")
        # A good save: offered, then replayed against the new version.
        _save(story, TIRES_TEXT.replace("  mood: 35\n", "  mood: 50\n", 1))
        screen._check_watched()
        await pilot.pause()
        assert any("Ctrl+Y replays your 1 reply" in n for n in tui.notifications(app))
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.round.scenario.customer.mood == 50
        assert [t.agent for t in app.round.turns] == [tui.GOOD[0]]
        assert app.round.turns[0].before.mood == 50
        assert not app.round.finished
        assert "Type your reply" in app.screen.query_one("#reply").placeholder


async def test_a_missing_model_is_one_line_on_screen_not_a_crash(
    make_app, tui, tmp_path, monkeypatch
):
    import scoring.learned as learned

    monkeypatch.setattr(learned, "MODEL_DIR", tmp_path / "no-model")
    monkeypatch.setattr(learned, "_CACHE", {})
    app = make_app(scenario_id=tui.TIRES)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        shown = tui.notifications(app)
        assert any("model.json" in n and "--judge rules" in n for n in shown), shown
        assert not isinstance(app.screen, RoundScreen)  # no round without a judge

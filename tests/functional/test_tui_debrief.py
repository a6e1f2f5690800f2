"""The debrief: the verdict, every turn with better phrasings, the rewound
tries, the mood chart; and what to do next (again, home, save, back)."""

from __future__ import annotations

import json

from simulator.tui.screens.debrief import DebriefScreen
from simulator.tui.screens.home import HomeScreen
from simulator.tui.screens.round import RoundScreen
from simulator.tui.widgets.charts import MoodChart
from simulator.tui.widgets.turn_card import TurnCard


async def play_to_debrief(pilot, tui, replies, *, rewind_first=False):
    app = pilot.app
    if rewind_first:
        await tui.send(pilot, tui.BAD[0])
        await pilot.press("ctrl+u", "ctrl+r")
        app.screen.query_one("#reply").value = ""
    for reply in replies:
        if app.round.finished:
            break
        await tui.send(pilot, reply)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, DebriefScreen)
    return app.screen


async def test_a_won_round_is_debriefed_turn_by_turn(make_app, tui):
    app = make_app(scenario_id=tui.TIRES)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await play_to_debrief(pilot, tui, tui.GOOD, rewind_first=True)
        rnd = app.round
        headline = tui.shown(screen.query_one("#headline"))
        assert "RESOLVED" in headline
        assert f"Score {rnd.score} · grade" in headline
        assert "1 rewound" in headline
        cards = list(screen.query(TurnCard))
        # The rewound try comes first, marked, then the try that counted.
        assert len(cards) == len(rnd.turns) + 1
        assert "rewound" in str(cards[0].border_title)
        assert cards[0].has_class("retry")
        first = tui.shown(cards[0])
        assert "✗ “We don't sell tires”" in first and "A model reply" in first
        assert rnd.scenario.examples.good[0] in first
        assert "try 2" in str(cards[1].border_title)
        chart = screen.query_one(MoodChart)
        assert chart.moods == [35, *(t.mood for t in rnd.turns)]


async def test_save_writes_the_transcript_into_the_chosen_folder(make_app, tui, tmp_path):
    app = make_app(scenario_id=tui.TIRES, transcripts=str(tmp_path / "out"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await play_to_debrief(pilot, tui, tui.BAD)
        await pilot.press("s")
        await pilot.pause()
        json_path, md_path = screen.saved
        assert json_path.parent == tmp_path / "out"
        data = json.loads(json_path.read_text(encoding="utf-8"))
        assert data["scenario"] == tui.TIRES and data["player"] == "Ana"
        assert data["outcome"] == app.round.outcome
        assert "# Two tires at a store that never sold tires" in md_path.read_text("utf-8")
        assert any("Transcript saved" in n or str(md_path) in n for n in tui.notifications(app))


async def test_a_save_that_fails_is_a_notification(make_app, tui, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    app = make_app(scenario_id=tui.TIRES, transcripts=str(blocker / "sub"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await play_to_debrief(pilot, tui, tui.BAD)
        await pilot.press("s")
        await pilot.pause()
        assert screen.saved is None
        assert any("cannot save the transcript" in n for n in tui.notifications(app))


async def test_play_again_home_and_back_into_the_round(make_app, tui):
    app = make_app(scenario_id=tui.TIRES)
    async with app.run_test(size=(100, 30)) as pilot:
        await play_to_debrief(pilot, tui, tui.BAD)
        first = app.round
        played = len(first.turns)
        # Back into the round: the last reply is taken back.
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, RoundScreen) and app.round is first
        assert len(first.turns) == played - 1 and not first.finished
        await pilot.press("ctrl+g")
        await pilot.pause()
        # Play again: a new round of the same scenario.
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RoundScreen)
        assert app.round is not first and app.round.scenario.id == tui.TIRES
        assert not app.round.history
        await pilot.press("ctrl+g")  # no reply yet: straight home
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert len(app.screen_stack) == 2


async def test_home_from_the_debrief(make_app, tui):
    app = make_app(scenario_id=tui.TIRES)
    async with app.run_test(size=(100, 30)) as pilot:
        await play_to_debrief(pilot, tui, tui.BAD)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.round is None

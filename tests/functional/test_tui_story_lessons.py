"""The stories' other lessons in the TUI: the quiet SLA clock (it stops at the
first key), the debrief's promise ledger and delights, and the follow-up
round one key from the debrief."""

from __future__ import annotations

from simulator.tui.screens.debrief import DebriefScreen
from simulator.tui.screens.round import RoundScreen


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def reply_after(pilot, clock, seconds, text, type_for=0.0):
    """Wait ``seconds`` after the customer spoke, then type for ``type_for``."""
    screen = pilot.app.screen
    clock.now += seconds
    screen._tick()
    await pilot.press(text[0])  # the first key stops the clock
    screen.query_one("#reply").value = text
    await pilot.pause()
    clock.now += type_for
    await pilot.press("enter")
    await settle(pilot)
    return pilot.app.round.turns[-1]


async def test_a_slow_reply_drains_mood_and_typing_time_does_not(make_app, tui):
    moods = {}
    for name, wait in (("fast", 10), ("slow", 100)):
        app = make_app(scenario_id="chat-not-getting-it")
        async with app.run_test(size=(110, 36)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, RoundScreen)
            clock = FakeClock()
            screen.clock = clock
            screen._start_clock()
            # a long time typing must not count against the trainee
            turn = await reply_after(
                pilot, clock, wait, "Sorry this is fiddly. What does the screen show?", 300
            )
            assert turn.seconds == wait
            moods[name] = (turn.mood, turn.late)
            if name == "slow":
                status = tui.shown(screen.query_one("#clock"))
                assert "Waiting 0:00 / SLA 1:00" in status  # restarted for the next reply
                assert "hello?? are you still there" in turn.customer
                assert any("still there" in n for n in tui.notifications(app))
    assert moods["fast"][1] == 0 and moods["slow"][1] == 8
    assert moods["slow"][0] == moods["fast"][0] - 8


async def test_the_debrief_shows_the_ledger_and_the_follow_up_is_one_key_away(make_app, tui):
    app = make_app(scenario_id="broken-callback-promise")
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        await tui.send(pilot, "I'm sorry. Someone will call you back about a date soon.")
        await pilot.press("ctrl+g")
        await settle(pilot)
        if not isinstance(app.screen, DebriefScreen):
            await pilot.press("enter")
            await settle(pilot)
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        ledger = tui.shown(debrief.query_one("#ledger"))
        assert "Promises:" in ledger and "✗ turn 1" in ledger and "who does what, by when" in ledger
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, RoundScreen)
        assert app.round.scenario.id == "callback-two-days-later"
        assert "Someone will call you back about a date soon." in app.round.opening
        assert app.round.held_to is not None and not app.round.held_to.concrete


async def test_a_delight_is_shown_in_the_debrief(make_app, tui):
    app = make_app(scenario_id="waiter-four-spills")
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        await tui.send(
            pilot,
            "I'm so sorry, four times on her birthday is awful. Dinner is on us, "
            "and I'm bringing a birthday dessert for your mother.",
        )
        await pilot.press("ctrl+g")
        await settle(pilot)
        if not isinstance(app.screen, DebriefScreen):
            await pilot.press("enter")
            await settle(pilot)
        assert "You went beyond: birthday dessert" in tui.shown(app.screen.query_one("#ledger"))

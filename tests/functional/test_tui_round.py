"""The round screen: replies scored and highlighted, the customer's line
streamed, refusals, rewind, tips, the stop key, the end of the round."""

from __future__ import annotations

import threading

from simulator.customers import Customer
from simulator.tui.screens.debrief import DebriefScreen
from simulator.tui.screens.round import RoundScreen
from simulator.tui.widgets.conversation import Bubble
from simulator.tui.widgets.meter import Meter


def bubbles(app, side: str) -> list[Bubble]:
    return list(app.screen.query(Bubble).filter(f".{side}"))


def meter(app, name: str) -> float | None:
    return app.screen.query_one(f"#{name}", Meter).value


async def test_a_reply_is_scored_highlighted_and_answered(make_app, tui):
    app = make_app(scenario_id=tui.TIRES)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RoundScreen)
        assert meter(app, "mood") == 35
        assert "Turn 1 of 6 · 6 left" in tui.shown(app.screen.query_one("#turns"))
        await tui.send(pilot, tui.BAD[0])
        turn = app.round.turns[0]
        # The scores of the reply are on the meters, the flagged phrases in red.
        assert meter(app, "dim-blame") == turn.score.values()["blame"] > 0.5
        assert meter(app, "dim-policy_hiding") > 0.5
        assert meter(app, "mood") == turn.mood < 35
        reply = bubbles(app, "agent")[-1]
        text = reply.content
        assert text.plain == tui.BAD[0]
        red = {text.plain[s.start : s.end] for s in text.spans if "red" in str(s.style)}
        assert "We don't sell tires" in red and "You must have bought" in red
        assert str(reply.border_subtitle).startswith(f"{turn.points} pts")
        # The customer's answer is tui.shown in full once streamed.
        line = bubbles(app, "customer")[-1]
        assert tui.shown(line) == turn.customer == app.round.last_line
        assert "Turn 2 of 6 · 5 left" in tui.shown(app.screen.query_one("#turns"))


async def test_good_replies_are_marked_green(make_app, tui):
    app = make_app(scenario_id=tui.TIRES)
    async with app.run_test(size=(100, 30)) as pilot:
        await tui.send(pilot, tui.GOOD[0])
        text = bubbles(app, "agent")[-1].content
        green = [text.plain[s.start : s.end] for s in text.spans if "green" in str(s.style)]
        assert green, "the empathy phrase should be highlighted"
        assert meter(app, "dim-empathy") >= 0.5


async def test_markup_in_a_reply_or_name_shows_literally(make_app, tui):
    app = make_app(scenario_id=tui.TIRES, player="[bold]Ana[/bold]")
    async with app.run_test(size=(100, 30)) as pilot:
        for hostile in ["[bold red]hi[/]", "[link=http://evil.example]click[/link]"]:
            await tui.send(pilot, hostile)
            assert bubbles(app, "agent")[-1].content.plain == hostile
            app.round.rewind()
        # The rendered screen shows the brackets, not styled text.
        await tui.send(pilot, "[bold red]hi[/]")
        assert "[bold red]hi[/]" in tui.screen_text(app)


async def test_an_empty_or_too_long_reply_is_refused_and_kept(make_app, tui):
    app = make_app(scenario_id=tui.TIRES)
    async with app.run_test(size=(100, 30)) as pilot:
        box = app.screen.query_one("#reply")
        await pilot.press("space", "space", "enter")
        await pilot.pause()
        assert box.value == "  " and not app.round.history
        assert any("empty reply" in n for n in tui.notifications(app))
        box.value = "sorry " * 400
        await pilot.press("enter")
        await pilot.pause()
        assert box.value == "sorry " * 400 and not app.round.history
        assert any("keep it under 2,000" in n for n in tui.notifications(app))


async def test_rewind_puts_the_customer_back_and_offers_the_reply(make_app, tui):
    app = make_app(scenario_id=tui.TIRES)
    async with app.run_test(size=(100, 30)) as pilot:
        await tui.send(pilot, tui.GOOD[0])
        mood_before, line_before = app.round.mood, app.round.last_line
        await tui.send(pilot, tui.BAD[1])
        assert len(bubbles(app, "agent")) == 2
        await pilot.press("ctrl+r")
        await pilot.pause()
        # Same mood, same last line, one reply on screen, the old one in the box.
        assert app.round.mood == mood_before == meter(app, "mood")
        assert app.round.last_line == line_before
        assert len(bubbles(app, "agent")) == 1
        assert tui.shown(bubbles(app, "customer")[-1]) == line_before
        assert app.screen.query_one("#reply").value == tui.BAD[1]
        assert [t.superseded for t in app.round.history] == [False, True]
        assert any("Rewound turn 2" in n for n in tui.notifications(app))


async def test_rewind_with_nothing_to_rewind_says_so(make_app, tui):
    app = make_app(scenario_id=tui.TIRES)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert any("nothing to rewind" in n for n in tui.notifications(app))


async def test_the_tip_key_coaches_from_the_story_then_the_last_reply(make_app, tui):
    app = make_app(scenario_id=tui.TIRES)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.round.scenario.tips[0] in tui.notifications(app)
        await tui.send(pilot, tui.BAD[0])
        story = app.round.scenario.tips
        for _ in story:  # the story's own tips first, then the reply's
            await pilot.press("ctrl+t")
            await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        reply_tips = [t for t in app.round.turns[0].score.all_tips() if t not in story]
        assert reply_tips[0] in tui.notifications(app)


class SlowCustomer(Customer):
    """Says two words, then waits until released: a model mid-sentence."""

    kind = "slow"

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def stream(self, turn):
        yield "Well, "
        yield "I "
        self.release.wait(10)
        yield "never got to say this."


async def test_the_stop_key_keeps_what_was_said(make_app, monkeypatch, tui):
    slow = SlowCustomer()
    monkeypatch.setattr("simulator.customers.factory.make_customer", lambda *a, **k: slow)
    app = make_app(scenario_id=tui.TIRES)
    async with app.run_test(size=(100, 30)) as pilot:
        app.screen.query_one("#reply").value = tui.GOOD[0]
        await pilot.press("enter")
        while len(app.screen._chunks) < 2:  # the two words reach the screen
            await pilot.pause()
        assert app.screen.streaming
        # Typing is not blocked while the customer talks.
        await pilot.press(*"ok")
        assert app.screen.query_one("#reply").value == "ok"
        await pilot.press("escape")
        await pilot.pause()
        slow.release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.screen.streaming
        assert app.round.turns[0].customer == "Well, I"
        assert tui.shown(bubbles(app, "customer")[-1]) == "Well, I"


class MuteCustomer(SlowCustomer):
    """Leaves a notice and stalls before saying anything."""

    def stream(self, turn):
        self.notice("the model is unreachable; the scripted line stands in")
        self.release.wait(10)
        yield "too late"


async def test_stop_before_any_word_uses_the_scripted_line_and_notes_are_told(
    make_app, monkeypatch, tui
):
    mute = MuteCustomer()
    monkeypatch.setattr("simulator.customers.factory.make_customer", lambda *a, **k: mute)
    app = make_app(scenario_id=tui.TIRES)
    async with app.run_test(size=(100, 30)) as pilot:
        app.screen.query_one("#reply").value = tui.GOOD[0]
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        mute.release.set()
        await pilot.pause()
        turn = app.round.turns[0]
        assert turn.customer and turn.customer != "too late"
        assert tui.shown(bubbles(app, "customer")[-1]) == turn.customer
        notice = "the model is unreachable; the scripted line stands in"
        assert tui.notifications(app).count(notice) == 1
        assert turn.notes == [notice]


async def test_a_won_round_ends_with_enter_to_the_debrief(make_app, tui):
    app = make_app(scenario_id=tui.TIRES)
    async with app.run_test(size=(100, 30)) as pilot:
        for reply in tui.GOOD:
            if app.round.finished:
                break
            await tui.send(pilot, reply)
        assert app.round.outcome == "resolved"
        assert isinstance(app.screen, RoundScreen)
        banner = app.screen.query(".banner").last()
        assert "Round over: resolved" in tui.shown(banner)
        # Ended early: the count is still out of the customer's patience.
        played = len(app.round.turns)
        assert played < 6
        assert f"Turn {played} of 6 · over" in tui.shown(app.screen.query_one("#turns"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)


async def test_a_lost_round_walks_out(make_app, tui):
    app = make_app(scenario_id=tui.TIRES)
    async with app.run_test(size=(100, 30)) as pilot:
        for reply in tui.BAD:
            if app.round.finished:
                break
            await tui.send(pilot, reply)
        assert app.round.outcome in ("walked_out", "escalated", "out_of_turns")
        assert "Round over" in tui.shown(app.screen.query(".banner").last())


async def test_end_round_goes_to_the_debrief_unfinished(make_app, tui):
    app = make_app(scenario_id=tui.TIRES)
    async with app.run_test(size=(100, 30)) as pilot:
        await tui.send(pilot, tui.GOOD[0])
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        assert app.round.outcome is None


async def test_a_reply_typed_as_the_round_ends_does_not_reach_the_debrief(make_app, tui):
    app = make_app(scenario_id=tui.TIRES)
    async with app.run_test(size=(100, 30)) as pilot:
        for reply in tui.BAD:
            if app.round.finished:
                break
            await tui.send(pilot, reply)
        assert app.round.finished
        # The next reply, typed before the player noticed: its letters (r, p, s...)
        # would be the debrief's keys, so it goes nowhere and the round says why.
        await tui.send(pilot, "Not my problem, sir.")
        assert isinstance(app.screen, RoundScreen)
        assert app.screen.query_one("#reply").value == ""
        assert any("round is over" in n for n in tui.notifications(app))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)

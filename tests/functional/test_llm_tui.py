"""The LLM customer streaming into the round screen, under Pilot, against the
real local model; and the stop key cutting a line short."""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.llm

SORRY = "I'm so sorry, hauling two tires across town is a lot. What did you pay for them?"


@pytest.fixture(autouse=True)
def own_dirs(tmp_path, monkeypatch):
    # Preferences and results go to the test's folders, not the user's.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def make_app(url, *, model="smollm2", typing_delay=0.0):
    from simulator.launch import LaunchOptions
    from simulator.tui.app import HotseatApp

    return HotseatApp(
        LaunchOptions(
            scenario_id="tires-never-sold",
            customer="llm",
            model=model,
            base_url=url,
            timeout=30,
            seed=0,
            typing_delay=typing_delay,
        )
    )


def bubbles(app) -> list[str]:
    from simulator.tui.widgets.conversation import Bubble

    return [str(b.render()) for b in app.screen.query(Bubble).filter(".customer")]


async def until(pilot, condition, seconds=60.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the screen"
        await pilot.pause(0.05)


async def send(pilot, text: str):
    from textual.widgets import Input

    pilot.app.screen.query_one("#reply", Input).value = text
    await pilot.press("enter")


async def test_the_models_line_streams_onto_the_round_screen(llm_server):
    app = make_app(llm_server)
    async with app.run_test(size=(120, 40)) as pilot:
        from simulator.tui.screens.round import RoundScreen

        await until(pilot, lambda: isinstance(app.screen, RoundScreen))
        screen, rnd = app.screen, app.round
        await send(pilot, SORRY)
        assert screen.streaming
        await until(pilot, lambda: not screen.streaming)
        turn = rnd.turns[0]
        assert rnd.customer.kind == "llm:smollm2"
        assert turn.customer and turn.agent == SORRY
        assert bubbles(app)[-1].strip() == turn.customer
        # The input is free again for the next reply (which may end the round).
        await send(pilot, "I'll refund the $180 right now, that's on us.")
        await until(pilot, lambda: len(rnd.turns) == 2 and not screen.streaming)
        assert rnd.turns[1].customer


async def test_the_stop_key_cuts_a_line_short_and_keeps_what_was_said(fake_llm):
    # The fake streams a few words, then stalls: only the stop key ends it.
    fake_llm.stall = 3.0
    app = make_app(fake_llm.base_url, model="fake-stall")
    async with app.run_test(size=(120, 40)) as pilot:
        from simulator.tui.screens.round import RoundScreen

        await until(pilot, lambda: isinstance(app.screen, RoundScreen))
        await send(pilot, SORRY)
        await until(pilot, lambda: "Well now" in "".join(app.screen._chunks))
        started = time.monotonic()
        await pilot.press("escape")
        assert not app.screen.streaming
        assert time.monotonic() - started < 2  # not waiting for the stalled server
        turn = app.round.turns[0]
        assert turn.customer.startswith("Well now, listen here")
        assert bubbles(app)[-1].strip() == turn.customer
        # The next reply goes through at once.
        await send(pilot, "Thank you for waiting.")
        assert len(app.round.turns) == 2

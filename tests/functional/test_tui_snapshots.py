"""Snapshots of the home, round and debrief screens (pytest-textual-snapshot).

Fixed seed, fixed player, one scenario file, no typing delay: nothing on
these screens changes between runs. Regenerate after an intended change with
``pytest tests/functional/test_tui_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from textual.widgets import Input

from simulator.tui.screens.round import RoundScreen

SIZE = (100, 30)


async def steady(pilot) -> None:
    """Let the start-up workers (the judge's warm-up) finish and stop the
    cursor blinking, so a busy machine cannot catch the cursor mid-blink."""
    await pilot.app.workers.wait_for_complete()
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    screen = pilot.app.screen
    if isinstance(screen, RoundScreen) and screen._waiting_since is not None:
        # the SLA clock shows seconds since the customer spoke: hold it at 0:07
        since = screen._waiting_since
        screen.clock = lambda: since + 7
        screen._tick()
    await pilot.pause()


def test_home(snap_compare, make_app, tires_only):
    assert snap_compare(make_app(paths=tires_only), terminal_size=SIZE, run_before=steady)


def test_round_after_a_reply(snap_compare, make_app, tires_only, tui):
    async def reply(pilot):
        await tui.send(pilot, tui.BAD[0])
        await steady(pilot)

    app = make_app(paths=tires_only, scenario_id=tui.TIRES)
    assert snap_compare(app, terminal_size=SIZE, run_before=reply)


def test_debrief(snap_compare, make_app, tires_only, tui):
    async def lose(pilot):
        for reply in tui.BAD:
            if pilot.app.round.finished:
                break
            await tui.send(pilot, reply)
        await pilot.press("enter")
        await steady(pilot)

    app = make_app(paths=tires_only, scenario_id=tui.TIRES)
    assert snap_compare(app, terminal_size=SIZE, run_before=lose)


def test_round_at_80x24(snap_compare, make_app, tires_only, tui):
    async def reply(pilot):
        await tui.send(pilot, tui.GOOD[0])
        await steady(pilot)

    app = make_app(paths=tires_only, scenario_id=tui.TIRES)
    assert snap_compare(app, terminal_size=(80, 24), run_before=reply)

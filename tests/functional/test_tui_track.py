"""The onboarding track in the TUI: home shows the current stage, its lesson
and the next scenario one key away; each debrief says what to practise next
and why; a stage passed in the TUI unlocks the next, for ``track show`` too."""

from __future__ import annotations

import json

import yaml

from simulator.cli import main
from simulator.loader import builtin_dir
from simulator.tui.screens.debrief import DebriefScreen
from simulator.tui.screens.home import HomeScreen
from simulator.tui.screens.progress import ProgressScreen
from simulator.tui.screens.round import RoundScreen
from simulator.tui.widgets.track_panel import TrackPanel

STAGE_ONE = ["tires-never-sold", "refund-ten-days-late", "thank-you-note"]


def good_replies(scenario: str) -> list[str]:
    return yaml.safe_load((builtin_dir() / f"{scenario}.yaml").read_text())["examples"]["good"]


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def play_next_on_track(pilot, tui) -> DebriefScreen:
    app = pilot.app
    await pilot.press("ctrl+n")
    await settle(pilot)
    assert isinstance(app.screen, RoundScreen)
    for reply in good_replies(app.round.scenario.id):
        if app.round.finished:
            break
        await tui.send(pilot, reply)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, DebriefScreen)
    return app.screen


async def test_a_new_hire_passes_stage_one_and_sees_stage_two_unlock(
    make_app, tui, user_dirs, capsys
):
    app = make_app()
    async with app.run_test(size=(110, 36)) as pilot:
        await settle(pilot)
        panel = tui.shown(app.screen.query_one(TrackPanel))
        assert "Onboarding · 0/4 stages passed" in panel
        assert "Stage 1: Find a way to say yes" in panel and "tire store" in panel
        assert "Next: Two tires at a store that never sold tires" in panel

        for k, scenario in enumerate(STAGE_ONE):
            debrief = await play_next_on_track(pilot, tui)
            assert app.round.scenario.id == scenario and app.round.outcome == "resolved"
            practise = tui.shown(debrief.query_one("#practise"))
            assert practise.startswith("Practise next: ") and "Press n to play it" in practise
            assert debrief.suggestion is not None and debrief.suggestion.scenario != scenario
            await pilot.press("h")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            panel = tui.shown(app.screen.query_one(TrackPanel))
            if k < 2:
                assert f"({k + 1}/3 passed)" in panel
        assert "Onboarding · 1/4 stages passed" in panel
        assert "Stage 2: Never blame" in panel

        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, ProgressScreen)
        stages = tui.shown(app.screen.query_one("#stages"))
        assert "1/4 stages passed" in stages and "Rounds not finished: 0" in stages

    # the rounds played in the TUI count for the headless contract too
    code = main(
        [
            "track",
            "show",
            "onboarding",
            "--player",
            "Ana",
            "--json",
            "--db",
            str(user_dirs / "results.db"),
        ]
    )
    place = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [s["passed"] for s in place["stages"]] == [True, False, False, False]
    assert place["stages"][1]["unlocked"] is True
    assert place["next"] == place["stages"][1]["scenarios"][0]["id"]


async def test_practise_next_is_one_key_from_the_debrief(make_app, tui):
    app = make_app(scenario_id=tui.TIRES)
    async with app.run_test(size=(110, 36)) as pilot:
        await settle(pilot)
        for reply in tui.BAD:
            if app.round.finished:
                break
            await tui.send(pilot, reply)
        await pilot.press("enter")
        await settle(pilot)
        debrief = app.screen
        practise = tui.shown(debrief.query_one("#practise"))
        # blame and policy-hiding cost 40 points each: the tip drills one of them
        assert "your last round lost most points to" in practise
        assert "blame" in practise or "policy-hiding" in practise
        suggested = debrief.suggestion.scenario
        assert suggested != tui.TIRES
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, RoundScreen) and app.round.scenario.id == suggested


async def test_a_trainers_own_track_is_followed_on_home(make_app, tui, tmp_path):
    from simulator.loader import library_paths

    folder = tmp_path / "ours"
    folder.mkdir()
    (folder / "week-one.track.yaml").write_text(
        "id: week-one\ntitle: Our first week\nstages:\n"
        "  - title: Own it\n    lesson: Name a cause only while you fix it.\n"
        "    scenarios: [technician-charge-converter-box]\n"
    )
    app = make_app(paths=library_paths([folder]), track="week-one")
    async with app.run_test(size=(110, 36)) as pilot:
        await settle(pilot)
        panel = tui.shown(app.screen.query_one(TrackPanel))
        assert "Our first week · 0/1 stages passed" in panel and "Stage 1: Own it" in panel
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.round.scenario.id == "technician-charge-converter-box"
    # remembered for next time
    again = make_app(paths=library_paths([folder]))
    assert again.track.track.id == "week-one"


def test_an_unknown_track_on_the_command_line_is_one_line(capsys):
    code = main(["--track", "nope"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("hotseat: unknown track 'nope'") and err.count("\n") == 1

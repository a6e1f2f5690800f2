"""A round left unfinished (a closed terminal) is offered on the next visit:
resumed with its replies replayed, or abandoned and kept on record."""

from __future__ import annotations

from simulator.engine import Round
from simulator.loader import load_library
from simulator.store import open_store
from simulator.tui.screens.resume_prompt import ResumePrompt
from simulator.tui.screens.round import RoundScreen


def killed_round(db: str, player: str, replies: list[str]) -> str:
    loaded = load_library().get("tires-never-sold")
    store = open_store(db)
    rnd = Round(loaded.scenario, seed=0)
    store.track(rnd, player, sha256=loaded.sha256)
    for reply in replies:
        rnd.play(reply)
    rid = store.round_id(rnd)
    store.engine.dispose()  # the terminal was closed: nothing more is written
    return rid


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def test_an_unfinished_round_is_resumed_with_its_replies(make_app, tui, user_dirs):
    db = str(user_dirs / "results.db")
    rid = killed_round(db, "Ana", tui.GOOD[:1])
    app = make_app()
    async with app.run_test(size=(110, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ResumePrompt)
        question = tui.shown(app.screen.query_one("#question"))
        assert "unfinished round" in question and "Two tires" in question
        assert "1 replies so far" in question
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, RoundScreen)
        assert [t.agent for t in app.round.turns] == tui.GOOD[:1]
        for reply in tui.GOOD[1:]:
            if app.round.finished:
                break
            await tui.send(pilot, reply)
        assert app.round.outcome == "resolved"
    with open_store(db) as store:
        assert [(r["id"], r["outcome"]) for r in store.player_rounds("ana")] == [(rid, "resolved")]


async def test_an_unfinished_round_can_be_abandoned(make_app, tui, user_dirs):
    db = str(user_dirs / "results.db")
    rid = killed_round(db, "Ana", tui.BAD[:1])
    app = make_app()
    async with app.run_test(size=(110, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ResumePrompt)
        await pilot.press("a")
        await settle(pilot)
        assert not isinstance(app.screen, ResumePrompt)
        assert any("abandoned" in n for n in tui.notifications(app))
    with open_store(db) as store:
        assert [(r["id"], r["outcome"]) for r in store.player_rounds("Ana")] == [(rid, "abandoned")]
        assert store.rounds_of(["Ana"], finished=False) == []

"""Tips that fit the story: better phrasings come from the scenario itself."""

from __future__ import annotations

from scoring.judges import default_scorer
from simulator.engine import Round
from simulator.loader import load_library

LIBRARY = {lo.scenario.id: lo.scenario for lo in load_library().scenarios}
STORY_NOUNS = {"tire", "tires", "disk", "frame", "waiter", "spill", "converter", "technician"}


def _tips(scenario_id: str, reply: str) -> list[str]:
    rnd = Round(LIBRARY[scenario_id], scorer=default_scorer())
    return rnd.play(reply).score.all_tips()


def test_a_tip_quotes_the_reply_and_borrows_this_storys_example():
    tips = _tips("tires-never-sold", "That's against our policy, there's nothing I can do.")
    good = LIBRARY["tires-never-sold"].examples.good
    assert any(any(ex in tip for ex in good) for tip in tips), tips


def test_no_story_borrows_another_storys_objects():
    reply = "That's against our policy, there's nothing I can do."
    for sid, scenario in LIBRARY.items():
        own = " ".join([scenario.title, scenario.situation, *scenario.examples.good]).lower()
        for tip in _tips(sid, reply):
            foreign = {w for w in STORY_NOUNS if w in tip.lower() and w not in own}
            assert not foreign, (sid, tip)

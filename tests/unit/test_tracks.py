"""Tracks: the built-in curriculum, the file format's errors, and where a
player stands (pass marks, unlocking, what to practise next)."""

from __future__ import annotations

import pytest

from simulator.errors import ScenarioError
from simulator.loader import load_library
from simulator.progress import passes, practise_next, standing
from simulator.tracks import PassMark, Track, builtin_tracks_dir, load_track, load_tracks

DIFFICULTY = {"easy": 0, "medium": 1, "hard": 2}


@pytest.fixture(scope="module")
def library():
    return load_library()


def rnd(scenario, score, flags=0, outcome="resolved", dims=None, n=0):
    return {
        "id": f"{scenario}-{score}-{n}",
        "player": "ana",
        "scenario": scenario,
        "score": score,
        "flags": flags,
        "outcome": outcome,
        "finished_at": f"2026-11-27T10:{n:02d}:00+00:00",
        "dimensions": dims or {"empathy": 1, "ownership": 1, "blame": 0, "policy_hiding": 0},
    }


def test_onboarding_covers_the_library_from_easy_to_hard(library):
    found = load_tracks([builtin_tracks_dir()], library)
    assert not found.problems
    track = found.get("onboarding").track
    ids = [sid for stage in track.stages for sid in stage.scenarios]
    assert sorted(ids) == sorted(s.scenario.id for s in library.scenarios)
    levels = [DIFFICULTY[library.get(sid).scenario.difficulty] for sid in ids]
    per_stage = [
        max(DIFFICULTY[library.get(s).scenario.difficulty] for s in st.scenarios)
        for st in track.stages
    ]
    assert per_stage == sorted(per_stage) and levels[0] == 0 and levels[-1] == 2
    assert all(len(stage.lesson) > 40 for stage in track.stages)


def write(tmp_path, text, name="t.track.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_scenario_and_key_point_at_the_line_with_a_fix(tmp_path, library):
    path = write(
        tmp_path,
        "id: mine\ntitle: Mine\nstages:\n  - title: One\n    lesson: Say yes.\n"
        "    scenarios: [tires-never-sold, refund-ten-day-late]\n    pass_mrk: {grade: B}\n",
    )
    with pytest.raises(ScenarioError) as err:
        load_track(path, library)
    text = str(err.value)
    assert f"{path}:7:5: unknown key 'pass_mrk' in stages.0; did you mean 'pass_mark'?" in text
    path = write(
        tmp_path,
        "id: mine\ntitle: Mine\nstages:\n  - title: One\n    lesson: Say yes.\n"
        "    scenarios: [tires-never-sold, refund-ten-day-late]\n",
    )
    with pytest.raises(ScenarioError) as err:
        load_track(path, library)
    assert str(err.value) == (
        f"{path}:6:35: unknown scenario 'refund-ten-day-late'; did you mean 'refund-ten-days-late'?"
    )


def test_a_broken_file_is_one_line_not_a_traceback(tmp_path, library):
    for text, needle in [
        ("", "the file is empty; a track needs"),
        ("id: x\nstages: [\n", "invalid YAML"),
        ("id: x\ntitle: X\nstages: []\n", "stages"),
    ]:
        with pytest.raises(ScenarioError) as err:
            load_track(write(tmp_path, text), library)
        assert needle in str(err.value) and "\n" not in str(err.value)


def track(*stages, **kw):
    return Track.model_validate(
        {
            "id": "t",
            "title": "T",
            "stages": [
                {"title": f"S{n}", "lesson": "L", "scenarios": list(s), **kw}
                for n, s in enumerate(stages, 1)
            ],
        }
    )


def test_pass_mark_is_grade_c_with_nothing_flagged():
    mark = PassMark()
    assert passes(rnd("a", 55), mark)
    assert not passes(rnd("a", 54), mark)  # a D
    assert not passes(rnd("a", 90, flags=1), mark)  # blame or policy-hiding flagged
    assert passes(rnd("a", 90, flags=1), PassMark(clean=False))
    assert not passes(rnd("a", 80), PassMark(grade="A"))
    assert not passes(rnd("a", 90, outcome="unfinished"), mark)


def test_passing_a_stage_unlocks_the_next():
    t = track(["a", "b"], ["c"], ["d"])
    place = standing(t, "ana", [])
    assert [(s.unlocked, s.passed) for s in place.stages] == [
        (True, False),
        (False, False),
        (False, False),
    ]
    assert place.next == "a"
    place = standing(t, "ana", [rnd("a", 80), rnd("b", 40), rnd("b", 60, n=1)])
    assert [(s.unlocked, s.passed) for s in place.stages] == [
        (True, True),
        (True, False),
        (False, False),
    ]
    assert place.stages[0].scenarios[1].best == 60 and place.next == "c"
    assert standing(t, "ana", [rnd(x, 90) for x in "abcd"]).next is None
    # a later stage played early does not count until it is unlocked
    early = standing(t, "ana", [rnd("c", 90)])
    assert not early.stages[1].passed and early.stages[1].scenarios[0].passed


def test_need_lets_a_stage_pass_with_some_of_its_scenarios():
    t = track(["a", "b", "c"], ["d"], need=2)
    place = standing(t, "ana", [rnd("a", 70), rnd("c", 70)])
    assert place.stages[0].passed and place.stages[1].unlocked


def test_practise_next_names_the_weakest_dimension_and_a_scenario_that_tests_it(library):
    scenarios = [s.scenario for s in library.scenarios]
    hiding = {"empathy": 0.8, "ownership": 0.8, "blame": 0.0, "policy_hiding": 0.7}
    rounds = [rnd("tires-never-sold", 40, 2, dims=hiding, n=k) for k in range(3)]
    tip = practise_next(rounds, scenarios, just_played="tires-never-sold")
    assert tip.dimension == "policy_hiding"
    assert tip.reason.startswith("your last three rounds lost most points to policy-hiding")
    assert tip.scenario != "tires-never-sold"
    chosen = library.get(tip.scenario).scenario
    assert chosen.scoring.policy_hiding or any(
        "policy_hiding" in " ".join(r.when) for st in chosen.states.values() for r in st.rules
    )


def test_practise_next_with_no_rounds_follows_the_track(library):
    scenarios = [s.scenario for s in library.scenarios]
    t = load_tracks([builtin_tracks_dir()], library).get("onboarding").track
    tip = practise_next([], scenarios, standing=standing(t, "ana", []))
    assert tip.scenario == t.stages[0].scenarios[0]

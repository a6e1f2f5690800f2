"""Play-testing: the state walk sees rules the way play does (first match wins)."""

from simulator.models import Scenario
from simulator.playtest import GENERIC_GOOD, GENERIC_POOR, walk_states


def scenario(rules_of_start):
    return Scenario.model_validate(
        {
            "id": "walk",
            "title": "walk",
            "source": "test",
            "situation": "x",
            "opening": "hi",
            "customer": {"name": "A", "wants": "b"},
            "cues": {"refund": ["refund"]},
            "states": {
                "start": {"lines": ["?"], "rules": rules_of_start},
                "calm": {"lines": ["ok"], "end": "resolved"},
                "angry": {"lines": ["grr"], "end": "walked_out"},
            },
        }
    )


def test_every_state_reached_when_rules_can_each_fire():
    sc = scenario(
        [
            {"when": ["blame"], "goto": "angry", "mood": -20},
            {"when": ["refund", "not blame"], "goto": "calm", "mood": 40},
        ]
    )
    assert walk_states(sc) == {"start", "calm", "angry"}


def test_a_rule_shadowed_by_an_earlier_one_never_fires():
    sc = scenario(
        [
            {"when": ["any"], "goto": "angry", "mood": -20},
            {"when": ["refund"], "goto": "calm", "mood": 40},
        ]
    )
    assert walk_states(sc) == {"start", "angry"}


def test_a_contradictory_rule_never_fires():
    sc = scenario(
        [
            {"when": ["refund", "not refund"], "goto": "calm", "mood": 40},
            {"when": ["blame"], "goto": "angry", "mood": -20},
        ]
    )
    assert walk_states(sc) == {"start", "angry"}


def test_generic_trainees_score_as_designed():
    from scoring.rules import rule_scorer

    scorer = rule_scorer()
    for reply in GENERIC_POOR:
        s = scorer.score(reply)
        assert s.present("blame") or s.present("policy_hiding") or not s.present("ownership"), reply
    owning = sum(scorer.score(reply).present("ownership") for reply in GENERIC_GOOD)
    assert owning >= 2
    for reply in GENERIC_GOOD:
        s = scorer.score(reply)
        assert not s.present("blame") and not s.present("policy_hiding"), reply

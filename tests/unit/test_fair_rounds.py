"""Fair rounds: saying the words is not doing the thing.

A stock-phrase trainee must not win rounds, repetition must cost, and the
playtest must catch a design that lets vague replies through."""

from __future__ import annotations

import pytest

from scoring.judges import default_scorer
from simulator.engine import REPEAT_CALLOUTS, REPEAT_MOOD_COST, Round
from simulator.loader import load_library
from simulator.models import Scenario
from simulator.playtest import STOCK_PHRASE, play_trainee, playtest
from simulator.repetition import repeat_count

_LOADED = load_library()
LIBRARY = _LOADED.scenarios


def _story(sid: str) -> Scenario:
    found = _LOADED.get(sid)
    assert found is not None, sid
    return found.scenario


@pytest.fixture(scope="module")
def scorer():
    return default_scorer()


def test_a_stock_phrase_trainee_wins_at_most_one_library_round(scorer):
    resolved = []
    for loaded in LIBRARY:
        stuffer = play_trainee(loaded.scenario, (STOCK_PHRASE,), scorer)
        if stuffer.outcome == "resolved":
            resolved.append(loaded.scenario.id)
    assert len(resolved) <= 1, resolved


@pytest.mark.parametrize("loaded", LIBRARY, ids=lambda lo: lo.scenario.id)
def test_a_stock_phrase_never_outscores_the_concrete_thing(scorer, loaded):
    sc = loaded.scenario
    stuffer = play_trainee(sc, (STOCK_PHRASE,), scorer)
    doer = play_trainee(sc, tuple(sc.examples.good), scorer)
    assert stuffer.score < doer.score, (stuffer, doer)


def test_repetition_is_spotted_in_paraphrase():
    first = "I completely understand how frustrating this is, and I'll take care of it right now."
    again = "I totally understand how frustrating that is, and I'll take care of it right away."
    assert repeat_count(again, [first]) == 1
    assert repeat_count(first, [first, again]) == 2
    assert repeat_count("I've put the $180 back on your card just now.", [first]) == 0
    # something new in most of the reply is not a repeat
    assert (
        repeat_count(
            "I've refunded the $180 to your card. The receipt is in your email. " + first, [first]
        )
        == 0
    )


def test_repeating_a_phrase_counts_less_and_the_customer_calls_it_out(scorer):
    sc = _story("tires-never-sold")
    rnd = Round(sc, scorer=scorer)
    first = rnd.play(STOCK_PHRASE)
    second = rnd.play(STOCK_PHRASE)
    assert first.said_before == 0 and second.said_before == 1
    # the same words, judged in the second turn's context, count half
    raw = rnd.coach.fit(
        scorer.score(STOCK_PHRASE, customer=second.before.context, cues=sc.scoring.to_cues())
    )
    for dim in ("empathy", "ownership"):
        assert second.score.value(dim) == pytest.approx(raw.value(dim) / 2, abs=0.001), dim
        assert "Said before" in second.score.scores[dim].explanation or not raw.value(dim)
    assert any(second.customer.startswith(c) for c in REPEAT_CALLOUTS)
    third = rnd.play(STOCK_PHRASE)
    assert third.said_before == 2
    assert third.to_dict()["said_before"] == 2
    # the mood cost comes on top of whatever the state's rule does
    assert REPEAT_MOOD_COST > 0
    assert third.mood <= second.mood


def _scenario(**overrides) -> Scenario:
    data = {
        "id": "unfair",
        "title": "unfair",
        "source": "test",
        "situation": "A customer wants a refund.",
        "opening": "I want my money back.",
        "customer": {"name": "Ann", "wants": "a refund", "mood": 40, "patience": 6},
        "cues": {"refund": ["\\brefund"]},
        "states": {
            "start": {
                "lines": ["Well?"],
                "rules": [
                    {"when": ["policy_hiding"], "goto": "gone", "mood": -10},
                    {"when": ["refund", "ownership"], "goto": "happy", "mood": 30},
                    {"when": ["empathy"], "mood": 10},
                ],
            },
            "happy": {"lines": ["Thanks."], "end": "resolved"},
            "gone": {"lines": ["Bye."], "end": "escalated"},
        },
        "ending": {"resolve_at": 90, "needs": ["refund"]},
        "examples": {
            "good": ["I'm so sorry about this. I've refunded it to your card right now."],
            "poor": ["That's against our policy, nothing I can do."],
        },
    }
    data.update(overrides)
    return Scenario.model_validate(data)


def test_playtest_fails_a_turn_one_game_over(scorer):
    report = playtest(_scenario(), scorer)
    assert not report.passed
    assert any("ends on turn 1" in p for p in report.problems), report.problems
    data = report.to_dict()
    assert set(data) == {"scenario", "ok", "problems", "trainees", "unvisited"}
    assert set(data["trainees"]) == {"model", "middling", "poor"}
    for run in data["trainees"].values():
        assert run["path"][0] == {"state": "start", "mood": 40}
        assert set(run) == {"outcome", "score", "turns", "path"}


def test_playtest_fails_a_scenario_the_middling_trainee_wins(scorer):
    soft = _scenario(
        states={
            "start": {
                "lines": ["Well?"],
                "rules": [
                    {"when": ["empathy"], "goto": "calmer", "mood": 20},
                    {"when": ["refund"], "goto": "calmer", "mood": 20},
                ],
            },
            # a design flaw: once calmer, any reply at all wins the round
            "calmer": {
                "lines": ["Go on."],
                "rules": [{"when": ["any"], "goto": "happy", "mood": 30}],
            },
            "happy": {"lines": ["Thanks."], "end": "resolved"},
        },
        ending={"resolve_at": 90, "needs": []},
    )
    soft = soft.model_copy(
        update={
            "examples": soft.examples.model_copy(
                update={
                    "good": [
                        "I'm so sorry about this, what a mess.",
                        "I've refunded the full amount to your card right now.",
                    ]
                }
            )
        }
    )
    report = playtest(soft, scorer)
    assert any("middling trainee" in p and "resolves" in p for p in report.problems), (
        report.problems
    )


def test_the_callout_replaces_a_line_that_would_thank_them(scorer):
    sc = _story("tires-never-sold")
    rnd = Round(sc, scorer=scorer)
    rnd.play(STOCK_PHRASE)
    second = rnd.play(STOCK_PHRASE)
    assert second.customer in REPEAT_CALLOUTS


def test_what_i_can_do_is_an_offer_not_a_question():
    from simulator.engine import _is_question

    assert not _is_question("What I can do for you is refund it right now.")
    assert _is_question("What did you pay for them?")


# A story's walls ("we don't sell tires", "without a receipt") are policy-hiding when
# they are the answer, and a fact mentioned while helping when the reply goes on to do
# what the customer came for (the rubric's 0).
WALLS = [
    ("tires-never-sold", "We don't sell tires, sir.", True),
    ("tires-never-sold", "We don't sell tires. What I can do is refund them right now.", False),
    (
        "tires-never-sold",
        "We don't sell tires here. What I can do is refund them right now, cash or card?",
        False,
    ),
    ("return-without-receipt", "You'll need the original receipt, sorry.", True),
    ("return-without-receipt", "No problem, I'll refund it without a receipt.", False),
    (
        "technician-charge-converter-box",
        "That standard fee should never have been charged. I've reversed it.",
        False,
    ),
    # the wall imposed before the act is still the wall
    ("frame-chemical-smell", "Once we receive the original, we'll ship the replacement.", True),
    # a story's tell matches the excuse, not the topic
    ("return-without-receipt", "No receipt, no problem. Did whoever bought it pay by card?", False),
    ("return-without-receipt", "Sorry, no receipt, no refund on this one.", True),
    (
        "seven-promises",
        "Our Seven Promises should never have been the answer to a wrong date.",
        False,
    ),
    ("seven-promises", "Please fill in the claim form and we'll review it.", True),
]


@pytest.mark.parametrize(("sid", "reply", "hides"), WALLS)
def test_a_story_wall_said_on_the_way_to_helping_is_not_policy_hiding(scorer, sid, reply, hides):
    sc = _story(sid)
    turn = Round(sc, scorer=scorer).play(reply)
    assert turn.score.present("policy_hiding") is hides, turn.score.values()
    assert ("policy_hiding" in turn.signals) is hides


# A story's blame tells match the excuse, not the topic; and owning the fix does not
# take a blame back.
BLAME_TELLS = [
    (
        "gossip-about-last-customer",
        "You must have typed it wrong on the form, but I'll fix the cake now.",
        True,
    ),
    # plain replies that a story's own phrases once misread as blame
    ("refund-ten-days-late", "I'm sorry you waited so long for an answer.", False),
    (
        "broken-callback-promise",
        "The parts team is sending the seal today, and I'll call you at 3pm with the date.",
        False,
    ),
    (
        "callback-two-days-later",
        "The engineer must come back for the seal, so I've booked him for Tuesday at 9.",
        False,
    ),
    (
        "waiter-four-spills",
        "I'm so sorry. I'll give you a new waiter for the rest of the night and dinner is on us.",
        False,
    ),
    # the story's excuse is still blame
    ("waiter-four-spills", "Sorry, he's a new waiter.", True),
    ("refund-ten-days-late", "You waited too long, the window closed.", True),
    ("callback-two-days-later", "The engineer should have replaced the seal, not me.", True),
]


@pytest.mark.parametrize(("sid", "reply", "blames"), BLAME_TELLS)
def test_a_story_blame_tell_reads_the_excuse_not_the_topic(scorer, sid, reply, blames):
    sc = _story(sid)
    assert Round(sc, scorer=scorer).play(reply).score.present("blame") is blames

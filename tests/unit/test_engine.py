"""The round engine, with a tiny keyword scorer so the engine's own logic
(rules, mood, endings, rewind, refusals) is tested apart from scoring."""

import pytest

from scoring.types import DIMENSIONS, ReplyScore, Score
from simulator.engine import MAX_REPLY_CHARS, ReplyRefused, Round, grade, round_score
from simulator.loader import find_scenario, load_scenario

SCENARIO = """\
id: engine-test
title: Engine test
source: test
situation: x
opening: Where is my parcel?
customer:
  name: Kim
  wants: the parcel
  mood: 40
  patience: 4
  facts:
    - about: [order number]
      say: It's order 1234.
cues:
  offers_refund: ['\\brefund']
states:
  start:
    lines: [Well then?, So what now?, Hello? Anyone?]
    rules:
      - when: [blame]
        goto: angry
        mood: -30
      - when: [offers_refund, not blame]
        goto: calm
        mood: 30
      - when: [empathy]
        mood: 10
  calm:
    lines: ["Okay, that helps."]
    rules:
      - when: [ownership]
        goto: done
        mood: 20
  angry:
    lines: [How dare you.]
    rules:
      - when: [blame]
        goto: gone
        mood: -30
  done:
    end: resolved
    lines: [Thank you!]
  gone:
    end: walked_out
    lines: [Bye.]
ending:
  resolve_at: 95
"""

WORDS = {
    "empathy": ("sorry",),
    "ownership": ("i will", "i'll"),
    "blame": ("your fault",),
    "policy_hiding": ("policy",),
}


class KeywordScorer:
    def score(self, text, *, customer=None, cues=None):
        low = text.lower()
        return ReplyScore(
            {d: Score(d, 1.0 if any(w in low for w in WORDS[d]) else 0.0) for d in DIMENSIONS}
        )


@pytest.fixture
def scenario(tmp_path):
    path = tmp_path / "engine-test.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    return load_scenario(path).scenario


def new_round(scenario, seed=0):
    return Round(scenario, scorer=KeywordScorer(), seed=seed)


def test_good_path_resolves(scenario):
    rnd = new_round(scenario)
    assert rnd.opening == "Where is my parcel?"
    t1 = rnd.play("So sorry! I can refund it.")
    assert (t1.state, t1.mood, t1.outcome) == ("calm", 70, None)
    assert t1.customer in ("Okay, that helps.",)
    t2 = rnd.play("I'll ship a new one today.")
    assert t2.outcome == "resolved"
    assert rnd.finished
    assert t2.customer == "Thank you!"


def test_blame_twice_walks_out(scenario):
    rnd = new_round(scenario)
    rnd.play("That's your fault.")
    assert (rnd.state, rnd.mood) == ("angry", 10)
    rnd.play("Still your fault.")
    assert rnd.outcome == "walked_out"


def test_first_matching_rule_wins_and_not_blocks(scenario):
    rnd = new_round(scenario)
    turn = rnd.play("Your fault, but here's a refund.")
    assert turn.state == "angry"  # blame rule comes first


def test_no_rule_uses_idle_mood_and_patience_ends_round(scenario):
    rnd = new_round(scenario)
    for _ in range(4):
        rnd.play("Hmm.")
    assert rnd.mood == 40 - 4 * 5
    assert rnd.outcome == "out_of_turns"
    with pytest.raises(ReplyRefused, match="round is over"):
        rnd.play("hello?")


def test_mood_reaching_zero_gives_up(scenario):
    sc = scenario.model_copy(
        update={"ending": scenario.ending.model_copy(update={"idle_mood": -50})}
    )
    rnd = new_round(sc)
    rnd.play("Hmm.")
    assert rnd.outcome == "walked_out"
    assert rnd.mood == 0


@pytest.mark.parametrize("reply", ["", "   ", "\n\t"])
def test_empty_reply_is_refused_and_not_scored(scenario, reply):
    rnd = new_round(scenario)
    with pytest.raises(ReplyRefused, match="empty"):
        rnd.play(reply)
    assert rnd.turns == []


def test_too_long_reply_is_refused(scenario):
    rnd = new_round(scenario)
    with pytest.raises(ReplyRefused, match="2,000"):
        rnd.play("x" * (MAX_REPLY_CHARS + 1))
    assert rnd.turns == []


def test_facts_are_revealed_when_asked(scenario):
    rnd = new_round(scenario)
    turn = rnd.play("Could you give me your order number?")
    assert turn.customer.startswith("It's order 1234.")
    mood = rnd.mood
    turn = rnd.play("What was the order number again?")
    # asked again: the customer repeats it, irritated, and it costs mood
    assert turn.customer.startswith("I told you already: It's order 1234.")
    assert turn.repeats == ("order number",) and turn.mood < mood
    assert rnd.to_dict()["repeats"] == [{"turn": 2, "fact": "order number"}]


def test_same_seed_same_lines_different_seeds_vary(scenario):
    def lines(seed):
        rnd = new_round(scenario, seed)
        return [rnd.play("Hmm.").customer for _ in range(3)]

    assert lines(1) == lines(1)
    assert len({tuple(lines(s)) for s in range(8)}) > 1


def test_rewind_restores_mood_state_and_line_and_keeps_both_tries(scenario):
    rnd = new_round(scenario)
    first = rnd.play("So sorry about that.")
    before = (rnd.state, rnd.mood, rnd.last_line)
    bad = rnd.play("That's your fault.")
    assert rnd.state == "angry"
    rnd.rewind()
    assert (rnd.state, rnd.mood, rnd.last_line) == before
    retry = rnd.play("I can refund it.")
    assert retry.attempt == 2
    assert rnd.turns == [first, retry]
    assert bad in rnd.history and bad.superseded
    data = rnd.to_dict()
    assert [t["agent"] for t in data["retries"]] == ["That's your fault."]


def test_rewind_after_the_end_reopens_the_round(scenario):
    rnd = new_round(scenario)
    rnd.play("your fault")
    rnd.play("your fault")
    assert rnd.outcome == "walked_out"
    rnd.rewind(0)
    assert not rnd.finished
    assert rnd.mood == 40 and rnd.state == "start"
    assert rnd.turns == []


def test_rewind_with_nothing_to_rewind(scenario):
    with pytest.raises(ReplyRefused):
        new_round(scenario).rewind()


def test_result_dict_contract(scenario):
    rnd = new_round(scenario)
    rnd.play("So sorry! I can refund it.")
    data = rnd.to_dict()
    assert data["scenario"] == "engine-test"
    assert data["seed"] == 0
    assert data["outcome"] == "unfinished"
    assert 0 <= data["score"] <= 100
    assert set(data["dimensions"]) == set(DIMENSIONS)
    assert set(data["turns"][0]) >= {"agent", "customer", "scores", "mood"}


def test_streaming_gives_the_same_line_as_play(scenario):
    a, b = new_round(scenario), new_round(scenario)
    chunks = [chunk for _, chunk in a.stream("So sorry about that.")]
    assert len(chunks) > 1
    assert "".join(chunks).strip() == b.play("So sorry about that.").customer == a.turns[0].customer


def test_listeners_hear_every_turn_rewind_and_end(scenario):
    events = []

    class Listener:
        def on_turn(self, rnd, turn):
            events.append(("turn", turn.index))

        def on_rewind(self, rnd, index):
            events.append(("rewind", index))

        def on_end(self, rnd):
            events.append(("end", rnd.outcome))

    rnd = new_round(scenario)
    rnd.listeners.append(Listener())
    rnd.play("your fault")
    rnd.rewind()
    rnd.play("your fault")
    rnd.play("your fault")
    assert events == [("turn", 0), ("rewind", 0), ("turn", 0), ("turn", 1), ("end", "walked_out")]


def test_round_score_and_grade():
    best = {"empathy": 1.0, "ownership": 1.0, "blame": 0.0, "policy_hiding": 0.0}
    cold = {"empathy": 0.0, "ownership": 1.0, "blame": 0.0, "policy_hiding": 0.0}
    blaming = {"empathy": 1.0, "ownership": 0.0, "blame": 1.0, "policy_hiding": 0.0}
    done = {"deeds": 1.0, "early": 1.0}
    assert round_score([best, best], "resolved", **done) == 100
    # cold: empathy shown (1 + 0.5) / 2 = 0.75, words (0.75 + 1) / 2
    assert round_score([best, cold], "resolved", **done) == round(80 + 20 * 0.875)
    assert round_score([best, blaming], "resolved", **done) == round(80 + 20 * 0.875 - 20)
    assert round_score([blaming], "walked_out") == 0
    assert round_score([], "unfinished") == 0
    assert [grade(s) for s in (90, 75, 60, 45, 10)] == ["A", "B", "C", "D", "F"]


def test_kind_words_alone_cannot_carry_a_round():
    best = {"empathy": 1.0, "ownership": 1.0, "blame": 0.0, "policy_hiding": 0.0}
    words_only = round_score([best] * 6, "out_of_turns")
    assert words_only == round(20 + 35 * 0.25)
    # the refund given on the last turn beats perfect words with nothing done
    plain = {"empathy": 0.2, "ownership": 0.6, "blame": 0.0, "policy_hiding": 0.0}
    doer = round_score([plain] * 6, "out_of_turns", deeds=1.0, early=1 / 6)
    assert doer > words_only
    # and doing it early is worth more than doing it late
    assert round_score([plain], "resolved", deeds=1.0, early=1.0) > round_score(
        [plain] * 5, "resolved", deeds=1.0, early=1 / 6
    )


def test_builtin_tire_story_is_found():
    assert find_scenario("tires-never-sold").scenario.difficulty == "easy"

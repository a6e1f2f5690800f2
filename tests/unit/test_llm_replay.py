"""Recording an LLM customer and replaying it without a model (the fake
server plays the model: its line is "Well, alright. I appreciate that.")."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from simulator.customers.factory import make_customer
from simulator.customers.replay import BRANCHED, RecordingCustomer, ReplayCustomer
from simulator.engine import Round
from simulator.errors import UsageError
from simulator.loader import find_scenario

MODEL_LINE = "Well, alright. I appreciate that."
KIND = [
    "I'm so sorry, two tires across town is a lot to haul.",
    "What I can do is refund the $180 right now.",
    "Thanks for bearing with me.",
]


@pytest.fixture(scope="module")
def scenario():
    return find_scenario("tires-never-sold").scenario


def record(scenario, fake, path, replies, model="fake-good"):
    cust = make_customer("llm", model=model, base_url=fake.base_url, timeout=2, retries=0)
    rnd = Round(scenario, customer=RecordingCustomer(cust, path))
    for reply in replies:
        if not rnd.finished:
            rnd.play(reply)
    return rnd


def replay(scenario, path, replies):
    rnd = Round(scenario, customer=ReplayCustomer(path))
    for reply in replies:
        if not rnd.finished:
            rnd.play(reply)
    return rnd


def test_same_replies_give_an_identical_transcript(scenario, fake_llm, tmp_path):
    path = tmp_path / "rec.json"
    recorded = record(scenario, fake_llm, path, KIND)
    asked = len(fake_llm.requests)
    replayed = replay(scenario, path, KIND)
    assert len(fake_llm.requests) == asked  # no model involved
    assert replayed.to_dict()["turns"] == recorded.to_dict()["turns"]
    assert replayed.turns[0].customer == MODEL_LINE
    assert replayed.customer.kind == "replay:rec.json"


def test_other_words_that_move_the_customer_alike_hear_the_same_lines(scenario, fake_llm, tmp_path):
    path = tmp_path / "rec.json"
    record(scenario, fake_llm, path, KIND)
    other = [
        "That sounds exhausting, I'm really sorry you had to haul them here.",
        "I'll refund you right now, no receipt needed.",
        "Thanks, Walt.",
    ]
    rnd = replay(scenario, path, other)
    assert [t.customer for t in rnd.turns] == [MODEL_LINE] * len(rnd.turns)
    assert all(t.notes == [] for t in rnd.turns)


def test_a_round_that_branches_off_gets_scripted_lines_and_one_notice(scenario, fake_llm, tmp_path):
    path = tmp_path / "rec.json"
    record(scenario, fake_llm, path, KIND)
    rnd = replay(scenario, path, ["You should have kept the receipt.", *KIND[1:]])
    first = rnd.turns[0]
    assert first.state == "insulted" and first.customer != MODEL_LINE
    assert first.customer in scenario.states["insulted"].lines
    assert first.notes == [BRANCHED]
    assert all(t.customer != MODEL_LINE and t.notes == [] for t in rnd.turns[1:])


def test_fallback_notes_are_replayed_with_the_lines(scenario, fake_llm, tmp_path):
    path = tmp_path / "rec.json"
    recorded = record(scenario, fake_llm, path, KIND[:1], model="fake-ai")
    assert recorded.turns[0].notes
    replayed = replay(scenario, path, KIND[:1])
    assert replayed.to_dict()["turns"] == recorded.to_dict()["turns"]


def test_a_rewound_turn_is_recorded_over(scenario, fake_llm, tmp_path):
    path = tmp_path / "rec.json"
    rnd = record(scenario, fake_llm, path, KIND[:2])
    rnd.rewind(0)
    rnd.play("You should have kept the receipt.")
    turns = json.loads(path.read_text())["turns"]
    assert list(turns) == ["1"]
    assert turns["1"]["agent"] == "You should have kept the receipt."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("not json at all", "not JSON"),
        ('{"format": "something else"}', "not a hotseat customer recording"),
        ('{"format": "hotseat-customer-recording/1", "turns": {"1": 5}}', "damaged"),
    ],
)
def test_a_bad_recording_is_one_clear_error(tmp_path, content, message):
    path = tmp_path / "rec.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(UsageError, match=message):
        ReplayCustomer(path)


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "simulator", "play", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_refuses_a_recording_of_another_scenario(tmp_path):
    path = tmp_path / "rec.json"
    path.write_text(
        json.dumps({"format": "hotseat-customer-recording/1", "scenario": "other", "turns": {}})
    )
    script = tmp_path / "s.txt"
    script.write_text("Hello\n")
    out = run_cli("tires-never-sold", "--script", str(script), "--replay", str(path))
    assert out.returncode == 2
    assert out.stderr.startswith("hotseat: the recording") and "Traceback" not in out.stderr


def test_cli_refuses_record_with_replay(tmp_path):
    script = tmp_path / "s.txt"
    script.write_text("Hello\n")
    out = run_cli(
        "tires-never-sold", "--script", str(script), "--replay", "a.json", "--record", "b.json"
    )
    assert out.returncode == 2 and "cannot be used together" in out.stderr

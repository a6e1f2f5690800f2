"""``hotseat play SCENARIO --script FILE --json``: the headless contract."""

import json
import subprocess
import sys

GOOD = [
    "Two tires across town is a lot of hauling, I'm so sorry you had to do that.",
    "What I can do for you is refund them right here. What did you pay for the pair?",
    "I've put the $180 back on your card. Thank you for your patience.",
    "Is there anything else I can do for you today?",
]
BAD = [
    "We don't sell tires. That's against our policy.",
    "You must have bought them somewhere else. You should have checked your receipt.",
    "Rules are rules, the system won't let me refund things we don't stock.",
    "You should have kept the receipt.",
]


def hotseat_play(scenario, script, *extra):
    """``hotseat play SCENARIO --script FILE ...`` in a subprocess, as outside checks run it."""
    return subprocess.run(
        [sys.executable, "-m", "simulator", "play", scenario, "--script", str(script), *extra],
        capture_output=True,
        text=True,
        timeout=120,
    )


def play(tmp_path, replies, *extra):
    script = tmp_path / "script.txt"
    script.write_text("\n\n".join(replies) + "\n", encoding="utf-8")
    return hotseat_play("tires-never-sold", script, *extra)


def test_good_and_bad_rounds_end_differently(tmp_path):
    good = play(tmp_path, GOOD, "--json", "--seed", "3")
    bad = play(tmp_path, BAD, "--json", "--seed", "3")
    assert good.returncode == 0 and bad.returncode == 0, good.stderr + bad.stderr
    g, b = json.loads(good.stdout), json.loads(bad.stdout)
    assert g["outcome"] == "resolved"
    assert b["outcome"] in ("walked_out", "escalated", "out_of_turns")
    assert g["score"] > b["score"]
    for result in (g, b):
        assert result["scenario"] == "tires-never-sold" and result["seed"] == 3
        assert 0 <= result["score"] <= 100
        assert set(result["dimensions"]) == {"empathy", "ownership", "blame", "policy_hiding"}
        for turn in result["turns"]:
            assert {"agent", "customer", "scores", "mood"} <= set(turn)
            assert 0 <= turn["mood"] <= 100
    assert b["dimensions"]["blame"] > g["dimensions"]["blame"]
    assert len(g["turns"]) < len(GOOD) + 1  # stops when the round ends


def test_same_seed_same_round(tmp_path):
    a = json.loads(play(tmp_path, GOOD[:1], "--json", "--seed", "5").stdout)
    b = json.loads(play(tmp_path, GOOD[:1], "--json", "--seed", "5").stdout)
    assert a == b
    assert a["outcome"] == "unfinished"


def test_unknown_scenario_is_one_line_exit_2(tmp_path):
    script = tmp_path / "s.txt"
    script.write_text("hello\n")
    out = hotseat_play("tires-never-sol", script, "--json")
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1
    assert "unknown scenario" in out.stderr and "tires-never-sold" in out.stderr


def test_unreadable_script_is_one_line_exit_2(tmp_path):
    out = hotseat_play("tires-never-sold", tmp_path / "missing.txt", "--json")
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0 and "cannot read script" in out.stderr


def test_text_transcript(tmp_path):
    out = play(tmp_path, GOOD[:1])
    assert out.returncode == 0
    assert "customer: Afternoon." in out.stdout and "outcome: unfinished" in out.stdout

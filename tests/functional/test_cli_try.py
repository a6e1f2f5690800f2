"""``hotseat try``: why a reply would move the customer (text and JSON contract)."""

from __future__ import annotations

import json
import subprocess
import sys


def hotseat(*args):
    return subprocess.run(
        [sys.executable, "-m", "simulator", "try", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


REPLY = "I'm sorry about the hassle. What I can do for you is refund the $180 right now."


def test_try_json_contract():
    out = hotseat("tires-never-sold", REPLY, "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"scenario", "reply", "scores", "signals", "cues", "states"} <= set(data)
    assert data["scenario"] == "tires-never-sold" and data["reply"] == REPLY
    assert set(data["scores"]) == {"empathy", "ownership", "blame", "policy_hiding"}
    assert "offers_refund" in data["signals"]
    hits = data["cues"]["offers_refund"]
    for hit in hits:
        assert {"pattern", "text", "start", "end"} <= set(hit)
        assert REPLY[hit["start"] : hit["end"]] == hit["text"]
    assert {"skeptical", "listening", "relieved"} <= set(data["states"])
    skeptical = data["states"]["skeptical"]
    assert {"rule", "goto", "mood"} <= set(skeptical)
    assert skeptical["goto"] == "relieved" and skeptical["mood"] > 0
    assert isinstance(skeptical["rule"], int)
    assert data["needs"] == {"offers_refund": True}


def test_try_one_state_in_text():
    out = hotseat("tires-never-sold", "We don't sell tires.", "--state", "skeptical")
    assert out.returncode == 0, out.stderr
    assert "in each state:" in out.stdout
    assert "skeptical" in out.stdout and "listening" not in out.stdout.split("in each state:")[1]
    assert "signals:" in out.stdout and "policy_hiding" in out.stdout


def test_try_a_state_with_no_rule_stays_with_the_idle_mood():
    out = hotseat("tires-never-sold", "Hello.", "--state", "won_over", "--json")
    state = json.loads(out.stdout)["states"]["won_over"]
    assert state["rule"] is None and state["goto"] == "won_over"


def test_try_bad_input_is_one_line():
    for args, needle in [
        (("tires-never-sold", "   "), "empty reply"),
        (("tires-never-sold", "hi", "--state", "skeptcal"), "did you mean 'skeptical'"),
        (("no-such-story", "hi"), "unknown scenario"),
    ]:
        out = hotseat(*args)
        assert out.returncode == 2 and needle in out.stderr, out.stderr
        assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr


LIFT = """\
id: lift-home
title: A lift home
source: test
situation: A guest missed the last bus.
opening: "The last bus has gone. How am I getting home?"
customer:
  name: Ann
  wants: a way home
states:
  start:
    lines: ["Well?"]
    rules:
      - when: [offers_taxi]
        goto: happy
        mood: 40
  happy:
    lines: ["Thank you!"]
    end: resolved
ending:
  needs: [offers_taxi]
cues:
  offers_taxi:
    examples:
      - "I'll book you a taxi"
      - "Let me call you a cab"
      - "Shall I get you a taxi home?"
      - "A cab is on its way for you, on us"
    not:
      - "The taxi rank is round the corner"
examples:
  good: ["I'm so sorry. Shall I order you a cab home, on us?"]
"""


def test_a_trainers_example_cue_says_why_it_matched_or_not(tmp_path):
    (tmp_path / "lift-home.yaml").write_text(LIFT)
    yes = "Oh no, that's rotten luck. How about I ring for a cab to take you home?"
    out = hotseat("lift-home", yes, "--scenarios", str(tmp_path), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    check = data["checks"]["offers_taxi"]
    assert check["matched"] and check["by"] == "example"
    assert check["nearest"] in LIFT and check["similarity"] >= check["threshold"]
    assert yes[check["start"] : check["end"]] == check["text"]
    assert data["cues"]["offers_taxi"][0]["example"] == check["nearest"]
    assert data["states"]["start"]["goto"] == "happy"

    for no, why in [
        ("I can't book you a taxi, sorry.", "is negated"),
        ("The taxi rank is just round the corner from here.", "near miss"),
    ]:
        out = hotseat("lift-home", no, "--scenarios", str(tmp_path))
        assert out.returncode == 0, out.stderr
        line = next(ln for ln in out.stdout.splitlines() if "offers_taxi" in ln)
        assert line.split()[0] == "no" and why in line, out.stdout

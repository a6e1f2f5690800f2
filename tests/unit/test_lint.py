"""Design warnings a trainer gets from `hotseat validate` (FILE:LINE:COL: warning: ...)."""

from __future__ import annotations

from simulator.lint import inside_word, scenario_warnings
from simulator.loader import load_scenario

BASE = """\
id: {id}
title: Test
source: test
situation: A customer wants a lift home.
opening: "I need a ride home."
customer:
  name: Ann
  wants: a ride
  mood: 40
  patience: 6
cues:
  offers_ride: [{pattern}]
  unused_cue: ['\\bnever used\\b']
states:
  start:
    lines: ["Well?"]
    rules:
      - when: [blame]
        goto: gone
        mood: -10
      - when: [offers_ride]
        goto: happy
        mood: 30
      - when: [empathy]
        mood: 10
  happy:
    lines: ["Thanks."]
    end: resolved
  gone:
    lines: ["Bye."]
    end: walked_out
ending:
  needs: [offers_ride, ownership]
  lines:
    escalated: ["Manager!"]
"""


def _write(tmp_path, name="lift.yaml", sid="lift", pattern="'(taxi|cab|car|ride)'"):
    path = tmp_path / name
    path.write_text(BASE.format(id=sid, pattern=pattern))
    return path, scenario_warnings(load_scenario(path))


def _find(warnings, needle):
    found = [w for w in warnings if needle in w.message]
    assert found, [w.message for w in warnings]
    return found[0]


def test_a_cue_that_matches_inside_a_common_word(tmp_path):
    path, warnings = _write(tmp_path)
    w = _find(warnings, "matches inside the common word")
    assert "'car'" in w.message and "care" in w.message and "\\b" in w.message
    assert str(w).startswith(f"{path}:12:")
    assert ": warning: " in str(w)


def test_inflections_and_stems_are_not_traps():
    assert inside_word(r"\brefund(?:s|ed|ing)?\b") is None
    assert inside_word("schedul") is None or inside_word("schedul")[0] == "reschedule"
    assert inside_word(r"\btransfer") is None
    assert inside_word(r"\brefund")[0].startswith("refund")  # refundable


def test_a_double_quoted_pattern_whose_backslash_yaml_ate(tmp_path):
    _path, warnings = _write(tmp_path, pattern='"\\bride"')
    w = _find(warnings, "backspace")
    assert "single quotes" in w.message


def test_an_unused_cue(tmp_path):
    _path, warnings = _write(tmp_path)
    w = _find(warnings, "cue 'unused_cue' is never used")
    assert w.line == 13


def test_a_file_named_unlike_its_id(tmp_path):
    _path, warnings = _write(tmp_path, name="lift-home.yaml")
    w = _find(warnings, "named 'lift-home.yaml' but its id is 'lift'")
    assert w.line == 1


def test_one_reply_ending_the_round_on_the_first_turn(tmp_path):
    _path, warnings = _write(tmp_path)
    first = [w for w in warnings if "first turn" in w.message]
    assert len(first) == 2  # blame -> gone, offers_ride -> happy
    assert sorted(w.line for w in first) == [18, 21]


def test_a_need_no_rule_requires(tmp_path):
    _path, warnings = _write(tmp_path)
    w = _find(warnings, "need 'ownership' is required by no rule")
    assert w.line == 33


def test_an_ending_line_never_spoken(tmp_path):
    _path, warnings = _write(tmp_path)
    _find(warnings, "ending line 'escalated' is never spoken")


def test_the_library_is_clean():
    from simulator.loader import load_library

    lib = load_library()
    assert [str(w) for lo in lib.scenarios for w in scenario_warnings(lo)] == []


# ------------------------------------------------------------------ example cues

EXAMPLE_CUES = """\
cues:
  offers_ride:
    examples: {ride}
  offers_taxi:
    examples: {taxi}
  unused_cue: ['\\bnever used\\b']
"""


def _write_examples(tmp_path, ride: list[str], taxi: list[str]):
    text = BASE.replace(
        "cues:\n  offers_ride: [{pattern}]\n  unused_cue: ['\\bnever used\\b']\n",
        EXAMPLE_CUES.format(ride=ride, taxi=taxi),
    ).replace(
        "      - when: [empathy]",
        "      - when: [offers_taxi]\n        mood: 5\n      - when: [empathy]",
    )
    assert text != BASE
    path = tmp_path / "lift.yaml"
    path.write_text(text.format(id="lift", pattern=""))
    return path, scenario_warnings(load_scenario(path))


def test_a_cue_with_fewer_than_three_examples_is_warned(tmp_path):
    path, problems = _write_examples(
        tmp_path,
        ride=["I'll drive you home myself", "Hop in, I'll take you"],
        taxi=["I'll book you a taxi", "Let me call you a cab", "A taxi is on its way for you"],
    )
    thin = [p for p in problems if "offers_ride" in p.message and "example(s)" in p.message]
    assert len(thin) == 1
    assert thin[0].file == str(path) and thin[0].line == 13
    assert "write at least 3" in thin[0].message
    assert not any("offers_taxi" in p.message and "example(s)" in p.message for p in problems)


def test_two_cues_whose_examples_are_alike_are_warned(tmp_path):
    _, problems = _write_examples(
        tmp_path,
        ride=["I'll book you a taxi home", "Let me call a cab for you", "A taxi will pick you up"],
        taxi=["I'll get you a taxi", "Let me book you a cab", "I'm calling you a taxi now"],
    )
    alike = [p for p in problems if "closer to each other" in p.message]
    assert len(alike) == 1
    assert "'offers_ride' and 'offers_taxi'" in alike[0].message


def test_distinct_example_cues_are_not_warned(tmp_path):
    _, problems = _write_examples(
        tmp_path,
        ride=["I'll drive you home myself", "Hop in, I'll take you", "I can give you a lift"],
        taxi=["I'll book you a taxi", "Let me call you a cab", "A taxi is on its way for you"],
    )
    assert not [p for p in problems if "closer to each other" in p.message]
    assert not [p for p in problems if "example(s)" in p.message]


def test_a_story_tell_that_catches_the_good_answer_is_warned(tmp_path):
    path = tmp_path / "lift.yaml"
    text = BASE.format(id="lift", pattern="'\\btaxi\\b'") + (
        "scoring:\n"
        "  policy_hiding: ['\\bcab\\b', '\\bagainst policy\\b']\n"
        "examples:\n"
        '  good: ["I\'m sorry, let me call you a cab right now."]\n'
    )
    path.write_text(text)
    warnings = scenario_warnings(load_scenario(path))
    w = _find(warnings, "matches good example 1")
    assert "policy-hiding" in w.message and "not the topic" in w.message
    assert (w.line, w.col) == (37, 19)  # the pattern itself
    assert not [x for x in warnings if "against policy" in x.message]

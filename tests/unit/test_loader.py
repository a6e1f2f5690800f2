"""Loading scenario files: good ones load, broken and hostile ones are
reported as FILE:LINE:COL with a useful message, never a traceback."""

from pathlib import Path

import pytest

from simulator.errors import ScenarioError
from simulator.loader import MAX_FILE_BYTES, builtin_dir, load_library, load_scenario

MINIMAL = """\
id: minimal
title: A minimal scenario
source: test
situation: A customer at the desk.
opening: Hello?
customer:
  name: Sam
  wants: help
states:
  start:
    lines: [Well?]
    rules:
      - when: [ownership]
        goto: happy
        mood: 40
  happy:
    end: resolved
    lines: [Thanks!]
"""


def write(tmp_path: Path, text: str | bytes, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return [str(p) for p in info.value.problems]


def test_minimal_scenario_loads_with_defaults(tmp_path):
    loaded = load_scenario(write(tmp_path, MINIMAL))
    sc = loaded.scenario
    assert sc.id == "minimal"
    assert sc.difficulty == "medium"
    assert sc.customer.mood == 30
    assert sc.start_state == "start"
    assert len(loaded.sha256) == 64


def test_builtin_library_is_valid():
    lib = load_library()
    assert lib.problems == []
    assert len(lib.scenarios) >= 1
    assert builtin_dir().is_dir()


def test_single_strings_where_lists_are_expected(tmp_path):
    text = MINIMAL.replace("lines: [Well?]", "lines: Well?").replace(
        "when: [ownership]", "when: ownership"
    )
    sc = load_scenario(write(tmp_path, text)).scenario
    assert sc.states["start"].lines == ["Well?"]
    assert sc.states["start"].rules[0].when == ["ownership"]


@pytest.mark.parametrize(
    ("text", "line", "col", "needle"),
    [
        (MINIMAL.replace("  name: Sam", "  nmae: Sam"), 7, 3, "did you mean 'name'?"),
        (MINIMAL.replace("title:", "titel:"), 2, 1, "did you mean 'title'?"),
        (MINIMAL.replace("goto: happy", "goto: hapy"), 14, 15, "did you mean 'happy'?"),
        (
            MINIMAL.replace("when: [ownership]", "when: [ownrship]"),
            13,
            16,
            "did you mean 'ownership'?",
        ),
        (MINIMAL + "  lonely:\n    lines: [hi]\n", 19, 3, "state 'lonely' can never be reached"),
        (MINIMAL.replace("id: minimal", "id: 42"), 1, 5, "id"),
        (
            MINIMAL.replace("  wants: help\n", "  wants: help\n  mood: lots\n"),
            9,
            9,
            "customer.mood",
        ),
        (
            MINIMAL.replace("  wants: help\n", "  wants: help\n  mood: 300\n"),
            9,
            9,
            "less than or equal to 100",
        ),
        (MINIMAL.replace("title: A minimal scenario\n", ""), 1, 1, "missing required key 'title'"),
        (MINIMAL.replace("    rules:", "    on:"), 12, 5, "did you mean 'rules'?"),
        (
            MINIMAL.replace("source: test", "source: test\nsource: again"),
            4,
            1,
            "duplicate key 'source'",
        ),
    ],
)
def test_problems_point_at_file_line_col(tmp_path, text, line, col, needle):
    path = write(tmp_path, text)
    problems = problems_of(path)
    assert any(p.startswith(f"{path}:{line}:{col}: ") and needle in p for p in problems), problems


def test_round_that_can_never_be_satisfied(tmp_path):
    text = MINIMAL.replace("goto: happy\n        mood: 40", "goto: happy\n        mood: -10")
    text = text.replace("    end: resolved", "    end: walked_out")
    problems = problems_of(write(tmp_path, text))
    assert any("can never be satisfied" in p for p in problems), problems


def test_round_that_can_never_end(tmp_path):
    text = """\
id: endless
title: Endless
source: test
situation: x
opening: hi
customer: {name: A, wants: b, patience: null, mood: 90}
ending: {idle_mood: 0, resolve_at: 95}
states:
  start:
    lines: [hm]
"""
    problems = problems_of(write(tmp_path, text))
    assert any("can never end" in p for p in problems), problems


def test_bad_regex_in_cues(tmp_path):
    text = MINIMAL + "cues:\n  offers_refund: ['(refund']\n"
    problems = problems_of(write(tmp_path, text))
    assert any("not a valid pattern" in p for p in problems), problems


# ---------------------------------------------------------------- hostile files


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("id: [unclosed\n", "invalid YAML"),
        ("", "empty"),
        ("# only a comment\n\n", "empty"),
        ("- a\n- list\n", "found a list"),
        ("just a string\n", "found a string"),
        (b"id: caf\xe9\n", "not UTF-8"),
        ("!!python/object/apply:os.system ['echo pwned']\n", "custom tags are not allowed"),
        ("id: !custom x\n", "custom tags are not allowed"),
        (
            "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
            "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
            "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
            "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
            "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
            "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n",
            "alias bomb",
        ),
        ("a:\n" + "".join("  " * i + "- \n" for i in range(1, 200)), "nesting"),
    ],
)
def test_hostile_files_get_one_clear_problem(tmp_path, content, needle):
    path = write(tmp_path, content)
    problems = problems_of(path)
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:")
    assert needle in problems[0], problems


def test_file_over_one_mib(tmp_path):
    path = write(tmp_path, "# " + "x" * MAX_FILE_BYTES + "\n")
    assert "over 1 MiB" in problems_of(path)[0]


def test_non_utf8_position_is_the_bad_byte(tmp_path):
    path = write(tmp_path, b"id: ok\ntitle: caf\xe9\n")
    assert problems_of(path)[0].startswith(f"{path}:2:11: ")


def test_custom_tag_does_not_run(tmp_path):
    marker = tmp_path / "pwned"
    path = write(tmp_path, f"!!python/object/apply:os.system ['touch {marker}']\n")
    problems_of(path)
    assert not marker.exists()


def test_duplicate_ids_across_files(tmp_path):
    write(tmp_path, MINIMAL, "a.yaml")
    write(tmp_path, MINIMAL, "b.yaml")
    lib = load_library([tmp_path])
    assert len(lib.scenarios) == 1
    assert len(lib.problems) == 1
    assert "duplicate id 'minimal'" in str(lib.problems[0])
    assert str(lib.problems[0]).startswith(f"{tmp_path / 'b.yaml'}:1:5: ")


def test_library_keeps_going_past_broken_files(tmp_path):
    write(tmp_path, MINIMAL, "good.yaml")
    write(tmp_path, "- nope\n", "bad.yaml")
    lib = load_library([tmp_path])
    assert [s.scenario.id for s in lib.scenarios] == ["minimal"]
    assert list(lib.failed) == [tmp_path / "bad.yaml"]

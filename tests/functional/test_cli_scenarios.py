"""The scenario commands as a trainer uses them: validate, list, schema, playtest."""

import json
import subprocess
import sys

import pytest

from simulator.cli import main
from simulator.loader import builtin_dir

BROKEN = {
    "typo.yaml": "id: typo\ntitl: x\n",
    "list.yaml": "- a\n- b\n",
    "empty.yaml": "",
    "bytes.yaml": b"id: \xff\xfe\n",
    "tag.yaml": "!!python/object/apply:os.system ['true']\n",
}


def hotseat(*args, stdin=None):
    """Run the real console entry point in a subprocess, as outside checks do."""
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
    )


def test_validate_accepts_the_builtin_library():
    out = hotseat("validate")
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout == ""
    assert "with problems" in out.stderr and " 0 with problems" in out.stderr


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_validate_rejects_each_broken_file(tmp_path, name):
    content = BROKEN[name]
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    out = hotseat("validate", str(path))
    assert out.returncode == 1
    lines = out.stdout.strip().splitlines()
    assert lines, out.stderr
    for line in lines:
        file, row, col, message = line.split(":", 3)
        assert file == str(path) and row.isdigit() and col.isdigit() and message.strip()
    assert "Traceback" not in out.stderr


def test_validate_folder_reports_every_file_and_exit_1(tmp_path):
    for name, content in BROKEN.items():
        (tmp_path / name).write_bytes(content if isinstance(content, bytes) else content.encode())
    (tmp_path / "good.yaml").write_bytes((builtin_dir() / "tires-never-sold.yaml").read_bytes())
    out = hotseat("validate", str(tmp_path))
    assert out.returncode == 1
    errors = [line for line in out.stdout.splitlines() if ": warning: " not in line]
    files = {line.split(":", 1)[0] for line in errors}
    assert files == {str(tmp_path / n) for n in BROKEN}
    # the good file loads; it is only warned that its name is not its id
    good = [
        line for line in out.stdout.splitlines() if line.startswith(str(tmp_path / "good.yaml"))
    ]
    assert len(good) == 1 and ": warning: the file is named 'good.yaml'" in good[0]


def test_validate_missing_path(tmp_path):
    out = hotseat("validate", str(tmp_path / "nope.yaml"))
    assert out.returncode == 1
    assert "cannot read the file" in out.stdout


def test_list_json(capsys):
    assert main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    tires = next(r for r in rows if r["id"] == "tires-never-sold")
    assert set(tires) == {"id", "title", "difficulty", "tags", "source"}
    assert tires["difficulty"] == "easy"


def test_list_text(capsys):
    assert main(["list"]) == 0
    assert "tires-never-sold" in capsys.readouterr().out


def test_schema_prints_json_schema(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Scenario"
    assert "customer" in schema["properties"]


def test_playtest_passes_the_builtin_library():
    out = hotseat("playtest")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "FAIL" not in out.stdout


PUSHOVER = """\
id: pushover
title: A customer anything pleases
source: test
situation: x
opening: Hi.
customer: {name: Pat, wants: anything}
states:
  start:
    lines: [Hm?]
    rules:
      - when: [any]
        goto: pleased
        mood: 50
  pleased:
    end: resolved
    lines: [Lovely!]
  ignored:
    lines: [Nobody comes here.]
examples:
  poor: ["That's against our policy, and you should have read the terms."]
"""


def test_playtest_fails_a_scenario_the_poor_trainee_wins(tmp_path):
    path = tmp_path / "pushover.yaml"
    path.write_text(PUSHOVER, "utf-8")
    out = hotseat("playtest", str(path))
    assert out.returncode == 1
    # The loader already refuses the unreachable state; without it, playtest
    # still fails the scenario because the poor trainee resolves it.
    assert "can never be reached" in out.stdout
    path.write_text(PUSHOVER.replace("  ignored:\n    lines: [Nobody comes here.]\n", ""), "utf-8")
    out = hotseat("playtest", str(path))
    assert out.returncode == 1
    assert "FAIL pushover" in out.stdout
    assert "the poor trainee resolves it" in out.stdout


def test_no_command_args_help():
    out = hotseat("--help")
    assert out.returncode == 0
    for command in ("play", "validate", "list", "schema", "score", "playtest"):
        assert command in out.stdout

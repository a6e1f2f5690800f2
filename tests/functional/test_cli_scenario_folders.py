"""A trainer's scenario folder plays beside the built-in library, from every
entry point: --scenarios (repeatable), $HOTSEAT_SCENARIOS, config.toml."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from simulator.loader import builtin_dir

TIRES = (builtin_dir() / "tires-never-sold.yaml").read_text()


def hotseat(*args, env=None, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def trainer_dir(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "gym-billing.yaml").write_text(
        TIRES.replace("id: tires-never-sold", "id: gym-billing").replace(
            "title: Two tires at a store that never sold tires", "title: The gym that kept billing"
        )
    )
    return folder


@pytest.fixture(autouse=True)
def no_config(tmp_path, monkeypatch):
    monkeypatch.setenv("HOTSEAT_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.delenv("HOTSEAT_SCENARIOS", raising=False)


def _ids(out) -> list[str]:
    assert out.returncode == 0, out.stderr
    return [row["id"] for row in json.loads(out.stdout)]


def test_scenarios_folder_adds_to_the_library(trainer_dir):
    ids = _ids(hotseat("list", "--json", "--scenarios", str(trainer_dir)))
    assert "gym-billing" in ids and "tires-never-sold" in ids


def test_no_builtin_hides_the_library(trainer_dir):
    ids = _ids(hotseat("list", "--json", "--scenarios", str(trainer_dir), "--no-builtin"))
    assert ids == ["gym-billing"]


def test_environment_and_config_add_folders(trainer_dir, tmp_path):
    ids = _ids(hotseat("list", "--json", env={"HOTSEAT_SCENARIOS": str(trainer_dir)}))
    assert "gym-billing" in ids and "tires-never-sold" in ids
    config = tmp_path / "config.toml"
    config.write_text(f'[scenarios]\npaths = ["{trainer_dir}"]\n')
    ids = _ids(hotseat("list", "--json", env={"HOTSEAT_CONFIG": str(config)}))
    assert "gym-billing" in ids


def test_several_folders_separated_by_the_path_separator(trainer_dir, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "hotel-midnight.yaml").write_text(
        TIRES.replace("id: tires-never-sold", "id: hotel-midnight")
    )
    env = {"HOTSEAT_SCENARIOS": os.pathsep.join([str(trainer_dir), str(other)])}
    ids = _ids(hotseat("list", "--json", env=env))
    assert {"gym-billing", "hotel-midnight", "tires-never-sold"} <= set(ids)


def test_a_clashing_id_names_both_files(trainer_dir):
    (trainer_dir / "copy.yaml").write_text(TIRES)
    out = hotseat("validate", "--scenarios", str(trainer_dir))
    assert out.returncode == 1
    line = next(x for x in out.stdout.splitlines() if "duplicate id 'tires-never-sold'" in x)
    assert str(trainer_dir / "copy.yaml") in line and "tires-never-sold.yaml" in line
    played = hotseat(
        "play",
        "tires-never-sold",
        "--script",
        "-",
        "--json",
        "--scenarios",
        str(trainer_dir),
        stdin="Hello\n",
    )
    assert played.returncode == 2 and "duplicate id 'tires-never-sold'" in played.stderr


def test_headless_play_of_a_trainers_scenario(trainer_dir):
    out = hotseat(
        "play", "gym-billing", "--script", "-", "--json", "--scenarios", str(trainer_dir),
        stdin="I'm so sorry. What I can do for you is refund the $180 right now.\n",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["scenario"] == "gym-billing"


def test_unknown_scenario_says_where_it_looked_and_how_to_add_a_folder(trainer_dir):
    out = hotseat(
        "play", "gym-biling", "--script", "-", "--scenarios", str(trainer_dir), stdin="hi\n"
    )
    assert out.returncode == 2
    message = out.stderr.strip()
    assert message.count("\n") == 0
    assert "unknown scenario 'gym-biling'" in message and "did you mean 'gym-billing'" in message
    assert "the built-in library" in message and str(trainer_dir) in message
    assert "--scenarios DIR" in message and "HOTSEAT_SCENARIOS" in message


def test_serve_passes_the_folders_to_every_browser(trainer_dir):
    from simulator.cli.serve import game_command

    command = game_command([str(trainer_dir)], no_builtin=True)
    assert "--scenarios" in command and str(trainer_dir) in command and "--no-builtin" in command


def test_the_bare_game_takes_the_folders(trainer_dir, monkeypatch):
    from simulator import cli

    seen = {}

    def fake_launch(options):
        seen["paths"] = options.paths
        return 0

    monkeypatch.setattr("simulator.cli.tui_launch.launch_tui", fake_launch)
    assert cli.main(["--scenarios", str(trainer_dir)]) == 0
    assert trainer_dir in seen["paths"] and builtin_dir() in seen["paths"]

"""Every full scenario shown in the trainers' guide (docs/authoring.md) must
load: a trainer who copies an example should get a file that validates."""

import re
from pathlib import Path

import pytest

from simulator.loader import load_scenario

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"
_BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.S | re.M)


def full_scenarios(text: str) -> list[str]:
    """The ```yaml blocks that are whole scenario files (they start with the
    schema comment or have a top-level ``id:``); fragments use ```text."""
    return [
        block
        for block in _BLOCK.findall(text)
        if (block.startswith("# yaml-language-server") or re.search(r"^id:", block, re.M))
        and not re.search(r"^stages:", block, re.M)
    ]


TRACKS = [
    b for b in _BLOCK.findall(GUIDE.read_text(encoding="utf-8")) if re.search(r"^stages:", b, re.M)
]


EXAMPLES = full_scenarios(GUIDE.read_text(encoding="utf-8"))


def test_the_guide_shows_the_minimal_and_the_branching_example():
    assert len(EXAMPLES) >= 2
    assert any("rules:" in b and "ending:" not in b for b in EXAMPLES), "minimal example missing"
    assert any("ending:" in b and "examples:" in b for b in EXAMPLES), "branching example missing"


@pytest.mark.parametrize("block", EXAMPLES, ids=[f"example-{i + 1}" for i in range(len(EXAMPLES))])
def test_each_full_example_in_the_guide_loads(block, tmp_path):
    path = tmp_path / "example.yaml"
    path.write_text(block, encoding="utf-8")
    loaded = load_scenario(path)
    assert loaded.scenario.states


@pytest.mark.parametrize("block", TRACKS, ids=[f"track-{i + 1}" for i in range(len(TRACKS))])
def test_each_track_in_the_guide_loads_against_the_library(block, tmp_path):
    from simulator.loader import load_library
    from simulator.tracks import load_track

    path = tmp_path / "example.track.yaml"
    path.write_text(block, encoding="utf-8")
    assert load_track(path, load_library()).track.stages

"""Fixtures for the functional tests (the TUI's Pilot tests and snapshots).

Every test runs with its own user folders (config, data, documents) under
``tmp_path``, so nothing touches the real ones.
"""

from __future__ import annotations

import pytest

from simulator.loader import builtin_dir

TIRES = "tires-never-sold"


@pytest.fixture
def user_dirs(tmp_path, monkeypatch):
    """Config, data and home folders in tmp_path (platformdirs follows XDG)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("HOTSEAT_DB", raising=False)
    return tmp_path


@pytest.fixture
def make_app(user_dirs):
    """A HotseatApp factory: fixed seed, no typing delay, store and
    transcripts in tmp_path; keyword options override."""

    def make(**options):
        from simulator.tui.app import HotseatApp

        defaults = {
            "db": str(user_dirs / "results.db"),
            "transcripts": str(user_dirs / "transcripts"),
            "seed": 0,
            "typing_delay": 0,
            "player": "Ana",
        }
        return HotseatApp(**{**defaults, **options})

    return make


@pytest.fixture
def tires_only():
    """Just the tire story, so screens do not change as the library grows."""
    return [str(builtin_dir() / f"{TIRES}.yaml")]

"""Fixtures for the functional tests (the TUI's Pilot tests and snapshots).

Every test runs with its own user folders (config, data, documents) under
``tmp_path``, so nothing touches the real ones.
"""

from __future__ import annotations

import html
import re
from types import SimpleNamespace

import pytest
from rich.text import Text

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
        from simulator.launch import LaunchOptions

        return HotseatApp(LaunchOptions(**{**defaults, **options}))

    return make


@pytest.fixture
def tires_only():
    """Just the tire story, so screens do not change as the library grows."""
    return [str(builtin_dir() / f"{TIRES}.yaml")]


# ---------------------------------------------------------------- TUI steps
GOOD = [
    "That's a long way to haul two tires, I'm sorry about that. Let's get you taken care of.",
    "What I can do for you is refund them right here. What did you pay for the pair?",
    "I've put the $180 back on your card. Thanks for your patience.",
    "Is there anything else I can do for you today?",
]
BAD = [
    "We don't sell tires, sir. You must have bought them somewhere else.",
    "You should have kept the receipt. That's your problem.",
    "Rules are rules, the system won't let me refund things we don't stock.",
    "You should have checked before buying.",
]


async def send(pilot, text: str) -> None:
    """Put ``text`` in the reply box, press Enter, wait for the customer."""
    pilot.app.screen.query_one("#reply").value = text
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def shown(widget) -> str:
    """The plain text a Static (or similar) shows."""
    content = widget.content if hasattr(widget, "content") else widget.render()
    if isinstance(content, Text):
        return content.plain
    return str(getattr(content, "plain", content))


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


def screen_text(app) -> str:
    """What the terminal shows, as plain text (from the SVG screenshot)."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


@pytest.fixture
def tui():
    """What a player does and sees, in Pilot terms: ``tui.send(pilot, text)``,
    ``tui.shown(widget)``, ``tui.notifications(app)``, ``tui.screen_text(app)``,
    and sample replies ``tui.GOOD`` / ``tui.BAD`` for the tire story."""
    return SimpleNamespace(
        GOOD=GOOD,
        BAD=BAD,
        TIRES=TIRES,
        send=send,
        shown=shown,
        notifications=notifications,
        screen_text=screen_text,
    )

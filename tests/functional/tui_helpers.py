"""Shared steps for the TUI tests: what a player does, in Pilot terms."""

from __future__ import annotations

import html
import re

from rich.text import Text

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

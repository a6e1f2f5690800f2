"""Inputs whose Enter shows in the footer under the name of what it does.

Handling Enter through the Input's own Submitted message (not a screen
binding) keeps it in order with the typing and pasting before it."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


class ReplyInput(Input):
    BINDINGS = [Binding("enter", "submit", "Send")]


class PlayInput(Input):
    BINDINGS = [Binding("enter", "submit", "Play")]


class JoinInput(Input):
    BINDINGS = [Binding("enter", "submit", "Join")]

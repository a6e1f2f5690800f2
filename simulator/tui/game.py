"""The running game, typed: screens and commands reach the app's own state
(the library, the results, the player's preferences) through :func:`game`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from simulator.tui.app import HotseatApp


def game(node: Any) -> HotseatApp:
    """``node.app`` (a widget's, a screen's, a command provider's) as the Hotseat app it is."""
    return cast("HotseatApp", node.app)

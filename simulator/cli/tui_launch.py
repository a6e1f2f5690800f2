"""Opening the Textual UI: the only place the CLI reaches into ``simulator.tui``."""

from __future__ import annotations


def launch_tui(**options) -> int:
    from simulator.tui.app import HotseatApp

    HotseatApp(**options).run()
    return 0

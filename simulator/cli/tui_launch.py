"""Opening the Textual UI: the only place the CLI reaches into ``simulator.tui``.

The CLI fills a :class:`~simulator.launch.LaunchOptions` with what it knows;
fields left None take the app's defaults.
"""

from __future__ import annotations

from simulator.launch import LaunchOptions


def launch_tui(options: LaunchOptions | None = None) -> int:
    from simulator.tui.app import HotseatApp

    app = HotseatApp(options or LaunchOptions())
    app.run()
    return app.return_code or 0

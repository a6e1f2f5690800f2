"""Opening the Textual UI: the only place the CLI reaches into ``simulator.tui``.

``launch_tui(**options)`` takes what the CLI knows (``scenario_id``,
``player``, ``paths``, ``customer``, ``model``, ``base_url``, ``db``,
``tournament``, ``team``, ``code``, ``transcripts``...) and hands it to the
app; options that are None are left out, so the app's defaults apply, and
ones the app does not know yet are ignored there.
"""

from __future__ import annotations


def launch_tui(**options) -> int:
    from simulator.tui.app import HotseatApp

    app = HotseatApp(**{k: v for k, v in options.items() if v is not None})
    app.run()
    return app.return_code or 0

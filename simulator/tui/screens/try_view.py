"""The try view: how the game would take the reply being typed (``hotseat try``).

Opened from the round with F2; shows the scores, the signals, the cues
that matched and what the current state's rule would do, without sending the
reply. Plain text throughout: the reply is never read as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from simulator.trial import Trial, format_trial


class TryScreen(ModalScreen[None]):
    CSS_PATH = "try_view.tcss"
    BINDINGS = [Binding("escape,f2,q", "close", "Close")]

    def __init__(self, trial: Trial) -> None:
        super().__init__()
        self.trial = trial

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="try-box"):
            yield Static(Text("How the game would take this reply (not sent)\n", style="bold"))
            yield Static(Text(format_trial(self.trial)), id="try-text")
            yield Static(Text("\nEsc to close", style="dim"))

    def on_mount(self) -> None:
        self.query_one("#try-box").focus()

    def action_close(self) -> None:
        self.dismiss()

"""Offered on the next visit: a round left unfinished (a closed terminal, a
crash) can be resumed with its replies replayed, or abandoned."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


def prompt_text(rnd: dict, title: str) -> Text:
    text = Text("You have an unfinished round\n\n", style="bold")
    text.append(title, style="bold cyan")
    where = f" in tournament {rnd['tournament']}" if rnd.get("tournament") else ""
    text.append(f"{where}\n{rnd['turns_played']} replies so far, started ")
    text.append((rnd.get("started_at") or "")[:16].replace("T", " "))
    text.append(" UTC")
    if rnd.get("tournament"):
        text.append(
            "\n\nIt is your attempt at this scenario: resume it, or abandon it "
            "(only the trainer can give you a new try).",
            style="dim",
        )
    return text


class ResumePrompt(ModalScreen[str | None]):
    """Dismissed with "resume", "abandon" or None (later)."""

    CSS_PATH = "resume_prompt.tcss"
    BINDINGS = [
        Binding("r", "choose('resume')", "Resume"),
        Binding("a", "choose('abandon')", "Abandon"),
        Binding("escape,l", "choose(None)", "Later"),
    ]

    def __init__(self, rnd: dict, title: str) -> None:
        super().__init__()
        self.rnd = rnd
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(prompt_text(self.rnd, self.title_text), id="question")
            with Horizontal(id="buttons"):
                yield Button("Resume (R)", id="resume", variant="primary")
                yield Button("Abandon (A)", id="abandon", variant="warning")
                yield Button("Later (Esc)", id="later")

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None if event.button.id == "later" else event.button.id)

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)

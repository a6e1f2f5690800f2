"""The conversation: the customer on the left, the trainee on the right,
the scene above them, the customer's line growing as it streams."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from simulator.tui.widgets.reply_text import highlighted, score_summary

if TYPE_CHECKING:
    from simulator.engine import Round, Turn
    from simulator.models import Scenario

CURSOR = "▌"


class Bubble(Static):
    """One line of the conversation, its speaker in the border title."""

    def __init__(self, body: Text, *, who: str, side: str, note: str = "") -> None:
        super().__init__(body, classes=f"bubble {side}")
        # Content(...) is plain text: a name is never read as markup.
        self.border_title = Content(who)
        if note:
            self.border_subtitle = Content(note)


def scene_text(scenario: Scenario) -> Text:
    text = Text(" ".join(scenario.situation.split()), style="italic")
    for key, value in scenario.screen.items():
        text.append("\n")
        text.append(f"{key}: ", style="bold")
        text.append(str(value))
    return text


def mood_note(mood: int, before: int | None) -> str:
    if before is None or before == mood:
        return f"mood {mood}"
    return f"mood {mood} {'▲' if mood > before else '▼'}{abs(mood - before)}"


class Conversation(VerticalScroll):
    """Attributes down: the round screen calls these methods; nothing here
    changes the round."""

    can_focus = False

    def __init__(self, scenario: Scenario, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.scenario = scenario
        self._live: Bubble | None = None

    def _follow(self) -> None:
        # After the next refresh, when the new or grown bubble has its size.
        self.call_after_refresh(self.scroll_end, animate=False)

    def _add(self, widget: Static) -> None:
        self.mount(widget)
        self._follow()

    def show(self, rnd: Round) -> None:
        """Everything said so far in ``rnd`` (used on start and after a rewind)."""
        self.remove_children()
        self._live = None
        scene = Static(scene_text(self.scenario), classes="scene")
        scene.border_title = Content("The situation")
        widgets: list[Static] = [scene, self._customer(rnd.opening)]
        for turn in rnd.turns:
            widgets.append(self._agent(turn))
            if turn.customer:
                widgets.append(self._customer(turn.customer, turn))
        self.mount_all(widgets)
        self._follow()

    def _customer(self, line: str, turn: Turn | None = None) -> Bubble:
        note = mood_note(turn.mood, turn.before.mood) if turn else ""
        return Bubble(Text(line), who=self.scenario.customer.name, side="customer", note=note)

    def _agent(self, turn: Turn) -> Bubble:
        note = f"{turn.points} pts · {score_summary(turn.score)}"
        return Bubble(highlighted(turn.agent, turn.score), who="You", side="agent", note=note)

    def add_reply(self, turn: Turn) -> None:
        self._add(self._agent(turn))

    def begin_line(self, turn: Turn) -> None:
        """The customer starts answering ``turn``: an empty bubble with a cursor."""
        self._live = self._customer("", turn)
        self._live.update(Text(CURSOR, style="blink"))
        self._live.add_class("typing")
        self._add(self._live)

    def stream(self, so_far: str) -> None:
        if self._live is not None:
            text = Text(so_far)
            text.append(CURSOR, style="dim")
            self._live.update(text)
            self._follow()

    def end_line(self, line: str) -> None:
        if self._live is not None:
            self._live.update(Text(line))
            self._live.remove_class("typing")
            self._live = None
            self._follow()

    def banner(self, message: str, kind: str = "info") -> None:
        self._add(Static(Text(message), classes=f"banner {kind}"))

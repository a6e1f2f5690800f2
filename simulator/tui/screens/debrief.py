"""The debrief: how it went, turn by turn, and what to say next time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Static

from scoring.types import DIMENSIONS, NEGATIVE
from simulator.engine import ReplyRefused, grade
from simulator.errors import HotseatError
from simulator.tui.game import game
from simulator.tui.messages import (
    GoHome,
    PlayScenario,
    ResumeRound,
    ShowLeaderboard,
    ShowProgress,
)
from simulator.tui.widgets.charts import MoodChart
from simulator.tui.widgets.meter import Meter
from simulator.tui.widgets.reply_text import LABELS
from simulator.tui.widgets.turn_card import TurnCard

if TYPE_CHECKING:
    from simulator.engine import Round
    from simulator.progress import Suggestion
    from simulator.tui.seats import Seat

OUTCOMES = {
    "resolved": ("Resolved", "good"),
    "walked_out": ("Walked out", "bad"),
    "escalated": ("Asked for a manager", "bad"),
    "out_of_turns": ("Out of turns", "meh"),
    "unfinished": ("Unfinished", "meh"),
}


def headline(rnd: Round) -> Text:
    outcome = rnd.outcome or "unfinished"
    label, kind = OUTCOMES.get(outcome, (outcome, "meh"))
    style = {"good": "bold green", "bad": "bold red"}.get(kind, "bold yellow")
    text = Text(label.upper(), style=style)
    text.append(f"\nScore {rnd.score} · grade {grade(rnd.score)}", style="bold")
    text.append(f"\n{len(rnd.turns)} turns", style="dim")
    retries = sum(1 for t in rnd.history if t.superseded)
    if retries:
        text.append(f" · {retries} rewound", style="dim")
    last = rnd.turns[-1].customer if rnd.turns else rnd.opening
    if last:
        text.append(f"\n\n“{last}”", style="italic")
        text.append(f"\n  — {rnd.scenario.customer.name}", style="dim")
    return text


def ledger_text(rnd: Round) -> Text:
    """The promise ledger and the delights of the round, with a tip for vague promises."""
    from simulator.promises import VAGUE_TIP

    promises = [p for p in rnd.promises() if not p.cannot_keep]
    text = Text()
    if rnd.held_to is not None:
        kept = "kept" if rnd.held_to.concrete else "not kept"
        text.append("Held to your earlier promise ", style="bold")
        text.append(
            f"({kept}): “{rnd.held_to.text}”\n", style="green" if rnd.held_to.concrete else "yellow"
        )
    if promises:
        text.append("Promises: ", style="bold")
        for n, p in enumerate(promises):
            text.append("  " if n else "")
            text.append("✓ " if p.concrete else "✗ ", style="green" if p.concrete else "yellow")
            text.append(f"turn {p.turn}: “{p.text}”", style="" if p.concrete else "yellow")
        if any(not p.concrete for p in promises):
            text.append(f"\n→ {VAGUE_TIP}", style="green")
    delights = [name.replace("_", " ") for t in rnd.turns for name in t.delights]
    if delights:
        text.append("\n" if text else "")
        text.append("You went beyond: ", style="bold green")
        text.append(", ".join(delights), style="green")
    over = [p for p in rnd.promises() if p.cannot_keep]
    if over:
        text.append("\n" if text else "")
        text.append(
            f"{len(over)} promise(s) you cannot keep (beyond what the screen allows)", style="red"
        )
    return text


class DebriefScreen(Screen):
    CSS_PATH = "debrief.tcss"
    BINDINGS = [
        Binding("r", "again", "Play again"),
        Binding("h,escape", "home", "Home"),
        Binding("s", "save", "Save transcript"),
        Binding("p", "progress", "Progress"),
        Binding("u", "back", "Back to round"),
        Binding("b", "leaderboard", "Leaderboard"),
        Binding("n", "practise_next", "Practise next"),
        Binding("f", "follow_up", "Two days later…"),
    ]

    def __init__(self, rnd: Round, *, seat: Seat | None = None) -> None:
        super().__init__()
        self.rnd = rnd
        #: A tournament round's seat: "again" is another try in the tournament
        #: (refused unless it allows retries), and there is no going back in.
        self.seat = seat
        self.sub_title = f"Debrief · {rnd.scenario.title}"
        if seat is not None:
            self.sub_title = f"Debrief · {seat.tournament} · {rnd.scenario.title}"
        #: Where the transcript went, once saved.
        self.saved: tuple | None = None
        #: The scenario "Practise next" names, once the player's rounds are read.
        self.suggestion: Suggestion | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="summary"):
            yield Static(headline(self.rnd), id="headline")
            with Vertical(id="numbers"):
                yield Label("Mood over the round", classes="heading")
                yield MoodChart(height=4, id="mood-chart")
                yield Label("Average per reply", classes="heading")
                for d in DIMENSIONS:
                    yield Meter(LABELS[d], maximum=1, digits=2, invert=d in NEGATIVE, id=f"avg-{d}")
        yield Static(ledger_text(self.rnd), id="ledger")
        yield Static(Text("Practise next: reading your recent rounds…", style="dim"), id="practise")
        with VerticalScroll(id="turns"):
            for turn in self.turn_order():
                yield TurnCard(turn, self.rnd.scenario)
            if not self.rnd.turns:
                yield Static("No replies in this round.", classes="card")
        yield Footer()

    def turn_order(self):
        """Each turn, its rewound tries just before the try that counted."""
        return sorted(self.rnd.history, key=lambda t: (t.index, not t.superseded, t.attempt))

    def on_mount(self) -> None:
        self.query_one(MoodChart).moods = [
            self.rnd.scenario.customer.mood,
            *(t.mood for t in self.rnd.turns),
        ]
        dims = self.rnd.dimensions()
        for d in DIMENSIONS:
            self.query_one(f"#avg-{d}", Meter).value = dims[d] if self.rnd.turns else None
        self.query_one("#turns").focus()
        ledger = self.query_one("#ledger", Static)
        ledger.display = bool(ledger_text(self.rnd))
        self.suggest()

    @work(thread=True, exclusive=True, group="practise")
    def suggest(self) -> None:
        from simulator.progress import practise_next, standing

        app = game(self)
        player = self.seat.player if self.seat is not None else app.prefs.player
        try:
            rounds = app.results.player_rounds(player)
        except LookupError:  # no results store: suggest from this round alone
            rounds = [self.as_round()] if self.rnd.turns else []
        place = standing(app.track.track, player, rounds) if app.track else None
        scenarios = [s.scenario for s in app.library.scenarios]
        tip = practise_next(rounds, scenarios, standing=place, just_played=self.rnd.scenario.id)
        app.call_from_thread(self.show_suggestion, tip)

    def as_round(self) -> dict:
        return {
            "scenario": self.rnd.scenario.id,
            "finished_at": self.rnd.started_at,
            "outcome": self.rnd.outcome,
            "score": self.rnd.score,
            "dimensions": self.rnd.dimensions(),
        }

    def show_suggestion(self, tip: Suggestion | None) -> None:
        self.suggestion = tip
        line = self.query_one("#practise", Static)
        if tip is None:
            line.display = False
            return
        text = Text("Practise next: ", style="bold")
        text.append(tip.title, style="bold cyan")
        text.append(f" — {tip.reason}.", style="")
        text.append("  Press n to play it.", style="dim")
        line.update(text)
        self.refresh_bindings()

    def action_follow_up(self) -> None:
        """The customer comes back two days later, holding you to your promises."""
        from simulator.promises import held_promises

        follow = self.rnd.scenario.follow_up
        if follow is None:
            return
        held = held_promises(self.rnd.promises(), follow.checks)
        self.post_message(PlayScenario(follow.scenario, promised=held))

    def action_practise_next(self) -> None:
        if self.suggestion is not None:
            self.post_message(PlayScenario(self.suggestion.scenario))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self.seat is None
        if action == "leaderboard":
            return self.seat is not None
        if action == "practise_next":
            return self.suggestion is not None
        if action == "follow_up":
            follow = self.rnd.scenario.follow_up
            return (
                follow is not None
                and self.seat is None
                and game(self).library.get(follow.scenario) is not None
            )
        return True

    def action_again(self) -> None:
        self.post_message(PlayScenario(self.rnd.scenario.id, seat=self.seat))

    def action_leaderboard(self) -> None:
        if self.seat is not None:
            self.post_message(ShowLeaderboard(self.seat.tournament))

    def action_home(self) -> None:
        self.post_message(GoHome())

    def action_progress(self) -> None:
        self.post_message(ShowProgress())

    def action_back(self) -> None:
        """Back into the round: a finished one loses its last turn first."""
        if self.seat is not None:
            return
        if self.rnd.finished:
            try:
                self.rnd.rewind()
            except ReplyRefused as refused:
                self.notify(str(refused), severity="warning", markup=False)
                return
        self.post_message(ResumeRound(self.rnd))

    def action_save(self) -> None:
        from simulator.transcript import save_transcript

        try:
            self.saved = save_transcript(
                self.rnd, game(self).transcripts, player=game(self).prefs.player
            )
        except HotseatError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        json_path, md_path = self.saved
        self.notify(f"{md_path}\n{json_path.name}", title="Transcript saved", markup=False)

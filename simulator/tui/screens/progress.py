"""Progress: the player's past rounds and the trend of each dimension."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from scoring.types import DIMENSIONS, NEGATIVE
from simulator.engine import grade
from simulator.tui.game import game
from simulator.tui.widgets.charts import spark
from simulator.tui.widgets.reply_text import LABELS

#: Rounds compared for the trend: the last N against the N before them.
WINDOW = 5


def trend_text(rounds: list[dict]) -> Text:
    """One line per dimension: a sparkline, the recent mean and its change."""
    old_first = list(reversed(rounds))
    text = Text()
    scores = [r["score"] or 0 for r in old_first]
    rows = [("Score", scores, 0, 100, False)] + [
        (LABELS[d], [r["dimensions"][d] or 0.0 for r in old_first], 0, 1, d in NEGATIVE)
        for d in DIMENSIONS
    ]
    for label, values, lo, hi, invert in rows:
        recent, before = values[-WINDOW:], values[-2 * WINDOW : -WINDOW]
        mean = sum(recent) / len(recent)
        text.append(f"{label:<10}", style="bold")
        text.append_text(spark(values[-40:], lo, hi, invert=invert))
        shown = f"{mean:.0f}" if hi == 100 else f"{mean:.2f}"
        text.append(f"  {shown}")
        if before:
            delta = mean - sum(before) / len(before)
            better = delta < 0 if invert else delta > 0
            if abs(delta) >= (1 if hi == 100 else 0.01):
                arrow = "▲" if delta > 0 else "▼"
                style = "green" if better else "red"
                amount = f"{delta:+.0f}" if hi == 100 else f"{delta:+.2f}"
                text.append(f" {arrow}{amount}", style=style)
        text.append("\n")
    text.append(f"(last {min(WINDOW, len(rounds))} rounds against the {WINDOW} before)", "dim")
    return text


class ProgressScreen(Screen):
    CSS_PATH = "progress.tcss"
    BINDINGS = [Binding("escape,h", "close", "Back")]

    def __init__(self, player: str) -> None:
        super().__init__()
        self.player = player
        self.sub_title = f"Progress · {player}"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="stages")
        yield Static(Text("Loading your rounds…", style="dim"), id="trend")
        yield DataTable(id="rounds", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#rounds", DataTable)
        table.add_columns("When", "Scenario", "Outcome", "Score", *(LABELS[d] for d in DIMENSIONS))
        self.load()

    @work(thread=True, exclusive=True, group="progress")
    def load(self) -> None:
        try:
            rounds = game(self).results.player_rounds(self.player)
            unfinished = game(self).results.unfinished_rounds(self.player)
        except LookupError as exc:
            self.app.call_from_thread(self.show_problem, str(exc))
            return
        self.app.call_from_thread(self.show, rounds, unfinished)

    def show_problem(self, message: str) -> None:
        self.query_one("#trend", Static).update(Text(message, style="yellow"))

    def show(self, rounds: list[dict], unfinished: list[dict] | None = None) -> None:
        unfinished = unfinished or []
        self.query_one("#stages", Static).update(self.stages_text(rounds, unfinished))
        trend = self.query_one("#trend", Static)
        if not rounds:
            trend.update(Text(f"No finished rounds for {self.player} yet. Play one!", "dim"))
        else:
            trend.update(trend_text(rounds))
        table = self.query_one("#rounds", DataTable)
        for r in unfinished:
            when = (r.get("started_at") or "")[:16].replace("T", " ")
            table.add_row(
                when,
                Text(r["scenario"]),
                Text("not finished", style="yellow"),
                f"{r['turns_played']} replies",
                *("" for _ in DIMENSIONS),
            )
        for r in rounds:
            when = (r.get("finished_at") or "")[:16].replace("T", " ")
            score = r["score"] or 0
            table.add_row(
                when,
                Text(r["scenario"]),
                (r["outcome"] or "").replace("_", " "),
                f"{score} {grade(score)}",
                *(f"{(r['dimensions'][d] or 0):.2f}" for d in DIMENSIONS),
            )
        table.focus()

    def stages_text(self, rounds: list[dict], unfinished: list[dict]) -> Text:
        from simulator.progress import standing

        text = Text()
        track = getattr(self.app, "track", None)
        if track is not None:
            place = standing(track.track, self.player, rounds)
            text.append(f"{track.track.title}: ", style="bold")
            marks = "".join("■" if s.passed else "□" for s in place.stages)
            text.append(marks + " ", style="green")
            text.append(f"{place.stages_passed}/{len(place.stages)} stages passed")
            current = place.current
            if current is not None:
                text.append(f" · now: {current.title}", style="dim")
            text.append("\n")
        count = len(unfinished)
        text.append(f"Rounds not finished: {count}", style="yellow" if count else "dim")
        return text

    def action_close(self) -> None:
        self.dismiss()

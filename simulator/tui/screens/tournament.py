"""Join a tournament: pick it, say who you are (and your join code when it is
invite-only), then see its scenarios, which you have played, and play one.

Every check is the store's own (``simulator.tui.seats``), run in a worker:
a refusal is one notification, and the round is checked again as it starts.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, Select, Static

from simulator.engine import grade
from simulator.tui.game import game
from simulator.tui.messages import PlayScenario, SeatTaken, ShowLeaderboard
from simulator.tui.seats import Joined, Seat
from simulator.tui.widgets.inputs import JoinInput

NONE_YET = (
    "No tournaments yet. A trainer creates one with\n"
    "hotseat tournament create NAME --scenarios ID,ID,..."
)


def describe(info: dict) -> Text:
    """One line about the tournament: who may play, how often, against whom."""
    text = Text("invite-only" if info["invite_only"] else "open to all", style="bold")
    each = "once" if info["rounds"] == 1 else f"{info['rounds']} times"
    text.append(f" · each story {each}")
    text.append(" · retries allowed" if info["allow_retries"] else " · no retries")
    customer = str(info["customer"]).split(":")[0]
    text.append(f" · {customer} customer · {info['players']} in so far", style="dim")
    return text


def status_cells(joined: Joined) -> list[tuple[str, tuple]]:
    """(key, cells) per scenario: title, your best round, what you can do."""
    rows = []
    for s in joined.scenarios:
        best = s.best
        if best is None:
            yours = Text("–", style="dim")
        else:
            score = best["score"] or 0
            yours = Text(f"{score} {grade(score)}")
            yours.append(f" {(best['outcome'] or '').replace('_', ' ')}", style="dim")
        if s.playable:
            what = Text("play" if s.attempt == 1 else f"try {s.attempt}", style="bold green")
        elif s.rounds:
            what = Text("played", style="dim")
        else:
            what = Text("not available", style="yellow")
        rows.append((s.scenario_id, (Text(s.title), yours, what)))
    return rows


class TournamentScreen(Screen):
    CSS_PATH = "tournament.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("ctrl+b", "leaderboard", "Leaderboard"),
    ]
    sub_title = "Tournament"

    def __init__(self, seat: Seat) -> None:
        super().__init__()
        #: What the form starts with (the last seat, or the command line's).
        self.seat = seat
        self.infos: dict[str, dict] = {}
        self.joined: Joined | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="pick"):
            yield Label("Tournament", classes="field")
            yield Select([], prompt="loading…", id="tournament")
        with Horizontal(id="seat"):
            yield Label("Player", classes="field")
            yield JoinInput(
                self.seat.player, placeholder="your name", id="t-player", max_length=100
            )
            yield Label("Team", classes="field")
            yield JoinInput(
                self.seat.team or "", placeholder="optional", id="t-team", max_length=100
            )
            yield Label("Code", classes="field code")
            yield JoinInput(
                self.seat.code or "",
                placeholder="join code",
                password=True,
                id="t-code",
                classes="code",
                max_length=40,
            )
        yield Static(id="t-info")
        yield DataTable(id="t-scenarios", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#t-scenarios", DataTable)
        table.add_column("Scenario", key="title")
        table.add_column("You", key="yours", width=16)
        table.add_column("", key="what", width=13)
        self.show_code(False)
        self.load_list()

    def on_screen_resume(self) -> None:
        # Back from a round or the leaderboard: what you played has changed.
        if self.joined is not None:
            self.join(quiet=True)

    # ------------------------------------------------------------------ the list

    @work(thread=True, exclusive=True, group="tournaments")
    def load_list(self) -> None:
        try:
            found = game(self).results.tournaments()
        except LookupError as exc:
            self.app.call_from_thread(self.show_info, Text(str(exc), style="yellow"))
            return
        game(self).tournament_names = [t["name"] for t in found]
        self.app.call_from_thread(self.show_list, found)

    def show_list(self, found: list[dict]) -> None:
        self.infos = {t["name"]: t for t in found}
        select = self.query_one("#tournament", Select)
        select.set_options([(Text(name), name) for name in self.infos])
        select.prompt = "pick a tournament"
        if not found:
            self.show_info(Text(NONE_YET, style="dim"))
            return
        wanted = self.seat.tournament if self.seat.tournament in self.infos else None
        if wanted is None and len(found) == 1:
            wanted = found[0]["name"]
        if wanted is None:
            select.focus()
            return
        select.value = wanted
        self.picked(wanted)
        if self.seat.tournament == wanted and (self.seat.code or not self.invite_only):
            # Quietly: with ``play --tournament`` a round is already starting.
            self.join(quiet=True)
        else:
            self.focus_missing()

    @on(Select.Changed, "#tournament")
    def _changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and (self.joined is None or self.name_now != event.value):
            self.picked(event.value)

    def picked(self, name: str) -> None:
        self.joined = None
        self.query_one("#t-scenarios", DataTable).clear()
        info = self.infos.get(name)
        if info is not None:
            self.show_info(describe(info))
            self.show_code(info["invite_only"])
            self.sub_title = f"Tournament · {name}"

    def show_info(self, text: Text) -> None:
        self.query_one("#t-info", Static).update(text)

    def show_code(self, shown: bool) -> None:
        for widget in self.query(".code"):
            widget.display = shown

    @property
    def name_now(self) -> str | None:
        value = self.query_one("#tournament", Select).value
        return value if isinstance(value, str) else None

    @property
    def invite_only(self) -> bool:
        info = self.infos.get(self.name_now or "")
        return bool(info and info["invite_only"])

    # ------------------------------------------------------------------ joining

    def form_seat(self) -> Seat | None:
        """The seat the form describes, or None (and a notice) if incomplete."""
        name = self.name_now
        if name is None:
            self.notify("Pick a tournament first.", severity="warning", markup=False)
            self.query_one("#tournament", Select).focus()
            return None
        player = " ".join(self.query_one("#t-player", Input).value.split())
        team = " ".join(self.query_one("#t-team", Input).value.split()) or None
        code = self.query_one("#t-code", Input).value.strip() or None
        if not player:
            self.notify("Type your name: results are saved under it.", severity="warning")
            self.query_one("#t-player", Input).focus()
            return None
        if self.invite_only and not code:
            self.notify(
                f"Tournament '{name}' is invite-only: type the join code your trainer gave you.",
                severity="warning",
                markup=False,
            )
            self.query_one("#t-code", Input).focus()
            return None
        return Seat(name, player, team, code if self.invite_only else None)

    def focus_missing(self) -> None:
        for wid in ("#t-player", "#t-code"):
            box = self.query_one(wid, Input)
            if box.display and not box.value.strip():
                box.focus()
                return
        self.query_one("#t-player", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.join(quiet=False)

    def join(self, *, quiet: bool) -> None:
        seat = self.form_seat()
        if seat is not None:
            self._join(seat, quiet)

    @work(thread=True, exclusive=True, group="join")
    def _join(self, seat: Seat, quiet: bool) -> None:
        try:
            joined = game(self).results.join(game(self).library, seat)
        except LookupError as exc:
            self.app.call_from_thread(self.refused, str(exc), quiet)
            return
        self.app.call_from_thread(self.show_joined, joined, quiet)

    def refused(self, message: str, quiet: bool) -> None:
        self.joined = None
        self.query_one("#t-scenarios", DataTable).clear()
        if not quiet:  # a quiet join came with a round starting, which says it
            self.notify(message, severity="error", markup=False)
        if self.invite_only:
            self.query_one("#t-code", Input).focus()
        else:
            self.focus_missing()

    def show_joined(self, joined: Joined, quiet: bool) -> None:
        if joined.seat.tournament != self.name_now:
            return  # the player picked another one meanwhile
        self.joined = joined
        self.post_message(SeatTaken(joined.seat))
        if joined.seat.team and not self.query_one("#t-team", Input).value.strip():
            self.query_one("#t-team", Input).value = joined.seat.team
        table = self.query_one("#t-scenarios", DataTable)
        keep = table.cursor_row
        table.clear()
        for key, cells in status_cells(joined):
            table.add_row(*cells, key=key)
        table.move_cursor(row=min(keep, table.row_count - 1), animate=False)
        if not quiet:
            table.focus()
            free = sum(1 for s in joined.scenarios if s.playable)
            who = f"{joined.seat.player}" + (f" ({joined.seat.team})" if joined.seat.team else "")
            self.notify(
                f"{who} is in. {free} of {len(joined.scenarios)} scenarios to play: pick one.",
                markup=False,
            )

    # ------------------------------------------------------------------ playing

    @on(DataTable.RowSelected, "#t-scenarios")
    def _play(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.joined is None:
            self.join(quiet=False)
            return
        key = event.row_key.value
        status = next((s for s in self.joined.scenarios if s.scenario_id == key), None)
        if status is None:
            return
        if status.refused:
            self.notify(status.refused, severity="warning", markup=False)
            return
        self.post_message(PlayScenario(status.scenario_id, seat=self.joined.seat))

    def action_leaderboard(self) -> None:
        name = self.name_now
        if name is None:
            self.notify("Pick a tournament first.", severity="warning", markup=False)
            return
        self.post_message(ShowLeaderboard(name))

    def action_close(self) -> None:
        self.dismiss()

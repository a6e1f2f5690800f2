"""The live leaderboard: players ranked, team standings below, refreshed
every couple of seconds as results come in from other players (other
terminals, other browsers, the headless CLI).

The query runs in a worker thread, so a slow or locked database never
freezes the screen; while one query is still running no other is started.
Names are always ``Text``, never markup.
"""

from __future__ import annotations

import asyncio
import time

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Static
from textual.worker import get_current_worker

from scoring.types import DIMENSIONS, NEGATIVE
from simulator.tui.game import game

#: Seconds between refreshes.
REFRESH = 2.0
DIM_HEADS = {"empathy": "Emp", "ownership": "Own", "blame": "Blm", "policy_hiding": "Pol"}


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def dim_cells(dims: dict[str, float]) -> list[Text]:
    """``.85`` per dimension; the costly ones red when present at all."""
    cells = []
    for d in DIMENSIONS:
        value = dims.get(d) or 0.0
        style = "red" if d in NEGATIVE and value >= 0.05 else ""
        cells.append(Text(f"{value:.2f}".removeprefix("0"), style=style, justify="right"))
    return cells


def player_rows(players: list[dict], me: str | None) -> list[tuple]:
    rows = []
    for p in players:
        style = "bold" if p["player"] == me else ""
        rows.append(
            (
                Text(str(p["rank"]), justify="right"),
                Text(p["player"], style=style),
                Text(p["team"] or "–", style="" if p["team"] else "dim"),
                Text(str(p["total"]), style="bold", justify="right"),
                Text(str(p["played"]), justify="right"),
                Text(str(p["resolved"]), justify="right"),
                *dim_cells(p["dimensions"]),
            )
        )
    return rows


def team_rows(teams: list[dict]) -> list[tuple]:
    return [
        (
            Text(str(t["rank"]), justify="right"),
            Text(t["team"]),
            Text(f"{t['total']:g}", style="bold", justify="right"),
            Text(str(len(t["players"])), justify="right"),
            Text(str(t["played"]), justify="right"),
            Text(str(t["resolved"]), justify="right"),
            *dim_cells(t["dimensions"]),
        )
        for t in teams
    ]


class LeaderboardScreen(Screen):
    CSS_PATH = "leaderboard.tcss"
    BINDINGS = [Binding("escape,q", "close", "Back")]

    def __init__(self, tournament: str) -> None:
        super().__init__()
        self.tournament = tournament
        self.sub_title = f"Leaderboard · {tournament}"
        #: The last board shown (``tournament.leaderboard``'s dict).
        self.board: dict | None = None
        #: Set whenever a fresh board has been shown (tests await it).
        self.updated = asyncio.Event()
        self._busy = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Loading the standings…", style="dim"), id="lb-title")
        yield DataTable(id="lb-players", cursor_type="row", zebra_stripes=True)
        yield Label("Teams (total: the mean of their players')", id="lb-teams-heading")
        yield DataTable(id="lb-teams", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        dims = [(DIM_HEADS[d], d, 4) for d in DIMENSIONS]
        players = self.query_one("#lb-players", DataTable)
        for label, key, width in [
            ("#", "rank", 3),
            ("Player", "player", 15),
            ("Team", "team", 11),
            ("Total", "total", 5),
            ("Rds", "played", 3),
            ("Res", "resolved", 3),
            *dims,
        ]:
            players.add_column(label, key=key, width=width)
        teams = self.query_one("#lb-teams", DataTable)
        for label, key, width in [
            ("#", "rank", 3),
            ("Team", "team", 15),
            ("Total", "total", 6),
            ("Pl", "players", 3),
            ("Rds", "played", 3),
            ("Res", "resolved", 3),
            *dims,
        ]:
            teams.add_column(label, key=key, width=width)
        players.focus()
        self.reload()
        self.refresher = self.set_interval(REFRESH, self.reload)

    def reload(self) -> None:
        """Ask for the standings again, unless the last question is still out."""
        if not self._busy:
            self._busy = True
            self._query()

    @work(thread=True, group="leaderboard")
    def _query(self) -> None:
        worker = get_current_worker()
        try:
            board = game(self).results.leaderboard(self.tournament)
        except LookupError as exc:
            if not worker.is_cancelled:
                self.app.call_from_thread(self.show_problem, str(exc))
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self.show, board)

    def show_problem(self, message: str) -> None:
        self._busy = False
        self.query_one("#lb-title", Static).update(Text(message, style="yellow"))
        self.updated.set()

    def show(self, board: dict) -> None:
        self._busy = False
        players, teams = board["players"], board["teams"]
        fresh = self.board is None or (players, teams) != (
            self.board["players"],
            self.board["teams"],
        )
        self.board = board
        title = Text(self.tournament, style="bold")
        title.append(f" · {plural(len(players), 'player')} · {plural(len(teams), 'team')}")
        title.append(f" · updated {time.strftime('%H:%M:%S')} · every {REFRESH:g} s", style="dim")
        if not players:
            title.append("\nNo finished rounds yet: standings appear as rounds end.", "dim")
        self.query_one("#lb-title", Static).update(title)
        if fresh:
            seat = getattr(self.app, "seat", None)
            me = seat.player if seat and seat.tournament == self.tournament else None
            self._fill("#lb-players", player_rows(players, me))
            self._fill("#lb-teams", team_rows(teams))
        self.updated.set()

    def _fill(self, selector: str, rows: list[tuple]) -> None:
        table = self.query_one(selector, DataTable)
        keep = table.cursor_row
        table.clear()
        for row in rows:
            table.add_row(*row)
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1), animate=False)

    def action_close(self) -> None:
        self.dismiss()

"""Home: pick a scenario, say who you are and who plays the customer, press Enter.

Typing goes to the search box, the arrows move through the library, Enter
plays: a round is three keys away.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Label, Select

from simulator.customers.factory import CUSTOMER_KINDS
from simulator.loader import Library
from simulator.progress import standing
from simulator.tracks import LoadedTrack
from simulator.tui.game import game
from simulator.tui.messages import PlayScenario, ShowProgress
from simulator.tui.prefs import LLMChoice
from simulator.tui.widgets.inputs import PlayInput
from simulator.tui.widgets.library import Entry, LibraryTable, ScenarioDetail, entries
from simulator.tui.widgets.track_panel import TrackPanel

CUSTOMER_LABELS = {
    "scripted": "Scripted",
    "llm": "LLM model",
    "replay": "Recording",
}


class HomeScreen(Screen):
    CSS_PATH = "home.tcss"
    BINDINGS = [
        Binding("ctrl+n", "play_next", "Next on track"),
        Binding("ctrl+f", "search", "Search"),
        Binding("ctrl+o", "progress", "Progress"),
        Binding("ctrl+b", "app.tournament", "Tournament"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
    ]
    sub_title = "Scenario library"

    def __init__(
        self,
        library: Library,
        *,
        player: str,
        customer: str,
        llm: LLMChoice | None = None,
        track: LoadedTrack | None = None,
    ) -> None:
        super().__init__()
        self.entries = entries(library.scenarios, library.failed)
        self.titles = {s.scenario.id: s.scenario.title for s in library.scenarios}
        self.track = track
        #: The next scenario on the player's track, once their rounds are read.
        self.next_on_track: str | None = None
        self._typing_timer: Timer | None = None
        self.player = player
        self.customer = customer if customer in CUSTOMER_KINDS else "scripted"
        self.llm = llm or LLMChoice("", "", "", "")
        self.shown: list[Entry] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield TrackPanel(id="track")
        with Horizontal(id="filters"):
            yield Input(
                placeholder="Search: type to filter, ↑↓ to pick, Enter to play", id="search"
            )
            yield Select(
                [("Any level", "any"), ("Easy", "easy"), ("Medium", "medium"), ("Hard", "hard")],
                value="any",
                allow_blank=False,
                id="level",
            )
            tags = sorted({t for e in self.entries if e.loaded for t in e.loaded.scenario.tags})
            yield Select(
                [("Any tag", "any"), *((t, t) for t in tags)],
                value="any",
                allow_blank=False,
                id="tag",
            )
        with Horizontal(id="library"):
            yield LibraryTable(id="scenarios")
            yield ScenarioDetail(id="detail")
        with Horizontal(id="who"):
            yield Label("Player", classes="field")
            yield PlayInput(self.player, placeholder="your name", id="player", max_length=100)
            yield Label("Customer", classes="field")
            yield Select(
                [(CUSTOMER_LABELS.get(k, k), k) for k in CUSTOMER_KINDS],
                value=self.customer,
                allow_blank=False,
                id="customer",
            )
        # Shown only for the LLM customer. No key field: the key is read from
        # OPENAI_API_KEY when the round starts and is never on screen.
        with Horizontal(id="llm"):
            yield Label("Model", classes="field")
            yield PlayInput(self.llm.model, placeholder="model name", id="model", max_length=100)
            yield Label("Server", classes="field")
            yield PlayInput(
                self.llm.base_url,
                placeholder="base URL (empty: the OpenAI API)",
                id="base-url",
                max_length=500,
            )
        yield Footer()

    def on_mount(self) -> None:
        self.refilter()
        self.show_llm()
        self.query_one("#search", Input).focus()
        self.query_one(TrackPanel).display = False
        self.refresh_track(offer=True)
        if getattr(game(self).prefs, "defaulted", False) and self.player:
            self.notify(
                f"Playing as '{self.player}', your login name. Type your own name in the "
                "Player box to save your rounds under it.",
                title="Who is playing?",
                markup=False,
            )

    def on_screen_resume(self) -> None:
        # back from a debrief: the round just played may have moved the track on
        self.refresh_track(offer=True)

    # ------------------------------------------------------------------ the track

    def player_name(self) -> str:
        return " ".join(self.query_one("#player", Input).value.split())

    #: Seconds of quiet in the Player box before the rounds of the name are read.
    TYPING_PAUSE = 0.3

    @on(Input.Changed, "#player")
    def _player_typed(self) -> None:
        # one read of the store per pause in typing, not one per key
        if self._typing_timer is not None:
            self._typing_timer.stop()
        self._typing_timer = self.set_timer(self.TYPING_PAUSE, self.refresh_track)

    @on(Input.Blurred, "#player")
    def _player_given(self) -> None:
        self.refresh_track(offer=True)

    def refresh_track(self, offer: bool = False) -> None:
        """The player's place on the track; with ``offer`` (a name given, not
        half typed), also a round they left unfinished."""
        if self.player_name():
            self.load_standing(self.player_name(), offer)

    # Not exclusive: cancelling a read in flight would fail whoever awaits the
    # workers; a read for a name no longer in the box is dropped in show_standing.
    @work(thread=True, group="track")
    def load_standing(self, player: str, offer: bool = False) -> None:
        try:
            rounds = game(self).results.player_rounds(player)
            unfinished = game(self).results.unfinished_rounds(player) if offer else []
        except LookupError as exc:
            self.app.call_from_thread(self.show_standing, player, None, str(exc))
            return
        self.app.call_from_thread(self.show_standing, player, rounds, None)
        if unfinished:
            self.app.call_from_thread(game(self).offer_resume, unfinished[0])

    def show_standing(self, player: str, rounds: list[dict] | None, problem: str | None) -> None:
        if player != self.player_name() or self.track is None:
            return  # the name changed while its rounds were read, or no track
        panel = self.query_one(TrackPanel)
        if rounds is None:
            panel.display = True
            panel.show_problem(f"Your track's progress is not available: {problem}")
            self.next_on_track = None
            return
        place = standing(self.track.track, player, rounds)
        self.next_on_track = place.next
        panel.show_standing(place, self.track.track.title, self.titles)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "play_next":
            return self.track is not None
        return True

    def action_play_next(self) -> None:
        if self.next_on_track is None:
            message = "Track complete: pick any scenario." if self.track else "No track here."
            self.notify(message, severity="information")
            return
        search = self.query_one("#search", Input)
        with search.prevent(Input.Changed):
            search.value = ""
        for select in ("#level", "#tag"):
            self.query_one(select, Select).value = "any"
        self.refilter()
        if not self.query_one(LibraryTable).select_key(self.next_on_track):
            self.notify(f"'{self.next_on_track}' is not in the library.", severity="warning")
            return
        self.action_play()

    @on(Select.Changed, "#customer")
    def show_llm(self) -> None:
        self.query_one("#llm").display = self.query_one("#customer", Select).value == "llm"

    # ------------------------------------------------------------------ filtering

    @on(Input.Changed, "#search")
    @on(Select.Changed, "#level, #tag")
    def refilter(self) -> None:
        words = self.query_one("#search", Input).value.lower().split()
        level = self.query_one("#level", Select).value
        tag = self.query_one("#tag", Select).value
        self.shown = [e for e in self.entries if e.matches(words, str(level), str(tag))]
        table = self.query_one(LibraryTable)
        table.show(self.shown)
        self.query_one(ScenarioDetail).show(self.current())

    def current(self) -> Entry | None:
        key = self.query_one(LibraryTable).current_key
        return next((e for e in self.shown if e.key == key), None)

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self.query_one(ScenarioDetail).show(self.current())

    # ------------------------------------------------------------------ playing

    @on(DataTable.RowSelected)
    @on(Input.Submitted, "#search, #player, #model, #base-url")
    def _chosen(self, event) -> None:
        event.stop()
        self.action_play()

    def action_play(self) -> None:
        entry = self.current()
        if entry is None:
            self.notify("No scenario is selected.", severity="warning")
            return
        if entry.loaded is None:
            self.notify(
                "That file does not load; its problems are listed on the right.",
                severity="warning",
            )
            return
        player = " ".join(self.query_one("#player", Input).value.split())
        if not player:
            self.notify(
                "Type your name first: your results are saved under it.", severity="warning"
            )
            self.query_one("#player", Input).focus()
            return
        self.player = player
        self.customer = str(self.query_one("#customer", Select).value)
        game(self).remember(player=player, customer=self.customer, **self.llm_choice())
        self.post_message(PlayScenario(entry.loaded.scenario.id))

    def llm_choice(self) -> dict[str, str]:
        """The model and URL to remember: empty when they are what the
        environment or config file gives anyway, so a later change there
        is not hidden by an old choice."""
        model = self.query_one("#model", Input).value.strip()
        url = self.query_one("#base-url", Input).value.strip()
        return {
            "model": "" if model == self.llm.resolved_model else model,
            "base_url": "" if url == self.llm.resolved_base_url else url,
        }

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_move(self, step: int) -> None:
        table = self.query_one(LibraryTable)
        if step > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    def action_progress(self) -> None:
        player = " ".join(self.query_one("#player", Input).value.split())
        if player:
            self.player = player
            game(self).remember(player=player)
        self.post_message(ShowProgress())

"""The Hotseat app: holds the library, the player's preferences and the link
to the results store, and moves between screens when they ask (messages up).
Everything else lives in the screens and widgets."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.binding import Binding

from simulator.launch import LaunchOptions
from simulator.loader import library_paths, load_library
from simulator.tracks import LoadedTrack, TrackSet, find_track, load_tracks, tracks_paths
from simulator.tui.commands import HotseatCommands
from simulator.tui.messages import (
    GoHome,
    PlayScenario,
    ResumeRound,
    RoundOver,
    SeatTaken,
    ShowLeaderboard,
    ShowProgress,
)
from simulator.tui.prefs import Prefs, llm_defaults
from simulator.tui.results import Results
from simulator.tui.screens.home import HomeScreen
from simulator.tui.seats import Seat

#: make_customer's options that the CLI may pass through.
THEMES = ("textual-dark", "textual-light")


if TYPE_CHECKING:
    from simulator.engine import Round


class HotseatApp(App):
    TITLE = "Hotseat"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {HotseatCommands}
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("ctrl+l", "toggle_theme", "Light/Dark"),
    ]

    def __init__(self, options: LaunchOptions | None = None) -> None:
        super().__init__()
        o = options or LaunchOptions()
        self.options = o
        self.start_with = o.scenario_id
        #: ``play FILE --watch``: the scenario file to reload on every save.
        self.watched_file = Path(o.watch) if o.watch else None
        self.library = load_library(o.paths)
        # Under ``hotseat serve`` every browser is its own player: nothing is
        # read from or written to the local user's memory of the game.
        self.prefs = Prefs(player="") if o.served else Prefs.load()
        self.tracks = load_tracks(tracks_paths(o.paths or library_paths()), self.library)
        if o.track:  # asked for on the command line: it must be there
            self.prefs.track = find_track(o.track, self.tracks).track.id
        #: The onboarding track home follows: the one chosen, else the built-in.
        self.track = pick_track(self.tracks, self.prefs.track)
        if o.player:
            self.prefs.player, self.prefs.defaulted = o.player, False
        if o.customer:
            self.prefs.customer = o.customer
        # The command line's LLM choice beats the remembered one, as for the player.
        if o.model:
            self.prefs.model = o.model
        if o.base_url:
            self.prefs.base_url = o.base_url
        self.customer_options = o.customer_options()
        #: The LLM settings home shows: the CLI's, else remembered, else resolved.
        self.llm_shown = llm_defaults(self.prefs, o.model, o.base_url)
        self.results = Results(o.db)
        #: The tournament seat last joined (or given on the command line).
        self.seat: Seat | None = None
        if o.tournament:
            self.seat = Seat(o.tournament, self.prefs.player, o.team, o.code)
        #: The seat of the round in play: None for a practice round.
        self.round_seat: Seat | None = None
        #: Known tournaments, for the command palette (filled off the UI thread).
        self.tournament_names: list[str] = []
        self.transcripts = o.transcripts
        #: A fixed seed gives the same customer lines every round (tests).
        self.seed = o.seed
        self.typing_delay = o.typing_delay
        #: Unfinished rounds already offered for resuming in this visit.
        self.offered: set[str] = set()
        self.round: Round | None = None
        self.theme = self.prefs.theme if self.prefs.theme in self.available_themes else THEMES[0]

    def on_mount(self) -> None:
        # Pushed rather than the default screen, which would not load its CSS.
        self.push_screen(
            HomeScreen(
                self.library,
                track=self.track,
                player=self.prefs.player,
                customer=self.prefs.customer,
                llm=self.llm_shown,
            )
        )
        self.open_store()
        self.warm_scorer()
        if self.seat is not None:
            # ``play --tournament``: the join screen, so a refusal (a wrong
            # code) can be put right there; then the round, if one was named.
            self.action_tournament()
            if self.start_with:
                self.play_tournament(self.seat, self.start_with)
        elif self.start_with:
            self.play(self.start_with)
        elif self.options.resume_id:
            self.offered.add(self.options.resume_id)
            self.resume_round(self.options.resume_id)

    @work(thread=True, group="scorer")
    def warm_scorer(self) -> None:
        # Loading the model and compiling the rules takes most of a second; do
        # it while the player browses, so the first round starts without a pause.
        from scoring.judges import default_scorer
        from scoring.types import ScoringError
        from simulator.cue_match import warm

        try:
            default_scorer()
            # then the library's example cues, so no first reply waits for them
            warm([loaded.scenario for loaded in self.library.scenarios])
        except ScoringError as exc:  # a missing or corrupt model: say so, once
            self.call_from_thread(self.notify, str(exc), severity="error", markup=False)

    @work(thread=True, group="store")
    def open_store(self) -> None:
        # Off the UI thread: importing SQLAlchemy and migrating take a moment.
        self.results.open()
        self.load_tournament_names()

    def load_tournament_names(self) -> None:
        """Refresh the palette's tournaments (call from a worker thread)."""
        # No store: the join screen says why when it is opened.
        with contextlib.suppress(LookupError):
            self.tournament_names = [t["name"] for t in self.results.tournaments()]

    def on_unmount(self) -> None:
        self.results.close()

    # ------------------------------------------------------------------ rounds

    def play(self, scenario_id: str, promised: list | None = None) -> None:
        """Start a new round of ``scenario_id`` on top of home; ``promised``:
        a follow-up round's promises from the earlier round."""
        from scoring.types import ScoringError
        from simulator.customers.factory import make_customer
        from simulator.engine import Round
        from simulator.errors import HotseatError
        from simulator.tui.screens.round import RoundScreen

        loaded = self.library.get(scenario_id)
        if loaded is None:
            self.notify(f"unknown scenario '{scenario_id}'", severity="error", markup=False)
            return
        options = dict(self.customer_options)
        if self.prefs.customer == "llm":
            # What home shows is what plays (the key stays in the environment).
            options.update(model=self.prefs.model or None, base_url=self.prefs.base_url or None)
        try:
            customer = make_customer(self.prefs.customer, **options)
        except HotseatError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.leave_round()
        seed = self.seed if self.seed is not None else _fresh_seed()
        try:
            self.round = Round(loaded.scenario, customer=customer, seed=seed, promised=promised)
        except ScoringError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        watched = (
            self.watched_file
            if self.watched_file and loaded.path.resolve() == self.watched_file.resolve()
            else None
        )
        if watched is None:  # a trainer's watched try-out is not saved
            for problem in self.results.track(self.round, self.prefs.player or "player"):
                self.notify(problem, severity="warning", markup=False)
        self.show_over_base(RoundScreen(self.round, watch=watched, **self._round_options()))

    # ------------------------------------------------------------------ unfinished rounds

    def offer_resume(self, rnd: dict) -> None:
        """Offer a round left unfinished (once a visit): resume, abandon or later."""
        from simulator.tui.screens.resume_prompt import ResumePrompt

        if rnd["id"] in self.offered or not isinstance(self.screen, self.base()):
            return
        self.offered.add(rnd["id"])
        loaded = self.library.get(rnd["scenario"])
        title = loaded.scenario.title if loaded else rnd["scenario"]

        def chosen(choice: str | None) -> None:
            if choice == "resume":
                self.resume_round(rnd["id"])
            elif choice == "abandon":
                self.abandon_round(rnd["id"])

        self.push_screen(ResumePrompt(rnd, title), callback=chosen)

    @work(thread=True, exclusive=True, group="resume")
    def resume_round(self, round_id: str) -> None:
        # Replaying the replies scores each one again: off the UI thread.
        llm = {"model": self.prefs.model or None, "base_url": self.prefs.base_url or None}
        try:
            rnd, found = self.results.resume(round_id, self.library, **llm)
        except LookupError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.call_from_thread(self._start_resumed, rnd, found)

    def _start_resumed(self, rnd, found) -> None:
        from simulator.tui.screens.round import RoundScreen

        self.leave_round()
        seat = Seat(found.tournament, found.player, found.team) if found.tournament else None
        self.round, self.round_seat = rnd, seat
        self.notify(
            f"Resumed: {len(rnd.turns)} replies replayed. Carry on where you left off.",
            markup=False,
        )
        self.show_over_base(RoundScreen(rnd, seat=seat, **self._round_options()))

    @work(thread=True, exclusive=True, group="resume")
    def abandon_round(self, round_id: str) -> None:
        try:
            self.results.abandon(round_id)
        except LookupError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.call_from_thread(
            self.notify, "Abandoned: the round stays on record as abandoned.", markup=False
        )

    def play_tournament(self, seat: Seat, scenario_id: str) -> None:
        """Start ``seat``'s round of ``scenario_id`` in its tournament, if the
        tournament's rules let them (else a one-line notification)."""
        self._enter(seat, self.library.get(scenario_id), scenario_id)

    @work(thread=True, exclusive=True, group="tournament")
    def _enter(self, seat: Seat, loaded, scenario_id: str) -> None:
        # Checking a join code (scrypt) and reserving the place take a moment.
        try:
            rnd = self.results.enter(seat, loaded, scenario_id)
        except LookupError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.call_from_thread(self._start_tournament_round, rnd, seat)

    def _start_tournament_round(self, rnd, seat: Seat) -> None:
        from simulator.tui.screens.round import RoundScreen

        self.leave_round()
        self.round, self.round_seat, self.seat = rnd, seat, seat
        self.show_over_base(RoundScreen(rnd, seat=seat, **self._round_options()))

    def _round_options(self) -> dict:
        return {} if self.typing_delay is None else {"typing_delay": self.typing_delay}

    def leave_round(self) -> None:
        if self.round is not None:
            for problem in self.results.finish(self.round):
                self.notify(problem, severity="warning", markup=False)
            self.round.customer.close()
            self.round = None
            self.round_seat = None

    def pop_to(self, kind: type) -> None:
        while len(self.screen_stack) > 2 and not isinstance(self.screen, kind):
            self.pop_screen()

    def base(self) -> type:
        """Where the round's screens sit: above the join screen for a
        tournament round (so Esc goes back to its scenarios), else home."""
        from simulator.tui.screens.tournament import TournamentScreen

        if self.round_seat is not None and any(
            isinstance(s, TournamentScreen) for s in self.screen_stack
        ):
            return TournamentScreen
        return HomeScreen

    def show_over_base(self, screen) -> None:
        """Show ``screen`` as the only one above home (or the join screen)."""
        self.pop_to(self.base())
        self.push_screen(screen)

    def on_play_scenario(self, message: PlayScenario) -> None:
        if message.seat is not None:
            self.play_tournament(message.seat, message.scenario_id)
        else:
            self.play(message.scenario_id, message.promised)

    def on_round_over(self, message: RoundOver) -> None:
        from simulator.tui.screens.debrief import DebriefScreen

        seat = self.round_seat if message.rnd is self.round else None
        if seat is not None:
            # A tournament round counts as soon as it is over (there is no
            # going back into it), so the leaderboard has it at once.
            for problem in self.results.finish(message.rnd):
                self.notify(problem, severity="warning", markup=False)
        self.show_over_base(DebriefScreen(message.rnd, seat=seat))

    def on_resume_round(self, message: ResumeRound) -> None:
        from simulator.tui.screens.round import RoundScreen

        self.show_over_base(RoundScreen(message.rnd, **self._round_options()))

    def on_seat_taken(self, message: SeatTaken) -> None:
        self.seat = message.seat
        if message.seat.player != self.prefs.player:
            self.remember(player=message.seat.player)

    def on_show_leaderboard(self, message: ShowLeaderboard) -> None:
        self.action_leaderboard(message.tournament)

    def on_go_home(self, message: GoHome) -> None:
        self.action_home()

    def on_show_progress(self, message: ShowProgress) -> None:
        self.action_progress()

    # ------------------------------------------------------------------ actions

    def action_home(self) -> None:
        base = self.base()
        self.leave_round()
        self.pop_to(base)

    def action_library(self) -> None:
        """All the way back to the scenario library."""
        self.leave_round()
        self.pop_to(HomeScreen)

    def action_tournament(self) -> None:
        """The join screen: pick a tournament, say who you are, play."""
        from simulator.tui.screens.tournament import TournamentScreen

        if isinstance(self.screen, TournamentScreen):
            return
        self.push_screen(TournamentScreen(self.seat or Seat("", self.prefs.player)))

    def action_leaderboard(self, name: str | None = None) -> None:
        from simulator.tui.screens.leaderboard import LeaderboardScreen

        name = name or (self.seat.tournament if self.seat else None)
        if not name and len(self.tournament_names) == 1:
            name = self.tournament_names[0]
        if not name:
            self.notify("Pick a tournament first (Ctrl+B).", severity="warning", markup=False)
            self.action_tournament()
            return
        self.push_screen(LeaderboardScreen(name))

    def action_progress(self) -> None:
        from simulator.tui.screens.progress import ProgressScreen

        self.push_screen(ProgressScreen(self.prefs.player))

    def action_help(self) -> None:
        from simulator.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = THEMES[1] if self.current_theme.dark else THEMES[0]

    def watch_theme(self, theme: str) -> None:
        if self.is_running and theme != self.prefs.theme:
            self.remember(theme=theme)

    def follow_track(self, track_id: str) -> None:
        """Follow another track from now on (home shows it at once)."""
        from simulator.tui.screens.home import HomeScreen

        followed = self.tracks.get(track_id)
        if followed is None:
            return
        self.track = followed
        self.remember(track=track_id)
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.track = self.track
                screen.refresh_track()
        self.notify(f"Following the track: {followed.track.title}", markup=False)

    def remember(self, **changes: str) -> None:
        """Keep preferences for next time; a write failure is only a notice."""
        for key, value in changes.items():
            setattr(self.prefs, key, value)
        if self.options.served:
            return  # a browser's choices stay with that browser (in memory)
        problem = self.prefs.save()
        if problem:
            self.notify(problem, severity="warning", markup=False)


def pick_track(found: TrackSet, wanted: str = "") -> LoadedTrack | None:
    return (
        (found.get(wanted) if wanted else None)
        or found.get("onboarding")
        or (found.tracks[0] if found.tracks else None)
    )


def _fresh_seed() -> int:
    import random

    return random.randrange(1_000_000)

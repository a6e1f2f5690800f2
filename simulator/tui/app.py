"""The Hotseat app: holds the library, the player's preferences and the link
to the results store, and moves between screens when they ask (messages up).
Everything else lives in the screens and widgets."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from simulator.loader import load_library
from simulator.tui.commands import HotseatCommands
from simulator.tui.messages import GoHome, PlayScenario, ResumeRound, RoundOver, ShowProgress
from simulator.tui.prefs import Prefs
from simulator.tui.results import Results
from simulator.tui.screens.home import HomeScreen

#: make_customer's options that the CLI may pass through.
CUSTOMER_OPTIONS = ("model", "base_url", "timeout", "retries", "record", "replay")
THEMES = ("textual-dark", "textual-light")


class HotseatApp(App):
    TITLE = "Hotseat"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {HotseatCommands}
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("ctrl+l", "toggle_theme", "Light/Dark"),
    ]

    def __init__(
        self,
        *,
        scenario_id: str | None = None,
        player: str | None = None,
        paths=None,
        customer: str | None = None,
        db: str | None = None,
        transcripts: str | Path | None = None,
        seed: int | None = None,
        typing_delay: float | None = None,
        team: str | None = None,
        tournament: str | None = None,
        code: str | None = None,
        **options,
    ) -> None:
        super().__init__()
        self.start_with = scenario_id
        self.library = load_library(paths)
        self.prefs = Prefs.load()
        if player:
            self.prefs.player = player
        if customer:
            self.prefs.customer = customer
        self.customer_options = {k: options[k] for k in CUSTOMER_OPTIONS if options.get(k)}
        self.results = Results(db, team=team, tournament=tournament, code=code)
        self.transcripts = transcripts
        #: A fixed seed gives the same customer lines every round (tests).
        self.seed = seed
        self.typing_delay = typing_delay
        self.round = None
        self.theme = self.prefs.theme if self.prefs.theme in self.available_themes else THEMES[0]

    def on_mount(self) -> None:
        # Pushed rather than the default screen, which would not load its CSS.
        self.push_screen(
            HomeScreen(self.library, player=self.prefs.player, customer=self.prefs.customer)
        )
        self.open_store()
        if self.start_with:
            self.play(self.start_with)

    def open_store(self) -> None:
        # Off the UI thread: importing SQLAlchemy and migrating take a moment.
        self.run_worker(self.results.open, thread=True, group="store")

    def on_unmount(self) -> None:
        self.results.close()

    # ------------------------------------------------------------------ rounds

    def play(self, scenario_id: str) -> None:
        """Start a new round of ``scenario_id`` on top of home."""
        from simulator.customers.factory import make_customer
        from simulator.engine import Round
        from simulator.errors import HotseatError
        from simulator.tui.screens.round import RoundScreen

        loaded = self.library.get(scenario_id)
        if loaded is None:
            self.notify(f"unknown scenario '{scenario_id}'", severity="error", markup=False)
            return
        try:
            customer = make_customer(self.prefs.customer, **self.customer_options)
        except HotseatError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.leave_round()
        seed = self.seed if self.seed is not None else _fresh_seed()
        self.round = Round(loaded.scenario, customer=customer, seed=seed)
        for problem in self.results.track(self.round, self.prefs.player or "player"):
            self.notify(problem, severity="warning", markup=False)
        self.show_over_home(RoundScreen(self.round, **self._round_options()))

    def _round_options(self) -> dict:
        return {} if self.typing_delay is None else {"typing_delay": self.typing_delay}

    def leave_round(self) -> None:
        if self.round is not None:
            for problem in self.results.finish(self.round):
                self.notify(problem, severity="warning", markup=False)
            self.round.customer.close()
            self.round = None

    def pop_to_home(self) -> None:
        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def show_over_home(self, screen) -> None:
        """Show ``screen`` as the only one above home."""
        self.pop_to_home()
        self.push_screen(screen)

    def on_play_scenario(self, message: PlayScenario) -> None:
        self.play(message.scenario_id)

    def on_round_over(self, message: RoundOver) -> None:
        from simulator.tui.screens.debrief import DebriefScreen

        self.show_over_home(DebriefScreen(message.rnd))

    def on_resume_round(self, message: ResumeRound) -> None:
        from simulator.tui.screens.round import RoundScreen

        self.show_over_home(RoundScreen(message.rnd, **self._round_options()))

    def on_go_home(self, message: GoHome) -> None:
        self.action_home()

    def on_show_progress(self, message: ShowProgress) -> None:
        self.action_progress()

    # ------------------------------------------------------------------ actions

    def action_home(self) -> None:
        self.leave_round()
        self.pop_to_home()

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
        if self.is_mounted and theme != self.prefs.theme:
            self.remember(theme=theme)

    def remember(self, **changes: str) -> None:
        """Keep preferences for next time; a write failure is only a notice."""
        for key, value in changes.items():
            setattr(self.prefs, key, value)
        problem = self.prefs.save()
        if problem:
            self.notify(problem, severity="warning", markup=False)


def _fresh_seed() -> int:
    import random

    return random.randrange(1_000_000)

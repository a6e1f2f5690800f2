"""The round: the conversation, the reply box, the live meters.

A reply is scored and shown at once (on the UI thread: scoring is quick);
the customer's answer is streamed by a worker thread, chunk by chunk, so the
screen never waits on the customer, however slow a model is. The engine is
only ever touched from the UI thread; the worker only reads the customer.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Input
from textual.worker import Worker, get_current_worker

from simulator.customers import Restart, join_line, scripted_line
from simulator.engine import ReplyRefused, grade
from simulator.tui.game import game
from simulator.tui.messages import GoHome, LineChunk, LineDone, RoundOver
from simulator.tui.widgets.conversation import Conversation
from simulator.tui.widgets.inputs import ReplyInput
from simulator.tui.widgets.round_status import RoundStatus

if TYPE_CHECKING:
    from simulator.customers import CustomerTurn
    from simulator.engine import Round, Turn
    from simulator.models import Scenario
    from simulator.tui.seats import Seat

PLACEHOLDER = "Type your reply and press Enter"
NO_REWIND = "A tournament round is played once, as it goes: no rewinding."
OVER_PLACEHOLDER = "The round is over: press Enter for your debrief"
#: Seconds per chunk when a customer answers faster than a person types.
TYPING_DELAY = 0.035


class RoundScreen(Screen):
    CSS_PATH = "round.tcss"
    BINDINGS = [
        Binding("ctrl+t", "tip", "Tip"),
        Binding("ctrl+r", "rewind", "Rewind"),
        # Ctrl+R in a tournament round (where "rewind" is off) says why.
        Binding("ctrl+r", "no_rewind", show=False),
        Binding("escape", "stop", "Stop line"),
        Binding("ctrl+g", "end_round", "End round"),
        Binding("f2", "try_reply", "Try"),
        Binding("ctrl+y", "replay_new_version", "Replay on new version", show=False),
    ]
    #: Seconds between checks of a watched scenario file.
    WATCH_EVERY = 0.5

    def __init__(
        self,
        rnd: Round,
        *,
        typing_delay: float = TYPING_DELAY,
        seat: Seat | None = None,
        watch: Path | None = None,
    ) -> None:
        super().__init__()
        self.rnd = rnd
        #: ``play FILE --watch``: the scenario file reloaded on every save.
        self.watched_file = watch
        self._watched = _fingerprint(watch) if watch else None
        #: A newer good version of the watched scenario, waiting for Ctrl+Y.
        self._newer: Scenario | None = None
        self.typing_delay = typing_delay
        #: A tournament round's seat: every player gets one go, so no rewind.
        self.seat = seat
        self.sub_title = rnd.scenario.title
        if seat is not None:
            self.sub_title = f"{seat.tournament} · {rnd.scenario.title}"
        #: The turn whose customer line is streaming, with its context.
        self._pending: tuple[Turn, CustomerTurn] | None = None
        self._chunks: list[str] = []
        #: Bumped for every line, so chunks of a stopped line are ignored.
        self._token = 0
        self._worker: Worker | None = None
        self._stop = threading.Event()
        self._tip = 0
        #: The SLA clock: when the customer finished speaking, and when the
        #: trainee first typed (the clock stops there: typing speed must not
        #: decide a round). Tests replace ``clock``.
        self.clock = time.monotonic
        self._waiting_since: float | None = None
        self._typed_at: float | None = None
        self._warned = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield Conversation(self.rnd.scenario, id="conversation")
            yield RoundStatus(self.rnd.scenario.customer.name, id="status")
        yield ReplyInput(placeholder=PLACEHOLDER, id="reply")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Conversation).show(self.rnd)
        turns = self.rnd.turns
        self.query_one(RoundStatus).show(self.rnd, turns[-1] if turns else None)
        self.query_one("#reply", Input).focus()
        if self.rnd.finished:
            self._show_over()
        else:
            self._start_clock()
        self.set_interval(1.0, self._tick)
        if self.watched_file is not None:
            self.set_interval(self.WATCH_EVERY, self._check_watched)

    # ------------------------------------------------------------------ the SLA clock

    def _start_clock(self) -> None:
        self._waiting_since, self._typed_at = self.clock(), None
        self._tick()

    def waited(self) -> float | None:
        """Seconds since the customer spoke, up to the trainee's first key."""
        if self._waiting_since is None:
            return None
        return (self._typed_at or self.clock()) - self._waiting_since

    @on(Input.Changed, "#reply")
    def _typing(self, event: Input.Changed) -> None:
        if event.value.strip() and self._typed_at is None and self._waiting_since is not None:
            self._typed_at = self.clock()
            self._tick()

    def _tick(self) -> None:
        waited = self.waited()
        sla = self.rnd.scenario.sla_seconds if self.rnd.timed else None
        self.query_one(RoundStatus).show_clock(waited, sla, self._typed_at is not None)
        if sla and waited is not None and waited > sla and not self._warned:
            # The customer says so once, as it happens; the engine records
            # the same line before their next answer.
            self._warned = True
            self.notify(
                self.rnd.scenario.sla_nudge,
                title=self.rnd.scenario.customer.name,
                severity="warning",
                markup=False,
            )

    @property
    def streaming(self) -> bool:
        return self._pending is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop":
            return self.streaming
        if action in ("rewind", "no_rewind"):
            return (self.seat is None) == (action == "rewind")
        if action == "replay_new_version":
            return self._newer is not None
        return True

    # ------------------------------------------------------------------ replies

    @on(Input.Submitted, "#reply")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.send(event.value)

    def send(self, text: str) -> None:
        """Score ``text``, show it, and let the customer answer."""
        if self.streaming:
            self.notify(
                f"{self.rnd.scenario.customer.name} is still talking: wait, or Esc to stop.",
                severity="warning",
                markup=False,
            )
            return
        if self.rnd.finished:
            if text.strip():
                # Typed in the same breath as the customer's last line: keep
                # it out of the debrief, whose keys are single letters.
                self.query_one("#reply", Input).value = ""
                self.notify(
                    "The round is over. Press Enter on the empty box for your debrief.",
                    markup=False,
                )
                return
            self.post_message(RoundOver(self.rnd))
            return
        try:
            self.rnd.check_reply(text)
        except ReplyRefused as refused:
            self.notify(str(refused), severity="warning", markup=False)
            return
        turn, ctx = self.rnd.reply(text, self.waited())
        self._waiting_since = None
        self._tip = 0  # the next tip starts from this reply's
        self.query_one("#reply", Input).value = ""
        self.query_one(Conversation).add_reply(turn)
        self.query_one(RoundStatus).show(self.rnd, turn)
        self._begin_line(turn, ctx)

    def _begin_line(self, turn: Turn, ctx: CustomerTurn) -> None:
        self._token += 1
        self._pending = (turn, ctx)
        self._chunks = []
        self._stop = threading.Event()
        self.query_one(Conversation).begin_line(turn)
        self.refresh_bindings()
        self._worker = self._speak(ctx, self._token, self._stop)

    @work(thread=True, exclusive=True, group="customer")
    def _speak(self, ctx: CustomerTurn, token: int, stop: threading.Event) -> None:
        """Read the customer's line in a thread; paced to look typed."""
        worker = get_current_worker()
        stream = self.rnd.customer.stream(ctx)
        error = None
        try:
            last = time.monotonic()
            for chunk in stream:
                wait = self.typing_delay - (time.monotonic() - last)
                if (wait > 0 and stop.wait(wait)) or stop.is_set() or worker.is_cancelled:
                    return
                self.post_message(LineChunk(token, chunk))
                last = time.monotonic()
        except Exception as exc:  # a customer must not raise; if one does, play goes on
            error = (
                f"the customer failed ({exc or type(exc).__name__}); the scripted line stands in"
            )
        finally:
            close = getattr(stream, "close", None)
            if close:
                close()
        if not (stop.is_set() or worker.is_cancelled):
            self.post_message(LineDone(token, error))

    def on_line_chunk(self, message: LineChunk) -> None:
        if message.token != self._token or not self.streaming:
            return
        if isinstance(message.chunk, Restart):
            self._chunks.clear()
        self._chunks.append(message.chunk)
        self.query_one(Conversation).stream(join_line(self._chunks))

    def on_line_done(self, message: LineDone) -> None:
        if message.token != self._token or self._pending is None:
            return
        if message.error:
            self.notify(message.error, severity="warning", markup=False)
            self._finish_line(scripted_line(self._pending[1]))
        else:
            self._finish_line(join_line(self._chunks))

    def action_stop(self) -> None:
        """Stop the customer's line: the turn keeps what was said so far."""
        if self._pending is None:
            return
        self._stop.set()
        if self._worker is not None:
            self._worker.cancel()
        self._finish_line(join_line(self._chunks) or scripted_line(self._pending[1]))

    def _finish_line(self, line: str) -> None:
        assert self._pending is not None
        turn, _ctx = self._pending
        self._pending = None
        self._token += 1
        try:
            self.rnd.finish(turn, line)
        except Exception as exc:  # a listener (the store) failing must not stop play
            self.notify(f"could not save this turn: {exc}", severity="warning", markup=False)
        self.query_one(Conversation).end_line(turn.customer)
        self.query_one(RoundStatus).show(self.rnd, turn)
        for note in turn.notes:
            self.notify(note, severity="warning", markup=False)
        for problem in game(self).results.news():
            self.notify(problem, severity="warning", markup=False)
        self.refresh_bindings()
        if self.rnd.finished:
            self._show_over()
        else:
            self._start_clock()

    def _show_over(self) -> None:
        """The round ended: say how, and wait for Enter before the debrief, so
        keys typed in the same breath do not land on the debrief."""
        from simulator.tui.screens.debrief import OUTCOMES

        self._waiting_since = None
        self._tick()
        label, kind = OUTCOMES.get(self.rnd.outcome or "unfinished", ("Over", "meh"))
        keys = "Enter: your debrief"
        if self.seat is None:
            keys += " · Ctrl+R: take back your last reply"
        self.query_one(Conversation).banner(
            f"Round over: {label.lower()} · score {self.rnd.score} ({grade(self.rnd.score)})\n"
            + keys,
            kind,
        )
        reply = self.query_one("#reply", Input)
        reply.placeholder = OVER_PLACEHOLDER

    # ------------------------------------------------------------------ actions

    def action_tip(self) -> None:
        """Show the next coaching tip: the story's own first, then the last reply's
        (whose better phrasings come from this story too)."""
        last = self.rnd.turns[-1].score.all_tips() if self.rnd.turns else []
        story = list(self.rnd.scenario.tips)
        tips = story + [t for t in last if t not in story]
        if not tips:
            self.notify("No tips for this story. Listen, own it, fix it.", markup=False)
            return
        tip = tips[self._tip % len(tips)]
        self._tip += 1
        self.notify(
            tip,
            title=f"Tip {self._tip % len(tips) or len(tips)} of {len(tips)}",
            timeout=12,
            markup=False,
        )

    def action_no_rewind(self) -> None:
        self.notify(NO_REWIND, severity="warning", markup=False)

    def action_rewind(self) -> None:
        """Take back the last reply: the customer is as they were before it."""
        if self.seat is not None:
            self.notify(NO_REWIND, severity="warning", markup=False)
            return
        if self.streaming:
            self.action_stop()
        try:
            self.rnd.rewind()
        except ReplyRefused as refused:
            self.notify(str(refused), severity="warning", markup=False)
            return
        undone = next(t for t in reversed(self.rnd.history) if t.superseded)
        reply = self.query_one("#reply", Input)
        reply.placeholder = PLACEHOLDER
        self._start_clock()
        if not reply.value.strip():
            reply.value = undone.agent  # to edit rather than retype
        self.query_one(Conversation).show(self.rnd)
        turns = self.rnd.turns
        self.query_one(RoundStatus).show(self.rnd, turns[-1] if turns else None)
        self.refresh_bindings()
        self.notify(
            f"Rewound turn {undone.index + 1}: {self.rnd.scenario.customer.name} "
            f"is back at mood {self.rnd.mood}. Try another reply.",
            markup=False,
        )
        reply.focus()

    def action_try_reply(self) -> None:
        """How the game would take the reply being typed, without sending it."""
        from simulator.errors import HotseatError
        from simulator.trial import try_reply
        from simulator.tui.screens.try_view import TryScreen

        text = self.query_one("#reply", Input).value
        try:
            trial = try_reply(self.rnd.scenario, text, self.rnd.scorer, state=self.rnd.state)
        except HotseatError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        self.app.push_screen(TryScreen(trial))

    # ------------------------------------------------------------------ watch

    def _check_watched(self) -> None:
        """Reload the watched file when it changes; a broken save keeps the
        last good version playing and shows the problems."""
        from simulator.errors import ScenarioError
        from simulator.loader import load_scenario

        assert self.watched_file is not None
        now = _fingerprint(self.watched_file)
        if now == self._watched:
            return
        self._watched = now
        try:
            loaded = load_scenario(self.watched_file)
        except ScenarioError as exc:
            shown = "\n".join(str(p) for p in exc.problems[:6])
            self.notify(
                f"{shown}\nStill playing the last good version.",
                title="The scenario does not load",
                severity="error",
                timeout=15,
                markup=False,
            )
            return
        self._newer = loaded.scenario
        self.refresh_bindings()
        replies = len(self.rnd.turns)
        self.notify(
            f"{self.watched_file.name} reloaded. Ctrl+Y replays your {replies} "
            f"repl{'y' if replies == 1 else 'ies'} against the new version.",
            title="Scenario saved",
            timeout=10,
            markup=False,
        )

    def action_replay_new_version(self) -> None:
        """Play the replies so far again, against the newest good version."""
        from simulator.engine import Round

        if self._newer is None:
            return
        if self.streaming:
            self.action_stop()
        replies = [t.agent for t in self.rnd.turns]
        old = self.rnd
        # a watched round is a trainer's try-out: it is not saved
        rnd = Round(self._newer, customer=old.customer, scorer=old.scorer, seed=old.seed)
        for text in replies:
            if rnd.finished:
                break
            rnd.play(text)
        self.rnd = game(self).round = rnd
        self._newer = None
        self.sub_title = rnd.scenario.title
        self.query_one(Conversation).show(rnd)
        turns = rnd.turns
        self.query_one(RoundStatus).show(rnd, turns[-1] if turns else None)
        self.refresh_bindings()
        self.notify(
            f"Replayed {len(turns)} repl{'y' if len(turns) == 1 else 'ies'} on the new version: "
            f"{rnd.scenario.customer.name} is at mood {rnd.mood}, state {rnd.state}.",
            markup=False,
        )
        if rnd.finished:
            self._show_over()
        else:
            self.query_one("#reply", Input).placeholder = PLACEHOLDER

    def action_end_round(self) -> None:
        """Stop here and see the debrief (the round counts as unfinished)."""
        if self.streaming:
            self.action_stop()
        self.post_message(RoundOver(self.rnd) if self.rnd.turns else GoHome())


def _fingerprint(path: Path) -> tuple[int, int] | None:
    """Size and modification time: cheap to poll, changes on every save."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)

"""The game's link to the results store (``simulator.store``).

Every store call goes through here so that saving can never stop the game:
each failure becomes a one-line message for a notification. The store is
opened off the UI thread at start-up (SQLAlchemy's import alone would slow
the first screen) and on first need at the latest.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from simulator.engine import Round
    from simulator.loader import Library, LoadedScenario
    from simulator.resume import OpenRound
    from simulator.store import Store
    from simulator.tui.seats import Joined, Seat

T = TypeVar("T")

NO_STORE = "no results store yet"


class Results:
    def __init__(self, db: str | None = None) -> None:
        self.db = db
        self.store: Store | None = None
        #: Why the store is not there (None while it is, or before opening).
        self.error: str | None = None
        self._opened = False
        self._lock = threading.Lock()
        self._told: set[str] = set()

    def open(self) -> None:
        """Open the store once (safe from any thread; later calls wait)."""
        with self._lock:
            if self._opened:
                return
            self._opened = True
            try:
                from simulator.store import open_store
            except ImportError:
                self.error = NO_STORE
                return
            try:
                self.store = open_store(self.db, offline_ok=True)
            except Exception as exc:  # a store that cannot open must not stop play
                self.error = f"results are not saved: {exc}"
                return
            if self.store.offline_error is not None:
                self.error = f"results are kept offline: {self.store.offline_error}"

    def track(self, rnd: Round, player: str) -> list[str]:
        """Save ``rnd`` as it is played; returns messages for the player."""
        self.open()
        if self.store is None:
            return self.news()
        try:
            self.store.track(rnd, player=player)
        except Exception as exc:  # e.g. a bad player name
            return [*self.news(), f"this round is not saved: {exc}"]
        return self.news()

    def finish(self, rnd: Round) -> list[str]:
        """Done with ``rnd`` (saved "unfinished" if it stopped early)."""
        if self.store is not None:
            try:
                self.store.finish(rnd)
            except Exception as exc:
                return [f"could not save the round: {exc}"]
        return self.news()

    def news(self) -> list[str]:
        """Problems not yet told to the player (each told once)."""
        found = [self.error] if self.error else []
        if self.store is not None:
            found += self.store.problems
        fresh = [m for m in found if m and m not in self._told]
        self._told.update(fresh)
        return fresh

    def player_rounds(self, player: str) -> list[dict]:
        """The player's past rounds; raises with a one-line message."""
        return self._ask(lambda store: store.player_rounds(player))

    def unfinished_rounds(self, player: str) -> list[dict]:
        """The player's rounds that were started and never finished (with a reply)."""
        rounds = self._ask(lambda store: store.rounds_of([player], finished=False))
        return [r for r in rounds if r["turns_played"]]

    def resume(self, round_id: str, library: Library, **llm_options) -> tuple[Round, OpenRound]:
        """The unfinished round again, its replies replayed, saved as it goes on."""

        def go(store: Store) -> tuple[Round, OpenRound]:
            from simulator import resume

            found = resume.find(store, round_id)
            customer = resume.customer_for(found.customer, **llm_options)
            return resume.resume(store, library, found, customer=customer), found

        return self._ask(go)

    def abandon(self, round_id: str) -> None:
        def go(store: Store) -> None:
            from simulator import resume

            resume.abandon(store, resume.find(store, round_id))

        self._ask(go)

    # Tournaments: each call raises LookupError with a one-line message, so a
    # refusal (wrong code, played already) and a database failure read alike.

    def tournaments(self) -> list[dict]:
        def go(store: Store) -> list[dict]:
            from simulator import tournament as tm

            return tm.list_all(store)

        return self._ask(go)

    def join(self, library: Library, seat: Seat) -> Joined:
        from simulator.tui import seats

        return self._ask(lambda store: seats.join(store, library, seat))

    def enter(self, seat: Seat, loaded: LoadedScenario | None, scenario_id: str) -> Round:
        """A tournament round, tracked; refused rather than played unsaved."""
        from simulator.tui import seats

        return self._ask(lambda store: seats.enter(store, seat, loaded, scenario_id))

    def leaderboard(self, name: str) -> dict:
        def go(store: Store) -> dict:
            from simulator import tournament as tm

            return tm.leaderboard(store, name)

        return self._ask(go)

    def _ask(self, question: Callable[[Store], T]) -> T:
        # The modules a question needs import the store, so each question
        # imports them itself: without a store, it is never asked.
        self.open()
        if self.store is None:
            raise LookupError(self.error or NO_STORE)
        try:
            return question(self.store)
        except Exception as exc:  # one line for a notification, whatever went wrong
            raise LookupError(str(exc) or type(exc).__name__) from None

    def close(self) -> None:
        with self._lock:
            store, self.store = self.store, None
        if store is not None:
            # Closing at exit: there is no one left to tell about a failure.
            with contextlib.suppress(Exception):
                store.close()

"""The results-store side of ``hotseat play``: tournament checks before the
round, saving it turn by turn, and a clear line when the save failed."""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from simulator.cli.options import add_db_option
from simulator.errors import HotseatError, UsageError


def add_store_options(p) -> None:
    g = p.add_argument_group("results and tournaments")
    g.add_argument("--team", metavar="T", help="the player's team")
    g.add_argument("--tournament", metavar="NAME", help="play this round in tournament NAME")
    g.add_argument("--code", metavar="CODE", help="your join code (invite-only tournaments)")
    add_db_option(g)


def player_name(args) -> str:
    """The ``--player`` given (an empty one is refused), else the OS user."""
    if args.player is not None:
        if not args.player.strip():
            raise UsageError("the player name is empty; give a name with --player NAME")
        return args.player
    try:
        return os.environ.get("USER") or getpass.getuser()
    except (KeyError, OSError):
        raise UsageError("say who is playing: --player NAME") from None


def wants_store(args) -> bool:
    return bool(args.tournament or args.player is not None or args.db or args.team)


def prepare_round(args, loaded) -> tuple[Any, int, Any, bool]:
    """(store or None, seed, customer or None for the options' own, whether
    time counts)."""
    from simulator.store import open_store

    seed = 0 if args.seed is None else args.seed
    if not wants_store(args):
        return None, seed, None, True
    if not args.tournament:
        if args.code:
            raise UsageError("--code is for tournament rounds: add --tournament NAME")
        # Play goes on when the database is down: the round waits in a pending file.
        return open_store(args.db, offline_ok=True), seed, None, True
    from simulator import tournament as tm

    if args.customer or args.replay or args.record:
        raise UsageError("a tournament fixes the customer: leave out --customer/--replay/--record")
    store = open_store(args.db)
    try:
        entry = tm.entry(
            store, args.tournament, loaded.scenario.id, player_name(args), args.team, args.code
        )
        if args.seed is not None and args.seed != entry.seed:
            raise UsageError(f"tournament '{args.tournament}' fixes the seed; leave out --seed")
        problem = tm.version_problem(entry.tournament, entry.scenario, loaded.sha256)
        if problem:
            raise tm.NotAllowed(problem)
        customer = tm.tournament_customer(entry.customer)
    except BaseException:
        store.close()
        raise
    return store, entry.seed, customer, entry.tournament.timed


@dataclass
class Saved:
    refused: list[str] = field(default_factory=list)
    problem: HotseatError | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def finish_saving(args, store, rnd, loaded, play: Callable[[], list[str]]) -> Saved:
    """Track ``rnd`` in ``store`` (if any), run ``play``, close the round."""
    from simulator.storage.connect import StoreError

    if store is None:
        return Saved(refused=play())
    try:
        player = player_name(args)
        if args.player is None:  # free play may default to the login name, but says so
            print(
                f"hotseat: saving as '{player}' (your login name); use --player NAME",
                file=sys.stderr,
            )
        if args.tournament:
            from simulator import tournament as tm

            tm.track_round(
                store, rnd, player, args.team, args.tournament, code=args.code, sha256=loaded.sha256
            )
        else:
            store.track(rnd, player, args.team, sha256=loaded.sha256)
        refused = play()
        store.finish(rnd)
        saved = Saved(refused=refused)
        saved.extra = {
            "round_id": store.round_id(rnd),
            "player": player,
            "saved": not store.problems,
        }
        if args.team:
            saved.extra["team"] = args.team
        if args.tournament:
            saved.extra["tournament"] = args.tournament
        if store.problems:
            saved.extra["pending_file"] = str(store.pending_file(rnd))
            saved.problem = StoreError(store.problems[0])
        return saved
    finally:
        store.close()

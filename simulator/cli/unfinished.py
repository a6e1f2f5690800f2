"""``hotseat unfinished``, ``hotseat resume ROUND`` and ``hotseat abandon ROUND``:
rounds that were started and never finished (a crash, a closed terminal)."""

from __future__ import annotations

import json
import sys

from simulator.cli.options import add_db_option, add_scenarios_option, library_from


def register(sub) -> None:
    ls = sub.add_parser("unfinished", help="rounds started and never finished")
    ls.add_argument("--player", metavar="P", help="only this player's (default: everyone's)")
    ls.add_argument("--json", action="store_true", help="one JSON array")
    add_db_option(ls)
    ls.set_defaults(func=run_list)

    rs = sub.add_parser(
        "resume",
        help="go on with an unfinished round (its replies replayed)",
        description="Resume an unfinished round: the same scenario version, seed and "
        "customer, the saved replies replayed. With --script, the next replies come from "
        "FILE and the round is played headless; else it opens in the game.",
    )
    rs.add_argument("round", metavar="ROUND", help="the round's id (or its first characters)")
    rs.add_argument("--script", metavar="FILE", help="the next replies, one a line")
    rs.add_argument("--json", action="store_true", help="print the result as one JSON object")
    add_scenarios_option(rs)
    add_db_option(rs)
    rs.set_defaults(func=run_resume)

    ab = sub.add_parser("abandon", help="close an unfinished round as abandoned (kept on record)")
    ab.add_argument("round", metavar="ROUND", help="the round's id (or its first characters)")
    add_db_option(ab)
    ab.set_defaults(func=run_abandon)


def run_list(args) -> int:
    from simulator import resume
    from simulator.store import open_store

    with open_store(args.db) as store:
        rounds = resume.unfinished(store, args.player)
    if args.json:
        print(json.dumps([r.to_dict() for r in rounds], ensure_ascii=False))
        return 0
    if not rounds:
        print("no unfinished rounds")
    for r in rounds:
        where = f" in {r.tournament}" if r.tournament else ""
        print(
            f"{r.id[:8]}  {r.player}  {r.scenario}{where}  {len(r.turns)} replies  "
            f"started {r.started_at}"
        )
    if rounds:
        print("resume one with 'hotseat resume ID', or 'hotseat abandon ID'", file=sys.stderr)
    return 0


def run_resume(args) -> int:
    from simulator import resume
    from simulator.loader import load_library
    from simulator.store import open_store

    if not args.script:
        from simulator.cli.tui_launch import launch_tui
        from simulator.launch import LaunchOptions

        return launch_tui(LaunchOptions(resume_id=args.round, db=args.db, paths=library_from(args)))
    from simulator.cli.play import play_script, read_script, show_result

    replies = read_script(args.script)
    library = load_library(library_from(args))
    with open_store(args.db) as store:
        found = resume.find(store, args.round)
        rnd = resume.resume(store, library, found)
        refused = play_script(rnd, replies)
        store.finish(rnd)
        problems = list(store.problems)
    result = rnd.to_dict() | {"round_id": found.id, "player": found.player, "resumed": True}
    show_result(result, refused, args.json)
    for problem in problems:
        print(f"hotseat: {problem}", file=sys.stderr)
    return 0


def run_abandon(args) -> int:
    from simulator import resume
    from simulator.store import open_store

    with open_store(args.db) as store:
        found = resume.find(store, args.round)
        resume.abandon(store, found)
    print(f"abandoned: round {found.id[:8]} ({found.player}, {found.scenario}); kept on record")
    return 0

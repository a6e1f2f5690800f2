"""``hotseat tournament ...``: create tournaments, invite players, show the
leaderboard and export the results. Players play with ``hotseat play SCENARIO
--tournament NAME``."""

from __future__ import annotations

import json
import sys

from simulator.cli.options import add_db_option, write_file
from simulator.errors import UsageError


def register(sub) -> None:
    p = sub.add_parser(
        "tournament",
        help="practice tournaments: create, invite, leaderboard, export",
        description="Tournaments: every player faces the same scenarios, seeds and customer.",
    )
    tsub = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    c = tsub.add_parser("create", help="create a tournament")
    c.add_argument("name", metavar="NAME")
    c.add_argument("--scenarios", required=True, metavar="ID,ID,...", help="scenario ids")
    c.add_argument(
        "--rounds", type=int, default=1, metavar="N", help="rounds of each scenario (default 1)"
    )
    c.add_argument(
        "--customer", default="scripted", metavar="KIND", help="scripted (default) or replay:FILE"
    )
    c.add_argument(
        "--invite-only", action="store_true", help="each player needs their own join code"
    )
    c.add_argument(
        "--join-code",
        metavar="CODE",
        help="an open tournament's shared code: every player gives it with --code (stored hashed)",
    )
    c.add_argument(
        "--untimed",
        action="store_true",
        help="time does not count: no mood lost past a scenario's SLA "
        "(by default it counts, with the same SLA for everyone)",
    )
    c.add_argument(
        "--allow-retries", action="store_true", help="players may replay; their best try counts"
    )
    c.add_argument(
        "--scenario-path",
        metavar="PATH",
        action="append",
        help="a folder of your own scenarios, added to the library (repeatable)",
    )
    add_db_option(c)
    c.set_defaults(func=run_create)

    ls = tsub.add_parser("list", help="list the tournaments")
    ls.add_argument("--json", action="store_true")
    add_db_option(ls)
    ls.set_defaults(func=run_list)

    sh = tsub.add_parser("show", help="a tournament's scenarios, seeds and settings")
    sh.add_argument("name", metavar="NAME")
    sh.add_argument("--json", action="store_true")
    add_db_option(sh)
    sh.set_defaults(func=run_show)

    inv = tsub.add_parser("invite", help="print a join code for a player (invite-only)")
    inv.add_argument("name", metavar="NAME")
    inv.add_argument("player", metavar="PLAYER")
    inv.add_argument("--team", metavar="T")
    inv.add_argument(
        "--move-rounds",
        action="store_true",
        help="re-inviting into another team: move the player's rounds with them (recorded)",
    )
    add_db_option(inv)
    inv.set_defaults(func=run_invite)

    rs = tsub.add_parser(
        "reset", help="let a player try a scenario again after an unfinished round (recorded)"
    )
    rs.add_argument("name", metavar="NAME")
    rs.add_argument("player", metavar="PLAYER")
    rs.add_argument("scenario", metavar="SCENARIO")
    add_db_option(rs)
    rs.set_defaults(func=run_reset)

    lb = tsub.add_parser("leaderboard", help="players and teams ranked")
    lb.add_argument("name", metavar="NAME")
    fmt = lb.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="one JSON object")
    fmt.add_argument("--csv", action="store_true", help="CSV (spreadsheet-safe)")
    add_db_option(lb)
    lb.set_defaults(func=run_leaderboard)

    ex = tsub.add_parser("export", help="HTML report and/or xAPI statements")
    ex.add_argument("name", metavar="NAME")
    ex.add_argument("--html", metavar="FILE", help="self-contained HTML report")
    ex.add_argument("--xapi", metavar="FILE", help="xAPI statements (JSON array)")
    ex.add_argument(
        "--home-page", metavar="URL", help="xAPI account home page (your organisation's URL)"
    )
    add_db_option(ex)
    ex.set_defaults(func=run_export)


def _store(args):
    from simulator.store import open_store

    return open_store(args.db)


def run_create(args) -> int:
    from simulator import tournament as tm
    from simulator.loader import library_paths

    with _store(args) as store:
        tour = tm.create(
            store,
            args.name,
            args.scenarios.split(","),
            rounds=args.rounds,
            customer=args.customer,
            invite_only=args.invite_only,
            allow_retries=args.allow_retries,
            paths=library_paths(args.scenario_path),
            timed=not args.untimed,
            join_code=args.join_code,
        )
    ids = ", ".join(s.scenario_id for s in tour.scenarios)
    print(f"created tournament '{tour.name}': {ids} ({tour.customer} customer)")
    return 0


def run_list(args) -> int:
    from simulator import tournament as tm

    with _store(args) as store:
        rows = tm.list_all(store)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    if not rows:
        print("no tournaments yet ('hotseat tournament create NAME --scenarios ...')")
    for t in rows:
        flags = [
            w
            for w, on in (("invite-only", t["invite_only"]), ("retries", t["allow_retries"]))
            if on
        ]
        extra = f" [{', '.join(flags)}]" if flags else ""
        print(f"{t['name']}  {t['players']} players  created {t['created_at']}{extra}")
    return 0


def run_show(args) -> int:
    from simulator import tournament as tm

    with _store(args) as store:
        tour = tm.get(store, args.name)
        waiting = tm.not_played(store, args.name)
        changes = tm.events(store, args.name)
    data = tour.to_dict() | {"not_played": waiting, "events": changes}
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
        return 0
    print(f"tournament: {tour.name}")
    print(f"created:    {tour.created_at}")
    print(f"customer:   {tour.customer}")
    print(f"rounds:     {tour.rounds} of each scenario")
    entry = "invite-only (a join code each)" if tour.invite_only else "open"
    if tour.has_join_code:
        entry += ", with a shared join code"
    print(f"entry:      {entry}")
    print(f"retries:    {'allowed, best try counts' if tour.allow_retries else 'no'}")
    timing = (
        "counts: each scenario's SLA, the same for everyone" if tour.timed else "does not count"
    )
    print(f"time:       {timing}")
    for s in tour.scenarios:
        seeds = ", ".join(str(x) for x in s.seeds)
        print(f"  {s.scenario_id}  seed {seeds}  sha256 {s.sha256[:12]}")
    if waiting:
        print(f"not played yet: {', '.join(waiting)}")
    for ev in changes:
        where = f" {ev['scenario']}" if ev["scenario"] else ""
        print(f"{ev['at']}  {ev['kind']}  {ev['player']}{where}: {ev['detail']}")
    return 0


def run_invite(args) -> int:
    from simulator import tournament as tm

    with _store(args) as store:
        code = tm.invite(store, args.name, args.player, args.team, move_rounds=args.move_rounds)
    print(code)
    print(
        f"join code for '{args.player}' in '{args.name}' (shown once; "
        f"play with --player ... --code {code})",
        file=sys.stderr,
    )
    return 0


def run_reset(args) -> int:
    from simulator import tournament as tm

    with _store(args) as store:
        done = tm.reset(store, args.name, args.player, args.scenario)
    print(
        f"reset: '{done['player']}' may play '{done['scenario']}' again in '{done['tournament']}' "
        f"(round {done['round']} stays on record as reset)"
    )
    return 0


def run_leaderboard(args) -> int:
    from simulator import tournament as tm

    with _store(args) as store:
        board = tm.leaderboard(store, args.name)
    if args.json:
        print(json.dumps(board, ensure_ascii=False))
    elif args.csv:
        from simulator.export.csv_out import leaderboard_csv

        sys.stdout.write(leaderboard_csv(board))
    else:
        print_board(board)
    return 0


def print_board(board: dict) -> None:
    """Plain text (no markup is interpreted, so names print as typed)."""
    from simulator.export.text import board_text

    print(board_text(board))


def run_export(args) -> int:
    from simulator import tournament as tm

    if not args.html and not args.xapi:
        raise UsageError("say what to export: --html FILE and/or --xapi FILE")
    with _store(args) as store:
        board = tm.leaderboard(store, args.name)
        if args.html:
            from simulator.cohort import tournament_grid
            from simulator.export.html_report import report

            entrants = tm.roster(store, args.name)
            grid = tournament_grid(store, board, tm.counted_rounds(store, args.name), entrants)
            invited = [e["player"] for e in entrants]
            changes = tm.events(store, args.name)
            write_file(
                args.html, report(board, tm.flagged(store, args.name), grid, invited, changes)
            )
            print(f"wrote {args.html}")
        if args.xapi:
            from simulator.export import xapi

            rounds = tm.counted_rounds(store, args.name)
            home = args.home_page or xapi.DEFAULT_HOME
            statements = xapi.statements(rounds, board["tournament"], home)
            write_file(args.xapi, json.dumps(statements, ensure_ascii=False, indent=1))
            print(f"wrote {args.xapi} ({len(statements)} statements)")
    return 0

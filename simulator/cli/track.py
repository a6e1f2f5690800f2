"""``hotseat track list|show|report``: onboarding tracks and where players stand."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from simulator.cli.options import add_db_option, add_scenarios_option, library_from, write_file


def register(sub) -> None:
    p = sub.add_parser(
        "track",
        help="onboarding tracks: list them, a player's place, a cohort's report",
        description="Tracks are ordered stages of scenarios (tracks/*.yaml, or *.track.yaml "
        "and tracks/ folders inside your --scenarios folders). Passing a stage unlocks the next.",
    )
    tsub = p.add_subparsers(dest="track_command", metavar="COMMAND", required=True)

    ls = tsub.add_parser("list", help="list the tracks")
    ls.add_argument("--json", action="store_true", help="one JSON array")
    add_scenarios_option(ls)
    ls.set_defaults(func=run_list)

    sh = tsub.add_parser("show", help="a player's stages, best scores and next scenario")
    sh.add_argument("name", metavar="NAME", help="the track's id (see 'hotseat track list')")
    sh.add_argument("--player", metavar="P", help="whose progress (default: you, the OS user)")
    sh.add_argument("--json", action="store_true", help="one JSON object")
    add_scenarios_option(sh)
    add_db_option(sh)
    sh.set_defaults(func=run_show)

    rp = tsub.add_parser("report", help="the trainer's view of a cohort on a track")
    rp.add_argument("name", metavar="NAME", help="the track's id")
    rp.add_argument(
        "--players",
        metavar="P,P,...",
        help="the cohort (default: everyone with a saved round); "
        "players who have started nothing are listed too",
    )
    fmt = rp.add_mutually_exclusive_group()
    fmt.add_argument("--html", metavar="FILE", type=Path, help="a self-contained HTML report")
    fmt.add_argument("--csv", metavar="FILE", type=Path, help="the player x scenario grid as CSV")
    fmt.add_argument("--json", action="store_true", help="one JSON object")
    add_scenarios_option(rp)
    add_db_option(rp)
    rp.set_defaults(func=run_report)


def _tracks(args):
    from simulator.loader import load_library
    from simulator.tracks import load_tracks, tracks_paths

    paths = library_from(args)
    library = load_library(paths)
    builtin = not getattr(args, "scenarios_no_builtin", False)
    return library, load_tracks(tracks_paths(paths, builtin=builtin), library)


def run_list(args) -> int:
    _library, found = _tracks(args)
    rows = [
        {
            "id": t.track.id,
            "title": t.track.title,
            "description": t.track.description,
            "stages": len(t.track.stages),
            "scenarios": sum(len(s.scenarios) for s in t.track.stages),
            "path": str(t.path),
        }
        for t in found.tracks
    ]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        width = max((len(r["id"]) for r in rows), default=2)
        for r in rows:
            print(
                f"{r['id']:<{width}}  {r['title']}  "
                f"({r['stages']} stages, {r['scenarios']} scenarios)"
            )
        if not rows:
            print("no tracks found", file=sys.stderr)
    for problem in found.problems:
        print(f"hotseat: skipped: {problem}", file=sys.stderr)
    return 0


def run_show(args) -> int:
    from simulator.cli.play_store import player_name
    from simulator.progress import standing
    from simulator.storage.common import check_name
    from simulator.store import open_store
    from simulator.tracks import find_track

    library, found = _tracks(args)
    loaded = find_track(args.name, found)
    player = check_name(player_name(args), "player")
    with open_store(args.db) as store:
        player = store.display_name(player)
        rounds = store.player_rounds(player)
    place = standing(loaded.track, player, rounds)
    if args.json:
        print(json.dumps(place.to_dict(), indent=2, ensure_ascii=False))
        return 0
    titles = {s.scenario.id: s.scenario.title for s in library.scenarios}
    print(
        f"{loaded.track.title} — {player}: {place.stages_passed}/{len(place.stages)} stages passed"
    )
    for n, stage in enumerate(place.stages, 1):
        mark = "passed" if stage.passed else ("open" if stage.unlocked else "locked")
        print(f"\n{n}. {stage.title}  [{mark}]")
        if stage.unlocked and not stage.passed:
            print(f"   {stage.lesson}")
        for c in stage.scenarios:
            best = "–" if c.best is None else str(c.best)
            tick = "✓" if c.passed else " "
            print(f"   {tick} {c.id:<32} best {best:>3}  {titles.get(c.id, '')}")
    if place.next:
        print(f"\nnext: {place.next}  (hotseat play {place.next} --player {player})")
    else:
        print("\nTrack complete.")
    return 0


def run_report(args) -> int:
    from simulator.cohort import cohort_report
    from simulator.storage.common import check_name
    from simulator.store import open_store
    from simulator.tracks import find_track

    library, found = _tracks(args)
    loaded = find_track(args.name, found)
    roster = None
    if args.players:
        roster = [check_name(p, "player") for p in args.players.split(",") if p.strip()]
    with open_store(args.db) as store:
        if roster is not None:
            roster = list(dict.fromkeys(store.display_name(p) for p in roster))
        report = cohort_report(store, loaded.track, library, roster)
    if args.html:
        from simulator.export.cohort_html import track_html

        write_file(args.html, track_html(report))
        print(f"wrote {args.html}", file=sys.stderr)
    elif args.csv:
        from simulator.export.csv_out import grid_csv

        write_file(args.csv, grid_csv(report))
        print(f"wrote {args.csv}", file=sys.stderr)
    elif args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(report.as_text())
    return 0

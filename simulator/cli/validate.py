"""``hotseat validate [PATH ...]``: check scenario files for trainers."""

from __future__ import annotations

import sys

from simulator.cli.options import add_scenarios_option, library_from


def register(sub) -> None:
    p = sub.add_parser(
        "validate",
        help="check scenario and track files (default: the built-in library)",
        description="Check scenario files or folders. Each problem is printed as "
        "FILE:LINE:COL: message, each design warning (a cue that matches inside common "
        "words, a pattern whose backslashes YAML ate, an unused cue, a file named unlike "
        "its id, a first reply that can end the round, an ending never reached, a need no "
        "rule requires) as FILE:LINE:COL: warning: message. Exit 1 on any problem, or on "
        "a warning with --strict.",
    )
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: the library)"
    )
    add_scenarios_option(p)
    p.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    p.add_argument(
        "--strict", action="store_true", help="exit 1 on design warnings too, not only on errors"
    )
    p.set_defaults(func=run)


def follow_up_problems(lib, whole) -> list:
    """A ``follow_up`` must name a scenario in the library (and one that
    comes back to promises, with ``returns_after``)."""
    from simulator.loader import Problem, did_you_mean, parse, read_text

    out = []
    ids = [s.scenario.id for s in whole.scenarios]
    for loaded in lib.scenarios:
        follow = loaded.scenario.follow_up
        if follow is None:
            continue
        _data, marks = parse(read_text(loaded.path))
        where = (str(loaded.path), *marks.at(("follow_up", "scenario")))
        target = whole.get(follow.scenario)
        if target is None:
            hint = did_you_mean(follow.scenario, ids) or "; add it to the library"
            out.append(Problem(*where, f"follow-up scenario '{follow.scenario}' not found{hint}"))
        elif target.scenario.returns_after is None:
            out.append(
                Problem(
                    *where,
                    f"follow-up scenario '{follow.scenario}' has no returns_after line, "
                    "so its customer never comes back to the promise",
                )
            )
    return out


def run(args) -> int:
    from simulator.lint import scenario_warnings
    from simulator.loader import load_library
    from simulator.tracks import load_tracks, tracks_paths

    paths = args.paths or library_from(args)
    lib = load_library(paths)
    # Tracks are checked against the whole library, so a trainer's track may
    # name built-in scenarios and their own alike.
    whole = lib if not args.paths else load_library([*library_from(args), *args.paths])
    if args.paths:
        tracks = load_tracks(paths, whole)
    else:
        tracks = load_tracks(tracks_paths(paths, builtin=not args.scenarios_no_builtin), whole)
    lib.problems.extend(follow_up_problems(lib, whole))
    for problem in sorted([*lib.problems, *tracks.problems]):
        print(problem)
    warnings = [w for loaded in lib.scenarios for w in scenario_warnings(loaded)]
    for warning in warnings:
        print(warning)
    if not args.quiet:
        ok, bad = len(lib.scenarios), len(lib.failed)
        track_files = {p.file for p in tracks.problems}
        print(
            f"{ok} valid, {bad} with problems, {len(warnings)} warnings; "
            f"tracks: {len(tracks.tracks)} valid, {len(track_files)} with problems",
            file=sys.stderr,
        )
    if not lib.scenarios and not lib.failed and not tracks.tracks and not tracks.problems:
        print("hotseat: no scenario files found (*.yaml, *.yml)", file=sys.stderr)
        return 1
    failed = lib.problems or tracks.problems
    return 1 if failed or (args.strict and warnings) else 0

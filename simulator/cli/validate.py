"""``hotseat validate [PATH ...]``: check scenario files for trainers."""

from __future__ import annotations

import sys

from simulator.cli.options import add_scenarios_option, library_from


def register(sub) -> None:
    p = sub.add_parser(
        "validate",
        help="check scenario files (default: the built-in library)",
        description="Check scenario files or folders. Each problem is printed as "
        "FILE:LINE:COL: message. Exit 1 if any file has a problem.",
    )
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: the library)"
    )
    add_scenarios_option(p)
    p.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    p.set_defaults(func=run)


def run(args) -> int:
    from simulator.loader import load_library

    lib = load_library(args.paths or library_from(args))
    for problem in lib.problems:
        print(problem)
    if not args.quiet:
        ok, bad = len(lib.scenarios), len(lib.failed)
        print(f"{ok} valid, {bad} with problems", file=sys.stderr)
    if not lib.scenarios and not lib.failed:
        print("hotseat: no scenario files found (*.yaml, *.yml)", file=sys.stderr)
        return 1
    return 1 if lib.problems else 0

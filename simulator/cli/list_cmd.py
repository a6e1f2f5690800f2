"""``hotseat list [--json]``: the scenario library."""

from __future__ import annotations

import json

from simulator.cli.options import add_scenarios_option, library_from


def register(sub) -> None:
    p = sub.add_parser("list", help="list the scenarios")
    p.add_argument("paths", nargs="*", metavar="PATH", help="only these scenario files or folders")
    p.add_argument("--json", action="store_true", help="one JSON array")
    add_scenarios_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from simulator.loader import load_library

    lib = load_library(args.paths or library_from(args))
    rows = [
        {
            "id": s.scenario.id,
            "title": s.scenario.title,
            "difficulty": s.scenario.difficulty,
            "tags": list(s.scenario.tags),
            "source": s.scenario.source,
        }
        for s in lib.scenarios
    ]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        width = max((len(r["id"]) for r in rows), default=2)
        for r in rows:
            tags = ", ".join(r["tags"])
            print(f"{r['id']:<{width}}  {r['difficulty']:<6}  {r['title']}  [{tags}]")
            print(f"{'':<{width}}          from: {r['source']}")
    for problem in lib.problems:
        print(f"hotseat: skipped: {problem}", file=__import__("sys").stderr)
    return 0

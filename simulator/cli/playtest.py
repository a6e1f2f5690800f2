"""``hotseat playtest [PATH ...]``: play every scenario with a model and a poor trainee."""

from __future__ import annotations

import json


def register(sub) -> None:
    p = sub.add_parser(
        "playtest",
        help="play-test scenarios with a model and a poor trainee",
        description="Plays every scenario with a model trainee and a poor one and walks "
        "the state graph. Fails a scenario the model trainee cannot resolve, the poor "
        "one resolves or outscores, or with a state that is never reached.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: built-in)")
    p.add_argument("--json", action="store_true", help="one JSON object per scenario, a line each")
    p.set_defaults(func=run)


def run(args) -> int:
    from scoring.rules import rule_scorer
    from simulator.loader import load_library
    from simulator.playtest import playtest

    lib = load_library(args.paths or None)
    scorer = rule_scorer()
    failed = 0
    for problem in lib.problems:
        failed += 1
        if args.json:
            print(json.dumps({"file": problem.file, "passed": False, "problems": [str(problem)]}))
        else:
            print(f"FAIL {problem}")
    for loaded in lib.scenarios:
        report = playtest(loaded.scenario, scorer)
        failed += not report.passed
        if args.json:
            print(json.dumps(report.to_dict()))
            continue
        good, poor = report.good, report.poor
        status = "ok  " if report.passed else "FAIL"
        print(
            f"{status} {report.scenario}: model trainee {good.outcome} ({good.score}), "
            f"poor trainee {poor.outcome} ({poor.score}), "
            f"{len(report.reachable)}/{len(loaded.scenario.states)} states reachable"
        )
        for problem in report.problems:
            print(f"     {loaded.path}: {problem}")
    if not args.json:
        total = len(lib.scenarios) + len(lib.failed)
        print(f"{total - failed} of {total} scenarios pass")
    return 1 if failed else 0

"""``hotseat playtest [PATH ...]``: play every scenario with a model and a poor trainee."""

from __future__ import annotations

import json

from simulator.cli.options import add_scenarios_option, library_from


def register(sub) -> None:
    p = sub.add_parser(
        "playtest",
        help="play-test scenarios with a model, a middling and a poor trainee",
        description="Plays every scenario with three trainees and walks the state graph. "
        "Fails a scenario the model trainee cannot resolve, the middling trainee (stock "
        "phrases, no concrete fix) resolves or scores as well as the model, the poor "
        "trainee resolves, whose round any trainee ends on turn 1, or with a state that is "
        "never reached. Prints each trainee's path of states and moods.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: built-in)")
    p.add_argument("--json", action="store_true", help="one JSON object per scenario, a line each")
    add_scenarios_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from scoring.judges import default_scorer
    from simulator.loader import load_library
    from simulator.playtest import playtest

    lib = load_library(args.paths or library_from(args))
    scorer = default_scorer()
    failed = 0
    for problem in lib.problems:
        failed += 1
        if args.json:
            print(
                json.dumps(
                    {
                        "scenario": None,
                        "file": problem.file,
                        "ok": False,
                        "problems": [str(problem)],
                        "trainees": {},
                        "unvisited": [],
                    }
                )
            )
        else:
            print(f"FAIL {problem}")
    for loaded in lib.scenarios:
        report = playtest(loaded.scenario, scorer)
        failed += not report.passed
        if args.json:
            print(json.dumps(report.to_dict()))
            continue
        status = "ok  " if report.passed else "FAIL"
        runs = ", ".join(
            f"{name} {run.outcome} ({run.score})" for name, run in report.trainees.items()
        )
        print(f"{status} {report.scenario}: {runs}")
        for name, run in report.trainees.items():
            print(f"     {name:<8} {run.describe_path()}")
        if report.unvisited:
            print(f"     never visited: {', '.join(report.unvisited)}")
        for trouble in report.problems:
            print(f"     {loaded.path}: {trouble}")
    if not args.json:
        total = len(lib.scenarios) + len(lib.failed)
        print(f"{total - failed} of {total} scenarios pass")
    return 1 if failed else 0

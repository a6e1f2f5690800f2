"""``hotseat try SCENARIO "REPLY" [--state STATE] [--json]``: how the game
would take one reply (an outside contract: keep the JSON keys)."""

from __future__ import annotations

import json

from simulator.cli.options import add_scenarios_option, library_from


def register(sub) -> None:
    p = sub.add_parser(
        "try",
        help="show how the game would take one reply: scores, signals, cues, rules",
        description="Scores REPLY as the game would in SCENARIO and shows the signals, "
        "every cue that matched (pattern, text, offsets) and, for every state (or "
        "--state), the rule that fires, the next state and the mood change.",
    )
    p.add_argument("scenario", metavar="SCENARIO", help="a scenario id")
    p.add_argument("reply", metavar="REPLY", help="the reply to try")
    p.add_argument("--state", metavar="STATE", help="only this state")
    p.add_argument("--json", action="store_true", help="print it as JSON")
    add_scenarios_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from scoring.judges import default_scorer
    from simulator.loader import find_scenario
    from simulator.trial import format_trial, try_reply

    loaded = find_scenario(args.scenario, library_from(args))
    trial = try_reply(loaded.scenario, args.reply, default_scorer(), state=args.state)
    if args.json:
        print(json.dumps(trial.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_trial(trial))
    return 0

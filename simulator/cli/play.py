"""``hotseat play SCENARIO``: play a round, headless from a script or in the TUI."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from simulator.cli.customer_options import (
    add_customer_options,
    customer_from_args,
    customer_kwargs,
)
from simulator.cli.options import add_scenarios_option, library_from
from simulator.cli.play_store import add_store_options, finish_saving, prepare_round
from simulator.errors import UsageError

MAX_SCRIPT_BYTES = 1024 * 1024


def register(sub) -> None:
    p = sub.add_parser(
        "play",
        help="play a round (headless with --script, else in the TUI)",
        description="Play a round of SCENARIO. With --script, the trainee's replies come "
        "from FILE (one a line, blank lines ignored; start a line with [+45s] to say the "
        "trainee took 45 seconds) and the round is played headless.",
    )
    p.add_argument(
        "scenario", metavar="SCENARIO", help="scenario id ('hotseat list'), or a scenario file"
    )
    p.add_argument(
        "--watch",
        action="store_true",
        help="with a scenario FILE: reload it on every save (the TUI offers to replay)",
    )
    p.add_argument("--script", metavar="FILE", help="replies, one a line ('-' for stdin)")
    p.add_argument("--seed", type=int, default=None, help="fixes the customer's lines (default 0)")
    p.add_argument("--json", action="store_true", help="print the result as one JSON object")
    p.add_argument(
        "--after",
        metavar="FILE",
        help="a follow-up round: FILE is the earlier round's 'play --json' output, "
        "whose promises the customer comes back to",
    )
    add_scenarios_option(p)
    p.add_argument("--player", default=None, help="the player's name (saves the round)")
    add_customer_options(p)
    add_store_options(p)
    p.set_defaults(func=run)


def read_script(name: str) -> list[str]:
    """The replies in a script file: one a line, blank lines ignored."""
    try:
        if name == "-":
            text = sys.stdin.read(MAX_SCRIPT_BYTES + 1)
        else:
            path = Path(name)
            if path.is_dir():
                raise UsageError(f"cannot read script '{name}': it is a folder")
            if path.stat().st_size > MAX_SCRIPT_BYTES:
                raise UsageError(f"cannot read script '{name}': over 1 MiB")
            text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"cannot read script '{name}': no such file") from None
    except UnicodeDecodeError:
        raise UsageError(f"cannot read script '{name}': not UTF-8 text") from None
    except OSError as exc:
        raise UsageError(f"cannot read script '{name}': {exc.strerror or exc}") from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def earlier_promises(name: str, loaded, paths) -> list:
    """The promises of the earlier round in FILE that this follow-up holds
    the trainee to; a one-line UsageError when FILE is not its earlier round."""
    from simulator.loader import find_scenario
    from simulator.promises import held_promises, promises_from

    try:
        with open(name, encoding="utf-8") as fh:
            data = json.loads(fh.read(1 << 20))
        earlier_id = data["scenario"]
        promises = promises_from(data.get("promises") or [])
    except OSError as exc:
        raise UsageError(f"cannot read '{name}': {exc.strerror or exc}") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"'{name}' is not a round from 'hotseat play --json' ({exc})") from None
    earlier = find_scenario(str(earlier_id), paths).scenario
    this = loaded.scenario.id
    if earlier.follow_up is None or earlier.follow_up.scenario != this:
        then = earlier.follow_up.scenario if earlier.follow_up else None
        raise UsageError(
            f"'{this}' is not the follow-up of '{earlier.id}'"
            + (f" (its follow-up is '{then}')" if then else " (it declares no follow_up)")
        )
    return held_promises(promises, earlier.follow_up.checks)


def play_script(rnd, replies: list[str]) -> list[str]:
    """Play ``replies`` until the round ends; returns the refusals met. A
    line ``[+45s] reply`` says the trainee took 45 seconds to answer."""
    from simulator.engine import ReplyRefused, timed_line

    refused = []
    for line in replies:
        if rnd.finished:
            break
        seconds, reply = timed_line(line)
        try:
            rnd.play(reply, seconds)
        except ReplyRefused as exc:
            refused.append(str(exc))
    return refused


def run(args) -> int:
    from simulator.engine import Round
    from simulator.loader import find_scenario

    paths = library_from(args)
    as_file = Path(args.scenario)
    if as_file.suffix in (".yaml", ".yml") and as_file.is_file():
        from simulator.loader import load_scenario

        loaded = load_scenario(as_file)  # problems: FILE:LINE:COL, one a line
        paths = [p for p in paths if p != as_file] + [as_file]
        args.scenario = loaded.scenario.id
    elif args.watch:
        raise UsageError("--watch goes with a scenario file: hotseat play my-story.yaml --watch")
    else:
        loaded = find_scenario(args.scenario, paths)
    if args.watch and args.script:
        raise UsageError("--watch is for the TUI; leave out --script")
    if not args.script:
        from simulator.cli.tui_launch import launch_tui
        from simulator.launch import LaunchOptions

        return launch_tui(
            LaunchOptions(
                scenario_id=args.scenario,
                player=args.player,
                paths=paths,
                watch=str(as_file) if args.watch else None,
                tournament=args.tournament,
                team=args.team,
                code=args.code,
                db=args.db,
                seed=args.seed,
                customer=args.customer or ("replay" if args.replay else None),
                **customer_kwargs(args),
            )
        )
    replies = read_script(args.script)
    # A tournament fixes the seed and the customer; the store records the round.
    store, seed, customer, timed = prepare_round(args, loaded)
    if customer is None:
        customer = customer_from_args(args, loaded.scenario.id)
    promised = earlier_promises(args.after, loaded, paths) if args.after else None
    rnd = Round(loaded.scenario, seed=seed, customer=customer, promised=promised, timed=timed)
    saved = finish_saving(args, store, rnd, loaded, lambda: play_script(rnd, replies))
    refused, problem = saved.refused, saved.problem
    show_result(rnd.to_dict() | saved.extra, refused, args.json)
    if problem:
        raise problem
    return 0


def show_result(result: dict, refused: list[str], as_json: bool) -> None:
    """A headless round's result: one JSON object, or the transcript."""
    if refused:
        result["refused"] = refused
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print_transcript(result)


def print_transcript(result: dict) -> None:
    from simulator.engine import grade

    print(f"customer: {result['opening']}")
    for t in result["turns"]:
        print(f"\nyou: {t['agent']}")
        dims = "  ".join(f"{k} {v:.2f}" for k, v in t["scores"].items())
        print(f"   [{dims}]  points {t['points']}  mood {t['mood']}")
        print(f"customer: {t['customer']}")
        for note in t.get("notes", []):
            print(f"   ({note})")
    print(f"\noutcome: {result['outcome']}   score: {result['score']} ({grade(result['score'])})")

"""The ``hotseat`` command line.

Each subcommand lives in its own module exposing ``register(subparsers)``,
which adds its parser and sets ``func`` to a callable taking the parsed
arguments and returning the exit code. Errors a user can cause are raised as
:class:`~simulator.errors.HotseatError` and printed as one line, never as a traceback.

Imports inside the commands' functions are lazy on purpose: importing every
command's needs up front (SQLAlchemy ~225 ms, onnxruntime ~250 ms, openai
~1 s, Textual ~400 ms, measured on this project's 2-core machines) would slow
``hotseat --help`` and every command that needs none of them.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from simulator import __version__
from simulator.cli.options import add_scenarios_option, library_from
from simulator.errors import HotseatError

#: Subcommand modules, in the order ``hotseat --help`` lists them.
COMMANDS = (
    "play",
    "try_cmd",
    "list_cmd",
    "validate",
    "schema",
    "score",
    "playtest",
    "track",
    "tournament",
    "import_cmd",
    "unfinished",
    "serve",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hotseat",
        description="Hotseat: a training game for customer-service agents. "
        "With no command, opens the game.",
    )
    parser.add_argument("--version", action="version", version=f"hotseat {__version__}")
    # the bare game (no command) takes the trainers' folders too
    add_scenarios_option(parser, dest="game_scenarios")
    parser.add_argument(
        "--track", dest="game_track", metavar="NAME", help="follow this onboarding track"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"simulator.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"simulator.cli.{name}":
                continue  # a command not built yet
            raise
        module.register(sub)
    return parser


def _with_hint(exc: HotseatError) -> str:
    """The error's line, with its command-line hint when it has one."""
    return f"{exc}; {exc.cli_hint}" if exc.cli_hint else str(exc)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        from simulator.cli.tui_launch import launch_tui

        return launch_tui()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        if args.game_scenarios or args.game_scenarios_no_builtin or args.game_track:
            from simulator.cli.tui_launch import launch_tui
            from simulator.launch import LaunchOptions

            try:
                paths = None
                if args.game_scenarios or args.game_scenarios_no_builtin:
                    paths = library_from(args, "game_scenarios")
                return launch_tui(LaunchOptions(paths=paths, track=args.game_track))
            except HotseatError as exc:
                print(f"hotseat: {_with_hint(exc)}", file=sys.stderr)
                return exc.exit_code
        parser.print_help()
        return 0
    from scoring.types import ScoringError

    try:
        return int(args.func(args) or 0)
    except HotseatError as exc:
        print(f"hotseat: {_with_hint(exc)}", file=sys.stderr)
        return exc.exit_code
    except ScoringError as exc:  # e.g. a missing or corrupt model file
        print(f"hotseat: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("hotseat: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

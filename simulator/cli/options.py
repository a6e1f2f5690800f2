"""Options several commands share, defined once so they read the same everywhere."""

from __future__ import annotations

from pathlib import Path

from simulator.errors import UsageError


def add_db_option(parser) -> None:
    """``--db PATH|URL``: the results store (a parser or an argument group)."""
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="results database: a SQLite file or postgresql://... "
        "(default $HOTSEAT_DB, else the user data folder)",
    )


def add_scenarios_option(parser, dest: str = "scenarios") -> None:
    """``--scenarios DIR`` (repeatable) and ``--no-builtin``: trainers' folders
    added to the built-in library, as every command and the bare game take them."""
    parser.add_argument(
        "--scenarios",
        dest=dest,
        metavar="DIR",
        action="append",
        help="a folder (or file) of your own scenarios, added to the library; repeatable "
        "(also $HOTSEAT_SCENARIOS, and [scenarios] paths in config.toml)",
    )
    parser.add_argument(
        "--no-builtin",
        dest=f"{dest}_no_builtin",
        action="store_true",
        help="leave the built-in scenarios out",
    )


def library_from(args, dest: str = "scenarios") -> list:
    """The folders a command loads its library from (see ``add_scenarios_option``)."""
    from simulator.loader import library_paths

    return library_paths(
        getattr(args, dest, None), builtin=not getattr(args, f"{dest}_no_builtin", False)
    )


def write_file(path: str | Path, text: str) -> None:
    """Write a report or export the user asked for; a one-line error if it cannot.
    Lines end as the text has them (a CSV's are its own)."""
    try:
        Path(path).write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise UsageError(f"cannot write '{path}': {exc.strerror or exc}") from None

"""Options several commands share, defined once so they read the same everywhere."""

from __future__ import annotations


def add_db_option(parser) -> None:
    """``--db PATH|URL``: the results store (a parser or an argument group)."""
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="results database: a SQLite file or postgresql://... "
        "(default $HOTSEAT_DB, else the user data folder)",
    )


def add_scenarios_option(parser) -> None:
    """``--scenarios PATH`` (repeatable): scenario files or folders instead of the library."""
    parser.add_argument(
        "--scenarios", metavar="PATH", action="append", help="scenario files or folders to use"
    )

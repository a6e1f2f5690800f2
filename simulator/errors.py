"""Errors a user can cause. The CLI prints them as one line and exits."""


class HotseatError(Exception):
    """A problem worth one clear line to the user; ``exit_code`` for the CLI.

    The message names no command-line flag (the TUI shows it too); a hint
    for the command line goes in ``cli_hint``, which only the CLI prints."""

    exit_code = 2
    cli_hint: str | None = None


class UsageError(HotseatError):
    """Bad arguments, an unknown scenario, an unreadable file."""


class UnknownScenario(UsageError):
    """A scenario id the library does not have."""

    cli_hint = "add a folder with --scenarios DIR"


class ScenarioError(HotseatError):
    """A scenario file that does not load; ``problems`` holds the details."""

    exit_code = 1

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

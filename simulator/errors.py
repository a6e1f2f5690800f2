"""Errors a user can cause. The CLI prints them as one line and exits."""


class HotseatError(Exception):
    """A problem worth one clear line to the user; ``exit_code`` for the CLI."""

    exit_code = 2


class UsageError(HotseatError):
    """Bad arguments, an unknown scenario, an unreadable file."""


class ScenarioError(HotseatError):
    """A scenario file that does not load; ``problems`` holds the details."""

    exit_code = 1

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

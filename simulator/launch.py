"""What the game is opened with: one typed object that the CLI fills and
the TUI reads (no ``**options``), headless so both sides can import it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class LaunchOptions:
    """Everything the command line can tell the game; None means "the default"."""

    #: Open this scenario's round at once (``hotseat play SCENARIO``).
    scenario_id: str | None = None
    player: str | None = None
    #: Where the scenario library is loaded from (None: the default paths).
    paths: list[Path] | None = None
    #: The customer's kind and the LLM or recording options.
    customer: str | None = None
    model: str | None = None
    base_url: str | None = None
    timeout: float | None = None
    retries: int | None = None
    record: str | None = None
    replay: str | None = None
    #: The results store (a path or URL) and the transcripts folder.
    db: str | None = None
    transcripts: str | Path | None = None
    #: A fixed seed and typing delay (tests and demos).
    seed: int | None = None
    typing_delay: float | None = None
    #: A tournament seat to open with.
    tournament: str | None = None
    team: str | None = None
    code: str | None = None
    #: ``play FILE --watch``: the scenario file to reload on every save.
    watch: str | Path | None = None
    #: The onboarding track to follow.
    track: str | None = None
    #: Resume this unfinished round (its id, or the first characters of it).
    resume_id: str | None = None
    #: Under ``hotseat serve``: remember nothing on disk (each browser is its own player).
    served: bool = False

    def customer_options(self) -> dict[str, Any]:
        """The options ``make_customer`` takes, the ones that were given."""
        keys = ("model", "base_url", "timeout", "retries", "record", "replay")
        return {k: getattr(self, k) for k in keys if getattr(self, k)}

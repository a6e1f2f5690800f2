"""What the game remembers between runs: the player's name and customer kind.

Kept in ``user_config_dir("hotseat")/tui.json`` (``config.toml`` beside it
belongs to the LLM settings). A missing or damaged file just means defaults:
remembering a name is a courtesy, never a reason not to start.
"""

from __future__ import annotations

import getpass
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

MAX_NAME = 100
MAX_URL = 500


def prefs_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("hotseat")) / "tui.json"


def default_player() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "player"


@dataclass
class Prefs:
    player: str = ""
    customer: str = "scripted"
    theme: str = ""
    #: The LLM customer's model and server when chosen in the TUI; empty
    #: means "as the environment or config file says". Never the API key.
    model: str = ""
    base_url: str = ""
    #: The onboarding track home follows (empty: the built-in one).
    track: str = ""
    #: True when ``player`` is the login name, not one the player gave (never saved).
    defaulted: bool = field(default=False, compare=False)

    @classmethod
    def load(cls) -> Prefs:
        try:
            data = json.loads(prefs_path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(player=default_player(), defaulted=True)
        if not isinstance(data, dict):
            return cls(player=default_player(), defaulted=True)
        fields: dict[str, Any] = {
            k: str(v)[: MAX_URL if k == "base_url" else MAX_NAME]
            for k, v in data.items()
            if k in cls.__dataclass_fields__ and k != "defaulted"
        }
        prefs = cls(**fields)
        if not prefs.player:
            prefs.player, prefs.defaulted = default_player(), True
        return prefs

    def save(self) -> str | None:
        """Write the file; returns a one-line problem instead of raising."""
        path = prefs_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            data = {k: v for k, v in asdict(self).items() if k != "defaulted"}
            path.write_text(json.dumps(data, indent=2), encoding="utf-8")
        except OSError as exc:
            return f"could not remember your settings in {path}: {exc.strerror or exc}"
        return None


@dataclass(frozen=True)
class LLMChoice:
    """The LLM customer's model and server as home shows them, and what they
    resolve to without the TUI (environment, config file, defaults)."""

    model: str
    base_url: str
    resolved_model: str
    resolved_base_url: str


def llm_defaults(prefs: Prefs, model: str | None = None, base_url: str | None = None) -> LLMChoice:
    """The command line's choice first, then the remembered one, then what
    ``scoring.llm_settings`` resolves (``HOTSEAT_MODEL``, ``OPENAI_BASE_URL``,
    the config file). Only the model and URL: the key never reaches a screen."""
    from scoring.llm_settings import DEFAULT_MODEL, SettingsError, load_settings

    try:
        settings = load_settings()
        resolved = (settings.model, settings.base_url or "")
    except SettingsError:  # a broken config file: the round's start will say so
        resolved = (DEFAULT_MODEL, "")
    return LLMChoice(
        model=model or prefs.model or resolved[0],
        base_url=base_url or prefs.base_url or resolved[1],
        resolved_model=resolved[0],
        resolved_base_url=resolved[1],
    )

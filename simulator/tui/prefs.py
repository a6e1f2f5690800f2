"""What the game remembers between runs: the player's name and customer kind.

Kept in ``user_config_dir("hotseat")/tui.json`` (``config.toml`` beside it
belongs to the LLM settings). A missing or damaged file just means defaults:
remembering a name is a courtesy, never a reason not to start.
"""

from __future__ import annotations

import getpass
import json
from dataclasses import asdict, dataclass
from pathlib import Path

MAX_NAME = 100


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

    @classmethod
    def load(cls) -> Prefs:
        try:
            data = json.loads(prefs_path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(player=default_player())
        if not isinstance(data, dict):
            return cls(player=default_player())
        fields = {k: str(v)[:MAX_NAME] for k, v in data.items() if k in cls.__dataclass_fields__}
        prefs = cls(**fields)
        prefs.player = prefs.player or default_player()
        return prefs

    def save(self) -> str | None:
        """Write the file; returns a one-line problem instead of raising."""
        path = prefs_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        except OSError as exc:
            return f"could not remember your settings in {path}: {exc.strerror or exc}"
        return None

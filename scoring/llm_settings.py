"""Where the LLM settings come from, and the one place an OpenAI client is built.

Precedence, per setting: the CLI option, then the environment
(``HOTSEAT_MODEL``, ``OPENAI_BASE_URL``), then ``[llm]`` in the config file
(``platformdirs.user_config_dir("hotseat")/config.toml``), then the default.
The API key comes from ``OPENAI_API_KEY`` only, never from a file or an
option, so it cannot end up in a shell history or a committed config; it is
kept out of every repr and message.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from scoring.types import ScoringError


class SettingsError(ScoringError):
    """A config file or LLM setting that cannot be used (one line)."""


DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_TIMEOUT = 20.0
DEFAULT_RETRIES = 1
#: Local servers (llama.cpp, Ollama, vLLM) ignore the key, but the client
#: refuses to start without one.
PLACEHOLDER_KEY = "not-needed-for-local-servers"


def config_path() -> Path:
    env = os.environ.get("HOTSEAT_CONFIG")
    if env:
        return Path(env)
    return Path(platformdirs.user_config_dir("hotseat")) / "config.toml"


def read_config(path: Path) -> dict:
    """The whole config file as a dict ({} when there is none); one clear
    line when it cannot be read. Every section's reader starts here."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"cannot read the config file {path}: {exc}") from None


def _file_settings(path: Path) -> dict:
    llm = read_config(path).get("llm", {})
    if not isinstance(llm, dict):
        raise SettingsError(f"config file {path}: [llm] must be a table")
    return llm


@dataclass(frozen=True)
class LLMSettings:
    model: str = DEFAULT_MODEL
    base_url: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES
    #: Kept out of repr/str so a logged settings object never shows it.
    api_key: str = field(default=PLACEHOLDER_KEY, repr=False)

    def describe(self) -> str:
        where = self.base_url or "the OpenAI API"
        return f"{self.model} at {where} (timeout {self.timeout:g} s, {self.retries} retries)"


def _number(value, name: str, kind, low: float, high: float):
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise SettingsError(f"LLM {name} must be a number, not {value!r}") from None
    if not low <= number <= high:
        raise SettingsError(f"LLM {name} must be between {low:g} and {high:g}, not {number}")
    return number


def load_settings(
    model: str | None = None,
    base_url: str | None = None,
    timeout: float | None = None,
    retries: int | None = None,
) -> LLMSettings:
    """The settings for this run: options first, then environment, then file."""
    needs_file = None in (model, base_url, timeout, retries)
    file = _file_settings(config_path()) if needs_file else {}
    model = model or os.environ.get("HOTSEAT_MODEL") or file.get("model") or DEFAULT_MODEL
    base_url = base_url or os.environ.get("OPENAI_BASE_URL") or file.get("base_url") or None
    timeout = timeout if timeout is not None else file.get("timeout", DEFAULT_TIMEOUT)
    retries = retries if retries is not None else file.get("retries", DEFAULT_RETRIES)
    return LLMSettings(
        model=str(model),
        base_url=str(base_url) if base_url else None,
        timeout=_number(timeout, "timeout", float, 0.1, 600),
        retries=_number(retries, "retries", int, 0, 10),
        api_key=os.environ.get("OPENAI_API_KEY") or PLACEHOLDER_KEY,
    )


def make_client(settings: LLMSettings):
    """The OpenAI client for ``settings``, with our timeout and retries
    (the library's own defaults are 10 minutes and 2 retries)."""
    import openai  # lazy: ~1 s to import, paid only when a client is built

    return openai.OpenAI(
        api_key=settings.api_key,
        base_url=settings.base_url,
        timeout=settings.timeout,
        max_retries=settings.retries,
    )

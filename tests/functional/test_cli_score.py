"""``hotseat score``: the text mode, the JSONL contract with its error
handling, and the eval mode, run as a user runs them."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from scoring.learned import MODEL_DIR

DEV_SET = Path("/work/shared/scoring/dev-set.jsonl")
KEYS = {"id", "scores", "evidence", "tips"}
DIMS = {"empathy", "ownership", "blame", "policy_hiding"}
BLAMING = (
    "I'm sorry this happened. But you should have read the instructions before you used it, "
    "so that one is your own fault."
)


def hotseat(*args, stdin=None, timeout=60):
    return subprocess.run(
        [sys.executable, "-m", "simulator", "score", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def jsonl(lines: list) -> str:
    return "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines)


def outputs(out) -> list[dict]:
    return [json.loads(line) for line in out.stdout.splitlines()]


# ---------------------------------------------------------------------- text


def test_text_mode_prints_values_evidence_and_tips():
    out = hotseat(BLAMING, "--customer", "I want my money back.")
    assert out.returncode == 0, out.stderr
    values = {line.split()[0]: float(line.split()[1]) for line in out.stdout.splitlines()[:4]}
    assert set(values) == DIMS
    assert values["blame"] >= 0.5 and values["empathy"] >= 0.5
    assert "[[blame: you should have read" in out.stdout
    assert "tips:" in out.stdout and "blames the customer" in out.stdout
    assert "\x1b[" not in out.stdout  # no colour codes when piped


def run_on_terminal(text: str) -> tuple[int, str]:
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulator", "score", text],
        stdout=follower,
        stderr=subprocess.PIPE,
        env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "200"},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(60)
    os.close(leader)
    return proc.returncode, b"".join(chunks).decode()


def test_text_mode_colours_the_evidence_on_a_terminal():
    code, shown = run_on_terminal(BLAMING)
    assert code == 0
    assert "\x1b[" in shown and "[[" not in shown
    assert "you should have read" in shown


def test_text_mode_shows_markup_in_a_reply_as_typed():
    _, shown = run_on_terminal("[bold red]Sorry[/] about that, [link=x]click[/link]")
    # Markup in a reply is text, never styling.
    assert "[bold red]" in shown and "[/]" in shown and "[link=x]click[/link]" in shown


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["   "], "empty"),
        (["x" * 10_001], "limit is 10,000"),
        ([], "give one of"),
        (["hi", "--jsonl", "-"], "give one of"),
    ],
)
def test_text_mode_bad_input_is_one_line(args, message):
    out = hotseat(*args)
    assert out.returncode == 2
    assert out.stderr.startswith("hotseat: ") and message in out.stderr
    assert len(out.stderr.splitlines()) == 1


# ---------------------------------------------------------------------- JSONL


def test_jsonl_writes_one_line_per_input_in_order():
    rows = [
        {"id": "a", "text": BLAMING, "customer": "I want a refund."},
        {"id": 2, "text": "Our policy is no refunds without a receipt."},
        {"id": "c", "text": "That sounds frustrating. I'll sort it out today."},
    ]
    out = hotseat("--jsonl", "-", stdin=jsonl(rows))
    assert out.returncode == 0, out.stderr
    got = outputs(out)
    assert [g["id"] for g in got] == ["a", 2, "c"]
    for row, g in zip(rows, got, strict=True):
        assert set(g) == KEYS
        assert set(g["scores"]) == DIMS
        assert all(0 <= v <= 1 for v in g["scores"].values())
        for ev in g["evidence"]:
            # "rule" names the rule that quoted the phrase; absent when the model chose it
            assert set(ev) - {"rule"} == {"dimension", "start", "end", "text"}
            assert isinstance(ev.get("rule", ""), str)
            assert row["text"][ev["start"] : ev["end"]] == ev["text"]
    assert got[0]["scores"]["blame"] >= 0.5
    assert any("blame" in tip for tip in got[0]["tips"])


def test_jsonl_reads_a_file(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(jsonl([{"id": 1, "text": "I'm sorry, I'll fix it now."}]))
    out = hotseat("--jsonl", str(path))
    assert out.returncode == 0 and outputs(out)[0]["id"] == 1


def test_jsonl_scenario_cues_apply():
    text = "We don't sell tires."
    out = hotseat(
        "--jsonl",
        "-",
        stdin=jsonl(
            [{"id": 1, "text": text, "scenario": "tires-never-sold"}, {"id": 2, "text": text}]
        ),
    )
    with_cues, without = outputs(out)
    assert with_cues["scores"]["policy_hiding"] >= 0.5
    assert without["scores"]["policy_hiding"] < 0.5


def test_jsonl_scenario_cues_are_the_games():
    # as in play, the story's wall does not count in a reply that does what the
    # customer came for
    helps = "We don't sell tires here, but what I can do is refund them right now."
    out = hotseat(
        "--jsonl", "-", stdin=jsonl([{"id": 1, "text": helps, "scenario": "tires-never-sold"}])
    )
    assert outputs(out)[0]["scores"]["policy_hiding"] < 0.5


@pytest.mark.parametrize(
    ("line", "rid", "error"),
    [
        ("this is not json", None, "not valid JSON"),
        ('{"id": 1, "text": "unterminated', None, "not valid JSON"),
        ("[1, 2, 3]", None, "not a JSON object"),
        ('"just a string"', None, "not a JSON object"),
        ({"id": 7}, 7, "no 'text'"),
        ({"id": 8, "text": None}, 8, "no 'text'"),
        ({"id": 9, "text": 42}, 9, "not a string"),
        ({"id": 10, "text": ["a"]}, 10, "not a string"),
        ({"id": 11, "text": "x" * 10_001}, 11, "over 10,000 characters"),
        ({"id": 12, "text": "hi", "scenario": "no-such-story"}, 12, "unknown scenario"),
        ({"id": 13, "text": "hi", "customer": 5}, 13, "'customer' is not a string"),
    ],
)
def test_jsonl_bad_line_is_reported_and_the_rest_go_on(line, rid, error):
    good = {"id": "ok", "text": "I'm sorry, I'll fix it now."}
    out = hotseat("--jsonl", "-", stdin=jsonl([good, line, good]))
    assert out.returncode == 1
    first, bad, last = outputs(out)
    assert set(first) == KEYS and set(last) == KEYS
    assert bad["id"] == rid and error in bad["error"]
    assert set(bad) == {"id", "error"}
    assert "Traceback" not in out.stderr


def test_jsonl_text_of_exactly_10000_characters_is_scored():
    out = hotseat("--jsonl", "-", stdin=jsonl([{"id": 1, "text": "sorry " * 1666 + "abcd"}]))
    assert out.returncode == 0 and "scores" in outputs(out)[0]


def test_jsonl_skips_blank_lines_and_accepts_a_bom():
    out = hotseat("--jsonl", "-", stdin="\ufeff" + jsonl([{"id": 1, "text": "hi"}]) + "\n  \n")
    assert out.returncode == 0
    assert [o["id"] for o in outputs(out)] == [1]


def test_jsonl_a_line_that_is_not_utf8_is_an_error_line(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"id": 1, "text": "caf\xe9"}\n{"id": 2, "text": "hi"}\n')
    out = hotseat("--jsonl", str(path))
    assert out.returncode == 1
    bad, good = outputs(out)
    assert "UTF-8" in bad["error"] and good["id"] == 2


def test_jsonl_missing_file_is_one_line():
    out = hotseat("--jsonl", "/no/such/file.jsonl")
    assert out.returncode == 2 and out.stderr.startswith("hotseat: cannot read")


def test_jsonl_streams_a_line_out_per_line_in():
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulator", "score", "--jsonl", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        for i in range(3):
            proc.stdin.write(json.dumps({"id": i, "text": "I'm sorry."}) + "\n")
            proc.stdin.flush()
            # The answer comes before the next line is sent (and before EOF).
            assert json.loads(proc.stdout.readline())["id"] == i
    finally:
        proc.stdin.close()
        proc.wait(30)
    assert proc.returncode == 0


def test_jsonl_llm_judge_unreachable_falls_back_to_rules(closed_port_url):
    out = hotseat(
        "--jsonl",
        "-",
        "--judge",
        "llm",
        "--base-url",
        closed_port_url,
        "--model",
        "m",
        "--timeout",
        "2",
        stdin=jsonl([{"id": 1, "text": BLAMING}]),
    )
    assert out.returncode == 0, out.stderr
    (got,) = outputs(out)
    assert got["scores"]["blame"] >= 0.5
    assert got["note"] == "LLM judge unavailable (unreachable); scored by rules"


# ---------------------------------------------------------------------- eval


@pytest.mark.skipif(not DEV_SET.exists(), reason="the shared dev set is not on this machine")
def test_eval_prints_precision_recall_f1_and_macro_f1():
    out = hotseat("--eval", str(DEV_SET))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].split()[:4] == ["dimension", "precision", "recall", "f1"]
    rows = {line.split()[0]: line.split() for line in lines[1:6]}
    assert set(rows) == DIMS | {"macro-F1"}
    assert all(0 <= float(rows[d][3]) <= 1 for d in DIMS)
    # the figure the model card records for the shipped judge, to the digit
    recorded = json.loads((MODEL_DIR / "bakeoff.json").read_text())["model+rules"]
    assert float(rows["macro-F1"][1]) == pytest.approx(
        recorded["shared dev-set (100)"]["macro_f1"], abs=0.001
    )


def test_eval_on_a_small_labelled_file(tmp_path):
    path = tmp_path / "labelled.jsonl"
    rows = [
        {"id": "x1", "customer": "", "text": "You should have read the manual.",
         "labels": {"empathy": 0, "ownership": 0, "blame": 1, "policy_hiding": 0}},
        {"id": "x2", "customer": "", "text": "I'm so sorry. I'll replace it today.",
         "labels": {"empathy": 1, "ownership": 1, "blame": 0, "policy_hiding": 0}},
    ]  # fmt: skip
    path.write_text(jsonl(rows))
    out = hotseat("--eval", str(path))
    assert out.returncode == 0
    blame = next(line for line in out.stdout.splitlines() if line.startswith("blame"))
    assert blame.split()[1:4] == ["1.000", "1.000", "1.000"]


def test_eval_missing_file_is_one_line():
    out = hotseat("--eval", "/no/such/labels.jsonl")
    assert out.returncode == 2 and out.stderr.startswith("hotseat: cannot read")


def test_explain_shows_probabilities_sentences_and_rules():
    text = "I'm sorry. Our policy is clear, there is nothing I can do. Please call billing."
    out = hotseat(text, "--explain")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].split() == ["dimension", "prob", "thresh", "value"]
    assert {line.split()[0] for line in lines[1:5]} == DIMS
    assert "sentences and clauses" in out.stdout
    assert '"Our policy is clear, there is nothing I can do."' in out.stdout
    assert "rules that fired:" in out.stdout and "policy_hiding" in out.stdout
    as_json = hotseat(text, "--explain", "--json")
    data = json.loads(as_json.stdout)
    assert set(data) == {"scores", "probabilities", "thresholds", "segments", "rules", "judge"}
    assert data["segments"][0]["text"] == "I'm sorry."


def test_explain_needs_text_and_the_model_judge():
    out = hotseat("--explain", "--jsonl", "-")
    assert out.returncode == 2 and "--explain goes with TEXT" in out.stderr
    out = hotseat("hello", "--explain", "--judge", "rules")
    assert out.returncode == 2 and out.stderr.count("\n") == 1


def test_rules_judge_is_still_there():
    out = hotseat("You should have read the manual.", "--judge", "rules")
    assert out.returncode == 0 and "judge: rules" in out.stdout

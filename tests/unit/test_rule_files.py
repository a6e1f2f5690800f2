"""The rule files: validated format, FILE:LINE:COL errors, and every rule's examples."""

from __future__ import annotations

import shutil

import pytest

from scoring.lexicon import DATA_DIR
from scoring.rulefile import RuleFileError, load_rule_file
from scoring.rules import rule_scorer

DIMENSION_FILES = ["empathy", "ownership", "blame", "policy_hiding"]


def _examples():
    for dim in DIMENSION_FILES:
        spec = load_rule_file(DATA_DIR / f"{dim}.yaml")
        for rule in spec.rules:
            yield pytest.param(rule.id, rule.examples, id=f"{dim}:{rule.id}")


@pytest.mark.parametrize(("rule_id", "examples"), list(_examples()))
def test_every_rule_fires_on_its_examples_and_not_on_its_near_misses(rule_id, examples):
    scorer = rule_scorer()
    for text in examples.match:
        assert scorer.fires(rule_id, text), f"{rule_id} should fire on {text!r}"
    for text in examples.no_match:
        assert not scorer.fires(rule_id, text), f"{rule_id} should not fire on {text!r}"


def test_patterns_are_lists_and_rule_ids_unique():
    seen = set()
    for dim in DIMENSION_FILES:
        spec = load_rule_file(DATA_DIR / f"{dim}.yaml")
        for rule in spec.rules:
            assert isinstance(rule.pattern, list) and rule.pattern
            assert rule.id not in seen, rule.id
            seen.add(rule.id)


def _broken_copy(tmp_path, old: str, new: str):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    path = target / "empathy.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return path, text.replace(old, new, 1)


def test_an_unknown_key_names_file_line_column_and_a_fix(tmp_path):
    path, text = _broken_copy(tmp_path, "    kind: anti\n", "    kindd: anti\n")
    line = text.splitlines().index("    kindd: anti") + 1
    with pytest.raises(RuleFileError) as err:
        load_rule_file(path)
    message = str(err.value)
    assert message.startswith(f"{path}:{line}:5: unknown key 'kindd'")
    assert "did you mean 'kind'?" in message


def test_a_rule_without_examples_is_refused(tmp_path):
    path, _text = _broken_copy(
        tmp_path, "    examples:\n      match:\n", "    exampls:\n      match:\n"
    )
    with pytest.raises(RuleFileError, match="did you mean 'examples'"):
        load_rule_file(path)


def test_a_pattern_that_is_not_a_list_is_refused(tmp_path):
    path, _text = _broken_copy(
        tmp_path, "    pattern:\n      - ", "    pattern: 'x'\n    other:\n      - "
    )
    with pytest.raises(RuleFileError) as err:
        load_rule_file(path)
    assert "pattern" in str(err.value)


def test_yes_and_no_stay_words_in_exclude_lists():
    # YAML reads a bare Yes/No as true/false; the files quote them and the model
    # refuses booleans where words are expected
    spec = load_rule_file(DATA_DIR / "blame.yaml")
    for rule in spec.rules:
        assert all(isinstance(w, str) for w in rule.exclude)

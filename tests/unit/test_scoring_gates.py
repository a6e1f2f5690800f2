"""The speed machinery must never change a verdict: a branch skipped by the
literal gates must be one that cannot match, and trie-folded word lists must
match exactly what the plain alternations match."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from test_scoring_adversarial import CASES as ADVERSARIAL
from test_scoring_phenomena import CASES as PHENOMENA

from scoring.lexicon import gates_for, trie_pattern
from scoring.rules import _spans, _spans_fast, rule_scorer

ROOT = Path(__file__).parents[2]
LABELLED = [ROOT.parent / "shared/scoring/dev-set.jsonl", ROOT / "tests/data/heldout.jsonl"]


def _texts() -> list[str]:
    texts = [t for cases in PHENOMENA.values() for t, _ in cases]
    texts += [t for t, _ in ADVERSARIAL]
    for path in LABELLED:
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            texts += [json.loads(line)["text"] for line in lines if line.strip()]
    # run-on mixes of them, lowercased and without apostrophes, as chat replies are
    rng = random.Random(5)
    base = list(texts)
    for _ in range(400):
        mix = " ".join(rng.sample(base, rng.randint(2, 4)))
        texts.append(mix if rng.random() < 0.5 else mix.lower().replace("'", ""))
    return texts


@pytest.fixture(scope="module")
def scorer():
    return rule_scorer()


def test_gates_never_skip_a_branch_that_matches(scorer):
    gates = scorer.gates
    missed = []
    for text in _texts():
        doc = scorer.normalize(text)
        run = set(gates.candidates(doc.norm))
        for gid, (rule, branch) in enumerate(gates.table):
            if gid in run:
                continue
            if _spans(branch, doc.original if rule.on_original else doc.norm):
                missed.append((rule.dimension, rule.id, text))
    assert not missed, missed[:5]


def test_fast_matching_finds_the_same_spans(scorer):
    different = []
    for text in _texts():
        norm = scorer.normalize(text).norm
        for rule, branch in scorer.gates.table:
            if not rule.on_original and _spans_fast(branch, norm) != _spans(branch, norm):
                different.append((rule.id, text))
    assert not different, different[:5]


def test_gates_skip_most_branches(scorer):
    doc = scorer.normalize("I'm so sorry about the delay, I'll send a new one today.")
    assert len(scorer.gates.candidates(doc.norm)) < len(scorer.gates.table) / 4


def test_gate_literals_start_words():
    # "rry" could sit inside "sorry": it is no gate; "sorry" after \b is
    assert gates_for(r"(?:so|wo)rry") == ()
    assert ("sorry ",) in gates_for(r"\bsorry (?:about|for)\b")
    # "is" has no word boundary before it, so only the adjectives gate
    assert gates_for(r"is\s+(?:a |the )?(?:awful|bad)") == (("bad", "awful"),)


@pytest.mark.parametrize(
    "words",
    [
        ["send", "sent", "sending", "sends", "resend"],
        ["so", "so very", "sorry", "sort out", "t&cs", "a let-down", "at your wits' end"],
    ],
)
def test_trie_matches_like_the_alternation(words):
    plain = re.compile(r"\b(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")\b")
    trie = re.compile(r"\b(?:" + trie_pattern(words) + r")\b")
    text = " ".join(words) + " sen resen sorr so veryx t&c wits' end sort out. " + "x".join(words)
    assert [m.span() for m in plain.finditer(text)] == [m.span() for m in trie.finditer(text)]

"""The shipped judge against the corpus dev split and the shared dev set.

The figures the model card records (``scoring/model/bakeoff.json``, written by
``python -m scoring.training.bakeoff``) are the floor: a change that scores the
dev split worse fails here. The judge is deterministic, so the figure is
reproduced exactly; the small margin only absorbs float rounding across CPUs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scoring.corpus import CORPUS_DIR, corpus_file, load_corpus
from scoring.evaluate import evaluate
from scoring.judges import default_scorer
from scoring.learned import MODEL_DIR
from scoring.types import DIMENSIONS

SHARED_DEV = Path(__file__).parents[2].parent / "shared/scoring/dev-set.jsonl"
RECORDED = json.loads((MODEL_DIR / "bakeoff.json").read_text())["model+rules"]
MARGIN = 0.005


@pytest.fixture(scope="module")
def scorer():
    return default_scorer()


def test_corpus_dev_split_keeps_its_recorded_figure(scorer):
    report = evaluate(corpus_file("dev"), scorer)
    recorded = RECORDED["corpus dev split"]
    assert report.macro_f1 >= recorded["macro_f1"] - MARGIN, report.format_report()
    for dim in DIMENSIONS:
        assert report.f1[dim] >= recorded["f1"][dim] - MARGIN, dim


def test_shared_dev_set_keeps_its_recorded_figure(scorer):
    # The target is 0.92 (see the model card for where it stands); the
    # recorded figure is the floor, so nothing that lands makes it worse.
    if not SHARED_DEV.exists():
        pytest.skip(f"dev set not found at {SHARED_DEV}")
    report = evaluate(SHARED_DEV, scorer)
    recorded = RECORDED["shared dev-set (100)"]["macro_f1"]
    assert report.macro_f1 >= recorded - MARGIN, report.format_report()


def test_the_plain_check_set_keeps_its_recorded_figure(scorer):
    # plain replies in the seed stories' situations, never trained on
    report = evaluate(CORPUS_DIR / "checks" / "plain-stories.jsonl", scorer)
    recorded = RECORDED["plain check set (300)"]["macro_f1"]
    assert report.macro_f1 >= recorded - MARGIN, report.format_report()


def test_the_corpus_is_clean():
    rows = load_corpus(("train", "dev", "test"))
    assert len(rows) >= 4000
    assert sum(r["split"] == "test" for r in rows) >= 800
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    # no reply of the shared dev set is in the corpus
    if SHARED_DEV.exists():
        dev_texts = {
            json.loads(line)["text"].strip().lower()
            for line in SHARED_DEV.read_text().splitlines()
            if line.strip()
        }
        assert not dev_texts & {r["text"].strip().lower() for r in rows}
    for r in rows:
        assert set(r["labels"]) == set(DIMENSIONS)
        assert set(r["annotations"]) == {"a", "b"}
        disputed = [d for d in DIMENSIONS if r["annotations"]["a"][d] != r["annotations"]["b"][d]]
        assert sorted(disputed) == sorted(r["adjudicated"])


def test_no_test_case_or_check_set_reply_is_in_the_corpus():
    # a plain case the model trained on would test nothing; build_corpus drops such
    # replies, and this catches a test written after the corpus was built
    from scoring.training.build_corpus import _forbidden_texts, _key

    forbidden = _forbidden_texts()
    rows = load_corpus(("train", "dev", "test"))
    assert not [r["id"] for r in rows if _key(r["text"]) in forbidden]

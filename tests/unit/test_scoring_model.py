"""The learned judge: loading, faults, windows, odd input, determinism, evidence."""

from __future__ import annotations

import json
import shutil

import pytest

from scoring.learned import MODEL_DIR, ModelError, learned_scorer
from scoring.types import DIMENSIONS


@pytest.fixture(scope="module")
def scorer():
    return learned_scorer()


def _copy_model(tmp_path):
    target = tmp_path / "model"
    shutil.copytree(MODEL_DIR, target)
    return target


def test_shipped_model_is_small_and_verified():
    meta = json.loads((MODEL_DIR / "model.json").read_text())
    size = (MODEL_DIR / meta["file"]).stat().st_size
    assert size <= 40 * 1024 * 1024
    assert len(meta["sha256"]) == 64
    assert set(meta["thresholds"]) == set(DIMENSIONS)


def test_missing_model_file_is_one_line_with_the_fix(tmp_path):
    model = _copy_model(tmp_path)
    meta = json.loads((model / "model.json").read_text())
    (model / meta["file"]).unlink()
    with pytest.raises(ModelError) as err:
        learned_scorer(model)
    message = str(err.value)
    assert "\n" not in message
    assert meta["file"] in message and "missing" in message
    assert "--judge rules" in message and "reinstall" in message


def test_corrupt_model_file_is_refused(tmp_path):
    model = _copy_model(tmp_path)
    meta = json.loads((model / "model.json").read_text())
    with (model / meta["file"]).open("r+b") as fh:
        fh.seek(1000)
        fh.write(b"\x00" * 64)
    with pytest.raises(ModelError, match="corrupt"):
        learned_scorer(model)


def test_unloadable_model_file_is_one_line(tmp_path):
    model = _copy_model(tmp_path)
    meta = json.loads((model / "model.json").read_text())
    (model / meta["file"]).write_bytes(b"not an onnx model")
    meta["sha256"] = __import__("hashlib").sha256(b"not an onnx model").hexdigest()
    (model / "model.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError) as err:
        learned_scorer(model)
    assert "cannot load" in str(err.value) and "\n" not in str(err.value)


def test_missing_model_json_names_the_file(tmp_path):
    model = _copy_model(tmp_path)
    (model / "model.json").unlink()
    with pytest.raises(ModelError, match=r"model\.json"):
        learned_scorer(model)


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_empty_reply_scores_nothing_present(scorer, text):
    result = scorer.score(text)
    assert all(not result.present(d) for d in DIMENSIONS)
    assert result.evidence == []


@pytest.mark.parametrize(
    "text",
    [
        "🙏🙏🙏",
        "😡 not my problem 😡",
        "申し訳ございません。すぐに返金いたします。",
        "Извините, я сейчас всё исправлю.",
        "ok 👍 refunded",
        "\u200b\u200b",
    ],
)
def test_emoji_and_other_scripts_score_without_error(scorer, text):
    result = scorer.score(text, customer="where is my money 😤")
    for d in DIMENSIONS:
        assert 0.0 <= result.value(d) <= 1.0
    for ev in result.evidence:
        assert text[ev.start : ev.end] == ev.text


def test_same_input_same_scores(scorer):
    text = "I'm so sorry, that's our mistake. I've refunded the $40 and emailed you the receipt."
    first = scorer.score(text, customer="You charged me twice!").values()
    for _ in range(3):
        assert scorer.score(text, customer="You charged me twice!").values() == first


def test_batch_and_single_agree(scorer):
    texts = [
        "Not my department, call the bank.",
        "I've booked the engineer for Tuesday at 9 and I'll ring you on Monday to confirm.",
        "Our policy is very clear, there is nothing I can do.",
    ]
    batch = scorer.score_many(texts, customers=["help"] * 3)
    for text, res in zip(texts, batch, strict=True):
        single = scorer.score(text, customer="help")
        for d in DIMENSIONS:
            assert res.value(d) == pytest.approx(single.value(d), abs=0.002)


def test_long_reply_is_scored_in_windows(scorer):
    filler = "We have received your message and the details are on file. " * 40
    blame = "Honestly this is your own fault, you should have read the instructions."
    long_text = filler + blame
    assert len(scorer.model.encoder.windows(scorer.model.encoder._ids([long_text])[0])) > 1
    result = scorer.score(long_text)
    assert result.present("blame"), result.values()
    assert scorer.score(long_text).values() == result.values()
    # the evidence points into the last window, at the blaming words
    spans = [e for e in result.evidence if e.dimension == "blame"]
    assert spans and all(long_text[e.start : e.end] == e.text for e in spans)
    assert any("fault" in e.text or "instructions" in e.text for e in spans)


def test_present_dimensions_cite_their_words(scorer):
    text = (
        "Ugh, three trips for one parcel is a lot, I'm sorry. "
        "I've reordered it on express at our cost and it arrives Thursday."
    )
    result = scorer.score(text, customer="Third time I've come in for this parcel!")
    assert result.present("empathy") and result.present("ownership")
    for dim in ("empathy", "ownership"):
        spans = [e for e in result.evidence if e.dimension == dim]
        assert spans, dim
        for e in spans:
            assert text[e.start : e.end] == e.text and len(e.text) < len(text)


def test_explain_lists_probabilities_segments_and_rules(scorer):
    text = "I'm sorry. Our policy is clear, there is nothing I can do. Please call billing."
    ex = scorer.explain(text, customer="Why was I charged twice?")
    data = ex.to_dict()
    assert set(data["probabilities"]) == set(DIMENSIONS)
    assert [s["text"] for s in data["segments"]][:3] == [
        "I'm sorry.",
        "Our policy is clear, there is nothing I can do.",
        "Please call billing.",
    ]
    assert any(r["dimension"] == "policy_hiding" for r in data["rules"])
    assert data["judge"].startswith("model:")

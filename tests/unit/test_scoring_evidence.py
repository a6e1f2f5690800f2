"""Evidence spans, tips, scenario cues and robustness of the rule scorer."""

from __future__ import annotations

import pytest

from scoring import Cues, ReplyScore
from scoring.rules import rule_scorer, score_reply
from scoring.text import Normalizer
from scoring.types import DIMENSIONS


@pytest.fixture(scope="module")
def scorer():
    return rule_scorer()


def _check_spans(text: str, result: ReplyScore) -> None:
    for d in DIMENSIONS:
        for ev in result.scores[d].evidence:
            assert ev.dimension == d
            assert 0 <= ev.start < ev.end <= len(text)
            assert text[ev.start : ev.end] == ev.text


SPAN_TEXTS = [
    "I'm so sorry, that's really frustrating. I'll send a replacement today.",
    "I’m so sorry, that’s really frustrating. I’ll send a replacement today.",
    "sry bout that, ill send a new one 2day, u wont need to send it back",
    "You should've read the manual. Rules are rules and I can't help.",
    "Dave made that mistake, not me — talk to billing.",
    "We apologise for any inconvenience caused. Someone will look into it.",
    "Café order: the système won’t let me refund it, I’m not authorised.",
    "İstanbul store: I'm sorry, I've refunded you. ß and ﬁ ligatures too.",
    "Our policy is to make it right, so I'll replace it 🙂 right now!",
]


@pytest.mark.parametrize("text", SPAN_TEXTS)
def test_evidence_spans_are_exact(scorer, text):
    _check_spans(text, scorer.score(text))


def test_span_offsets_point_at_phrase(scorer):
    text = "Honestly? You shouldn’t have bought the wrong size. The system won’t let me swap it."
    r = scorer.score(text)
    blame = r.scores["blame"].evidence
    assert blame and "bought the wrong size" not in text[: blame[0].start]
    assert any("You" in e.text and "have" in e.text for e in blame)
    policy = r.scores["policy_hiding"].evidence
    assert any(e.text.startswith("system won’t") or "won’t let me" in e.text for e in policy)
    _check_spans(text, r)


def test_contraction_span_covers_original_token(scorer):
    text = "We can't, the computer won't let me."
    r = scorer.score(text)
    ev = r.scores["policy_hiding"].evidence
    assert ev and all(text[e.start : e.end] == e.text for e in ev)
    assert any("won't let me" in e.text for e in ev)


def test_normalizer_offset_map_roundtrip():
    norm = rule_scorer().normalize
    assert isinstance(norm, Normalizer)
    text = "sry, u can't keep ur receipt"
    doc = norm(text)
    assert doc.norm == "sorry, you can not keep your receipt"
    i = doc.norm.index("can not")
    s, e = doc.to_original(i, i + len("can not"))
    assert text[s:e] == "can't"
    j = doc.norm.index("your receipt")
    s, e = doc.to_original(j, j + len("your receipt"))
    assert text[s:e] == "ur receipt"


def test_tip_for_blame_quotes_phrase(scorer):
    r = scorer.score("You should have checked the size before ordering.")
    tip = r.scores["blame"].tip
    assert tip and "You should have checked" in tip


def test_tip_for_policy_quotes_phrase(scorer):
    r = scorer.score("Sorry, my hands are tied.")
    tip = r.scores["policy_hiding"].tip
    assert tip and "hands are tied" in tip
    assert "What I can do" in tip or "what you can do" in tip.lower()


def test_tip_for_pseudo_empathy_quotes_phrase(scorer):
    r = scorer.score("Sorry you feel that way.")
    s = r.scores["empathy"]
    assert not s.present
    assert s.tip and "Sorry you feel that way" in s.tip
    assert s.evidence and s.evidence[0].text.startswith("Sorry you feel")


def test_tip_for_fake_ownership_quotes_phrase(scorer):
    r = scorer.score("You'll need to call the manufacturer about that.")
    s = r.scores["ownership"]
    assert not s.present
    assert s.tip and "call the manufacturer" in s.tip


def test_generic_tips_when_nothing_to_quote(scorer):
    r = scorer.score("What's your order number?")
    assert r.scores["empathy"].tip
    assert r.scores["ownership"].tip
    assert r.scores["blame"].tip is None
    assert r.scores["policy_hiding"].tip is None
    assert len(r.all_tips()) == 2


def test_no_tips_for_good_reply(scorer):
    r = scorer.score("I'm so sorry, that was our mistake. I've refunded you in full just now.")
    assert r.all_tips() == []
    assert r.points >= 90
    assert r.judge == "rules"


def test_explanations_present(scorer):
    r = scorer.score("I'm so sorry. The system won't let me refund it.")
    for d in DIMENSIONS:
        assert r.scores[d].explanation


def test_cues_add_policy_hiding_evidence(scorer):
    cues = Cues(policy_hiding=(r"we don'?t (sell|carry) tires",))
    text = "We're a clothing store. We don't sell tires."
    assert not scorer.score(text).present("policy_hiding")
    r = scorer.score(text, cues=cues)
    assert r.present("policy_hiding")
    ev = r.scores["policy_hiding"].evidence
    assert any(e.text == "We don't sell tires" for e in ev)
    _check_spans(text, r)


def test_cues_match_curly_and_chat_spelling(scorer):
    cues = Cues(policy_hiding=(r"we do not sell tires",))
    text = "Sorry, we dont sell tires here."
    r = scorer.score(text, cues=cues)
    assert r.present("policy_hiding")
    _check_spans(text, r)


def test_policy_cue_set_aside_does_not_count(scorer):
    cues = Cues(policy_hiding=(r"we don'?t (sell|carry) tires",))
    text = "We don't carry tires, but I'll still refund what you paid right now."
    r = scorer.score(text, cues=cues)
    assert not r.present("policy_hiding")
    assert r.present("ownership")


def test_cues_for_positive_dimension(scorer):
    cues = Cues(ownership=(r"ring (them|it) up",))
    r = scorer.score("Bring them over and we'll ring them up.", cues=cues)
    assert r.present("ownership")


def test_bad_cue_regex_is_treated_literally(scorer):
    r = scorer.score("we don't sell (tires", cues=Cues(policy_hiding=("(tires",)))
    assert r.present("policy_hiding")


@pytest.mark.parametrize("text", ["", " ", "\n\n", "...", "?", "😀", "ok", "a" * 5])
def test_empty_ish_input(scorer, text):
    r = scorer.score(text)
    assert set(r.values()) == set(DIMENSIONS) or set(r.values()) <= set(DIMENSIONS)
    assert all(0.0 <= v <= 1.0 for v in r.values().values())
    assert not r.present("blame") and not r.present("policy_hiding")
    _check_spans(text, r)


def test_very_long_input(scorer):
    text = (
        "I'm sorry about the wait. Our policy is 30 days so I can't refund it. "
        "You should have kept the box. I'll send a new one today. "
    ) * 600
    r = scorer.score(text)
    assert all(r.present(d) for d in DIMENSIONS)
    _check_spans(text, r)


def test_non_string_input_does_not_crash(scorer):
    assert scorer.score(None).values()["blame"] == 0.0  # type: ignore[arg-type]


def test_score_reply_convenience_and_to_dict():
    r = score_reply("That's billing's problem, not mine.", customer="Why was I charged twice?")
    assert r.present("blame")
    d = r.to_dict()
    assert d["judge"] == "rules" and d["evidence"] and d["tips"]


def test_custom_lexicon_dir(tmp_path):
    import shutil

    from scoring.lexicon import DATA_DIR

    for f in DATA_DIR.glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    scorer = rule_scorer(tmp_path)
    assert scorer is not rule_scorer()
    assert scorer.score("Rules are rules.").present("policy_hiding")

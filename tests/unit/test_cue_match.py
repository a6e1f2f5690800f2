"""Example cues: matched by meaning with the shipped encoder, never by keywords alone."""

from __future__ import annotations

import pytest

from scoring.sentence_encoder import plain_words
from simulator import cue_match
from simulator.clauses import ASKS, DOES, REPORTS, TAKEN_BACK, negated, units
from simulator.cue_match import CueMatcher, matcher_id
from simulator.loader import load_library
from simulator.models import Scenario

CALL = {
    "examples": [
        "I'll give you a call",
        "Can I phone you?",
        "Shall I ring you so we can do it together?",
        "Let's sort this out on the phone",
    ],
    "not": ["I can't call you", "Please call our helpline"],
}
REFUSES = {"examples": ["I can't refund that", "We won't be able to give your money back"]}


def scenario(**cues) -> Scenario:
    return Scenario.model_validate(
        {
            "id": "cue-test",
            "title": "Cue test",
            "source": "tests",
            "situation": "Chat.",
            "opening": "I still can't get on the Wi-Fi.",
            "customer": {
                "name": "Pat",
                "wants": "to get online",
                "facts": [
                    {"about": ["paid", "How much did they cost you?"], "say": "Ninety."},
                    {"about": ["When did you buy it?"], "say": "In May."},
                ],
            },
            "states": {
                "start": {"lines": ["Hm."], "rules": [{"when": list(cues) or ["any"], "mood": 5}]}
            },
            "cues": cues,
        }
    )


@pytest.fixture(scope="module")
def matcher() -> CueMatcher:
    return CueMatcher(
        scenario(
            offers_call=CALL,
            refuses=REFUSES,
            mentions_price={"patterns": [r"\$?180"]},
            refund_amount={"examples": ["I'll refund you today"], "patterns": [r"\$180"]},
        )
    )


@pytest.fixture(scope="module")
def library():
    return load_library()


def cues_of(library, sid: str) -> CueMatcher:
    return CueMatcher(library.get(sid).scenario)


@pytest.mark.parametrize(
    "reply",
    [
        "Shall I just give you a quick ring instead, and we'll do it together?",
        "ok ill ring u in 5",
        "Would it help if we talked it through on the phone?",
        "I'm sorry this is so fiddly. Let me call you now and we'll do it step by step.",
        "How about I give you a quick call and we do it together?",
        "can ring u tmrw if thats easier",
    ],
)
def test_the_chat_storys_call_offer_matches_in_its_paraphrases(library, reply):
    assert "offers_call" in cues_of(library, "chat-not-getting-it").matches(reply)


@pytest.mark.parametrize(
    "reply",
    [
        "Sorry, I'm not able to phone you from here.",
        "Unfortunately chat agents can't make outbound calls.",
        "If you had told us earlier, I could have rung you back.",
        "Please read the help article I sent.",
        "I will refund your money today.",
    ],
)
def test_a_refusal_or_another_act_is_not_an_offer_to_call(library, reply):
    assert "offers_call" not in cues_of(library, "chat-not-getting-it").matches(reply)


@pytest.mark.parametrize(
    "reply",
    [
        "I'm sorry about the double charge.",
        "So sorry for the wait and the double charge!",
        "I understand how frustrating the double charge is.",
        "That double charge must be so annoying.",
        "I hear you about the double charge.",
        "I can refund the duplicate - I think, I'm not 100% sure I have access yet, let me just see.",
        "I'll need to put you through to billing, they're the only team that can reverse a charge.",
        "Reversals normally post within two billing days.",
        "Refunds usually take three to five days to show on a card.",
    ],
)
def test_an_apology_sympathy_or_a_hedge_is_not_the_refund(library, reply):
    # an apology or sympathy that names the charge earned the refund's +30 mood before;
    # so did explaining how refunds usually go
    assert "refund" not in cues_of(library, "hold-and-three-transfers").matches(reply)


def test_an_apology_with_the_act_still_matches(library):
    reply = "I'm sorry about the double charge. I've refunded the second $64.99 just now."
    assert "refund" in cues_of(library, "hold-and-three-transfers").matches(reply)


def test_the_tire_storys_refund_is_the_act_not_the_word(library):
    tires = cues_of(library, "tires-never-sold")
    assert "offers_refund" in tires.matches("I'll return every cent to your card today.")
    assert "offers_refund" not in tires.matches("We're not going to refund tires we never sold.")


@pytest.mark.parametrize(
    "reply",
    [
        "Shall I just give you a quick ring instead, and we'll do it together?",
        "ok ill ring u in 5",
    ],
)
def test_a_trainers_own_examples_match_paraphrases(matcher, reply):
    assert "offers_call" in matcher.matches(reply)


def test_a_cue_of_refusals_matches_refusals_only(matcher):
    assert "refuses" in matcher.matches("Sorry, I'm unable to give you a refund on that.")
    assert "refuses" not in matcher.matches("I'll refund you right now.")


def test_a_clause_of_a_mixed_sentence_can_match():
    m = CueMatcher(
        scenario(refunds={"examples": ["I'll refund you", "you'll get your money back"]})
    )
    assert "refunds" in m.matches("I can't change the system, but I'll refund you right now.")
    assert "refunds" not in m.matches("If you'd kept the receipt, I could refund you.")


def test_patterns_alone_match_as_before_and_mixed_patterns_obey_polarity(matcher):
    assert "mentions_price" in matcher.matches("That's $180, I'm afraid we can't.")
    assert "refund_amount" in matcher.matches("The $180 is going back on your card.")
    assert "refund_amount" not in matcher.matches("We can't give back the $180.")


def test_check_says_why_with_the_nearest_example_and_near_miss(matcher):
    checks = matcher.check("Sorry, I'm not able to phone you from here.")
    call = checks["offers_call"]
    assert not call.matched
    assert "is negated" in call.why and call.text == "I'm not able to phone you from here"
    hit = matcher.check("Can I give you a ring?")["offers_call"]
    assert hit.matched and hit.by == "example"
    assert hit.nearest in CALL["examples"] and hit.similarity >= hit.threshold
    assert hit.near_miss in CALL["not"]


def test_the_same_reply_always_gives_the_same_signals(matcher):
    reply = "Shall I ring you? I can't do the refund from chat, sorry."
    first = matcher.check(reply)
    CueMatcher(matcher.scenario).check("something else entirely, to fill the cache")
    assert matcher.check(reply) == first


def test_empty_emoji_and_other_scripts_are_handled(matcher):
    assert matcher.matches("") == frozenset()
    assert matcher.matches("   ") == frozenset()
    assert "offers_call" not in matcher.matches("🙂🙂🙂")
    assert isinstance(matcher.matches("電話しますね"), frozenset)


def test_example_questions_reveal_facts_by_meaning(matcher):
    assert matcher.facts_asked("How much did you pay for them?") == {0}
    assert matcher.facts_asked("When did you get it?") == {1}
    assert matcher.facts_asked("I'll call you now.") == set()


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        (
            "pls hold 2 mins w/ my supervisor -> ty ✅",
            "please hold 2 mins with my supervisor then thank you",
        ),
        (
            "reprint -> overnight, in ur hands tmrw 🚚",
            "reprint then overnight, in your hands tomorrow",
        ),
        ("towels + new table + the bill's on us", "towels and new table and the bill's on us"),
        ("I can't refund it", "i can't refund it"),
    ],
)
def test_the_encoder_reads_phone_typing_as_the_words_meant(typed, read):
    assert plain_words(typed) == read


def test_units_cut_sentences_and_clauses_and_keep_conditions():
    parts = units("If you'd kept the receipt, I could refund you. I'll call you, ok?")
    texts = [u.text for u in parts]
    assert "I could refund you" in texts and "I'll call you" in texts
    held = next(u for u in parts if u.text == "I could refund you")
    assert held.negated  # the sentence's "if you'd..." holds for its clauses
    assert not next(u for u in parts if u.text == "I'll call you").negated


def test_a_condition_joined_on_with_and_holds_only_what_it_joins():
    kinds = {
        u.text: u.negated
        for u in units(
            "I'm shipping a replacement today, and once you send the old one back we'll recycle it."
        )
    }
    assert kinds == {
        "I'm shipping a replacement today": False,
        "and once you send the old one back we'll recycle it": True,
    }
    # "but only if" still holds the act before it
    held = units("I'll refund it, but only if you bring the receipt.")
    assert all(u.negated for u in held)
    # the act held until the customer's item reaches us
    assert units("Once we receive the original, we'll ship the replacement.")[-1].negated


def test_what_i_can_do_is_an_offer_even_before_a_question():
    first = units("What I can do is refund them right now, cash or card?")[0]
    assert first.text == "What I can do is refund them right now"
    assert first.mode == DOES


def test_a_condition_that_opens_a_sentence_holds_what_follows_it():
    # the agent must first find the sale, or the customer must first buy
    for text, act in [
        (
            "If I can find it, I'll refund it to that card today.",
            "I'll refund it to that card today",
        ),
        (
            "Let me scan it — if it shows as sold here, you'll get a full refund.",
            "you'll get a full refund",
        ),
        ("If you open a store card today, I can give you 15% off.", "I can give you 15% off"),
    ]:
        assert next(u for u in units(text) if u.text == act).negated, text
    # the search itself is offered, and a plain wish of the customer's holds nothing
    assert not units("Let me scan it — if it shows as sold here, you'll get a refund.")[0].negated
    assert not next(
        u for u in units("If you want, I can call you.") if u.text == "I can call you"
    ).negated


def test_an_act_taken_back_as_it_is_said_is_not_done():
    def kinds(text: str) -> dict[str, bool]:
        return {u.text: u.mode == TAKEN_BACK for u in units(text)}

    # cut off mid-word, or "no, wait": what comes before the marker is taken back
    assert kinds("I'll refund th- wait. We don't sell tires.")["I'll refund th- wait"]
    said = kinds("I can give you your money back - no, wait, I'll check the sale first.")
    assert said["I can give you your money back"]
    assert not said["I'll check the sale first"]
    # "forget that line" takes back the sentence before it, not the one it opens
    said = kinds("Billing will reach out in 3-5 days. Actually, forget that, I'll ring you at 4.")
    assert said["Billing will reach out in 3-5 days"]
    assert not said["I'll ring you at 4"]
    # meant to, and did not
    assert negated("I was going to refund it")
    # a pause that opens a sentence, or the customer waiting, takes nothing back
    assert not any(kinds("I'll refund it. Hang on, let me get the form.").values())
    assert not any(kinds("We'll fix the name while you wait.").values())
    assert not any(kinds("Recap: a new frame goes out today. Ignore that UPS tag.").values())


def test_what_was_said_before_is_reported_not_done():
    def kinds(text: str) -> dict[str, int]:
        return {u.text: u.mode for u in units(text)}

    said = kinds("I told you someone would ring you on Monday, and that was wrong of me.")
    assert said["I told you someone would ring you on Monday"] == REPORTS
    assert kinds("When I said free, I meant the postage.")["When I said free"] == REPORTS
    # the customer's request said back is not the act
    assert kinds("So you want the charge removed?") == {"So you want the charge removed?": REPORTS}
    assert kinds("You were promised a refund last week.") == {
        "You were promised a refund last week": REPORTS
    }
    # said again is said now, and an act done through a colleague is done
    assert kinds("As I said, we'll refund it today.")["we'll refund it today"] == DOES
    assert kinds("I asked billing to refund it.") == {"I asked billing to refund it": DOES}
    assert kinds("I told the kitchen to redo it.") == {"I told the kitchen to redo it": DOES}


def test_a_request_reported_from_earlier_is_not_made_again(library):
    receipt = cues_of(library, "tires-never-sold")
    assert "asks_receipt" in receipt.matches("Could you bring me the receipt?")
    assert "asks_receipt" not in receipt.matches(
        "I know I asked you for a receipt earlier; we have never sold tires here."
    )


def test_a_clause_of_figures_alone_names_no_act():
    # "$249.99" alone is as near "a voucher for $249.99" as its amount makes it;
    # an amount is a pattern's job
    voucher = CueMatcher(scenario(voucher={"examples": ["I can do you a voucher for $249.99"]}))
    assert "voucher" in voucher.matches("I'll do you a voucher for the full $249.99.")
    assert "voucher" not in voucher.matches("The refund is back on your Visa. $249.99.")


def test_the_rest_of_an_offer_put_as_a_question_is_part_of_the_offer():
    kinds = {
        u.text: u.mode for u in units("Why don't I send a new one today, and you keep the old one?")
    }
    assert set(kinds.values()) == {DOES}
    # a tag question after a statement still asks
    kinds = {u.text: u.mode for u in units("I'll ring you in two minutes, is that ok?")}
    assert kinds == {"I'll ring you in two minutes": DOES, "is that ok?": ASKS}


@pytest.mark.parametrize(
    ("text", "turned_down"),
    [
        ("I can't call you", True),
        ("I cant call u", True),
        ("a manager might be able to refund it", True),
        ("once you send the frame back we'll ship a new one", True),
        # a wish, not an offer: the act is out of reach as it is said
        ("I'd swap it if I could", True),
        ("I'd have loved to send you a little something back", True),
        # a price put on the act: a sale, not the act
        ("I'll refund them if you sign up for our store card", True),
        ("I can take the $89 off if you renew your contract for 12 months", True),
        ("I can refund the charge, but only if you renew", True),
        ("I can swap it if you pay the difference", True),
        ("I'll walk you through it, that's part of our Premium Support plan", True),
        # held until someone else decides
        ("the refund has been requested and is pending approval from billing", True),
        ("if I could just grab your number, I'll ring you back", False),
        ("I'll give you a gift card for the full price", False),
        ("no problem, I'll call you", False),
        ("it's no charge to you", False),
        # an offer put as a question, and a purpose that keeps something off the customer
        ("why don't I just send a new one out today?", False),
        ("can I book the engineer now so you're not left chasing anyone?", False),
        ("I'll ring you at 4 so you don't have to wait on hold", False),
        ("I'll call you", False),
    ],
)
def test_negated(text, turned_down):
    assert negated(text) is turned_down


def test_the_matcher_is_recorded_with_the_round():
    plain = scenario(plain={"patterns": ["x"]}).model_copy(
        update={"customer": scenario().customer.model_copy(update={"facts": []})}
    )
    assert matcher_id(plain) == "patterns"
    assert matcher_id(scenario(offers_call=CALL)) == "encoder 1, threshold 0.48, delights 0.60"


def test_a_missing_or_corrupt_encoder_is_one_line_naming_the_file_and_the_fix(tmp_path):
    import shutil

    from scoring.learned import MODEL_DIR, ModelError
    from scoring.sentence_encoder import EncoderInfo, SentenceEncoder

    for name in ("encoder.json", "tokenizer.json"):
        shutil.copy(MODEL_DIR / name, tmp_path / name)
    info = EncoderInfo.read(tmp_path)
    with pytest.raises(ModelError) as missing:
        SentenceEncoder(info)
    (tmp_path / info.file).write_bytes(b"not a model")
    with pytest.raises(ModelError) as corrupt:
        SentenceEncoder(info)
    for err, what in ((missing, "is missing"), (corrupt, "is corrupt (SHA-256 mismatch)")):
        message = str(err.value)
        assert "\n" not in message and what in message and info.file in message
        assert "pip install --force-reinstall hotseat" in message


def test_cached_example_kinds_never_outlive_the_code_that_gave_them(matcher, monkeypatch):
    # the cache holds each example's kind beside its vector; a change to the
    # clause code must miss it, not read kinds the old code gave
    key = matcher._cache_key()
    monkeypatch.setattr(cue_match, "_KIND_CODE", "another version of simulator/clauses.py")
    assert matcher._cache_key() != key

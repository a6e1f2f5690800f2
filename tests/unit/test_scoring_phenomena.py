"""Phenomena the rule scorer must handle, on sentences written for these tests
(none are taken from the dev set). Each case: (reply, {dimension: expected})."""

from __future__ import annotations

import pytest

from scoring.rules import rule_scorer

E, O, B, P = "empathy", "ownership", "blame", "policy_hiding"  # noqa: E741

CASES: dict[str, list[tuple[str, dict[str, bool]]]] = {
    "negation": [
        ("None of this is your fault, and I'm fixing it now.", {B: False, O: True}),
        ("It isn't your fault the label peeled off.", {B: False}),
        ("This is not on you at all.", {B: False}),
        ("I'm not going to hide behind a policy here; I'll replace it.", {P: False, O: True}),
        ("I won't hide behind the rules on this one.", {P: False}),
        ("I won't make you go back to the store.", {O: True, P: False}),
        ("I'm not sending you away with nothing.", {B: False, P: False}),
        ("You did nothing wrong here.", {B: False}),
        ("I don't understand why you're upset about this.", {E: False}),
        ("I'm not sorry, that's just how it is.", {E: False}),
        ("You shouldn't have had to call three times.", {B: False, E: True}),
        ("I can't refund it and I won't be sending anything.", {O: False}),
        ("That wasn't our mistake.", {O: False}),
        ("No one should have to wait this long for a refund.", {E: True, B: False}),
    ],
    "who_is_it_about": [
        ("You should have read the sizing chart.", {B: True}),
        ("I should have caught that before it shipped.", {O: True, B: False}),
        ("We should have warned you about the fee.", {O: True, B: False}),
        ("You should have been told about the fee up front.", {B: False}),
        ("You must have dropped it on the way home.", {B: True}),
        ("You must be exhausted after all that.", {E: True, B: False}),
        ("You clearly didn't follow the setup guide.", {B: True}),
        ("If you had kept the box, this would be easier.", {B: True}),
        ("If you'd like, I can send the new one to your office.", {B: False, O: True}),
        ("That's your responsibility, not ours.", {B: True}),
        ("That's our responsibility, and I'll sort it.", {O: True, B: False}),
        ("You keep entering the wrong code, that's why it fails.", {B: True}),
        ("You missed the deadline by a week.", {B: True}),
    ],
    # What the customer had to go through, said with sympathy, is empathy:
    # "had to", "needed to", "didn't know" after "sorry"/"I hate that" blame nobody.
    "sympathy_not_blame": [
        ("I'm so sorry you had to do that.", {E: True, B: False}),
        ("Sorry you had to wait.", {E: True, B: False}),
        ("You shouldn't have had to call twice.", {E: True, B: False}),
        ("You should never have had to ask twice.", {E: True, B: False}),
        ("You should not have needed to call at all.", {E: True, B: False}),
        ("I hate that you had to come back in.", {E: True, B: False}),
        ("Sorry that you needed to call us again.", {E: True, B: False}),
        ("I'm sorry you had to read through all that fine print.", {E: True, B: False}),
        ("Really sorry you had to print the label yourself.", {E: True, B: False}),
        ("I wish you hadn't had to chase this.", {E: True, B: False}),
        ("Sorry if you had been waiting long.", {E: True, B: False}),
        ("I'm sorry you didn't know about the fee, nobody told you.", {E: True, B: False}),
        (
            "After you had to call three times, I'm not surprised you're fed up.",
            {E: True, B: False},
        ),
        ("You had to wait in line for an hour? That's awful.", {E: True, B: False}),
        ("That you had to check the tracking yourself is on us.", {B: False, O: True}),
        ("I hate that you were kept waiting.", {E: True, B: False}),
        ("It's a shame you ended up paying twice.", {E: True, B: False}),
        # the look-alikes that still blame
        ("Sorry, but you should have read the manual.", {B: True}),
        ("You needed to call us before returning it.", {B: True}),
        ("You had to have dropped it.", {B: True}),
        ("If you had been more careful it wouldn't have broken.", {B: True}),
    ],
    "policy_helpful_vs_hiding": [
        (
            "Our policy is to put things right, so I'm sending a new kettle today.",
            {P: False, O: True},
        ),
        ("Our policy says no refunds after 14 days.", {P: True}),
        ("Company policy doesn't allow exchanges on sale items.", {P: True}),
        ("That's against our policy, I'm afraid.", {P: True}),
        ("The returns policy covers this, so I'll process it now.", {P: False, O: True}),
        (
            "Technically the policy is 30 days, but I've made an exception and refunded you.",
            {P: False, O: True},
        ),
        ("Per our terms and conditions, opened software is final sale.", {P: True}),
        ("Under our guidelines I can't accept returns without tags.", {P: True}),
        ("Our procedure requires a photo before we can do anything.", {P: True}),
        (
            "Good news: the warranty terms cover accidental damage, so I've booked the repair.",
            {P: False, O: True},
        ),
    ],
    "refusal_without_policy_word": [
        ("The system won't let me issue a refund to a closed card.", {P: True}),
        ("I'm not authorised to approve that.", {P: True}),
        ("I'm not authorized to change the price.", {P: True}),
        ("My hands are tied on this one.", {P: True}),
        ("Rules are rules, sorry.", {P: True}),
        ("You'll need the original receipt per our terms.", {P: True}),
        ("Only a manager can approve a refund that size.", {P: True}),
        ("I'm not allowed to give discounts.", {P: True}),
        ("The computer won't accept a return after 30 days.", {P: True}),
        ("Gift cards can't be refunded once they are activated.", {P: True}),
        ("Sale items are non-refundable.", {P: True}),
        ("Without a receipt there's nothing I can process.", {P: True}),
        ("I don't have the authority to waive that fee.", {P: True}),
        ("I can't do that.", {P: False, O: False}),
        ("No, I won't refund that.", {P: False, O: False}),
    ],
    "ownership_without_i_will": [
        ("Consider it done.", {O: True}),
        ("It's already on its way to you.", {O: True}),
        ("I've reversed the charge.", {O: True}),
        ("What I can do for you is upgrade the shipping for free.", {O: True}),
        ("Let me rebook the technician for first thing tomorrow.", {O: True}),
        ("Leave it with me.", {O: True}),
        ("The late fee has been waived.", {O: True}),
        ("Your replacement ships tonight.", {O: True}),
        ("I'm refunding the difference right now.", {O: True}),
        ("We've credited your account with $20.", {O: True}),
        ("Give me a minute to pull up your order and cancel it.", {O: True}),
        ("You'll get the full refund back within two days.", {O: True}),
        ("You're all set, the booking is moved to Monday.", {O: True}),
        ("That's on me, I'll redo the order.", {O: True}),
        ("My mistake, the correct size is going out today.", {O: True}),
    ],
    "fake_ownership": [
        ("Someone will look into it.", {O: False}),
        ("Someone from the team will be in touch eventually.", {O: False}),
        ("Mistakes were made.", {O: False}),
        ("You'll need to call the manufacturer.", {O: False}),
        ("You will have to contact your bank about that.", {O: False}),
        ("Your complaint has been logged.", {O: False}),
        ("I've passed this on to the relevant department.", {O: False}),
        ("The matter will be reviewed in due course.", {O: False}),
        ("Please contact the courier directly.", {O: False}),
        ("There's nothing I can do.", {O: False}),
        ("Can I help you with anything else?", {O: False}),
    ],
    "pseudo_empathy": [
        ("Sorry you feel that way.", {E: False}),
        ("I'm sorry if you feel we let you down.", {E: False}),
        ("We apologise for any inconvenience.", {E: False}),
        ("We apologize for the inconvenience this may have caused.", {E: False}),
        ("Thanks for contacting us.", {E: False}),
        ("Thank you for your patience.", {E: False}),
        ("Noted.", {E: False}),
        ("Hello, how can I help?", {E: False}),
        ("Sorry, but that's not something we do.", {E: False}),
        ("We value your feedback.", {E: False}),
        ("These things happen.", {E: False}),
    ],
    "empathy_without_sorry": [
        ("Two trips for nothing, that's a wasted afternoon.", {E: True}),
        ("That sounds exhausting.", {E: True}),
        ("What a nightmare, on your wedding day of all days.", {E: True}),
        ("I can see why you'd be upset.", {E: True}),
        ("I understand your frustration, but the rules are the rules.", {E: True, P: True}),
        ("I'd be furious too.", {E: True}),
        ("You must be freezing out there.", {E: True}),
        ("That must have been so stressful.", {E: True}),
        ("I hear you, and you're right to push on this.", {E: True}),
        ("I can only imagine how annoying that was.", {E: True}),
        ("After three calls, you deserve a straight answer.", {E: True}),
        ("That's a fair complaint.", {E: True}),
        ("I get why you're annoyed.", {E: True}),
        ("Being left on hold for an hour is maddening.", {E: True}),
    ],
    "multi_sentence": [
        (
            "I'm so sorry about the mix-up. That was our error. A new order is going out today.",
            {E: True, O: True, B: False, P: False},
        ),
        (
            "Thanks for your message. Our policy is 30 days. I can't help further.",
            {E: False, O: False, P: True},
        ),
        (
            "That's really disappointing. The warehouse forgot to pack it. Nothing I can do.",
            {E: True, B: True, O: False},
        ),
        (
            "Hi. I checked your account. The fee was added in error, and I've removed it. "
            "Sorry for the hassle.",
            {E: True, O: True},
        ),
        (
            "I know it's been a long week for you. Let me take it from here and call you at 4pm.",
            {E: True, O: True},
        ),
    ],
    "chat_spelling": [
        ("sry about that, ill send a new one today", {E: True, O: True}),
        ("u shouldve read the instructions tbh", {B: True}),
        ("im not allowed to refund that", {P: True}),
        ("cant do refunds after 30 days, sorry", {P: True}),
        ("wont happen again, ive refunded u", {O: True}),
        ("thats ur problem not mine", {B: True}),
        ("pls dont worry, ive got it sorted", {O: True}),
        ("omg thats so frustrating, im sorry", {E: True}),
        ("we dont do that here, rules r rules", {P: True}),
        ("dont blame me, the courier lost it", {B: True}),
    ],
    "british_american": [
        ("I do apologise for the mix-up with your order.", {E: True}),
        ("I do apologize for the mix-up with your order.", {E: True}),
        ("I'm not authorised to issue refunds.", {P: True}),
        ("I'm not authorized to issue refunds.", {P: True}),
        ("Sorry, the system won't let me cancel a cheque payment.", {P: True}),
        ("I've cancelled the order and refunded you.", {O: True}),
        ("I've canceled the order and refunded you.", {O: True}),
        ("I realise this has been a right hassle for you.", {E: True}),
        ("Ring the courier yourself, it's their fault.", {B: True, O: False}),
        ("I'll ring you back within the hour with an update.", {O: True}),
    ],
    "blame_targets": [
        ("Dave made that mistake, not me.", {B: True}),
        ("The new guy entered the wrong address.", {B: True}),
        ("That's the kitchen's fault, not mine.", {B: True}),
        ("That's accounts' problem, talk to them.", {B: True}),
        ("Billing set that price, not us.", {B: True}),
        ("The courier damaged it, so take it up with them.", {B: True}),
        ("Our supplier keeps sending faulty units, nothing we can do.", {B: True}),
        ("The manufacturer is responsible for that defect.", {B: True}),
        ("The previous agent should have logged your call.", {B: True}),
        ("The night shift messed up your booking.", {B: True}),
        ("It's the bank's issue, not ours.", {B: True}),
    ],
    "cause_named_fix_owned": [
        ("Our courier dented the box; I'm sending a fresh one now.", {B: False, O: True}),
        (
            "The warehouse mislabeled it, and I've already shipped the right size.",
            {B: False, O: True},
        ),
        ("Our supplier changed the formula, so I've refunded you in full.", {B: False, O: True}),
        (
            "The driver forgot your parcel, so I've booked a redelivery for tomorrow.",
            {B: False, O: True},
        ),
        (
            "A colleague entered the wrong date; that's our error, and it's fixed now.",
            {B: False, O: True},
        ),
        ("The factory sent a bad batch. I'll replace yours today at no cost.", {B: False, O: True}),
    ],
    "mixed_signals": [
        ("I hear you, but you should have kept the receipt.", {E: True, B: True}),
        (
            "Sorry, the rules say I can't swap it, but I've emailed you a discount code.",
            {P: True, O: True},
        ),
        (
            "That's a real letdown. I'm not able to refund it, the system blocks refunds after 60 days.",
            {E: True, P: True, O: False},
        ),
        (
            "I'm sorry it broke so fast. I'll courier a new one today.",
            {E: True, O: True, B: False, P: False},
        ),
        (
            "Honestly, ten minutes over isn't worth arguing about; I've let the booking stand.",
            {P: False},
        ),
        ("The fee was my error, and it's been refunded to your card.", {O: True, B: False}),
        ("You're right, we got this wrong, and I'm fixing it right now.", {E: True, O: True}),
        ("It's not my department, someone else handles refunds.", {O: False, B: True}),
        ("I've spoken to the warehouse and your parcel goes out tonight.", {O: True, B: False}),
        ("I apologise, that delay is on us. I've upgraded you to express.", {E: True, O: True}),
    ],
    "neutral_replies": [
        (
            "What's the serial number on the back of the unit?",
            {E: False, O: False, B: False, P: False},
        ),
        ("Can you send me a photo of the damage?", {E: False, O: False, B: False, P: False}),
        ("The store opens at nine.", {E: False, O: False, B: False, P: False}),
        ("Our system shows the parcel was delivered on Monday.", {P: False, B: False}),
        ("The process usually takes about a week.", {P: False}),
        ("Okay.", {E: False, O: False, B: False, P: False}),
    ],
}

PARAMS = [
    pytest.param(text, expected, id=f"{group}-{i}")
    for group, cases in CASES.items()
    for i, (text, expected) in enumerate(cases)
]


@pytest.fixture(scope="module")
def scorer():
    return rule_scorer()


@pytest.mark.parametrize(("text", "expected"), PARAMS)
def test_phenomenon(scorer, text, expected):
    result = scorer.score(text)
    got = {d: result.present(d) for d in expected}
    assert got == expected, f"{text!r}: {result.values()}"


def test_enough_cases():
    assert len(PARAMS) >= 150

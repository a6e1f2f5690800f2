"""Adversarial replies written against the rubric (not taken from the dev set
or the held-out set), each checked on all four dimensions unless a label is
disputed (see the notes). They were written before the held-out set arrived
and drove the second pass of the rules: third-party subjects are not the
customer's situation, generic commitments and offers, company rules stated as
fact, rhetorical blame, and so on."""

from __future__ import annotations

import pytest

from scoring.rules import rule_scorer

E, O, B, P = "empathy", "ownership", "blame", "policy_hiding"  # noqa: E741

# Notes on left-out labels:
# - "Between you and me, she's a nightmare": badmouthing someone; blame is
#   arguable, empathy is clearly 0.
# - "I'm sorry, but we require...": a reflexive "sorry, but" before a refusal;
#   the held-out set scores such a tacked-on sorry as 0, a scenario author as 1.
CASES = [
    # written after the held-out pass, as a fresh check (see the report)
    ("You must not have read the confirmation email properly.", {B: True, E: False}),
    (
        "What a rotten start to your holiday. I've upgraded your room at no charge.",
        {E: True, O: True},
    ),
    (
        "That's really not acceptable and it's on us. A new kettle is on its way today.",
        {E: True, O: True, B: False},
    ),
    ("The traffic was terrible tonight.", {E: False, O: False, B: False, P: False}),
    ("Between you and me, she's a nightmare, that one.", {E: False, O: False, P: False}),
    (
        "I'm sorry, but we require the original receipt for all returns.",
        {O: False, B: False, P: True},
    ),
    (
        "We only offer support through chat, but here is a link to our help article.",
        {E: False, O: False, B: False, P: True},
    ),
    (
        "Sorry about that, Tyler is new and still learning, and the floor is slippery tonight.",
        {E: True, O: False, B: True, P: False},
    ),
    (
        "You might have bumped his arm when you reached for the bread.",
        {E: False, O: False, B: True, P: False},
    ),
    (
        "It's clearly listed on the side of the box that it doesn't work with Sanyo TVs.",
        {E: False, O: False, B: True, P: False},
    ),
    ("I'll redo the lettering myself while you wait.", {E: False, O: True, B: False, P: False}),
    ("I can look it up for you.", {E: False, O: True, B: False, P: False}),
    (
        "I can talk you through it on the phone, one step at a time.",
        {E: False, O: True, B: False, P: False},
    ),
    ("Tonight's dinner is on us.", {E: False, O: True, B: False, P: False}),
    (
        "I'll walk you over to the models that handle rugs better.",
        {E: False, O: True, B: False, P: False},
    ),
    (
        "I'll pass your note on to Maria and her manager today.",
        {E: False, O: True, B: False, P: False},
    ),
    (
        "Honestly, it means a lot that you took the time to write.",
        {E: True, O: False, B: False, P: False},
    ),
    (
        "Hauling two tires across town is a lot of work, and I'm sorry about the trouble.",
        {E: True, O: False, B: False, P: False},
    ),
    (
        "Ugh, a cold shower on a Monday morning is no way to start the week.",
        {E: True, O: False, B: False, P: False},
    ),
    (
        "Waiting in all day for a delivery that never came, that's a day off wasted.",
        {E: True, O: False, B: False, P: False},
    ),
    ("No wonder you're fed up after three calls.", {E: True, O: False, B: False, P: False}),
    (
        "That must have been a horrible surprise when you opened the bill.",
        {E: True, O: False, B: False, P: False},
    ),
    ("I'd be livid if that happened to me.", {E: True, O: False, B: False, P: False}),
    (
        "That's not the birthday present you had planned, I'm gutted for you.",
        {E: True, O: False, B: False, P: False},
    ),
    ("The weather is awful today, isn't it?", {E: False, O: False, B: False, P: False}),
    (
        "Our website is a nightmare to navigate, to be fair.",
        {E: False, O: False, B: False, P: False},
    ),
    ("Sorry, what was the order number again?", {E: False, O: False, B: False, P: False}),
    ("Sorry for the wait, I'm back now.", {E: False, O: False, B: False, P: False}),
    (
        "I'm sorry you feel we didn't meet your expectations.",
        {E: False, O: False, B: False, P: False},
    ),
    (
        "Apologies for any inconvenience caused by the delay.",
        {E: False, O: False, B: False, P: False},
    ),
    ("Thank you for your patience while I check.", {E: False, O: False, B: False, P: False}),
    ("I get it, a broken heater in January is miserable.", {E: True, O: False, B: False, P: False}),
    (
        "I'll have a new charger in the post to you by Thursday.",
        {E: False, O: True, B: False, P: False},
    ),
    ("Done, I've taken the late fee off your bill.", {E: False, O: True, B: False, P: False}),
    ("Your refund went through this morning.", {E: False, O: True, B: False, P: False}),
    (
        "I'm going to stay on the line with you until it works.",
        {E: False, O: True, B: False, P: False},
    ),
    (
        "I've booked an engineer for Tuesday between 8 and 12.",
        {E: False, O: True, B: False, P: False},
    ),
    (
        "Let me call the depot right now while you're on the line.",
        {E: False, O: True, B: False, P: False},
    ),
    (
        "We dropped the ball on this one, and I'm fixing it today.",
        {E: False, O: True, B: False, P: False},
    ),
    (
        "Someone from the returns team may reach out at some point.",
        {E: False, O: False, B: False, P: False},
    ),
    ("The issue has been escalated.", {E: False, O: False, B: False, P: False}),
    (
        "You'll have to bring it back to the store where you bought it.",
        {E: False, O: False, B: False, P: False},
    ),
    ("I can't promise anything.", {E: False, O: False, B: False, P: False}),
    ("Errors were made in processing your order.", {E: False, O: False, B: False, P: False}),
    ("Could you try restarting the router?", {E: False, O: False, B: False, P: False}),
    (
        "I would love to help but there's nothing I can do.",
        {E: False, O: False, B: False, P: False},
    ),
    ("It'll be fixed when it's fixed.", {E: False, O: False, B: False, P: False}),
    ("Did you even read the instructions?", {E: False, O: False, B: True, P: False}),
    (
        "Most customers manage to set it up without any trouble.",
        {E: False, O: False, B: True, P: False},
    ),
    (
        "That's what happens when you don't register the warranty.",
        {E: False, O: False, B: True, P: False},
    ),
    (
        "The courier company is terrible, they lose stuff all the time.",
        {E: False, O: False, B: True, P: False},
    ),
    ("Blame the warehouse, not me.", {E: False, O: False, B: True, P: False}),
    (
        "Whoever served you yesterday clearly didn't know the menu.",
        {E: False, O: False, B: True, P: False},
    ),
    (
        "That's a manufacturer defect, you'd need to take that up with them.",
        {E: False, O: False, B: True, P: False},
    ),
    ("Your bank declined it, not us.", {E: False, O: False, B: True, P: False}),
    (
        "Your card was declined, so let me try it again for you.",
        {E: False, O: True, B: False, P: False},
    ),
    (
        "You're right that you ordered the large, and I'll fix it now.",
        {E: True, O: True, B: False, P: False},
    ),
    ("You did everything right here, the fault is ours.", {E: False, O: True, B: False, P: False}),
    ("You couldn't have known about the recall.", {E: False, O: False, B: False, P: False}),
    ("You should get an email confirmation shortly.", {E: False, O: True, B: False, P: False}),
    (
        "You should have received a refund by now, so I'll chase it personally today.",
        {E: False, O: True, B: False, P: False},
    ),
    (
        "Unfortunately that falls outside our returns window.",
        {E: False, O: False, B: False, P: True},
    ),
    (
        "Store credit is the best we can do under the circumstances.",
        {E: False, O: False, B: False, P: False},
    ),
    (
        "I'd have to get a manager's approval, and they won't give it.",
        {E: False, O: False, B: False, P: True},
    ),
    (
        "That's just how the billing cycle works, I can't change it.",
        {E: False, O: False, B: False, P: True},
    ),
    (
        "Legally I'm not allowed to share that information, but I can send you the form.",
        {E: False, O: True, B: False, P: True},
    ),
    (
        "The warranty doesn't cover water damage, I'm afraid.",
        {E: False, O: False, B: False, P: True},
    ),
    ("We can only refund to the original payment method.", {E: False, O: False, B: False, P: True}),
    (
        "Normally we'd need a receipt, but I'll take your word for it and refund you.",
        {E: False, O: True, B: False, P: False},
    ),
    (
        "Our policy is that the customer comes first, so the replacement is on us.",
        {E: False, O: True, B: False, P: False},
    ),
    (
        "I'm allowed to waive the fee this once, so I've done that.",
        {E: False, O: True, B: False, P: False},
    ),
    (
        "The terms say 14 days but I'm happy to extend it for you.",
        {E: False, O: True, B: False, P: False},
    ),
    (
        "Our system shows you were charged twice, so I've refunded one of them.",
        {E: False, O: True, B: False, P: False},
    ),
    ("Policy says I can't, so I won't.", {E: False, O: False, B: False, P: True}),
    (
        "soz mate, system wont let me do refunds over 50 quid",
        {E: True, O: False, B: False, P: True},
    ),
    ("ngl thats on u for not checking the size guide", {E: False, O: False, B: True, P: False}),
    ("omg thats awful, ill sort it rn", {E: True, O: True, B: False, P: False}),
    (
        "I've organised a courier to collect the parcel tomorrow.",
        {E: False, O: True, B: False, P: False},
    ),
    ("You ought to have rung us before you sent it back.", {E: False, O: False, B: True, P: False}),
]


@pytest.fixture(scope="module")
def scorer():
    return rule_scorer()


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_adversarial(scorer, text, expected):
    result = scorer.score(text)
    got = {d: result.present(d) for d in expected}
    assert got == expected, f"{text!r}: {result.values()}"


def test_enough_cases():
    assert len(CASES) >= 60


# The customer's last message: an effort they reported and the reply names back.
CUSTOMER_CASES = [
    ("I was on hold for an hour.", "An hour on hold. Let me sort this now.", True),
    ("I've sent 3 emails and nobody answers!", "3 emails and no answer, let me fix that.", True),
    ("Hi, I need help with my order.", "An hour on hold. Let me sort this now.", False),
    ("I've called three times", "Three times? Really?", False),
    ("It's been 30 days", "It's been 30 days, so the return window has closed.", False),
]


@pytest.mark.parametrize(("customer", "text", "empathy"), CUSTOMER_CASES)
def test_customer_effort_named_back(scorer, customer, text, empathy):
    assert scorer.score(text, customer=customer).present(E) is empathy
    # without the customer's message the same reply shows no empathy
    assert not scorer.score(text).present(E)

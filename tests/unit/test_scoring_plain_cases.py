"""Plain cases the shipped judge must get right: the replies that showed the
old rule scorer's limits, real agents' phrasings, and everyday replies.

Each case names only the dimensions it is plain about (1 present, 0 absent).
"""

from __future__ import annotations

import pytest

from scoring.judges import default_scorer

PLAIN_CASES = [
    # the misses
    ("Our policy is very clear, there is nothing I can do.", {"policy_hiding": 1, "ownership": 0}),
    (
        "We can't help with that over chat, you'll need to call the billing line.",
        {"policy_hiding": 1, "ownership": 0},
    ),
    (
        "Unfortunately our policy usually doesn't allow that, but I'll check with my manager.",
        {"policy_hiding": 1},
    ),
    # a plain fact that refuses cites no rule: missing ownership, not policy-hiding
    # (model 11, not shipped, read it as policy-hiding)
    ("We don't sell tires.", {"policy_hiding": 0, "ownership": 0}),
    ("Sorry, we're out of that size until March.", {"policy_hiding": 0}),
    # models 3 and 8 read this hand-off as ownership; models 9 and 10 read it right
    ("Let me check with my manager and someone will get back to you.", {"ownership": 0}),
    # model 3 read this admission ("we didn't") as blame; model 8 reads it right
    ("You're right, we said we'd call and we didn't. I'm sorry.", {"blame": 0}),
    # models 3, 8 and 10 read a policy cited to help, with an impersonal fix, as
    # policy-hiding; model 9 read it right
    pytest.param(
        "Our policy is to replace faulty items, so a new kettle is on its way.",
        {"policy_hiding": 0},
        marks=pytest.mark.xfail(
            strict=True,
            reason="known miss of model 10: a policy cited to help, with an impersonal fix, "
            "read as policy-hiding (see the model card)",
        ),
    ),
    # found by the plain check set (scoring/corpus/checks): a bare refusal cites no
    # rule, and a question commits to nothing
    pytest.param(
        "No, I can't do that.",
        {"policy_hiding": 0, "ownership": 0},
        marks=pytest.mark.xfail(
            strict=True,
            reason="known miss of model 10: a bare refusal read as policy-hiding (0.62)",
        ),
    ),
    pytest.param(
        "Got the receipt for it?",
        {"ownership": 0},
        marks=pytest.mark.xfail(
            strict=True, reason="known miss of model 10: a question read as ownership (0.97)"
        ),
    ),
    (
        "I'm sorry for the wait. I've booked the engineer for Tuesday at 9 and I'll text you the details now.",
        {"empathy": 1, "ownership": 1},
    ),
    # real brand agents' phrasings
    (
        "Due to contractual agreements, you'll need to contact your retailer for a refund.",
        {"policy_hiding": 1, "ownership": 0},
    ),
    (
        "Support here is limited to technical issues. Please use the billing form.",
        {"policy_hiding": 1, "ownership": 0},
    ),
    (
        "A channel must meet the minimum requirements before it can be reviewed.",
        {"policy_hiding": 1, "ownership": 0},
    ),
    # empathy
    ("Three trips for one parcel is a lot, and I'm sorry.", {"empathy": 1}),
    ("That sounds so frustrating, I'd be fuming too.", {"empathy": 1}),
    ("Sorry you feel that way.", {"empathy": 0}),
    ("We apologise for any inconvenience.", {"empathy": 0}),
    (
        "Hello, thanks for contacting us.",
        {"empathy": 0, "ownership": 0, "blame": 0, "policy_hiding": 0},
    ),
    ("ok noted", {"empathy": 0, "ownership": 0, "blame": 0, "policy_hiding": 0}),
    ("I understand. Anything else?", {"empathy": 0, "ownership": 0}),
    # ownership
    ("I've refunded the $40 to your card.", {"ownership": 1, "blame": 0, "policy_hiding": 0}),
    ("Done, refunded.", {"ownership": 1}),
    ("I've re-sent it to your email just now.", {"ownership": 1}),
    ("That was our mistake, and I've reversed the charge.", {"ownership": 1, "blame": 0}),
    ("Mistakes were made.", {"ownership": 0}),
    ("You'll need to contact the manufacturer about that.", {"ownership": 0}),
    ("We'll look into it.", {"ownership": 0}),
    # blame
    ("You should have read the instructions before plugging it in.", {"blame": 1, "ownership": 0}),
    # blame after an apology (model 3 under-read it)
    ("Sorry you're upset. You should have read the instructions first.", {"blame": 1}),
    ("Mike made that mistake, not me.", {"blame": 1}),
    ("That's billing's problem, not ours.", {"blame": 1, "ownership": 0}),
    ("Our records show you selected standard delivery yourself.", {"blame": 1}),
    ("Our courier damaged it, so I'm sending a new one today.", {"blame": 0, "ownership": 1}),
    ("This isn't your fault at all, and I'm fixing it now.", {"blame": 0, "ownership": 1}),
    # policy-hiding
    ("The system won't let me do that.", {"policy_hiding": 1}),
    ("I'm not authorised to give refunds.", {"policy_hiding": 1, "ownership": 0}),
    ("Rules are rules.", {"policy_hiding": 1}),
    (
        "Our policy is to make it right, so I'll replace it today.",
        {"policy_hiding": 0, "ownership": 1},
    ),
    (
        "I'm not going to hide behind the 30-day rule; I'll refund it now.",
        {"policy_hiding": 0, "ownership": 1},
    ),
    (
        "We can only be reached by phone on Sundays, but I'll sort it for you right now.",
        {"policy_hiding": 0, "ownership": 1},
    ),
]


#: Replies read with the customer's last message, as the game reads them.
PLAIN_EXCHANGES = [
    (
        "Where is my parcel? It's been two weeks.",
        "I'm sorry it's taken this long. I've just called the depot: it's on today's van "
        "and will reach you before 6pm.",
        {"empathy": 1, "ownership": 1, "blame": 0, "policy_hiding": 0},
    ),
    (
        "Where is my parcel? It's been two weeks.",
        "Our terms say deliveries can take up to 21 days, so we can't do anything yet.",
        {"policy_hiding": 1, "ownership": 0},
    ),
    (
        "Where is my parcel? It's been two weeks.",
        "You entered the wrong postcode, that's why it's late.",
        {"blame": 1, "ownership": 0},
    ),
    (
        "Where is my parcel? It's been two weeks.",
        "The warehouse team messed up the label, not my fault.",
        {"blame": 1, "ownership": 0},
    ),
    (
        "I was charged twice.",
        "The system doesn't let me issue refunds, sorry.",
        {"policy_hiding": 1, "ownership": 0},
    ),
    (
        "I was charged twice.",
        "That must be worrying. Let me look into it and I'll call you back by 4 today "
        "with an answer.",
        {"empathy": 1, "ownership": 1, "blame": 0},
    ),
    (
        "My boiler broke and I have a newborn at home.",
        "With a newborn in the house that's the last thing you need. I've booked an "
        "engineer for 8am tomorrow and I'll text you his name tonight.",
        {"empathy": 1, "ownership": 1},
    ),
    (
        "My boiler broke and I have a newborn at home.",
        "I'm not authorised to book emergency visits.",
        {"policy_hiding": 1, "ownership": 0},
    ),
    (
        "Can I return this without a receipt?",
        "No receipt means no refund, I'm afraid. Those are the rules here.",
        {"policy_hiding": 1, "ownership": 0},
    ),
    (
        "Can I return this without a receipt?",
        "Normally we need one, but I'm not going to make you go home for it. "
        "I'll refund it to your card.",
        {"policy_hiding": 0, "ownership": 1},
    ),
    (
        "You cancelled my flight and nobody told me!",
        "We apologise for any inconvenience caused.",
        {"empathy": 0, "ownership": 0},
    ),
]


@pytest.fixture(scope="module")
def scorer():
    return default_scorer()


def _id(case) -> str:
    text = case.values[0] if hasattr(case, "values") else case[0]
    return text[:48]


@pytest.mark.parametrize(("text", "expected"), PLAIN_CASES, ids=[_id(c) for c in PLAIN_CASES])
def test_plain_case(scorer, text, expected):
    result = scorer.score(text)
    got = {dim: int(result.present(dim)) for dim in expected}
    assert got == expected, result.values()


@pytest.mark.parametrize(
    ("customer", "text", "expected"), PLAIN_EXCHANGES, ids=[c[1][:48] for c in PLAIN_EXCHANGES]
)
def test_plain_exchange(scorer, customer, text, expected):
    result = scorer.score(text, customer=customer)
    got = {dim: int(result.present(dim)) for dim in expected}
    assert got == expected, result.values()

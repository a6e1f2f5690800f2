"""The stories' other lessons as engine mechanics: respond in time (SLA),
don't make them repeat (facts asked again), keep your promises (the ledger
and follow-up rounds), startle them (delights)."""

from __future__ import annotations

import pytest

from simulator.engine import (
    DELIGHT_MOOD,
    DISOWN_MOOD_COST,
    PROMISE_BROKEN_MOOD,
    PROMISE_KEPT_MOOD,
    REPEAT_FACT_COST,
    Round,
    round_score,
    timed_line,
)
from simulator.loader import load_library
from simulator.promises import Promise, find_promises, held_promises


@pytest.fixture(scope="module")
def library():
    return load_library()


def scenario(library, sid):
    return library.get(sid).scenario


# ---------------------------------------------------------------- respond in time


def test_a_slow_trainee_loses_mood_past_the_sla_and_a_fast_one_does_not(library):
    chat = scenario(library, "chat-not-getting-it")
    assert chat.sla_seconds == 60
    reply = "Let's try one thing at a time. What does the screen show now?"
    fast, slow = Round(chat, seed=1), Round(chat, seed=1)
    quick = fast.play(reply, seconds=20)
    late = slow.play(reply, seconds=150)
    assert quick.late == 0 and not quick.nudged
    assert late.late == 18  # 90 s late: 9 tens of seconds, 2 mood each
    assert late.mood == quick.mood - 18
    assert late.customer.startswith(chat.sla_nudge) and not quick.customer.startswith(
        chat.sla_nudge
    )
    again = slow.play("Okay, click the blue button.", seconds=500)
    assert again.late == 20 and not again.customer.startswith(chat.sla_nudge)  # said once
    assert slow.to_dict()["turns"][0]["seconds"] == 150.0


def test_time_does_not_count_without_seconds_or_in_an_untimed_round(library):
    chat = scenario(library, "chat-not-getting-it")
    reply = "Let's try one thing at a time. What does the screen show now?"
    plain = Round(chat, seed=1).play(reply)
    untimed = Round(chat, seed=1, timed=False).play(reply, seconds=600)
    assert plain.late == untimed.late == 0 and plain.mood == untimed.mood
    assert untimed.seconds == 600.0 and plain.seconds is None


def test_a_script_line_can_say_how_long_the_trainee_took():
    assert timed_line("[+45s] I'm on it.") == (45.0, "I'm on it.")
    assert timed_line("[+ 7.5 s]Sure") == (7.5, "Sure")
    assert timed_line("I'm on it [+45s]") == (None, "I'm on it [+45s]")


# ---------------------------------------------------------------- don't make them repeat


def test_asking_again_for_a_fact_costs_mood_and_is_flagged(library, monkeypatch):
    tires = scenario(library, "tires-never-sold")
    rnd = Round(tires, seed=0)
    price = next(f for f in tires.customer.facts if "paid" in f.about or "pay" in f.about)
    ask = f"How much did you {'pay' if 'pay' in price.about else 'paid'} for them?"
    first = rnd.play(ask)
    assert not first.repeats
    mood = rnd.mood
    second = rnd.play(ask)
    assert second.repeats == (price.label,)
    assert second.customer.startswith(price.irritated)
    assert rnd.to_dict()["repeats"] == [{"turn": 2, "fact": price.label}]
    # the same two questions with repeats free: the cost is the difference
    import simulator.engine as engine

    monkeypatch.setattr(engine, "REPEAT_FACT_COST", 0)
    free = Round(tires, seed=0)
    free.play(ask)
    assert free.play(ask).mood - second.mood == min(REPEAT_FACT_COST, free.turns[-1].mood)
    assert mood > 0


def test_asking_for_what_the_screen_already_shows_is_a_repeat(library):
    callback = scenario(library, "broken-callback-promise")
    rnd = Round(callback, seed=0)
    turn = rnd.play("Can I have your case number, please?")
    assert turn.repeats == ("case number",)
    assert turn.customer.startswith("It's W-40917. It's on your screen.")


# ---------------------------------------------------------------- keep your promises


@pytest.mark.parametrize(
    ("reply", "concrete", "kind"),
    [
        ("I'll call you tomorrow by 3 with the repair date.", True, "call"),
        ("I'll ring you back by 4pm today myself.", True, "call"),
        ("I've booked the technician and he will be there Tuesday at 9.", False, "visit"),
        ("Let me book the engineer for Tuesday 9am.", True, "visit"),
        ("I'm going to refund the $180 right now.", True, "refund"),
        ("Someone will email you.", False, "email"),
        ("Let me check with my manager and someone will get back to you.", False, "other"),
        ("We'll look into it.", False, "other"),
        ("I will make sure this gets sorted.", False, "other"),
    ],
)
def test_each_promise_is_marked_concrete_or_vague(reply, concrete, kind):
    [promise] = find_promises(reply, 1)
    assert (promise.concrete, promise.kind) == (concrete, kind)


@pytest.mark.parametrize(
    "reply",
    [
        "I've refunded it.",
        "I won't be able to do that.",
        "I'll need you to fill in the form.",
        "Will you send me the receipt?",
        "Let me explain how the warranty works.",
        # said and taken back as it is said
        "I'll refund th- wait, we don't sell tires.",
        "I'll get someone to call you back - no, wait, that's what went wrong last time.",
    ],
)
def test_what_is_not_a_promise(reply):
    assert find_promises(reply, 1) == []


def test_the_round_keeps_a_ledger_of_its_promises(library):
    rnd = Round(scenario(library, "broken-callback-promise"), seed=0)
    rnd.play("I'm sorry. Someone will call you back soon.")
    rnd.play("I'll call you myself at 7:30 on Saturday morning.")
    assert [(p["turn"], p["concrete"]) for p in rnd.to_dict()["promises"]] == [
        (1, False),
        (2, True),
    ]


def test_a_follow_up_round_holds_the_trainee_to_the_earlier_promise(library):
    follow = scenario(library, "callback-two-days-later")
    base = follow.customer.mood
    kept = Promise(3, "I'll call you myself at 7:30 on Saturday.", True, "call")
    vague = Promise(2, "Someone will call you back soon.", False, "call")
    warm = Round(follow, promised=[kept])
    cool = Round(follow, promised=[vague])
    plain = Round(follow)
    assert warm.mood == base + PROMISE_KEPT_MOOD and kept.text in warm.opening
    assert "you did it" in warm.opening
    assert cool.mood == base + PROMISE_BROKEN_MOOD and vague.text in cool.opening
    assert plain.opening == follow.opening and plain.mood == base

    honest, disowning = Round(follow, promised=[vague]), Round(follow, promised=[vague])
    owned = honest.play(
        "You're right, and I'm sorry. That was our promise, so I'm sorting it out myself right now."
    )
    denied = disowning.play("I don't see any record of that, it wasn't me.")
    assert denied.disowned and not owned.disowned
    assert denied.mood <= owned.mood - DISOWN_MOOD_COST


def test_a_follow_up_checks_only_the_kinds_of_promise_it_names():
    call = Promise(1, "I'll call you at 3 today.", True, "call")
    refund = Promise(1, "I'll refund it today.", True, "refund")
    over = Promise(2, "free dinners for life", False, "other", cannot_keep=True)
    assert held_promises([refund, call, over], ["call", "visit"]) == [call]
    assert held_promises([refund, call, over], ["any"]) == [refund, call]


# ---------------------------------------------------------------- startle them


def test_a_delight_earns_mood_and_score_once(library):
    waiter = scenario(library, "waiter-four-spills")
    apology = "I'm so sorry, four spills on your mother's birthday is awful. Dinner is on us."
    dessert = apology + " And I'm bringing a birthday dessert for your mother."
    plain, delighted = Round(waiter, seed=0), Round(waiter, seed=0)
    a, b = plain.play(apology), delighted.play(dessert)
    assert b.delights == ("birthday_dessert",) and not a.delights
    assert b.customer.startswith(waiter.delights["birthday_dessert"].say)
    assert b.mood >= a.mood + DELIGHT_MOOD - 5  # the rest of the reply may differ a little
    again = delighted.play("Another birthday dessert is on its way.")
    assert again.delights == ()  # each delight counts once a round
    assert delighted.to_dict()["delights"] == [{"turn": 1, "delight": "birthday_dessert"}]


def test_over_promising_is_a_promise_they_cannot_keep_not_a_delight(library):
    waiter = scenario(library, "waiter-four-spills")
    rnd = Round(waiter, seed=0)
    turn = rnd.play("I'm so sorry. You'll have free dinners for life here, I promise.")
    assert turn.delights == ()
    assert any(p.cannot_keep for p in turn.promises)
    assert any(p.get("cannot_keep") for p in rnd.to_dict()["promises"])


def test_the_delight_bonus_is_capped_in_the_round_score():
    values = [{"empathy": 1, "ownership": 1, "blame": 0, "policy_hiding": 0}]
    base = round_score(values, "walked_out")
    assert round_score(values, "walked_out", delights=1) == base + 5
    assert round_score(values, "walked_out", delights=5) == base + 10

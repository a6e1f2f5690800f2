"""Throughput and latency of the rule scorer.

    python benchmarks/bench_scoring.py [--n N] [--seed S] [--repeat R]

Generates N varied, realistic replies (1-6 sentences composed from fragments,
seeded random; some with chat spellings, typos and curly apostrophes), scores
each with the rule scorer and prints replies/s and p50/p99/max latency per
reply. It prints figures only; it is never a test assertion. The machine is
shared: use ``--repeat`` to run the timing several times and see the best
and the typical (median) run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scoring.rules import rule_scorer

ITEMS = [
    "tires",
    "blender",
    "router",
    "picture frame",
    "order",
    "prints",
    "jacket",
    "parcel",
    "refund",
    "invoice",
    "charger",
    "coffee machine",
]
AMOUNTS = ["$12.99", "$38.50", "$59", "$120", "$240", "$360", "the full amount", "$85"]
WHEN = ["today", "tomorrow morning", "by 3pm", "within the hour", "right now", "by Friday"]
PEOPLE = ["Mike", "the last agent", "the courier", "our supplier", "the warehouse", "billing"]

OPENERS = [
    "Hi there.",
    "Thanks for reaching out.",
    "Thank you for contacting us.",
    "Got it.",
    "Okay.",
    "Hello, and thanks for your patience.",
    "Right, let me see.",
    "Oh no.",
]
EMPATHY = [
    "I'm so sorry about the {item}, that sounds really frustrating.",
    "Two trips for nothing, that's a wasted afternoon.",
    "I can see why you're upset.",
    "I understand your frustration, I'd feel the same.",
    "That sounds exhausting, honestly.",
    "I'm really sorry you had to chase us about the {item}.",
    "sry about that, must be annoying",
    "I apologise that nobody told you about the {item}.",
    "Being stuck with a {item} you can't use is a real hassle.",
    "You're right to be annoyed, and I'm sorry.",
]
PSEUDO = [
    "We apologise for any inconvenience caused.",
    "Sorry you feel that way.",
    "We value your feedback.",
    "Accidents happen.",
]
OWNERSHIP = [
    "I'll send a replacement {item} {when}.",
    "I've refunded {amount} to your card.",
    "What I can do for you is swap the {item} for a new one {when}.",
    "Consider it done, the {item} is on its way.",
    "Let me fix the {item} for you {when}.",
    "That was our mistake, and I've reversed the charge.",
    "ill sort the {item} out {when} and call u back",
    "I’ve already credited {amount} back to your account.",
    "Your new {item} ships {when}, no return needed.",
    "I'm processing the refund for the {item} now.",
]
FAKE = [
    "Someone will look into it.",
    "Mistakes were made.",
    "You'll need to call the manufacturer about the {item}.",
    "Your feedback has been forwarded to the relevant team.",
    "There's nothing I can do about the {item}.",
]
BLAME = [
    "You should have checked the {item} before ordering.",
    "{person} made that mistake, not me.",
    "That's billing's problem, not mine.",
    "The courier lost your {item}; that's on them.",
    "If you'd read the instructions you wouldn't have broken the {item}.",
    "you shouldve kept ur receipt tbh",
    "The last agent clearly didn't read your notes.",
]
CAUSE_OWNED = [
    "Our courier damaged the {item}; I'm sending a new one {when}.",
    "The warehouse mis-packed it, so I've shipped the right {item} {when}.",
]
POLICY = [
    "Our policy is 30 days, so I can't refund the {item}.",
    "The system won't let me change the {item}.",
    "I'm not authorized to refund {amount}.",
    "Rules are rules.",
    "You'll need the original receipt per our terms.",
    "My hands are tied on the {item}, I'm afraid.",
    "Returns can't be processed without a receipt, no exceptions.",
    "im not allowed to do that, sorry",
]
POLICY_HELP = [
    "Our policy is to make it right, so I'll replace the {item}.",
    "I'm not going to hide behind a policy here.",
    "The window is normally 30 days, but I've refunded {amount} anyway.",
]
NEUTRAL = [
    "What's the order number on your receipt?",
    "Can you confirm the email on the account?",
    "The {item} model has a known issue with some setups.",
    "Is there anything else I can help with today?",
    "Have a great day.",
    "The {item} usually takes 3-5 business days to arrive.",
]
POOLS = [
    (EMPATHY, 5),
    (PSEUDO, 1),
    (OWNERSHIP, 5),
    (FAKE, 2),
    (BLAME, 2),
    (CAUSE_OWNED, 1),
    (POLICY, 2),
    (POLICY_HELP, 1),
    (NEUTRAL, 3),
]
TYPOS = {"you": "u", "your": "ur", "sorry": "sry", "please": "pls", "I'm": "im", "can't": "cant"}


def make_reply(rng: random.Random) -> str:
    n = rng.choices([1, 2, 3, 4, 5, 6], weights=[2, 4, 4, 3, 2, 1])[0]
    parts = []
    if rng.random() < 0.25:
        parts.append(rng.choice(OPENERS))
    pools, weights = zip(*POOLS, strict=True)
    for _ in range(n):
        pool = rng.choices(pools, weights=weights)[0]
        parts.append(
            rng.choice(pool).format(
                item=rng.choice(ITEMS),
                amount=rng.choice(AMOUNTS),
                when=rng.choice(WHEN),
                person=rng.choice(PEOPLE),
            )
        )
    text = " ".join(parts)
    if rng.random() < 0.15:  # chat spelling
        text = " ".join(TYPOS.get(w, w) for w in text.split())
    if rng.random() < 0.1:
        text = text.replace("'", "\u2019")
    if rng.random() < 0.1:
        text = text.lower()
    return text


def _timed(scorer, replies: list[str]) -> tuple[float, list[float]]:
    """Score every reply once: (replies per second, sorted latencies in s)."""
    lat = []
    clock = time.perf_counter
    start = clock()
    for r in replies:
        t = clock()
        scorer.score(r)
        lat.append(clock() - t)
    total = clock() - start
    lat.sort()
    return len(replies) / total, lat


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="number of replies (default 100000)")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--repeat", type=int, default=1, help="timed runs (default 1)")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    scorer = rule_scorer()
    build = time.perf_counter() - t0
    rng = random.Random(args.seed)
    replies = [make_reply(rng) for _ in range(args.n)]
    avg_len = sum(map(len, replies)) / max(1, len(replies))

    for r in replies[:200]:  # warm-up
        scorer.score(r)

    print(f"scorer build:     {build * 1000:.0f} ms (lexicons compiled once)")
    print(f"replies:          {args.n} (avg {avg_len:.0f} chars)")
    runs = []
    for run in range(max(1, args.repeat)):
        rate, lat = _timed(scorer, replies)
        runs.append(rate)

        def pct(p: float, lat=lat) -> float:
            return lat[min(len(lat) - 1, int(p * len(lat)))] * 1000

        label = f"run {run + 1}: " if args.repeat > 1 else ""
        print(f"{label}throughput:       {rate:,.0f} replies/s (one core)")
        print(f"{label}latency p50:      {pct(0.50):.3f} ms")
        print(f"{label}latency p99:      {pct(0.99):.3f} ms")
        print(f"{label}latency max:      {lat[-1] * 1000:.3f} ms")
        print(f"{label}latency mean:     {statistics.fmean(lat) * 1000:.3f} ms")
    if len(runs) > 1:
        print(f"best throughput:  {max(runs):,.0f} replies/s")
        print(f"median throughput: {statistics.median(runs):,.0f} replies/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Spotting a stock phrase said again: the same sentence, or a near-paraphrase.

A trainee who answers every message with "I completely understand how
frustrating this is, and I'll personally take care of it" has said nothing
new after the first time. The engine counts how often a reply repeats the
round's earlier replies and pays less for it each time (see
:meth:`simulator.engine.Round.reply`).

Two sentences are near-paraphrases when their character-trigram profiles have
a cosine of at least ``SIMILAR`` (so "I totally understand how frustrating
that is" repeats "I completely understand how frustrating this is"). A reply
repeats when sentences that were said before make up at least ``SHARE`` of
its letters; a reply with something new in most of it is not a repeat.
"""

from __future__ import annotations

import math
import re
from collections import Counter

SIMILAR = 0.6
SHARE = 0.7
#: Sentences this short ("Okay.", "Thanks!") are never a stock phrase.
MIN_WORDS = 4

_SENTENCE = re.compile(r"[^.!?;\n]+[.!?;]*")
_NON_WORD = re.compile(r"[^a-z0-9 ]+")


def _profile(sentence: str) -> Counter[str]:
    text = " " + " ".join(_NON_WORD.sub(" ", sentence.lower()).split()) + " "
    return Counter(text[i : i + 3] for i in range(len(text) - 2))


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if len(s.split()) >= MIN_WORDS]


def repeat_count(reply: str, earlier: list[str]) -> int:
    """How many earlier replies this reply mostly repeats (0: it says something new)."""
    said = sentences(reply)
    total = sum(len(s) for s in said)
    if not said or total < SHARE * len(reply.strip()):
        return 0
    mine = [(_profile(s), len(s)) for s in said]
    count = 0
    for before in earlier:
        theirs = [_profile(s) for s in sentences(before)]
        if not theirs:
            continue
        repeated = sum(n for p, n in mine if any(_cosine(p, q) >= SIMILAR for q in theirs))
        if repeated >= SHARE * total:
            count += 1
    return count

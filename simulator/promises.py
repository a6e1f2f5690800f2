"""The promise ledger: every commitment a trainee makes, and whether it is
concrete (who does what, by when) or vague ("someone will get back to you").

The stories' rule is "if you say you are going to do it, do it"; a promise
the customer can hold you to names who acts and when. Plain patterns, not the
scorer's model: the ledger must read the same on every machine, and a trainer
can see exactly why a promise counted as vague.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from scoring.segments import sentences
from simulator.clauses import TAKEN_BACK, units

_DAYS = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_NUM = r"(?:\d+|a|an|one|two|three|four|five|ten|fifteen|twenty|thirty|forty-five|few)"
#: Someone commits to doing something (future tense, or "let me ...").
_COMMIT = re.compile(
    r"\b(?P<owner>i|we|someone|somebody|some ?one|they|he|she|the (?:team|office|depot|"
    r"engineer|technician|manager|supervisor|courier|store)|(?:a|my|our) (?:colleague|manager|"
    r"supervisor|technician|engineer|team(?: member)?))"
    r"(?:'ll| will| shall| am going to|'m going to|'m gonna| are going to|'re going to| is going to)"
    r"\s+(?!not\b|never\b|need\b|have to\b|be unable\b)(?P<act>\w+)"
    r"|\blet me\s+(?!know\b|explain\b|be\b|see\b|think\b|tell\b|say\b|just say\b|apologi[sz]e\b"
    r"|ask you\b|guess\b|start\b|repeat\b|clarify\b|reassure\b)(?P<let>\w+)"
    r"|\byou(?:'ll| will) (?P<recv>get|receive|hear|have)\b",
    re.I,
)
#: A time the customer can hold them to.
_WHEN = re.compile(
    rf"\b(?:today|tonight|tomorrow|this (?:morning|afternoon|evening|week)|right now|now|"
    rf"straight away|right away|immediately|first thing|"
    rf"by (?:\d{{1,2}}(?::\d\d)?\s*(?:am|pm|o'clock)?|noon|midday|lunch(?:time)?|"
    rf"(?:the )?end of (?:the )?(?:day|week)|close of business|{_DAYS}|tomorrow|tonight|then)|"
    rf"(?:on|next|this) {_DAYS}|{_DAYS}(?: morning| afternoon| evening)?|"
    rf"at \d{{1,2}}(?::\d\d)?\s*(?:am|pm|o'clock)?|at (?:noon|midday)|\d{{1,2}}(?::\d\d)?\s*(?:am|pm)|"
    rf"within {_NUM} (?:minutes?|mins?|hours?|days?|working days?)|"
    rf"in (?:the next )?{_NUM} (?:minutes?|mins?|hours?|days?)|"
    rf"before (?:you leave|noon|midday|\d{{1,2}}|the end of)|"
    rf"(?:on )?the \d{{1,2}}(?:st|nd|rd|th)|\d{{1,2}}(?:st|nd|rd|th) of \w+)",
    re.I,
)
_KINDS = (
    ("call", re.compile(r"\b(call|ring|phone|calling|ringing)\b", re.I)),
    (
        "email",
        re.compile(
            r"\b(e-?mail|text you|message you|write to you|send you (?:an? )?(?:e-?mail|link|confirmation|receipt))",
            re.I,
        ),
    ),
    (
        "refund",
        re.compile(
            r"\b(refund|reimburse|credit|money back|reverse|waive|cancel the charge|put .{0,30} back)",
            re.I,
        ),
    ),
    (
        "visit",
        re.compile(
            r"\b(engineer|technician|send someone|come out|visit|book|appointment|slot)\b", re.I
        ),
    ),
    (
        "delivery",
        re.compile(
            r"\b(deliver|ship|courier|replacement|send (?:you )?(?:a |the )?(?:new|replacement|another))",
            re.I,
        ),
    ),
)
KINDS = tuple(k for k, _ in _KINDS)
#: Owners nobody can hold to account: a promise made for them stays vague.
_NOBODY = {
    "someone",
    "somebody",
    "some one",
    "someone'",
    "they",
    "he",
    "she",
    "the team",
    "the office",
}

VAGUE_TIP = (
    "Make the promise concrete: who does what, by when. \"I'll call you tomorrow by 3 "
    'with the repair date" can be kept; "someone will get back to you" cannot.'
)


@dataclass(frozen=True)
class Promise:
    """One commitment in a reply."""

    turn: int
    text: str
    concrete: bool
    kind: str
    #: True when the screen says the agent cannot offer this (an over-promise).
    cannot_keep: bool = False

    def to_dict(self) -> dict:
        out = {"turn": self.turn, "text": self.text, "concrete": self.concrete, "kind": self.kind}
        if self.cannot_keep:
            out["cannot_keep"] = True
        return out


def kind_of(text: str) -> str:
    return next((name for name, pat in _KINDS if pat.search(text)), "other")


def find_promises(reply: str, turn: int) -> list[Promise]:
    """The commitments in ``reply`` (one per sentence at most), in order."""
    found = []
    # "I'll refund th- wait, we don't sell tires": said and taken back, no promise
    taken_back = [u.text for u in units(reply) if u.mode == TAKEN_BACK]
    for sentence in sentences(reply):
        m = _COMMIT.search(sentence)
        if m is None or (sentence.rstrip().endswith("?") and m.group("let") is None):
            continue  # "will you send it?" asks, it does not promise
        if any(m.group(0) in t and t in sentence for t in taken_back):
            continue
        owner = (m.group("owner") or ("i" if m.group("let") else "")).lower()
        concrete = owner not in _NOBODY and bool(_WHEN.search(sentence))
        found.append(Promise(turn, sentence.strip(), concrete, kind_of(sentence)))
    return found


def held_promises(promises: Sequence[Promise], checks: Sequence[str]) -> list[Promise]:
    """The promises a follow-up holds the trainee to: those of the kinds it
    checks ("any" for all), in the order they were made; over-promises are
    left out (they were flagged as such already)."""
    return [p for p in promises if not p.cannot_keep and ("any" in checks or p.kind in checks)]


def promises_from(data: list[dict]) -> list[Promise]:
    """Promises as ``play --json`` wrote them; one-line ValueError if malformed."""
    out = []
    for item in data:
        try:
            out.append(
                Promise(
                    int(item["turn"]),
                    str(item["text"])[:2000],
                    bool(item["concrete"]),
                    str(item.get("kind") or kind_of(str(item["text"]))),
                    bool(item.get("cannot_keep", False)),
                )
            )
        except (KeyError, TypeError, ValueError):
            raise ValueError("a promise needs turn, text and concrete") from None
    return out

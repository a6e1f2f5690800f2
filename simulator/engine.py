"""The round engine: the customer opens, each reply is scored, the scenario's
rules move the customer's state and mood, the customer answers, and the round
ends. The engine, not the customer, owns the mood, the scores and the end of
the round, so play is equally fair with a scripted or an LLM customer.

Deterministic for a given scenario, seed and replies.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Protocol

from scoring.judges import default_scorer
from scoring.types import DIMENSIONS, Cues, ReplyScore
from simulator.coaching import StoryCoach
from simulator.cue_match import CueMatcher, matcher_id
from simulator.customers import Customer, CustomerTurn, ScriptedCustomer, join_line, scripted_line
from simulator.errors import HotseatError
from simulator.models import Outcome, Rule, Scenario
from simulator.promises import Promise, find_promises
from simulator.repetition import repeat_count

MAX_REPLY_CHARS = 2000
#: Outcome bonus in the round score (see :func:`round_score`).
OUTCOME_BONUS: dict[str, float] = {
    "resolved": 1.0,
    "out_of_turns": 0.25,
    "unfinished": 0.0,
    "walked_out": 0.0,
    "escalated": 0.0,
}
#: Mood lost each time a reply mostly repeats what the trainee said before.
REPEAT_MOOD_COST = 10
#: What the customer says to a repeated stock phrase (before their own line).
REPEAT_CALLOUTS = (
    "You keep saying that. What are you actually going to do?",
    "You said that already. What are you going to do about it?",
    "That's the same line again. I need you to actually do something.",
)
#: Past a scenario's ``sla_seconds``: mood lost per 10 seconds (or part) late,
#: and at most per reply.
SLA_DRAIN_PER_10S = 2
SLA_MAX_DRAIN = 20
#: Mood lost each time the trainee asks for a fact they were already given
#: (or that their screen shows).
REPEAT_FACT_COST = 8
#: A delight (going beyond what was asked): mood gained, and score points,
#: at most ``DELIGHT_SCORE_CAP`` a round.
DELIGHT_MOOD = 10
DELIGHT_SCORE = 5
DELIGHT_SCORE_CAP = 10
#: A follow-up round: the customer returns warmer after a concrete promise
#: (it was kept), cooler after a vague one (nothing happened).
PROMISE_KEPT_MOOD = 15
PROMISE_BROKEN_MOOD = -10
#: A reply in a follow-up round that disowns the earlier promise.
DISOWN_MOOD_COST = 15
#: Words that disown an earlier promise: deny it was made, or hand it to
#: someone else. Plain phrases, not the judge's blame score, so that owning
#: the broken promise ("we said we'd call and we didn't") is never mistaken.
_DISOWN = re.compile(
    r"\b(never promised|didn'?t promise|did not promise|no one promised|nobody promised|"
    r"wasn'?t me|was not me|not my promise|not our promise|i don'?t see any (?:note|record)|"
    r"there'?s no record|no record of (?:that|any)|can'?t be held to|not responsible for what|"
    r"whoever (?:you spoke|told you)|(?:another|the other|a different) (?:agent|colleague|person)"
    r" (?:told|said|promised)|(?:he|she|they) shouldn'?t have (?:promised|said))",
    re.I,
)
_QUESTION_OPENERS = re.compile(
    r"^\s*(what|when|where|which|how|who|why|do|did|does|is|are|can|could|would|may)\b"
    # "What I can do for you is..." is the rubric's own offer, not a question
    r"(?!\s+(?:i|we)\s+(?:can|could|will|'ll|would)\b)",
    re.I,
)


class Scorer(Protocol):
    def score(self, text: str, *, customer: str | None = None, cues=None) -> ReplyScore: ...


class RoundListener(Protocol):
    """Told about a round as it happens (the results store writes each turn)."""

    def on_turn(self, rnd: Round, turn: Turn) -> None: ...

    def on_rewind(self, rnd: Round, index: int) -> None: ...

    def on_end(self, rnd: Round) -> None: ...


class ReplyRefused(HotseatError):
    """A reply the engine will not score (empty, too long, round over)."""


@dataclass(frozen=True)
class Snapshot:
    """Everything about the round that a reply changes; rewinding restores it."""

    state: str
    mood: int
    needs_met: frozenset[str]
    revealed: frozenset[int]
    last_line: str
    #: What the scorer reads as the customer's last message: the script's line
    #: (or the engine's call-out), whichever customer talks, so an LLM's
    #: wording cannot move the scores.
    context: str = ""
    #: Whether the customer has already asked "are you still there?".
    nudged: bool = False
    #: The delights already given (each counts once a round).
    delighted: frozenset[str] = frozenset()


@dataclass
class Turn:
    """One trainee reply and what came of it."""

    index: int
    agent: str
    score: ReplyScore
    before: Snapshot
    state: str
    mood: int
    signals: frozenset[str]
    #: The rule that fired, as written (``when: [...] -> goto``), or None.
    rule: str | None
    revealed: tuple[str, ...]
    outcome: Outcome | None
    customer: str = ""
    #: Set when the customer stood in with the scripted line or similar.
    notes: list[str] = field(default_factory=list)
    #: The ending's needs met once this reply was taken.
    needs_met: frozenset[str] = frozenset()
    #: How many earlier replies this one mostly repeats (0: it says something new).
    said_before: int = 0
    #: 1 for the first try at this turn, 2 after one rewind, ...
    attempt: int = 1
    #: True once a rewind replaced this turn; kept for the debrief.
    superseded: bool = False
    #: Seconds the trainee took to answer (None: untimed, as headless play
    #: without ``[+Ns]``); ``late``: the mood it cost past the SLA.
    seconds: float | None = None
    late: int = 0
    #: The customer asked "are you still there?" before answering this reply.
    nudged: bool = False
    #: Facts the trainee asked for again (by name).
    repeats: tuple[str, ...] = ()
    #: The commitments in this reply (the promise ledger).
    promises: tuple[Promise, ...] = ()
    #: The scenario's delights this reply gave.
    delights: tuple[str, ...] = ()
    #: In a follow-up round: this reply disowned the earlier promise.
    disowned: bool = False
    at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    @property
    def points(self) -> int:
        return self.score.points

    def to_dict(self) -> dict:
        return {
            "agent": self.agent,
            "customer": self.customer,
            "scores": self.score.values(),
            "mood": self.mood,
            "points": self.points,
            "state": self.state,
            "signals": sorted(self.signals),
            "evidence": [e.to_dict() for e in self.score.evidence],
            "tips": self.score.all_tips(),
            "said_before": self.said_before,
            "attempt": self.attempt,
            "superseded": self.superseded,
            "notes": list(self.notes),
            # the play contract adds only the seconds; repeats, promises and
            # delights are listed once, for the round
            "seconds": self.seconds,
        }


def rule_matches(rule: Rule, signals: frozenset[str]) -> bool:
    for cond in rule.when:
        negated = cond.startswith("not ")
        name = cond[4:].strip() if negated else cond
        present = name == "any" or name in signals
        if present == negated:
            return False
    return True


def round_score(
    values: list[dict[str, float]],
    outcome: str,
    *,
    deeds: float = 0.0,
    early: float = 0.0,
    delights: int = 0,
) -> int:
    """The round's score, 0..100: what was done for the customer first, then
    how it was said::

        20 × words + 35 × deeds + 10 × early + 35 × outcome − 40 × blame − 40 × policy_hiding
          + 5 × delights (at most 10)

    ``words`` is the mean of empathy and ownership, each counting half for the
    best turn and half for the mean (show it, then keep it up); ``deeds`` is
    the share of the ending's needs met (the scenario's cues: a refund given,
    a booking made); ``early`` is 1 when they were all met on the first reply,
    falling to 0 by the end of the customer's patience; the outcome is 1 when
    resolved, 0.25 when the customer's patience ran out, 0 otherwise; blame
    and policy-hiding are means over the turns, so every offending reply
    costs. Kind words alone top out at 20 (29 if the round runs out of turns).
    """
    if not values:
        return 0

    def shown(dim: str) -> float:
        vals = [v[dim] for v in values]
        return (max(vals) + sum(vals) / len(vals)) / 2

    def mean(dim: str) -> float:
        return sum(v[dim] for v in values) / len(values)

    words = (shown("empathy") + shown("ownership")) / 2
    raw = (
        20 * words
        + 35 * deeds
        + 10 * early
        + 35 * OUTCOME_BONUS.get(outcome, 0.0)
        - 40 * mean("blame")
        - 40 * mean("policy_hiding")
        + min(DELIGHT_SCORE_CAP, DELIGHT_SCORE * delights)
    )
    return round(min(100.0, max(0.0, raw)))


def grade(score: int) -> str:
    for cutoff, letter in ((85, "A"), (70, "B"), (55, "C"), (40, "D")):
        if score >= cutoff:
            return letter
    return "F"


class Round:
    """One round of one scenario. Use :meth:`play` for a whole turn, or
    :meth:`reply` + the customer's stream + :meth:`finish` to stream it."""

    def __init__(
        self,
        scenario: Scenario,
        *,
        customer: Customer | None = None,
        scorer: Scorer | None = None,
        seed: int = 0,
        timed: bool = True,
        promised: list[Promise] | None = None,
    ) -> None:
        if scorer is None:
            scorer = default_scorer()
        self.scenario = scenario
        self.customer = customer or ScriptedCustomer()
        self.scorer = scorer
        self.seed = seed
        self.cues = CueMatcher(scenario)
        #: What matches the cues (saved with the round, like the scorer's version).
        self.cues_by = matcher_id(scenario)
        self.coach = StoryCoach(scenario, scorer)
        self.history: list[Turn] = []
        self.started_at = datetime.now(UTC).isoformat(timespec="seconds")
        #: Whether replies past the scenario's SLA cost mood (a tournament
        #: may leave time out; seconds are still recorded).
        self.timed = timed
        #: A follow-up round: the earlier round's promise the customer comes back to.
        self.held_to: Promise | None = promised[0] if promised else None
        self.opening, mood = scenario.opening, scenario.customer.mood
        if self.held_to is not None and scenario.returns_after:
            line = scenario.returns_after
            if self.held_to.concrete and scenario.returns_kept:
                line = scenario.returns_kept
            self.opening = line.replace("{promise}", self.held_to.text)
            bonus = PROMISE_KEPT_MOOD if self.held_to.concrete else PROMISE_BROKEN_MOOD
            mood = max(0, min(100, mood + bonus))
        self._now = Snapshot(
            state=scenario.start_state,
            mood=mood,
            needs_met=frozenset(),
            revealed=frozenset(),
            last_line=self.opening,
            context=self.opening,
        )
        self.outcome: Outcome | None = None
        self.listeners: list[RoundListener] = []

    # ------------------------------------------------------------------ state

    @property
    def turns(self) -> list[Turn]:
        """The turns that count (rewound tries left out)."""
        return [t for t in self.history if not t.superseded]

    @property
    def mood(self) -> int:
        return self._now.mood

    @property
    def state(self) -> str:
        return self._now.state

    @property
    def last_line(self) -> str:
        return self._now.last_line

    @property
    def finished(self) -> bool:
        return self.outcome is not None

    @property
    def turns_left(self) -> int | None:
        patience = self.scenario.customer.patience
        return None if patience is None else patience - len(self.turns)

    def conversation(self) -> list[tuple[str, str]]:
        convo = [("customer", self.opening)]
        for t in self.turns:
            convo.append(("agent", t.agent))
            if t.customer:
                convo.append(("customer", t.customer))
        return convo

    # ------------------------------------------------------------------ playing

    def check_reply(self, text: str) -> str:
        """The reply as it will be scored, or :class:`ReplyRefused`."""
        if self.finished:
            raise ReplyRefused("the round is over; rewind a turn or start a new round")
        return clean_reply(text)

    def reply(self, text: str, seconds: float | None = None) -> tuple[Turn, CustomerTurn]:
        """Score a reply and move the customer. Returns the turn (without the
        customer's line yet) and what the customer needs to answer it.
        ``seconds``: how long the trainee took (None: no time passed)."""
        text = self.check_reply(text)
        before = self._now
        matched = self.cues.matches(text)
        score = self.scorer.score(
            text, customer=before.context, cues=story_cues(self.scenario, matched)
        )
        score = self.coach.fit(score)
        said_before = repeat_count(text, [t.agent for t in self.turns])
        if said_before:
            score = discounted(score, said_before)
        signals = reply_signals(self.cues, text, score, matched=matched)
        state = self.scenario.states[before.state]
        fired = first_rule(state.rules, signals)
        rule = fired[1] if fired else None
        delta = rule.mood if rule else self.scenario.ending.idle_mood
        if said_before:
            delta -= REPEAT_MOOD_COST
        late = self._late(seconds)
        revealed_idx, repeats = self._asked(text, before.revealed)
        found = self.cues.delights(text)
        new_delights = [n for n in self.scenario.delights if n in found - before.delighted]
        given = tuple(n for n in new_delights if self.scenario.delights[n].allowed)
        turn_no = len(self.turns) + 1
        promises = find_promises(text, turn_no)
        promises += [
            Promise(turn_no, text, False, "other", cannot_keep=True)
            for n in new_delights
            if not self.scenario.delights[n].allowed
        ]
        disowned = self.held_to is not None and bool(_DISOWN.search(text))
        delta += (
            -late
            - REPEAT_FACT_COST * len(repeats)
            + DELIGHT_MOOD * len(given)
            - DISOWN_MOOD_COST * disowned
        )
        new_state = (rule.goto if rule and rule.goto else None) or before.state
        mood = max(0, min(100, before.mood + delta))
        needs_met = before.needs_met | (signals & set(self.scenario.ending.needs))
        attempt = 1 + sum(1 for t in self.history if t.index == len(self.turns))
        turn = Turn(
            index=len(self.turns),
            agent=text,
            score=score,
            before=before,
            state=new_state,
            mood=mood,
            signals=signals,
            rule=_describe(rule),
            revealed=tuple(self.scenario.customer.facts[i].say for i in revealed_idx),
            outcome=None,
            needs_met=needs_met,
            said_before=said_before,
            attempt=attempt,
            seconds=None if seconds is None else round(float(seconds), 1),
            late=late,
            nudged=bool(late) and not before.nudged,
            repeats=tuple(self.scenario.customer.facts[i].label for i in repeats),
            promises=tuple(promises),
            delights=given,
            disowned=disowned,
        )
        revealed = before.revealed | set(revealed_idx)
        self.history.append(turn)
        turn.outcome = self._ending(turn)
        self.outcome = turn.outcome
        ctx = CustomerTurn(
            scenario=self.scenario,
            seed=self.seed,
            turn=len(self.turns),
            state=new_state,
            mood=mood,
            agent_reply=text,
            history=tuple(self.conversation()),
            reveal=turn.revealed,
            outcome=turn.outcome,
        )
        context = self._callout(turn) if said_before else scripted_line(ctx)
        self._now = Snapshot(
            new_state,
            mood,
            needs_met,
            revealed,
            "",
            context,
            nudged=before.nudged or bool(late),
            delighted=before.delighted | set(new_delights),
        )
        return turn, ctx

    def finish(self, turn: Turn, line: str) -> Turn:
        """Record the customer's answer to ``turn``."""
        turn.customer = line.strip()
        if turn.said_before:
            # The engine, not the customer, calls out a repeated stock phrase,
            # so scripted and LLM customers react to it alike. It replaces the
            # line (which may thank them for it), except a round's last words.
            callout = self._callout(turn)
            turn.customer = f"{callout} {turn.customer}".strip() if turn.outcome else callout
        # The engine's own reactions come first, whichever customer talks: the
        # wait, a delight, a question already answered.
        before = [self.scenario.sla_nudge] if turn.nudged else []
        before += [self.scenario.delights[n].say for n in turn.delights]
        before += [f.irritated for f in self.scenario.customer.facts if f.label in turn.repeats]
        if before:
            said = [b if b.rstrip()[-1:] in ".!?…)\"'" else b.rstrip() + "." for b in before]
            turn.customer = " ".join([*said, turn.customer]).strip()
        turn.notes.extend(self.customer.notices)
        self.customer.notices.clear()
        self._now = replace(self._now, last_line=turn.customer)
        for listener in self.listeners:
            listener.on_turn(self, turn)
            if self.finished:
                listener.on_end(self)
        return turn

    def _callout(self, turn: Turn) -> str:
        return REPEAT_CALLOUTS[(turn.index + self.seed) % len(REPEAT_CALLOUTS)]

    def stream(self, text: str, seconds: float | None = None) -> Iterator[tuple[Turn, str]]:
        """Play a turn, yielding (turn, chunk) as the customer's line arrives."""
        turn, ctx = self.reply(text, seconds)
        chunks = []
        for chunk in self.customer.stream(ctx):
            chunks.append(chunk)
            yield turn, chunk
        self.finish(turn, join_line(chunks))

    def play(self, text: str, seconds: float | None = None) -> Turn:
        """Play a whole turn: score, move, and the customer's answer."""
        turn, ctx = self.reply(text, seconds)
        return self.finish(turn, self.customer.respond(ctx))

    def rewind(self, index: int | None = None) -> Snapshot:
        """Go back to just before turn ``index`` (default: the last turn).
        The later turns stay in :attr:`history` as superseded tries."""
        live = self.turns
        if not live:
            raise ReplyRefused("nothing to rewind yet")
        index = len(live) - 1 if index is None else index
        if not 0 <= index < len(live):
            raise ReplyRefused(f"there is no turn {index + 1} to rewind to")
        for t in live[index:]:
            t.superseded = True
        self._now = live[index].before
        self.outcome = None
        for listener in self.listeners:
            listener.on_rewind(self, index)
        return self._now

    # ------------------------------------------------------------------ results

    @property
    def score(self) -> int:
        turns = self.turns
        deeds, early = self.deeds()
        return round_score(
            [t.score.values() for t in turns],
            self.outcome or "unfinished",
            deeds=deeds,
            early=early,
            delights=sum(len(t.delights) for t in turns),
        )

    def deeds(self) -> tuple[float, float]:
        """What was done for the customer: the share of the ending's needs met,
        and how early all of them were (1 on the first reply, 0 at the end of
        the customer's patience or never)."""
        turns = self.turns
        needs = set(self.scenario.ending.needs)
        horizon = self.scenario.customer.patience or max(len(turns), 6)
        if not needs:  # nothing named: resolving the round is the deed
            done = self.outcome == "resolved"
            return (1.0 if done else 0.0), (
                max(0.0, 1 - (len(turns) - 1) / horizon) if done else 0.0
            )
        met = turns[-1].needs_met & needs if turns else frozenset()
        when = next((t.index for t in turns if needs <= t.needs_met), None)
        early = 0.0 if when is None else max(0.0, 1 - when / horizon)
        return len(met) / len(needs), early

    def dimensions(self) -> dict[str, float]:
        turns = self.turns
        if not turns:
            return {d: 0.0 for d in DIMENSIONS}
        return {d: round(sum(t.score.value(d) for t in turns) / len(turns), 3) for d in DIMENSIONS}

    def to_dict(self) -> dict:
        outcome = self.outcome or "unfinished"
        return {
            "scenario": self.scenario.id,
            "seed": self.seed,
            "outcome": outcome,
            "score": self.score,
            "grade": grade(self.score),
            "dimensions": self.dimensions(),
            "customer_kind": self.customer.kind,
            "judge": self.turns[0].score.judge if self.turns else None,
            "opening": self.opening,
            "turns": [t.to_dict() for t in self.turns],
            "retries": [t.to_dict() for t in self.history if t.superseded],
            "repeats": [
                {"turn": t.index + 1, "fact": fact} for t in self.turns for fact in t.repeats
            ],
            "promises": [p.to_dict() for p in self.promises()],
            "delights": [
                {"turn": t.index + 1, "delight": name} for t in self.turns for name in t.delights
            ],
        }

    def promises(self) -> list[Promise]:
        """The promise ledger: every commitment made in the turns that count."""
        return [p for t in self.turns for p in t.promises]

    # ------------------------------------------------------------------ internals

    def _asked(self, text: str, revealed: frozenset[int]) -> tuple[list[int], list[int]]:
        """The facts a question asks for (by their ``about`` words, or by
        meaning when the fact has example questions), split into those to
        reveal now and those asked again (already told, or on the agent's
        screen)."""
        if not _is_question(text):
            return [], []
        facts = self.scenario.customer.facts
        lowered = text.lower()
        by_meaning = self.cues.facts_asked(text)
        asked = [
            i
            for i, fact in enumerate(facts)
            if i in by_meaning
            or any(re.search(rf"\b{re.escape(w.lower())}", lowered) for w in fact.words)
        ]
        again = [i for i in asked if i in revealed or facts[i].on_screen]
        return [i for i in asked if i not in again], again

    def _late(self, seconds: float | None) -> int:
        """The mood a reply's wait costs (0 within the SLA, or untimed)."""
        sla = self.scenario.sla_seconds
        if seconds is None or not sla or not self.timed or seconds <= sla:
            return 0
        return min(SLA_MAX_DRAIN, math.ceil((seconds - sla) / 10) * SLA_DRAIN_PER_10S)

    def _ending(self, turn: Turn) -> Outcome | None:
        sc = self.scenario
        end = sc.states[turn.state].end
        if end:
            return end
        if turn.mood <= sc.ending.give_up_at:
            return sc.ending.on_give_up
        if turn.mood >= sc.ending.resolve_at and set(sc.ending.needs) <= turn.needs_met:
            return "resolved"
        if sc.customer.patience is not None and len(self.turns) >= sc.customer.patience:
            return "out_of_turns"
        return None


_TIMED = re.compile(r"^\s*\[\+\s*(\d{1,6}(?:\.\d+)?)\s*s\]\s*")


def timed_line(line: str) -> tuple[float | None, str]:
    """A headless script line: ``[+45s] reply`` gives the seconds the trainee
    took; without the prefix, no time passes (None)."""
    m = _TIMED.match(line)
    if m is None:
        return None, line
    return float(m.group(1)), line[m.end() :]


def clean_reply(text: str) -> str:
    """The reply as it will be scored (trimmed), or :class:`ReplyRefused`."""
    cleaned = text.strip()
    if not cleaned:
        raise ReplyRefused("type a reply first: an empty reply is not sent")
    if len(cleaned) > MAX_REPLY_CHARS:
        raise ReplyRefused(
            f"that reply is {len(cleaned):,} characters; keep it under {MAX_REPLY_CHARS:,}"
        )
    return cleaned


def story_cues(scenario: Scenario, matched: frozenset[str]) -> Cues:
    """The scenario's own scoring phrases, for a reply whose matching cues
    are ``matched``.

    A story names its walls as policy-hiding phrases ("we don't sell tires",
    "without a receipt"), and said as the answer they are. Said on the way to
    doing what the customer came for (a cue among the ending's needs
    matched; a need that is a scoring dimension does not count here: "We don't
    sell tires. What I can do is refund them right now", "No problem, I'll
    refund it without a receipt"), the same words are a fact mentioned while
    helping, which the rubric scores 0; so there the walls are left out and
    the scorer reads the reply as it reads any other. The story's blame
    phrases always count: fixing it does not take back "you must have typed
    it wrong"."""
    done = bool(matched & set(scenario.ending.needs))
    return scenario.scoring.to_cues(walls=not done)


def reply_signals(
    cues: CueMatcher, text: str, score: ReplyScore, *, matched: frozenset[str] | None = None
) -> frozenset[str]:
    """What a reply shows, for the scenario's rules: the dimensions present,
    the cues that match (``matched``, when already known), and ``question``."""
    found = {d for d in DIMENSIONS if score.present(d)}
    found |= cues.matches(text) if matched is None else matched
    if _is_question(text):
        found.add("question")
    return frozenset(found)


def first_rule(rules: list[Rule], signals: frozenset[str]) -> tuple[int, Rule] | None:
    """The first rule (and its index) that the signals satisfy, as in play."""
    return next(((n, r) for n, r in enumerate(rules) if rule_matches(r, signals)), None)


def discounted(score: ReplyScore, said_before: int) -> ReplyScore:
    """A repeated reply's empathy and ownership count 1/(n+1) of their value."""
    factor = 1 / (said_before + 1)
    scores = dict(score.scores)
    for dim in ("empathy", "ownership"):
        s = scores[dim]
        if s.value > 0:
            note = f" Said before in this round, so it counts {factor:.0%}."
            scores[dim] = replace(
                s, value=round(s.value * factor, 3), explanation=s.explanation + note
            )
    return replace(score, scores=scores)


def _is_question(text: str) -> bool:
    return "?" in text or bool(_QUESTION_OPENERS.search(text))


def _describe(rule: Rule | None) -> str | None:
    if rule is None:
        return None
    where = f" -> {rule.goto}" if rule.goto else ""
    return f"when {', '.join(rule.when)}{where} ({rule.mood:+d})"

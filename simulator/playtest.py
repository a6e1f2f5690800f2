"""Play-testing a scenario before trainees see it.

Checks, so a trainer finds a broken or unfair scenario before a new hire does:

1. the state graph, walked with every combination of the signals a state's
   rules use (first match wins, as in play): every state must be reachable;
2. three trainees play it:
   - the **model** (the scenario's ``examples.good``, or a generic bank of
     empathetic, owning replies) must resolve the round;
   - the **middling** trainee (generic, never from the scenario: a keyword
     stuffer's stock phrase, pseudo-empathy and vague hand-offs, no concrete
     fix) must neither resolve it nor score as much as the model;
   - the **poor** trainee (``examples.poor``, or replies that cite policy,
     blame and commit to nothing) must not resolve it;
3. no trainee's round may end on the first reply (one reply should never
   decide a round).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain, combinations

from scoring.judges import default_scorer
from simulator.engine import Round, Scorer, rule_matches
from simulator.models import Scenario

#: Used when a scenario has no ``examples.good``.
GENERIC_GOOD = (
    "I'm so sorry, that sounds really frustrating, and I can see why you're upset.",
    "That's on us, not you. What I can do for you right now is fix this myself.",
    "I've taken care of it and I'll email you a confirmation today.",
    "Thank you for your patience; I'll call you tomorrow to make sure it's all sorted.",
)
#: Used when a scenario has no ``examples.poor``.
GENERIC_POOR = (
    "That's against our policy, there's nothing I can do.",
    "You should have read the terms before you bought it.",
    "Someone from another department will look into it eventually.",
    "Rules are rules. The system won't let me change it.",
)
#: The middling trainee, the same for every scenario: the stock phrase of a
#: keyword stuffer, pseudo-empathy and vague hand-offs, and no concrete act.
STOCK_PHRASE = (
    "I completely understand how frustrating this is, and I'll personally take care of it "
    "right now."
)
GENERIC_MIDDLING = (
    STOCK_PHRASE,
    "I'm sorry for any inconvenience. I'll pass this on to the right team and someone "
    "will get back to you.",
    STOCK_PHRASE,
    "Thank you for your patience. We'll look into it and see what we can do.",
)
TRAINEES = ("model", "middling", "poor")
MAX_TURNS = 30
#: Subsets of more signals than this are sampled by size instead of enumerated.
MAX_SIGNALS_ENUMERATED = 12


@dataclass
class TraineeRun:
    outcome: str
    score: int
    turns: int
    states: list[str]
    moods: list[int] = field(default_factory=list)

    @property
    def path(self) -> list[dict]:
        return [{"state": s, "mood": m} for s, m in zip(self.states, self.moods, strict=True)]

    def describe_path(self) -> str:
        return " > ".join(f"{p['state']} ({p['mood']})" for p in self.path)

    def to_dict(self) -> dict:
        return {
            "outcome": self.outcome,
            "score": self.score,
            "turns": self.turns,
            "path": self.path,
        }


@dataclass
class PlaytestReport:
    scenario: str
    problems: list[str] = field(default_factory=list)
    trainees: dict[str, TraineeRun] = field(default_factory=dict)
    reachable: set[str] = field(default_factory=set)
    #: states no trainee's round passed through
    unvisited: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def good(self) -> TraineeRun | None:
        return self.trainees.get("model")

    @property
    def poor(self) -> TraineeRun | None:
        return self.trainees.get("poor")

    def to_dict(self) -> dict:
        return {
            "scenario": self.scenario,
            "ok": self.passed,
            "problems": self.problems,
            "trainees": {name: run.to_dict() for name, run in self.trainees.items()},
            "unvisited": self.unvisited,
        }


def _subsets(items: list[str]):
    return chain.from_iterable(combinations(items, n) for n in range(len(items) + 1))


def walk_states(scenario: Scenario) -> set[str]:
    """States reachable from the start when replies can show any combination
    of signals; a rule shadowed by earlier ones never fires here, as in play."""
    seen: set[str] = set()
    todo = [scenario.start_state]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        state = scenario.states[name]
        used = sorted(
            {c.removeprefix("not ").strip() for r in state.rules for c in r.when} - {"any"}
        )[:MAX_SIGNALS_ENUMERATED]
        for subset in _subsets(used):
            signals = frozenset(subset)
            rule = next((r for r in state.rules if rule_matches(r, signals)), None)
            if rule and rule.goto and rule.goto not in seen:
                todo.append(rule.goto)
    return seen


def play_trainee(scenario: Scenario, replies: tuple[str, ...], scorer: Scorer) -> TraineeRun:
    """Play ``replies`` in order (cycling) until the round ends."""
    rnd = Round(scenario, scorer=scorer, seed=0)
    states, moods = [rnd.state], [rnd.mood]
    for n in range(MAX_TURNS):
        if rnd.finished:
            break
        rnd.play(replies[n % len(replies)])
        states.append(rnd.state)
        moods.append(rnd.mood)
    return TraineeRun(rnd.outcome or "unfinished", rnd.score, len(rnd.turns), states, moods)


def playtest(scenario: Scenario, scorer: Scorer | None = None) -> PlaytestReport:
    if scorer is None:
        scorer = default_scorer()
    report = PlaytestReport(scenario.id)
    report.reachable = walk_states(scenario)
    for name in scenario.states:
        if name not in report.reachable:
            report.problems.append(
                f"state '{name}' is never reached: no reply can trigger a rule that goes there "
                "(an earlier rule in the same state may always match first)"
            )
    replies = {
        "model": tuple(scenario.examples.good) or GENERIC_GOOD,
        "middling": GENERIC_MIDDLING,
        "poor": tuple(scenario.examples.poor) or GENERIC_POOR,
    }
    runs = {name: play_trainee(scenario, replies[name], scorer) for name in TRAINEES}
    report.trainees = runs
    visited = {s for run in runs.values() for s in run.states}
    report.unvisited = [name for name in scenario.states if name not in visited]
    model, middling, poor = runs["model"], runs["middling"], runs["poor"]
    if model.outcome != "resolved":
        report.problems.append(
            f"the model trainee cannot resolve it: {model.outcome} after {model.turns} turns "
            f"(path {model.describe_path()})"
        )
    if middling.outcome == "resolved":
        report.problems.append(
            f"the middling trainee (stock phrases, no concrete fix) resolves it in "
            f"{middling.turns} turns (path {middling.describe_path()}): make the ending need "
            "a concrete act (a cue), not generic empathy or ownership"
        )
    if middling.score >= model.score:
        report.problems.append(
            f"the middling trainee scores {middling.score}, not below the model trainee's "
            f"{model.score}"
        )
    if poor.outcome == "resolved":
        report.problems.append(
            f"the poor trainee resolves it in {poor.turns} turns (path {poor.describe_path()})"
        )
    for name, run in runs.items():
        if run.turns == 1:
            report.problems.append(
                f"the {name} trainee's round ends on turn 1 ({run.outcome}, path "
                f"{run.describe_path()}): one reply should never decide a round"
            )
    return report

"""Play-testing a scenario before trainees see it.

Three checks, so a trainer finds a broken scenario before a new hire does:

1. the state graph, walked with every combination of the signals a state's
   rules use (first match wins, as in play): every state must be reachable;
2. a model trainee (the scenario's ``examples.good``, or a generic bank of
   empathetic, owning replies) must resolve the round;
3. a poor trainee (``examples.poor``, or replies that cite policy, blame and
   commit to nothing) must neither resolve it nor score as high.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain, combinations

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
MAX_TURNS = 30
#: Subsets of more signals than this are sampled by size instead of enumerated.
MAX_SIGNALS_ENUMERATED = 12


@dataclass
class TraineeRun:
    outcome: str
    score: int
    turns: int
    states: list[str]

    def to_dict(self) -> dict:
        return {"outcome": self.outcome, "score": self.score, "turns": self.turns}


@dataclass
class PlaytestReport:
    scenario: str
    problems: list[str] = field(default_factory=list)
    good: TraineeRun | None = None
    poor: TraineeRun | None = None
    reachable: set[str] = field(default_factory=set)

    @property
    def passed(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict:
        return {
            "scenario": self.scenario,
            "passed": self.passed,
            "problems": self.problems,
            "good": self.good.to_dict() if self.good else None,
            "poor": self.poor.to_dict() if self.poor else None,
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
    states = [rnd.state]
    for n in range(MAX_TURNS):
        if rnd.finished:
            break
        rnd.play(replies[n % len(replies)])
        states.append(rnd.state)
    return TraineeRun(rnd.outcome or "unfinished", rnd.score, len(rnd.turns), states)


def playtest(scenario: Scenario, scorer: Scorer | None = None) -> PlaytestReport:
    if scorer is None:
        from scoring.rules import rule_scorer

        scorer = rule_scorer()
    report = PlaytestReport(scenario.id)
    report.reachable = walk_states(scenario)
    for name in scenario.states:
        if name not in report.reachable:
            report.problems.append(
                f"state '{name}' is never reached: no reply can trigger a rule that goes there "
                "(an earlier rule in the same state may always match first)"
            )
    good = tuple(scenario.examples.good) or GENERIC_GOOD
    poor = tuple(scenario.examples.poor) or GENERIC_POOR
    report.good = play_trainee(scenario, good, scorer)
    report.poor = play_trainee(scenario, poor, scorer)
    if report.good.outcome != "resolved":
        report.problems.append(
            f"the model trainee cannot resolve it: {report.good.outcome} after "
            f"{report.good.turns} turns (states {' > '.join(report.good.states)})"
        )
    if report.poor.outcome == "resolved":
        report.problems.append(
            f"the poor trainee resolves it in {report.poor.turns} turns "
            f"(states {' > '.join(report.poor.states)})"
        )
    if report.poor.score >= report.good.score:
        report.problems.append(
            f"the poor trainee scores {report.poor.score}, not below the model trainee's "
            f"{report.good.score}"
        )
    return report

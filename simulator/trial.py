"""How the game would take one reply: ``hotseat try`` and the TUI's try view.

For a trainer who wants to know *why* a reply moved the customer: the four
scores, the signals, every cue that matched (pattern, text, offsets) and, for
every state, the rule that would fire, where it goes and the mood change.
Pure and headless, like the engine whose functions it reuses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.cue_match import CueMatcher
from simulator.engine import Scorer, clean_reply, first_rule, reply_signals, story_cues
from simulator.errors import UsageError
from simulator.loader import did_you_mean
from simulator.models import Scenario


@dataclass
class StateOutcome:
    rule: int | None
    when: list[str] | None
    goto: str
    mood: int
    #: True when this reply alone would meet every one of the ending's needs
    needs_met: bool

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "when": self.when,
            "goto": self.goto,
            "mood": self.mood,
            "needs_met": self.needs_met,
        }


@dataclass
class Trial:
    scenario: str
    reply: str
    scores: dict[str, float]
    signals: list[str]
    #: Every cue that matched: how (pattern or example), the words, offsets
    cues: dict[str, list[dict]]
    states: dict[str, StateOutcome] = field(default_factory=dict)
    needs: dict[str, bool] = field(default_factory=dict)
    judge: str = ""
    #: Every cue, matched or not: the closest sentence, its similarity, the
    #: nearest example and near miss, and why
    checks: dict[str, dict] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "scenario": self.scenario,
            "reply": self.reply,
            "scores": self.scores,
            "signals": self.signals,
            "cues": self.cues,
            "states": {name: s.to_dict() for name, s in self.states.items()},
            "needs": self.needs,
            "judge": self.judge,
            "checks": self.checks,
        }


def _hit(check) -> dict:
    hit = {"text": check.text, "start": check.start, "end": check.end, "by": check.by}
    # "pattern" stays in every hit (None for an example), as before examples
    hit["pattern"] = check.pattern
    if check.by == "example" and check.similarity is not None:
        hit["example"] = check.nearest
        hit["similarity"] = round(check.similarity, 3)
    return hit


def try_reply(scenario: Scenario, reply: str, scorer: Scorer, *, state: str | None = None) -> Trial:
    """Score ``reply`` as the game would and say what every state would do."""
    text = clean_reply(reply)
    if state is not None and state not in scenario.states:
        hint = did_you_mean(state, scenario.states) or f"; states: {', '.join(scenario.states)}"
        raise UsageError(f"'{scenario.id}' has no state '{state}'{hint}")
    matcher = CueMatcher(scenario)
    found = matcher.matches(text)
    score = scorer.score(text, customer=scenario.opening, cues=story_cues(scenario, found))
    signals = reply_signals(matcher, text, score, matched=found)
    checks = matcher.check(text)
    matched = {name: [_hit(c)] for name, c in checks.items() if c.matched}
    needs = {need: need in signals for need in scenario.ending.needs}
    trial = Trial(
        scenario.id,
        text,
        score.values(),
        sorted(signals),
        {name: hits for name, hits in matched.items() if hits},
        needs=needs,
        judge=score.judge,
        checks={name: c.to_dict() for name, c in checks.items()},
    )
    for name in [state] if state else list(scenario.states):
        fired = first_rule(scenario.states[name].rules, signals)
        if fired is None:
            outcome = StateOutcome(None, None, name, scenario.ending.idle_mood, all(needs.values()))
        else:
            index, rule = fired
            outcome = StateOutcome(
                index, list(rule.when), rule.goto or name, rule.mood, all(needs.values())
            )
        trial.states[name] = outcome
    return trial


def format_trial(trial: Trial) -> str:
    """The plain-text report of ``hotseat try``."""
    lines = [f"scenario: {trial.scenario}", f"reply:    {trial.reply}", ""]
    lines.append("scores:   " + "  ".join(f"{d} {v:.2f}" for d, v in trial.scores.items()))
    lines.append("signals:  " + (", ".join(trial.signals) or "(none)"))
    lines.append("")
    lines.append("cues:")
    if not trial.checks:
        lines.append("  (this scenario has no cues)")
    for name, c in trial.checks.items():
        mark = "yes" if c["matched"] else "no "
        lines.append(f"  {mark} {name:<18} {c['why']}")
        if c["near_miss"] is not None:
            near = f"nearest near miss: '{c['near_miss']}' ({c['near_miss_similarity']:.2f})"
            lines.append(f"      {'':<18} {near}")
    if trial.needs:
        met = ", ".join(f"{n} {'met' if ok else 'not met'}" for n, ok in trial.needs.items())
        lines.append(f"ending needs: {met}")
    lines += ["", "in each state:"]
    for name, s in trial.states.items():
        if s.rule is None:
            lines.append(f"  {name:<18} no rule fires: stays, mood {s.mood:+d}")
        else:
            when = ", ".join(s.when or [])
            lines.append(f"  {name:<18} rule {s.rule} (when {when}) -> {s.goto}, mood {s.mood:+d}")
    return "\n".join(lines)

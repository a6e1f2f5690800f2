"""Tips that fit the story: a reply's coaching built around this customer.

The scorer's tips quote the trainee's own phrase and say what to do instead,
in words that fit any story. Here each tip gets its better phrasing from the
scenario itself: the scenario's good example that shows most of what the
reply lacked (ownership after blame or policy-hiding, empathy after a cold
reply). So a gym call's hint talks about the gym, never about tires.
"""

from __future__ import annotations

from dataclasses import replace

from scoring.types import NEGATIVE, ReplyScore
from simulator.models import Scenario

#: Which quality a better reply needs after each finding.
REMEDY = {
    "blame": "ownership",
    "policy_hiding": "ownership",
    "empathy": "empathy",
    "ownership": "ownership",
}


class StoryCoach:
    """Scores a scenario's good examples once, then fits tips to the story."""

    def __init__(self, scenario: Scenario, scorer) -> None:
        self.scenario = scenario
        self.scorer = scorer
        self._best: dict[str, str] | None = None

    def best_examples(self) -> dict[str, str]:
        """For each quality, the good example that shows most of it."""
        if self._best is None:
            good = list(self.scenario.examples.good)
            self._best = {}
            if good:
                scored = [
                    (ex, self.scorer.score(ex, customer=self.scenario.opening)) for ex in good
                ]
                for quality in ("empathy", "ownership"):
                    self._best[quality] = max(scored, key=lambda p: p[1].value(quality))[0]
        return self._best

    def fit(self, score: ReplyScore) -> ReplyScore:
        """The verdict with each tip's example taken from this story."""
        best = self.best_examples()
        if not best:
            return score
        scores = dict(score.scores)
        changed = False
        for dim, s in score.scores.items():
            if not s.tip:
                continue
            needed = (dim in NEGATIVE and s.present) or (dim not in NEGATIVE and not s.present)
            example = best.get(REMEDY[dim])
            if needed and example and example not in s.tip:
                scores[dim] = replace(s, tip=f'{s.tip} In this story, for instance: "{example}"')
                changed = True
        return replace(score, scores=scores) if changed else score

"""Where a player stands: on a track, and what to practise next.

Pure functions over the player's saved rounds (dicts as
:meth:`simulator.store.Store.player_rounds` gives them: ``scenario``,
``score``, ``flags``, ``outcome``, ``dimensions``, ``finished_at``), so the
CLI, the TUI and the reports agree, and tests need no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from scoring.types import DIMENSIONS, NEGATIVE
from simulator.engine import grade
from simulator.models import Scenario
from simulator.tracks import PassMark, Track

GRADES = ("A", "B", "C", "D", "F")
#: Points a round can lose to each dimension (see ``engine.round_score``):
#: empathy and ownership share the 20 points for words, blame and
#: policy-hiding cost up to 40 each.
POINTS_AT_STAKE = {"empathy": 10.0, "ownership": 10.0, "blame": 40.0, "policy_hiding": 40.0}
DIMENSION_NAMES = {
    "empathy": "empathy",
    "ownership": "ownership",
    "blame": "blame",
    "policy_hiding": "policy-hiding",
}
RECENT = 3
#: Below this many points lost to any dimension (per round), nothing needs
#: drilling: the suggestion follows the track instead.
WORTH_DRILLING = 3.0


def passes(rnd: dict, mark: PassMark) -> bool:
    """Whether a finished round reaches the stage's pass mark."""
    if rnd.get("outcome") in (None, "unfinished", "abandoned"):
        return False
    good_enough = GRADES.index(grade(int(rnd["score"]))) <= GRADES.index(mark.grade)
    return good_enough and (not mark.clean or int(rnd.get("flags") or 0) == 0)


@dataclass
class ScenarioStanding:
    id: str
    best: int | None
    passed: bool
    #: The best round's id (for a report's link to its transcript).
    best_round: str | None = None


@dataclass
class StageStanding:
    title: str
    lesson: str
    passed: bool
    unlocked: bool
    scenarios: list[ScenarioStanding]


@dataclass
class TrackStanding:
    track: str
    player: str
    stages: list[StageStanding]
    next: str | None

    @property
    def current(self) -> StageStanding | None:
        """The stage to work on: the first unlocked one not yet passed."""
        return next((s for s in self.stages if s.unlocked and not s.passed), None)

    @property
    def stages_passed(self) -> int:
        return sum(s.passed for s in self.stages)

    def to_dict(self) -> dict:
        """The ``hotseat track show --json`` contract."""
        return {
            "track": self.track,
            "player": self.player,
            "stages": [
                {
                    "title": s.title,
                    "passed": s.passed,
                    "unlocked": s.unlocked,
                    "scenarios": [
                        {"id": c.id, "best": c.best, "passed": c.passed} for c in s.scenarios
                    ],
                }
                for s in self.stages
            ],
            "next": self.next,
        }


def standing(track: Track, player: str, rounds: Iterable[dict]) -> TrackStanding:
    """The player's place on ``track``, from their finished rounds."""
    by_scenario: dict[str, list[dict]] = {}
    for r in rounds:
        if r.get("finished_at") and r.get("outcome") not in ("unfinished", "abandoned"):
            by_scenario.setdefault(r["scenario"], []).append(r)
    stages: list[StageStanding] = []
    unlocked = True
    for stage in track.stages:
        rows = []
        for sid in stage.scenarios:
            played = by_scenario.get(sid, [])
            best = max(played, key=lambda r: int(r["score"]), default=None)
            rows.append(
                ScenarioStanding(
                    sid,
                    int(best["score"]) if best else None,
                    any(passes(r, stage.pass_mark) for r in played),
                    best.get("id") if best else None,
                )
            )
        need = stage.need or len(stage.scenarios)
        passed = unlocked and sum(r.passed for r in rows) >= need
        stages.append(StageStanding(stage.title, stage.lesson, passed, unlocked, rows))
        unlocked = passed
    current = next((s for s in stages if s.unlocked and not s.passed), None)
    upcoming = next((c.id for c in current.scenarios if not c.passed), None) if current else None
    return TrackStanding(track.id, player, stages, upcoming)


# --------------------------------------------------------------------------- practise next


@dataclass(frozen=True)
class Suggestion:
    """One scenario to play next, and why."""

    scenario: str
    title: str
    reason: str
    #: The dimension it trains, or None when it simply follows the track.
    dimension: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def points_lost(rounds: Sequence[dict]) -> dict[str, float]:
    """Mean points lost per dimension over ``rounds``."""
    if not rounds:
        return dict.fromkeys(DIMENSIONS, 0.0)
    lost = dict.fromkeys(DIMENSIONS, 0.0)
    for r in rounds:
        for d in DIMENSIONS:
            v = float(r["dimensions"][d])
            lost[d] += POINTS_AT_STAKE[d] * (v if d in NEGATIVE else 1.0 - v)
    return {d: lost[d] / len(rounds) for d in DIMENSIONS}


def tests_dimension(sc: Scenario, dim: str) -> int:
    """How strongly a scenario puts ``dim`` to the test: rules whose ``when``
    names it (the customer reacts to it) and story phrases scored for it."""
    rules = sum(
        1
        for state in sc.states.values()
        for rule in state.rules
        if any(c.removeprefix("not ").strip() == dim for c in rule.when)
    )
    return 2 * rules + len(getattr(sc.scoring, dim))


def _count_word(n: int) -> str:
    return {1: "last round", 2: "last two rounds", 3: "last three rounds"}.get(
        n, f"last {n} rounds"
    )


def practise_next(
    rounds: Sequence[dict],
    scenarios: Sequence[Scenario],
    *,
    standing: TrackStanding | None = None,
    just_played: str | None = None,
) -> Suggestion | None:
    """One scenario to practise next, from the weakest dimension of the
    player's recent finished rounds (newest first in ``rounds``).

    Among the scenarios that test that dimension it prefers, in order: the
    track's unlocked scenarios not yet passed, any not yet passed, then the
    rest; never the one just played when another will do. With no rounds
    yet, it follows the track."""
    finished = [r for r in rounds if r.get("finished_at") and r.get("dimensions")]
    recent = finished[:RECENT]
    by_id = {s.id: s for s in scenarios}
    if not by_id:
        return None
    lost = points_lost(recent)
    weakest = max(DIMENSIONS, key=lambda d: (lost[d], -DIMENSIONS.index(d)))
    if not recent or lost[weakest] < WORTH_DRILLING:
        why = "the next scenario on your track"
        if recent:
            why = f"your {_count_word(len(recent))} lost little on any dimension; {why}"
        if standing and standing.next and standing.next in by_id and standing.next != just_played:
            sc = by_id[standing.next]
            return Suggestion(sc.id, sc.title, why)
        if not recent:
            return Suggestion(scenarios[0].id, scenarios[0].title, "a good first round")
    passed = {r["scenario"] for r in finished if r.get("outcome") == "resolved"}
    on_track: set[str] = set()
    if standing is not None:
        on_track = {
            c.id for s in standing.stages if s.unlocked for c in s.scenarios if not c.passed
        }

    # never the scenario just played, when another will do
    order = {sc.id: n for n, sc in enumerate(scenarios)}
    candidates = [sc for sc in scenarios if sc.id != just_played] or list(scenarios)
    strength = {sc.id: tests_dimension(sc, weakest) for sc in candidates}

    def rank(sc: Scenario) -> tuple:
        return (
            strength[sc.id] > 0,
            sc.id in on_track,
            sc.id not in passed,
            strength[sc.id],
            -order[sc.id],
        )

    best = max(candidates, key=rank)
    name = DIMENSION_NAMES[weakest]
    verb = "lost most points to" if weakest in NEGATIVE else "lost most points on"
    why = f"your {_count_word(len(recent))} {verb} {name}"
    why += "; this customer tests it" if strength[best.id] else ""
    return Suggestion(best.id, best.title, why, weakest)

"""The trainer's view of a cohort: a player x scenario grid, each player's
stage, per-dimension averages and trend, lessons still failing, and the
transcripts behind the grid's cells. One model feeds the text, JSON, CSV and
HTML reports of tracks and tournaments alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from statistics import fmean
from typing import Any

from scoring.types import DIMENSIONS
from simulator.loader import Library
from simulator.progress import standing
from simulator.tracks import Track

#: Rounds of history a report's trend lines show, per player.
SERIES = 20


@dataclass
class Cell:
    """One player's best (or counted) round of one scenario."""

    score: int
    round_id: str
    outcome: str | None
    flags: int
    passed: bool | None = None


@dataclass
class PlayerRow:
    player: str
    cells: dict[str, Cell] = field(default_factory=dict)
    #: Track reports: the stage being worked on ("complete" when all passed).
    stage: str | None = None
    stages_passed: int = 0
    #: Lessons of stages reached, tried and not passed yet.
    failing: list[str] = field(default_factory=list)
    dimensions: dict[str, float | None] = field(default_factory=dict)
    #: Change from the first rounds to the latest (mean of up to three each).
    trend: dict[str, float | None] = field(default_factory=dict)
    #: Per dimension, the values of the player's rounds, oldest first.
    series: dict[str, list[float]] = field(default_factory=dict)
    rounds: int = 0
    unfinished: int = 0
    team: str | None = None

    @property
    def started(self) -> bool:
        return self.rounds > 0 or self.unfinished > 0


@dataclass
class Transcript:
    round_id: str
    player: str
    scenario: str
    score: int
    outcome: str | None
    turns: list[dict[str, Any]]


@dataclass
class CohortReport:
    kind: str  # "track" or "tournament"
    name: str
    title: str
    scenarios: list[tuple[str, str]]  # (id, title), in order
    players: list[PlayerRow]
    transcripts: dict[str, Transcript] = field(default_factory=dict)
    generated_at: str = field(
        default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds")
    )
    #: Track reports: each stage's title and scenario ids.
    stages: list[tuple[str, list[str]]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            self.kind: self.name,
            "title": self.title,
            "generated_at": self.generated_at,
            "scenarios": [sid for sid, _ in self.scenarios],
            "players": [
                {
                    "player": p.player,
                    "team": p.team,
                    "started": p.started,
                    "stage": p.stage,
                    "stages_passed": p.stages_passed,
                    "best": {
                        sid: (c.score if (c := p.cells.get(sid)) else None)
                        for sid, _ in self.scenarios
                    },
                    "passed": {
                        sid: (c.passed if (c := p.cells.get(sid)) else False)
                        for sid, _ in self.scenarios
                    },
                    "dimensions": p.dimensions,
                    "trend": p.trend,
                    "failing": p.failing,
                    "rounds": p.rounds,
                    "unfinished": p.unfinished,
                }
                for p in self.players
            ],
        }

    def as_text(self) -> str:
        ids = [sid for sid, _ in self.scenarios]
        width = max([len(p.player) for p in self.players] + [6])
        lines = [f"{self.title} ({self.kind} {self.name}), {self.generated_at}", ""]
        lines.append(
            f"{'player':<{width}}  {'stage':<28}  " + "  ".join(f"{i[:10]:>10}" for i in ids)
        )
        for p in self.players:
            stage = (p.stage or ("not started" if not p.started else ""))[:28]
            cells = [
                f"{(str(c.score) + ('✓' if c.passed else '')) if (c := p.cells.get(sid)) else '–':>10}"
                for sid in ids
            ]
            lines.append(f"{p.player:<{width}}  {stage:<28}  " + "  ".join(cells))
        failing = [(p.player, f) for p in self.players for f in p.failing]
        if failing:
            lines += ["", "Lessons still failing:"]
            lines += [f"  {player}: {lesson}" for player, lesson in failing]
        return "\n".join(lines)


def dimension_summary(rounds: list[dict]) -> tuple[dict, dict, dict]:
    """(mean, trend, series) per dimension over rounds given newest first."""
    oldest_first = list(reversed(rounds))
    means: dict[str, float | None] = {}
    trend: dict[str, float | None] = {}
    series: dict[str, list[float]] = {}
    for d in DIMENSIONS:
        values = [float(r["dimensions"][d]) for r in oldest_first]
        means[d] = round(fmean(values), 3) if values else None
        k = min(3, len(values) // 2)
        trend[d] = round(fmean(values[-k:]) - fmean(values[:k]), 3) if k else None
        series[d] = [round(v, 3) for v in values[-SERIES:]]
    return means, trend, series


def transcript(
    store, round_id: str, player: str, scenario: str, score: int, outcome: str | None
) -> Transcript:
    """A saved round's transcript: the turns that count, in order."""
    turns = [t for t in store.round_turns(round_id) if not t["superseded"]]
    return Transcript(round_id, player, scenario, int(score), outcome, turns)


def cohort_report(
    store, track: Track, library: Library, roster: list[str] | None = None
) -> CohortReport:
    """Where every player of the cohort stands on ``track``: the roster's
    players (those who have started nothing too), else everyone with a round."""
    players = roster if roster is not None else store.players()
    finished = store.rounds_of(players)
    open_rounds = store.rounds_of(players, finished=False)
    titles = {s.scenario.id: s.scenario.title for s in library.scenarios}
    ids = [sid for stage in track.stages for sid in stage.scenarios]
    report = CohortReport(
        "track",
        track.id,
        track.title,
        [(sid, titles.get(sid, sid)) for sid in ids],
        [],
        stages=[(s.title, list(s.scenarios)) for s in track.stages],
    )
    by_id: dict[str, dict] = {r["id"]: r for r in finished}
    for name in players:
        mine = [r for r in finished if r["player"] == name]
        place = standing(track, name, mine)
        row = PlayerRow(name, rounds=len(mine))
        row.unfinished = sum(1 for r in open_rounds if r["player"] == name)
        row.stages_passed = place.stages_passed
        current = place.current
        row.stage = current.title if current else ("complete" if mine else None)
        if not mine:
            row.stage = None
        for stage in place.stages:
            tried = any(c.best is not None for c in stage.scenarios)
            if stage.unlocked and not stage.passed and tried:
                row.failing.append(stage.title)
            for c in stage.scenarios:
                if c.best_round is not None and c.best is not None:
                    best = by_id[c.best_round]
                    row.cells[c.id] = Cell(
                        c.best, c.best_round, best["outcome"], int(best["flags"]), c.passed
                    )
                    report.transcripts[c.best_round] = transcript(
                        store, best["id"], name, c.id, c.best, best["outcome"]
                    )
        track_rounds = [r for r in mine if r["scenario"] in ids]
        row.dimensions, row.trend, row.series = dimension_summary(track_rounds)
        report.players.append(row)
    return report


def tournament_grid(store, board: dict[str, Any], rounds: list[dict], entrants: list[dict]):
    """A tournament's player x scenario grid: each cell the round that counts
    (the best, with several rounds per scenario), the roster's players who
    have not played included."""
    tour = board["tournament"]
    scenarios = [(s["id"], s["title"] or s["id"]) for s in tour["scenarios"]]
    report = CohortReport("tournament", tour["name"], tour["name"], scenarios, [])
    teams = {e["player"]: e["team"] for e in entrants}
    order = [p["player"] for p in board["players"]]
    order += [e["player"] for e in entrants if e["player"] not in order]
    for name in order:
        mine = [r for r in rounds if r["player"] == name]
        row = PlayerRow(name, rounds=len(mine), team=teams.get(name))
        best: dict[str, dict] = {}
        for r in mine:
            held = best.get(r["scenario_id"])
            if held is None or r["score"] > held["score"]:
                best[r["scenario_id"]] = r
        for sid, r in best.items():
            row.cells[sid] = Cell(int(r["score"]), r["id"], r["outcome"], int(r["flags"]))
            report.transcripts[r["id"]] = transcript(
                store, r["id"], name, sid, r["score"], r["outcome"]
            )
        report.players.append(row)
    return report

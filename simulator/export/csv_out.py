"""The leaderboard as CSV, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from typing import Any

from scoring.types import DIMENSIONS

#: A cell starting with one of these is a formula to a spreadsheet
#: (``=HYPERLINK(...)``, ``+cmd|...``, ``@SUM(...)``): it gets a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def leaderboard_csv(board: dict[str, Any]) -> str:
    """Players, then a blank line, then teams (each with its own header)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(
        [
            "rank",
            "player",
            "team",
            "total",
            "played",
            "resolved",
            *DIMENSIONS,
            "flags",
            "unfinished",
        ]
    )
    for p in board["players"]:
        row = [p["rank"], p["player"], p["team"] or "", p["total"], p["played"], p["resolved"]]
        row += [f"{p['dimensions'][d]:.3f}" for d in DIMENSIONS] + [p["flags"], p["unfinished"]]
        w.writerow([safe_cell(c) for c in row])
    if board["teams"]:
        w.writerow([])
        w.writerow(["team_rank", "team", "players", "total", "played", "resolved", *DIMENSIONS])
        for t in board["teams"]:
            row = [t["rank"], t["team"], len(t["players"]), t["total"], t["played"], t["resolved"]]
            row += [f"{t['dimensions'][d]:.3f}" for d in DIMENSIONS]
            w.writerow([safe_cell(c) for c in row])
    return out.getvalue()


def grid_csv(report) -> str:
    """A cohort report's player x scenario grid: best score per scenario
    (empty when not played), then stage, averages and rounds."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    ids = [sid for sid, _ in report.scenarios]
    w.writerow(["player", "stage", "stages_passed", *ids, *DIMENSIONS, "rounds", "unfinished"])
    for p in report.players:
        stage = p.stage or ("" if p.started else "not started")
        cells = [p.cells[sid].score if sid in p.cells else "" for sid in ids]
        dims = [f"{v:.3f}" if (v := p.dimensions.get(d)) is not None else "" for d in DIMENSIONS]
        row = [p.player, stage, p.stages_passed, *cells, *dims, p.rounds, p.unfinished]
        w.writerow([safe_cell(c) for c in row])
    return out.getvalue()

"""The leaderboard as plain text for the terminal."""

from __future__ import annotations

from scoring.types import DIMENSIONS

SHORT = {"empathy": "emp", "ownership": "own", "blame": "blame", "policy_hiding": "policy"}


def _table(head: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]

    def line(cells):
        return "  ".join(
            str(c).rjust(w) if i in right else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return [line(head), *(line(r) for r in rows)]


def board_text(board: dict) -> str:
    tour = board["tournament"]
    out = [f"tournament: {tour['name']}"]
    if not board["players"]:
        out.append("no finished rounds yet")
        return "\n".join(out)
    head = ["#", "player", "team", "total", "played", "resolved", *(SHORT[d] for d in DIMENSIONS)]
    head.append("unfinished")
    rows = [
        [p["rank"], p["player"], p["team"] or "-", p["total"], p["played"], p["resolved"]]
        + [f"{p['dimensions'][d]:.2f}" for d in DIMENSIONS]
        + [p.get("unfinished", 0)]
        for p in board["players"]
    ]
    out += _table(head, rows, {0, 3, 4, 5, 6, 7, 8, 9, 10})
    if any(p.get("unfinished") for p in board["players"]):
        out.append(
            "unfinished: rounds started and never finished (a closed terminal); each counts "
            "as the attempt until the trainer resets it"
        )
    if board["teams"]:
        out.append("")
        out.append("teams (total = mean of the players' totals)")
        head = ["#", "team", "players", "total", "resolved", *(SHORT[d] for d in DIMENSIONS)]
        rows = [
            [t["rank"], t["team"], len(t["players"]), f"{t['total']:g}", t["resolved"]]
            + [f"{t['dimensions'][d]:.2f}" for d in DIMENSIONS]
            for t in board["teams"]
        ]
        out += _table(head, rows, {0, 2, 3, 4, 5, 6, 7, 8})
    return "\n".join(out)

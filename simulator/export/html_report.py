"""The trainer's report: one self-contained HTML file (inline CSS and SVG, no
scripts, no external assets), so it can be mailed or opened offline.

Every name, phrase and tip goes through :func:`html.escape`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import Any

from scoring.types import DIMENSIONS, NEGATIVE

LABELS = {
    "empathy": "Empathy",
    "ownership": "Ownership",
    "blame": "Blame",
    "policy_hiding": "Policy-hiding",
}
COLOURS = {
    "empathy": "#2e7d32",
    "ownership": "#1565c0",
    "blame": "#c62828",
    "policy_hiding": "#ef6c00",
}

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;
max-width:60rem;padding:0 1rem;color:#1b1b1b;line-height:1.4}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}
.meta{color:#555}table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{padding:.3rem .5rem;border-bottom:1px solid #e5e5e5;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:1rem}
.card{border:1px solid #ddd;border-radius:6px;padding:.6rem .8rem}
.card h3{margin:.1rem 0 .4rem;font-size:1.05rem}
.flag{background:#fff3e0;border-left:3px solid #ef6c00;padding:.1rem .4rem;margin:.2rem 0}
.tip{color:#2e4a2e}.muted{color:#777}
svg text{font:12px system-ui,sans-serif}
"""


GRID_CSS = """
.grid-wrap{overflow-x:auto}table.grid{width:auto;min-width:100%}
table.grid th.sc{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;
font-weight:normal;font-size:.85rem;padding:.4rem .2rem;vertical-align:bottom}
table.grid td.c{text-align:center;font-variant-numeric:tabular-nums;min-width:2.6rem}
td.c a{display:block;text-decoration:none;color:inherit;border-radius:3px}
td.c.pass a{background:#e8f5e9}td.c.fail a{background:#fff3e0}td.c.none{color:#aaa}
td.name,th.name{min-width:7rem;max-width:16rem;overflow-wrap:break-word;word-break:normal;
hyphens:auto}
table.standings{font-size:.9rem}table.standings th,table.standings td{padding:.3rem .35rem}
abbr{text-decoration:none}
.stage{font-size:.8rem;color:#555}
section.transcript{border-top:1px solid #ddd;margin-top:1.2rem;padding-top:.4rem}
section.transcript:target{background:#fffde7}
.turn{margin:.4rem 0 .8rem}.agent{margin:.1rem 0}.customer{margin:.1rem 0;color:#444}
.pill{display:inline-block;font-size:.75rem;padding:0 .35rem;border-radius:.6rem;
margin-right:.2rem;color:#fff}
.roster li{overflow-wrap:anywhere}
"""


def dimension_chart(dims: dict[str, float], label: str) -> str:
    """Four horizontal bars, 0..1, with the values written out."""
    width, bar_x, bar_w, row_h = 300, 100, 160, 22
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{row_h * 4 + 6}" '
        f'role="img" aria-label="{escape(label)}">'
    ]
    for i, d in enumerate(DIMENSIONS):
        y = 4 + i * row_h
        value = max(0.0, min(1.0, float(dims.get(d, 0.0))))
        parts.append(f'<text x="0" y="{y + 13}">{LABELS[d]}</text>')
        parts.append(f'<rect x="{bar_x}" y="{y}" width="{bar_w}" height="16" fill="#eee" rx="2"/>')
        parts.append(
            f'<rect class="bar" x="{bar_x}" y="{y}" width="{value * bar_w:.1f}" height="16" '
            f'fill="{COLOURS[d]}" rx="2"/>'
        )
        parts.append(f'<text x="{bar_x + bar_w + 6}" y="{y + 13}">{value:.2f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def totals_chart(rows: list[tuple[str, float]], label: str) -> str:
    """One bar per name, scaled to the highest total."""
    if not rows:
        return ""
    row_h, name_w, bar_w = 22, 180, 320
    top = max((v for _, v in rows), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{name_w + bar_w + 60}" '
        f'height="{row_h * len(rows) + 6}" role="img" aria-label="{escape(label)}">'
    ]
    for i, (name, value) in enumerate(rows):
        y = 4 + i * row_h
        short = name if len(name) <= 26 else name[:25] + "…"
        parts.append(f'<text x="0" y="{y + 13}">{escape(short)}</text>')
        parts.append(
            f'<rect class="bar" x="{name_w}" y="{y}" width="{value / top * bar_w:.1f}" '
            f'height="16" fill="#455a64" rx="2"/>'
        )
        parts.append(
            f'<text x="{name_w + value / top * bar_w + 6:.1f}" y="{y + 13}">{value:g}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _dims_cells(dims: dict[str, float]) -> str:
    return "".join(f'<td class="n">{dims[d]:.2f}</td>' for d in DIMENSIONS)


SHORT = {"empathy": "Emp.", "ownership": "Own.", "blame": "Blame", "policy_hiding": "Policy"}


def _dims_head(short: bool = False) -> str:
    """The four dimensions' column heads (short ones keep a wide table on the page)."""
    if short:
        return "".join(
            f'<th class="n"><abbr title="{LABELS[d]}">{SHORT[d]}</abbr></th>' for d in DIMENSIONS
        )
    return "".join(f'<th class="n">{LABELS[d]}</th>' for d in DIMENSIONS)


#: How the standings are read, printed under them.
RULES_LINE = (
    "A player's total is the sum of the scores of the rounds that count (one per scenario "
    "and round; with retries, the best). Ties are broken by more rounds resolved, then more "
    "empathy and ownership, then fewer flags, then who finished first. A flag is a reply in "
    "which blame or policy-hiding was found (see each player's flagged phrases below). "
    "Unfinished: rounds started and never finished; each is the player's attempt until "
    "the trainer resets it."
)


def report(
    board: dict[str, Any],
    flagged: dict[str, dict[str, list]],
    grid=None,
    roster: list[str] | None = None,
    events: list[dict[str, Any]] | None = None,
) -> str:
    """The whole tournament report; with ``grid`` (a cohort report of the
    counted rounds), the player x scenario grid, its transcripts and the
    roster of entrants who have not played yet."""
    tour = board["tournament"]
    name = escape(tour["name"])
    scenarios = ", ".join(escape(s["title"] or s["id"]) for s in tour["scenarios"])
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Hotseat tournament: {name}</title>",
        f"<style>{CSS}{GRID_CSS}</style></head><body>",
        f"<h1>Tournament: {name}</h1>",
        f'<p class="meta">Report of {when}. Scenarios: {scenarios}. '
        f"Customer: {escape(tour['customer'])}. Rounds per scenario: {tour['rounds']}. "
        f"{len(board['players'])} players, {len(board['teams'])} teams.</p>",
        '<h2 id="standings">Standings</h2>',
        f'<p class="muted" id="rules">{escape(RULES_LINE)}</p>',
    ]
    if not board["players"]:
        out.append('<p class="muted">No finished rounds yet.</p>')
    else:
        out.append(
            '<div class="grid-wrap"><table id="players" class="standings"><thead><tr><th>#</th>'
            '<th class="name">Player</th><th class="name">Team</th>'
            '<th class="n">Total</th><th class="n">Played</th><th class="n">Resolved</th>'
            f'{_dims_head(short=True)}<th class="n">Flags</th><th class="n">Unfinished</th>'
            "</tr></thead><tbody>"
        )
        for p in board["players"]:
            out.append(
                f'<tr><td>{p["rank"]}</td><td class="name">{escape(p["player"])}</td>'
                f'<td class="name">{escape(p["team"] or "")}</td><td class="n">{p["total"]}</td>'
                f'<td class="n">{p["played"]}</td><td class="n">{p["resolved"]}</td>'
                f'{_dims_cells(p["dimensions"])}<td class="n">{p["flags"]}</td>'
                f'<td class="n">{p["unfinished"]}</td></tr>'
            )
        out.append("</tbody></table></div>")
        out.append(
            totals_chart([(p["player"], p["total"]) for p in board["players"]], "player totals")
        )
    if board["teams"]:
        out.append('<h2 id="teams">Teams</h2>')
        out.append(
            "<p class=\"muted\">A team's total is the mean of its players' totals.</p>"
            '<table id="team-table"><thead><tr><th>#</th><th>Team</th><th>Players</th>'
            '<th class="n">Total</th><th class="n">Resolved</th>'
            f"{_dims_head()}</tr></thead><tbody>"
        )
        for t in board["teams"]:
            members = ", ".join(escape(m) for m in t["players"])
            out.append(
                f"<tr><td>{t['rank']}</td><td>{escape(t['team'])}</td><td>{members}</td>"
                f'<td class="n">{t["total"]:g}</td><td class="n">{t["resolved"]}</td>'
                f"{_dims_cells(t['dimensions'])}</tr>"
            )
        out.append("</tbody></table>")
        out.append(totals_chart([(t["team"], t["total"]) for t in board["teams"]], "team totals"))
        out.append('<div class="cards">')
        for t in board["teams"]:
            label = f"{t['team']}: mean per dimension"
            out.append(
                f'<div class="card team"><h3>{escape(t["team"])}</h3>'
                f"{dimension_chart(t['dimensions'], label)}</div>"
            )
        out.append("</div>")
    if board["players"]:
        out.append('<h2 id="players-detail">Players</h2>')
        out.append(
            f'<p class="muted">Bars: mean per dimension over the rounds that count '
            f"(high is good for empathy and ownership; high is bad for "
            f"{' and '.join(LABELS[d].lower() for d in DIMENSIONS if d in NEGATIVE)}).</p>"
        )
        out.append('<div class="cards">')
        for p in board["players"]:
            mine = flagged.get(p["player"], {"phrases": [], "tips": []})
            out.append(f'<div class="card player"><h3>{p["rank"]}. {escape(p["player"])}</h3>')
            out.append(dimension_chart(p["dimensions"], f"{p['player']}: mean per dimension"))
            if mine["phrases"]:
                out.append("<p><strong>Flagged phrases</strong></p>")
                for ph in mine["phrases"]:
                    out.append(
                        f'<div class="flag">“{escape(ph["text"])}” '
                        f'<span class="muted">({escape(LABELS.get(ph["dimension"], ph["dimension"]))}, '
                        f"{escape(ph['scenario'])} turn {ph['turn']})</span></div>"
                    )
            else:
                out.append('<p class="muted">No blame or policy-hiding flagged.</p>')
            if mine["tips"]:
                out.append("<p><strong>Tips</strong></p><ul>")
                out.extend(f'<li class="tip">{escape(tip)}</li>' for tip in mine["tips"])
                out.append("</ul>")
            out.append("</div>")
        out.append("</div>")
    if grid is not None:
        # here, not at the top: cohort_html builds on this module's CSS
        from simulator.export.cohort_html import grid_html, roster_html, transcripts_html

        out.append('<h2 id="grid-title">Player × scenario</h2>')
        out.append(grid_html(grid))
        out.append('<h2 id="roster">Who has not played yet</h2>')
        out.append(roster_html(grid, roster))
        out.append('<h2 id="transcripts">Transcripts</h2>')
        out.append(transcripts_html(grid))
    if events:
        out.append('<h2 id="changes">Changes by the trainer</h2><ul>')
        for ev in events:
            what = {"reset": "round reset for a new try", "moved": "rounds moved"}.get(
                ev["kind"], ev["kind"]
            )
            where = f", {escape(ev['scenario'])}" if ev.get("scenario") else ""
            out.append(
                f"<li>{escape((ev['at'] or '')[:16].replace('T', ' '))} UTC: "
                f"<strong>{escape(ev['player'])}</strong>{where}: {escape(what)} "
                f'<span class="muted">({escape(ev["detail"])})</span></li>'
            )
        out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out)

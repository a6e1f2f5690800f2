"""HTML for a cohort: the player x scenario grid whose cells open the round's
transcript, the roster of who has not started, trend lines, and the whole
track report. Self-contained (inline CSS and SVG, no scripts, no network);
every name, reply and phrase goes through :func:`html.escape`."""

from __future__ import annotations

from html import escape

from scoring.types import DIMENSIONS, NEGATIVE
from simulator.cohort import CohortReport, Transcript
from simulator.export.html_report import COLOURS, CSS, GRID_CSS, LABELS


def _pills(turn: dict) -> str:
    out = []
    for d in DIMENSIONS:
        if float(turn.get(d) or 0) >= 0.5:
            out.append(f'<span class="pill" style="background:{COLOURS[d]}">{LABELS[d]}</span>')
    return "".join(out) or '<span class="muted">nothing scored</span>'


def mood_svg(moods: list[int], label: str) -> str:
    """The customer's mood after each reply, 0..100, as a small line chart."""
    if not moods:
        return ""
    w, h, pad = 240, 60, 4
    step = (w - 2 * pad) / max(1, len(moods) - 1)
    points = " ".join(
        f"{pad + i * step:.1f},{pad + (100 - max(0, min(100, m))) * (h - 2 * pad) / 100:.1f}"
        for i, m in enumerate(moods)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" role="img" '
        f'aria-label="{escape(label)}"><rect width="{w}" height="{h}" fill="#fafafa"/>'
        f'<line x1="0" x2="{w}" y1="{h / 2}" y2="{h / 2}" stroke="#e0e0e0"/>'
        f'<polyline fill="none" stroke="#455a64" stroke-width="2" points="{points}"/></svg>'
    )


def sparkline(values: list[float], colour: str, label: str) -> str:
    if len(values) < 2:
        return '<span class="muted">–</span>'
    w, h = 80, 18
    step = w / (len(values) - 1)
    points = " ".join(f"{i * step:.1f},{h - 1 - v * (h - 2):.1f}" for i, v in enumerate(values))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" role="img" '
        f'aria-label="{escape(label)}"><polyline fill="none" stroke="{colour}" '
        f'stroke-width="1.5" points="{points}"/></svg>'
    )


def grid_html(report: CohortReport) -> str:
    """Players down, scenarios across; each played cell links to its transcript."""
    head = "".join(
        f'<th class="sc" title="{escape(title)}">{escape(sid)}</th>'
        for sid, title in report.scenarios
    )
    stage_col = report.kind == "track"
    rows = [
        '<div class="grid-wrap"><table class="grid" id="grid"><thead><tr>'
        f'<th class="name">Player</th>{"<th>Stage</th>" if stage_col else ""}{head}</tr></thead><tbody>'
    ]
    for p in report.players:
        cells = []
        for sid, _title in report.scenarios:
            c = p.cells.get(sid)
            if c is None:
                cells.append('<td class="c none">–</td>')
                continue
            state = "" if c.passed is None else (" pass" if c.passed else " fail")
            tip = f"{c.outcome or ''}, {c.flags} flagged"
            cells.append(
                f'<td class="c{state}"><a href="#r-{escape(c.round_id)}" '
                f'title="{escape(tip)}">{c.score}</a></td>'
            )
        stage = ""
        if stage_col:
            shown = p.stage if p.started else "not started"
            stage = f'<td class="stage">{escape(shown or "")}</td>'
        team = f' <span class="muted">({escape(p.team)})</span>' if p.team else ""
        rows.append(
            f'<tr><td class="name">{escape(p.player)}{team}</td>{stage}{"".join(cells)}</tr>'
        )
    rows.append("</tbody></table></div>")
    if stage_col:
        rows.append(
            '<p class="muted">Green: passed (the stage\'s pass mark: by default grade C or '
            "better with no blame or policy-hiding flagged). Orange: played, not passed yet. "
            "Click a score to read that round.</p>"
        )
    else:
        rows.append(
            '<p class="muted">Each score is the round that counts; click it to read it.</p>'
        )
    return "\n".join(rows)


def roster_html(report: CohortReport, invited: list[str] | None = None) -> str:
    waiting = [p.player for p in report.players if not p.started]
    started = {p.player for p in report.players if p.started}
    waiting += [n for n in invited or [] if n not in started and n not in waiting]
    if not waiting:
        return '<p class="muted">Everyone has played at least one round.</p>'
    items = "".join(f"<li>{escape(n)}</li>" for n in waiting)
    return f'<p>Not started yet ({len(waiting)}):</p><ul class="roster">{items}</ul>'


def transcript_html(t: Transcript, title: str) -> str:
    moods = [int(turn["mood"]) for turn in t.turns]
    parts = [
        f'<section class="transcript" id="r-{escape(t.round_id)}">',
        f"<h3>{escape(t.player)} · {escape(title)}</h3>",
        f'<p class="meta">Score {t.score}, {escape(t.outcome or "unfinished")}, '
        f'{len(t.turns)} replies. <a href="#grid">back to the grid</a></p>',
        mood_svg(moods, f"{t.player}: customer's mood in {title}"),
    ]
    for n, turn in enumerate(t.turns, 1):
        flagged = [
            e
            for e in turn.get("evidence") or []
            if e.get("dimension") in NEGATIVE and e.get("text")
        ]
        parts.append(
            f'<div class="turn"><p class="agent"><strong>{n}. Reply:</strong> '
            f"{escape(turn['agent'])}</p><p>{_pills(turn)} "
            f'<span class="muted">reply points {turn["points"]}, mood after it {turn["mood"]}</span></p>'
        )
        for e in flagged:
            parts.append(
                f'<div class="flag">“{escape(e["text"])}” '
                f'<span class="muted">({escape(LABELS.get(e["dimension"], e["dimension"]))})</span></div>'
            )
        if turn.get("customer"):
            parts.append(f'<p class="customer"><em>Customer:</em> {escape(turn["customer"])}</p>')
        parts.append("</div>")
    parts.append("</section>")
    return "\n".join(parts)


def transcripts_html(report: CohortReport) -> str:
    titles = dict(report.scenarios)
    out = []
    for p in report.players:
        for sid, _ in report.scenarios:
            c = p.cells.get(sid)
            if c is not None and c.round_id in report.transcripts:
                out.append(transcript_html(report.transcripts[c.round_id], titles.get(sid, sid)))
    return "\n".join(out) or '<p class="muted">No rounds yet.</p>'


def _dims_table(report: CohortReport) -> str:
    head = "".join(f'<th class="n">{LABELS[d]}</th><th>trend</th>' for d in DIMENSIONS)
    head += '<th class="n">Rounds</th><th class="n">Unfinished</th>'
    rows = [
        f'<table id="dimensions"><thead><tr><th class="name">Player</th>{head}</tr></thead><tbody>'
    ]
    for p in report.players:
        cells = []
        for d in DIMENSIONS:
            v = p.dimensions.get(d)
            cells.append(f'<td class="n">{"–" if v is None else f"{v:.2f}"}</td>')
            cells.append(
                f"<td>{sparkline(p.series.get(d, []), COLOURS[d], f'{p.player}: {LABELS[d]} over time')}</td>"
            )
        cells.append(f'<td class="n">{p.rounds}</td><td class="n">{p.unfinished}</td>')
        rows.append(f'<tr><td class="name">{escape(p.player)}</td>{"".join(cells)}</tr>')
    rows.append("</tbody></table>")
    return "\n".join(rows)


def page(title: str, body: list[str]) -> str:
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title>",
            f"<style>{CSS}{GRID_CSS}</style></head><body>",
            *body,
            "</body></html>",
        ]
    )


def track_html(report: CohortReport) -> str:
    failing = [
        f"<li><strong>{escape(p.player)}</strong>: {escape(lesson)}</li>"
        for p in report.players
        for lesson in p.failing
    ]
    stages = "".join(
        f"<li>{escape(title)}: {', '.join(escape(s) for s in ids)}</li>"
        for title, ids in report.stages
    )
    body = [
        f"<h1>Track: {escape(report.title)}</h1>",
        f'<p class="meta">Track <code>{escape(report.name)}</code>, report of '
        f"{escape(report.generated_at[:16].replace('T', ' '))} UTC, "
        f"{len(report.players)} players.</p>",
        f"<details><summary>Stages</summary><ol>{stages}</ol></details>",
        '<h2 id="grid-title">Best score per scenario</h2>',
        grid_html(report),
        '<h2 id="roster">Who has not started</h2>',
        roster_html(report),
        '<h2 id="failing">Lessons still failing</h2>',
        f"<ul>{''.join(failing)}</ul>" if failing else '<p class="muted">None.</p>',
        '<h2 id="dims">Dimensions: average and trend</h2>',
        '<p class="muted">Mean over each player\'s rounds of this track; the line runs from '
        "their first round to their latest (high is good for empathy and ownership, bad for "
        "blame and policy-hiding).</p>",
        _dims_table(report),
        '<h2 id="transcripts">Transcripts</h2>',
        transcripts_html(report),
    ]
    return page(f"Hotseat track: {report.title}", body)

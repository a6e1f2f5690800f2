"""Saving a round's transcript: JSON (``Round.to_dict()``) and Markdown.

Headless on purpose: the TUI's debrief uses it, and so can any script. The
Markdown is meant to be read by a trainee and a coach, so it escapes what a
Markdown viewer would otherwise render (HTML, links, emphasis) in the
trainee's own words.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from simulator.errors import HotseatError

if TYPE_CHECKING:
    from simulator.engine import Round

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|])")
LABELS = {
    "empathy": "empathy",
    "ownership": "ownership",
    "blame": "blame",
    "policy_hiding": "policy-hiding",
}


def default_folder() -> Path:
    """``~/Documents/hotseat`` (or the platform's documents folder)."""
    return Path(platformdirs.user_documents_dir()) / "hotseat"


def md(text: str) -> str:
    """``text`` shown literally in Markdown: no HTML, links or emphasis."""
    escaped = html.escape(str(text), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", " ".join(escaped.split()))


def _scores(scores: dict) -> str:
    return " · ".join(f"{LABELS.get(d, d)} {v:.2f}" for d, v in scores.items())


def _turn_lines(t: dict, heading: str) -> list[str]:
    lines = [f"### {heading}", ""]
    lines.append(f"**You:** {md(t['agent'])}")
    lines.append("")
    lines.append(f"*{_scores(t['scores'])} · {t['points']} points · mood {t['mood']}*")
    flagged = [e for e in t.get("evidence", []) if e["dimension"] in ("blame", "policy_hiding")]
    if flagged:
        lines.append("")
        for e in flagged:
            lines.append(f"- flagged ({LABELS[e['dimension']]}): “{md(e['text'])}”")
    if t.get("tips"):
        lines.append("")
        lines.extend(f"- tip: {md(tip)}" for tip in t["tips"])
    if t.get("customer"):
        lines += ["", f"**Customer:** {md(t['customer'])}"]
    for note in t.get("notes", []):
        lines += ["", f"> note: {md(note)}"]
    lines.append("")
    return lines


def to_markdown(round_dict: dict) -> str:
    """A readable transcript of a round saved by :meth:`Round.to_dict`."""
    d = round_dict
    title = d.get("title") or d["scenario"]
    out = [f"# {md(title)}", ""]
    if d.get("player"):
        out.append(f"- player: {md(d['player'])}")
    out.append(f"- scenario: {md(d['scenario'])} (seed {d.get('seed', 0)})")
    if d.get("started_at"):
        out.append(f"- played: {md(d['started_at'])}")
    out.append(f"- customer: {md(d.get('customer_kind', 'scripted'))}")
    out.append(
        f"- outcome: **{md(d['outcome'].replace('_', ' '))}**, "
        f"score **{d['score']}** (grade {d.get('grade', '?')})"
    )
    out.append(f"- dimensions: {_scores(d.get('dimensions', {}))}")
    out += ["", "## Conversation", "", f"**Customer:** {md(d['opening'])}", ""]
    for n, t in enumerate(d["turns"], 1):
        out += _turn_lines(t, f"Turn {n}")
    retries = d.get("retries") or []
    if retries:
        out += ["## Rewound tries", ""]
        for t in retries:
            out += _turn_lines(t, f"Try {t.get('attempt', 1)} (rewound)")
    return "\n".join(out).rstrip() + "\n"


def _free_stem(folder: Path, stem: str) -> str:
    """``stem``, or ``stem-2``, ``stem-3``... so no earlier save is overwritten."""
    n, candidate = 1, stem
    while (folder / f"{candidate}.json").exists() or (folder / f"{candidate}.md").exists():
        n += 1
        candidate = f"{stem}-{n}"
    return candidate


def save_transcript(
    rnd: Round, folder: str | Path | None = None, *, player: str | None = None
) -> tuple[Path, Path]:
    """Write the round as JSON and Markdown into ``folder`` (default
    :func:`default_folder`); returns both paths. A folder that cannot be
    written raises a one-line :class:`HotseatError`."""
    folder = Path(folder).expanduser() if folder else default_folder()
    data = rnd.to_dict()
    data["title"] = rnd.scenario.title
    data["started_at"] = rnd.started_at
    if player:
        data["player"] = player
    stamp = re.sub(r"[^0-9T]", "", rnd.started_at.split("+")[0])
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stem = _free_stem(folder, f"{rnd.scenario.id}-{stamp}")
        json_path, md_path = folder / f"{stem}.json", folder / f"{stem}.md"
        json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
        md_path.write_text(to_markdown(data), encoding="utf-8")
    except OSError as exc:
        raise HotseatError(
            f"cannot save the transcript in {folder}: {exc.strerror or exc}"
        ) from None
    return json_path, md_path

"""Design warnings for scenario files: traps a trainer falls into that still
load and play, but play unfairly or not as meant.

``hotseat validate`` prints them as ``FILE:LINE:COL: warning: ...`` (exit 0,
or 1 with ``--strict``). Each warning says what to change.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from simulator.loader import LoadedScenario, Problem, cue_patterns_at, parse, read_text
from simulator.models import Scenario
from simulator.playtest import walk_states

WORDS_FILE = Path(__file__).with_name("data") / "common_words.txt"
#: Endings that keep a word's meaning: '\brefund' inside 'refunds' is fine.
INFLECTIONS = ("s", "es", "ed", "d", "ing", "er", "ers", "ly", "'s", "ment", "ments")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")


@lru_cache(maxsize=1)
def common_words() -> tuple[str, ...]:
    lines = WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(w for w in lines if w and not w.startswith("#"))


def inside_word(pattern: str) -> tuple[str, str] | None:
    """A common word the pattern matches inside of, with the matched part, or
    None. A trap is a match that starts inside a word ('ship' in 'membership')
    or a whole word that runs on into another ('car' in 'care', 'refund' in
    'refundable'); a stem that needs its ending ('schedul') or an inflection
    ('refunds', 'transferred') is not."""
    try:
        rx = re.compile(pattern, re.IGNORECASE)
    except re.error:
        return None
    words = set(common_words())
    for word in common_words():
        for m in rx.finditer(word):
            s, e = m.span()
            if e <= s or (s == 0 and e == len(word)):
                continue
            if s > 0 and len(m.group()) >= 3:
                return word, m.group()
            rest = word[e:]
            doubled = len(rest) > 1 and rest[0] == word[e - 1] and rest[1:] in INFLECTIONS
            if s == 0 and m.group() in words and rest not in INFLECTIONS and not doubled:
                return word, m.group()
    return None


def scenario_warnings(loaded: LoadedScenario) -> list[Problem]:
    """Every design warning for one loaded scenario file."""
    path = loaded.path
    _data, marks = parse(read_text(path))
    return sorted(set(_warnings(loaded.scenario, marks, str(path), path)))


def _warnings(sc: Scenario, marks, file: str, path: Path) -> Iterator[Problem]:
    def warn(loc: tuple, message: str, key: bool = False) -> Problem:
        line, col = marks.at(loc, key=key)
        return Problem(file, line, col, f"warning: {message}")

    if path.stem != sc.id:
        yield warn(
            ("id",),
            f"the file is named '{path.name}' but its id is '{sc.id}'; name it '{sc.id}.yaml'",
        )

    cue_lists: list[tuple[tuple, list[str]]] = [
        (cue_patterns_at(marks, ("cues", name)), cue.patterns) for name, cue in sc.cues.items()
    ]
    cue_lists += [(("delights", name, "cues"), d.cues) for name, d in sc.delights.items()]
    for where, pats in cue_lists:
        for i, pat in enumerate(pats):
            if _CONTROL.search(pat):
                yield warn(
                    (*where, i),
                    f"YAML turned a backslash escape in '{pat.encode('unicode_escape').decode()}' "
                    'into a control character ("\\b" is a backspace in double quotes); '
                    "write the pattern in single quotes: '\\bword'",
                )
                continue
            found = inside_word(pat)
            if found:
                word, part = found
                yield warn(
                    (*where, i),
                    f"'{pat}' matches inside the common word '{word}' ('{part}'); "
                    f"add \\b at the word's edges, e.g. '\\b{part}\\b'",
                )

    used = {
        c.removeprefix("not ").strip() for s in sc.states.values() for r in s.rules for c in r.when
    }
    used |= set(sc.ending.needs)
    for name in sc.cues:
        if name not in used:
            yield warn(
                ("cues", name),
                f"cue '{name}' is never used by a rule or a need; use it or remove it",
                key=True,
            )

    required = {
        c for s in sc.states.values() for r in s.rules for c in r.when if not c.startswith("not ")
    }
    for i, need in enumerate(sc.ending.needs):
        if need not in required:
            yield warn(
                ("ending", "needs", i),
                f"need '{need}' is required by no rule: no state reacts when the trainee does it; "
                f"add a rule with 'when: [{need}]'",
            )

    # a story's tell that catches its own good answer punishes the trainee who gives it
    for dim in ("blame", "policy_hiding"):
        for i, pat in enumerate(getattr(sc.scoring, dim)):
            rx = re.compile(pat, re.IGNORECASE)  # the loader has checked it compiles
            hit = next((n for n, line in enumerate(sc.examples.good) if rx.search(line)), None)
            if hit is not None:
                yield warn(
                    ("scoring", dim, i),
                    f"'{pat}' matches good example {hit + 1} ('{sc.examples.good[hit][:50]}'), "
                    f"so that answer would count as {dim.replace('_', '-')}; match the excuse, "
                    "not the topic",
                )

    yield from _first_turn_endings(sc, warn)
    yield from _unreachable_endings(sc, marks, warn)
    yield from _example_cues(sc, warn)


#: Fewer examples than this and a cue knows one or two wordings only.
MIN_EXAMPLES = 3


def _example_cues(sc: Scenario, warn) -> Iterator[Problem]:
    """Example cues too thin to generalise, or two cues the encoder cannot tell apart."""
    written = {n: c for n, c in sc.cues.items() if c.examples}
    for name, cue in written.items():
        if len(cue.examples) < MIN_EXAMPLES:
            yield warn(
                ("cues", name, "examples"),
                f"cue '{name}' has {len(cue.examples)} example(s); write at least "
                f"{MIN_EXAMPLES} in different words, so paraphrases match",
            )
    for name, delight in sc.delights.items():
        if delight.examples and len(delight.examples) < MIN_EXAMPLES:
            yield warn(
                ("delights", name, "examples"),
                f"delight '{name}' has {len(delight.examples)} example(s); write at least "
                f"{MIN_EXAMPLES} in different words, so paraphrases match",
            )
    if len(written) < 2:
        return
    from simulator.cue_match import CueMatcher

    embedded = CueMatcher(sc).embedded()
    names = list(written)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            closer = _closer_across(embedded[a], embedded[b])
            if closer is not None:
                across, own = closer
                yield warn(
                    ("cues", a),
                    f"the examples of cues '{a}' and '{b}' are closer to each other "
                    f"(on average {across:.2f}) than to their own ({own:.2f}), so the "
                    "two may match the same replies; reword the examples or merge the cues",
                    key=True,
                )


def _closer_across(a, b) -> tuple[float, float] | None:
    """(across, own) when the two cues' examples are on average nearer each
    other than each cue's examples are to their own; None otherwise.

    Each example is compared with the nearest example of like mode (a
    refusal with refusals), here and in the other cue."""
    import numpy as np

    def nearest(x, xm, y, ym, skip_self: bool) -> list[float]:
        sims = x @ y.T
        if skip_self:
            np.fill_diagonal(sims, -2.0)
        like = xm[:, None] == ym[None, :]
        best = np.where(like, sims, -2.0).max(axis=1)
        return [float(v) for v in best if v > -2.0]

    own = nearest(a.examples, a.example_mode, a.examples, a.example_mode, True)
    own += nearest(b.examples, b.example_mode, b.examples, b.example_mode, True)
    across = nearest(a.examples, a.example_mode, b.examples, b.example_mode, False)
    across += nearest(b.examples, b.example_mode, a.examples, a.example_mode, False)
    if not own or not across:
        return None
    mean_own, mean_across = sum(own) / len(own), sum(across) / len(across)
    return (mean_across, mean_own) if mean_across > mean_own else None


def _first_turn_endings(sc: Scenario, warn) -> Iterator[Problem]:
    start = sc.states[sc.start_state]
    mood = sc.customer.mood
    for i, rule in enumerate(start.rules):
        target = sc.states.get(rule.goto or sc.start_state)
        after = mood + rule.mood
        ends = None
        if target is not None and target.end:
            ends = f"goes to '{rule.goto}', which ends the round ({target.end})"
        elif after <= sc.ending.give_up_at:
            ends = f"drops the mood from {mood} to {after}, at or below give_up_at ({sc.ending.give_up_at})"
        elif after >= sc.ending.resolve_at and set(sc.ending.needs) <= set(rule.when):
            ends = f"raises the mood from {mood} to {after}, at or above resolve_at ({sc.ending.resolve_at})"
        if ends:
            yield warn(
                ("states", sc.start_state, "rules", i),
                f"one reply can end the round on the first turn: this rule {ends}; "
                "let the first reply move the customer, not end the round",
            )


def _unreachable_endings(sc: Scenario, marks, warn) -> Iterator[Problem]:
    live = walk_states(sc)
    for name, state in sc.states.items():
        if state.end and name not in live:
            yield warn(
                ("states", name),
                f"ending state '{name}' is never reached in play: an earlier rule always "
                "matches first; reorder the rules or remove it",
                key=True,
            )
    ends = {sc.states[n].end for n in live if sc.states[n].end}
    possible = ends | {"resolved", sc.ending.on_give_up}
    if sc.customer.patience is not None:
        possible.add("out_of_turns")
    for outcome in ("resolved", "walked_out", "escalated", "out_of_turns"):
        if outcome not in possible and ("ending", "lines", outcome) in marks.keys:
            yield warn(
                ("ending", "lines", outcome),
                f"ending line '{outcome}' is never spoken: no state ends that way"
                + (" and on_give_up is not it" if outcome in ("walked_out", "escalated") else "")
                + "; remove it",
                key=True,
            )

"""Matching a reply against a scenario's cues: patterns by regex, examples by meaning.

A cue written as examples matches when some sentence or clause of the reply
is close enough in meaning (cosine similarity of the offline sentence
encoder's vectors, ``scoring.sentence_encoder``) to one of its examples, and
closer to that example than to any of its near misses (``not``).

Kind comes first (``simulator.clauses``): a clause that refuses ("I can't
call you"), is conditional or hedged ("if you'd kept the receipt, I could
refund it", "a manager might"), or asks the customer something is compared
only with examples of the same kind. A trainer's offer examples are offers,
so a refusal never matches them, while a cue whose examples are refusals
(``refuses: ["I can't refund that"]``) matches refusals only. Patterns of a
cue that also has examples obey the same kinds; a cue of patterns alone
matches as it always has. Two more checks keep a cue to its act: a clause
clearly nearer another cue's example is that cue's, and a clause clearly
nearer a sentence that does no act (``data/cue_background.yaml``, or the
customer's own lines) is none.

The threshold was chosen on a labelled set of replies to the library's cues
(``docs/authoring.md`` says how); a cue may set its own. Everything here is a
pure function of the reply, the scenario and the encoder's version, so the
same reply always gives the same signals; the version and threshold are saved
with every round (:func:`matcher_id`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import platformdirs
import yaml

from scoring import segments
from simulator import clauses
from simulator.clauses import ASKS, MODE_WORDS, Unit, mode, units
from simulator.models import DELIGHT_THRESHOLD, Cue, Scenario

#: How a delight is named among the cues it is matched with.
DELIGHT = "delight:"
#: The encoder's vector size.
DIM = 384

if TYPE_CHECKING:
    from scoring.sentence_encoder import SentenceEncoder

#: Cosine similarity a clause needs to an example (chosen on the labelled cue set).
DEFAULT_THRESHOLD = 0.48
#: A clause nearer another cue's example than this cue's by more than this
#: belongs to the other cue (chosen on the labelled set, like the threshold).
RIVAL_MARGIN = 0.05


@dataclass(frozen=True, slots=True)
class CueCheck:
    """Why a cue did or did not match one reply (for ``hotseat try``)."""

    cue: str
    matched: bool
    #: "pattern" or "example" when matched, else None
    by: str | None = None
    #: The sentence or clause that matched, or came closest
    text: str = ""
    start: int = 0
    end: int = 0
    #: Its similarity to the nearest example (None for a pattern-only cue)
    similarity: float | None = None
    #: The example it came closest to
    nearest: str | None = None
    #: The near miss it came closest to, and how close
    near_miss: str | None = None
    near_miss_similarity: float | None = None
    threshold: float | None = None
    #: The pattern that matched, for a pattern match
    pattern: str | None = None
    #: One line: why it matched or did not
    why: str = ""

    def to_dict(self) -> dict:
        out = {
            "matched": self.matched,
            "by": self.by,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "similarity": None if self.similarity is None else round(self.similarity, 3),
            "nearest": self.nearest,
            "near_miss": self.near_miss,
            "near_miss_similarity": None
            if self.near_miss_similarity is None
            else round(self.near_miss_similarity, 3),
            "threshold": self.threshold,
            "why": self.why,
        }
        if self.pattern is not None:
            out["pattern"] = self.pattern
        return out


@dataclass(frozen=True, slots=True)
class _Embedded:
    """A cue's examples and near misses as vectors, with each example's polarity."""

    examples: np.ndarray
    example_mode: np.ndarray
    near_misses: np.ndarray
    near_miss_mode: np.ndarray


#: How alike a question must be to a fact's example question to ask for it
#: (higher than for cues: a wrong fact said aloud derails the customer).
FACT_THRESHOLD = 0.6
#: A clause nearer one of the cue's near misses than its examples by more
#: than this does not match (chosen on the labelled set).
NEAR_MISS_MARGIN = 0.0
#: Sentences that do no act (sympathy, looking things up, explaining): every
#: example cue competes with them.
BACKGROUND: list[str] = yaml.safe_load(
    (Path(__file__).with_name("data") / "cue_background.yaml").read_text(encoding="utf-8")
)
_BACKGROUND_MEMO: dict[str, np.ndarray] = {}
#: A clause nearer a background sentence than this cue's examples by more than
#: this does no act (chosen on the labelled set, like the threshold).
BACKGROUND_MARGIN = 0.1
#: Bumped when what is cached changes shape.
CACHE_LAYOUT = 16
#: The code that reads examples: it sorts them into kinds (cached with their
#: vectors) and writes out the words the encoder sees. A change to it must not
#: meet what the old code cached. (The encoder's module is read, not imported:
#: it loads its runtime only when a cue needs it.)
_KIND_CODE = hashlib.sha256(
    b"".join(
        path.read_bytes()
        for path in (
            Path(clauses.__file__),
            Path(segments.__file__),
            Path(segments.__file__).with_name("sentence_encoder.py"),
        )
    )
).hexdigest()
#: A word of two letters or more: a clause without one does no act.
_WORD = re.compile(r"[^\W\d_]{2,}")
#: Embedded examples by content hash: a scenario loaded twice embeds once.
_MEMO: dict[str, dict[str, _Embedded]] = {}


def _customer_lines(scenario: Scenario) -> list[str]:
    """Everything the customer says: the opening, every state's lines, every fact."""
    lines = [scenario.opening, *(ln for st in scenario.states.values() for ln in st.lines)]
    return lines + [f.say for f in scenario.customer.facts]


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("hotseat")) / "cue-examples"


def _read_cache(key: str) -> dict[str, _Embedded] | None:
    try:
        with np.load(cache_dir() / f"{key}.npz") as data:
            names = {k.split("|", 1)[1] for k in data.files}
            return {
                n: _Embedded(
                    data[f"e|{n}"],
                    data[f"p|{n}"],
                    data[f"m|{n}"],
                    data[f"q|{n}"],
                )
                for n in names
            }
    except (OSError, ValueError, KeyError):  # absent, partial or from another build
        return None


def _write_cache(key: str, embedded: dict[str, _Embedded]) -> dict[str, _Embedded]:
    arrays: dict[str, np.ndarray] = {}
    for n, e in embedded.items():
        arrays |= {f"e|{n}": e.examples, f"p|{n}": e.example_mode}
        arrays |= {f"m|{n}": e.near_misses, f"q|{n}": e.near_miss_mode}
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f"{key}.{os.getpid()}.tmp.npz"
        np.savez(tmp, **arrays)  # type: ignore[arg-type]  # numpy stubs: allow_pickle
        os.replace(tmp, folder / f"{key}.npz")
    except OSError:  # a read-only home: the memory copy is enough
        pass
    return embedded


class CueMatcher:
    """A scenario's cues, ready to match replies (examples embedded once)."""

    def __init__(self, scenario: Scenario, encoder: SentenceEncoder | None = None):
        self.scenario = scenario
        #: The scenario's cues, then its delights as cues (``delight:NAME``).
        self.cues: dict[str, Cue] = dict(scenario.cues) | {
            DELIGHT + name: d.as_cue() for name, d in scenario.delights.items()
        }
        self.patterns = {
            name: [re.compile(p, re.IGNORECASE) for p in cue.patterns]
            for name, cue in self.cues.items()
        }
        self._encoder = encoder
        self._embedded: dict[str, _Embedded] | None = None
        self._last: tuple[str, dict[str, CueCheck]] | None = None
        self._story: list[str] | None = None

    # ------------------------------------------------------------- loading

    @property
    def encoder(self) -> SentenceEncoder:
        if self._encoder is None:
            from scoring.sentence_encoder import sentence_encoder

            self._encoder = sentence_encoder()
        return self._encoder

    def embedded(self) -> dict[str, _Embedded]:
        """Every example cue's vectors (and the facts' example questions, as
        ``?fact:N``), computed on first use and kept by content hash, in
        memory and in the user's cache folder (so the next start is instant)."""
        if self._embedded is None:
            key = self._cache_key()
            if key not in _MEMO:
                _MEMO[key] = _read_cache(key) or _write_cache(key, self._embed_all())
            self._embedded = _MEMO[key]
        return self._embedded

    def _cache_key(self) -> str:
        """A hash of everything embedded for the scenario, and the encoder's."""
        cues = {n: [c.examples, c.not_] for n, c in sorted(self.cues.items()) if c.examples}
        facts = [f.questions for f in self.scenario.customer.facts]
        content = [CACHE_LAYOUT, _KIND_CODE, self.encoder.info.sha256, cues, facts]
        content.append(_customer_lines(self.scenario))
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()

    def _embed_all(self) -> dict[str, _Embedded]:
        enc = self.encoder
        out: dict[str, _Embedded] = {}
        empty = np.zeros((0, DIM), dtype=np.float32)
        for name, cue in self.cues.items():
            if cue.examples:
                out[name] = _Embedded(
                    enc.embed(cue.examples),
                    np.array([mode(e) for e in cue.examples], dtype=np.int8),
                    enc.embed(cue.not_) if cue.not_ else empty,
                    np.array([mode(e) for e in cue.not_], dtype=np.int8),
                )
        story = self.story()
        out["?story"] = _Embedded(
            enc.embed(story) if story else empty,
            np.array([mode(t) for t in story], dtype=np.int8),
            empty,
            np.zeros(0, dtype=np.int8),
        )
        for i, fact in enumerate(self.scenario.customer.facts):
            if fact.questions:
                out[f"?fact:{i}"] = _Embedded(
                    enc.embed(fact.questions),
                    np.array([mode(q) for q in fact.questions], dtype=np.int8),
                    empty,
                    np.zeros(0, dtype=np.int8),
                )
        return out

    # ------------------------------------------------------------- matching

    def threshold(self, cue: Cue) -> float:
        return cue.threshold if cue.threshold is not None else DEFAULT_THRESHOLD

    def matches(self, text: str) -> frozenset[str]:
        """The names of the cues the reply matches."""
        return frozenset(
            name
            for name, check in self.check(text).items()
            if check.matched and not name.startswith(DELIGHT)
        )

    def delights(self, text: str) -> frozenset[str]:
        """The names of the scenario's delights the reply gives."""
        return frozenset(
            name.removeprefix(DELIGHT)
            for name, check in self.check(text).items()
            if check.matched and name.startswith(DELIGHT)
        )

    def check(self, text: str) -> dict[str, CueCheck]:
        """For every cue (and delight): whether it matched, where, and why."""
        if self._last is not None and self._last[0] == text:
            return self._last[1]  # signals and delights read the same reply
        checks = self._check_all(text)
        self._last = (text, checks)
        return checks

    def _check_all(self, text: str) -> dict[str, CueCheck]:
        cues = self.cues
        parts: list[Unit] = []
        closest: dict[str, list[tuple[float, int]]] = {}
        plain: list[tuple[float, str]] = []
        vectors = np.zeros((0, DIM), dtype=np.float32)
        if any(c.examples for c in cues.values()) and text.strip():
            # a clause of figures alone ("$249.99", "10:30") names no act: a
            # pattern serves amounts, an example would match the amount
            parts = [u for u in units(text) if _WORD.search(u.text)]
            vectors = self.encoder.embed([u.text for u in parts]) if parts else vectors
            closest = {
                name: self._closest(name, parts, vectors)
                for name, cue in cues.items()
                if cue.examples
            }
            # per unit, the nearest sentence that does no act, and how near
            plain_texts = BACKGROUND + self.story()
            sims = vectors @ np.vstack([self.background(), self.embedded()["?story"].examples]).T
            plain = [(float(row.max()), plain_texts[int(row.argmax())]) for row in sims]
        return {
            name: self._check(name, cue, text, parts, vectors, closest, plain)
            for name, cue in cues.items()
        }

    def story(self) -> list[str]:
        """The customer's own words, clause by clause: the opening, every
        line, every fact. Saying them back ("the invoice is wrong") restates
        the problem; it does no act, however alike its nouns."""
        if self._story is not None:
            return self._story
        seen: dict[str, None] = {}
        for line in _customer_lines(self.scenario):
            for u in units(line):
                if len(u.text.split()) >= 3:
                    seen.setdefault(u.text, None)
        self._story = list(seen)
        return self._story

    def background(self) -> np.ndarray:
        """The vectors of :data:`BACKGROUND`, sentences that do no act."""
        key = self.encoder.info.sha256
        if key not in _BACKGROUND_MEMO:
            _BACKGROUND_MEMO[key] = self.encoder.embed(BACKGROUND)
        return _BACKGROUND_MEMO[key]

    def _closest(
        self, name: str, parts: list[Unit], vectors: np.ndarray
    ) -> list[tuple[float, int]]:
        """Per unit: the similarity of the cue's nearest example of like
        polarity, and which (-1.0 and the nearest of any polarity when none is alike)."""
        emb = self.embedded()[name]
        sims = vectors @ emb.examples.T
        out = []
        for k, unit in enumerate(parts):
            same = emb.example_mode == unit.mode
            if same.any():
                j = int(np.argmax(np.where(same, sims[k], -2.0)))
                out.append((float(sims[k, j]), j))
            else:
                out.append((-1.0, int(np.argmax(sims[k]))))
        return out

    def _pattern_hit(self, name: str, cue: Cue, text: str, parts: list[Unit]) -> CueCheck | None:
        modes = set(self.embedded()[name].example_mode.tolist()) if cue.examples else set()
        for rx in self.patterns[name]:
            for m in rx.finditer(text):
                if m.end() <= m.start():
                    continue
                if cue.examples:
                    # the smallest unit around the hit decides its polarity
                    around = [u for u in parts if u.start <= m.start() and m.end() <= u.end]
                    unit = min(around, key=lambda u: u.end - u.start) if around else None
                    if unit is not None and unit.mode not in modes:
                        continue
                return CueCheck(
                    name,
                    True,
                    "pattern",
                    m.group(),
                    m.start(),
                    m.end(),
                    pattern=rx.pattern,
                    why=f"the pattern '{rx.pattern}' matched '{m.group()}'",
                )
        return None

    def _rival(
        self, name: str, k: int, closest: dict[str, list[tuple[float, int]]]
    ) -> tuple[float, str, str] | None:
        """The other cue whose example is nearest unit ``k``: (similarity, cue, example)."""
        best = None
        delight = name.startswith(DELIGHT)
        for other, per_unit in closest.items():
            if other == name or other.startswith(DELIGHT) != delight:
                continue  # a delight competes with delights, a cue with cues
            sim, j = per_unit[k]
            if sim > -1.0 and (best is None or sim > best[0]):
                best = (sim, other, self.cues[other].examples[j])
        return best

    def _check(
        self,
        name: str,
        cue: Cue,
        text: str,
        parts: list[Unit],
        vectors: np.ndarray,
        closest: dict[str, list[tuple[float, int]]],
        plain: list[tuple[float, str]],
    ) -> CueCheck:
        hit = self._pattern_hit(name, cue, text, parts)
        if hit is not None or not cue.examples:
            return hit or CueCheck(name, False, why="no pattern matched")
        threshold = self.threshold(cue)
        if not parts:
            return CueCheck(name, False, threshold=threshold, why="the reply is empty")
        emb = self.embedded()[name]
        best: CueCheck | None = None
        best_key = -9.0
        for k, unit in enumerate(parts):
            pos, j = closest[name][k]
            nearest = cue.examples[j]
            miss, miss_sim = self._near_miss(cue, emb, unit, vectors[k])
            rival = self._rival(name, k, closest)
            shown = pos
            matched = False
            if pos == -1.0:
                shown = float(vectors[k] @ emb.examples[j])
                why = f"'{unit.text}' {MODE_WORDS[unit.mode]}, and no example does that"
            elif pos < threshold:
                why = (
                    f"'{unit.text}' is only {pos:.2f} like '{nearest}' (threshold {threshold:.2f})"
                )
            elif miss_sim is not None and miss_sim > pos + NEAR_MISS_MARGIN:
                why = (
                    f"'{unit.text}' is nearer the near miss '{miss}' ({miss_sim:.2f}) "
                    f"than any example ({pos:.2f})"
                )
            elif plain[k][0] > pos + BACKGROUND_MARGIN:
                why = (
                    f"'{unit.text}' is nearer '{plain[k][1]}' ({plain[k][0]:.2f}), "
                    f"which does no act, than any example ({pos:.2f})"
                )
            elif rival is not None and rival[0] > pos + RIVAL_MARGIN:
                why = (
                    f"'{unit.text}' is nearer cue '{rival[1]}' ('{rival[2]}', {rival[0]:.2f}) "
                    f"than this cue's examples ({pos:.2f})"
                )
            else:
                matched = True
                why = f"'{unit.text}' is {pos:.2f} like '{nearest}' (threshold {threshold:.2f})"
            # the matched unit wins; among misses, the one that came closest
            key = (2.0 if matched else 0.0) + shown
            if key > best_key:
                best_key = key
                best = CueCheck(
                    name,
                    matched,
                    "example" if matched else None,
                    unit.text,
                    unit.start,
                    unit.end,
                    shown,
                    nearest,
                    miss,
                    miss_sim,
                    threshold,
                    why=why,
                )
        assert best is not None
        return best

    def _near_miss(
        self, cue: Cue, emb: _Embedded, unit: Unit, vec: np.ndarray
    ) -> tuple[str | None, float | None]:
        """The cue's near miss nearest unit ``k``, of the unit's own polarity:
        a refusal is already kept from affirmative examples, so "I can't call
        you" competes only with refusals."""
        like = emb.near_miss_mode == unit.mode
        if not len(emb.near_misses) or not like.any():
            return None, None
        sims = np.where(like, emb.near_misses @ vec, -2.0)
        m = int(np.argmax(sims))
        return cue.not_[m], float(sims[m])

    def facts_asked(self, text: str) -> set[int]:
        """Facts whose example questions a question of the reply asks (by
        meaning): for each question, the fact it is nearest, if near enough."""
        facts = self.scenario.customer.facts
        if not any(f.questions for f in facts) or not text.strip():
            return set()
        parts = [u for u in units(text) if u.mode == ASKS]
        if not parts:
            return set()
        vectors = self.encoder.embed([u.text for u in parts])
        best = np.full(len(parts), -1.0)
        which = np.full(len(parts), -1)
        for i in range(len(facts)):
            emb = self.embedded().get(f"?fact:{i}")
            if emb is None:
                continue
            sims = (vectors @ emb.examples.T).max(axis=1)
            better = sims > best
            best[better], which[better] = sims[better], i
        return {int(i) for i, b in zip(which, best, strict=True) if b >= FACT_THRESHOLD}


def warm(scenarios: list[Scenario]) -> None:
    """Load the encoder and embed these scenarios' examples now (a worker
    calls this at start-up, so no round pays for it on its first reply)."""
    for sc in scenarios:
        if sc.has_examples:
            CueMatcher(sc).embedded()


def matcher_id(scenario: Scenario) -> str:
    """What decided this scenario's cues, saved with each round: the encoder's
    version and the threshold, or ``patterns`` when no cue has examples."""
    if not scenario.has_examples:
        return "patterns"
    from scoring.sentence_encoder import encoder_version

    return (
        f"encoder {encoder_version()}, threshold {DEFAULT_THRESHOLD:.2f}, "
        f"delights {DELIGHT_THRESHOLD:.2f}"
    )

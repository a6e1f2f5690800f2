"""The learned reply scorer: a small fine-tuned encoder, run with onnxruntime.

Usage::

    from scoring.learned import learned_scorer

    scorer = learned_scorer()          # loads scoring/model/ once (checks its SHA-256)
    result = scorer.score("I'm sorry, I've refunded it.", customer="Where's my money?")
    result.present("ownership")        # True
    scorer.explain(text, customer=...) # probabilities, every segment's scores, the rules

How a verdict is made: the model reads (customer message, reply) and gives
each dimension a probability; the dimension's threshold (chosen on the
corpus's dev split, see ``model.json``) maps to 0.5, so ``value >= 0.5``
still means *present*. The rule scorer then runs for what it is good at:
quoting exact phrases, coaching tips, and the scenario's own cues. A rule may
overrule the model (raise a dimension to present) only if its precision on
the corpus's dev split is at least 0.97 (``overrules.json``, measured by
``python -m scoring.training.overrules``); scenario cues, written by the
trainer for that story, always may. Evidence for a present dimension is the
rule's phrase where one matched, else the sentence or clause the model scores
highest.

Run time needs only ``onnxruntime``, ``tokenizers`` and ``numpy``.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

import numpy as np

from scoring.encoding import PairEncoder
from scoring.rules import combine, rule_scorer
from scoring.segments import segments
from scoring.types import (
    DIMENSIONS,
    NEGATIVE,
    PRESENT,
    Cues,
    Evidence,
    ReplyScore,
    Score,
    ScoringError,
)

MODEL_DIR = Path(__file__).with_name("model")
T = TypeVar("T")
#: Precision a rule needs on the corpus dev split before it may overrule the model.
OVERRULE_PRECISION = 0.97

_EXPLAIN = {
    "empathy": (
        "Acknowledges the customer's feelings or situation",
        "No acknowledgement of how this affects the customer.",
    ),
    "ownership": (
        "Takes responsibility or commits to a concrete next step",
        "No mistake owned and no concrete next step taken on.",
    ),
    "blame": ("Puts the fault on the customer or someone else", "No one is blamed."),
    "policy_hiding": (
        "Uses a rule, system or lack of authority as the reason not to help",
        "No rule or system is used as a reason not to help.",
    ),
}


class ModelError(ScoringError):
    """The model files are missing, corrupt or cannot be loaded (one line, with the fix)."""


def _fix_hint(path: Path) -> str:
    return (
        f"reinstall Hotseat to restore {path.name} (pip install --force-reinstall hotseat), "
        "or score with the rules: --judge rules"
    )


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """What ``model.json`` says about the shipped model."""

    directory: Path
    version: str
    file: str
    sha256: str
    thresholds: dict[str, float]
    tokenizer_sha256: str | None = None

    @classmethod
    def read(cls, directory: Path) -> ModelInfo:
        return read_meta(
            directory / "model.json",
            "the scoring model's",
            _fix_hint,
            lambda meta: cls(
                directory,
                str(meta["version"]),
                meta["file"],
                meta["sha256"],
                {d: float(meta["thresholds"][d]) for d in DIMENSIONS},
                meta.get("tokenizer_sha256"),
            ),
        )


def read_meta(path: Path, whose: str, hint: Callable[[Path], str], build: Callable[[dict], T]) -> T:
    """A model's JSON description, built into ``T``; one-line :class:`ModelError`
    when the file is missing or its fields are not what ``build`` needs."""
    try:
        return build(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise ModelError(f"{whose} {path} is missing: {hint(path)}") from None
    except (ValueError, KeyError, TypeError):
        raise ModelError(f"{whose} {path} is unreadable: {hint(path)}") from None


def _verified_bytes(
    path: Path, expected: str | None, what: str = "the scoring model file", hint=_fix_hint
) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ModelError(f"{what} {path} is missing: {hint(path)}") from None
    except OSError as exc:
        raise ModelError(f"cannot read {what} {path} ({exc.strerror}): {hint(path)}") from None
    if expected and hashlib.sha256(data).hexdigest() != expected:
        raise ModelError(f"{what} {path} is corrupt (SHA-256 mismatch): {hint(path)}")
    return data


class OnnxReplyModel:
    """The int8 ONNX model and its tokenizer: probabilities for (customer, reply) pairs."""

    def __init__(
        self,
        onnx_path: Path,
        tokenizer_path: Path,
        *,
        sha256: str | None = None,
        tokenizer_sha256: str | None = None,
        threads: int = 1,
    ):
        import onnxruntime as ort  # lazy: ~250 ms, paid in the loading worker, not at start-up

        model_bytes = _verified_bytes(Path(onnx_path), sha256)
        _verified_bytes(Path(tokenizer_path), tokenizer_sha256)
        options = ort.SessionOptions()
        # one core per reply: the TUI and a tournament server share the machine
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        try:
            self.session = ort.InferenceSession(
                model_bytes, options, providers=["CPUExecutionProvider"]
            )
            self.encoder = PairEncoder(tokenizer_path)
        except Exception as exc:  # onnxruntime raises its own, untyped errors
            raise ModelError(
                f"cannot load the scoring model {onnx_path} ({type(exc).__name__}): {_fix_hint(Path(onnx_path))}"
            ) from None
        self._lock = threading.Lock()

    def probabilities(self, customers: list[str], replies: list[str]) -> np.ndarray:
        """An (n, 4) array: each pair's probability per dimension (max over windows).

        Each row runs on its own: the int8 model quantises activations per
        batch, so a row's scores would otherwise depend on its neighbours; one
        row at a time, the same input always gives the same scores.
        """
        out = np.zeros((len(replies), len(DIMENSIONS)), dtype=np.float32)
        rows, owner = self.encoder.rows(customers, replies)
        for row, k in zip(rows, owner, strict=True):
            feed = self.encoder.batch([row]).as_feed()
            with self._lock:
                probs = self.session.run(None, feed)[0][0]
            out[k] = np.maximum(out[k], probs)
        return out

    def segment_probabilities(self, customer: str, segments: list[str]) -> np.ndarray:
        """The probabilities of one reply's segments, in one padded run (for
        evidence only). A reply's segments always form the same batch, so the
        same reply always gets the same evidence."""
        rows, owner = self.encoder.rows([customer] * len(segments), segments)
        out = np.zeros((len(segments), len(DIMENSIONS)), dtype=np.float32)
        with self._lock:
            probs = self.session.run(None, self.encoder.batch(rows).as_feed())[0]
        for p, k in zip(probs, owner, strict=True):
            out[k] = np.maximum(out[k], p)
        return out


def calibrate(probability: float, threshold: float) -> float:
    """Map a probability so that the dimension's threshold lands on 0.5."""
    p = min(1.0, max(0.0, float(probability)))
    if p < threshold:
        return round(PRESENT * p / threshold, 3)
    return round(PRESENT + (1 - PRESENT) * (p - threshold) / (1 - threshold), 3)


@dataclass(frozen=True, slots=True)
class SegmentScore:
    start: int
    end: int
    text: str
    probabilities: dict[str, float]


@dataclass(frozen=True, slots=True)
class RuleFinding:
    dimension: str
    rule: str
    start: int
    end: int
    text: str
    #: True when this rule may overrule the model (precise enough on the corpus).
    overrules: bool


@dataclass
class Explanation:
    """What ``hotseat score --explain`` shows."""

    verdict: ReplyScore
    probabilities: dict[str, float]
    thresholds: dict[str, float]
    segments: list[SegmentScore] = field(default_factory=list)
    rules: list[RuleFinding] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "scores": self.verdict.values(),
            "probabilities": {d: round(p, 4) for d, p in self.probabilities.items()},
            "thresholds": self.thresholds,
            "segments": [
                {
                    "start": s.start,
                    "end": s.end,
                    "text": s.text,
                    "probabilities": {d: round(p, 4) for d, p in s.probabilities.items()},
                }
                for s in self.segments
            ],
            "rules": [
                {
                    "dimension": r.dimension,
                    "rule": r.rule,
                    "start": r.start,
                    "end": r.end,
                    "text": r.text,
                    "overrules": r.overrules,
                }
                for r in self.rules
            ],
            "judge": self.verdict.judge,
        }


def load_overrules(directory: Path) -> dict[str, frozenset[str]]:
    path = directory / "overrules.json"
    if not path.exists():
        return {d: frozenset() for d in DIMENSIONS}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {d: frozenset(r["rule"] for r in data.get(d, [])) for d in DIMENSIONS}


class LearnedScorer:
    """The model's verdict, with the rules' phrases, tips and precise overrules."""

    def __init__(
        self, model: OnnxReplyModel, info: ModelInfo, rules, overrules: dict[str, frozenset[str]]
    ):
        self.model = model
        self.info = info
        self.rules = rules
        self.overrules = overrules
        self.judge = f"model:{info.version}"

    # ------------------------------------------------------------ scoring
    def score(
        self, text: str, *, customer: str | None = None, cues: Cues | None = None
    ) -> ReplyScore:
        return self._score(text, customer, cues)[0]

    __call__ = score

    def explain(
        self, text: str, *, customer: str | None = None, cues: Cues | None = None
    ) -> Explanation:
        verdict, probs, findings = self._score(text, customer, cues)
        segs = self._segment_scores(text) if text.strip() else []
        return Explanation(verdict, probs, dict(self.info.thresholds), segs, findings)

    def score_many(
        self,
        texts: list[str],
        *,
        customers: list[str | None] | None = None,
        cues: Cues | None = None,
    ) -> list[ReplyScore]:
        """Several replies at once (the same verdicts as one by one)."""
        customers = customers or [None] * len(texts)
        probs = self.model.probabilities([c or "" for c in customers], list(texts))
        return [
            self._verdict(t, c, cues, dict(zip(DIMENSIONS, map(float, p), strict=True)))[0]
            for t, c, p in zip(texts, customers, probs, strict=True)
        ]

    def _score(self, text: str, customer: str | None, cues: Cues | None):
        text = text if isinstance(text, str) else str(text or "")
        if not text.strip():
            probs = dict.fromkeys(DIMENSIONS, 0.0)
        else:
            p = self.model.probabilities([customer or ""], [text])[0]
            probs = dict(zip(DIMENSIONS, map(float, p), strict=True))
        verdict, findings = self._verdict(text, customer, cues, probs)
        return verdict, probs, findings

    def _verdict(self, text: str, customer: str | None, cues: Cues | None, probs: dict[str, float]):
        rule_verdict, hits = self.rules.analyse(text, customer=customer, cues=cues)
        findings: list[RuleFinding] = []
        scores: dict[str, Score] = {}
        best_segment: dict[str, tuple[int, int]] | None = None
        for dim in DIMENSIONS:
            value = calibrate(probs[dim], self.info.thresholds[dim]) if text.strip() else 0.0
            dim_hits = [h for h in hits.get(dim, []) if h.kind == "hit"]
            strong = [
                h
                for h in dim_hits
                if h.rule_id in self.overrules[dim] or h.rule_id.startswith("cue:")
            ]
            for h in dim_hits:
                findings.append(
                    RuleFinding(dim, h.rule_id, h.start, h.end, text[h.start : h.end], h in strong)
                )
            if strong:
                value = max(value, PRESENT, combine(strong))
            present = value >= PRESENT
            rule_score = rule_verdict.scores[dim]
            if present:
                if dim_hits:
                    evidence = tuple(
                        Evidence(dim, h.start, h.end, text[h.start : h.end], h.rule_id)
                        for h in sorted(dim_hits, key=lambda h: h.start)
                    )
                else:
                    if best_segment is None:
                        best_segment = self._best_segments(text)
                    a, b = best_segment[dim]
                    evidence = (Evidence(dim, a, b, text[a:b]),)
                quoted = evidence[0].text
                explanation = f"{_EXPLAIN[dim][0]}: '{_short(quoted)}'."
                tip = None
                if dim in NEGATIVE:
                    tip = (
                        rule_score.tip
                        if rule_score.present and rule_score.tip
                        else self._default_tip(dim, quoted)
                    )
                scores[dim] = Score(dim, value, explanation, evidence, tip)
            else:
                tip = None
                if dim not in NEGATIVE:
                    tip = rule_score.tip or self._default_tip(dim, None)
                scores[dim] = Score(dim, value, _EXPLAIN[dim][1], (), tip)
        return ReplyScore(scores, judge=self.judge), findings

    # ------------------------------------------------------------ evidence
    def _segment_scores(
        self, text: str, spans: list[tuple[int, int]] | None = None
    ) -> list[SegmentScore]:
        # Each segment is read on its own, without the customer's message:
        # half the tokens, so finding the evidence stays inside the latency
        # budget; the verdict itself always reads the message.
        spans = segments(text) if spans is None else spans
        if not spans:
            return []
        probs = self.model.segment_probabilities("", [text[a:b] for a, b in spans])
        return [
            SegmentScore(a, b, text[a:b], dict(zip(DIMENSIONS, map(float, p), strict=True)))
            for (a, b), p in zip(spans, probs, strict=True)
        ]

    def _best_segments(self, text: str) -> dict[str, tuple[int, int]]:
        """Per dimension, the span of the segment the model scores highest (a
        reply of one sentence is its own evidence: no second run)."""
        spans = segments(text)
        if len(spans) <= 1:
            return dict.fromkeys(DIMENSIONS, spans[0] if spans else (0, len(text)))
        segs = self._segment_scores(text, spans)
        best = {d: max(segs, key=partial(_probability, d)) for d in DIMENSIONS}
        return {d: (seg.start, seg.end) for d, seg in best.items()}

    def _default_tip(self, dim: str, quoted: str | None) -> str:
        tip = " ".join(self.rules.lexicons.dimensions[dim].default_tip.split())
        return f'About "{_short(quoted, 80)}": {tip}' if quoted else tip


def _probability(dim: str, seg: SegmentScore) -> float:
    return seg.probabilities[dim]


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_LOCK = threading.Lock()
_CACHE: dict[Path, LearnedScorer] = {}


def learned_scorer(directory: str | Path | None = None) -> LearnedScorer:
    """Load (once per directory) the shipped model and the rules beside it.
    Raises :class:`ModelError` with a one-line fix when the files are bad."""
    path = Path(directory) if directory else MODEL_DIR
    with _LOCK:
        if path not in _CACHE:
            info = ModelInfo.read(path)
            model = OnnxReplyModel(
                path / info.file,
                path / "tokenizer.json",
                sha256=info.sha256,
                tokenizer_sha256=info.tokenizer_sha256,
            )
            _CACHE[path] = LearnedScorer(model, info, rule_scorer(), load_overrules(path))
        return _CACHE[path]

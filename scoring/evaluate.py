"""Measuring a scorer against labelled replies.

    from scoring.evaluate import evaluate
    from scoring.rules import rule_scorer

    report = evaluate("../shared/scoring/dev-set.jsonl", rule_scorer())
    print(report.format_report())
    report.f1["blame"], report.macro_f1, report.misclassified["blame"]

A labelled file has one JSON object a line:
``{"id", "customer", "text", "labels": {dimension: 0|1}}``. The prediction for
a dimension is ``value >= 0.5``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from scoring.types import DIMENSIONS, PRESENT, Cues, ReplyScore

__all__ = ["DimensionStats", "EvalReport", "evaluate", "load_rows"]


class Scorer(Protocol):
    def score(
        self, text: str, *, customer: str | None = None, cues: Cues | None = None
    ) -> ReplyScore: ...


@dataclass(slots=True)
class DimensionStats:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, predicted: bool, gold: bool) -> None:
        """Count one decision."""
        if predicted and gold:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif gold:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn


@dataclass
class EvalReport:
    """Per-dimension precision, recall and F1, plus the misclassified ids."""

    n: int
    stats: dict[str, DimensionStats]
    #: dimension -> ids where prediction != label
    misclassified: dict[str, list[str]] = field(default_factory=dict)
    #: id -> (text, {dimension: (label, value)}) for every misclassified row
    details: dict[str, tuple[str, dict[str, tuple[int, float]]]] = field(default_factory=dict)
    judge: str = ""

    @property
    def precision(self) -> dict[str, float]:
        return {d: s.precision for d, s in self.stats.items()}

    @property
    def recall(self) -> dict[str, float]:
        return {d: s.recall for d, s in self.stats.items()}

    @property
    def f1(self) -> dict[str, float]:
        return {d: s.f1 for d, s in self.stats.items()}

    @property
    def macro_f1(self) -> float:
        return sum(self.f1.values()) / len(self.stats) if self.stats else 0.0

    @property
    def misclassified_ids(self) -> list[str]:
        """Every id wrong on at least one dimension, in input order."""
        return list(self.details)

    def format_report(self, show_errors: bool = False) -> str:
        lines = [
            f"{'dimension':<15}{'precision':>10}{'recall':>8}{'f1':>7}{'support':>9}{'errors':>8}",
        ]
        for d, s in self.stats.items():
            lines.append(
                f"{d:<15}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>7.3f}"
                f"{s.support:>9d}{len(self.misclassified.get(d, [])):>8d}"
            )
        lines.append(f"{'macro-F1':<15}{'':>10}{'':>8}{self.macro_f1:>7.3f}{self.n:>9d}")
        if show_errors:
            for d in self.stats:
                for rid in self.misclassified.get(d, []):
                    text, dims = self.details[rid]
                    label, value = dims[d]
                    lines.append(f"  {d} {rid} label={label} value={value:.2f}: {text}")
        else:
            for d in self.stats:
                ids = self.misclassified.get(d)
                if ids:
                    lines.append(f"  {d} misclassified: {', '.join(ids)}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "judge": self.judge,
            "macro_f1": round(self.macro_f1, 4),
            "dimensions": {
                d: {
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                    "support": s.support,
                    "misclassified": self.misclassified.get(d, []),
                }
                for d, s in self.stats.items()
            },
        }


def load_rows(path: str | Path) -> list[dict]:
    rows = []
    with Path(path).open(encoding="utf-8") as fh:
        for i, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{i}: not valid JSON ({exc.msg})") from exc
    return rows


def evaluate(
    path_or_rows: str | Path | Iterable[Mapping[str, Any]],
    scorer: Scorer,
    *,
    dimensions: Iterable[str] = DIMENSIONS,
    cues: Cues | None = None,
) -> EvalReport:
    """Score every labelled row and compare with its labels.

    ``path_or_rows`` is a JSONL path or an iterable of row dicts. Rows missing
    a label for a dimension are skipped for that dimension only.
    """
    if isinstance(path_or_rows, str | Path):
        rows: Iterable[Mapping[str, Any]] = load_rows(path_or_rows)
    else:
        rows = path_or_rows
    dims = tuple(dimensions)
    stats = {d: DimensionStats() for d in dims}
    mis: dict[str, list[str]] = {d: [] for d in dims}
    details: dict[str, tuple[str, dict[str, tuple[int, float]]]] = {}
    n = 0
    judge = ""
    for i, row in enumerate(rows):
        n += 1
        rid = str(row.get("id", i))
        text = row.get("text", "")
        result = scorer.score(text, customer=row.get("customer"), cues=cues)
        judge = result.judge
        labels = row.get("labels", {})
        for d in dims:
            if d not in labels:
                continue
            label = int(labels[d])
            value = result.value(d)
            pred = value >= PRESENT
            stats[d].add(pred, bool(label))
            if pred != bool(label):
                mis[d].append(rid)
                details.setdefault(rid, (text, {}))[1][d] = (label, value)
    return EvalReport(n, stats, {d: v for d, v in mis.items() if v}, details, judge)


if __name__ == "__main__":  # pragma: no cover - debugging helper
    import sys

    from scoring.rules import rule_scorer

    print(evaluate(sys.argv[1], rule_scorer()).format_report(show_errors=True))

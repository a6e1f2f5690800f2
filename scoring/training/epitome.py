"""EPITOME emotional reactions, zero-shot: does the empathy dimension generalise?

    python -m scoring.training.epitome [--judge model|rules] [--csv PATH]

The public Reddit part of EPITOME (``shared/benchmarks/epitome``; its licence
allows evaluation only, so nothing here trains on it or copies it). A
response counts as empathic when its level is 1 or 2; the seeker's post is the
customer message. Prints the empathy macro-F1 (the mean of the F1 of the
empathic and the non-empathic class), as the benchmark's README measures it.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EPITOME = ROOT.parent / "shared" / "benchmarks" / "epitome" / "emotional-reactions-reddit.csv"


def load(path: Path = EPITOME) -> list[tuple[str, str, int]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            (row["seeker_post"], row["response_post"], int(int(row["level"]) > 0))
            for row in csv.DictReader(fh)
        ]


def macro_f1(gold: list[int], pred: list[int]) -> float:
    def f1(cls: int) -> float:
        tp = sum(g == cls and p == cls for g, p in zip(gold, pred, strict=True))
        fp = sum(g != cls and p == cls for g, p in zip(gold, pred, strict=True))
        fn = sum(g == cls and p != cls for g, p in zip(gold, pred, strict=True))
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    return (f1(0) + f1(1)) / 2


def empathy_predictions(rows, judge: str) -> list[int]:
    from scoring.judges import offline_scorer

    scorer = offline_scorer(judge)
    if judge == "model":
        results = scorer.score_many([r[1] for r in rows], customers=[r[0] for r in rows])
    else:
        results = [scorer.score(r[1], customer=r[0]) for r in rows]
    return [int(res.present("empathy")) for res in results]


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--judge", choices=("model", "rules"), default="model")
    p.add_argument("--csv", default=str(EPITOME))
    args = p.parse_args(argv)
    rows = load(Path(args.csv))
    pred = empathy_predictions(rows, args.judge)
    gold = [r[2] for r in rows]
    print(
        f"EPITOME emotional reactions ({len(rows)} rows), judge {args.judge}: "
        f"empathy macro-F1 {macro_f1(gold, pred):.3f}"
    )


if __name__ == "__main__":
    main()

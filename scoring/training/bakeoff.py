"""The bake-off: the rule scorer, the learned model, and the model plus rules.

    python -m scoring.training.bakeoff [--model-dir scoring/model]

Scores the corpus dev split, ``shared/scoring/dev-set.jsonl`` and the plain
check set ``scoring/corpus/checks/plain-stories.jsonl`` (checking only,
never trained on) with each of the three judges and writes
``bakeoff.json`` beside the model (the model card's table comes from it).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from scoring.corpus import CORPUS_DIR, corpus_file
from scoring.evaluate import evaluate
from scoring.learned import MODEL_DIR, LearnedScorer, learned_scorer
from scoring.rules import rule_scorer
from scoring.types import DIMENSIONS

ROOT = Path(__file__).resolve().parents[2]
SHARED_DEV = ROOT.parent / "shared" / "scoring" / "dev-set.jsonl"
#: Plain replies in the seed stories' situations, written and labelled like the
#: corpus and never trained on (the data card says how it was made).
PLAIN_CHECK = CORPUS_DIR / "checks" / "plain-stories.jsonl"


def judges(model_dir: Path) -> dict:
    full = learned_scorer(model_dir)
    alone = LearnedScorer(full.model, full.info, full.rules, {d: frozenset() for d in DIMENSIONS})
    return {"rules": rule_scorer(), "model": alone, "model+rules": full}


def run(model_dir: Path) -> dict:
    sets = {"corpus dev split": corpus_file("dev")}
    if SHARED_DEV.exists():
        sets["shared dev-set (100)"] = SHARED_DEV
    if PLAIN_CHECK.exists():
        sets["plain check set (300)"] = PLAIN_CHECK
    table: dict[str, dict] = {}
    for name, scorer in judges(model_dir).items():
        table[name] = {}
        for label, path in sets.items():
            report = evaluate(path, scorer)
            table[name][label] = {
                "macro_f1": round(report.macro_f1, 4),
                "f1": {d: round(v, 4) for d, v in report.f1.items()},
            }
    return table


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model-dir", default=str(MODEL_DIR))
    args = p.parse_args(argv)
    table = run(Path(args.model_dir))
    (Path(args.model_dir) / "bakeoff.json").write_text(json.dumps(table, indent=1) + "\n")
    for name, sets in table.items():
        for label, figures in sets.items():
            dims = " ".join(f"{d[:4]} {figures['f1'][d]:.3f}" for d in DIMENSIONS)
            print(f"{name:<12} {label:<22} macro {figures['macro_f1']:.3f}  {dims}")


if __name__ == "__main__":
    main()

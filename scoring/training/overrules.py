"""Which rules may overrule the model: precision on the corpus dev split.

    python -m scoring.training.overrules [--model-dir scoring/model]

For every rule of every dimension, count the dev-split replies where it
fires and how many of them are labelled present. A rule that fires at least
``MIN_FIRES`` times with precision >= 0.97 (``OVERRULE_PRECISION``) is written
to ``overrules.json``; the learned scorer lets only those raise a dimension to
present. Every measured rule is listed in ``rule_precision.json`` (the model
card quotes it).
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from scoring.corpus import load_corpus
from scoring.learned import MODEL_DIR, OVERRULE_PRECISION
from scoring.rules import rule_scorer
from scoring.types import DIMENSIONS

MIN_FIRES = 5


def measure(rows: list[dict]) -> dict[str, list[dict]]:
    rules = rule_scorer()
    fires: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row in rows:
        _verdict, hits = rules.analyse(row["text"], customer=row.get("customer") or None)
        for dim in DIMENSIONS:
            for rule_id in {h.rule_id for h in hits.get(dim, []) if h.kind == "hit"}:
                fires[(dim, rule_id)].append(row["labels"][dim])
    out: dict[str, list[dict]] = {d: [] for d in DIMENSIONS}
    for (dim, rule_id), labels in sorted(fires.items()):
        out[dim].append(
            {
                "rule": rule_id,
                "fires": len(labels),
                "correct": sum(labels),
                "precision": round(sum(labels) / len(labels), 4),
            }
        )
    return out


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model-dir", default=str(MODEL_DIR))
    args = p.parse_args(argv)
    measured = measure(load_corpus(("dev",)))
    allowed = {
        d: [r for r in rs if r["fires"] >= MIN_FIRES and r["precision"] >= OVERRULE_PRECISION]
        for d, rs in measured.items()
    }
    out = Path(args.model_dir)
    (out / "rule_precision.json").write_text(json.dumps(measured, indent=1) + "\n")
    (out / "overrules.json").write_text(json.dumps(allowed, indent=1) + "\n")
    print(json.dumps(allowed, indent=1))


if __name__ == "__main__":
    main()

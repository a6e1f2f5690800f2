"""How well the library's cues read replies: cue-level precision, recall and F1.

    python -m simulator.cue_eval simulator/data/cue_set/dev.jsonl [--sweep] [--scenarios DIR]

Each line of the labelled set is one reply to one library scenario, with a
verdict for every cue of that scenario (``{"cues": {"offers_call": true,
"asks_number": false, ...}}``), given by two annotators and adjudicated where
they disagreed. Every (reply, cue) pair is one decision; the figure is the F1
of "matched" over all decisions (micro), with each cue's own beside it.

``--scenarios DIR`` reads the scenarios from another folder (e.g. the
regex-only library of an earlier commit, for the comparison the authoring
guide reports). ``--sweep`` prints the F1 at each threshold, which is how
:data:`simulator.cue_match.DEFAULT_THRESHOLD` was chosen (on the dev part only).
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from scoring.evaluate import DimensionStats
from simulator import cue_match
from simulator.cue_match import CueMatcher
from simulator.loader import load_library

SET_DIR = Path(__file__).with_name("data") / "cue_set"


@dataclass
class CueReport:
    rows: int = 0
    overall: DimensionStats = field(default_factory=DimensionStats)
    by_cue: dict[str, DimensionStats] = field(default_factory=lambda: defaultdict(DimensionStats))
    errors: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "rows": self.rows,
            "decisions": self.overall.tp + self.overall.fp + self.overall.fn + self.overall.tn,
            "precision": round(self.overall.precision, 3),
            "recall": round(self.overall.recall, 3),
            "f1": round(self.overall.f1, 3),
            "cues": {
                k: {"f1": round(c.f1, 3), "tp": c.tp, "fp": c.fp, "fn": c.fn}
                for k, c in sorted(self.by_cue.items())
            },
        }


def read_set(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def evaluate(rows: list[dict], scenarios: Path | None = None) -> CueReport:
    """Match every row's reply against its scenario's cues and count."""
    library = load_library() if scenarios is None else load_library([scenarios])
    matchers: dict[str, CueMatcher] = {}
    report = CueReport()
    for row in rows:
        sid = row["scenario"]
        if sid not in matchers:
            found = library.get(sid)
            if found is None:
                raise SystemExit(
                    f"error: the set names scenario '{sid}', which is not in the library"
                )
            matchers[sid] = CueMatcher(found.scenario)
        matched = matchers[sid].matches(row["reply"])
        report.rows += 1
        for cue, gold in row["cues"].items():
            predicted = cue in matched
            report.overall.add(predicted, gold)
            report.by_cue[f"{sid}/{cue}"].add(predicted, gold)
            if predicted != gold:
                report.errors.append(
                    {"scenario": sid, "cue": cue, "gold": gold, "reply": row["reply"]}
                )
    return report


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("file", type=Path, nargs="+")
    p.add_argument("--scenarios", type=Path, help="read the scenarios from this folder")
    p.add_argument("--sweep", action="store_true", help="F1 at each threshold")
    p.add_argument("--errors", action="store_true", help="list every wrong decision")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    rows = [r for f in args.file for r in read_set(f)]
    if args.sweep:
        for bg in (-0.05, 0.0, 0.03, 0.06):
            cue_match.NEAR_MISS_MARGIN = bg
            for t in [x / 100 for x in range(44, 58, 2)]:
                cue_match.DEFAULT_THRESHOLD = t
                f1 = evaluate(rows, args.scenarios).overall.f1
                print(f"near-miss margin {bg:.2f} threshold {t:.2f}: F1 {f1:.3f}")
        return
    report = evaluate(rows, args.scenarios)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
        return
    o = report.overall
    print(
        f"{report.rows} replies, {o.tp + o.fp + o.fn + o.tn} decisions: "
        f"precision {o.precision:.3f}  recall {o.recall:.3f}  F1 {o.f1:.3f}"
    )
    for name, c in sorted(report.by_cue.items(), key=lambda kv: kv[1].f1):
        print(f"  {c.f1:.2f}  {name:<48} tp {c.tp:>3} fp {c.fp:>3} fn {c.fn:>3}")
    if args.errors:
        for e in report.errors:
            kind = "missed" if e["gold"] else "wrong "
            print(f"{kind} {e['scenario']}/{e['cue']}: {e['reply']}")


if __name__ == "__main__":
    main()

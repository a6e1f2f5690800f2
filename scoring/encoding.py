"""Turning (customer message, reply) into the learned scorer's input.

Shared by training (``scoring.training``) and run time (``scoring.learned``)
so both see exactly the same tokens. Needs only ``tokenizers`` and ``numpy``.

A row is ``[CLS] customer [SEP] reply [SEP]``: the customer's last message is
context (its *last* ``CUSTOMER_TOKENS`` tokens, where the ask usually is), the
reply is what is judged. Replies longer than ``REPLY_TOKENS`` are cut into
windows of that size that overlap by ``WINDOW_OVERLAP`` tokens; each window is
scored with the same context and a dimension's value is its highest window.
The windows depend on the text alone, so the same input always gives the same
rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

CUSTOMER_TOKENS = 40
REPLY_TOKENS = 96
WINDOW_OVERLAP = 32


@dataclass(frozen=True, slots=True)
class Batch:
    """Model inputs for a batch of rows, padded to the longest row."""

    input_ids: np.ndarray
    attention_mask: np.ndarray
    token_type_ids: np.ndarray

    def as_feed(self) -> dict[str, np.ndarray]:
        return {
            "input_ids": self.input_ids,
            "attention_mask": self.attention_mask,
            "token_type_ids": self.token_type_ids,
        }


class PairEncoder:
    """Tokenises customer/reply pairs into fixed-budget rows."""

    def __init__(self, tokenizer_file: str | Path):
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self.cls: int = self.tokenizer.token_to_id("[CLS]") or 0
        self.sep: int = self.tokenizer.token_to_id("[SEP]") or 0
        self.pad: int = self.tokenizer.token_to_id("[PAD]") or 0

    def _ids(self, texts: list[str]) -> list[list[int]]:
        encoded = self.tokenizer.encode_batch(texts, add_special_tokens=False)
        return [e.ids for e in encoded]

    def windows(self, reply_ids: list[int]) -> list[list[int]]:
        """The reply's token windows (one when it fits)."""
        if len(reply_ids) <= REPLY_TOKENS:
            return [reply_ids]
        step = REPLY_TOKENS - WINDOW_OVERLAP
        out = []
        for start in range(0, len(reply_ids), step):
            out.append(reply_ids[start : start + REPLY_TOKENS])
            if start + REPLY_TOKENS >= len(reply_ids):
                break
        return out

    def rows(self, customers: list[str], replies: list[str]) -> tuple[list[list[int]], list[int]]:
        """Token rows for each pair, and for each row the index of its pair."""
        cust_ids = self._ids([c or "" for c in customers])
        reply_ids = self._ids(replies)
        rows: list[list[int]] = []
        owner: list[int] = []
        for i, (cid, rid) in enumerate(zip(cust_ids, reply_ids, strict=True)):
            context = cid[-CUSTOMER_TOKENS:]
            for window in self.windows(rid):
                rows.append([self.cls, *context, self.sep, *window, self.sep])
                owner.append(i)
        return rows, owner

    def batch(self, rows: list[list[int]]) -> Batch:
        """Pad rows into arrays; token types mark the reply segment."""
        width = max(len(r) for r in rows)
        ids = np.full((len(rows), width), self.pad, dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        types = np.zeros((len(rows), width), dtype=np.int64)
        for n, row in enumerate(rows):
            ids[n, : len(row)] = row
            mask[n, : len(row)] = 1
            first_sep = row.index(self.sep)
            types[n, first_sep + 1 : len(row)] = 1
        return Batch(ids, mask, types)

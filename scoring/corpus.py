"""The labelled corpus in ``scoring/corpus/`` (see its README, the data card).

One JSON object a line, in the rubric's format plus provenance::

    {"id", "customer", "text", "labels": {dimension: 0|1},
     "genre", "source", "split", "industry", "persona", "annotations"}

``split`` is ``train``, ``dev`` or ``test`` (the sealed test: scored once,
when the model is final). Reading it needs nothing beyond the standard
library; training and the dev-split regression test use it.
"""

from __future__ import annotations

import json
from pathlib import Path

from scoring.types import DIMENSIONS

CORPUS_DIR = Path(__file__).with_name("corpus")
SPLITS = ("train", "dev", "test")


def corpus_file(split: str, directory: Path = CORPUS_DIR) -> Path:
    return Path(directory) / f"{split}.jsonl"


def load_corpus(
    splits: tuple[str, ...] = ("train", "dev"), directory: Path = CORPUS_DIR
) -> list[dict]:
    """Rows of the given splits (the sealed test only when asked by name)."""
    rows: list[dict] = []
    for split in splits:
        with corpus_file(split, directory).open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    row = json.loads(line)
                    if row.get("split") != split:
                        raise ValueError(f"{fh.name}: row {row.get('id')} is not {split}")
                    if set(row["labels"]) != set(DIMENSIONS):
                        raise ValueError(f"{fh.name}: row {row.get('id')} lacks labels")
                    rows.append(row)
    return rows

"""The offline sentence encoder: text in, a unit vector out (cosine = dot product).

Scenario cues written as examples are matched with it (``simulator.cue_match``).
It is all-MiniLM-L6-v2, the sentence-similarity model the reply scorer was
fine-tuned from, exported to int8 ONNX by ``python -m
scoring.training.export_encoder`` and shipped in ``scoring/model/`` with
``encoder.json`` (version, SHA-256). Run time needs only ``onnxruntime``,
``tokenizers`` and ``numpy``.

Every text is encoded on its own: the int8 graph quantises activations per
run, so a text batched with others would come out slightly differently. One
text per run, the same text always gives the same vector, which keeps rounds
fair. Vectors are kept in a bounded cache, so a phrase seen before costs
nothing.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from scoring.learned import MODEL_DIR, ModelError, _verified_bytes, read_meta


def _fix_hint(path: Path) -> str:
    return (
        f"reinstall Hotseat to restore {path.name} (pip install --force-reinstall hotseat); "
        "scenario cues written as examples need it"
    )


WHAT = "the cue encoder file"

#: Tokens of one text the encoder reads (cues compare sentences and clauses).
MAX_TOKENS = 64
#: Texts whose vectors are kept in memory.
CACHE_SIZE = 4096


@dataclass(frozen=True, slots=True)
class EncoderInfo:
    """What ``encoder.json`` says about the shipped encoder."""

    directory: Path
    version: str
    file: str
    sha256: str
    tokenizer_sha256: str | None = None

    @classmethod
    def read(cls, directory: Path = MODEL_DIR) -> EncoderInfo:
        return read_meta(
            directory / "encoder.json",
            "the cue encoder's",
            _fix_hint,
            lambda meta: cls(
                directory,
                str(meta["version"]),
                meta["file"],
                meta["sha256"],
                meta.get("tokenizer_sha256"),
            ),
        )


class SentenceEncoder:
    """Unit vectors for short texts, one text per run, cached."""

    def __init__(self, info: EncoderInfo):
        import onnxruntime as ort  # lazy: paid by whoever first needs a cue matched
        from tokenizers import Tokenizer

        self.info = info
        onnx_path = info.directory / info.file
        tokenizer_path = info.directory / "tokenizer.json"
        model_bytes = _verified_bytes(onnx_path, info.sha256, WHAT, _fix_hint)
        _verified_bytes(tokenizer_path, info.tokenizer_sha256, WHAT, _fix_hint)
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        try:
            self.session = ort.InferenceSession(
                model_bytes, options, providers=["CPUExecutionProvider"]
            )
            self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        except Exception as exc:  # onnxruntime raises its own, untyped errors
            raise ModelError(
                f"cannot load the cue encoder {onnx_path} ({type(exc).__name__}): {_fix_hint(onnx_path)}"
            ) from None
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def version(self) -> str:
        return self.info.version

    def _run(self, text: str) -> np.ndarray:
        ids = self.tokenizer.encode(text or " ").ids
        feed = {
            "input_ids": np.array([ids], dtype=np.int64),
            "attention_mask": np.ones((1, len(ids)), dtype=np.int64),
        }
        return self.session.run(None, feed)[0][0].astype(np.float32)

    def embed(self, texts: list[str]) -> np.ndarray:
        """An (n, 384) array of unit vectors, one per text."""
        out = np.zeros((len(texts), 384), dtype=np.float32)
        with self._lock:
            for n, text in enumerate(texts):
                key = plain_words(text)
                vec = self._cache.get(key)
                if vec is None:
                    vec = self._run(key)
                    self._cache[key] = vec
                    if len(self._cache) > CACHE_SIZE:
                        self._cache.popitem(last=False)
                else:
                    self._cache.move_to_end(key)
                out[n] = vec
        return out


#: Symbols typed for words in a hurried chat ("reprint -> overnight", "towels +
#: new table", "w/ the tech").
_THEN = re.compile(r"\s*(?:->|→|=>|>>)\s*")
_AND = re.compile(r"\s+[+&]\s+")
_WITH = re.compile(r"(?<!\w)w/\s*", re.IGNORECASE)


@lru_cache(maxsize=1)
def _chat_words() -> tuple[re.Pattern, dict[str, str]]:
    from scoring.lexicon import load_replacements, trie_pattern

    table = load_replacements(sections=("chat", "typos"))
    # the rule scorer's trie: every clause embedded passes through here
    return re.compile(rf"(?<![\w'])(?:{trie_pattern(table)})(?![\w'])"), table


def plain_words(text: str) -> str:
    """The words an agent meant, as the encoder reads them best: chat spellings
    and typos written out ("ur refund is done tmrw" -> "your refund is done
    tomorrow", from the rule scorer's table), arrows and plus signs read as
    words, emoji and other pictographs dropped, lowercase, spaces collapsed.
    Text typed on a phone then lands nearer examples written out in full.
    (Contractions stay: written out, they moved the cue set's dev figure down.)"""
    text = _WITH.sub(" with ", _AND.sub(" and ", _THEN.sub(" then ", text)))
    text = "".join(" " if unicodedata.category(c) == "So" else c for c in text).lower()
    words, table = _chat_words()
    return " ".join(words.sub(lambda m: table[m.group()], text).split())


@lru_cache(maxsize=1)
def sentence_encoder() -> SentenceEncoder:
    """The shipped encoder, loaded once per process (:class:`ModelError` if unusable)."""
    return SentenceEncoder(EncoderInfo.read())


def encoder_version() -> str:
    """The shipped encoder's version, without loading it (for saved rounds)."""
    return EncoderInfo.read().version

"""The learned judge's speed and memory (the figures the model card quotes).

    python benchmarks/bench_model.py [--n N] [--seed S]

Prints, on this machine (one onnxruntime thread, as the game runs it):
- model load: reading and checking the ONNX file, starting onnxruntime, the
  tokenizer (and, separately, the whole judge with the rules compiled);
- one reply, after load: p50 / p99 / max latency over N varied replies;
- ``hotseat score --jsonl``: replies per second end to end, start-up included;
- memory: peak RSS of a process that loaded the judge and scored N replies.
Figures only, never a test assertion: these machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scoring import make_reply  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    replies = [make_reply(rng) for _ in range(args.n)]

    from scoring.learned import MODEL_DIR, ModelInfo, OnnxReplyModel

    t0 = time.perf_counter()
    info = ModelInfo.read(MODEL_DIR)
    OnnxReplyModel(
        MODEL_DIR / info.file,
        MODEL_DIR / "tokenizer.json",
        sha256=info.sha256,
        tokenizer_sha256=info.tokenizer_sha256,
    )
    model_load = time.perf_counter() - t0

    from scoring.learned import learned_scorer

    t0 = time.perf_counter()
    scorer = learned_scorer()
    judge_load = time.perf_counter() - t0

    for r in replies[:50]:  # warm-up
        scorer.score(r, customer="Where is my order? This is the third time I've asked.")
    lat = []
    for r in replies:
        t = time.perf_counter()
        scorer.score(r, customer="Where is my order? This is the third time I've asked.")
        lat.append(time.perf_counter() - t)
    lat.sort()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "replies.jsonl"
        path.write_text(
            "".join(json.dumps({"id": i, "text": r}) + "\n" for i, r in enumerate(replies[:1000]))
        )
        hotseat = Path(sys.executable).with_name("hotseat")
        command = [str(hotseat)] if hotseat.exists() else [sys.executable, "-m", "simulator"]
        t0 = time.perf_counter()
        subprocess.run(
            [*command, "score", "--jsonl", str(path)],
            check=True,
            stdout=subprocess.DEVNULL,
            env={**os.environ, "OMP_NUM_THREADS": "1"},
        )
        jsonl_rate = 1000 / (time.perf_counter() - t0)

    ms = [x * 1000 for x in lat]
    print(
        f"model file:          {(MODEL_DIR / info.file).stat().st_size / 1e6:.1f} MB ({info.file})"
    )
    print(f"model load:          {model_load * 1000:.0f} ms   (target < 400 ms)")
    print(f"judge load:          {judge_load * 1000:.0f} ms   (model + rules compiled)")
    print(
        f"one reply:           p50 {statistics.median(ms):.1f} ms, "
        f"p99 {ms[int(len(ms) * 0.99) - 1]:.1f} ms, max {ms[-1]:.1f} ms   (target p99 < 25 ms)"
    )
    print(f"score --jsonl:       {jsonl_rate:.0f} replies/s end to end   (target >= 50/s)")
    print(f"peak RSS:            {rss_mb:.0f} MB   (target < 350 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What example cues cost: encoder load, embedding a scenario's examples, and
matching one reply against every cue of its scenario.

    python benchmarks/bench_cues.py [--rounds R]

Prints, on this machine (one onnxruntime thread, as the game runs it):
- encoder load: reading and checking the ONNX file, onnxruntime, the tokenizer;
- examples: embedding every library scenario's examples from scratch, and
  reading them back from the cache folder (what a later start pays);
- one reply: p50 / p99 / max of matching a reply against all of its
  scenario's cues, over the labelled cue set's replies (the encoder's text
  cache emptied before each, so every clause is encoded afresh);
- memory: RSS after all of the above.
Figures only, never a test assertion: these machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=2, help="passes over the replies")
    args = ap.parse_args(argv)

    import platformdirs

    # a fresh cache folder, so "from scratch" is from scratch
    cache = tempfile.mkdtemp(prefix="hotseat-bench-cues-")
    platformdirs.user_cache_dir = lambda *a, **k: cache  # type: ignore[assignment]

    from scoring.sentence_encoder import EncoderInfo, SentenceEncoder

    t0 = time.perf_counter()
    encoder = SentenceEncoder(EncoderInfo.read())
    load = time.perf_counter() - t0

    from simulator import cue_match
    from simulator.cue_match import CueMatcher
    from simulator.loader import load_library

    library = [ls.scenario for ls in load_library().scenarios]
    t0 = time.perf_counter()
    for sc in library:
        CueMatcher(sc, encoder).embedded()
    fresh = time.perf_counter() - t0
    count = sum(len(c.examples) + len(c.not_) for sc in library for c in sc.cues.values())
    cue_match._MEMO.clear()
    t0 = time.perf_counter()
    for sc in library:
        CueMatcher(sc, encoder).embedded()
    cached = time.perf_counter() - t0

    by_id = {sc.id: CueMatcher(sc, encoder) for sc in library}
    rows = []
    for name in ("dev.jsonl", "sealed.jsonl"):
        path = ROOT / "simulator" / "data" / "cue_set" / name
        # replies only: matching needs no labels
        rows += [json.loads(line) for line in path.read_text().splitlines() if line]
    times = []
    for _ in range(args.rounds):
        for row in rows:
            matcher = by_id[row["scenario"]]
            encoder._cache.clear()
            t0 = time.perf_counter()
            matcher.check(row["reply"])
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p99 = times[int(len(times) * 0.99) - 1]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"encoder load:          {load * 1000:.0f} ms")
    print(
        f"library examples:      {count} embedded in {fresh:.2f} s; from the cache {cached * 1000:.0f} ms"
    )
    print(
        f"one reply, all cues:   p50 {statistics.median(times):.1f} ms  p99 {p99:.1f} ms  "
        f"max {times[-1]:.1f} ms  ({len(times)} matches)"
    )
    print(f"peak RSS:              {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Validate 1,000 generated scenario files; print files per second.

Target (issue 2): all 1,000 in under 3 s on one core.
Run: python benchmarks/bench_validate.py [--n 1000]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from simulator.loader import builtin_dir, load_library


def generate(folder: Path, n: int) -> None:
    templates = [p.read_text("utf-8") for p in sorted(builtin_dir().glob("*.yaml"))]
    rng = random.Random(7)
    for i in range(n):
        text = rng.choice(templates)
        lines = text.splitlines()
        for j, line in enumerate(lines):
            if line.startswith("id: "):
                lines[j] = f"id: generated-{i:04d}"
            elif line.startswith("title: "):
                lines[j] = f"{line} #{i}"
        (folder / f"generated-{i:04d}.yaml").write_text("\n".join(lines) + "\n", "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder, args.n)
        start = time.perf_counter()
        lib = load_library([folder])
        elapsed = time.perf_counter() - start
    assert not lib.problems, lib.problems[:3]
    print(f"validated {len(lib.scenarios)} scenario files in {elapsed:.2f} s")
    print(f"{len(lib.scenarios) / elapsed:,.0f} files/s (target: {args.n} in < 3 s)")


if __name__ == "__main__":
    main()

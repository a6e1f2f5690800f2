"""``hotseat schema``: print the scenario JSON Schema."""

from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of the scenario format")
    p.add_argument("--write", metavar="FILE", type=Path, help="write it to FILE instead")
    p.set_defaults(func=run)


def run(args) -> int:
    from simulator.schema import schema_text

    text = schema_text()
    if args.write:
        args.write.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0

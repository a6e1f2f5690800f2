"""``hotseat schema [--track]``: print the scenario (or track) JSON Schema."""

from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of the scenario or track format")
    p.add_argument("--write", metavar="FILE", type=Path, help="write it to FILE instead")
    p.add_argument("--track", action="store_true", help="the track format's schema")
    p.set_defaults(func=run)


def run(args) -> int:
    from simulator.schema import schema_text

    text = schema_text("track" if args.track else "scenario")
    if args.write:
        args.write.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0

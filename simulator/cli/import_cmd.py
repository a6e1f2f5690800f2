"""``hotseat import FILE``: save rounds kept in pending files while the
results database was unavailable. Importing the same file twice is harmless."""

from __future__ import annotations

import json
from pathlib import Path

from simulator.cli.options import add_db_option
from simulator.errors import UsageError

MAX_FILE_BYTES = 16 * 1024 * 1024


def register(sub) -> None:
    p = sub.add_parser(
        "import",
        help="save pending rounds (kept while the database was unavailable)",
        description="Save rounds kept in pending files into the results store. "
        "With no FILE, imports every file in the pending folder.",
    )
    p.add_argument("files", metavar="FILE", nargs="*", help="pending round files (.json)")
    p.add_argument("--code", metavar="CODE", help="the player's join code (invite-only)")
    p.add_argument("--keep", action="store_true", help="keep the files after importing")
    add_db_option(p)
    p.set_defaults(func=run)


def read(path: Path) -> dict:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise UsageError(f"cannot import '{path}': over 16 MiB")
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"cannot import '{path}': no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise UsageError(f"cannot import '{path}': not a JSON file") from None
    except IsADirectoryError:
        raise UsageError(f"cannot import '{path}': it is a folder") from None
    except OSError as exc:
        raise UsageError(f"cannot import '{path}': {exc.strerror or exc}") from None


def run(args) -> int:
    from simulator.importing import import_pending
    from simulator.store import open_store, pending_dir

    files = [Path(f) for f in args.files]
    if not files:
        files = sorted(pending_dir().glob("*.json")) if pending_dir().is_dir() else []
        if not files:
            print("no pending rounds to import")
            return 0
    datas = [(f, read(f)) for f in files]
    with open_store(args.db) as store:
        for path, data in datas:
            try:
                saved = import_pending(store, data, code=args.code)
            except UsageError as exc:
                raise UsageError(f"cannot import '{path}': {exc}") from None
            what = "imported" if saved else "already saved"
            print(f"{what}: round {data['id']} ({data['player']}, {data['round']['scenario']})")
            if not args.keep and path.parent.resolve() == pending_dir().resolve():
                path.unlink(missing_ok=True)
    return 0

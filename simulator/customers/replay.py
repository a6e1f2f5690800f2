"""Recording a customer's lines, and playing them back without a model.

``--record FILE`` wraps the customer of a round (an LLM one, usually) and
writes, after every line, a JSON file: the scenario id, seed, the customer's
kind, the opening, and per turn the trainee's reply, the state, mood,
outcome and facts revealed, the customer's line and any notes. The file is
rewritten after each line, so a round cut short keeps what was said; a
rewound turn overwrites the recorded one.

``--replay FILE`` plays that customer again with no model, so every player of
a tournament meets the same LLM customer. The rule, turn by turn: the
recorded line for turn N is used when the recording has a turn N whose
state, outcome and revealed facts are the ones the engine set now, and every
earlier turn of this round was replayed too. Otherwise the round has taken
another branch: the scenario's scripted line stands in for this and every
later turn, and a notice says so once. The trainee's words need not match:
two players who move the customer the same way hear the same lines. With the
same replies, a replayed round's transcript is identical to the recorded one.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

from simulator.customers.base import Customer, CustomerTurn, join_line
from simulator.customers.scripted import scripted_line
from simulator.errors import UsageError

FORMAT = "hotseat-customer-recording/1"
MAX_RECORDING_BYTES = 5 * 1024 * 1024
BRANCHED = "the round went differently from the recording; scripted lines stand in from here"


def _key(ctx: CustomerTurn) -> dict:
    return {"state": ctx.state, "outcome": ctx.outcome, "reveal": list(ctx.reveal)}


class RecordingCustomer(Customer):
    """Passes ``inner``'s lines through and saves them to ``path``."""

    def __init__(self, inner: Customer, path: str | os.PathLike) -> None:
        super().__init__()
        self.inner = inner
        self.kind = inner.kind
        # Shared, so the engine collects the inner customer's notices.
        self.notices = inner.notices
        self.path = Path(path)
        self.data: dict = {"format": FORMAT, "customer_kind": inner.kind, "turns": {}}
        self._check_writable()

    def _check_writable(self) -> None:
        if self.path.is_dir():
            raise UsageError(f"cannot record to '{self.path}': it is a folder")
        if not self.path.parent.exists():
            raise UsageError(f"cannot record to '{self.path}': no folder {self.path.parent}")

    def stream(self, ctx: CustomerTurn) -> Iterator[str]:
        chunks = []
        for chunk in self.inner.stream(ctx):
            chunks.append(chunk)
            yield chunk
        # Only a line that was streamed to its end is recorded; one the
        # player stopped never reaches here.
        self._save(ctx, join_line(chunks))

    def _save(self, ctx: CustomerTurn, line: str) -> None:
        self.data.update(
            scenario=ctx.scenario.id,
            seed=ctx.seed,
            model=self.inner.kind.removeprefix("llm:"),
            opening=ctx.scenario.opening,
        )
        turns = self.data["turns"]
        for later in [k for k in turns if int(k) > ctx.turn]:
            del turns[later]  # a rewind: what came after is gone
        turns[str(ctx.turn)] = {
            "agent": ctx.agent_reply,
            "mood": ctx.mood,
            **_key(ctx),
            "customer": line,
            "notes": list(self.notices),
        }
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            tmp.write_text(json.dumps(self.data, indent=2, ensure_ascii=False), encoding="utf-8")
            tmp.replace(self.path)
        except OSError as exc:
            self.notice(f"could not save the recording: {exc.strerror or exc}")

    def close(self) -> None:
        self.inner.close()


def load_recording(path: str | os.PathLike) -> dict:
    p = Path(path)
    try:
        if p.stat().st_size > MAX_RECORDING_BYTES:
            raise UsageError(f"cannot replay '{path}': over 5 MiB")
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"cannot replay '{path}': no such file") from None
    except IsADirectoryError:
        raise UsageError(f"cannot replay '{path}': it is a folder") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise UsageError(f"cannot replay '{path}': not a recording (not JSON)") from None
    except OSError as exc:
        raise UsageError(f"cannot replay '{path}': {exc.strerror or exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UsageError(f"cannot replay '{path}': not a hotseat customer recording")
    turns = data.get("turns")
    if not isinstance(turns, dict) or not all(
        isinstance(t, dict) and isinstance(t.get("customer"), str) for t in turns.values()
    ):
        raise UsageError(f"cannot replay '{path}': its turns are damaged")
    return data


class ReplayCustomer(Customer):
    """Plays a recorded customer back; see the module docstring for the rule."""

    def __init__(self, path: str | os.PathLike) -> None:
        super().__init__()
        self.data = load_recording(path)
        self.kind = f"replay:{Path(path).name}"
        self.scenario_id = self.data.get("scenario")
        self.seed = self.data.get("seed")
        self.model = self.data.get("model")
        self.opening: str = str(self.data.get("opening") or "")
        self._replayed: dict[int, bool] = {}
        self._branched = False

    def _recorded(self, ctx: CustomerTurn) -> dict | None:
        if ctx.scenario.id != self.scenario_id:
            return None
        entry = self.data["turns"].get(str(ctx.turn))
        if entry is None or {k: entry.get(k) for k in ("state", "outcome", "reveal")} != _key(ctx):
            return None
        if not all(self._replayed.get(i) for i in range(1, ctx.turn)):
            return None
        return entry

    def stream(self, ctx: CustomerTurn) -> Iterator[str]:
        if ctx.turn == 0:
            yield self.opening if self.scenario_id == ctx.scenario.id else ctx.scenario.opening
            return
        entry = self._recorded(ctx)
        self._replayed[ctx.turn] = entry is not None
        for later in [t for t in self._replayed if t > ctx.turn]:
            del self._replayed[later]  # a rewind
        if entry is None:
            if not self._branched:
                self._branched = True
                self.notice(BRANCHED)
            line = scripted_line(ctx)
        else:
            for note in entry.get("notes") or ():
                self.notice(note)
            line = entry["customer"]
        yield from re.findall(r"\S+\s*", line) or [line]

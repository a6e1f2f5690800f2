"""Loading scenario files: one function from a path to a :class:`Scenario`.

Every problem is reported as ``FILE:LINE:COL: message`` with a hint where
one helps. Hostile input (huge files, alias bombs, custom tags, bad bytes)
is refused with a message, never a traceback. Parsing is ``yaml.safe_load``
safe: only the safe constructor ever builds objects.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from scoring.llm_settings import SettingsError, config_path, read_config
from simulator.errors import ScenarioError, UnknownScenario, UsageError
from simulator.models import Scenario

MAX_FILE_BYTES = 1024 * 1024
#: Nodes a document may expand to once aliases are followed ("billion laughs").
MAX_EXPANDED_NODES = 100_000
MAX_DEPTH = 64
SCENARIO_SUFFIXES = (".yaml", ".yml")
SCHEMA_FILE = "scenario.schema.json"

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Path_ = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a scenario file, where it is, and how to fix it."""

    file: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.message}"


@dataclass(frozen=True)
class LoadedScenario:
    """A scenario with where it came from and a hash of its file."""

    scenario: Scenario
    path: Path
    sha256: str


@dataclass
class Library:
    """What a set of paths loaded into: scenarios and problems, both kept."""

    scenarios: list[LoadedScenario] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Files that failed, each with its problems (for the TUI's library).
    failed: dict[Path, list[Problem]] = field(default_factory=dict)

    def get(self, scenario_id: str) -> LoadedScenario | None:
        return next((s for s in self.scenarios if s.scenario.id == scenario_id), None)


def builtin_dir() -> Path:
    """The folder of the built-in scenario library (shipped as package data)."""
    return Path(str(resources.files("scenarios")))


# --------------------------------------------------------------------------- reading


class Marks:
    """Where each key and value of a document starts, by its path."""

    def __init__(self) -> None:
        self.values: dict[Path_, tuple[int, int]] = {}
        self.keys: dict[Path_, tuple[int, int]] = {}

    def at(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The position of ``path``, or of its nearest ancestor that exists."""
        path = tuple(path)
        while True:
            if key and path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if not path:
                return (1, 1)
            path = path[:-1]


def _mark(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


EMPTY_SCENARIO = "the file is empty; a scenario needs at least id, title, customer, ..."


def read_text(path: Path, empty: str = EMPTY_SCENARIO) -> str:
    """A YAML file's text, size-limited and UTF-8; :class:`ReadFailure` otherwise."""
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        raise ReadFailure(1, 1, "is a folder, not a scenario file") from None
    except OSError as exc:
        raise ReadFailure(1, 1, f"cannot read the file: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ReadFailure(
            1, 1, "file is over 1 MiB; a scenario should be far smaller (split it up)"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise ReadFailure(
            line, col, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        ) from None
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise ReadFailure(1, 1, empty)
    return text


class ReadFailure(Exception):
    """A file that cannot be read or parsed, and where."""

    def __init__(self, line: int, col: int, message: str):
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


def _count_expanded(root: yaml.Node) -> None:
    """Refuse documents that explode when aliases are expanded."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node, depth: int) -> int:
        if depth > MAX_DEPTH:
            raise ReadFailure(*_mark(node), f"nesting deeper than {MAX_DEPTH} levels")
        known = sizes.get(id(node))
        if known is not None:
            return known
        sizes[id(node)] = MAX_EXPANDED_NODES + 1  # guards against a cycle
        total = 1
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                total += size(k, depth + 1) + size(v, depth + 1)
                if total > MAX_EXPANDED_NODES:
                    break
        elif isinstance(node, yaml.SequenceNode):
            for v in node.value:
                total += size(v, depth + 1)
                if total > MAX_EXPANDED_NODES:
                    break
        sizes[id(node)] = total
        if total > MAX_EXPANDED_NODES:
            raise ReadFailure(
                *_mark(node),
                "the document expands to too many nodes through aliases (an alias bomb?); "
                "write the values out instead of using &anchors and *aliases",
            )
        return total

    size(root, 0)


def _collect_marks(node: yaml.Node, path: Path_, marks: Marks) -> None:
    marks.values[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for k, v in node.value:
            key = k.value if isinstance(k, yaml.ScalarNode) else str(k.value)
            if k.tag.endswith(":bool"):
                raise ReadFailure(
                    *_mark(k),
                    f"the key '{key}' reads as true/false in YAML; quote it ('{key}':)"
                    + (", or did you mean 'rules'?" if key.lower() == "on" else ""),
                )
            if key in seen:
                line, col = _mark(k)
                raise ReadFailure(
                    line,
                    col,
                    f"duplicate key '{key}' (first on line {seen[key]}); keep one of them",
                )
            seen[key] = _mark(k)[0]
            marks.keys[(*path, key)] = _mark(k)
            _collect_marks(v, (*path, key), marks)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _collect_marks(v, (*path, i), marks)


def parse(text: str, empty: str = EMPTY_SCENARIO) -> tuple[Any, Marks]:
    """The document and where each of its keys and values starts."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ReadFailure(1, 1, empty)
        _count_expanded(node)
        marks = Marks()
        _collect_marks(node, (), marks)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if "could not determine a constructor for the tag" in problem:
            problem = f"{problem}; custom tags are not allowed in scenario files, use plain values"
        raise ReadFailure(line, col, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise ReadFailure(1, 1, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise ReadFailure(1, 1, f"nesting deeper than {MAX_DEPTH} levels") from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "nothing"
        kind = {"list": "a list", "str": "a string", "int": "a number"}.get(kind, kind)
        raise ReadFailure(
            *marks.at(()), f"expected a mapping of keys (id: ..., title: ...), found {kind}"
        )
    return data, marks


# --------------------------------------------------------------------------- schema errors


def _unwrap(tp: Any) -> Any:
    """The model class inside ``Optional[...]``/``Annotated[...]``, if any."""
    while get_origin(tp) is not None and get_origin(tp).__name__ == "Annotated":
        tp = get_args(tp)[0]
    if get_origin(tp) in (Union, getattr(__import__("types"), "UnionType", Union)):
        for arg in get_args(tp):
            inner = _unwrap(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return tp


def _model_at(loc: Path_, root: type[BaseModel] = Scenario) -> type[BaseModel] | None:
    """Which model sits at ``loc`` of a ``root`` document (a scenario, a track)."""
    tp: Any = root
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            f = tp.model_fields.get(str(part))
            if f is None:
                return None
            tp = f.annotation
        elif get_origin(tp) in (dict, list):
            tp = get_args(tp)[-1]
        else:
            return None
    tp = _unwrap(tp)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _where(loc: Path_) -> str:
    return ".".join(str(p) for p in loc) or "the top level"


def did_you_mean(word: str, options: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


def schema_problems(
    exc: ValidationError, marks: Marks, file: str, root: type[BaseModel] = Scenario
) -> Iterator[Problem]:
    """Pydantic's errors as problems at their place in the file, with hints."""
    for err in exc.errors():
        loc: Path_ = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
        kind = err["type"]
        if kind == "extra_forbidden":
            parent, key = loc[:-1], str(loc[-1])
            model = _model_at(parent, root)
            options = [f.alias or n for n, f in model.model_fields.items()] if model else []
            hint = did_you_mean(key, options)
            if not hint and options:
                hint = f"; allowed keys: {', '.join(options)}"
            line, col = marks.at(loc, key=True)
            msg = f"unknown key '{key}' in {_where(parent)}{hint}"
        elif kind == "missing":
            line, col = marks.at(loc[:-1])
            msg = f"missing required key '{loc[-1]}' in {_where(loc[:-1])}"
        else:
            line, col = marks.at(loc)
            got = err.get("input")
            shown = "" if isinstance(got, dict | list) else f" (got {got!r})"
            msg = f"{_where(loc)}: {err['msg']}{shown}"
            if "Keys should be strings" in err["msg"]:
                msg += "; YAML reads yes/no/on/off/true/false as booleans, so quote that key"
        yield Problem(file, line, col, msg)


# --------------------------------------------------------------------------- meaning


def cue_patterns_at(marks: Marks, base: Path_) -> Path_:
    """Where a cue's patterns are: under ``patterns:``, or the cue itself when
    it is written as a plain list."""
    return (*base, "patterns") if (*base, "patterns") in marks.values else base


def _meaning_problems(sc: Scenario, marks: Marks, file: str) -> Iterator[Problem]:
    def at(path: Path_, message: str, key: bool = False) -> Problem:
        return Problem(file, *marks.at(path, key=key), message)

    states = list(sc.states)
    signals = sc.signals

    for base, pats in [
        *((cue_patterns_at(marks, ("cues", n)), c.patterns) for n, c in sc.cues.items()),
        *((("scoring", d), getattr(sc.scoring, d)) for d in type(sc.scoring).model_fields),
        *((("delights", n, "cues"), d.cues) for n, d in sc.delights.items()),
    ]:
        for i, pat in enumerate(pats):
            try:
                re.compile(pat)
            except re.error as exc:
                yield at(
                    (*base, i),
                    f"'{pat}' is not a valid pattern: {exc}; escape special characters with \\",
                )

    for key in ("returns_after", "returns_kept"):
        line = getattr(sc, key)
        if line is not None and "{promise}" not in line:
            yield at(
                (key,),
                f"{key} must quote the earlier promise: put {{promise}} where it goes",
            )
    if sc.returns_kept is not None and sc.returns_after is None:
        yield at(("returns_kept",), "returns_kept needs returns_after too (for a vague promise)")
    if sc.follow_up is not None and sc.follow_up.scenario == sc.id:
        yield at(("follow_up", "scenario"), "a scenario cannot be its own follow-up")

    if sc.start is not None and sc.start not in sc.states:
        yield at(
            ("start",), f"start state '{sc.start}' does not exist{did_you_mean(sc.start, states)}"
        )

    def check_signals(path: Path_, names: list[str]) -> Iterator[Problem]:
        for i, raw in enumerate(names):
            word = raw.removeprefix("not ").strip()
            if word not in signals:
                hint = did_you_mean(word, signals) or (
                    f"; use one of {', '.join(signals)}, or add it under cues"
                )
                yield at((*path, i), f"unknown signal '{word}'{hint}")

    yield from check_signals(("ending", "needs"), sc.ending.needs)
    if sc.ending.give_up_at >= sc.ending.resolve_at:
        yield at(("ending", "give_up_at"), "give_up_at must be below resolve_at")

    for name, state in sc.states.items():
        if state.end and state.rules:
            yield at(
                ("states", name, "rules"),
                f"state '{name}' ends the round, so its rules never run; remove 'rules' or 'end'",
            )
        for i, rule in enumerate(state.rules):
            path = ("states", name, "rules", i)
            yield from check_signals((*path, "when"), rule.when)
            if rule.goto is not None and rule.goto not in sc.states:
                yield at(
                    (*path, "goto"),
                    f"rule goes to state '{rule.goto}', which does not exist{did_you_mean(rule.goto, states)}",
                )

    if sc.start_state not in sc.states:
        return
    reachable = _reachable(sc)
    for name in states:
        if name not in reachable:
            yield at(
                ("states", name),
                f"state '{name}' can never be reached; add a rule with 'goto: {name}' or remove it",
                key=True,
            )

    live = [sc.states[n] for n in reachable]
    ends = {s.end for s in live if s.end}
    rule_moods = [r.mood for s in live for r in s.rules]
    can_rise = any(m > 0 for m in rule_moods)
    can_fall = sc.ending.idle_mood < 0 or any(m < 0 for m in rule_moods)
    if "resolved" not in ends and not (can_rise or sc.customer.mood >= sc.ending.resolve_at):
        yield at(
            ("states",),
            "the customer can never be satisfied: no reachable state has 'end: resolved' and no rule raises the mood",
        )
    if sc.customer.patience is None and not ends and not can_rise and not can_fall:
        yield at(
            ("customer", "patience"),
            "this round can never end: no patience limit, no ending state, and the mood never moves",
        )


def _reachable(sc: Scenario) -> set[str]:
    seen, todo = set(), [sc.start_state]
    while todo:
        name = todo.pop()
        if name in seen or name not in sc.states:
            continue
        seen.add(name)
        todo.extend(r.goto for r in sc.states[name].rules if r.goto)
    return seen


# --------------------------------------------------------------------------- public API


def load_scenario(path: str | Path) -> LoadedScenario:
    """Load and check one scenario file; raise :class:`ScenarioError` with
    every problem found."""
    path = Path(path)
    file = str(path)
    try:
        text = read_text(path)
        data, marks = parse(text)
    except ReadFailure as fail:
        raise ScenarioError([Problem(file, fail.line, fail.col, fail.message)]) from None
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(sorted(set(schema_problems(exc, marks, file)))) from None
    problems = sorted(set(_meaning_problems(scenario, marks, file)))
    if problems:
        raise ScenarioError(problems)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return LoadedScenario(scenario, path, digest)


TRACK_SUFFIXES = (".track.yaml", ".track.yml")


def is_track_file(path: Path, folder: Path | None = None) -> bool:
    """A track (an onboarding curriculum), not a scenario: ``*.track.yaml``, or
    any YAML file in a ``tracks`` folder (below ``folder`` when one is given)."""
    if path.name.endswith(TRACK_SUFFIXES):
        return True
    parents = path.parent.relative_to(folder).parts if folder else path.parent.parts[-1:]
    return "tracks" in parents


def scenario_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The scenario files named by ``paths``: files as given, folders searched
    (track files in them are left to :mod:`simulator.tracks`)."""
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(
                f
                for f in p.rglob("*")
                if f.suffix in SCENARIO_SUFFIXES and f.is_file() and not is_track_file(f, p)
            )
        elif not is_track_file(p):
            yield p


def load_library(paths: Iterable[str | Path] | None = None) -> Library:
    """Load every scenario under ``paths`` (default: :func:`library_paths`, the
    built-in library and the configured folders), keeping going past broken
    files; an id that clashes with another file's is a problem naming both."""
    lib = Library()
    first_seen: dict[str, LoadedScenario] = {}
    for path in scenario_files(library_paths() if paths is None else paths):
        try:
            loaded = load_scenario(path)
        except ScenarioError as exc:
            lib.problems.extend(exc.problems)
            lib.failed[path] = exc.problems
            continue
        sid = loaded.scenario.id
        if sid in first_seen:
            problem = Problem(
                str(path),
                *_id_position(path),
                f"duplicate id '{sid}' (also in {first_seen[sid].path}); ids must be unique",
            )
            lib.problems.append(problem)
            lib.failed[path] = [problem]
            continue
        first_seen[sid] = loaded
        lib.scenarios.append(loaded)
    return lib


def _id_position(path: Path) -> tuple[int, int]:
    for n, line in enumerate(path.read_text("utf-8-sig").splitlines(), 1):
        if line.startswith("id:"):
            return (n, 5)
    return (1, 1)


SCENARIOS_ENV = "HOTSEAT_SCENARIOS"


def configured_folders() -> list[Path]:
    """Trainers' scenario folders from ``[scenarios] paths`` in config.toml,
    then ``$HOTSEAT_SCENARIOS`` (folders separated by the OS path separator)."""
    folders: list[Path] = []
    path = config_path()
    try:
        config = read_config(path)
    except SettingsError as exc:
        raise UsageError(str(exc)) from None
    listed = (config.get("scenarios") or {}).get("paths", [])
    if isinstance(listed, str):
        listed = [listed]
    if not isinstance(listed, list) or not all(isinstance(p, str) for p in listed):
        raise UsageError(f"config file {path}: [scenarios] paths must be a list of folders")
    folders += [Path(p).expanduser() for p in listed]
    env = os.environ.get(SCENARIOS_ENV, "")
    folders += [Path(p).expanduser() for p in env.split(os.pathsep) if p.strip()]
    return folders


def library_paths(extra: Iterable[str | Path] | None = None, *, builtin: bool = True) -> list[Path]:
    """Where the game looks for scenarios: the built-in library (unless
    ``builtin`` is False, ``--no-builtin``), the configured folders, then
    ``extra`` (``--scenarios``). Trainers' folders add to the library."""
    paths = [builtin_dir()] if builtin else []
    for p in [*configured_folders(), *(Path(x).expanduser() for x in extra or [])]:
        if p not in paths:
            paths.append(p)
    return paths


def find_scenario(scenario_id: str, paths: Iterable[str | Path] | None = None) -> LoadedScenario:
    """The scenario with this id, or a one-line :class:`UsageError` that says
    where it looked (and how to add a folder)."""
    paths = list(paths) if paths is not None else library_paths()
    lib = load_library(paths)
    clash = next((p for p in lib.problems if f"duplicate id '{scenario_id}'" in p.message), None)
    if clash is not None:
        raise UsageError(f"{clash.file}: {clash.message}")
    found = lib.get(scenario_id)
    if found is None:
        ids = [s.scenario.id for s in lib.scenarios]
        hint = did_you_mean(scenario_id, ids)
        where = ", ".join(
            "the built-in library" if Path(p) == builtin_dir() else str(p) for p in paths
        )
        raise UnknownScenario(
            f"unknown scenario '{scenario_id}'{hint or ''}; looked in {where or 'nothing'} "
            f"(a trainer's folder joins the library through ${SCENARIOS_ENV}, [scenarios] "
            "paths in config.toml or the scenarios option)"
        )
    return found

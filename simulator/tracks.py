"""Onboarding tracks: a curriculum of ordered stages, as plain YAML files.

A track is read and checked like a scenario (``FILE:LINE:COL`` problems with
did-you-mean, a JSON Schema for editors); a stage that names a scenario the
library does not have is an error. Where a player stands on a track is worked
out from their saved rounds (:mod:`simulator.progress`), so rounds played
headless or in the TUI count alike.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError

from simulator.errors import ScenarioError, UsageError
from simulator.loader import (
    SCENARIO_SUFFIXES,
    Library,
    Problem,
    ReadFailure,
    builtin_dir,
    did_you_mean,
    is_track_file,
    parse,
    read_text,
    schema_problems,
)
from simulator.models import Line, Slug, _Model

Grade = Literal["A", "B", "C", "D", "F"]
EMPTY_TRACK = "the file is empty; a track needs at least id, title and stages"


class PassMark(_Model):
    """What a round must reach for its scenario to count as passed."""

    grade: Grade = "C"
    """The lowest grade that passes (A is best; the default C is a score of 55 or more)."""

    clean: bool = True
    """Also require no blame and no policy-hiding flagged anywhere in the round."""


class Stage(_Model):
    """One step of the track: a lesson and the scenarios that practise it."""

    title: Line
    """A short name for the stage, e.g. "Find a way to say yes"."""

    lesson: Line
    """What this stage teaches, in a sentence or two, tied to the stories."""

    scenarios: Annotated[list[Slug], Field(min_length=1, max_length=50)]
    """Scenario ids, in the order a new hire should play them."""

    pass_mark: PassMark = PassMark()
    """What a round must reach to pass its scenario (default: grade C, nothing flagged)."""

    need: Annotated[int, Field(ge=1)] | None = None
    """How many of the stage's scenarios must be passed (default: all of them)."""


class Track(_Model):
    """An onboarding track: stages in order; passing one unlocks the next."""

    id: Slug
    """The track's name on the command line (``hotseat track show ID``); lowercase, dashes."""

    title: Line
    """The track's title, as the home screen shows it."""

    description: Line = "A path through the scenario library."
    """Who the track is for and what it covers."""

    stages: Annotated[list[Stage], Field(min_length=1, max_length=30)]
    """The stages, first to last."""


@dataclass(frozen=True)
class LoadedTrack:
    track: Track
    path: Path
    sha256: str


@dataclass
class TrackSet:
    """Every track found, and the problems of those that did not load."""

    tracks: list[LoadedTrack] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def get(self, track_id: str) -> LoadedTrack | None:
        return next((t for t in self.tracks if t.track.id == track_id), None)


def builtin_tracks_dir() -> Path:
    """The folder of the built-in tracks (shipped as package data)."""
    return Path(str(resources.files("tracks")))


def track_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Track files in ``paths``: the built-in folder's YAML, ``*.track.yaml``
    and ``tracks/`` folders inside trainers' scenario folders, files as given."""
    builtin = builtin_tracks_dir()
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix in SCENARIO_SUFFIXES
                and (p == builtin or is_track_file(f, p))
            )
        elif p.is_file():
            yield p


def _id_at(marks, data) -> tuple[int, int]:
    return marks.at(("id",)) if isinstance(data, dict) and "id" in data else (1, 1)


def load_track(path: str | Path, library: Library | None = None) -> LoadedTrack:
    """Load and check one track file; with ``library``, every scenario it
    names must be there. Raises :class:`ScenarioError` with every problem."""
    path = Path(path)
    file = str(path)
    try:
        text = read_text(path, EMPTY_TRACK)
        data, marks = parse(text, EMPTY_TRACK)
    except ReadFailure as fail:
        raise ScenarioError([Problem(file, fail.line, fail.col, fail.message)]) from None
    try:
        track = Track.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(sorted(set(schema_problems(exc, marks, file, Track)))) from None
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for s, stage in enumerate(track.stages):
        for k, sid in enumerate(stage.scenarios):
            where = marks.at(("stages", s, "scenarios", k))
            if sid in seen:
                problems.append(
                    Problem(
                        file,
                        *where,
                        f"scenario '{sid}' is already in stage {seen[sid] + 1}; "
                        "a scenario belongs to one stage",
                    )
                )
            seen.setdefault(sid, s)
            if library is not None and library.get(sid) is None:
                known = [x.scenario.id for x in library.scenarios]
                hint = did_you_mean(sid, known) or (
                    "; is its folder in the library (the scenarios option)?"
                )
                problems.append(Problem(file, *where, f"unknown scenario '{sid}'{hint}"))
        if stage.need is not None and stage.need > len(stage.scenarios):
            problems.append(
                Problem(
                    file,
                    *marks.at(("stages", s, "need")),
                    f"need is {stage.need} but the stage has only "
                    f"{len(stage.scenarios)} scenarios; lower it or add scenarios",
                )
            )
    if problems:
        raise ScenarioError(sorted(set(problems)))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return LoadedTrack(track, path, digest)


def load_tracks(paths: Iterable[str | Path], library: Library | None = None) -> TrackSet:
    """Every track under ``paths`` (see :func:`track_files`), keeping going
    past broken files; an id used twice is a problem naming both files."""
    found = TrackSet()
    for path in track_files(paths):
        try:
            loaded = load_track(path, library)
        except ScenarioError as exc:
            found.problems.extend(exc.problems)
            continue
        other = found.get(loaded.track.id)
        if other is not None:
            found.problems.append(
                Problem(
                    str(path),
                    1,
                    1,
                    f"duplicate track id '{loaded.track.id}' (also in {other.path}); "
                    "ids must be unique",
                )
            )
            continue
        found.tracks.append(loaded)
    return found


def tracks_paths(scenario_paths: Iterable[str | Path], *, builtin: bool = True) -> list[Path]:
    """Where tracks are looked for: the built-in tracks, then the same
    folders as scenarios (their ``*.track.yaml`` files and ``tracks/`` folders)."""
    out = [builtin_tracks_dir()] if builtin else []
    out += [Path(p) for p in scenario_paths if Path(p) != builtin_dir()]
    return out


def find_track(track_id: str, tracks: TrackSet) -> LoadedTrack:
    """The track with this id, or a one-line :class:`UsageError` that lists
    the tracks (and says when some files did not load)."""
    found = tracks.get(track_id)
    if found is not None:
        return found
    known = [t.track.id for t in tracks.tracks]
    hint = did_you_mean(track_id, known)
    listing = ", ".join(known) or "none"
    broken = sorted({p.file for p in tracks.problems})
    more = ""
    if broken:
        more = f"; {len(broken)} track file(s) did not load, see 'hotseat validate {broken[0]}'"
    raise UsageError(
        f"unknown track '{track_id}'{hint}; tracks: {listing} ('hotseat track list'){more}"
    )

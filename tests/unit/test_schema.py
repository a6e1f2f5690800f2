"""The shipped JSON Schema matches the models, and every scenario points to it."""

import json

from simulator.loader import builtin_dir, scenario_files
from simulator.schema import schema_text

FIRST_LINE = "# yaml-language-server: $schema=./scenario.schema.json"


def test_shipped_schema_is_current():
    shipped = (builtin_dir() / "scenario.schema.json").read_text(encoding="utf-8")
    assert shipped == schema_text(), (
        "scenarios/scenario.schema.json is stale: run "
        "'hotseat schema --write scenarios/scenario.schema.json'"
    )


def test_schema_describes_every_field():
    schema = json.loads(schema_text())

    def walk(node, where):
        for name, prop in node.get("properties", {}).items():
            assert prop.get("description"), f"{where}.{name} has no description"

    walk(schema, "Scenario")
    for name, definition in schema.get("$defs", {}).items():
        walk(definition, name)


def test_every_builtin_scenario_names_the_schema():
    files = list(scenario_files([builtin_dir()]))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == FIRST_LINE, f"{path.name} must start with the schema comment"


def test_shipped_track_schema_is_current():
    from simulator.tracks import builtin_tracks_dir

    shipped = (builtin_tracks_dir() / "track.schema.json").read_text(encoding="utf-8")
    assert shipped == schema_text("track"), (
        "tracks/track.schema.json is stale: run "
        "'hotseat schema --track --write tracks/track.schema.json'"
    )
    walk = json.loads(shipped)
    for name, definition in [("Track", walk), *walk["$defs"].items()]:
        for field, prop in definition.get("properties", {}).items():
            assert prop.get("description"), f"{name}.{field} has no description"

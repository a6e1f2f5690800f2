"""The JSON Schemas of the scenario and track formats, generated from the models."""

from __future__ import annotations

import json

from pydantic import BaseModel

from simulator.models import Scenario
from simulator.tracks import Track

SCHEMA_ID = "https://hotseat.dev/scenario.schema.json"
TRACK_SCHEMA_ID = "https://hotseat.dev/track.schema.json"


def _schema(model: type[BaseModel], schema_id: str) -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id,
        **model.model_json_schema(),
    }


def scenario_schema() -> dict:
    schema = _schema(Scenario, SCHEMA_ID)
    # A cue may also be a plain list of patterns (the model reads it as
    # ``{patterns: [...]}``), so an editor must accept that form too.
    schema["properties"]["cues"]["additionalProperties"] = {
        "anyOf": [
            {"$ref": "#/$defs/Cue"},
            {"type": "array", "items": {"type": "string"}, "minItems": 1},
            {"type": "string"},
        ]
    }
    return schema


def track_schema() -> dict:
    return _schema(Track, TRACK_SCHEMA_ID)


def schema_text(kind: str = "scenario") -> str:
    """A schema as shipped: ``scenarios/scenario.schema.json`` or ``tracks/track.schema.json``."""
    schema = track_schema() if kind == "track" else scenario_schema()
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"

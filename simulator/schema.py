"""The JSON Schema of the scenario format, generated from the models."""

from __future__ import annotations

import json

from simulator.models import Scenario

SCHEMA_ID = "https://hotseat.dev/scenario.schema.json"


def scenario_schema() -> dict:
    schema = Scenario.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }


def schema_text() -> str:
    """The schema as shipped in ``scenarios/scenario.schema.json``."""
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"

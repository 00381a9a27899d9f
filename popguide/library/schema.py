"""The JSON Schema of a scenario file, generated from the models."""

from __future__ import annotations

from .models import Scenario
from .typed import json_schema

SCHEMA_ID = "https://popguide.invalid/scenario.schema.json"


def scenario_schema() -> dict:
    return json_schema(Scenario, title="popguide scenario", schema_id=SCHEMA_ID)

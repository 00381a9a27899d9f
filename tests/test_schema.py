"""The published JSON Schema is generated from the models and agrees with the library."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

from popguide.library.loader import builtin_library_dir, RESERVED_FILES
from popguide.library.schema import scenario_schema

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "docs" / "scenario.schema.json"


def test_published_schema_is_in_sync_with_the_models():
    published = json.loads(SCHEMA_FILE.read_text())
    assert published == scenario_schema(), "run: popguide schema > docs/scenario.schema.json"


def test_every_builtin_scenario_file_passes_the_schema():
    validator = jsonschema.Draft202012Validator(scenario_schema())
    files = [p for p in builtin_library_dir().glob("*.yaml") if p.name not in RESERVED_FILES]
    assert len(files) >= 5
    for path in files:
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text())))
        assert not errors, f"{path.name}: {errors[0].message}"


def test_schema_rejects_an_unknown_evidence_rating():
    validator = jsonschema.Draft202012Validator(scenario_schema())
    path = builtin_library_dir() / "off-road-bikes.yaml"
    data = yaml.safe_load(path.read_text())
    data["responses"][0]["evidence"]["rating"] = "brilliant"
    assert any("brilliant" in e.message for e in validator.iter_errors(data))

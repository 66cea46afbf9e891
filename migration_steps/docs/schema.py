"""The JSON Schema of `results.json` ("playbook-run/1"), and a validator for the subset it uses.

The schema is published in the reference pages and checks every results file the docs are
built from, so the two cannot drift apart.
"""

from __future__ import annotations

import re
from typing import Any

RESULTS_SCHEMA_ID = "playbook-run/1"

_COUNT = {"type": ["integer", "null"], "minimum": 0}
STAGE_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"

RESULTS_JSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": RESULTS_SCHEMA_ID,
    "title": "playbook run results",
    "description": "What `playbook run` proved about every stage, written to OUT/results.json.",
    "type": "object",
    "required": ["schema", "generated_at", "db", "seconds", "stages", "summary"],
    "properties": {
        "schema": {"const": RESULTS_SCHEMA_ID},
        "generated_at": {"type": "string", "description": "UTC, ISO 8601."},
        "db": {"type": "string", "description": "Database kind: sqlite or postgresql."},
        "seconds": {"type": "number", "description": "Wall time of the run."},
        "stages": {"type": "array", "items": {"$ref": "#/$defs/stage"}},
        "summary": {"$ref": "#/$defs/summary"},
    },
    "$defs": {
        "stage": {
            "type": "object",
            "description": "One stage: built, verified against the golden master, raced.",
            "required": ["name", "route", "step", "diff"],
            "properties": {
                "name": {
                    "type": "string",
                    "description": "legacy, step-1, …, target, alt-verify",
                    # A stage's page is route/<name>.md: no separators, no leading dot.
                    "pattern": STAGE_NAME_PATTERN,
                },
                "route": {"type": "string", "description": "main or alt"},
                "step": {"oneOf": [{"type": "null"}, {"$ref": "#/$defs/step"}]},
                "diff": {"type": "string", "description": "Unified diff the step made."},
                "verify": {"$ref": "#/$defs/verify"},
                "race": {"$ref": "#/$defs/race"},
                "modules": {"$ref": "#/$defs/modules"},
                "stress": {"$ref": "#/$defs/stress"},
                "error": {"type": "string", "description": "Why the stage could not be run."},
            },
        },
        "step": {
            "type": "object",
            "required": [
                "id",
                "previous",
                "route",
                "title",
                "rationale",
                "risk",
                "time_estimate",
                "intended_changes",
            ],
            "properties": {
                "id": {"type": "string"},
                "previous": {"type": "string", "description": '"0" is the legacy tree.'},
                "route": {"type": "string"},
                "title": {"type": "string"},
                "rationale": {"type": "string"},
                "risk": {"type": "string"},
                "time_estimate": {"type": "string"},
                "intended_changes": {"type": "array", "items": {"$ref": "#/$defs/change"}},
            },
        },
        "change": {
            "type": "object",
            "required": ["scenario", "check", "before", "after", "why"],
            "properties": {
                "scenario": {"type": "string", "description": '"*" is every scenario.'},
                "check": {"type": "string"},
                "before": {"description": "Legacy's value: exact JSON, or a predicate like >0"},
                "after": {"description": "The value after the step, in the same forms"},
                "why": {"type": "string"},
            },
        },
        "verify": {
            "type": "object",
            "description": "The characterization matrix (`playbook verify --json`).",
            "required": ["scenarios", "summary"],
            "properties": {
                "stage": {"type": "string"},
                "db": {"type": "string"},
                "scenarios": {"type": "array", "items": {"$ref": "#/$defs/scenario"}},
                "summary": {"$ref": "#/$defs/statuses"},
            },
        },
        "scenario": {
            "type": "object",
            "required": ["name", "checks"],
            "properties": {
                "name": {"type": "string"},
                "checks": {"type": "array", "items": {"$ref": "#/$defs/check"}},
                "info": {"type": "object", "description": "Counts: stored, lost, rows written…"},
            },
        },
        "check": {
            "type": "object",
            "required": ["name", "status"],
            "properties": {
                "name": {"type": "string"},
                "status": {"enum": ["same", "intended", "regression"]},
                "expected": {"description": "From the golden transcript."},
                "observed": {"description": "From this stage."},
            },
        },
        "statuses": {
            "type": "object",
            "required": ["same", "intended", "regression"],
            "properties": {
                "same": {"type": "integer"},
                "intended": {"type": "integer"},
                "regression": {"type": "integer"},
            },
        },
        "race": {
            "type": "object",
            "description": "The lost-update scenarios (`playbook race --json`).",
            "required": ["scenarios", "statements_per_message"],
            "properties": {
                "stage": {"type": "string"},
                "db": {"type": "string"},
                "scenarios": {
                    "type": "object",
                    "additionalProperties": {"$ref": "#/$defs/race_scenario"},
                },
                "statements_per_message": {
                    "type": "object",
                    "required": ["messages", "by_verb", "message_rewrites"],
                    "properties": {
                        "messages": {"type": "integer"},
                        "by_verb": {"type": "object", "additionalProperties": {"type": "number"}},
                        "by_table": {"type": "object", "additionalProperties": {"type": "number"}},
                        "message_rewrites": {"type": "number"},
                    },
                },
            },
        },
        "race_scenario": {
            "type": "object",
            "required": ["expected", "stored", "lost", "timeline"],
            "properties": {
                "expected": {"type": "array", "items": {"type": "string"}},
                "stored": {"type": "array", "items": {"type": "string"}},
                "lost": {"type": "array", "items": {"type": "string"}},
                "duplicated": {"type": "array", "items": {"type": "string"}},
                "timeline": {"type": "array", "items": {"$ref": "#/$defs/moment"}},
            },
        },
        "moment": {
            "type": "object",
            "required": ["t", "actor", "action", "result", "database_change"],
            "properties": {
                "t": {"type": "number", "description": "Seconds on the manual clock."},
                "actor": {"type": "string", "description": "Instance · writer, e.g. A · chat"},
                "action": {"type": "string"},
                "result": {"type": "string"},
                "database_change": {"type": "array", "items": {"type": "string"}},
            },
        },
        "modules": {
            "type": "object",
            "description": "The import graph of the stage's `app` package.",
            "required": ["modules", "imports"],
            "properties": {
                "modules": {"type": "array", "items": {"type": "string"}},
                "imports": {
                    "type": "array",
                    "description": "[importer, imported] pairs.",
                    "items": {
                        "type": "array",
                        "items": {"type": "string"},
                        "minItems": 2,
                        "maxItems": 2,
                    },
                },
            },
        },
        "stress": {
            "type": "object",
            "description": "`playbook stress --quick`: load, faults, and what they cost.",
            "required": ["stage", "db", "load", "faults", "summary"],
            "properties": {
                "summary": {
                    "type": "object",
                    "required": [
                        "acknowledged",
                        "lost",
                        "duplicated",
                        "phantom",
                        "lost_under_load",
                        "unclear_errors",
                        "served_after_faults",
                        "holds",
                    ],
                    "properties": {
                        "acknowledged": _COUNT,
                        "lost": _COUNT,
                        "duplicated": _COUNT,
                        "phantom": _COUNT,
                        "lost_under_load": _COUNT,
                        "unclear_errors": _COUNT,
                        "served_after_faults": {"type": "boolean"},
                        "holds": {"type": "boolean"},
                    },
                },
            },
        },
        "summary": {
            "type": "object",
            "required": ["stages", "failed_stages"],
            "properties": {
                "stages": {
                    "type": "object",
                    "additionalProperties": {"$ref": "#/$defs/summary_row"},
                },
                "failed_stages": {"type": "array", "items": {"type": "string"}},
            },
        },
        "summary_row": {
            "type": "object",
            "required": [
                "same",
                "intended",
                "regression",
                "lost_messages",
                "message_writes_per_message",
                "error",
            ],
            "properties": {
                "same": _COUNT,
                "intended": _COUNT,
                "regression": _COUNT,
                "lost_messages": _COUNT,
                "message_writes_per_message": {"type": ["number", "null"]},
                "lost_under_load": {"type": ["integer", "null"]},
                "stress_holds": {"type": ["boolean", "null"]},
                "broken_promise": {"type": "boolean"},
                "error": {"type": ["string", "null"]},
            },
        },
    },
}

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "number": (int, float),
    "integer": (int,),
    "boolean": (bool,),
    "null": (type(None),),
}


def schema_problems(
    instance: Any, schema: dict[str, Any] | None = None, where: str = "results"
) -> list[str]:
    """Where `instance` breaks the schema, one readable line each ([] when it conforms).

    Supports what RESULTS_JSON_SCHEMA uses: type, const, enum, required, properties,
    additionalProperties, items, minItems, maxItems, oneOf, minimum, pattern and local $ref.
    """
    return _problems(instance, schema or RESULTS_JSON_SCHEMA, where, RESULTS_JSON_SCHEMA)


def _problems(instance: Any, schema: dict[str, Any], where: str, root: dict[str, Any]) -> list[str]:
    if "$ref" in schema:
        schema = root["$defs"][schema["$ref"].removeprefix("#/$defs/")]
    if "oneOf" in schema:
        if any(not _problems(instance, option, where, root) for option in schema["oneOf"]):
            return []
        return [f"{where}: does not match any allowed form"]
    if "const" in schema and instance != schema["const"]:
        return [f"{where}: is {instance!r}, expected {schema['const']!r}"]
    if "enum" in schema and instance not in schema["enum"]:
        return [f"{where}: is {instance!r}, expected one of {', '.join(schema['enum'])}"]
    if "type" in schema and not _has_type(instance, schema["type"]):
        expected = schema["type"] if isinstance(schema["type"], str) else "/".join(schema["type"])
        return [f"{where}: is {_json_type(instance)}, expected {expected}"]
    pattern = schema.get("pattern")
    if pattern and isinstance(instance, str) and not re.search(pattern, instance):
        return [f"{where}: is {instance!r}, which does not match {pattern}"]
    fewest, most = schema.get("minItems", 0), schema.get("maxItems")
    if isinstance(instance, list) and not fewest <= len(instance) <= (most or len(instance)):
        return [f"{where}: has {len(instance)} items, expected {fewest} to {most or 'any'}"]
    if "minimum" in schema and isinstance(instance, int | float) and instance < schema["minimum"]:
        return [f"{where}: is {instance}, below {schema['minimum']}"]
    if isinstance(instance, dict):
        return _object_problems(instance, schema, where, root)
    if isinstance(instance, list) and "items" in schema:
        return [
            problem
            for index, item in enumerate(instance)
            for problem in _problems(item, schema["items"], f"{where}[{index}]", root)
        ]
    return []


def _object_problems(
    instance: dict[str, Any], schema: dict[str, Any], where: str, root: dict[str, Any]
) -> list[str]:
    problems = [
        f"{where}: missing '{key}'" for key in schema.get("required", ()) if key not in instance
    ]
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties")
    for key, value in instance.items():
        sub = properties.get(key, extra)
        if isinstance(sub, dict):
            problems += _problems(value, sub, f"{where}.{key}", root)
    return problems


def _has_type(instance: Any, expected: str | list[str]) -> bool:
    names = [expected] if isinstance(expected, str) else expected
    if isinstance(instance, bool):
        return "boolean" in names
    return any(isinstance(instance, _TYPES[name]) for name in names)


def _json_type(instance: Any) -> str:
    if isinstance(instance, bool):
        return "boolean"
    for name, types in _TYPES.items():
        if name != "integer" and isinstance(instance, types):
            return name
    return type(instance).__name__

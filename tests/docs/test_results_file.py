"""The docs refuse a results file that is missing, corrupted or of another kind (exit 2)."""

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from migration_steps.docs.results import load_results
from migration_steps.docs.schema import RESULTS_SCHEMA_ID, schema_problems
from migration_steps.errors import BadInputError


def refused(path: Path) -> BadInputError:
    with pytest.raises(BadInputError) as caught:
        load_results(path)
    assert caught.value.exit_code == 2
    return caught.value


def write(path: Path, content: Any) -> Path:
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def test_a_real_run_conforms_to_the_published_schema(results: dict, results_path: Path) -> None:
    assert results["schema"] == RESULTS_SCHEMA_ID
    assert schema_problems(results) == []
    assert load_results(results_path) == results


def test_a_missing_file_says_to_run_first(tmp_path: Path) -> None:
    error = refused(tmp_path / "results.json")
    assert "no results file" in error.summary and "playbook run" in error.summary


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"schema": "playbook-run/1", "stages": [', "is not valid JSON"),
        ("[1, 2]", "holds no JSON object"),
        ({"schema": "playbook-run/0"}, "expected 'playbook-run/1'"),
        ({"stages": []}, "has schema None"),
    ],
)
def test_a_corrupted_or_foreign_file_is_refused(tmp_path: Path, content: Any, reason: str) -> None:
    assert reason in refused(write(tmp_path / "results.json", content)).summary


def test_missing_keys_are_named_with_their_place(tmp_path: Path, results: dict) -> None:
    broken = copy.deepcopy(results)
    del broken["summary"]
    del broken["stages"][1]["verify"]["summary"]
    broken["stages"][0]["race"]["scenarios"]["seed-timeline"]["timeline"][0]["t"] = "soon"
    summary = refused(write(tmp_path / "results.json", broken)).summary
    assert "results: missing 'summary'" in summary
    assert "results.stages[1].verify: missing 'summary'" in summary
    assert "results.stages[0].race.scenarios.seed-timeline.timeline[0].t: is string" in summary


def test_a_check_status_outside_the_three_is_refused(results: dict) -> None:
    broken = copy.deepcopy(results)
    broken["stages"][0]["verify"]["scenarios"][0]["checks"][0]["status"] = "maybe"
    assert schema_problems(broken) == [
        "results.stages[0].verify.scenarios[0].checks[0].status: is 'maybe', expected one of "
        "same, intended, regression"
    ]

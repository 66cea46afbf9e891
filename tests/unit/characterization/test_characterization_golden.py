"""Golden transcripts on disk: stable text, approval with a diff, and the committed file."""

import json
from pathlib import Path

import pytest

from migration_steps.characterization import golden
from migration_steps.characterization.catalogue import catalogue
from migration_steps.errors import BadInputError

RUN = {
    "stage": "legacy",
    "db": "sqlite",
    "writers": 50,
    "scenarios": [
        {"name": "b", "checks": {"z": {"y": 1, "x": 2}, "a": 1}, "info": {"seconds": 0.1}},
        {"name": "a", "checks": {"c": [1]}, "info": {}},
    ],
}


def test_the_golden_keeps_checks_in_order_sorts_values_and_drops_information() -> None:
    text = golden.dump(golden.golden_from_run(RUN))
    assert "seconds" not in text
    stored = json.loads(text)
    assert list(stored["scenarios"]) == ["b", "a"]
    assert list(stored["scenarios"]["b"]) == ["z", "a"]
    assert list(stored["scenarios"]["b"]["z"]) == ["x", "y"]
    assert text.endswith("}\n")


def test_approving_writes_the_file_and_returns_a_unified_diff(tmp_path: Path) -> None:
    path = tmp_path / "golden" / "legacy.json"
    first = golden.approve(path, golden.golden_from_run(RUN))
    assert first.startswith("--- legacy.json (before)\n+++ legacy.json (approved)\n")
    assert golden.approve(path, golden.golden_from_run(RUN)) == ""
    changed = json.loads(json.dumps(RUN))
    changed["scenarios"][1]["checks"]["c"] = [2]
    diff = golden.approve(path, golden.golden_from_run(changed))
    assert "-        1\n" in diff and "+        2\n" in diff
    assert golden.load(path)["scenarios"]["a"]["c"] == [2]


def test_a_missing_golden_says_how_to_record_it(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="playbook verify legacy --approve"):
        golden.load(tmp_path / "none.json")


def test_the_golden_path_can_be_redirected(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert golden.golden_path().parts[-3:] == ("characterization", "golden", "legacy.json")
    monkeypatch.setenv(golden.GOLDEN_ENV, str(tmp_path / "g.json"))
    assert golden.golden_path() == tmp_path / "g.json"


def test_the_committed_golden_is_from_legacy_on_sqlite_in_its_stable_form(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(golden.GOLDEN_ENV, raising=False)
    path = golden.golden_path()
    recorded = golden.load(path)
    assert (recorded["stage"], recorded["db"]) == ("legacy", "sqlite")
    assert list(recorded["scenarios"]) == [scenario.name for scenario in catalogue()]
    assert path.read_text(encoding="utf-8") == golden.dump(
        golden.golden_from_run(
            {
                **recorded,
                "scenarios": [
                    {"name": name, "checks": checks}
                    for name, checks in recorded["scenarios"].items()
                ],
            }
        )
    )

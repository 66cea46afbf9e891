"""run_in_stage against throwaway stage trees, each loaded in its own process."""

import textwrap
from pathlib import Path

import pytest

from migration_steps.errors import BadInputError
from migration_steps.stages.loader import (
    StageImportError,
    StageRef,
    StageRunError,
    StageTimeoutError,
    resolve_stage,
    run_in_stage,
)

DESCRIBE = "migration_steps.stages.probes:describe"

CONFIG_WITH_CLOCK = """
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Settings:
        database_url: str = "sqlite+aiosqlite:///chat.sqlite3"
        flush_delay_seconds: float = 2.0
        clock: object | None = None
"""

CONFIG_WITHOUT_CLOCK = """
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Settings:
        database_url: str = "sqlite+aiosqlite:///chat.sqlite3"
"""

MAIN = """
    from app.config import Settings

    def create_app(settings: Settings) -> object:
        return object()
"""


def make_stage_tree(root: Path, *, config: str, main: str = MAIN) -> StageRef:
    app = root / "app"
    app.mkdir(parents=True)
    (app / "__init__.py").write_text("")
    (app / "config.py").write_text(textwrap.dedent(config))
    (app / "main.py").write_text(textwrap.dedent(main))
    return StageRef(name=root.name, root=root)


def test_two_stages_in_one_run_load_their_own_app(tmp_path: Path) -> None:
    old = make_stage_tree(tmp_path / "old", config=CONFIG_WITH_CLOCK)
    new = make_stage_tree(tmp_path / "new", config=CONFIG_WITHOUT_CLOCK)

    old_report = run_in_stage(old, DESCRIBE, {})
    new_report = run_in_stage(new, DESCRIBE, {})

    assert old_report["app_file"] == str(old.root / "app" / "__init__.py")
    assert new_report["app_file"] == str(new.root / "app" / "__init__.py")
    assert old_report["settings_fields"] == ["database_url", "flush_delay_seconds", "clock"]
    assert new_report["settings_fields"] == ["database_url"]


def test_make_settings_drops_fields_the_stage_does_not_have(tmp_path: Path) -> None:
    stage = make_stage_tree(tmp_path / "new", config=CONFIG_WITHOUT_CLOCK)
    report = run_in_stage(
        stage, DESCRIBE, {"settings": {"database_url": "sqlite:///x.db", "clock": None}}
    )
    assert report["settings_repr"] == "Settings(database_url='sqlite:///x.db')"


def test_async_entry_gets_its_payload_back(tmp_path: Path) -> None:
    stage = make_stage_tree(tmp_path / "s", config=CONFIG_WITHOUT_CLOCK)
    payload = {"turns": ["hello", "bill me"], "n": 3}
    assert run_in_stage(stage, "migration_steps.stages.probes:echo", payload) == {
        "stage": "s",
        "payload": payload,
    }


def test_stray_output_neither_breaks_the_result_nor_is_lost(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    stage = make_stage_tree(tmp_path / "s", config=CONFIG_WITHOUT_CLOCK)
    result = run_in_stage(
        stage, "migration_steps.stages.probes:chatter", {"progress": "step 1 of 3"}
    )
    assert result == {"ok": True}
    stderr = capfd.readouterr().err
    assert "step 1 of 3" in stderr
    assert "a stray line on stdout" in stderr


def test_syntax_error_in_main_is_a_one_line_import_error(tmp_path: Path) -> None:
    stage = make_stage_tree(
        tmp_path / "broken", config=CONFIG_WITHOUT_CLOCK, main="def create_app(:\n"
    )
    with pytest.raises(StageImportError) as raised:
        run_in_stage(stage, DESCRIBE, {})
    message = str(raised.value)
    assert "\n" not in message
    assert "app/main.py:1" in message
    assert "SyntaxError" in message
    assert raised.value.exit_code == 2


def test_missing_import_names_the_file_that_imports_it(tmp_path: Path) -> None:
    stage = make_stage_tree(
        tmp_path / "s",
        config=CONFIG_WITHOUT_CLOCK,
        main="from app.nowhere import thing\n\ndef create_app(settings):\n    return thing\n",
    )
    with pytest.raises(StageImportError, match=r"app/main\.py:1: ModuleNotFoundError"):
        run_in_stage(stage, DESCRIBE, {})


def test_main_without_create_app_is_an_import_error(tmp_path: Path) -> None:
    stage = make_stage_tree(tmp_path / "s", config=CONFIG_WITHOUT_CLOCK, main="X = 1\n")
    with pytest.raises(StageImportError, match="defines no create_app"):
        run_in_stage(stage, DESCRIBE, {})


def test_failing_entry_carries_the_child_traceback(tmp_path: Path) -> None:
    stage = make_stage_tree(tmp_path / "s", config=CONFIG_WITHOUT_CLOCK)
    with pytest.raises(StageRunError) as raised:
        run_in_stage(stage, "migration_steps.stages.probes:fail", {"message": "boom"})
    assert str(raised.value) == (
        "migration_steps.stages.probes:fail failed in stage 's': RuntimeError: boom"
    )
    assert "Traceback (most recent call last)" in raised.value.child_traceback
    assert "probes.py" in raised.value.child_traceback


def test_unknown_entry_is_reported(tmp_path: Path) -> None:
    stage = make_stage_tree(tmp_path / "s", config=CONFIG_WITHOUT_CLOCK)
    with pytest.raises(StageRunError, match="cannot import entry"):
        run_in_stage(stage, "migration_steps.stages.probes:nothing_here", {})


def test_timeout_kills_the_worker(tmp_path: Path) -> None:
    stage = make_stage_tree(tmp_path / "s", config=CONFIG_WITHOUT_CLOCK)
    with pytest.raises(StageTimeoutError, match="within 1 s"):
        run_in_stage(stage, "migration_steps.stages.probes:stall", {"seconds": 30}, timeout=1)


def test_resolve_stage_accepts_a_path_holding_app(tmp_path: Path) -> None:
    make_stage_tree(tmp_path / "tree", config=CONFIG_WITHOUT_CLOCK)
    stage = resolve_stage(str(tmp_path / "tree"))
    assert stage.root == (tmp_path / "tree").resolve()


def test_resolve_stage_finds_a_known_stage_under_playbook_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLAYBOOK_HOME", str(tmp_path))
    make_stage_tree(tmp_path / "legacy", config=CONFIG_WITH_CLOCK)
    assert resolve_stage("legacy") == StageRef(name="legacy", root=(tmp_path / "legacy").resolve())
    with pytest.raises(BadInputError, match="stage 'target' has no app/main.py yet"):
        resolve_stage("target")


def test_resolve_stage_rejects_an_unknown_name() -> None:
    with pytest.raises(BadInputError, match=r"no such stage 'nope' \(known: legacy, target\)"):
        resolve_stage("nope")


def test_resolve_stage_rejects_a_directory_without_app(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="holds no app/main.py"):
        resolve_stage(str(tmp_path))

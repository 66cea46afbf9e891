"""The playbook's verbs as plain functions: tests call them directly, the CLI only wraps them."""

from dataclasses import dataclass
from pathlib import Path

from migration_steps.paths import stage_roots


@dataclass(frozen=True)
class StageListing:
    name: str
    root: Path
    present: bool


def list_stages() -> list[StageListing]:
    """Every known stage, its root, and whether that root holds `app/main.py` yet."""
    return [
        StageListing(name=name, root=root, present=(root / "app" / "main.py").is_file())
        for name, root in stage_roots().items()
    ]

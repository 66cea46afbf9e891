"""What an entry function receives inside a stage's worker process."""

import dataclasses
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any


@dataclass(frozen=True)
class StageContext:
    name: str
    root: Path
    main: ModuleType
    create_app: Callable[..., Any]
    settings_class: type

    def settings_field_names(self) -> list[str]:
        if dataclasses.is_dataclass(self.settings_class):
            return [field.name for field in dataclasses.fields(self.settings_class) if field.init]
        return list(inspect.signature(self.settings_class).parameters)

    def make_settings(self, **values: Any) -> Any:
        """Build the stage's `app.config.Settings`, dropping keywords it does not have.

        Later stages remove fields (legacy's `clock`), so callers pass the union and each stage
        takes what it knows.
        """
        known = set(self.settings_field_names())
        return self.settings_class(**{key: value for key, value in values.items() if key in known})

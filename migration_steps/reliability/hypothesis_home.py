"""Where Hypothesis keeps its caches while a check runs inside a stage's worker."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis.configuration import set_hypothesis_home_dir


@contextmanager
def hypothesis_home_outside_the_stage() -> Iterator[None]:
    """Hypothesis writes `.hypothesis/` into the working directory, which for a worker is the
    stage's own tree; a check must not write there, so it gets a directory that goes away."""
    with tempfile.TemporaryDirectory(prefix="playbook-hypothesis-") as home:
        set_hypothesis_home_dir(home)
        try:
            yield
        finally:
            set_hypothesis_home_dir(None)

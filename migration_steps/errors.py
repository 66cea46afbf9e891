"""Errors the CLI turns into a one-line message and an exit code."""


class PlaybookError(Exception):
    """Base of every error the playbook reports to its user."""

    exit_code: int = 1

    @property
    def summary(self) -> str:
        """The message on one line, as the CLI prints it."""
        return " ".join(str(self).split()) or type(self).__name__


class UsageError(PlaybookError):
    """The command was called the wrong way."""

    exit_code = 2


class BadInputError(PlaybookError):
    """An argument names something missing or malformed (stage, path, database URL)."""

    exit_code = 2


class ChecksFailed(PlaybookError):
    """The run finished but at least one check did not pass."""

    exit_code = 1

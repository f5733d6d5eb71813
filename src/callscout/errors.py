"""Errors with the exit codes of the CLI contract: 1 for problems in the user's data, 2 for usage/environment."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class CallScoutError(Exception):
    """An error whose message is already written for the user, in the user's language."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []

    def __str__(self) -> str:
        if not self.details:
            return self.message
        return self.message + "\n" + "\n".join(f"  - {line}" for line in self.details)


class DataError(CallScoutError):
    """The user's input (evaluation file, call log, recording) is wrong; nothing was changed."""

    exit_code = EXIT_FINDINGS


class UsageError(CallScoutError):
    """The command was called wrongly or the environment lacks something it needs."""

    exit_code = EXIT_USAGE

"""Errors with the exit codes of the CLI contract: 1 for problems in the user's data, 2 for usage/environment."""

from __future__ import annotations

from callscout.i18n import Msg, msg, pick

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class CallScoutError(Exception):
    """An error whose message is already written for the user, in the user's language. A message from the
    catalogue (``i18n.msg``) is a coded error: ``code`` and ``params`` say what went wrong and where (file, line,
    field), and ``text(language)`` writes it in another reader's language at the edge."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []

    def __str__(self) -> str:
        if not self.details:
            return self.message
        return self.message + "\n" + "\n".join(f"  - {line}" for line in self.details)

    @property
    def code(self) -> str | None:
        return self.message.key if isinstance(self.message, Msg) else None

    @property
    def params(self) -> dict[str, object]:
        return dict(self.message.params) if isinstance(self.message, Msg) else {}

    def text(self, language: str | None = None) -> str:
        """The error in ``language`` (default: the current one, the reader's at the edge): coded parts
        re-rendered, text-only parts (a library's own words) as they are."""
        return "\n".join([self.headline(language), *(f"  - {line}" for line in self.lines(language))])

    def headline(self, language: str | None = None) -> str:
        """The message alone, in ``language``."""
        return _written(self.message, language)

    def lines(self, language: str | None = None) -> list[str]:
        """The details (file, line, field of each problem), in ``language``."""
        return [_written(line, language) for line in self.details]


def _written(part: str, language: str | None) -> str:
    return part.render(language) if isinstance(part, Msg) else part


class DataError(CallScoutError):
    """The user's input (evaluation file, call log, recording) is wrong; nothing was changed."""

    exit_code = EXIT_FINDINGS


class UsageError(CallScoutError):
    """The command was called wrongly or the environment lacks something it needs."""

    exit_code = EXIT_USAGE


# What a connection error's text means, in the reader's words (the library's English never reaches them).
_CONNECT_REASONS: tuple[tuple[tuple[str, ...], tuple[str, str]], ...] = (
    (
        (
            "cannot resolve",
            "name or service not known",
            "temporary failure in name resolution",
            "nodename nor",
            "no address associated",
            "getaddrinfo",
        ),
        ("имя не найдено в DNS", "the name was not found in DNS"),
    ),
    (("refused",), ("сервер отказал в соединении", "the server refused the connection")),
    (("unreachable", "no route"), ("сеть или сервер недоступны", "the network or the server is unreachable")),
    (("reset", "broken pipe", "eof"), ("соединение оборвалось", "the connection was cut")),
    (("timed out", "timeout"), ("сервер не ответил вовремя", "the server did not answer in time")),
)


def connect_reason(detail: str | None) -> str:
    """Why a connection failed, in the reader's words: "имя не найдено в DNS", never the library's English."""
    text = (detail or "").lower()
    for needles, (ru, en) in _CONNECT_REASONS:
        if any(needle in text for needle in needles):
            return pick(ru, en)
    return msg("errors.network_failure")

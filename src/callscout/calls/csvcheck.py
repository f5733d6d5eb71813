"""Why a CSV line does not read: the reason and a suggestion, in words, for the line DuckDB stopped at.

DuckDB names the line but its reason is written for programmers ("CSV Error on Line: 2"); this looks at
that one line with a small scanner of its own and says what is wrong with it: a quote that is never
closed, a quoted value that goes on after its closing quote, or a wrong number of fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from callscout.i18n import msg

MAX_LINE_CHARS = 1_000_000


@dataclass(frozen=True)
class LineFault:
    reason: str
    suggestion: str


def read_line(path: Path, number: int, encoding: str = "utf-8") -> str | None:
    """Physical line ``number`` (1 = first) of a text file, or None past its end."""
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        for index, line in enumerate(handle, start=1):
            if index == number:
                return line.rstrip("\r\n")[:MAX_LINE_CHARS]
    return None


def _column(index: int, headers: list[str] | None) -> str:
    name = headers[index] if headers and index < len(headers) else None
    return f"{index + 1} ({name})" if name else str(index + 1)


def diagnose(line: str, delimiter: str, expected: int | None, headers: list[str] | None = None) -> LineFault | None:
    """What is wrong with one CSV line, or None when it reads as ``expected`` fields."""
    index, position, count = 0, 0, 0
    while True:
        count += 1
        if position < len(line) and line[position] == '"':
            closing = position + 1
            while True:
                closing = line.find('"', closing)
                if closing < 0:
                    return LineFault(
                        msg("calls.csvcheck.quote_in_column_is_never_closed", column=_column(index, headers)),
                        msg("calls.csvcheck.close_or_remove_quote_quotes_inside"),
                    )
                if closing + 1 < len(line) and line[closing + 1] == '"':
                    closing += 2
                    continue
                break
            after = closing + 1
            if after < len(line) and line[after] != delimiter:
                following = line[after : after + 20]
                return LineFault(
                    msg(
                        "calls.csvcheck.unbalanced_quote_in_column_closing_quote",
                        column=_column(index, headers),
                        after=following,
                    ),
                    msg("calls.csvcheck.some_database_dumps_write_values_like"),
                )
            position = after
        else:
            following = line.find(delimiter, position)
            position = len(line) if following < 0 else following
        if position >= len(line):
            break
        position += 1  # past the delimiter
        index += 1
        if position == len(line):
            count += 1
            break
    if expected is not None and count != expected:
        return LineFault(
            msg("calls.csvcheck.wrong_number_of_fields_got_expected", got=count, expected=expected),
            msg("calls.csvcheck.check_whether_line_is_cut_short", delimiter=delimiter),
        )
    return None

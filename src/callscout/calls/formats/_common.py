"""What every call-log format shares: the plan it returns, reading a headed CSV strictly, the header and
first rows as a sniffing aid, the time-zone check, folding legs into calls, re-quoting a database dump."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from callscout.calls.mapping import ColumnMapping
from callscout.calls.sources import Source, sql_literal
from callscout.errors import DataError
from callscout.i18n import msg


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def text(message: str) -> str:
    return sql_literal(message)


# Naive times are the call center's wall-clock time; a time written with a zone is converted into this
# one unless the import names another (``--timezone``).
DEFAULT_TIMEZONE = "Europe/Moscow"


@dataclass(frozen=True)
class PlanOptions:
    """What the user said about the file beyond the format: its time zone, when named. ``default_zone`` is
    the evaluation's own zone (``needs.timezone``): where zoned times are converted to when the user named
    none. Only a zone the user names settles a file that mixes zoned and naive times."""

    timezone: str | None = None
    default_zone: str | None = None

    @property
    def zone(self) -> str:
        return self.timezone or self.default_zone or DEFAULT_TIMEZONE


@dataclass(frozen=True)
class StagePlan:
    sql: str
    first_line: int  # the source line of the first staged row (2 after a header line)
    events: bool = False
    row_word: tuple[str, str] = ("строка", "line")
    mapping: ColumnMapping | None = None  # the generic format's mapping as resolved, to be saved by name
    # Per-row stages of formats that log one call in several rows (CDR legs): SQL folding the stage
    # relation (its one argument) into one row per call.
    fold: Callable[[str], str] | None = None
    lookalikes: tuple[tuple[str, str], ...] = ()  # (header, field) that look like a field but were not used
    zones: str | None = None  # "aware" when times carry a zone (converted), "named" when the user named it
    preset: str | None = None  # the cabinet preset whose column layout was applied


@dataclass(frozen=True)
class Format:
    name: str
    label: tuple[str, str]
    sniff: Callable[[Source], bool]
    plan: Callable[[Source, str, ColumnMapping | None, PlanOptions], StagePlan]
    order: int = 0  # detection tries lower first
    preset: bool = False  # a PBX preset's column layout of the generic export (the only kind an XLSX can be)
    # Call outcomes the format's logs cannot show (``CANNOT_TELL`` of its module): their count is unknown, not 0.
    cannot_tell: tuple[str, ...] = ()


def read_headed(
    source: Source,
    delimiter: str | None = None,
    types: dict[str, str] | None = None,
    names: tuple[str, ...] | None = None,
) -> str:
    """Columns named from our own parse of the header and no dialect sniffing, so that a short or long
    line anywhere (even among the first rows) is an error DuckDB reports with its line number.
    ``types`` gives some columns a type (parsed while reading, a bad value is an error with its line);
    ``names`` names the columns of a file without a header line."""
    delimiter = delimiter or source.delimiter()
    types = types or {}
    unique: list[str] = []
    for header in names or header_row(source, delimiter):
        name, suffix = header or "column", 2
        while name in unique:
            name, suffix = f"{header}_{suffix}", suffix + 1
        unique.append(name)
    if not unique:
        raise DataError(msg("calls.formats._common.no_header_line", name=source.name))
    columns = ", ".join(f"{sql_literal(name)}: {sql_literal(types.get(name, 'VARCHAR'))}" for name in unique)
    return (
        f"read_csv({sql_literal(source.path)}, delim={sql_literal(delimiter)}, quote='\"', escape='\"', "
        f"header={'false' if names else 'true'}, auto_detect=false, strict_mode=true, dateformat='%y%m%d', "
        f"columns={{{columns}}})"
    )


def head_rows(source: Source, delimiter: str, count: int = 10) -> list[list[str]]:
    """The first lines split into fields, leniently (a sniffing aid, never an error)."""
    import csv

    return [next(csv.reader([line], delimiter=delimiter), []) for line in source.head_lines[:count]]


def header_row(source: Source, delimiter: str | None = None) -> list[str]:
    import csv

    if not source.head_lines:
        return []
    delimiter = delimiter or source.delimiter()
    return [cell.strip().lstrip("\ufeff") for cell in next(csv.reader([source.head_lines[0]], delimiter=delimiter))]


def check_zone(name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise DataError(msg("calls.formats._common.unknown_time_zone_write_it_as", zone=name)) from None


def fold_legs(stage: str) -> str:
    """One row per call of an export that logs each leg: the answered leg (the first answered, else the
    first leg) stands for the call, arriving with its first leg; waits are counted from that arrival."""
    return f"""
SELECT * EXCLUDE (leg_rank, call_arrival, call_end) REPLACE (
    call_arrival AS arrival,
    CASE WHEN outcome = 'answered' THEN cs_nonneg(epoch(answered_at - call_arrival))
         WHEN outcome = 'abandoned' THEN cs_nonneg(epoch(call_end - call_arrival)) ELSE wait_s END AS wait_s,
    CAST(NULL AS VARCHAR) AS problem)
FROM (
  SELECT *, row_number() OVER (PARTITION BY call_id ORDER BY outcome = 'answered' DESC, answered_at, arrival)
              AS leg_rank,
         min(arrival) OVER (PARTITION BY call_id) AS call_arrival,
         max(ended_at) OVER (PARTITION BY call_id) AS call_end
  FROM {stage})
WHERE leg_rank = 1"""


def repair_quotes(source: Source) -> Source:
    """A copy of a headed CSV with every line re-quoted as CSV should be, read leniently: a value that
    starts with a quote and goes on after the closing one (``"Иван" <79161234567>``) keeps both parts.
    Lines are kept one for one, so line numbers stay those of the original."""
    import csv
    import os

    delimiter = source.delimiter()
    target = source.work_dir / f"repaired-p{os.getpid()}-{os.urandom(4).hex()}.csv"
    source.temporary.append(target)
    with (
        open(source.path, encoding="utf-8", newline="") as reader,
        target.open("w", encoding="utf-8", newline="") as writer,
    ):
        out = csv.writer(writer, delimiter=delimiter, lineterminator="\n")
        for line in reader:
            out.writerow(next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter), []))
    return Source(source.original, target, "utf-8", None, head_lines=source.head_lines, work_dir=source.work_dir)


def json_fault_line(source: Source) -> int | None:
    """The line of a JSON file where it stops being JSON, for an error that names it (None: not found).

    JSON lines (one record a line) are read line by line and the first line that is not a record is named;
    a single document (pretty-printed) is parsed whole and the line of the parser's complaint is named.
    Only called when the import has already failed, so reading the file again costs nothing on success.
    """
    import json

    with open(source.path, encoding="utf-8", errors="replace") as file:
        text = file.read()
    lines = text.splitlines()
    first = next((number for number, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return None
    try:
        json.loads(lines[first])
    except ValueError:
        pass  # the first record spans lines: one document
    else:
        for number, line in enumerate(lines[first:], first + 1):
            if line.strip():
                try:
                    json.loads(line)
                except ValueError:
                    return number
        return None
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        return error.lineno
    return None

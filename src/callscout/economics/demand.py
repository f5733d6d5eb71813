"""The workload to staff and price: calls per interval over a typical week and the handle time.

Three sources give the same ``Workload``: the evaluation's needs (a preset or weighted profile),
a CSV of calls per hour, and — through ``workload_from_call_log`` — any normalised call log
(arrival time and handle time of each call) that an importer produces.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from callscout.errors import DataError
from callscout.i18n import msg, tr
from callscout.model import Needs, Schedule
from callscout.model.common import WEEKDAYS, hours_to_minutes
from callscout.workload import WEEKS_PER_MONTH, weekly_profile

MAX_CSV_BYTES = 20 * 1024 * 1024
MAX_CSV_ROWS = 1_000_000
INTERVALS = (15, 30, 60)

_WEEKDAY_NAMES: dict[str, int] = {}
for _index, _names in enumerate(
    [
        ("mon", "monday", "пн", "пон", "понедельник"),
        ("tue", "tuesday", "вт", "вто", "вторник"),
        ("wed", "wednesday", "ср", "сре", "среда"),
        ("thu", "thursday", "чт", "чет", "четверг"),
        ("fri", "friday", "пт", "пят", "пятница"),
        ("sat", "saturday", "сб", "суб", "суббота"),
        ("sun", "sunday", "вс", "вос", "воскресенье"),
    ]
):
    for _name in (*_names, str(_index + 1)):
        _WEEKDAY_NAMES[_name] = _index

_COLUMNS = {
    "weekday": ("weekday", "day", "день", "день недели", "день_недели"),
    "hour": ("hour", "час"),
    "minute": ("minute", "минута"),
    "start": ("start", "datetime", "time", "timestamp", "время", "дата", "начало"),
    "calls": ("calls", "count", "звонки", "звонков", "вызовы", "количество"),
}


@dataclass(frozen=True)
class Workload:
    """Expected calls in each interval of a typical week (Monday 00:00 first) and the handle time."""

    calls: tuple[float, ...]
    interval_min: int
    talk_s: float
    after_call_work_s: float
    source: str

    @property
    def aht_s(self) -> float:
        return self.talk_s + self.after_call_work_s

    @property
    def intervals_per_hour(self) -> int:
        return 60 // self.interval_min

    @property
    def calls_per_week(self) -> float:
        return sum(self.calls)

    @property
    def calls_per_month(self) -> float:
        return self.calls_per_week * WEEKS_PER_MONTH

    def hourly(self) -> list[float]:
        step = self.intervals_per_hour
        return [sum(self.calls[hour * step : (hour + 1) * step]) for hour in range(168)]

    def scaled(self, factor: float) -> Workload:
        return replace(self, calls=tuple(calls * factor for calls in self.calls))

    def with_talk_time(self, talk_s: float) -> Workload:
        return replace(self, talk_s=talk_s)


def _split_hours(hourly: Iterable[float], interval_min: int) -> tuple[float, ...]:
    if interval_min not in INTERVALS:
        raise DataError(
            msg("economics.demand.interval_min_use_15_30_or", m=interval_min),
        )
    step = 60 // interval_min
    return tuple(calls / step for calls in hourly for _ in range(step))


def workload_from_needs(needs: Needs, interval_min: int = 60) -> Workload:
    return Workload(
        _split_hours(weekly_profile(needs).calls, interval_min),
        interval_min,
        needs.avg_talk_time_s,
        needs.after_call_work_s,
        "needs",
    )


def workload_for_needs(needs: Needs, interval_min: int = 60, base_dir: Path | None = None) -> Workload:
    """The buyer's history (``call_profile.history_path``: a calls-per-hour CSV, or a call log in any
    format the call-log importers read) when given, else the profile of the needs scaled to
    ``calls_per_month``."""
    history = needs.call_profile.history_path
    if not history:
        return workload_from_needs(needs, interval_min)
    path = Path(history)
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    return workload_from_history(path, needs, interval_min)


def workload_from_history(path: Path, needs: Needs, interval_min: int = 60) -> Workload:
    """The buyer's history file: a calls-per-hour CSV, or a call log in any importer's format."""
    if _is_calls_per_hour_csv(path):
        return workload_from_csv(path, needs, interval_min)
    return workload_from_call_log_file(path, needs, interval_min)


def _is_calls_per_hour_csv(path: Path) -> bool:
    """True when the first line is the header of a calls-per-hour table (``calls`` plus a time column)."""
    if not path.is_file():
        return True  # workload_from_csv names the missing file
    with path.open("rb") as handle:
        first_line = handle.readline(64 * 1024).decode("utf-8-sig", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(first_line, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    header = next(csv.reader([first_line], dialect), [])
    try:
        _map_columns(path, header)
    except DataError:
        return False
    return True


def workload_from_call_log_file(path: Path, needs: Needs, interval_min: int = 60) -> Workload:
    """A typical week from the buyer's own call log, read by the call-log importers (all their formats,
    bounds and file/line errors) into a throwaway call store, then fed to ``workload_from_call_log``."""
    import tempfile

    from callscout.calls.storage import CallStore
    from callscout.store import Store
    from callscout.store.ownership import scratch_vendor

    with tempfile.TemporaryDirectory(prefix="callscout-history-") as work:
        store = Store(f"sqlite:///{Path(work) / 'history.db'}")
        try:
            calls = CallStore(store, Path(work) / "calls")
            history = scratch_vendor(store, "history")
            calls.import_file(path, evaluation_id=history.evaluation_id, vendor_id=history.id)
            with calls.reader(history.evaluation_id) as connection:
                cursor = connection.execute(
                    "SELECT arrival, CASE WHEN outcome = 'answered' THEN talk_s END FROM calls "
                    "WHERE outcome IN ('answered', 'abandoned') AND arrival IS NOT NULL"
                )

                def rows() -> Iterator[tuple[datetime, float | None]]:
                    while batch := cursor.fetchmany(50_000):
                        yield from batch

                return workload_from_call_log(
                    rows(), interval_min, after_call_work_s=needs.after_call_work_s, source=str(path)
                )
        finally:
            store.close()


def interval_open_shares(schedule: Schedule, interval_min: int) -> list[float]:
    """Open share (0..1) of each interval of the week; an interval cut by the hours counts partly."""
    count = 24 * 60 // interval_min
    if schedule.mode == "24/7":
        return [1.0] * (7 * count)
    shares = [0.0] * (7 * count)
    for day_index, day in enumerate(WEEKDAYS):
        hours = schedule.hours.get(day)
        if hours is None:
            continue
        start, end = hours_to_minutes(hours)
        for slot in range(count):
            overlap = max(0, min(end, (slot + 1) * interval_min) - max(start, slot * interval_min))
            shares[day_index * count + slot] = overlap / interval_min
    return shares


# --- CSV of calls per hour -------------------------------------------------------------------------


def workload_from_csv(path: str | Path, needs: Needs, interval_min: int = 60) -> Workload:
    """Calls per hour from a CSV: ``weekday,hour[,minute],calls`` for a typical week, or
    ``start,calls`` with timestamps over several weeks (averaged per weekday). AHT from the needs.

    All or nothing: the first bad line stops the import with its line number.
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(msg("economics.demand.file_not_found", path=path))
    if path.stat().st_size > MAX_CSV_BYTES:
        raise DataError(
            msg("economics.demand.file_is_larger_than_mb", path=path, mb=MAX_CSV_BYTES >> 20),
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1251", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = csv.reader(io.StringIO(text), dialect)
    header = next(rows, None)
    if not header:
        raise _where(path, None, "файл пуст", "the file is empty")
    columns = _map_columns(path, header)
    slots_per_day = 24 * 60 // interval_min
    week = [0.0] * (7 * slots_per_day)
    seen: dict[int, int] = {}
    dates_per_weekday: list[set[date]] = [set() for _ in WEEKDAYS]
    timestamped = "start" in columns
    for line_number, row in enumerate(rows, start=2):
        if line_number > MAX_CSV_ROWS + 1:
            raise _where(path, line_number, "больше {n} строк", "more than {n} rows", n=MAX_CSV_ROWS)
        if not any(cell.strip() for cell in row):
            continue
        calls = _number(path, line_number, row, columns["calls"], "calls")
        if calls < 0:
            raise _where(path, line_number, "число звонков отрицательное", "the call count is negative")
        if timestamped:
            moment = _timestamp(path, line_number, _cell(path, line_number, row, columns["start"]))
            weekday, hour, minute = moment.weekday(), moment.hour, moment.minute
            dates_per_weekday[weekday].add(moment.date())
        else:
            weekday = _weekday(path, line_number, _cell(path, line_number, row, columns["weekday"]))
            hour = int(_number(path, line_number, row, columns["hour"], "hour"))
            minute = int(_number(path, line_number, row, columns["minute"], "minute")) if "minute" in columns else 0
            if not (0 <= hour <= 23 and 0 <= minute <= 59):
                raise _where(path, line_number, "час 0-23, минута 0-59", "hour must be 0-23, minute 0-59")
        minute_of_day = hour * 60 + minute
        if timestamped or "minute" in columns:
            week[weekday * slots_per_day + minute_of_day // interval_min] += calls
        else:
            # Hourly rows spread evenly over the hour's intervals.
            first = weekday * slots_per_day + minute_of_day // interval_min
            for slot in range(first, first + 60 // interval_min):
                week[slot] += calls / (60 // interval_min)
        if not timestamped:
            key = weekday * 24 * 60 + minute_of_day
            if key in seen:
                raise _where(
                    path,
                    line_number,
                    "этот день и час уже были в строке {other}",
                    "this weekday and hour were already given on line {other}",
                    other=seen[key],
                )
            seen[key] = line_number
    if timestamped:
        for weekday, dates in enumerate(dates_per_weekday):
            if dates:
                for slot in range(weekday * slots_per_day, (weekday + 1) * slots_per_day):
                    week[slot] /= len(dates)
    if sum(week) <= 0:
        raise _where(path, None, "в файле нет ни одного звонка", "the file has no calls at all")
    return Workload(tuple(week), interval_min, needs.avg_talk_time_s, needs.after_call_work_s, str(path))


def _where(path: Path, line: int | None, ru: str, en: str, **values: object) -> DataError:
    """A data error that starts with the file and line, in the user's language."""
    place = str(path).replace("{", "{{").replace("}", "}}")
    prefix_ru = f"{place}, строка {line}: " if line else f"{place}: "
    prefix_en = f"{place}, line {line}: " if line else f"{place}: "
    return DataError(tr(prefix_ru + ru, prefix_en + en, **values))


def _map_columns(path: Path, header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        key = name.strip().lower()
        for column, aliases in _COLUMNS.items():
            if key in aliases and column not in columns:
                columns[column] = index
    if "calls" not in columns or not ("start" in columns or {"weekday", "hour"} <= columns.keys()):
        raise _where(
            path,
            1,
            "нужны столбцы weekday,hour,calls (или start,calls); найдены: {found}",
            "expected columns weekday,hour,calls (or start,calls); found: {found}",
            found=", ".join(header),
        )
    return columns


def _cell(path: Path, line: int, row: list[str], index: int) -> str:
    if index >= len(row):
        raise _where(path, line, "не хватает столбцов", "the row has too few columns")
    return row[index].strip()


def _number(path: Path, line: int, row: list[str], index: int, name: str) -> float:
    value = _cell(path, line, row, index).replace(",", ".").replace("\u00a0", "").replace(" ", "")
    try:
        number = float(value)
    except ValueError:
        raise _where(
            path, line, "{name}: {value!r} — не число", "{name}: {value!r} is not a number", name=name, value=value
        ) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise _where(path, line, "{name}: не число", "{name}: not a number", name=name)
    return number


def _weekday(path: Path, line: int, value: str) -> int:
    index = _WEEKDAY_NAMES.get(value.strip().lower().rstrip("."))
    if index is None:
        raise _where(
            path,
            line,
            "день недели {value!r} не распознан (mon..sun, пн..вс, 1..7)",
            "weekday {value!r} not recognised (mon..sun, пн..вс, 1..7)",
            value=value,
        )
    return index


def _timestamp(path: Path, line: int, value: str) -> datetime:
    for pattern in (None, "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%Y-%m-%d %H:%M"):
        try:
            return datetime.fromisoformat(value) if pattern is None else datetime.strptime(value, pattern)
        except ValueError:
            continue
    raise _where(
        path,
        line,
        "время {value!r} не распознано (ГГГГ-ММ-ДД ЧЧ:ММ или ДД.ММ.ГГГГ ЧЧ:ММ)",
        "time {value!r} not recognised (YYYY-MM-DD HH:MM or DD.MM.YYYY HH:MM)",
        value=value,
    )


# --- plug-in point for the call log ----------------------------------------------------------------


def workload_from_call_log(
    calls: Iterable[tuple[datetime, float | None]],
    interval_min: int = 60,
    *,
    after_call_work_s: float = 0.0,
    source: str = "call log",
) -> Workload:
    """A typical week from a normalised call log: one ``(arrival time, talk seconds or None)`` per
    call, ``None`` for calls that were not answered. Volumes are averaged per weekday over the dates
    the log covers; the talk time is the mean of answered calls. The call-log importers feed this.
    """
    if interval_min not in INTERVALS:
        raise DataError(msg("economics.demand.interval_15_30_or_60_minutes"))
    slots_per_day = 24 * 60 // interval_min
    week = [0.0] * (7 * slots_per_day)
    dates_per_weekday: list[set[date]] = [set() for _ in WEEKDAYS]
    talk_total, answered = 0.0, 0
    for arrival, talk_s in calls:
        weekday = arrival.weekday()
        dates_per_weekday[weekday].add(arrival.date())
        week[weekday * slots_per_day + (arrival.hour * 60 + arrival.minute) // interval_min] += 1
        if talk_s is not None and talk_s > 0:
            talk_total += talk_s
            answered += 1
    if answered == 0:
        raise DataError(msg("economics.demand.call_log_has_no_answered_call"))
    for weekday, dates in enumerate(dates_per_weekday):
        for slot in range(weekday * slots_per_day, (weekday + 1) * slots_per_day):
            week[slot] /= max(len(dates), 1)
    return Workload(tuple(week), interval_min, talk_total / answered, after_call_work_s, source)

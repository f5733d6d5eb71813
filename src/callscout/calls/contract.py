"""Contract control: SLA breaches by day or interval, and a vendor's own report checked against the logs."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from callscout.calls import kpi
from callscout.calls.mapping import normalise_header
from callscout.calls.sources import prepare
from callscout.errors import DataError
from callscout.i18n import msg
from callscout.model import Evidence, Finding, Severity, Status
from callscout.model.findings import Cause
from callscout.model.vendor import SlaTerms

if TYPE_CHECKING:
    import duckdb

MAX_REPORT_ROWS = 100_000


def settings_for(terms: SlaTerms | None, base: kpi.KpiSettings | None = None) -> kpi.KpiSettings:
    settings = (base or kpi.KpiSettings()).model_copy()
    if terms is not None:
        settings.service_level_s = terms.service_level_seconds
    return settings


def breaches(
    connection: duckdb.DuckDBPyConnection,
    vendor: str,
    terms: SlaTerms,
    *,
    period: kpi.Period = kpi.Period(),
    base: kpi.KpiSettings | None = None,
) -> list[dict[str, Any]]:
    """Every period (day, hour or interval, as the contract says) where a contract target was missed."""
    return checked_periods(connection, vendor, terms, period=period, base=base)["breaches"]


def checked_periods(
    connection: duckdb.DuckDBPyConnection,
    vendor: str,
    terms: SlaTerms,
    *,
    period: kpi.Period = kpi.Period(),
    base: kpi.KpiSettings | None = None,
) -> dict[str, list[Any]]:
    """The contract checked period by period (``check_rows``): the breaches, and the periods not checked."""
    settings = settings_for(terms, base)
    by = {"day": "day", "hour": "hour", "interval": "interval"}[terms.period]
    return check_rows(kpi.breakdown(connection, settings, by, vendors=[vendor], period=period), terms)


def breaches_in(rows: list[dict[str, Any]], terms: SlaTerms) -> list[dict[str, Any]]:
    """The missed targets of breakdown rows by the contract's period, computed with its settings."""
    return check_rows(rows, terms)["breaches"]


def check_rows(rows: list[dict[str, Any]], terms: SlaTerms) -> dict[str, list[Any]]:
    """Each target in each period of breakdown rows by the contract's period: ``breaches`` (missed), and
    ``unchecked``: a period with calls whose figure the log cannot tell (a day without an answered call has no
    ASA) is «не проверено» with the row's reason, neither met nor breached. A period without an offered call has
    nothing the targets are about and is left out; ``periods`` lists the ones judged (the share checked is read
    against them). A breach on a figure with a caveat (``kpi.KPI_CAVEATS``) carries it."""
    found: list[dict[str, Any]] = []
    unchecked: list[dict[str, Any]] = []
    periods: list[Any] = []
    for row in rows:
        if not row["offered"]:
            continue
        periods.append(row["key"])
        checks = [
            ("service_level", row["service_level"], terms.service_level_percent / 100, "min"),
            ("abandon_rate", row["abandon_rate"], terms.max_abandon_rate, "max"),
        ]
        if terms.max_asa_s is not None:
            checks.append(("asa_s", row["asa_s"], terms.max_asa_s, "max"))
        counts = {"offered": row["offered"], "answered": row["answered"], "abandoned": row["abandoned"]}
        for metric, value, target, kind in checks:
            if value is None:
                reason = (row.get("unknown") or {}).get(metric, "no_calls")
                unchecked.append({"period": row["key"], "metric": metric, "reason": reason, "target": target, **counts})
                continue
            missed = value < target if kind == "min" else value > target
            if missed:
                item = {"period": row["key"], "metric": metric, "value": value, "target": target, **counts}
                caveat = (row.get("caveats") or {}).get(metric)
                if caveat:
                    item["caveat"] = caveat
                found.append(item)
    return {"breaches": found, "unchecked": unchecked, "periods": periods}


def period_coverage(checked: dict[str, list[Any]]) -> dict[str, Any] | None:
    """How many of the periods ``check_rows`` judged had every target checked (``checked`` of ``total``), with the
    first reason one was not; None when every period had every target checked."""
    if not checked["unchecked"]:
        return None
    open_periods = {str(item["period"]) for item in checked["unchecked"]}
    return {
        "checked": sum(1 for period in checked["periods"] if str(period) not in open_periods),
        "total": len(checked["periods"]),
        "reason": checked["unchecked"][0]["reason"],
    }


METRIC_LABELS = {
    "service_level": ("уровень сервиса", "service level"),
    "abandon_rate": ("доля потерянных", "abandon rate"),
    "asa_s": ("среднее время ответа", "average speed of answer"),
}


def _shown(metric: str, value: float) -> str:
    from callscout.present.formatting import duration, percent

    return duration(value, unit="s") if metric == "asa_s" else percent(value)


def target_metrics(terms: SlaTerms) -> list[str]:
    """The figures the contract sets a target on."""
    return ["service_level", "abandon_rate", *(["asa_s"] if terms.max_asa_s is not None else [])]


def unchecked_targets(terms: SlaTerms, totals: dict[str, Any]) -> dict[str, str]:
    """The contract's targets on figures the log cannot tell (``kpi.report``'s totals for the same vendor and
    period), each with its reason: «не проверено», neither met nor breached."""
    reasons = totals.get("unknown") or {}
    return {
        metric: reasons.get(metric, "no_calls")
        for metric in target_metrics(terms)
        if totals.get(metric) is None and (metric in reasons or not totals.get("offered"))
    }


def unchecked_in_periods(
    periods: list[dict[str, Any]], unchecked: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """The periods not checked (``check_rows``) on targets checked over the whole period: where a target could
    not be checked at all (``unchecked_targets``), one line says so instead of one per day."""
    return [item for item in periods if item["metric"] not in (unchecked or {})]


def sla_findings(
    vendor: str,
    terms: SlaTerms,
    found: list[dict[str, Any]],
    unchecked: dict[str, str] | None = None,
    unchecked_periods: list[dict[str, Any]] | None = None,
) -> list[Finding]:
    """The breaches as findings: one per missed target, every breached period as evidence; a target on a figure
    the log cannot tell (``unchecked``) is an ``unknown`` finding of the check, and the SLA is then not «met»;
    so is a target the log cannot tell in some periods (``unchecked_periods`` of ``check_rows``), with those
    periods as evidence. Each carries its code and machine params; its text comes from the catalogue
    (``calls.sla.<code>``) in the reader's language at the edge (``message`` keeps the run's language for
    readers of older documents)."""
    from callscout.present.messages import message

    not_checked = [
        Finding(
            check="calls.sla",
            status=Status.UNKNOWN,
            cause=Cause.CHECK,
            code="sla_unchecked",
            params={"vendor": vendor, "metric": metric, "reason": reason},
            message=message("calls.sla.sla_unchecked", vendor=vendor, metric=metric, reason=reason),
        )
        for metric, reason in (unchecked or {}).items()
    ]
    in_periods = unchecked_in_periods(unchecked_periods or [], unchecked)
    pairs = dict.fromkeys((item["metric"], item["reason"]) for item in in_periods)
    for metric, reason in sorted(pairs, key=lambda pair: list(METRIC_LABELS).index(pair[0])):
        items = [item for item in in_periods if (item["metric"], item["reason"]) == (metric, reason)]
        params = {"vendor": vendor, "metric": metric, "n": len(items), "reason": reason}
        not_checked.append(
            Finding(
                check="calls.sla",
                status=Status.UNKNOWN,
                cause=Cause.CHECK,
                code="sla_unchecked_periods",
                params=params,
                message=message("calls.sla.sla_unchecked_periods", **params),
                evidence=[
                    Evidence(
                        excerpt=message("calls.sla.unchecked_evidence", period=item["period"], offered=item["offered"])
                    )
                    for item in items
                ],
            )
        )
    if not found and not_checked:
        return not_checked
    if not found:
        params: dict[str, Any] = {"vendor": vendor}
        return [
            Finding(
                check="calls.sla",
                status=Status.PASS,
                code="sla_met",
                params=params,
                message=message("calls.sla.sla_met", **params),
            )
        ]
    findings = []
    for metric in METRIC_LABELS:
        items = [item for item in found if item["metric"] == metric]
        if not items:
            continue
        params = {"vendor": vendor, "n": len(items), "target": items[0]["target"]}
        findings.append(
            Finding(
                check="calls.sla",
                status=Status.FAIL,
                severity=Severity.HIGH if metric == "service_level" else Severity.MEDIUM,
                code=f"sla_{metric}",
                params=params,
                message=message(f"calls.sla.sla_{metric}", **params),
                evidence=[
                    Evidence(
                        excerpt=message(
                            "calls.sla.evidence",
                            period=item["period"],
                            value=_shown(metric, item["value"]),
                            offered=item["offered"],
                        ),
                        value=item["value"],
                    )
                    for item in items
                ],
            )
        )
    return findings + not_checked


# --- the vendor's own report ---------------------------------------------------------------------

REPORT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "day": ("дата", "день", "date", "day", "период", "period"),
    "offered": (
        "поступило",
        "всего звонков",
        "входящих",
        "входящие",
        "поступило звонков",
        "звонков",
        "offered",
        "calls offered",
        "calls",
        "total calls",
        "всего",
    ),
    "answered": ("отвечено", "принято", "принятых", "отвеченных", "answered", "calls answered", "handled"),
    "abandoned": ("пропущено", "потеряно", "потерянных", "пропущенных", "abandoned", "missed", "lost"),
    "service_level": ("уровень сервиса", "sl", "service level", "уровень обслуживания", "sl %", "sl%"),
    "abandon_rate": (
        "процент потерянных",
        "доля потерянных",
        "% потерянных",
        "abandon rate",
        "abandonment rate",
        "% пропущенных",
        "доля пропущенных",
    ),
    "asa_s": (
        "asa",
        "среднее время ответа",
        "ср время ответа",
        "average speed of answer",
        "среднее ожидание",
        "среднее время ожидания",
        "avg wait",
    ),
    "avg_talk_s": (
        "среднее время разговора",
        "ср время разговора",
        "средняя длительность разговора",
        "average talk time",
        "att",
        "avg talk",
    ),
    "aht_s": ("aht", "среднее время обработки", "average handle time", "ср время обработки"),
}
COUNT_METRICS = ("offered", "answered", "abandoned")
RATE_METRICS = ("service_level", "abandon_rate")
SECONDS_METRICS = ("asa_s", "avg_talk_s", "aht_s")


@dataclass(frozen=True)
class ReportRow:
    line: int
    day: date
    values: dict[str, float]


def _parse_number(text: str, *, rate: bool) -> float | None:
    value = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if not value:
        return None
    percent = value.endswith("%")
    value = value.rstrip("%").replace(",", ".")
    if ":" in value:
        parts = [float(part) for part in value.split(":")]
        seconds = 0.0
        for part in parts:
            seconds = seconds * 60 + part
        return seconds
    number = float(value)
    if rate and (percent or number > 1):
        number /= 100
    return number


def _parse_day(text: str) -> date | None:
    from datetime import datetime

    value = text.strip().split(" ")[0].split("T")[0]
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def read_vendor_report(path: Path, work_dir: Path) -> list[ReportRow]:
    """A vendor's daily figures (CSV/XLSX; Russian or English headers; "85,3%", "0:00:25" and "1 234" allowed)."""
    source = prepare(path, work_dir)
    try:
        with source.path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, delimiter=source.delimiter())
            headers = next(reader, [])
            columns: dict[str, int] = {}
            for metric, synonyms in REPORT_SYNONYMS.items():
                for index, header in enumerate(headers):
                    if index not in columns.values() and normalise_header(header) in synonyms:
                        columns[metric] = index
                        break
            if "day" not in columns or len(columns) < 2:
                raise DataError(
                    msg(
                        "calls.contract.no_date_and_metric_columns_found",
                        name=path.name,
                        headers=", ".join(repr(header) for header in headers),
                    )
                )
            rows: list[ReportRow] = []
            for line, cells in enumerate(reader, start=2):
                if line > MAX_REPORT_ROWS:
                    raise DataError(msg("calls.contract.too_many_rows", name=path.name))
                if not any(cell.strip() for cell in cells):
                    continue
                text_day = cells[columns["day"]] if columns["day"] < len(cells) else ""
                day = _parse_day(text_day)
                if day is None:
                    if normalise_header(text_day) in ("итого", "всего", "total"):
                        continue
                    raise DataError(
                        msg("calls.contract.line_unparsable_date", name=path.name, line=line, value=text_day)
                    )
                values: dict[str, float] = {}
                for metric, index in columns.items():
                    if metric == "day" or index >= len(cells):
                        continue
                    try:
                        number = _parse_number(cells[index], rate=metric in RATE_METRICS)
                    except ValueError:
                        raise DataError(
                            msg(
                                "calls.contract.line_column_not_number",
                                name=path.name,
                                line=line,
                                column=headers[index],
                                value=cells[index],
                            )
                        ) from None
                    if number is not None:
                        values[metric] = number
                rows.append(ReportRow(line, day, values))
            return rows
    finally:
        source.cleanup()


def reconcile(
    connection: duckdb.DuckDBPyConnection,
    vendor: str,
    report_rows: list[ReportRow],
    *,
    settings: kpi.KpiSettings,
    tolerance: float = 0.02,
    seconds_tolerance: float = 5.0,
) -> dict[str, Any]:
    """Compare the vendor's daily figures with ours. Counts differ when off by at least one call and by more
    than ``tolerance`` of our value; rates when off by more than ``tolerance`` in absolute terms (2 points);
    times when off by more than ``seconds_tolerance`` seconds."""
    if not report_rows:
        return {"days": 0, "differences": [], "checked": 0}
    first = min(row.day for row in report_rows)
    last = max(row.day for row in report_rows)
    ours = {
        row["key"]: row
        for row in kpi.breakdown(
            connection, settings, "day", vendors=[vendor], period=kpi.Period.from_dates(first, last)
        )
    }
    differences = []
    checked = 0
    for row in report_rows:
        mine = ours.get(row.day.isoformat())
        for metric, theirs in row.values.items():
            value = mine.get(metric) if mine else (0 if metric in COUNT_METRICS else None)
            checked += 1
            if value is None:
                differences.append(_difference(row, metric, theirs, None))
                continue
            if metric in COUNT_METRICS:
                off = abs(theirs - value) >= 1 and abs(theirs - value) > tolerance * value
            elif metric in RATE_METRICS:
                off = abs(theirs - value) > tolerance
            else:
                off = abs(theirs - value) > seconds_tolerance
            if off:
                differences.append(_difference(row, metric, theirs, value))
    return {
        "days": len(report_rows),
        "checked": checked,
        "differences": differences,
        "tolerance": tolerance,
        "seconds_tolerance": seconds_tolerance,
    }


def _difference(row: ReportRow, metric: str, theirs: float, ours: float | None) -> dict[str, Any]:
    return {
        "day": row.day.isoformat(),
        "line": row.line,
        "metric": metric,
        "vendor_says": round(theirs, 4),
        "logs_say": round(ours, 4) if isinstance(ours, float) else ours,
        "difference": round(theirs - ours, 4) if ours is not None else None,
    }

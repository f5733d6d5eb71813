"""The morning digest: yesterday's KPIs, SLA breaches and worst half-hours of every vendor of an evaluation,
from the call store (live calls moved there count like imported ones). One typed document, rendered as a
message (e-mail/Telegram through Apprise) and as a page of the cabinet."""

from __future__ import annotations

from datetime import date
from typing import Any

from callscout.calls import contract, kpi
from callscout.calls.cache import settings_for
from callscout.calls.storage import CallStore
from callscout.i18n import format_datetime, format_number, format_percent, msg
from callscout.model.vendor import SlaTerms
from callscout.present import formatting
from callscout.present.messages import label
from callscout.store.ownership import NotFound, vendor_refs

WORST_INTERVALS = 3


def build(calls: CallStore, evaluation_id: int, day: date) -> dict[str, Any]:
    """The digest of the evaluation ``evaluation_id``: its vendors by id, each read from its own calls only."""
    evaluation = calls.store.evaluation_by_id(evaluation_id)
    if evaluation is None:
        raise NotFound(msg("live.digest.evaluation_not_found"))
    period = kpi.Period.from_dates(day, day)
    imported = set(calls.vendors(evaluation_id))
    vendors = []
    for ref in vendor_refs(calls.store, evaluation_id):
        if ref.id not in imported:
            vendors.append({"vendor": ref.name, "status": "no_data"})
            continue
        vendor = evaluation.vendor(ref.name)
        settings = settings_for(evaluation, ref.name)
        # The reader holds this vendor's calls alone; the name only labels them inside it.
        with calls.reader(evaluation_id, [ref.id]) as connection:
            totals = kpi.summary(connection, settings, vendors=[ref.name], period=period)
            if not totals["offered"]:
                vendors.append({"vendor": ref.name, "status": "no_calls"})
                continue
            intervals = kpi.breakdown(connection, settings, "interval", vendors=[ref.name], period=period)
            terms = (vendor.sla if vendor else None) or SlaTerms(
                service_level_percent=evaluation.needs.service_level.percent,
                service_level_seconds=evaluation.needs.service_level.seconds,
                max_abandon_rate=evaluation.needs.max_abandon_rate,
            )
            # Each target in each of the contract's periods: breached, met, or «не проверено» with why.
            checked = contract.checked_periods(connection, ref.name, terms, period=period, base=settings)
        judged = [row for row in intervals if row["offered"] and row["service_level"] is not None]
        worst = sorted(judged, key=lambda row: (row["service_level"], -row["offered"]))[:WORST_INTERVALS]
        unchecked = contract.unchecked_targets(terms, totals)
        vendors.append(
            {
                "vendor": ref.name,
                "status": "ok",
                "kpis": {key: totals[key] for key in DIGEST_KPIS},
                # Why a figure is unknown, and the targets on such figures: «не проверено», not «выполнено».
                "unknown": {key: reason for key, reason in totals["unknown"].items() if key in DIGEST_KPIS},
                "sla_unchecked": unchecked,
                # The contract's periods of the day (hours, intervals) whose figure the log cannot tell: listed
                # one by one, never counted as met; a target never checkable that day is one line above instead.
                "sla_unchecked_periods": [
                    _plain(row) for row in contract.unchecked_in_periods(checked["unchecked"], unchecked)
                ],
                "breaches": [_plain(row) for row in checked["breaches"]],
                "worst_intervals": [
                    {
                        "interval": str(row["key"]),
                        "offered": row["offered"],
                        "service_level": row["service_level"],
                        "abandon_rate": row["abandon_rate"],
                    }
                    for row in worst
                ],
                "sla": {"service_level": terms.service_level_percent / 100, "abandon_rate": terms.max_abandon_rate},
            }
        )
    return {"evaluation": evaluation.name, "date": day.isoformat(), "vendors": vendors}


# The totals the digest shows: the line's counts and rates, not the waits' spread.
DIGEST_KPIS = ("offered", "answered", "abandoned", "short_abandoned", "abandon_rate", "service_level", "asa_s", "aht_s")


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {key: (str(value) if key == "period" else value) for key, value in row.items()}


def message(document: dict[str, Any]) -> tuple[str, str]:
    """Title and text of the digest, in the reader's language."""
    title = msg("live.digest.digest_for", date=format_datetime(document["date"]), evaluation=document["evaluation"])
    lines: list[str] = []
    for item in document["vendors"]:
        if item["status"] != "ok":
            reason = msg("live.digest.no_call_data") if item["status"] == "no_data" else msg("live.digest.no_calls")
            lines.append(f"{item['vendor']}: {reason}")
            continue
        figures = item["kpis"]
        lines.append(
            msg(
                "live.digest.offered_answered_abandoned_service_level_asa",
                vendor=item["vendor"],
                offered=figures["offered"],
                answered=figures["answered"],
                abandoned=figures["abandoned"],
                rate=_share(figures["abandon_rate"], _why(item, "abandon_rate")),
                sl=_share(figures["service_level"], _why(item, "service_level")),
                asa=format_number(figures["asa_s"], 1) if figures["asa_s"] is not None else _why(item, "asa_s"),
            )
        )
        for metric, reason in (item.get("sla_unchecked") or {}).items():
            lines.append(
                msg(
                    "live.digest.sla_target_not_checked",
                    metric=label("kpi", metric),
                    reason=label("kpi_unknown", reason),
                )
            )
        for row in item.get("sla_unchecked_periods") or []:
            lines.append(
                msg(
                    "live.digest.sla_period_not_checked",
                    period=row["period"],
                    metric=row["metric"],
                    reason=row["reason"],
                )
            )
        if item["breaches"]:
            lines.append(msg("live.digest.sla_breaches", count=len(item["breaches"])))
        elif item.get("sla_unchecked") or item.get("sla_unchecked_periods"):
            # No breach among what was checked is not «SLA met»: the lines above say what was not.
            lines.append(msg("live.digest.no_breaches_but_unchecked"))
        for row in item["worst_intervals"]:
            lines.append(
                msg(
                    "live.digest.worst_interval_service_level_calls",
                    interval=formatting.moment(row["interval"]),
                    sl=_share(row["service_level"]),
                    offered=row["offered"],
                )
            )
    return title, "\n".join(lines)


def _share(value: float | None, unknown: str = "—") -> str:
    return unknown if value is None else format_percent(value, 1)


def _why(item: dict[str, Any], key: str) -> str:
    """«нет данных» with why, for a digest figure the log cannot tell."""
    return label("kpi_unknown", (item.get("unknown") or {}).get(key) or "no_calls")

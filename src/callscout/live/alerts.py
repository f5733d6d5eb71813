"""Alerts on the live figures: a rule fires once, is delivered once (Apprise URLs), recovers once.

Rules (thresholds from the evaluation's ``alerts:``, else the vendor's SLA, else the buyer's needs):
  service_level   the last 30 minutes' service level below target (with at least ``min_calls`` calls)
  abandon_rate    the last 30 minutes' abandon rate above the limit (with at least ``min_calls`` calls)
  long_wait       a caller waiting longer than ``wait_longer_than_s`` now
  no_calls        no call for ``no_calls_min`` minutes in working hours (the line may be down)
  ingest_silent   no event received for ``ingestion_silent_min`` minutes in working hours (the feed is down)
Every episode is a row of ``live_alerts``: open while the rule holds (one notice, however often it is
checked), closed by a recovery notice. A rule that fires again within ``quiet_min`` of its last notice is
logged but not sent again (a flapping line does not flood the phone). The core emits codes and values;
messages are rendered here in the reader's language for the notice only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from callscout.i18n import format_number, format_percent, msg, tr
from callscout.live.tables import LiveAlertRow
from callscout.model import Evaluation
from callscout.model.alerts import AlertSettings
from callscout.store import Store
from callscout.store.ownership import VendorRef
from callscout.store.tables import EvaluationRow, utcnow

log = logging.getLogger(__name__)
RULE_LABELS: dict[str, tuple[str, str]] = {
    "service_level": ("уровень сервиса за 30 минут", "service level, last 30 min"),
    "abandon_rate": ("доля потерянных за 30 минут", "abandon rate, last 30 min"),
    "long_wait": ("самое долгое ожидание, с", "longest wait, s"),
    "no_calls": ("минут без звонков в рабочее время", "minutes without calls in working hours"),
    "ingest_silent": ("минут без событий от АТС", "minutes without events from the PBX"),
}


@dataclass(frozen=True)
class Thresholds:
    service_level: float | None
    abandon_rate: float | None
    min_calls: int
    wait_s: float | None
    no_calls_min: float | None
    silent_min: float | None
    quiet_min: float
    notify: tuple[str, ...]


def thresholds(evaluation: Evaluation | None, vendor_name: str) -> Thresholds:
    settings = (evaluation.alerts if evaluation else None) or AlertSettings()
    vendor = evaluation.vendor(vendor_name) if evaluation else None
    sla = vendor.sla if vendor is not None else None
    target = (
        sla.service_level_percent / 100
        if sla
        else (evaluation.needs.service_level.percent / 100 if evaluation else 0.8)
    )
    limit = sla.max_abandon_rate if sla else (evaluation.needs.max_abandon_rate if evaluation else 0.05)
    return Thresholds(
        service_level=settings.service_level_below if settings.service_level_below is not None else target,
        abandon_rate=settings.abandon_rate_above if settings.abandon_rate_above is not None else limit,
        min_calls=settings.min_calls,
        wait_s=settings.wait_longer_than_s,
        no_calls_min=settings.no_calls_min,
        silent_min=settings.ingestion_silent_min,
        quiet_min=settings.quiet_min,
        notify=tuple(settings.notify),
    )


def conditions(figures: dict[str, Any], limits: Thresholds, silent_min: float | None) -> dict[str, dict[str, Any]]:
    """Rule -> {"firing": bool, "value", "limit"}; rules without data are left out (neither firing nor fine)."""
    found: dict[str, dict[str, Any]] = {}
    recent = figures.get("last_30min") or {}
    judged = (recent.get("answered") or 0) + (recent.get("abandoned") or 0) >= limits.min_calls
    if limits.service_level is not None and judged and recent.get("service_level") is not None:
        value = recent["service_level"]
        found["service_level"] = {"firing": value < limits.service_level, "value": value, "limit": limits.service_level}
    if limits.abandon_rate is not None and judged and recent.get("abandon_rate") is not None:
        value = recent["abandon_rate"]
        found["abandon_rate"] = {"firing": value > limits.abandon_rate, "value": value, "limit": limits.abandon_rate}
    if limits.wait_s is not None:
        value = figures.get("longest_wait_s") or 0.0
        found["long_wait"] = {"firing": value > limits.wait_s, "value": value, "limit": limits.wait_s}
    working = bool(figures.get("working_hours"))
    if limits.no_calls_min is not None and figures.get("no_calls_min") is not None:
        value = figures["no_calls_min"]
        found["no_calls"] = {
            "firing": working and value >= limits.no_calls_min,
            "value": value,
            "limit": limits.no_calls_min,
        }
    if limits.silent_min is not None and silent_min is not None:
        found["ingest_silent"] = {
            "firing": working and silent_min >= limits.silent_min,
            "value": round(silent_min, 1),
            "limit": limits.silent_min,
        }
    return found


def notice(
    vendor: VendorRef, evaluation: str, rule: str, condition: dict[str, Any], recovered: bool
) -> tuple[str, str]:
    """Title and body of a notice, in the reader's language (``evaluation``: the name of the vendor's)."""
    value, limit = condition.get("value"), condition.get("limit")
    shares = rule in ("service_level", "abandon_rate")

    def shown(number: float | None) -> str:
        if number is None:
            return "—"
        return format_percent(number, 1) if shares else format_number(number, 1, trim=True)

    what = tr(*RULE_LABELS[rule])
    if recovered:
        title = msg("live.alerts.recovered", vendor=vendor.name)
    else:
        title = msg("live.alerts.alert", vendor=vendor.name)
    body = msg(
        "live.alerts.threshold",
        evaluation=evaluation,
        vendor=vendor.name,
        what=what,
        value=shown(value),
        limit=shown(limit),
    )
    return title, body


def apprise_send(urls: tuple[str, ...], title: str, body: str) -> dict[str, Any]:
    """Deliver through Apprise; what was sent and whether it went (never raises: an alert is still logged)."""
    if not urls:
        return {"sent": False, "reason": "no_notify_urls"}
    import apprise

    sender = apprise.Apprise()
    accepted = [url for url in urls if sender.add(url)]
    if not accepted:
        return {"sent": False, "reason": "bad_notify_urls"}
    try:
        ok = bool(sender.notify(title=title, body=body))
    except Exception as error:  # noqa: BLE001 - a failing channel is recorded, the watch goes on
        return {"sent": False, "reason": "error", "error": str(error)[:300]}
    return {"sent": ok, "channels": len(accepted)} if ok else {"sent": False, "reason": "delivery_failed"}


Sender = Callable[[tuple[str, ...], str, str], dict[str, Any]]


class Alerter:
    def __init__(self, store: Store, send: Sender = apprise_send) -> None:
        self.store = store
        self.send = send

    def check(
        self,
        vendor: VendorRef,
        figures: dict[str, Any],
        limits: Thresholds,
        *,
        silent_min: float | None = None,
        now: datetime | None = None,
    ) -> list[LiveAlertRow]:
        """Open, keep or close each rule's episode; the rows that changed (fired or recovered)."""
        now = now or utcnow()
        changed: list[LiveAlertRow] = []
        for rule, condition in conditions(figures, limits, silent_min).items():
            with self.store.session() as session:
                open_row = session.scalar(
                    select(LiveAlertRow).where(
                        LiveAlertRow.vendor_id == vendor.id, LiveAlertRow.rule == rule, LiveAlertRow.state == "firing"
                    )
                )
                if condition["firing"] and open_row is None:
                    row = LiveAlertRow(vendor_id=vendor.id, rule=rule, state="firing", details=condition, fired_at=now)
                    row.delivered = {"fired": self._deliver(session, vendor, rule, condition, limits, now, False)}
                    session.add(row)
                    changed.append(row)
                elif not condition["firing"] and open_row is not None:
                    open_row.state = "recovered"
                    open_row.recovered_at = now
                    delivered = dict(open_row.delivered or {})
                    if (delivered.get("fired") or {}).get("sent"):
                        delivered["recovered"] = self._deliver(session, vendor, rule, condition, limits, now, True)
                    else:
                        delivered["recovered"] = {"sent": False, "reason": "fire_not_sent"}
                    open_row.delivered = delivered
                    changed.append(open_row)
        return changed

    def _deliver(
        self,
        session: Any,
        vendor: VendorRef,
        rule: str,
        condition: dict[str, Any],
        limits: Thresholds,
        now: datetime,
        recovered: bool,
    ) -> dict[str, Any]:
        if not recovered and limits.quiet_min > 0:
            last = session.scalar(
                select(LiveAlertRow.fired_at)
                .where(LiveAlertRow.vendor_id == vendor.id, LiveAlertRow.rule == rule)
                .order_by(LiveAlertRow.fired_at.desc())
                .limit(1)
            )
            if last is not None and now - last < timedelta(minutes=limits.quiet_min):
                return {"sent": False, "reason": "quiet_period"}
        evaluation = session.get(EvaluationRow, vendor.evaluation_id)
        title, body = notice(vendor, evaluation.name if evaluation else "", rule, condition, recovered)
        result = self.send(limits.notify, title, body)
        if not result.get("sent"):
            log.warning("alert %s for vendor %s not delivered: %s", rule, vendor.id, result)
        return result | {"title": title, "body": body}

    def history(self, vendor_id: int, limit: int = 20) -> list[LiveAlertRow]:
        with self.store.session() as session:
            return list(
                session.scalars(
                    select(LiveAlertRow)
                    .where(LiveAlertRow.vendor_id == vendor_id)
                    .order_by(LiveAlertRow.fired_at.desc(), LiveAlertRow.id.desc())
                    .limit(limit)
                )
            )

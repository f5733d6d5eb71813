"""Cached indicators: the cabinet's dashboard asks for the same vendor, period and settings again and again
(every open tab polls it), while the calls behind them change only when an import is added or removed.

Results are keyed by what they depend on: the vendors, the period, the settings, the groupings and the
import-manifest version (the ids of the listed call and order files). A new or removed import changes the
version, so a stale result can never be served; unchanged data is never recomputed. One computation per key
at a time: concurrent requests for a cold key wait for the first instead of all scanning the calls.
"""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from sqlalchemy import or_, select

from callscout.calls import compare as trial
from callscout.calls import contract, kpi
from callscout.calls.storage import CallStore
from callscout.calls.tables import CallImportRow
from callscout.model import Evaluation
from callscout.model.vendor import SlaTerms

MAX_ENTRIES = 256


def enabled() -> bool:
    # Off only for measuring the uncached path (the load benchmark's peer).
    return os.environ.get("CALLSCOUT_KPI_CACHE", "1") != "0"


def manifest_version(calls: CallStore, vendors: list[str]) -> tuple[int, ...]:
    """The imports the vendors' indicators read: their call files and every orders file (conversion)."""
    with calls.store.session() as session:
        ids = session.scalars(
            select(CallImportRow.id)
            .where(
                or_(
                    (CallImportRow.kind == "calls") & CallImportRow.vendor.in_(vendors),
                    CallImportRow.kind == "orders",
                )
            )
            .order_by(CallImportRow.id)
        )
        return tuple(ids)


class ResultCache:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._results: OrderedDict[str, Any] = OrderedDict()
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self.computed = 0

    def get(self, key: str, compute: Callable[[], Any]) -> Any:
        if not enabled():
            return compute()
        with self._guard:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            with self._guard:
                if key in self._results:
                    return self._results[key]
            value = compute()
            with self._guard:
                self.computed += 1
                self._results[key] = value
                while len(self._results) > self.max_entries:
                    self._results.popitem(last=False)
                self._locks.pop(key, None)
            return value

    def cached(self, key: str) -> Any | None:
        """The stored result without computing anything (None when absent or the cache is off)."""
        if not enabled():
            return None
        with self._guard:
            return self._results.get(key)

    def clear(self) -> None:
        with self._guard:
            self._results.clear()


RESULTS = ResultCache()


def key(kind: str, calls: CallStore, vendors: list[str], period: kpi.Period, **parts: Any) -> str:
    return json.dumps(
        {
            "kind": kind,
            "directory": str(calls.directory),
            "vendors": vendors,
            "period": [
                period.start.isoformat() if period.start else None,
                period.end.isoformat() if period.end else None,
            ],
            "version": manifest_version(calls, vendors),
            **parts,
        },
        sort_keys=True,
        default=str,
    )


def settings_for(evaluation: Evaluation, vendor: str | None = None) -> kpi.KpiSettings:
    """The buyer's schedule and service-level target, and the vendor's contract terms where it has them."""
    base = kpi.KpiSettings(schedule=evaluation.needs.schedule, service_level_s=evaluation.needs.service_level.seconds)
    known = evaluation.vendor(vendor) if vendor else None
    return contract.settings_for(known.sla if known else None, base)


def vendor_report(
    calls: CallStore, vendor: str, settings: kpi.KpiSettings, period: kpi.Period, by: tuple[str, ...]
) -> dict[str, Any]:
    """``kpi.report`` for one vendor and period, computed once per manifest version."""

    def compute() -> dict[str, Any]:
        with calls.reader([vendor]) as connection:
            return kpi.report(connection, settings, vendors=[vendor], period=period, by=list(by))

    return RESULTS.get(
        key("report", calls, [vendor], period, settings=settings.model_dump(mode="json"), by=list(by)), compute
    )


def breaches(
    calls: CallStore, vendor: str, terms: SlaTerms, settings: kpi.KpiSettings, period: kpi.Period
) -> list[dict[str, Any]]:
    def compute() -> list[dict[str, Any]]:
        with calls.reader([vendor]) as connection:
            return contract.breaches(connection, vendor, terms, period=period, base=settings)

    cache_key = key(
        "sla", calls, [vendor], period, terms=terms.model_dump(mode="json"), settings=settings.model_dump(mode="json")
    )
    return RESULTS.get(cache_key, compute)


def comparison(
    calls: CallStore, vendors: list[str], settings: kpi.KpiSettings, period: kpi.Period | None
) -> dict[str, Any]:
    def compute() -> dict[str, Any]:
        with calls.reader(vendors) as connection:
            return trial.compare(connection, vendors, settings, period=period)

    cache_key = key(
        "compare",
        calls,
        vendors,
        period or kpi.Period(),
        common=period is None,
        settings=settings.model_dump(mode="json"),
    )
    return RESULTS.get(cache_key, compute)

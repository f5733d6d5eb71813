"""Cached indicators: the cabinet's dashboard asks for the same vendor, period and settings again and again
(every open tab polls it), while the calls behind them change only when an import is added or removed.

Results are keyed by what they depend on: the evaluation and its vendors (ids), the period, the settings,
the groupings and the import-manifest version (the ids of the listed call and order files). A new or removed
import changes the
version, so a stale result can never be served; unchanged data is never recomputed. One computation per key
at a time: concurrent requests for a cold key wait for the first instead of all scanning the calls.
"""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select

from callscout.calls import compare as trial
from callscout.calls import contract, kpi
from callscout.calls.storage import CallStore
from callscout.calls.tables import CallImportRow
from callscout.model import Evaluation
from callscout.model.vendor import SlaTerms
from callscout.store.ownership import VendorRef

MAX_ENTRIES = 256


def enabled() -> bool:
    # Off only for measuring the uncached path (the load benchmark's peer).
    return os.environ.get("CALLSCOUT_KPI_CACHE", "1") != "0"


# Built once: the polled dashboard reads the manifest on every request.
_MANIFEST_QUERY = (
    select(CallImportRow.id, CallImportRow.kind, CallImportRow.vendor_id, CallImportRow.imported_at)
    .where(CallImportRow.evaluation_id == bindparam("evaluation_id"))
    .order_by(CallImportRow.id)
)


@dataclass(frozen=True)
class Manifest:
    """One evaluation's listed imports at one moment: (id, kind, vendor id, imported_at) each. The import
    time is part of the version because SQLite may give a removed import's id to the next one."""

    evaluation_id: int
    imports: tuple[tuple[int, str, int | None, str], ...]

    def vendors(self) -> list[int]:
        """Ids of the vendors with imported calls."""
        return sorted({vendor for _id, kind, vendor, _at in self.imports if kind == "calls" and vendor is not None})

    def version(self, vendor_ids: Iterable[int]) -> tuple[tuple[int, str], ...]:
        """The imports the vendors' indicators read: their call files and every orders file (conversion)."""
        wanted = set(vendor_ids)
        return tuple(
            (id_, at)
            for id_, kind, vendor, at in self.imports
            if kind == "orders" or (kind == "calls" and vendor in wanted)
        )


def manifest(calls: CallStore, evaluation_id: int) -> Manifest:
    with calls.store.engine.connect() as connection:
        rows = connection.execute(_MANIFEST_QUERY, {"evaluation_id": evaluation_id})
        return Manifest(evaluation_id, tuple((id_, kind, vendor, at.isoformat()) for id_, kind, vendor, at in rows))


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


def key(
    kind: str,
    calls: CallStore,
    vendors: list[VendorRef],
    period: kpi.Period,
    *,
    evaluation_id: int,
    snapshot: Manifest | None = None,
    **parts: Any,
) -> str:
    """``snapshot``: a manifest of this evaluation the caller already read for this request (saves a query)."""
    ids = [vendor.id for vendor in vendors]
    if snapshot is None or snapshot.evaluation_id != evaluation_id:
        snapshot = manifest(calls, evaluation_id)
    return json.dumps(
        {
            "kind": kind,
            "directory": str(calls.directory),
            "evaluation": evaluation_id,
            "vendors": [[vendor.id, vendor.name] for vendor in vendors],
            "period": [
                period.start.isoformat() if period.start else None,
                period.end.isoformat() if period.end else None,
            ],
            "version": snapshot.version(ids),
            **parts,
        },
        sort_keys=True,
        default=str,
    )


def settings_for(evaluation: Evaluation, vendor: str | None = None) -> kpi.KpiSettings:
    """The buyer's schedule and service-level target, and the vendor's contract terms where it has them."""
    base = kpi.KpiSettings.for_needs(evaluation.needs)
    known = evaluation.vendor(vendor) if vendor else None
    return contract.settings_for(known.sla if known else None, base)


def vendor_report(
    calls: CallStore, vendor: VendorRef, settings: kpi.KpiSettings, period: kpi.Period, by: tuple[str, ...]
) -> dict[str, Any]:
    """``kpi.report`` for one vendor and period, computed once per manifest version."""

    def compute() -> dict[str, Any]:
        from callscout.calls.storage import days_of_period

        # Only the period's day files (and the callbacks' window after it): each file read costs ~1 ms.
        days = days_of_period(period.start, period.end, after_hours=settings.callback_window_h)
        with calls.reader(vendor.evaluation_id, [vendor.id], days=days) as connection:
            return kpi.report(connection, settings, vendors=[vendor.name], period=period, by=list(by))

    return RESULTS.get(
        key(
            "report",
            calls,
            [vendor],
            period,
            evaluation_id=vendor.evaluation_id,
            settings=settings.model_dump(mode="json"),
            by=list(by),
        ),
        compute,
    )


def breaches(
    calls: CallStore,
    vendor: VendorRef,
    terms: SlaTerms,
    settings: kpi.KpiSettings,
    period: kpi.Period,
    report: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """``report``: the vendor's report of the same settings and period (``vendor_report``); a contract
    checked by day then reads its day rows instead of computing them again."""
    return sla_periods(calls, vendor, terms, settings, period, report)["breaches"]


def sla_periods(
    calls: CallStore,
    vendor: VendorRef,
    terms: SlaTerms,
    settings: kpi.KpiSettings,
    period: kpi.Period,
    report: dict[str, Any] | None = None,
) -> dict[str, list[Any]]:
    """The contract checked period by period (``contract.check_rows``): breaches and periods not checked."""

    def compute() -> dict[str, list[Any]]:
        day_rows = (report or {}).get("by", {}).get("day")
        if terms.period == "day" and day_rows is not None and contract.settings_for(terms, settings) == settings:
            return contract.check_rows(day_rows, terms)
        with calls.reader(vendor.evaluation_id, [vendor.id]) as connection:
            return contract.checked_periods(connection, vendor.name, terms, period=period, base=settings)

    cache_key = key(
        "sla-periods",
        calls,
        [vendor],
        period,
        evaluation_id=vendor.evaluation_id,
        terms=terms.model_dump(mode="json"),
        settings=settings.model_dump(mode="json"),
    )
    return RESULTS.get(cache_key, compute)


def comparison(
    calls: CallStore, vendors: list[VendorRef], settings: kpi.KpiSettings, period: kpi.Period | None
) -> dict[str, Any]:
    """The trial comparison of vendors of one evaluation."""
    evaluation_id = vendors[0].evaluation_id
    if any(vendor.evaluation_id != evaluation_id for vendor in vendors):
        raise ValueError("a comparison is of vendors of one evaluation")
    names = [vendor.name for vendor in vendors]

    def compute() -> dict[str, Any]:
        with calls.reader(evaluation_id, [vendor.id for vendor in vendors]) as connection:
            return trial.compare(connection, names, settings, period=period)

    cache_key = key(
        "compare",
        calls,
        vendors,
        period or kpi.Period(),
        evaluation_id=evaluation_id,
        common=period is None,
        settings=settings.model_dump(mode="json"),
    )
    return RESULTS.get(cache_key, compute)

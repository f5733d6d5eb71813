"""What ``callscout serve`` runs beside the cabinet, on one machine, with no other service: the followers
named in the evaluation files, the move of finished live calls into the call store, the alert checks and
the morning digests. One object owns the threads; each round is safe to repeat after a crash (the store
holds every state: offsets, batches, open alerts, digests sent)."""

from __future__ import annotations

import logging
import threading
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from callscout.calls.storage import CallStore
from callscout.live import digest
from callscout.live.alerts import Alerter, Sender, apprise_send, thresholds
from callscout.live.hub import LiveHub, board_settings
from callscout.live.ingest import LiveStore
from callscout.live.tables import LiveAlertRow
from callscout.model import Evaluation
from callscout.store import Store
from callscout.store.ownership import VendorRef, vendor_refs
from callscout.store.tables import EvaluationRow, utcnow

log = logging.getLogger(__name__)
TICK_S = 15.0


class LiveService:
    def __init__(self, store: Store, *, send: Sender = apprise_send, tick_s: float = TICK_S) -> None:
        self.store = store
        self.live = LiveStore(store)
        self.hub = LiveHub(self.live)
        self.calls = CallStore(store)
        self.alerter = Alerter(store, send)
        self.send = send
        self.tick_s = tick_s
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._followed: set[tuple[int, str]] = set()

    # --- lifecycle ------------------------------------------------------------------------------

    def start(self) -> None:
        thread = threading.Thread(target=self._loop, name="callscout-live", daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=10)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
            except Exception:  # a failing round is logged; the next one runs
                log.exception("live round failed")
            self._stop.wait(self.tick_s)

    # --- one round --------------------------------------------------------------------------------

    def tick(self, now: datetime | None = None) -> None:
        """One round: follow, move finished calls into the call store, check the alerts (on a worker, as a
        job "alerts" per evaluation, when a broker is configured), send the digest when due. ``now`` (UTC,
        naive) is the round's moment; without it each step reads the clock."""
        moment = now or utcnow()
        # By id: names are unique per owner only, so two evaluations may share one.
        with self.store.session() as session:
            evaluation_ids = list(session.scalars(select(EvaluationRow.id).order_by(EvaluationRow.id)))
        for evaluation_id in evaluation_ids:
            evaluation = self.store.evaluation_by_id(evaluation_id)
            if evaluation is None:
                continue
            vendors = vendor_refs(self.store, evaluation_id)
            self._start_followers(evaluation, vendors)
            live = [vendor for vendor in vendors if self.live.last_received(vendor.id) is not None]
            for vendor in live:  # a vendor with nothing live has no figures to judge
                self.live.move_finished(vendor, self.calls, now=moment)
            if live:
                self._alerts(evaluation_id, evaluation, live, now)
            self._digest(evaluation_id, evaluation, vendors, datetime.now())

    def _alerts(
        self, evaluation_id: int, evaluation: Evaluation, vendors: list[VendorRef], now: datetime | None
    ) -> None:
        from callscout.jobs.runner import broker_url

        if broker_url() is None:
            self.check_alerts(evaluation, vendors, now)
            return
        from callscout.jobs import runner, tasks

        # A worker checks them (job "alerts"); while the evaluation's check waits or runs, this round joins
        # it (``submit``): two checks of one evaluation never run at once, as in this loop.
        params: dict[str, Any] = {"now": now.isoformat()} if now is not None else {}
        runner.submit(tasks.TaskContext(self.store), tasks.ALERTS, evaluation_id, params)

    def check_alerts(
        self, evaluation: Evaluation, vendors: list[VendorRef], now: datetime | None = None
    ) -> dict[str, Any]:
        """Judge the alert rules of these vendors on their live figures (each rule fires once, is delivered
        once, recovers once: ``Alerter``); what fired and recovered, by vendor id."""
        changed: dict[str, list[dict[str, str]]] = {}
        for vendor in vendors:
            last = self.live.last_received(vendor.id)
            if last is None:
                continue
            moment = now or utcnow()
            figures = self.hub.figures(vendor.id, board_settings(evaluation, vendor.name))
            silent_min = (moment - last).total_seconds() / 60
            rows = self.alerter.check(
                vendor, figures, thresholds(evaluation, vendor.name), silent_min=silent_min, now=moment
            )
            changed[str(vendor.id)] = [{"rule": row.rule, "state": row.state} for row in rows]
        return {"vendors": changed}

    def _start_followers(self, evaluation: Evaluation, vendors: list[VendorRef]) -> None:
        if evaluation.alerts is None:
            return
        by_name = {vendor.name.casefold(): vendor for vendor in vendors}
        for follower in evaluation.alerts.followers:
            vendor = by_name.get(follower.vendor.casefold())
            if vendor is None or (vendor.id, follower.source) in self._followed:
                continue
            self._followed.add((vendor.id, follower.source))
            thread = threading.Thread(
                target=self._follow, args=(vendor, follower.source), name=f"follow-{vendor.id}", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def _follow(self, vendor: VendorRef, source: str) -> None:
        if source.startswith("ami://"):
            import asyncio

            from callscout.live.ami import follow_ami_async, parse_ami_url

            async def run() -> None:
                stop = asyncio.Event()
                loop = asyncio.get_running_loop()
                threading.Thread(
                    target=lambda: (self._stop.wait(), loop.call_soon_threadsafe(stop.set)), daemon=True
                ).start()
                await follow_ami_async(self.live, vendor.id, parse_ami_url(source), stop)

            asyncio.run(run())
            return
        from callscout.live.follow import QueueLogFollower

        QueueLogFollower(self.live, vendor.id, Path(source)).run(stop=self._stop.is_set)

    def _digest(
        self, evaluation_id: int, evaluation: Evaluation, vendors: list[VendorRef], local_now: datetime
    ) -> None:
        settings = evaluation.alerts
        if settings is None or settings.digest_at is None or not settings.notify or not vendors:
            return
        hours, minutes = (int(part) for part in settings.digest_at.split(":"))
        if (local_now.hour, local_now.minute) < (hours, minutes):
            return
        day = local_now.date() - timedelta(days=1)
        if self.digest_sent(vendors[0].id, day):
            return
        from callscout.jobs.runner import broker_url

        if broker_url() is not None:
            # A worker builds and sends it (job "digest", retried on a transient failure); one job per day.
            from callscout.jobs import runner, tasks

            params = {"day": day.isoformat()}
            runner.submit(tasks.TaskContext(self.store), tasks.DIGEST, evaluation_id, params, subject=day.isoformat())
            return
        self.send_digest(evaluation_id, evaluation, vendors, day)

    def send_digest(
        self, evaluation_id: int, evaluation: Evaluation, vendors: list[VendorRef], day: date
    ) -> dict[str, Any]:
        """Build the day's digest, send it to ``alerts.notify`` and log it (once per day: a day already
        logged sends nothing). Returns what was delivered."""
        settings = evaluation.alerts
        if settings is None or not settings.notify or not vendors or self.digest_sent(vendors[0].id, day):
            return {"sent": False}
        document = digest.build(self.calls, evaluation_id, day)
        title, text = digest.message(document)
        delivered = self.send(tuple(settings.notify), title, text)
        with self.store.session() as session:
            # The digest is logged beside the alerts, under the evaluation's first vendor, once per day.
            session.add(
                LiveAlertRow(
                    vendor_id=vendors[0].id,
                    rule="digest",
                    state="sent",
                    details={"date": day.isoformat()},
                    delivered={"digest": delivered | {"title": title}},
                )
            )
        return delivered | {"title": title}

    def digest_sent(self, vendor_id: int, day: date) -> bool:
        with self.store.session() as session:
            rows = session.scalars(
                select(LiveAlertRow.details).where(LiveAlertRow.vendor_id == vendor_id, LiveAlertRow.rule == "digest")
            )
            return any((details or {}).get("date") == day.isoformat() for details in rows)

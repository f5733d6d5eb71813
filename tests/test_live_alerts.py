"""Alerts: a rule fires once and recovers once, each delivered once through Apprise to a webhook receiver
on 127.0.0.1; a repeat within the quiet period is logged but not sent; thresholds come from the SLA."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from callscout import evalfile, workspace
from callscout.live.alerts import Alerter, conditions, thresholds
from callscout.live.board import Board
from callscout.live.events import LiveEvent
from callscout.store import Store
from tests.test_live import make_vendors


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    received: list[dict[str, Any]] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            received.append(json.loads(self.rfile.read(length)))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *_args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"json://127.0.0.1:{server.server_address[1]}/hook", received
    server.shutdown()


def feed(board: Board, *events: LiveEvent) -> None:
    board.feed(events)


def test_a_long_wait_fires_once_recovers_once_and_a_quick_repeat_stays_quiet(
    store: Store, receiver: tuple[str, list[dict[str, Any]]]
) -> None:
    url, received = receiver
    # The rules as a buyer writes them in the evaluation file.
    evaluation, problems = evalfile.parse_text(
        "name: Контроль линии\nneeds: {calls_per_month: 3000}\nvendors: [{name: Поток}]\n"
        f"alerts:\n  notify: ['{url}']\n  wait_longer_than_s: 60\n  quiet_min: 30\n"
    )
    assert not problems
    (vendor,) = make_vendors(store, "Поток")
    limits = thresholds(evaluation, "Поток")
    assert limits.service_level == 0.8 and limits.abandon_rate == 0.05  # from the buyer's needs
    alerter = Alerter(store)
    start = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)
    board = Board()
    feed(board, LiveEvent(type="enter_queue", call_id="1", ts=start))

    def at(seconds: float) -> datetime:
        return (start + timedelta(seconds=seconds)).replace(tzinfo=None)

    assert alerter.check(vendor, board.figures(at(30)), limits, now=at(30)) == []
    fired = alerter.check(vendor, board.figures(at(90)), limits, now=at(90))
    assert [(row.rule, row.state) for row in fired] == [("long_wait", "firing")]
    assert alerter.check(vendor, board.figures(at(120)), limits, now=at(120)) == []  # still firing: no repeat
    feed(board, LiveEvent(type="answer", call_id="1", agent="a", ts=start + timedelta(seconds=130)))
    recovered = alerter.check(vendor, board.figures(at(140)), limits, now=at(140))
    assert [(row.rule, row.state) for row in recovered] == [("long_wait", "recovered")]
    assert [item["title"] for item in received] == ["Тревога: Поток", "Восстановлено: Поток"]
    assert "самое долгое ожидание, с — 90 (порог 60)" in received[0]["message"]
    # The line flaps: a second long wait within the quiet period is logged, not sent.
    feed(board, LiveEvent(type="enter_queue", call_id="2", ts=start + timedelta(seconds=200)))
    again = alerter.check(vendor, board.figures(at(300)), limits, now=at(300))
    assert again[0].delivered["fired"] == {"sent": False, "reason": "quiet_period"}
    assert len(received) == 2
    assert [row.rule for row in alerter.history(vendor.id)] == ["long_wait", "long_wait"]


def test_rates_need_enough_calls_and_line_down_only_counts_in_working_hours() -> None:
    evaluation = workspace.new_evaluation("Контроль линии", 3000)
    limits = thresholds(evaluation, "Поток")
    figures = {
        "last_30min": {"answered": 3, "abandoned": 2, "service_level": 0.4, "abandon_rate": 0.4},
        "longest_wait_s": 0.0,
        "no_calls_min": 40.0,
        "working_hours": False,
    }
    found = conditions(figures, limits, silent_min=50.0)
    assert "service_level" not in found and "abandon_rate" not in found  # 5 calls: too few to judge
    assert found["no_calls"]["firing"] is False and found["ingest_silent"]["firing"] is False
    figures |= {
        "working_hours": True,
        "last_30min": {"answered": 12, "abandoned": 3, "service_level": 0.7, "abandon_rate": 0.2},
    }
    found = conditions(figures, limits, silent_min=50.0)
    assert found["service_level"]["firing"] and found["abandon_rate"]["firing"]
    assert found["no_calls"]["firing"] and found["ingest_silent"]["firing"]


def test_undeliverable_alerts_are_still_logged(store: Store, tmp_path: Path) -> None:
    (vendor,) = make_vendors(store, "Поток")
    limits = thresholds(None, "Поток")
    figures = {"longest_wait_s": 500.0}
    rows = Alerter(store).check(vendor, figures, limits)
    assert rows[0].delivered["fired"]["reason"] == "no_notify_urls"
    assert rows[0].delivered["fired"]["body"] == "Контроль линии / Поток: самое долгое ожидание, с — 500 (порог 180)"


def test_the_cabinet_lists_the_alerts(store: Store, tmp_path: Path) -> None:
    from tests.test_live_web import cabinet, sign_in

    client, evaluation_id = cabinet(store, tmp_path)
    from callscout.live.ingest import resolve_vendor

    vendor = resolve_vendor(store, "Контроль линии", "Поток")
    Alerter(store).check(vendor, {"longest_wait_s": 500.0}, thresholds(None, "Поток"))
    sign_in(client)
    page = client.get(f"/e/{evaluation_id}/live?vendor=Поток").text
    assert 'data-alert="long_wait"' in page and "продолжается" in page and "не отправлено" in page

"""Single flight: a cache miss is computed once for every request waiting on it, on the event loop."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from callscout.store import Store
from callscout.web.singleflight import SingleFlight


def test_concurrent_misses_compute_once_and_share_the_result() -> None:
    flight = SingleFlight()
    release = threading.Event()
    calls: list[int] = []

    def compute() -> dict[str, int]:
        calls.append(1)
        release.wait(10)
        return {"offered": 1319}

    async def scenario() -> list[dict[str, int]]:
        waiting = [asyncio.create_task(flight.run("dashboard", compute)) for _ in range(50)]
        await asyncio.sleep(0.05)  # every request is waiting before the computation ends
        release.set()
        return await asyncio.gather(*waiting)

    results = asyncio.run(scenario())
    assert len(calls) == 1 and flight.started == 1
    assert all(result is results[0] for result in results)


def test_a_departed_client_does_not_cancel_the_work_of_the_others() -> None:
    flight = SingleFlight()
    release = threading.Event()

    def compute() -> str:
        release.wait(10)
        return "html"

    async def scenario() -> str:
        impatient = asyncio.create_task(flight.run("k", compute))
        patient = asyncio.create_task(flight.run("k", compute))
        await asyncio.sleep(0.05)
        impatient.cancel()
        release.set()
        return await patient

    assert asyncio.run(scenario()) == "html"


def test_a_key_runs_again_after_its_flight_ends_and_errors_reach_every_waiter() -> None:
    flight = SingleFlight()
    outcomes = iter([ValueError("broken log"), "second"])

    def compute() -> str:
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    async def scenario() -> tuple[list[BaseException | str], str]:
        failed = await asyncio.gather(*(flight.run("k", compute) for _ in range(3)), return_exceptions=True)
        return failed, await flight.run("k", compute)

    failed, second = asyncio.run(scenario())
    assert all(isinstance(error, ValueError) for error in failed) and second == "second"
    assert flight.started == 2


def test_tabs_get_their_previous_view_while_a_slow_miss_is_computed(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an import, a miss that outlasts CALLSCOUT_DASHBOARD_STALE_AFTER_S answers the view the tab had
    (marked stale); the fresh one, computed once meanwhile, is answered from then on."""
    import re
    import time

    from fastapi.testclient import TestClient

    from callscout import accounts
    from callscout.calls import cache
    from callscout.calls.storage import CallStore
    from callscout.store.ownership import vendor_ref
    from callscout.web import create_app
    from tests.test_web import create_evaluation, sign_in
    from tests.test_web_calls import BANK

    accounts.create_user(store, "owner", "correct horse")
    cache.RESULTS.clear()
    client = TestClient(create_app(store, reports_dir=tmp_path / "reports"), follow_redirects=False)
    csrf = sign_in(client)
    evaluation_id = create_evaluation(client, csrf)
    assert client.post(f"/e/{evaluation_id}/vendors", data={"csrf_token": csrf, "name": "Банк"}).status_code == 303
    owner = {"evaluation_id": evaluation_id, "vendor_id": vendor_ref(store, evaluation_id, "Банк").id}
    header, *rows = BANK.read_text(encoding="utf-8").splitlines()
    for index, part in enumerate((rows[:1000], rows[1000:1500])):
        (tmp_path / f"part{index}.tsv").write_text("\n".join([header, *part]) + "\n", encoding="utf-8")
    calls = CallStore(store)
    calls.import_file(tmp_path / "part0.tsv", **owner)
    url = f"/e/{evaluation_id}/calls/dashboard?vendor=Банк"

    def offered(response) -> int:  # type: ignore[no-untyped-def]
        return int(re.search(r'data-kpi="offered">(\d+)<', response.text).group(1))

    before = client.get(url)
    assert before.status_code == 200 and "x-callscout-stale" not in before.headers
    monkeypatch.setenv("CALLSCOUT_DASHBOARD_STALE_AFTER_S", "0.05")
    computing = cache.vendor_report

    def slow_report(*arguments, **keywords):  # type: ignore[no-untyped-def]
        time.sleep(1.0)
        return computing(*arguments, **keywords)

    monkeypatch.setattr(cache, "vendor_report", slow_report)
    calls.import_file(tmp_path / "part1.tsv", **owner)
    stale = client.get(url)
    assert stale.headers.get("x-callscout-stale") == "1" and offered(stale) == offered(before)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        time.sleep(0.3)
        fresh = client.get(url)
        if "x-callscout-stale" not in fresh.headers:
            break
    assert "x-callscout-stale" not in fresh.headers and offered(fresh) > offered(before)

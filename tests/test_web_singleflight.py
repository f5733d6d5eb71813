"""Single flight: a cache miss is computed once for every request waiting on it, on the event loop."""

from __future__ import annotations

import asyncio
import threading

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

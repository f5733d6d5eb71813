from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callscout.economics.erlang import (
    ServiceTarget,
    erlang_a_metrics,
    erlang_b,
    erlang_c_metrics,
    offered_load,
    required_agents,
)
from callscout.economics.staffing import StaffingOptions, staff_interval
from callscout.errors import DataError, UsageError
from tests.queue_sim import simulate


def erlang_b_by_recursion(agents: int, load: float) -> float:
    """The textbook recursion, as an independent reference for moderate sizes."""
    blocking = 1.0
    for k in range(1, agents + 1):
        blocking = load * blocking / (k + load * blocking)
    return blocking


def test_published_example_100_calls_in_30_minutes() -> None:
    options = StaffingOptions(ServiceTarget(0.8, 20), shrinkage=0.3)
    result = staff_interval(100, 1800, 180, options)
    assert result.load_erlangs == pytest.approx(10.0)
    assert result.agents == 14
    assert result.service_level == pytest.approx(0.8884, abs=5e-5)
    assert result.asa_s == pytest.approx(7.84, abs=5e-3)
    assert result.occupancy == pytest.approx(0.714, abs=5e-4)
    assert result.scheduled == 20
    # 13 agents would miss the target: the search returns the minimum, not just a sufficient count.
    below = erlang_c_metrics(np.array([13.0]), np.array([10.0]), 180, 20)
    assert below.service_level[0] < 0.8


def test_published_example_360_calls_55_agents() -> None:
    load = offered_load(360, 1800, 240)
    metrics = erlang_c_metrics(np.array([55.0]), load, 240, 15)
    assert float(metrics.p_wait[0]) == pytest.approx(0.2387, abs=5e-5)
    assert float(metrics.asa_s[0]) == pytest.approx(8.18, abs=5e-3)
    assert float(metrics.service_level[0]) == pytest.approx(0.8459, abs=5e-5)


@pytest.mark.parametrize(
    ("agents", "load"), [(1, 0.5), (5, 0.01), (14, 10.0), (55, 48.0), (300, 280.3), (2000, 1990.0), (3000, 3000.0)]
)
def test_erlang_b_matches_the_recursion(agents: int, load: float) -> None:
    assert float(erlang_b(agents, load)) == pytest.approx(erlang_b_by_recursion(agents, load), rel=1e-11)


@pytest.mark.parametrize(("agents", "load"), [(40_000, 50_000.0), (45_000, 50_000.0), (50_300, 50_000.0)])
def test_erlang_b_is_exact_at_a_million_calls_an_hour(agents: int, load: float) -> None:
    assert float(erlang_b(agents, load)) == pytest.approx(erlang_b_by_recursion(agents, load), rel=1e-9)


def test_a_million_calls_an_hour_neither_overflows_nor_underflows() -> None:
    load = offered_load(1_000_000, 3600, 180)
    agents = required_agents(load, 180, ServiceTarget(0.8, 20))
    assert 50_000 < agents[0] < 50_100
    metrics = erlang_c_metrics(agents.astype(float), load, 180, 20)
    assert 0.8 <= metrics.service_level[0] < 0.9 and np.isfinite(metrics.asa_s[0])
    # Far above the load the probability of waiting is a clean zero, not NaN.
    far = erlang_c_metrics(np.array([60_000.0]), load, 180, 20)
    assert far.p_wait[0] == 0.0 and far.service_level[0] == 1.0
    patient = required_agents(load, 180, ServiceTarget(0.8, 20), patience_s=1e7)
    assert patient[0] == agents[0]


def test_long_target_times_do_not_underflow() -> None:
    load = np.array([10.0])
    for seconds in (3600.0, 1e6):
        metrics = erlang_a_metrics(np.array([9.0, 12.0]), np.repeat(load, 2), 180, 120, seconds)
        assert np.all(np.isfinite(metrics.service_level)) and np.all(metrics.service_level <= 1)
        # Over a long enough target everyone who is answered is answered in time.
        assert metrics.service_level == pytest.approx(1 - metrics.p_abandon, abs=1e-9)


@pytest.mark.parametrize(
    ("calls_per_30_min", "agents", "patience_s"),
    [(100, 12, 60.0), (100, 8, 30.0), (60, 6, 120.0)],
)
def test_erlang_a_matches_a_simulation(calls_per_30_min: float, agents: int, patience_s: float) -> None:
    load = offered_load(calls_per_30_min, 1800, 180)
    metrics = erlang_a_metrics(np.array([float(agents)]), load, 180, patience_s, 20)
    simulated = simulate(calls_per_30_min / 1800, 180, patience_s, agents, 20, calls=150_000, seed=7)
    assert float(metrics.p_wait[0]) == pytest.approx(simulated.p_wait, abs=0.015)
    assert float(metrics.p_abandon[0]) == pytest.approx(simulated.p_abandon, abs=0.01)
    assert float(metrics.service_level[0]) == pytest.approx(simulated.service_level, abs=0.015)
    assert float(metrics.asa_s[0]) == pytest.approx(simulated.asa_s, rel=0.06, abs=0.3)


def test_erlang_a_below_the_load_needs_fewer_agents_than_erlang_c() -> None:
    load = offered_load(100, 1800, 180)
    impatient = required_agents(load, 180, ServiceTarget(0.5, 20), patience_s=10)
    assert impatient[0] < 10 < required_agents(load, 180, ServiceTarget(0.5, 20))[0]
    metrics = erlang_a_metrics(impatient.astype(float), load, 180, 10, 20)
    fewer = erlang_a_metrics(impatient.astype(float) - 1, load, 180, 10, 20)
    assert metrics.service_level[0] >= 0.5 > fewer.service_level[0]


def test_erlang_a_converges_to_erlang_c_as_patience_grows() -> None:
    load = offered_load(np.array([100.0, 360.0]), 1800, np.array([180.0, 180.0]))
    agents = np.array([14.0, 42.0])
    erlang_c = erlang_c_metrics(agents, load, 180, 20)
    gaps = []
    for patience in (1e3, 1e5, 1e7):
        erlang_a = erlang_a_metrics(agents, load, 180, patience, 20)
        gaps.append(float(np.max(np.abs(erlang_a.service_level - erlang_c.service_level))))
        assert np.all(erlang_a.p_abandon < 0.05)
    assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < 1e-5
    final = erlang_a_metrics(agents, load, 180, 1e9, 20)
    assert final.p_wait == pytest.approx(erlang_c.p_wait, rel=1e-4)
    assert final.asa_s == pytest.approx(erlang_c.asa_s, rel=1e-3)


@settings(max_examples=60, deadline=None)
@given(
    load=st.floats(min_value=0.05, max_value=2000),
    aht=st.floats(min_value=10, max_value=1200),
    seconds=st.floats(min_value=1, max_value=600),
    extra=st.integers(min_value=0, max_value=60),
)
def test_more_agents_never_hurt_erlang_c(load: float, aht: float, seconds: float, extra: int) -> None:
    agents = np.floor(load) + 1 + extra + np.arange(0, 3, dtype=float)
    metrics = erlang_c_metrics(agents, np.full(3, load), aht, seconds)
    assert np.all(np.diff(metrics.service_level) >= -1e-12)
    assert np.all(np.diff(metrics.asa_s) <= 1e-12)
    assert np.all(np.diff(metrics.p_wait) <= 1e-12)


@settings(max_examples=40, deadline=None)
@given(
    load=st.floats(min_value=0.05, max_value=500),
    patience=st.floats(min_value=5, max_value=5000),
    agents=st.integers(min_value=1, max_value=600),
)
def test_more_agents_never_hurt_erlang_a(load: float, patience: float, agents: int) -> None:
    counts = np.array([agents, agents + 1], dtype=float)
    metrics = erlang_a_metrics(counts, np.full(2, load), 180, patience, 20)
    assert metrics.service_level[1] >= metrics.service_level[0] - 1e-9
    assert metrics.p_abandon[1] <= metrics.p_abandon[0] + 1e-9
    assert metrics.asa_s[1] <= metrics.asa_s[0] + 1e-9


@settings(max_examples=40, deadline=None)
@given(
    load=st.floats(min_value=0.01, max_value=5000),
    share=st.floats(min_value=0.05, max_value=0.99),
    seconds=st.floats(min_value=1, max_value=300),
    occupancy=st.floats(min_value=0.5, max_value=1.0),
)
def test_required_agents_is_the_minimum(load: float, share: float, seconds: float, occupancy: float) -> None:
    target = ServiceTarget(share, seconds)
    agents = required_agents(load, 200, target, max_occupancy=occupancy)
    found = erlang_c_metrics(agents.astype(float), np.array([load]), 200, seconds)
    assert found.service_level[0] >= share and found.occupancy[0] <= occupancy + 1e-12
    if agents[0] - 1 > load:
        fewer = erlang_c_metrics(agents.astype(float) - 1, np.array([load]), 200, seconds)
        assert fewer.service_level[0] < share or fewer.occupancy[0] > occupancy + 1e-12


def test_a_week_is_staffed_in_one_vectorised_call() -> None:
    loads = offered_load(np.linspace(5, 2000, 168), 3600, 240)
    agents = required_agents(loads, 240, ServiceTarget(0.8, 20))
    one_by_one = [int(required_agents(load, 240, ServiceTarget(0.8, 20))[0]) for load in loads[::17]]
    assert agents[::17].tolist() == one_by_one
    assert np.all(np.diff(agents) >= 0)


@pytest.mark.parametrize(
    ("arguments", "error", "words"),
    [
        ({"calls": -1.0, "period_s": 1800, "aht_s": 180}, UsageError, "не меньше 0"),
        ({"calls": 10.0, "period_s": 1800, "aht_s": 0}, UsageError, "AHT"),
        ({"calls": 10.0, "period_s": 0, "aht_s": 180}, UsageError, "интервала"),
    ],
)
def test_bad_inputs_are_refused_with_a_clear_message(arguments: dict, error: type, words: str) -> None:
    with pytest.raises(error, match=words):
        staff_interval(options=StaffingOptions(ServiceTarget(0.8, 20)), **arguments)


def test_impossible_targets_and_limits() -> None:
    for text in ("100/20", "120/20", "80/0", "80", "abc/20"):
        with pytest.raises(UsageError):
            ServiceTarget.parse(text)
    with pytest.raises(UsageError, match=r"shrinkage|потерь"):
        StaffingOptions(ServiceTarget(0.8, 20), shrinkage=1.0)
    with pytest.raises(DataError, match="50"):
        required_agents(offered_load(100_000, 1800, 180), 180, ServiceTarget(0.8, 20), max_agents=50)


def test_erlang_a_also_caps_the_abandonment() -> None:
    load = offered_load(100, 1800, 180)
    loose = required_agents(load, 180, ServiceTarget(0.5, 20), patience_s=30)
    capped = required_agents(load, 180, ServiceTarget(0.5, 20), patience_s=30, max_abandon=0.02)
    assert capped[0] > loose[0]
    at_cap = erlang_a_metrics(capped.astype(float), load, 180, 30, 20)
    below_cap = erlang_a_metrics(capped.astype(float) - 1, load, 180, 30, 20)
    assert at_cap.p_abandon[0] <= 0.02 < below_cap.p_abandon[0]
    with pytest.raises(UsageError):
        StaffingOptions(ServiceTarget(0.8, 20), patience_s=30, max_abandon=1.5)

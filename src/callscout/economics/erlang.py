"""Erlang C (callers wait forever) and Erlang A (callers hang up after an exponential patience).

Everything is computed on numpy arrays so that a whole week of intervals is one vectorised pass, and
in log space so that no load overflows or underflows:

* Erlang B is ``pmf(N; A) / cdf(N; A)`` of a Poisson(A) variable: the Poisson pmf comes from a
  Stirling/``log1p`` form that keeps its precision at 10^6 erlangs, the cdf is the regularised
  incomplete gamma ``Q(N+1, A)``. Where the cdf would underflow (far below the load) the exact
  ratio series ``1/B = sum_k N!/(N-k)!/A^k`` takes over; it converges fast exactly there.
* Erlang A uses the birth-death solution of M/M/N+M (Palm; Mandelbaum & Zeltyn): with
  ``x = N*patience/AHT`` and ``y = A*patience/AHT`` the queue part of the distribution is
  ``S = P(x, y) / pmf(x; y)`` (``P`` the regularised lower incomplete gamma), again with a series
  fallback in the far tail. The mean wait of answered calls is summed over the queue lengths an
  arrival can find, each term exact (a telescoping product and a digamma difference).

Minimum agents: a start near the square-root staffing rule, then galloping and bisection on all
intervals at once. Service level and occupancy are monotone in the number of agents, so the result
is the smallest count that meets both targets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from math import ceil, isfinite

import numpy as np
from scipy import special

from callscout.errors import DataError, UsageError
from callscout.i18n import msg, tr

# Below this an incomplete gamma value has lost relative precision (or underflowed); the series
# fallbacks take over, and they converge quickly in exactly that region.
_TINY = 1e-200
_SERIES_TERMS_LIMIT = 5_000_000
_SERIES_BLOCK = 128
_STIRLING_FROM = 100.0
_TEMME_FROM = 2e5
_TEMME_SIGMAS = 4.0
DEFAULT_MAX_AGENTS = 1_000_000

Array = np.ndarray


@dataclass(frozen=True)
class ServiceTarget:
    """``share`` of calls answered within ``seconds`` (80/20 is share 0.8, 20 s)."""

    share: float
    seconds: float

    @classmethod
    def parse(cls, text: str) -> ServiceTarget:
        """``"80/20"`` -> share 0.8 within 20 s. Errors name the value and say what is expected."""
        parts = text.replace(" ", "").split("/")
        try:
            percent, seconds = (float(part) for part in parts)
        except ValueError:
            raise UsageError(msg("economics.erlang.service_level_target_expected_percent_seconds", text=text)) from None
        return cls(percent / 100, seconds).checked()

    def checked(self) -> ServiceTarget:
        if not (isfinite(self.share) and 0 < self.share < 1):
            raise UsageError(msg("economics.erlang.service_level_target_is_impossible_use", percent=self.share * 100))
        if not (isfinite(self.seconds) and self.seconds > 0):
            raise UsageError(msg("economics.erlang.answer_time_of_service_level_target", seconds=self.seconds))
        return self

    def __str__(self) -> str:
        return f"{self.share * 100:g}/{self.seconds:g}"


def offered_load(calls: float | Array, period_s: float, aht_s: float) -> Array:
    """Offered load in erlangs: arrivals per second times the average handle time."""
    return np.asarray(calls, dtype=float) * (aht_s / period_s)


# --- numerical primitives --------------------------------------------------------------------------


def log_poisson_pmf(k: Array | float, mean: Array | float) -> Array:
    """``log(mean**k * exp(-mean) / Gamma(k + 1))`` for real ``k >= 0``, precise at any size.

    For large ``k`` the naive form subtracts numbers near 10^7 to get a result near 10; the
    Stirling form with ``d - log1p(d)`` keeps it exact to rounding.
    """
    k, mean = np.broadcast_arrays(np.asarray(k, dtype=float), np.asarray(mean, dtype=float))
    small = k < _STIRLING_FROM
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        direct = special.xlogy(k, mean) - mean - special.gammaln(k + 1)
        kk = np.where(small, _STIRLING_FROM, k)
        d = mean / kk - 1.0
        correction = 1 / (12 * kk) - 1 / (360 * kk**3) + 1 / (1260 * kk**5)
        stirling = -kk * (d - np.log1p(d)) - 0.5 * np.log(2 * np.pi * kk) - correction
    return np.where(small, direct, stirling)


def _ratio_series(numerator: Array, denominator: Array, numerator_step: float, denominator_step: float) -> Array:
    """``sum_j prod_{i<j} (n + i*dn) / (d + i*dd)`` for ratios that fall below one and keep falling.

    Used only where an incomplete gamma underflows; there the ratios are far below one, so a few
    hundred terms reach full precision even at a million erlangs.
    """
    numerator = np.asarray(numerator, dtype=float)[:, None]
    denominator = np.asarray(denominator, dtype=float)[:, None]
    total = np.ones(numerator.shape[0])
    term = np.ones(numerator.shape[0])
    # Terms are summed a block at a time (cumulative products), so a slow series costs few numpy calls.
    block = np.arange(_SERIES_BLOCK, dtype=float)[None, :]
    for first in range(0, _SERIES_TERMS_LIMIT, _SERIES_BLOCK):
        ratios = np.maximum(numerator + (first + block) * numerator_step, 0.0) / (
            denominator + (first + block) * denominator_step
        )
        terms = term[:, None] * np.cumprod(ratios, axis=1)
        total += terms.sum(axis=1)
        term = terms[:, -1]
        if not np.any(term > 1e-17 * total):
            break
    return total


def _log_gamma_tail_temme(a: Array, z: Array) -> Array:
    """``log P(a, z)`` for ``z < a``, ``log Q(a, z)`` for ``z > a``: the small tail, by Temme's uniform
    expansion (DLMF 8.12.3-8.12.8, two terms), in log space.

    scipy's incomplete gamma loses digits in these tails once ``a`` passes ~10^6 (a factor of two
    at 10^7); the expansion's error there is O(a^-2).
    """
    d = z / a - 1
    eta = np.sign(d) * np.sqrt(2 * (d - np.log1p(d)))
    c0 = 1 / d - 1 / eta
    c1 = 1 / eta**3 - 1 / d**3 - 1 / d**2 - 1 / (12 * d)
    # tail = exp(-a eta^2 / 2) * [erfcx(|eta| sqrt(a/2)) / 2 + sign(d) (c0 + c1/a) / sqrt(2 pi a)]
    bracket = 0.5 * special.erfcx(np.abs(eta) * np.sqrt(a / 2)) + np.sign(d) * (c0 + c1 / a) / np.sqrt(2 * np.pi * a)
    return -a * eta**2 / 2 + np.log(bracket)


def _temme_region(a: Array, z: Array, lower: bool) -> Array:
    """Where the Temme tail is used: large ``a`` and at least four standard deviations into the tail."""
    spread = _TEMME_SIGMAS * np.sqrt(a)
    return (a > _TEMME_FROM) & ((z < a - spread) if lower else (z > a + spread))


def log_lower_gamma_regularized(a: Array, z: Array) -> Array:
    """``log P(a, z)``, also where ``P`` is far below the smallest double."""
    a, z = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(z, dtype=float))
    shape = a.shape
    a, z = a.ravel(), z.ravel()
    p = special.gammainc(a, z)
    temme = _temme_region(a, z, lower=True)
    tail = ~(p > _TINY) & ~temme
    with np.errstate(divide="ignore"):
        result = np.log(np.where(tail | temme, 1.0, p))
        if np.any(temme):
            result[temme] = _log_gamma_tail_temme(a[temme], z[temme])
        if np.any(tail):
            # P(a, z) = pmf(a; z) * sum_j prod_{i=1..j} z / (a + i)
            a_tail, z_tail = a[tail], z[tail]
            result[tail] = log_poisson_pmf(a_tail, z_tail) + np.log(_ratio_series(z_tail, a_tail + 1, 0.0, 1.0))
    return result.reshape(shape)


def log_erlang_b(agents: Array, load: Array) -> Array:
    """``log B(N, A)``: the blocking probability of N servers offered A erlangs."""
    agents, load = np.broadcast_arrays(np.asarray(agents, dtype=float), np.asarray(load, dtype=float))
    shape = agents.shape
    agents, load = agents.ravel(), load.ravel()
    cdf = special.gammaincc(agents + 1, load)
    temme = _temme_region(agents + 1, load, lower=False)
    tail = ~(cdf > _TINY) & ~temme
    with np.errstate(divide="ignore"):
        result = log_poisson_pmf(agents, load) - np.log(np.where(tail | temme, 1.0, cdf))
        if np.any(temme):
            result[temme] = log_poisson_pmf(agents[temme], load[temme]) - _log_gamma_tail_temme(
                agents[temme] + 1, load[temme]
            )
        if np.any(tail):
            # Far below the load: 1/B = sum_k prod_{i<k} (N - i) / A, a fast-falling series.
            result[tail] = -np.log(_ratio_series(agents[tail], load[tail], -1.0, 0.0))
    return result.reshape(shape)


def erlang_b(agents: Array | int, load: Array | float) -> Array:
    return np.exp(log_erlang_b(agents, load))


def erlang_c(agents: Array | int, load: Array | float) -> Array:
    """Probability that a caller waits (all N agents busy), callers never hang up. 1 when N <= A."""
    agents, load = np.broadcast_arrays(np.asarray(agents, dtype=float), np.asarray(load, dtype=float))
    blocking = erlang_b(agents, load)
    with np.errstate(divide="ignore", invalid="ignore"):
        p_wait = blocking / (1 - (load / agents) * (1 - blocking))
    return np.where(agents > load, np.clip(p_wait, 0.0, 1.0), 1.0)


# --- queue metrics ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueMetrics:
    """Steady-state metrics of N agents, arrays aligned with the input intervals."""

    agents: Array
    p_wait: Array
    service_level: Array
    asa_s: Array
    occupancy: Array
    p_abandon: Array | None = None


def erlang_c_metrics(agents: Array, load: Array, aht_s: float, target_s: float) -> QueueMetrics:
    agents, load = np.broadcast_arrays(np.asarray(agents, dtype=float), np.asarray(load, dtype=float))
    idle = load <= 0  # nobody calls: nobody waits, whatever the staffing
    p_wait = np.where(idle, 0.0, erlang_c(agents, load))
    stable = (agents > load) | idle
    spare = np.where(stable & ~idle, agents - load, 1.0)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        service_level = np.where(stable, 1 - p_wait * np.exp(-spare * target_s / aht_s), 0.0)
        asa = np.where(stable, p_wait * aht_s / spare, np.inf)
        occupancy = np.where(agents > 0, np.minimum(load / np.where(agents > 0, agents, 1.0), 1.0), 0.0)
    return QueueMetrics(agents, p_wait, np.clip(service_level, 0.0, 1.0), asa, occupancy)


def _erlang_a_core(agents: Array, load: Array, aht_s: float, patience_s: float) -> tuple[Array, Array, Array, Array]:
    """P(wait), P(abandon), and the log-space pieces the service level needs: log P(x, y), x, y."""
    scale = patience_s / aht_s
    x = agents * scale
    y = load * scale
    log_b = log_erlang_b(agents, load)
    log_p_xy = log_lower_gamma_regularized(x, y)
    log_s = log_p_xy - log_poisson_pmf(x, y)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        # P(wait) = S*B / (1 - B + S*B), written so that neither S nor 1/B can overflow.
        p_wait = 1 / (1 + np.exp(np.log(-np.expm1(log_b)) - log_s - log_b))
        p_abandon_if_wait = 1 + (agents / load) * np.expm1(-log_s)
    p_abandon = np.clip(p_wait * p_abandon_if_wait, 0.0, 1.0)
    return p_wait, p_abandon, log_p_xy, x


def erlang_a_metrics(agents: Array, load: Array, aht_s: float, patience_s: float, target_s: float) -> QueueMetrics:
    """M/M/N+M: the service level is the share of ALL offered calls answered within the target
    time (a caller who hangs up counts as missed), ASA is the mean wait of answered calls."""
    agents, load = np.broadcast_arrays(np.asarray(agents, dtype=float), np.asarray(load, dtype=float))
    service_level, p_wait, p_abandon, occupancy = _erlang_a_service(agents, load, aht_s, patience_s, target_s)
    asa = np.array(
        [
            _answered_wait_mean(n, a, aht_s, patience_s, pw, pa)
            for n, a, pw, pa in zip(agents.ravel(), load.ravel(), p_wait.ravel(), p_abandon.ravel(), strict=True)
        ]
    ).reshape(agents.shape)
    return QueueMetrics(agents, p_wait, service_level, asa, occupancy, p_abandon)


def _erlang_a_service(
    agents: Array, load: Array, aht_s: float, patience_s: float, target_s: float
) -> tuple[Array, Array, Array, Array]:
    """Service level, P(wait), P(abandon), occupancy of Erlang A; rows with no agents or no load
    are handled apart (nobody answers / nobody calls)."""
    service_level = np.zeros(agents.shape)
    p_wait = np.ones(agents.shape)
    p_abandon = np.ones(agents.shape)
    occupancy = np.zeros(agents.shape)
    idle = load <= 0
    service_level[idle], p_wait[idle], p_abandon[idle] = 1.0, 0.0, 0.0
    live = (agents >= 1) & ~idle
    if np.any(live):
        n, a = agents[live], load[live]
        pw, pa, log_p_xy, x = _erlang_a_core(n, a, aht_s, patience_s)
        scale = patience_s / aht_s
        y = a * scale
        log_p1_y = log_lower_gamma_regularized(x + 1, y)
        log_p1_ys = log_lower_gamma_regularized(x + 1, y * np.exp(-target_s / patience_s))
        # Answered within t | waited = (x/y) * [P(x+1, y) - P(x+1, y e^{-t/patience})] / P(x, y)
        with np.errstate(over="ignore", invalid="ignore"):
            answered_in_time = (x / y) * np.exp(log_p1_y - log_p_xy) * -np.expm1(log_p1_ys - log_p1_y)
        answered_in_time = np.nan_to_num(np.clip(answered_in_time, 0.0, 1.0))
        service_level[live] = np.clip((1 - pw) + pw * answered_in_time, 0.0, 1.0)
        p_wait[live], p_abandon[live] = pw, pa
        occupancy[live] = np.minimum(a * (1 - pa) / n, 1.0)
    return service_level, p_wait, p_abandon, occupancy


def _answered_wait_mean(
    agents: float, load: float, aht_s: float, patience_s: float, p_wait: float, p_abandon: float
) -> float:
    """Mean wait of answered calls in Erlang A, summed over the queue length j an arrival finds.

    With j callers ahead the wait is a sum of exponential stages with rates x + k (k = 0..j, in
    patience units); the caller is answered with probability x / (x + j + 1) and
    ``E[V; answered] = x/(x+j+1) * (psi(x+j+2) - psi(x+1))`` patience units.
    """
    if load <= 0 or p_wait <= 0:
        return 0.0
    if agents < 1 or p_abandon >= 1:
        return float("inf")
    scale = patience_s / aht_s
    x, y = agents * scale, load * scale
    mode = max(0.0, ceil(y - x - 1))
    spread = 10 * np.sqrt(max(x, y) + 1) + 50
    j = np.arange(max(0.0, mode - spread), mode + spread + 1, dtype=float)
    log_weight = j * np.log(y) - special.gammaln(x + j + 1)
    weight = np.exp(log_weight - log_weight.max())
    answered_wait = x / (x + j + 1) * (special.digamma(x + j + 2) - special.digamma(x + 1)) * patience_s
    mean_if_wait = float(np.sum(weight * answered_wait) / np.sum(weight))
    return p_wait * mean_if_wait / (1 - p_abandon)


# --- minimum agents --------------------------------------------------------------------------------


def _minimum_satisfying(ok: Callable[[Array, Array], Array], start: Array, floor: Array, limit: int) -> Array:
    """Smallest n in [floor, limit] with ``ok(n, rows)`` for every row; ``limit + 1`` where none.

    ``ok`` must be monotone in n. Gallops from ``start`` (doubling steps) to bracket the answer,
    then bisects, all rows together.
    """
    start = np.clip(start, floor, limit)
    good = ok(start, np.arange(start.size))
    low = np.where(good, floor - 1, start)  # largest n known to fail (floor - 1: none tried)
    high = np.where(good, start, limit + 1)  # smallest n known to pass (limit + 1: none found)
    step = np.maximum(1, np.ceil(np.sqrt(np.maximum(start, 1)) / 4)).astype(np.int64)
    # Gallop: move the unknown side away from start until the answer is bracketed.
    searching = np.where(good, low + 1 < high, high > limit)
    while np.any(searching):
        rows = np.flatnonzero(searching)
        probe = np.where(good[rows], np.maximum(high[rows] - step[rows], floor[rows]), low[rows] + step[rows])
        probe = np.minimum(probe, limit)
        passed = ok(probe, rows)
        high[rows] = np.where(passed, probe, high[rows])
        low[rows] = np.where(passed, low[rows], probe)
        step[rows] *= 2
        searching[rows] = np.where(
            good[rows],
            passed & (probe > floor[rows]),
            ~passed & (probe < limit),
        )
    # Bisect each bracket (low fails, high passes).
    while True:
        rows = np.flatnonzero(high - low > 1)
        if rows.size == 0:
            return high
        middle = (low[rows] + high[rows]) // 2
        passed = ok(middle, rows)
        high[rows] = np.where(passed, middle, high[rows])
        low[rows] = np.where(passed, low[rows], middle)


def required_agents(
    load: Array | float,
    aht_s: float,
    target: ServiceTarget,
    *,
    patience_s: float | None = None,
    max_occupancy: float = 1.0,
    max_abandon: float | None = None,
    max_agents: int = DEFAULT_MAX_AGENTS,
) -> Array:
    """Fewest agents per interval that meet the service level target and the occupancy cap.

    Erlang C needs more agents than the load; Erlang A may need fewer, since callers who hang up
    free the queue, so its search starts at one agent; there ``max_abandon`` also caps the share of
    callers who hang up. Raises ``DataError`` naming the first
    interval that no staffing within ``max_agents`` can serve.
    """
    check_queue_inputs(aht_s=aht_s, patience_s=patience_s, max_occupancy=max_occupancy)
    target.checked()
    load = np.atleast_1d(np.asarray(load, dtype=float))
    if np.any(~np.isfinite(load)) or np.any(load < 0):
        raise UsageError(msg("economics.erlang.load_must_be_number_0"))
    result = np.zeros(load.shape, dtype=np.int64)
    busy = load > 0
    if not np.any(busy):
        return result
    busy_load = load[busy]
    if patience_s is None:
        floor = np.floor(busy_load).astype(np.int64) + 1

        def ok(n: Array, rows: Array) -> Array:
            metrics = erlang_c_metrics(n, busy_load[rows], aht_s, target.seconds)
            return (metrics.service_level >= target.share) & (metrics.occupancy <= max_occupancy + 1e-12)

    else:
        floor = np.ones(busy_load.shape, dtype=np.int64)

        def ok(n: Array, rows: Array) -> Array:
            service_level, _, p_abandon, occupancy = _erlang_a_service(
                n.astype(float), busy_load[rows], aht_s, patience_s, target.seconds
            )
            met = (service_level >= target.share) & (occupancy <= max_occupancy + 1e-12)
            return met if max_abandon is None else met & (p_abandon <= max_abandon)

    # Square-root staffing: N ~ A + beta * sqrt(A), beta from the target share.
    beta = max(float(special.ndtri(target.share)), 0.5)
    start = np.ceil(busy_load + beta * np.sqrt(busy_load)).astype(np.int64)
    agents = _minimum_satisfying(ok, start, floor, max_agents)
    unmet = np.flatnonzero(agents > max_agents)
    if unmet.size:
        first = int(np.flatnonzero(busy)[unmet[0]])
        raise DataError(
            msg(
                "economics.erlang.load_of_erlangs_interval_cannot_meet",
                load=float(load[first]),
                index=first,
                target=target,
                limit=max_agents,
            )
        )
    result[busy] = agents
    return result


def check_queue_inputs(
    *,
    calls: float | None = None,
    period_s: float | None = None,
    aht_s: float | None = None,
    patience_s: float | None = None,
    shrinkage: float | None = None,
    max_occupancy: float | None = None,
) -> None:
    """One place for the input rules of every staffing entry point, with messages naming the field."""

    def bad(ru: str, en: str, **values: object) -> UsageError:
        return UsageError(tr(ru, en, **values))

    if calls is not None and not (isfinite(calls) and calls >= 0):
        raise bad("число звонков должно быть не меньше 0, получено {v}", "calls must be >= 0, got {v}", v=calls)
    if period_s is not None and not (isfinite(period_s) and period_s > 0):
        raise bad(
            "длина интервала должна быть больше 0, получено {v}",
            "the period must be above 0, got {v}",
            v=period_s,
        )
    if aht_s is not None and not (isfinite(aht_s) and aht_s > 0):
        raise bad(
            "среднее время обработки (AHT) должно быть больше 0 с, получено {v}",
            "the average handle time (AHT) must be above 0 s, got {v}",
            v=aht_s,
        )
    if patience_s is not None and not (isfinite(patience_s) and patience_s > 0):
        raise bad(
            "терпение абонента должно быть больше 0 с, получено {v}",
            "caller patience must be above 0 s, got {v}",
            v=patience_s,
        )
    if shrinkage is not None and not (isfinite(shrinkage) and 0 <= shrinkage < 1):
        raise bad(
            "доля потерь рабочего времени (shrinkage) должна быть от 0 до 1 (не включая 1), получено {v}",
            "shrinkage must be from 0 up to (not including) 1, got {v}",
            v=shrinkage,
        )
    if max_occupancy is not None and not (isfinite(max_occupancy) and 0 < max_occupancy <= 1):
        raise bad(
            "максимальная загрузка должна быть больше 0 и не больше 1, получено {v}",
            "max occupancy must be above 0 and at most 1, got {v}",
            v=max_occupancy,
        )

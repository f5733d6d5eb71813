"""Trial comparison: two or more vendors over the same period, each metric with a 95% confidence interval,
and each vendor's difference from the first with its interval and a p-value.

Rates (service level, abandon rate) are proportions: Wilson intervals per vendor, and the difference of two
proportions with a normal-approximation interval and a two-sided z-test. Means (ASA, wait, talk, AHT) use
Student intervals and Welch's t-test from each vendor's count, mean and sample variance.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from callscout.calls import kpi

if TYPE_CHECKING:
    import duckdb

RATE_METRICS = {
    # metric: (successes key, trials function, higher is better)
    "service_level": ("answered_within", lambda row: row["answered"] + row["abandoned"], True),
    "abandon_rate": ("abandoned", lambda row: row["offered"] - (row["short_abandoned"] or 0), False),
}
MEAN_METRICS = {
    "asa_s": ("asa", False),
    "avg_wait_s": ("avg_wait", False),
    "avg_talk_s": ("avg_talk", None),
    "aht_s": ("aht", None),
}


def _stats() -> Any:
    """scipy.stats, imported on first use: it takes most of a second and only comparisons need it."""
    from scipy import stats

    return stats


def wilson(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float] | None:
    if trials <= 0:
        return None
    z = _stats().norm.ppf(0.5 + confidence / 2)
    share = successes / trials
    denominator = 1 + z * z / trials
    centre = (share + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def mean_interval(n: int, mean: float | None, variance: float | None, confidence: float = 0.95):
    if not n or mean is None or variance is None or n < 2:
        return None
    half = _stats().t.ppf(0.5 + confidence / 2, n - 1) * math.sqrt(variance / n)
    return mean - half, mean + half


def _proportion_difference(a: tuple[int, int], b: tuple[int, int], confidence: float) -> dict[str, Any] | None:
    (success_a, trials_a), (success_b, trials_b) = a, b
    if not trials_a or not trials_b:
        return None
    share_a, share_b = success_a / trials_a, success_b / trials_b
    difference = share_b - share_a
    z = _stats().norm.ppf(0.5 + confidence / 2)
    error = math.sqrt(share_a * (1 - share_a) / trials_a + share_b * (1 - share_b) / trials_b)
    pooled = (success_a + success_b) / (trials_a + trials_b)
    pooled_error = math.sqrt(pooled * (1 - pooled) * (1 / trials_a + 1 / trials_b))
    p_value = 2 * _stats().norm.sf(abs(difference) / pooled_error) if pooled_error else 1.0
    return {
        "difference": difference,
        "ci": (difference - z * error, difference + z * error),
        "p_value": float(p_value),
    }


def _mean_difference(a: tuple, b: tuple, confidence: float) -> dict[str, Any] | None:
    (n_a, mean_a, var_a), (n_b, mean_b, var_b) = a, b
    if not n_a or not n_b or n_a < 2 or n_b < 2 or None in (mean_a, mean_b, var_a, var_b):
        return None
    difference = mean_b - mean_a
    error_sq = var_a / n_a + var_b / n_b
    if error_sq == 0:
        return {"difference": difference, "ci": (difference, difference), "p_value": 0.0 if difference else 1.0}
    freedom = error_sq**2 / ((var_a / n_a) ** 2 / (n_a - 1) + (var_b / n_b) ** 2 / (n_b - 1))
    half = _stats().t.ppf(0.5 + confidence / 2, freedom) * math.sqrt(error_sq)
    p_value = 2 * _stats().t.sf(abs(difference) / math.sqrt(error_sq), freedom)
    return {"difference": difference, "ci": (difference - half, difference + half), "p_value": p_value}


def _round_pair(pair: tuple[float, float] | None, digits: int) -> list[float] | None:
    return [round(pair[0], digits), round(pair[1], digits)] if pair else None


def common_period(connection: duckdb.DuckDBPyConnection, vendors: list[str]) -> kpi.Period:
    """The days all vendors have calls in: a fair trial compares the same days."""
    listing = ", ".join("'" + vendor.replace("'", "''") + "'" for vendor in vendors)
    rows = connection.execute(
        f"SELECT vendor, min(arrival), max(arrival) FROM calls WHERE vendor IN ({listing}) GROUP BY 1"
    ).fetchall()
    if len(rows) < len(vendors):
        return kpi.Period()
    start = max(row[1] for row in rows)
    end = min(row[2] for row in rows)
    if start > end:
        return kpi.Period()
    return kpi.Period.from_dates(start.date(), end.date())


def compare(
    connection: duckdb.DuckDBPyConnection,
    vendors: list[str],
    settings: kpi.KpiSettings,
    *,
    period: kpi.Period | None = None,
    confidence: float = 0.95,
    alpha: float = 0.05,
) -> dict[str, Any]:
    overlapping = True
    if period is None:
        period = common_period(connection, vendors)
        # No common days: every vendor's whole log is compared, and the result says so.
        overlapping = period.start is not None
    rows = {
        vendor: kpi.mark_untold(
            kpi.summary(connection, settings, vendors=[vendor], period=period),
            connection,
            vendors=[vendor],
            period=period,
        )
        for vendor in vendors
    }
    baseline = vendors[0]
    metrics: dict[str, Any] = {}
    for metric, (successes_key, trials_of, higher_better) in RATE_METRICS.items():
        entry: dict[str, Any] = {"kind": "rate", "higher_is_better": higher_better, "vendors": {}, "vs_first": {}}
        for vendor, row in rows.items():
            # A rate the log cannot tell (no wait times: nothing was "answered within") has no interval and no
            # difference: its zero successes are not a count.
            trials = trials_of(row) if row[metric] is not None else 0
            entry["vendors"][vendor] = {
                "value": row[metric],
                "n": trials,
                "ci": _round_pair(wilson(row[successes_key], trials, confidence), 4),
                **_unknown_of(row, metric),
            }
        base_row = rows[baseline]
        for vendor in vendors[1:]:
            result = _proportion_difference(
                (base_row[successes_key], entry["vendors"][baseline]["n"]),
                (rows[vendor][successes_key], entry["vendors"][vendor]["n"]),
                confidence,
            )
            entry["vs_first"][vendor] = _difference_entry(result, higher_better, alpha, 4)
        metrics[metric] = entry
    for metric, (stats_key, higher_better) in MEAN_METRICS.items():
        entry = {"kind": "mean", "higher_is_better": higher_better, "vendors": {}, "vs_first": {}}
        for vendor, row in rows.items():
            n, mean, variance = row["_stats"][stats_key]
            entry["vendors"][vendor] = {
                "value": row[metric],
                "n": n,
                "ci": _round_pair(mean_interval(n, mean, variance, confidence), 2),
                **_unknown_of(row, metric),
            }
        for vendor in vendors[1:]:
            result = _mean_difference(
                rows[baseline]["_stats"][stats_key], rows[vendor]["_stats"][stats_key], confidence
            )
            entry["vs_first"][vendor] = _difference_entry(result, higher_better, alpha, 2)
        metrics[metric] = entry
    for row in rows.values():
        row.pop("_stats")
        row.pop("unknown")  # each metric's entry says why a vendor's figure is unknown
    return {
        "vendors": vendors,
        "baseline": baseline,
        "period": {
            "from": period.start.date().isoformat() if period.start else None,
            "to": (period.end - timedelta(days=1)).date().isoformat() if period.end else None,
        },
        "same_days": overlapping,
        "confidence": confidence,
        "alpha": alpha,
        "kpis": rows,
        "metrics": metrics,
    }


def _unknown_of(row: dict[str, Any], metric: str) -> dict[str, str]:
    """``{"unknown": reason}`` where the vendor's figure is unknown (``kpi.unknown_reasons``), else nothing."""
    reason = (row.get("unknown") or {}).get(metric) if row[metric] is None else None
    return {"unknown": reason} if reason else {}


def _difference_entry(result: dict[str, Any] | None, higher_better: bool | None, alpha: float, digits: int):
    if result is None:
        return None
    significant = bool(result["p_value"] < alpha)
    verdict = "same"
    if significant and higher_better is not None:
        better = result["difference"] > 0 if higher_better else result["difference"] < 0
        verdict = "better" if better else "worse"
    elif significant:
        verdict = "different"
    return {
        "difference": round(result["difference"], digits),
        "ci": _round_pair(result["ci"], digits),
        "p_value": float(f"{result['p_value']:.3g}"),
        "significant": significant,
        "verdict": verdict,
    }

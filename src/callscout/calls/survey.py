"""Opinion on service quality: the callers' post-call survey scores, beside the QA grades of the same calls.

Scores come with the call log (``csat`` 1–5 «оцените разговор», ``nps`` 0–10). Per vendor, operator,
topic or week:
  csat_answers   calls with a CSAT score
  csat_mean      mean score, with a 95 % Student's t interval
  csat_share     share of 4 and 5 («довольны»), with a 95 % Wilson interval
  nps_answers    calls with an NPS score
  nps            % promoters (9–10) − % detractors (0–6), with a 95 % interval from the variance of the
                 per-answer value (+1 promoter, −1 detractor, 0 passive)
A group without answers has no score («нет данных»), never a zero. The QA side: per group, the graded
calls and their mean grade (0–100), and for calls with both a grade and a CSAT score the two means
and their rank correlation.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from callscout.calls import kpi

if TYPE_CHECKING:
    from collections.abc import Iterable

    import duckdb

    from callscout.store.ownership import VendorRef

SURVEY_GROUPINGS = ("vendor", "agent", "topic", "week")
Z95 = 1.959963984540054


def _t_interval(n: int, mean: float | None, variance: float | None) -> list[float] | None:
    if n < 2 or mean is None or variance is None:
        return None
    from scipy.stats import t

    half = float(t.ppf(0.975, n - 1)) * math.sqrt(variance / n)
    return [round(mean - half, 3), round(mean + half, 3)]


def wilson(successes: int, n: int) -> list[float] | None:
    """95 % Wilson score interval of a share (sound at small n and at shares near 0 or 1)."""
    if not n:
        return None
    share = successes / n
    denominator = 1 + Z95**2 / n
    centre = (share + Z95**2 / (2 * n)) / denominator
    half = Z95 * math.sqrt(share * (1 - share) / n + Z95**2 / (4 * n * n)) / denominator
    return [round(max(centre - half, 0.0), 4), round(min(centre + half, 1.0), 4)]


def nps_interval(promoters: int, detractors: int, n: int) -> tuple[float | None, list[float] | None]:
    """NPS in points (−100..100) and its 95 % normal interval."""
    if not n:
        return None, None
    p, d = promoters / n, detractors / n
    score = p - d
    if n < 2:
        return round(100 * score, 1), None
    variance = (p + d - score * score) / n
    half = Z95 * math.sqrt(variance)
    return round(100 * score, 1), [round(100 * max(score - half, -1), 1), round(100 * min(score + half, 1), 1)]


def _group_sql(by: str) -> str:
    if by not in SURVEY_GROUPINGS:
        raise ValueError(f"unknown survey grouping: {by}")
    return kpi._group_expression(by, kpi.KpiSettings())


def graded_calls(grades: Iterable[dict[str, Any]], vendors: Iterable[VendorRef]) -> list[dict[str, Any]]:
    """The QA grades of ``vendors``' imported calls as the survey joins them: each grade goes with its
    vendor by id (the grade's own vendor name is only the one it had when graded), under the name the
    vendor's calls carry; grades of other vendors, and of recordings without a call id, are left out."""
    names = {vendor.id: vendor.name for vendor in vendors}
    return [
        {"vendor": names[grade["vendor_id"]], "call_id": grade["call_id"], "score": grade["score"]}
        for grade in grades
        if grade.get("vendor_id") in names and grade.get("call_id") and grade.get("score") is not None
    ]


def _grades_relation(connection: duckdb.DuckDBPyConnection, grades: Iterable[dict[str, Any]]) -> bool:
    """The QA grades of imported calls (``graded_calls``) as a table ``qa_grades(vendor, call_id, score)``;
    False if none."""
    rows = [(row["vendor"], row["call_id"], float(row["score"])) for row in grades if row.get("call_id")]
    connection.execute("CREATE OR REPLACE TEMP TABLE qa_grades (vendor VARCHAR, call_id VARCHAR, score DOUBLE)")
    if rows:
        connection.executemany("INSERT INTO qa_grades VALUES (?, ?, ?)", rows)
    return bool(rows)


def report(
    connection: duckdb.DuckDBPyConnection,
    by: str = "vendor",
    *,
    vendors: list[str] | None = None,
    period: kpi.Period = kpi.Period(),
    grades: Iterable[dict[str, Any]] = (),
    answers: Iterable[dict[str, Any]] = (),
) -> dict[str, Any]:
    """Survey scores per ``by`` (vendor | agent | topic | week) and the QA grades of the same calls.
    ``answers``: survey answers that came apart from the log (live ``survey`` events,
    ``live.ingest.survey_answers``), joined to the calls by vendor and call id; a call's own column wins."""
    where = kpi._filters(vendors, period)
    calls = _calls_with_answers(connection, answers)
    counts = connection.execute(f"SELECT count(*), count(csat), count(nps) FROM {calls} WHERE {where}").fetchone()
    if not counts[1] and not counts[2]:
        return {
            "status": "no_data",
            "by": by,
            "calls": counts[0],
            "reason": "no_calls" if not counts[0] else "no_survey_column",
            "rows": [],
        }
    with_grades = _grades_relation(connection, grades)
    group = _group_sql(by)
    # Each graded call once (several graders: their mean), joined on the vendor's own call id.
    qa_join = (
        "LEFT JOIN (SELECT vendor, call_id, avg(score) AS qa FROM qa_grades GROUP BY ALL) g USING (vendor, call_id)"
        if with_grades
        else ""
    )
    qa_value = "g.qa" if with_grades else "CAST(NULL AS DOUBLE)"
    sql = f"""
SELECT {group} AS key,
  count(csat) AS csat_answers, avg(csat) AS csat_mean, var_samp(csat) AS csat_var,
  count(*) FILTER (WHERE csat >= 4) AS csat_good,
  count(nps) AS nps_answers, count(*) FILTER (WHERE nps >= 9) AS promoters,
  count(*) FILTER (WHERE nps <= 6) AS detractors,
  count(qa) AS qa_graded, avg(qa) AS qa_mean,
  count(*) FILTER (WHERE qa IS NOT NULL AND csat IS NOT NULL) AS both_n,
  avg(qa) FILTER (WHERE csat IS NOT NULL) AS both_qa_mean,
  avg(csat) FILTER (WHERE qa IS NOT NULL) AS both_csat_mean
FROM (SELECT c.*, {qa_value} AS qa FROM {calls} c {qa_join} WHERE {where})
GROUP BY 1 ORDER BY 1"""
    cursor = connection.execute(sql)
    names = [column[0] for column in cursor.description]
    rows = []
    for values in cursor.fetchall():
        row = dict(zip(names, values, strict=True))
        nps, nps_ci = nps_interval(row["promoters"], row["detractors"], row["nps_answers"])
        rows.append(
            {
                "key": row["key"].isoformat() if hasattr(row["key"], "isoformat") else row["key"],
                "csat_answers": row["csat_answers"],
                "csat_mean": round(row["csat_mean"], 3) if row["csat_mean"] is not None else None,
                "csat_mean_ci": _t_interval(row["csat_answers"], row["csat_mean"], row["csat_var"]),
                "csat_share": round(row["csat_good"] / row["csat_answers"], 4) if row["csat_answers"] else None,
                "csat_share_ci": wilson(row["csat_good"], row["csat_answers"]),
                "nps_answers": row["nps_answers"],
                "nps": nps,
                "nps_ci": nps_ci,
                "qa_graded": row["qa_graded"],
                "qa_mean": round(row["qa_mean"], 2) if row["qa_mean"] is not None else None,
                "graded_and_rated": row["both_n"],
                "graded_qa_mean": round(row["both_qa_mean"], 2) if row["both_qa_mean"] is not None else None,
                "graded_csat_mean": round(row["both_csat_mean"], 3) if row["both_csat_mean"] is not None else None,
            }
        )
    result: dict[str, Any] = {
        "status": "ok",
        "by": by,
        "calls": counts[0],
        "csat_answers": counts[1],
        "nps_answers": counts[2],
        "rows": rows,
        "qa_correlation": None,
    }
    if with_grades:
        result["qa_correlation"] = _qa_correlation(connection, where, calls)
    return result


def _calls_with_answers(connection: duckdb.DuckDBPyConnection, answers: Iterable[dict[str, Any]]) -> str:
    """The relation the report reads: ``calls``, or with answers given apart, ``calls`` with them filled in."""
    rows = [
        (row["vendor"], row["call_id"], row.get("csat"), row.get("nps"))
        for row in answers
        if row.get("call_id") and (row.get("csat") is not None or row.get("nps") is not None)
    ]
    if not rows:
        return "calls"
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE survey_answers (vendor VARCHAR, call_id VARCHAR, csat INTEGER, nps INTEGER)"
    )
    connection.executemany("INSERT INTO survey_answers VALUES (?, ?, ?, ?)", rows)
    return (
        "(SELECT c.* REPLACE (coalesce(c.csat, a.csat) AS csat, coalesce(c.nps, a.nps) AS nps) "
        "FROM calls c LEFT JOIN survey_answers a ON a.vendor = c.vendor AND a.call_id = c.call_id)"
    )


def _qa_correlation(connection: duckdb.DuckDBPyConnection, where: str, calls: str = "calls") -> dict[str, Any] | None:
    """Spearman's rank correlation of QA grade and CSAT over the calls that have both (None below 3)."""
    pairs = connection.execute(
        f"""SELECT g.qa, c.csat FROM {calls} c
            JOIN (SELECT vendor, call_id, avg(score) AS qa FROM qa_grades GROUP BY ALL) g USING (vendor, call_id)
            WHERE {where} AND c.csat IS NOT NULL"""
    ).fetchall()
    if len(pairs) < 3:
        return {"calls": len(pairs), "spearman": None, "p_value": None}
    from scipy.stats import spearmanr

    grades_, scores = zip(*pairs, strict=True)
    if len(set(grades_)) < 2 or len(set(scores)) < 2:
        return {"calls": len(pairs), "spearman": None, "p_value": None}
    statistic = spearmanr(grades_, scores)
    return {
        "calls": len(pairs),
        "spearman": round(float(statistic.statistic), 3),
        "p_value": round(float(statistic.pvalue), 4),
    }

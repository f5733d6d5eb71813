"""The cabinet's reports beyond call statistics, in one document: what customers call about (topics and
results), what they think of the service (survey beside QA), which advertising brings calls and orders
(channels). The web cabinet and the evaluation report show this document; the CLI prints its parts
with the same functions, so the numbers are the same everywhere."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from callscout.calls import channels, kpi, sales, survey, topics

if TYPE_CHECKING:
    from collections.abc import Iterable

    import duckdb

    from callscout.model.sources import CallSource


def report(
    connection: duckdb.DuckDBPyConnection,
    settings: kpi.KpiSettings,
    sources: list[CallSource],
    *,
    vendors: list[str] | None = None,
    period: kpi.Period = kpi.Period(),
    grades: Iterable[dict[str, Any]] = (),
    top: int = 10,
    answers: Iterable[dict[str, Any]] = (),
) -> dict[str, Any]:
    """Each part has ``status`` "ok" or "no_data" with a ``reason`` (see ``topics.NO_DATA_REASONS``).
    ``answers``: survey answers that came as live events (``survey.report``)."""
    grades = list(grades)
    answers = list(answers)
    return {
        "topics": topics.frequent_questions(connection, settings, vendors=vendors, period=period, top=top),
        "results": topics.breakdown(connection, settings, "result", vendors=vendors, period=period),
        "survey": {
            by: survey.report(connection, by, vendors=vendors, period=period, grades=grades, answers=answers)
            for by in ("vendor", "agent", "topic")
        },
        "channels": channels.report(connection, settings, sources, vendors=vendors, period=period),
        # The sales table summed per day and vendor: the report's view of it (the full table is a download).
        "sales_by_day": sales.report(
            connection, settings, sources, vendors=vendors, period=period, keys=("day", "vendor")
        ),
    }

"""Charts of the client cabinet's call indicators, drawn by the report's chart machinery (Vega-Lite ->
vl-convert SVG, checked for script before use). Rendering costs ~0.2 s a chart, so each distinct
chart is drawn once per process and language: the dashboard is polled, the data rarely changes."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from callscout.i18n import current_language, msg
from callscout.report.charts import _PALETTE, _chart


def breakdown_chart(rows: list[dict[str, Any]], by: str, *, limit: int = 40) -> str | None:
    """Offered calls as bars and the service level as a line, per hour of day, day or agent."""
    if not rows:
        return None
    if by == "agent":
        rows = sorted(rows, key=lambda row: -(row.get("answered") or 0))[:limit]
    data = [
        {
            # Hours stay numbers so that they sort 0..23, not as text.
            "key": row["key"] if by == "hour_of_day" else str(row["key"]),
            "offered": row.get("offered") or 0,
            "answered": row.get("answered") or 0,
            "service_level": row.get("service_level"),
        }
        for row in rows
    ]
    return _cached(json.dumps(data, ensure_ascii=False), by, current_language())


@lru_cache(maxsize=512)
def _cached(data_json: str, by: str, language: str) -> str | None:
    rows = json.loads(data_json)
    titles = {
        "hour_of_day": msg("report.call_charts.hour_of_day", language=language),
        "day": msg("report.call_charts.day", language=language),
        "agent": msg("report.call_charts.agent", language=language),
    }
    base = {"data": {"values": rows}, "width": 560 if by != "agent" else 480, "height": 200}
    if by == "agent":
        return _chart(
            {
                **base,
                "mark": {"type": "bar", "color": _PALETTE[0]},
                "encoding": {
                    "x": {"field": "key", "type": "nominal", "title": titles["agent"], "sort": "-y"},
                    "y": {
                        "field": "answered",
                        "type": "quantitative",
                        "title": msg("report.call_charts.answered", language=language),
                    },
                },
            }
        )
    x = {"field": "key", "type": "ordinal", "title": titles.get(by, by), "sort": "ascending"}
    bars = {
        "mark": {"type": "bar", "color": _PALETTE[0], "opacity": 0.6},
        "encoding": {
            "x": x,
            "y": {
                "field": "offered",
                "type": "quantitative",
                "title": msg("report.call_charts.calls_offered", language=language),
            },
        },
    }
    line = {
        "mark": {"type": "line", "color": _PALETTE[3], "point": True},
        "encoding": {
            "x": x,
            "y": {
                "field": "service_level",
                "type": "quantitative",
                "title": msg("report.call_charts.service_level", language=language),
                "axis": {"format": "%"},
                "scale": {"domain": [0, 1]},
            },
        },
    }
    return _chart({**base, "layer": [bars, line], "resolve": {"scale": {"y": "independent"}}})

"""Charts of the report as inline SVG (Vega-Lite specs drawn by vl-convert; the radar is drawn directly, Vega-Lite
has none).

Charts only show numbers that the result document already holds. Vendor names reach the SVG as text
nodes that vl-convert escapes; every chart is checked once more before it goes into the page.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import uuid
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from callscout.i18n import language, msg, number_locale, pick
from callscout.model.common import WEEKDAY_LABELS
from callscout.present.findings import said

if TYPE_CHECKING:
    from callscout.report.chart_worker import ChartWorker

_UNSAFE_SVG = re.compile(r"<\s*(script|foreignobject|iframe)|javascript:|\son\w+\s*=", re.IGNORECASE)
_PALETTE = ("#3b6fb6", "#e07b39", "#4a9d5b", "#c4453c", "#8a63b8", "#8c6d4f", "#d16ba5", "#6f7a8a")
# Shown on screen only: on paper the ranking table already gives the probabilities, and the print page's economics
# names report.html as the place of the cost-versus-volume curves; each chart only costs time there.
SCREEN_ONLY_CHARTS = frozenset({"probability", "cost_curves"})


# Every spec is a plain Vega-Lite dict: altair only built these dicts, and importing it cost a quarter of a
# second of every report. The view defaults and the schema are altair's, so that the SVG stays the same.
_VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
# Drawn charts kept in the workspace (CALLSCOUT_HOME/cache/charts), by the hash of what decides the picture:
# a report built again, the print page and the cabinet's pages reuse them instead of starting vl-convert's
# JavaScript engine (about half a CPU-second) and drawing each chart again (0.1-0.2 s each).
_CACHE_LIMIT = 400
# The charts each pipeline stage's section makes drawable (with the sections before it): sent to the chart
# worker as soon as the stage is done (``draw_ahead``). The radar is drawn in Python, not by vl-convert.
CHARTS_AFTER_STAGE: dict[str, tuple[str, ...]] = {
    "economics": ("cost_curves", "staffing"),
    "calls": ("kpi",),
    "scoring": ("scores", "probability"),
}
# The child process drawing this run's charts ahead (``drawing_ahead``); a context variable, so that the
# cabinet's builds in their own threads never share one.
_WORKER: ContextVar[ChartWorker | None] = ContextVar("callscout_chart_worker", default=None)
# Set while ``draw_ahead`` collects specs: ``_to_svg`` then records each spec instead of drawing it.
_COLLECTING: ContextVar[list[dict[str, Any]] | None] = ContextVar("callscout_chart_specs", default=None)


def _cache_folder() -> Path | None:
    from callscout.store import home_directory

    folder = home_directory() / "cache" / "charts"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only home: charts are drawn every time
        return None
    return folder


def _engine_versions() -> str:
    import vl_convert

    return f"{getattr(vl_convert, '__version__', '')}|{vl_convert.get_vegalite_versions()[-1]}"


def _cache_key(spec: dict[str, Any], locale: str) -> str:
    text = json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{_engine_versions()}|{locale}|{text}".encode()).hexdigest()


def _prune(folder: Path, pattern: str = "*.svg") -> None:
    """Keep the newest ``_CACHE_LIMIT`` files (charts, or the ``drawing_ahead`` markers; a hit refreshes a file's
    time)."""
    files = list(folder.glob(pattern))
    if len(files) <= _CACHE_LIMIT:
        return
    files.sort(key=lambda path: path.stat().st_mtime)
    for path in files[: len(files) - _CACHE_LIMIT]:
        path.unlink(missing_ok=True)


def _to_svg(spec: dict[str, Any]) -> str | None:
    collecting = _COLLECTING.get()
    if collecting is not None:
        collecting.append(spec)
        return None
    locale = number_locale()
    folder = _cache_folder()
    cached = folder / f"{_cache_key(spec, locale)}.svg" if folder is not None else None
    if cached is not None:
        try:
            svg = cached.read_text(encoding="utf-8")
            os.utime(cached)
        except OSError:
            svg = None
        if svg is not None:
            return None if _UNSAFE_SVG.search(svg) else svg
    worker = _WORKER.get()
    svg = worker.result(_cache_key(spec, locale)) if worker is not None else None
    if svg is None:  # not drawn ahead (or the child failed): drawn here
        import vl_convert

        svg = vl_convert.vegalite_to_svg(spec, format_locale=locale)
    if _UNSAFE_SVG.search(svg):
        return None
    if cached is not None:
        # A name of its own: the cabinet's threads may draw the same chart at the same time.
        partial = cached.with_name(f"{cached.stem}.{uuid.uuid4().hex}.part")
        try:
            partial.write_text(svg, encoding="utf-8")
            partial.replace(cached)
            _prune(cached.parent)
        except OSError:
            partial.unlink(missing_ok=True)
    return svg


@contextmanager
def drawing_ahead(inputs: str | None = None) -> Iterator[None]:
    """Within this block, ``draw_ahead`` has the charts missing from the cache drawn by a child process while the
    caller goes on (only where a second core runs it); ``build_charts`` then takes them from it.

    ``inputs`` (the evaluation as text, say) starts the child's engine at once, before any chart is known, when
    no block with the same inputs has ended here before: new data most likely makes new charts, and the engine's
    start-up (half a CPU-second) then overlaps the stages too. Data drawn before waits for its first miss."""
    from callscout.report.pdf_worker import parallel_worth_it

    if not parallel_worth_it() or _WORKER.get() is not None:
        yield
        return
    from callscout.report.chart_worker import ChartWorker

    worker = ChartWorker()  # its process starts with the first chart missing from the cache
    folder = _cache_folder()
    marker = None
    if inputs is not None and folder is not None:
        marker = folder / "drawn" / hashlib.sha256(f"{_engine_versions()}|{inputs}".encode()).hexdigest()
        if not marker.is_file():
            worker.start()
    token = _WORKER.set(worker)
    try:
        yield
    finally:
        _WORKER.reset(token)
        worker.close()
    if marker is not None:
        try:
            marker.parent.mkdir(exist_ok=True)
            marker.touch()
            _prune(marker.parent, "*")
        except OSError:
            pass


def drawn_ahead() -> bool:
    """Whether charts are drawn ahead here (inside ``drawing_ahead``, on a machine with a second core)."""
    return _WORKER.get() is not None


def draw_ahead(document: dict[str, Any], names: Collection[str]) -> None:
    """Send the charts ``names`` of ``document`` (as ``build_charts`` would draw them) that the cache lacks to the
    chart worker of the enclosing ``drawing_ahead``; nothing outside one. Returns at once."""
    worker = _WORKER.get()
    if worker is None or not names:
        return
    folder = _cache_folder()
    specs: list[dict[str, Any]] = []
    token = _COLLECTING.set(specs)
    try:
        with language(document.get("language", "ru")):
            build_charts(document, names=names)
            locale = number_locale()
    finally:
        _COLLECTING.reset(token)
    for spec in specs:
        key = _cache_key(spec, locale)
        if folder is None or not (folder / f"{key}.svg").is_file():
            worker.send(key, spec, locale)


def _chart(spec: dict[str, Any]) -> str | None:
    # The PDF has DejaVu (Cyrillic); a generic family may resolve to a different face per machine.
    data = {
        "$schema": _VEGA_LITE_SCHEMA,
        **spec,
        "config": {"font": "DejaVu Sans", "view": {"continuousHeight": 300, "continuousWidth": 300}},
    }
    return _to_svg(data)


def score_bars(scoring: dict[str, Any], group_names: dict[str, str]) -> str | None:
    """Each vendor's total as a bar made of its groups' contributions."""
    rows = []
    for vendor in scoring.get("vendors", []):
        by_group: dict[str, float] = {}
        for cid, cell in vendor["criteria"].items():
            group = next((c["group"] for c in scoring["criteria"] if c["id"] == cid), "")
            by_group[group] = by_group.get(group, 0.0) + cell["contribution"]
        for group, points in by_group.items():
            rows.append({"vendor": vendor["name"], "group": group_names.get(group, group), "points": round(points, 2)})
    if not rows:
        return None
    order = [vendor["name"] for vendor in scoring["vendors"]]
    return _chart(
        {
            "data": {"values": rows},
            "mark": {"type": "bar"},
            "encoding": {
                "y": {"field": "vendor", "type": "nominal", "sort": order, "title": None},
                "x": {
                    "field": "points",
                    "aggregate": "sum",
                    "type": "quantitative",
                    "title": msg("report.charts.points_out_of_100"),
                    "scale": {"domain": [0, 100]},
                },
                "color": {
                    "field": "group",
                    "type": "nominal",
                    "title": msg("report.charts.group"),
                    "scale": {"range": list(_PALETTE)},
                },
                "tooltip": [
                    {"field": "vendor", "type": "nominal"},
                    {"field": "group", "type": "nominal"},
                    {"field": "points", "type": "quantitative"},
                ],
            },
            "width": 520,
            "height": max(60, 22 * len(order)),
        }
    )


def probability_bars(scoring: dict[str, Any]) -> str | None:
    probabilities = scoring.get("monte_carlo", {}).get("probability_first", {})
    rows = [{"vendor": name, "p": value} for name, value in probabilities.items()]
    if len(rows) < 2:
        return None
    return _chart(
        {
            "data": {"values": rows},
            "mark": {"type": "bar", "color": _PALETTE[2]},
            "encoding": {
                "y": {"field": "vendor", "type": "nominal", "sort": "-x", "title": None},
                "x": {
                    "field": "p",
                    "type": "quantitative",
                    "title": msg("report.charts.probability_of_first_place"),
                    "axis": {"format": "%"},
                },
            },
            "width": 420,
            "height": max(60, 22 * len(rows)),
        }
    )


def _points(items: Any, label: str) -> list[dict[str, Any]]:
    """Read (volume, cost) pairs from whatever shape the economics stage gives a curve."""
    if isinstance(items, dict):
        items = items.get("points") or [
            {"calls_per_month": key, "monthly_cost_rub": value} for key, value in items.items()
        ]
    rows = []
    for point in items or []:
        if isinstance(point, list | tuple) and len(point) == 2:
            x, y = point
        elif isinstance(point, dict):
            x = next((point[k] for k in ("calls_per_month", "volume", "calls") if k in point), None)
            y = next((point[k] for k in ("monthly_cost_rub", "cost_rub", "cost") if k in point), None)
        else:
            continue
        try:
            rows.append({"calls": float(x), "cost": float(y), "offer": label})
        except (TypeError, ValueError):
            continue
    return rows


def cost_curves(economics: dict[str, Any] | None) -> str | None:
    curves = (economics or {}).get("curves")
    rows: list[dict[str, Any]] = []
    if isinstance(curves, dict) and isinstance(curves.get("offers"), dict) and curves.get("calls_per_month"):
        # The economics section's shape: one volume axis, each offer's (and in-house) costs along it.
        volumes = curves["calls_per_month"]
        series = {**curves["offers"], msg("report.charts.in_house"): curves.get("in_house") or []}
        for label, costs in series.items():
            rows += _points(list(zip(volumes, costs, strict=False)), str(label))
    elif isinstance(curves, dict):
        for label, items in curves.items():
            rows += _points(items, str(label))
    elif isinstance(curves, list):
        for curve in curves:
            if isinstance(curve, dict):
                label = " · ".join(str(curve[k]) for k in ("vendor", "offer") if curve.get(k)) or "?"
                rows += _points(curve.get("points"), label)
    if not rows:
        return None
    return _chart(
        {
            "data": {"values": rows},
            "mark": {"type": "line", "point": True},
            "encoding": {
                "x": {"field": "calls", "type": "quantitative", "title": msg("report.charts.calls_per_month")},
                "y": {"field": "cost", "type": "quantitative", "title": msg("report.charts.rub_per_month")},
                # Offers in the document's order ("№2" before "№10"), their names in full.
                "color": {
                    "field": "offer",
                    "type": "nominal",
                    "title": msg("report.charts.offer"),
                    "sort": None,
                    "legend": {"labelLimit": 300},
                },
            },
            "width": 560,
            "height": 300,
        }
    )


def _agents_by_hour(staffing: Any) -> list[float] | None:
    if isinstance(staffing, dict):
        for key in ("agents_by_hour", "agents", "scheduled_by_hour", "scheduled", "agents_by_interval"):
            values = staffing.get(key)
            if isinstance(values, list) and values and all(isinstance(v, int | float) for v in values):
                return [float(v) for v in values]
        intervals = staffing.get("intervals") or staffing.get("hours")
        if isinstance(intervals, list):
            values = [item.get("agents") for item in intervals if isinstance(item, dict)]
            if values and all(isinstance(v, int | float) for v in values):
                return [float(v) for v in values]
    return None


def staffing_by_hour(needs: dict[str, Any] | None, economics: dict[str, Any] | None, language: str) -> str | None:
    """Calls in each hour of the week and, when the staffing model ran, the operators it needs."""
    calls = (needs or {}).get("calls_per_hour_of_week")
    if not calls:
        return None
    days = [pick(ru, en, "en" if language == "en" else "ru") for ru, en in WEEKDAY_LABELS.values()]
    calls_label = msg("report.charts.calls_per_hour")
    agents_label = msg("report.charts.operators")
    rows = [{"hour": i, "value": value, "series": calls_label} for i, value in enumerate(calls)]
    agents = _agents_by_hour((economics or {}).get("staffing"))
    if agents and len(agents) == len(calls):
        rows += [{"hour": i, "value": value, "series": agents_label} for i, value in enumerate(agents)]
    axis = {"values": list(range(0, len(calls), 24)), "labelExpr": f"{list(days)}[floor(datum.value / 24)] || ''"}
    return _chart(
        {
            "data": {"values": rows},
            "mark": {"type": "line", "interpolate": "step-after"},
            "encoding": {
                "x": {
                    "field": "hour",
                    "type": "quantitative",
                    "title": msg("report.charts.hour_of_week"),
                    "axis": axis,
                },
                "y": {"field": "value", "type": "quantitative", "title": None},
                "color": {"field": "series", "type": "nominal", "title": None},
            },
            "width": 640,
            "height": 220,
        }
    )


def kpi_bars(calls: dict[str, Any] | None) -> str | None:
    """Service level, abandon rate and ASA side by side, with one column of vendor names: every panel has
    the same rows in the same order, so the names are written once (easier to read, and a third of the text
    to draw in the PDF)."""
    vendors = (calls or {}).get("vendors")
    if not isinstance(vendors, dict) or not vendors:
        return None
    metrics = {
        "service_level": msg("report.charts.service_level"),
        "abandon_rate": msg("report.charts.abandon_rate"),
        "asa_s": msg("report.charts.asa_s"),
    }
    names = [str(name) for name in vendors]
    charts = []
    for key, title in metrics.items():
        rows = [
            {"vendor": str(name), "value": float(kpis[key])}
            for name, kpis in vendors.items()
            if isinstance(kpis, dict) and isinstance(kpis.get(key), int | float)
        ]
        if rows:
            axis = {"format": "%"} if key != "asa_s" else {}
            vendor_axis = {"labelLimit": 220} if not charts else None
            charts.append(
                {
                    "data": {"values": rows},
                    "mark": {"type": "bar", "color": _PALETTE[len(charts)]},
                    "encoding": {
                        "y": {
                            "field": "vendor",
                            "type": "nominal",
                            "title": None,
                            "scale": {"domain": names},
                            "axis": vendor_axis,
                        },
                        "x": {"field": "value", "type": "quantitative", "title": title, "axis": axis},
                    },
                    "width": 180,
                    "height": max(40, 22 * len(names)),
                }
            )
    if not charts:
        return None
    return _chart({"hconcat": charts, "spacing": 14})


def radar(scoring: dict[str, Any], group_names: dict[str, str], limit: int = 6) -> str | None:
    """Group scores (0-100) of the leading vendors on one radar."""
    vendors = [vendor for vendor in scoring.get("vendors", []) if vendor.get("group_scores")][:limit]
    groups = [
        group for group in group_names if any(vendor["group_scores"].get(group) is not None for vendor in vendors)
    ]
    if len(groups) < 3 or not vendors:
        return None
    # Room on the left for long group names; the legend sits on the right.
    size, left, center, radius = 420, 340, 210, 150
    legend_x = left + size - 150
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{legend_x + 240}" height="{size}" role="img">']

    def point(index: int, share: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / len(groups)
        return left + radius * share * math.cos(angle), center + radius * share * math.sin(angle)

    for ring in (0.25, 0.5, 0.75, 1.0):
        ring_points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(len(groups))))
        parts.append(f'<polygon points="{ring_points}" fill="none" stroke="#d8dde6"/>')
    for index, group in enumerate(groups):
        x, y = point(index, 1.12)
        anchor = "middle" if abs(x - left) < 10 else ("start" if x > left else "end")
        parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="11" font-family="DejaVu Sans, sans-serif" '
            f'text-anchor="{anchor}">{escape(group_names[group])}</text>'
        )
    for number, vendor in enumerate(vendors):
        color = _PALETTE[number % len(_PALETTE)]
        shares = [(vendor["group_scores"].get(group) or 0.0) / 100 for group in groups]
        polygon = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, s) for i, s in enumerate(shares)))
        parts.append(
            f'<polygon points="{polygon}" fill="{color}" fill-opacity="0.12" stroke="{color}" stroke-width="2"/>'
        )
        parts.append(f'<rect x="{legend_x + 10}" y="{20 + number * 20}" width="12" height="12" fill="{color}"/>')
        parts.append(
            f'<text x="{legend_x + 28}" y="{30 + number * 20}" font-size="11" font-family="DejaVu Sans, sans-serif">'
            f"{escape(str(vendor['name']))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def build_charts(
    document: dict[str, Any], names: Collection[str] | None = None, skip: Collection[str] = ()
) -> dict[str, str]:
    """Every chart the document has data for (or only those in ``names``, less those in ``skip``), by name;
    a chart that fails is left out, never the report."""
    scoring = document.get("scoring") or {}
    group_names = {group["id"]: said(group["name"]) for group in scoring.get("groups", [])}
    language = document.get("language", "ru")
    builders = {
        "scores": lambda: score_bars(scoring, group_names) if scoring else None,
        "probability": lambda: probability_bars(scoring) if scoring else None,
        "radar": lambda: radar(scoring, group_names) if scoring else None,
        "cost_curves": lambda: cost_curves(document.get("economics")),
        "staffing": lambda: staffing_by_hour(document.get("needs"), document.get("economics"), language),
        "kpi": lambda: kpi_bars(document.get("calls")),
    }
    charts = {}
    for name, build in builders.items():
        if (names is not None and name not in names) or name in skip:
            continue
        try:
            svg = build()
        except Exception:  # noqa: BLE001 - a chart is an illustration; the tables carry the same numbers
            svg = None
        if svg:
            charts[name] = svg
    return charts

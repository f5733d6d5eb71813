"""The report's charts: Vega-Lite dicts drawn by vl-convert once, then reused from the workspace's chart cache."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import vl_convert

from callscout.i18n import language
from callscout.report import charts
from callscout.scoring import score_document
from tests.scoring_docs import VendorSpec, document_for


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    specs = [
        VendorSpec("Альфа", monthly_cost=150_000, service_level=0.82),
        VendorSpec("Бета", monthly_cost=210_000, service_level=0.74, privacy="fail"),
        VendorSpec("Гамма", monthly_cost=230_000, service_level=None),
    ]
    scored, evaluation = document_for(specs)
    scored["scoring"] = score_document(scored, evaluation)
    scored["sections"].append("scoring")
    return scored


def _refuse(*args: Any, **kwargs: Any) -> str:
    raise AssertionError("vl-convert was asked to draw a chart the cache holds")


def test_charts_are_drawn_once_and_reused_from_the_workspace(
    document: dict[str, Any], monkeypatch: pytest.MonkeyPatch, _isolated_home: Path
) -> None:
    with language("ru"):
        first = charts.build_charts(document)
    assert {"scores", "cost_curves", "staffing", "kpi"} <= set(first)
    assert all(svg.lstrip().startswith("<svg") for svg in first.values())
    cached = sorted((_isolated_home / "cache" / "charts").glob("*.svg"))
    assert len(cached) == len(first) - ("radar" in first)  # the radar is drawn in Python, never by vl-convert

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", _refuse)
    with language("ru"):
        assert charts.build_charts(document) == first
    # English labels and number formats are another picture: drawn (here refused, so left out), not reused.
    with language("en"):
        english = charts.build_charts(dict(document, language="en"))
    assert "scores" not in english and "kpi" not in english


def test_a_tampered_cached_chart_is_not_shown(
    document: dict[str, Any], monkeypatch: pytest.MonkeyPatch, _isolated_home: Path
) -> None:
    with language("ru"):
        assert charts.build_charts(document, names=["scores"])
    (cached,) = (_isolated_home / "cache" / "charts").glob("*.svg")
    cached.write_text('<svg onload="alert(1)"></svg>', encoding="utf-8")
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", _refuse)
    with language("ru"):
        assert charts.build_charts(document, names=["scores"]) == {}


def test_the_chart_cache_keeps_the_newest_charts_only(
    document: dict[str, Any], monkeypatch: pytest.MonkeyPatch, _isolated_home: Path
) -> None:
    monkeypatch.setattr(charts, "_CACHE_LIMIT", 2)
    with language("ru"):
        drawn = charts.build_charts(document, skip=["radar"])
    assert len(drawn) > 2
    assert len(list((_isolated_home / "cache" / "charts").glob("*.svg"))) == 2


def test_an_unwritable_workspace_still_gets_its_charts(
    document: dict[str, Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.write_text("a file where the home folder should be", encoding="utf-8")
    monkeypatch.setenv("CALLSCOUT_HOME", str(home))
    with language("ru"):
        assert "scores" in charts.build_charts(document, names=["scores"])


def test_a_report_without_pdf_imports_no_altair(document: dict[str, Any], tmp_path: Path) -> None:
    """The specs are written as dicts: altair (a quarter of a second to import) is not loaded by a report."""
    source = tmp_path / "document.json"
    source.write_text(json.dumps(document, ensure_ascii=False, default=str), encoding="utf-8")
    script = (
        "import json, sys; from pathlib import Path; from callscout.report.render import write_reports; "
        f"document = json.loads(Path({str(source)!r}).read_text(encoding='utf-8')); "
        f"write_reports(document, Path({str(tmp_path)!r}) / 'out'); "
        "print(sorted(name for name in ('altair', 'weasyprint', 'fastapi') if name in sys.modules))"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "[]"
    assert (tmp_path / "out" / "report.html").read_text(encoding="utf-8").count("<svg") >= 4


def test_charts_drawn_ahead_by_the_chart_worker_are_the_charts_drawn_here(
    document: dict[str, Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The child process draws with the same vl-convert, spec and locale: the report gets the same SVG, and this
    process never starts the engine."""
    from callscout.report import chart_worker, pdf_worker

    with language("ru"):
        here = charts.build_charts(document)
    monkeypatch.setenv("CALLSCOUT_HOME", str(tmp_path / "fresh-home"))  # an empty chart cache
    monkeypatch.setattr(pdf_worker, "parallel_worth_it", lambda: True)  # a second core, whatever this machine has
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", _refuse)
    started: list[chart_worker.ChartWorker] = []
    original_start = chart_worker.ChartWorker._start

    def start(worker: chart_worker.ChartWorker) -> None:
        started.append(worker)
        original_start(worker)

    monkeypatch.setattr(chart_worker.ChartWorker, "_start", start)
    with charts.drawing_ahead():
        assert not started  # no inputs named: the child starts with the first chart missing from the cache
        charts.draw_ahead(document, ["cost_curves", "staffing", "kpi", "scores", "probability"])
        assert len(started) == 1
        with language("ru"):
            ahead = charts.build_charts(document)
    assert ahead == here
    assert started[0]._process is not None and started[0]._process.poll() is not None  # the child has ended
    # Outside a block nothing is drawn ahead, and the cache now holds every chart.
    with language("ru"):
        assert charts.build_charts(document) == here


def test_new_inputs_start_the_chart_engine_at_once_known_ones_wait_for_a_miss(
    monkeypatch: pytest.MonkeyPatch, _isolated_home: Path
) -> None:
    from callscout.report import chart_worker, pdf_worker

    monkeypatch.setattr(pdf_worker, "parallel_worth_it", lambda: True)
    started: list[bool] = []
    monkeypatch.setattr(chart_worker.ChartWorker, "_start", lambda worker: started.append(True))
    with charts.drawing_ahead("evaluation A"):
        assert started == [True]
    with charts.drawing_ahead("evaluation A"):
        pass
    with charts.drawing_ahead("evaluation B"):
        pass
    assert started == [True, True]


def test_a_chart_worker_that_cannot_draw_leaves_the_chart_to_this_process(
    document: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from callscout.report import chart_worker, pdf_worker

    monkeypatch.setattr(pdf_worker, "parallel_worth_it", lambda: True)

    def broken_start(worker: chart_worker.ChartWorker) -> None:
        raise OSError("no interpreter")

    monkeypatch.setattr(chart_worker.ChartWorker, "_start", broken_start)
    with charts.drawing_ahead("evaluation"):
        charts.draw_ahead(document, ["scores"])
        with language("ru"):
            drawn = charts.build_charts(document, names=["scores"])
    assert drawn["scores"].lstrip().startswith("<svg")

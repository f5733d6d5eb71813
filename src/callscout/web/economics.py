"""Economics in the cabinet: offers priced on the buyer's workload, cost against volume, staffing by
hour and the schedules compared (24/7 against the buyer's hours, with the calls each one loses).

Everything is the core's ``economics_section``; the tables are the report's own economics section and
the charts the report's SVG charts, so the cabinet and the report can never disagree.
"""

from __future__ import annotations

import asyncio
import contextvars
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from callscout.accounts import Role
from callscout.economics.stage import economics_for
from callscout.i18n import current_language
from callscout.inputs import needs_section
from callscout.model import Evaluation
from callscout.report.charts import cost_curves, staffing_by_hour
from callscout.report.render import render_template
from callscout.store import Store
from callscout.web.cabinet import Cabinet


def economics_view(evaluation: Evaluation, store: Store) -> dict[str, Any]:
    """The needs and economics sections as the pipeline builds them, with their charts and tables."""
    economics = economics_for(evaluation)
    document: dict[str, Any] = {
        "sections": ["needs", "economics"],
        "language": current_language(),
        "needs": needs_section(evaluation.needs),
        "economics": economics,
    }
    charts = {
        "cost_curves": cost_curves(economics),
        "staffing": staffing_by_hour(document["needs"], economics, document["language"]),
    }
    tables = render_template("sections/economics.html.j2", doc=document, lang=document["language"])
    return {
        "economics": economics,
        "needs": document["needs"],
        # Our own SVG (charts.py refuses scripts in it) and the report's autoescaped section.
        "charts": {name: Markup(svg) for name, svg in charts.items() if svg},
        "tables": Markup(tables),
    }


ORDER = 30  # this area's place among the cabinet's routes (web.app.AREAS)


def register(app: FastAPI, cabinet: Cabinet) -> None:
    @app.get("/e/{evaluation_id}/economics", response_class=HTMLResponse)
    async def economics_page(request: Request, evaluation_id: int) -> Response:
        web_session = cabinet.require_session(request)
        evaluation, role = cabinet.evaluation_for(web_session, evaluation_id, Role.VIEWER)
        # Staffing and the charts take a second or two: off the event loop, in the user's language.
        view = await asyncio.to_thread(contextvars.copy_context().run, economics_view, evaluation, cabinet.store)
        return cabinet.render(
            request, "economics.html", evaluation=evaluation, evaluation_id=evaluation_id, role=role, **view
        )

"""The pipeline stage: adds the ``economics`` section to the result document."""

from __future__ import annotations

from typing import Any

from callscout.errors import CallScoutError
from callscout.model import Evaluation
from callscout.model.run import RunContext


def empty_section(error: str) -> dict[str, Any]:
    """Same keys as a full section, so that readers never meet a missing key."""
    return {
        "error": error,
        "offers": [],
        "best_offer_by_vendor": {},
        "staffing": {},
        "schedules": [],
        "in_house": {},
        "break_even": [],
        "curves": {},
        "workload": {},
        "notes": [],
    }


def economics_stage(context: RunContext, _document: Any) -> dict[str, Any]:
    return economics_for(context.evaluation)


def economics_for(evaluation: Evaluation) -> dict[str, Any]:
    """The economics section of an evaluation (the pipeline's and the cabinet's page)."""
    from callscout.economics.analysis import economics_section

    try:
        return economics_section(evaluation)
    except CallScoutError as error:
        # The buyer's numbers cannot be staffed (e.g. an unreachable target): say so, keep the run.
        return empty_section(str(error))

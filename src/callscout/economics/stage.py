"""The pipeline stage: adds the ``economics`` section to the result document."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from callscout.errors import CallScoutError

if TYPE_CHECKING:
    from callscout.pipeline import PipelineContext


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


def economics_stage(context: PipelineContext, document: dict[str, Any]) -> None:
    from callscout.economics.analysis import economics_section

    document["sections"].append("economics")
    try:
        document["economics"] = economics_section(context.evaluation)
    except CallScoutError as error:
        # The buyer's numbers cannot be staffed (e.g. an unreachable target): say so, keep the run.
        document["economics"] = empty_section(str(error))

"""Scoring: the criteria of the seed article, weights, ranking, knock-outs and how sure the choice is."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from callscout.scoring.criteria import CRITERIA, GROUPS, Criterion
from callscout.scoring.engine import score_document
from callscout.scoring.weights import PRESETS, ahp_weights, resolve_weights

if TYPE_CHECKING:
    from callscout.pipeline import PipelineContext


def scoring_stage(context: PipelineContext, document: dict[str, Any]) -> None:
    """The last pipeline stage: everything the other stages found becomes one ranked, explained choice."""
    document["scoring"] = score_document(document, context.evaluation)
    document["sections"].append("scoring")


__all__ = [
    "CRITERIA",
    "GROUPS",
    "PRESETS",
    "Criterion",
    "ahp_weights",
    "resolve_weights",
    "score_document",
    "scoring_stage",
]

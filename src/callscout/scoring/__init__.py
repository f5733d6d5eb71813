"""Scoring: the criteria of the seed article, weights, ranking, knock-outs and how sure the choice is."""

from __future__ import annotations

from typing import Any

from callscout.i18n import Msg
from callscout.model import Evidence, Finding, Severity, Status
from callscout.model.findings import KeyedText
from callscout.model.result import ResultDocument
from callscout.model.run import RunContext
from callscout.scoring.criteria import CRITERIA, GROUPS, Criterion
from callscout.scoring.engine import score_document
from callscout.scoring.weights import PRESETS, ahp_weights, resolve_weights


def scoring_stage(context: RunContext, document: ResultDocument) -> dict[str, Any]:
    """The last pipeline stage: everything the other stages found (``document``, the result so far) becomes one
    ranked, explained choice."""
    scoring = score_document(document, context.evaluation)
    summary = {key: scoring[key] for key in ("winner", "ranking", "disqualified", "margin_points")}
    summary["confidence"] = scoring["confidence"]["level"]
    context.store.record_run(
        "scoring",
        context.evaluation.name,
        red_flag_findings(scoring),
        summary=summary,
        evaluation_id=context.evaluation_id,
    )
    return scoring


def red_flag_findings(scoring: dict[str, Any]) -> list[Finding]:
    """The red flags of every vendor as findings, so the run history shows why a vendor lost or was excluded."""
    findings = []
    for vendor in scoring["vendors"]:
        for flag in vendor["red_flags"]:
            evidence = [
                Evidence(
                    url=item.get("url") if isinstance(item.get("url"), str) else None,
                    excerpt=_bounded(item.get("excerpt")),
                    value=item.get("value") if isinstance(item.get("value"), str | int | float | bool) else None,
                )
                for item in flag["evidence"]
            ]
            try:
                severity = Severity(flag["severity"])
            except ValueError:
                severity = Severity.HIGH
            findings.append(
                Finding(
                    check="scoring",
                    status=Status.FAIL if flag["severity"] == "critical" else Status.WARN,
                    severity=severity,
                    # The flag's text kept with its key (a ``Msg`` joined): the run history reads it in any language.
                    message=str(vendor["name"]) + ": " + flag["text"],
                    code="knock_out" if flag["severity"] == "critical" else flag.get("criterion", "red_flag"),
                    evidence=evidence,
                )
            )
    return findings


def _bounded(excerpt: Any) -> Any:
    """An evidence excerpt as a finding keeps it: a kept catalogue text as such, anything else cut to 500."""
    if excerpt is None or isinstance(excerpt, Msg | KeyedText):
        return excerpt
    return str(excerpt)[:500]


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

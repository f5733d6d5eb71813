"""JSON Schema of ``report.json``: the stable contract for machines reading CallScout's result.

The sections of other stages are described loosely (objects keyed by vendor); the scoring section,
which carries the decision, is described field by field.
"""

from __future__ import annotations

import json
from typing import Any

_EVIDENCE = {
    "type": "object",
    "description": "Where a person can check: a page, the words on it, the value read",
    "properties": {
        "url": {"type": ["string", "null"]},
        "excerpt": {"type": ["string", "null"]},
        "value": {},
    },
}
_NULLABLE_NUMBER = {"type": ["number", "null"]}

_CELL = {
    "type": "object",
    "description": "One criterion for one vendor",
    "required": ["value", "display", "score", "used_score", "imputed", "counted", "weight", "contribution", "evidence"],
    "properties": {
        "value": {
            **_NULLABLE_NUMBER,
            "description": "Raw value (hours, years, roubles, 1/0 for yes/no); null: unknown",
        },
        "display": {"type": "string", "description": "The raw value as a person reads it"},
        "score": {**_NULLABLE_NUMBER, "description": "Score 0..1 on the criterion's fixed scale; null: unknown"},
        "used_score": {**_NULLABLE_NUMBER, "description": "Score the ranking used after the missing-data policy"},
        "imputed": {"type": "boolean", "description": "True when used_score was filled in by the missing-data policy"},
        "counted": {"type": "boolean", "description": "False when the criterion is excluded for this vendor"},
        "applicable": {"type": "boolean"},
        "weight": {"type": "number"},
        "contribution": {"type": "number", "description": "Points of the total (0..100) this criterion gave"},
        "source": {"type": "string", "description": "Path of the value in this document"},
        "note": {"type": ["string", "null"], "description": "Why the value is unknown"},
        "evidence": {"type": "array", "items": _EVIDENCE},
    },
}

_VENDOR = {
    "type": "object",
    "required": ["name", "rank", "eligible", "total", "criteria", "knockouts", "red_flags", "questions"],
    "properties": {
        "name": {"type": "string"},
        "rank": {"type": ["integer", "null"], "description": "1 = best; null when disqualified"},
        "eligible": {"type": "boolean", "description": "False when a knock-out rule disqualified the vendor"},
        "status": {
            "enum": ["admitted", "unchecked", "excluded"],
            "description": "admitted: every knock-out clear with evidence; unchecked: some knock-out unknown "
            "(ranked on condition the check passes); excluded: a knock-out applies",
        },
        "status_label": {"type": "string"},
        "conditional": {"type": "boolean", "description": "The rank holds only if the unchecked knock-outs pass"},
        "total": {"type": "number", "minimum": 0, "maximum": 100, "description": "Weighted sum, points of 100"},
        "total_range": {
            "type": ["array", "null"],
            "items": {"type": "number"},
            "description": "[worst, best] total over every applicable criterion, the unknowns at the scale's ends",
        },
        "group_scores": {"type": "object", "additionalProperties": _NULLABLE_NUMBER},
        "completeness": {"type": "number", "description": "Share of the applicable criteria weight that is known"},
        "probability_first": {"type": "number", "description": "Monte Carlo probability of ranking first"},
        "criteria": {"type": "object", "additionalProperties": _CELL, "description": "By criterion id"},
        "knockouts": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["rule", "name", "status"],
                "properties": {
                    "rule": {"type": "string"},
                    "name": {"type": "string"},
                    "status": {"enum": ["knocked_out", "clear", "unknown"], "description": "clear only with evidence"},
                    "evidence": {"type": "array", "items": _EVIDENCE},
                    "note": {"type": ["string", "null"], "description": "Why it is unknown"},
                    "check": {"type": ["string", "null"], "description": "site, legal, questionnaire or data"},
                    "action": {"type": ["string", "null"], "description": "The command that settles an unknown"},
                },
            },
        },
        "red_flags": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["text", "severity", "evidence"],
                "properties": {
                    "text": {"type": "string"},
                    "severity": {"type": "string"},
                    "criterion": {"type": "string"},
                    "evidence": {"type": "array", "items": _EVIDENCE},
                },
            },
        },
        "questions": {
            "type": "array",
            "description": "What to ask the vendor before signing, from unknowns and warnings",
            "items": {
                "type": "object",
                "required": ["text", "reason"],
                "properties": {
                    "criterion": {"type": ["string", "null"]},
                    "reason": {"enum": ["unknown", "weak", "warning", "knockout_unknown"]},
                    "text": {"type": "string"},
                },
            },
        },
    },
}

_TIPPING = {
    "type": ["object", "null"],
    "properties": {"weight": {"type": "number"}, "change": _NULLABLE_NUMBER, "new_winner": {"type": "string"}},
}

SCORING_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["preset", "criteria", "vendors", "ranking", "winner", "cross_checks", "sensitivity", "monte_carlo"],
    "properties": {
        "preset": {"enum": ["orders", "consultations", "support"]},
        "weights_source": {"enum": ["preset", "file", "ahp"]},
        "warnings": {"type": "array", "items": {"type": "string"}},
        "groups": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "weight": {"type": "number"}},
            },
        },
        "ahp": {
            "type": ["object", "null"],
            "properties": {
                "items": {"type": "array", "items": {"type": "string"}},
                "matrix": {"type": "array", "items": {"type": "array", "items": {"type": "number"}}},
                "weights": {"type": "object", "additionalProperties": {"type": "number"}},
                "lambda_max": {"type": "number"},
                "consistency_index": {"type": "number"},
                "consistency_ratio": {
                    "type": "number",
                    "description": "Saaty's CR; above 0.1 the judgements are inconsistent",
                },
                "consistent": {"type": "boolean"},
            },
        },
        "criteria": {
            "type": "array",
            "description": "The catalogue: every criterion of the seed article",
            "items": {
                "type": "object",
                "required": ["id", "name", "group", "direction", "how", "weight", "missing_policy", "scale", "status"],
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "name_ru": {"type": "string"},
                    "name_en": {"type": "string"},
                    "group": {"type": "string"},
                    "direction": {"enum": ["benefit", "cost"]},
                    "how": {"type": "string", "description": "How the raw value is computed from the sections"},
                    "weight": {"type": "number"},
                    "missing_policy": {"enum": ["worst", "median", "exclude"]},
                    "missing_policy_label": {"type": "string"},
                    "scale": {
                        "type": "array",
                        "items": {"type": "number"},
                        "minItems": 2,
                        "maxItems": 2,
                        "description": "Fixed floor and ceiling of the raw value",
                    },
                    "unit": {"type": "string"},
                    "article": {"type": "string", "description": "The seed article's words this criterion implements"},
                    "status": {"enum": ["used", "no_data", "not_applicable"]},
                },
            },
        },
        "vendors": {
            "type": "array",
            "items": _VENDOR,
            "description": "Eligible vendors by rank, then the disqualified",
        },
        "ranking": {"type": "array", "items": {"type": "string"}},
        "disqualified": {"type": "array", "items": {"type": "string"}},
        "winner": {"type": ["string", "null"]},
        "margin_points": _NULLABLE_NUMBER,
        "cross_checks": {
            "type": "object",
            "properties": {
                "headline": {"type": "array", "items": {"type": "string"}},
                "agreement": {**_NULLABLE_NUMBER, "description": "Share of methods with the headline's winner"},
                "methods": {
                    "type": "object",
                    "additionalProperties": {
                        "type": "object",
                        "properties": {
                            "ranking": {"type": "array", "items": {"type": "string"}},
                            "kendall_tau": {"type": "number"},
                            "same_winner": {"type": "boolean"},
                            "error": {"type": "string"},
                        },
                    },
                },
            },
        },
        "sensitivity": {
            "type": "array",
            "description": "For each group and criterion weight: the weight at which the winner changes",
            "items": {
                "type": "object",
                "required": ["kind", "id", "weight", "down", "up"],
                "properties": {
                    "kind": {"enum": ["group", "criterion"]},
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "weight": {"type": "number"},
                    "down": _TIPPING,
                    "up": _TIPPING,
                    "closest_distance": _NULLABLE_NUMBER,
                },
            },
        },
        "monte_carlo": {
            "type": "object",
            "required": ["runs", "jitter", "seed", "probability_first"],
            "properties": {
                "runs": {"type": "integer"},
                "jitter": {"type": "number"},
                "seed": {"type": "integer"},
                "probability_first": {"type": "object", "additionalProperties": {"type": "number"}},
            },
        },
        "unknowns": {
            "type": "object",
            "description": "What the unknowns could do: each vendor's [worst, best] total, whether the winner could "
            "change and who would then come first",
            "properties": {
                "ranges": {"type": "object"},
                "open_weight": {"type": "object", "additionalProperties": {"type": "number"}},
                "winner_can_change": {"type": "boolean"},
                "knockout_can_change": {"type": "boolean"},
                "worst_case_winner": {"type": ["string", "null"]},
                "text": {"type": ["string", "null"]},
            },
        },
        "checks_to_run": {
            "type": "array",
            "description": "What to check before signing: unchecked knock-outs and criteria a check would settle",
            "items": {
                "type": "object",
                "required": ["vendor", "subject", "name", "knockout", "reason", "action"],
                "properties": {
                    "vendor": {"type": "string"},
                    "subject": {"type": "string"},
                    "name": {"type": "string"},
                    "knockout": {"type": "boolean"},
                    "check": {"type": ["string", "null"]},
                    "reason": {"type": ["string", "null"]},
                    "action": {"type": ["string", "null"]},
                },
            },
        },
        "confidence": {
            "type": "object",
            "properties": {
                "level": {"enum": ["high", "medium", "low", "none"]},
                "label": {"type": "string"},
                "probability_first": {"type": "number"},
                "reasons": {"type": "array", "items": {"type": "string"}},
            },
        },
    },
}

_BY_VENDOR = {"type": "object", "additionalProperties": {"type": ["object", "array", "null"]}}

REPORT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://callscout.example/schemas/report.schema.json",
    "title": "CallScout report",
    "description": "The result document of `callscout evaluate` / `callscout demo` (report.json).",
    "type": "object",
    "required": ["callscout_version", "generated_at", "language", "evaluation", "sections"],
    "properties": {
        "callscout_version": {"type": "string"},
        "generated_at": {"type": "string", "description": "ISO 8601 time of the run"},
        "language": {"enum": ["ru", "en"]},
        "evaluation": {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "buyer": {"type": ["string", "null"]},
                "file": {"type": ["string", "null"], "description": "The evaluation file the run read"},
            },
        },
        "sections": {"type": "array", "items": {"type": "string"}, "description": "Sections in pipeline order"},
        "needs": {"type": "object", "description": "The buyer's needs and the weekly call profile"},
        "vendors": {"type": "array", "items": {"type": "object", "required": ["name"]}},
        "audit": {**_BY_VENDOR, "description": "Website audit by vendor name"},
        "legal": {**_BY_VENDOR, "description": "Legal entity check by vendor name"},
        "economics": {"type": "object", "description": "Offers priced on the buyer's workload, staffing, curves"},
        "calls": {"type": "object", "description": "KPIs from imported call logs and SLA breaches"},
        "quality": {**_BY_VENDOR, "description": "Recording verdicts, QA averages, mystery shopper"},
        "scoring": SCORING_SCHEMA,
    },
}


def report_schema_text() -> str:
    return json.dumps(REPORT_SCHEMA, ensure_ascii=False, indent=2)

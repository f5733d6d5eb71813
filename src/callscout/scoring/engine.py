"""Scoring and ranking: the weighted sum (headline), cross-checks, knock-outs, sensitivity, Monte Carlo.

The headline is a plain weighted sum of fixed-scale scores, so each criterion's contribution is visible
and a person can redo the arithmetic. TOPSIS, VIKOR and PROMETHEE II (pymcdm) rank the same data as a
cross-check; where they disagree, the report says so.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from callscout.i18n import format_number, format_percent, msg, pick
from callscout.legal.registry import status_text
from callscout.model import Evaluation
from callscout.model.findings import revive
from callscout.model.result import LegalSection, ResultDocument
from callscout.model.scoring import KnockOut, ScoringSettings
from callscout.present.findings import stored_text
from callscout.scoring.criteria import (
    AUDIT_CHECK_CRITERION,
    BY_ID,
    CRITERIA,
    GROUPS,
    MISSING_POLICY_LABELS,
    Criterion,
    Measured,
    VendorView,
    check_action,
    legal_unknown_reason,
    sla_breach_summary,
)
from callscout.scoring.weights import resolve_weights

DEFAULT_KNOCKOUTS: tuple[str, ...] = ("no_privacy_policy", "liquidated_entity")
KNOCKOUT_RULES: dict[str, tuple[str, str]] = {
    "no_privacy_policy": ("нет политики конфиденциальности", "no privacy policy"),
    "liquidated_entity": (
        "юрлицо ликвидировано, ликвидируется или банкрот",
        "entity liquidated, liquidating or bankrupt",
    ),
    "legal_failed": ("юрлицо не подтверждено", "legal entity not verified"),
    "only_mobile_phone": ("только мобильный телефон", "mobile phone only"),
    "no_call_recordings": ("не записывает все разговоры", "does not record all calls"),
}
_INACTIVE_REGISTRY = {"LIQUIDATED", "LIQUIDATING", "BANKRUPT"}
_INACTIVE_FLAG_WORDS = ("liquidat", "bankrupt", "not_active", "inactive")
POOR_SCORE = 0.25


@dataclass
class Cell:
    measured: Measured
    score: float | None  # the fixed-scale score 0..1, None when unknown
    used: float | None  # the score the ranking uses after the missing-data policy; None: excluded
    imputed: bool


def score_document(document: ResultDocument | Mapping[str, Any], evaluation: Evaluation) -> dict[str, Any]:
    """The scoring section of ``document`` (the typed result document; a report.json as read back is validated
    into it first)."""
    if not isinstance(document, ResultDocument):
        document = ResultDocument.model_validate(document)
    settings = evaluation.scoring
    needs = evaluation.needs
    views = [VendorView.from_document(document, vendor, needs) for vendor in document.vendors or []]
    cells = {view.name: {item.id: _measure(item, view) for item in CRITERIA} for view in views}

    applicable = {item.id for item in CRITERIA if any(cells[view.name][item.id].applicable for view in views)}
    if not views:  # nothing to rank; the catalogue and weights are still shown
        applicable = {item.id for item in CRITERIA}
    with_data = {cid for cid in applicable if any(cells[view.name][cid].value is not None for view in views)}
    plan = resolve_weights(needs, settings, with_data or applicable)
    # Completeness is measured against every criterion that applies, data or not: a ranking that had
    # to leave out prices must not look complete.
    full_weights = resolve_weights(needs, settings, applicable).criterion_weights
    no_data = [item for item in CRITERIA if item.id in applicable and item.id not in with_data]
    if no_data:
        plan.warnings.append(
            msg("scoring.engine.no_candidate_has_data_for_these", names="; ".join(item.name for item in no_data))
        )
    used_ids = [cid for cid in (item.id for item in CRITERIA) if cid in plan.criterion_weights]
    weights = np.array([plan.criterion_weights[cid] for cid in used_ids])

    table = _score_cells(views, cells, used_ids, needs, settings)
    # What the ranking would be with every applicable criterion known: the basis of the best/worst case.
    applicable_ids = [item.id for item in CRITERIA if item.id in applicable]
    full_table = _score_cells(views, cells, applicable_ids, needs, settings)
    names = [view.name for view in views]
    scores = np.array(
        [[np.nan if table[name][cid].used is None else table[name][cid].used for cid in used_ids] for name in names]
    )
    scores = scores.reshape(len(names), len(used_ids))
    mask = ~np.isnan(scores)
    filled = np.where(mask, scores, 0.0)
    totals = _totals(filled, mask, weights[None, :])[:, 0] if names else np.zeros(0)

    knockouts = {view.name: _knockouts(view, table[view.name], settings) for view in views}
    source_file = document.evaluation.file
    for outcomes in knockouts.values():
        for outcome in outcomes:
            if outcome["status"] == "unknown":
                outcome["action"] = check_action(outcome.get("check"), source_file)
    eligible = [name for name in names if not any(item["status"] == "knocked_out" for item in knockouts[name])]
    order = sorted(names, key=lambda name: (name not in eligible, -totals[names.index(name)], name))
    eligible_index = [names.index(name) for name in eligible]
    ranking = [name for name in order if name in eligible]

    sub_filled, sub_mask = filled[eligible_index], mask[eligible_index]
    sensitivity = _sensitivity(sub_filled, sub_mask, weights, used_ids, eligible)
    known_full = np.array(
        [
            [np.nan if full_table[name][cid].score is None else full_table[name][cid].score for cid in applicable_ids]
            for name in eligible
        ]
    ).reshape(len(eligible), len(applicable_ids))
    counted_full = np.array(
        [[full_table[name][cid].measured.applicable for cid in applicable_ids] for name in eligible], dtype=bool
    ).reshape(len(eligible), len(applicable_ids))
    weights_full = np.array([full_weights.get(cid, 0.0) for cid in applicable_ids])
    unchecked = {name: [item["name"] for item in knockouts[name] if item["status"] == "unknown"] for name in eligible}
    completeness = {name: _known_weight(full_table[name], applicable_ids, full_weights) for name in names}
    decision = decide(
        eligible,
        sub_filled,
        sub_mask,
        weights,
        settings,
        known_full=known_full,
        counted_full=counted_full,
        weights_full=weights_full,
        unchecked_knockouts=unchecked,
        completeness=completeness,
    )
    monte_carlo, cross_checks = decision["monte_carlo"], decision["cross_checks"]
    ranges = decision["unknowns"]["ranges"]

    vendors_out = []
    for name in order:
        index = names.index(name)
        view = views[index]
        denominator = float(
            sum(w for cid, w in zip(used_ids, weights, strict=True) if table[name][cid].used is not None)
        )
        criteria_out = {}
        group_points: dict[str, list[float]] = {}
        for cid, weight in zip(used_ids, weights, strict=True):
            cell = table[name][cid]
            contribution = (weight * cell.used / denominator * 100) if cell.used is not None and denominator else 0.0
            criteria_out[cid] = _cell_json(cell, weight, contribution)
            group = BY_ID[cid].group
            if cell.used is not None:
                group_points.setdefault(group, []).extend([weight * cell.used, weight])
        group_scores = {
            group: round(100 * sum(values[0::2]) / sum(values[1::2]), 1) if sum(values[1::2]) else None
            for group, values in group_points.items()
        }
        status = _vendor_status(knockouts[name])
        vendors_out.append(
            {
                "name": name,
                "rank": order.index(name) + 1 if name in eligible else None,
                "eligible": name in eligible,
                "status": status,
                "status_label": pick(*VENDOR_STATUS_LABELS[status]),
                # Ranked only on condition that the unchecked knock-outs come out clear.
                "conditional": status == "unchecked",
                "total": round(float(totals[index]) * 100, 2),
                "total_range": ranges.get(name),
                "group_scores": group_scores,
                "completeness": round(completeness[name], 3),
                "knockouts": knockouts[name],
                "criteria": criteria_out,
                "red_flags": _red_flags(view, table[name], used_ids, knockouts[name]),
                "questions": _questions(view, table[name], applicable, knockouts[name], full_weights),
                "probability_first": monte_carlo["probability_first"].get(name, 0.0) if name in eligible else 0.0,
            }
        )

    winner = ranking[0] if ranking else None
    margin = None
    if len(ranking) >= 2:
        margin = round(float(totals[names.index(ranking[0])] - totals[names.index(ranking[1])]) * 100, 2)
    return {
        "preset": plan.preset,
        "weights_source": plan.group_source,
        "warnings": plan.warnings,
        "groups": [
            {"id": group, "name": pick(*label), "weight": round(plan.group_weights.get(group, 0.0), 4)}
            for group, label in GROUPS.items()
        ],
        "ahp": _ahp_json(plan.ahp),
        "criteria": [
            _criterion_json(item, plan.criterion_weights, applicable, with_data, needs, settings) for item in CRITERIA
        ],
        "vendors": vendors_out,
        "ranking": ranking,
        "disqualified": [name for name in order if name not in eligible],
        "winner": winner,
        "margin_points": margin,
        "cross_checks": cross_checks,
        "sensitivity": sensitivity,
        "monte_carlo": monte_carlo,
        "unknowns": decision["unknowns"],
        "checks_to_run": checks_to_run(vendors_out, full_table, applicable_ids, ranking, source_file),
        "confidence": decision["confidence"],
    }


# --- cells ----------------------------------------------------------------------------------------------


def _measure(item: Criterion, view: VendorView) -> Measured:
    try:
        measured = item.extract(view)
        if measured.value is not None and not math.isfinite(measured.value):
            return Measured(None, "—", measured.evidence, measured.source, note=msg("scoring.engine.not_number"))
        return measured
    except Exception as error:  # noqa: BLE001 - one malformed section must not stop the scoring
        return Measured(
            None,
            "—",
            source=item.id,
            note=msg("scoring.engine.could_not_read_data", error=error)[:300],
        )


def _score_cells(
    views: list[VendorView],
    cells: dict[str, dict[str, Measured]],
    used_ids: list[str],
    needs: Any,
    settings: ScoringSettings | None,
) -> dict[str, dict[str, Cell]]:
    table: dict[str, dict[str, Cell]] = {view.name: {} for view in views}
    for cid in used_ids:
        item = BY_ID[cid]
        bounds = item.bounds(needs, settings)
        known: list[float] = []
        for view in views:
            measured = cells[view.name][cid]
            score = item.score(measured.value, bounds) if measured.value is not None else None
            table[view.name][cid] = Cell(measured, score, score, False)
            if score is not None:
                known.append(score)
        median = float(np.median(known)) if known else None
        for view in views:
            cell = table[view.name][cid]
            if cell.score is not None or not cell.measured.applicable:
                if not cell.measured.applicable:
                    cell.used = None
                continue
            if item.missing == "worst":
                cell.used, cell.imputed = 0.0, True
            elif item.missing == "median" and median is not None:
                cell.used, cell.imputed = median, True
            else:
                cell.used = None
    return table


def _totals(filled: np.ndarray, mask: np.ndarray, weight_rows: np.ndarray) -> np.ndarray:
    """Weighted sums for many weight vectors at once: (vendors x criteria) with (K x criteria) -> vendors x K.

    Each vendor is scored over the criteria counted for it (excluded unknowns drop out of its denominator)."""
    numerator = filled @ weight_rows.T
    denominator = mask.astype(float) @ weight_rows.T
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1), 0.0)


def _cell_json(cell: Cell, weight: float, contribution: float) -> dict[str, Any]:
    measured = cell.measured
    return {
        "value": measured.value,
        "display": measured.display,
        "score": None if cell.score is None else round(cell.score, 4),
        "used_score": None if cell.used is None else round(cell.used, 4),
        "imputed": cell.imputed,
        "counted": cell.used is not None,
        "applicable": measured.applicable,
        "weight": round(float(weight), 5),
        "contribution": round(float(contribution), 3),
        "source": measured.source,
        "note": measured.note,
        "evidence": measured.evidence,
    }


def _criterion_json(
    item: Criterion,
    weights: dict[str, float],
    applicable: set[str],
    with_data: set[str],
    needs: Any,
    settings: ScoringSettings | None,
) -> dict[str, Any]:
    if item.id not in applicable:
        status = "not_applicable"
    elif item.id not in with_data:
        status = "no_data"
    else:
        status = "used"
    floor, ceiling = item.bounds(needs, settings)
    return {
        "id": item.id,
        "name": item.name,
        "name_ru": item.name_ru,
        "name_en": item.name_en,
        "group": item.group,
        "direction": item.direction,
        "how": item.how,
        "weight": round(weights.get(item.id, 0.0), 5),
        "missing_policy": item.missing,
        "missing_policy_label": pick(*MISSING_POLICY_LABELS[item.missing]),
        "scale": [round(floor, 4), round(ceiling, 4)],
        "unit": item.unit,
        "article": item.article,
        "status": status,
    }


def _ahp_json(ahp: Any) -> dict[str, Any] | None:
    if ahp is None:
        return None
    return {
        "items": list(ahp.items),
        "matrix": [list(row) for row in ahp.matrix],
        "weights": {key: round(value, 4) for key, value in ahp.weights.items()},
        "lambda_max": round(ahp.lambda_max, 4),
        "consistency_index": round(ahp.consistency_index, 4),
        "consistency_ratio": round(ahp.consistency_ratio, 4),
        "consistent": ahp.consistent,
    }


# --- knock-outs, red flags, questions -----------------------------------------------------------------------


def _knockouts(view: VendorView, row: dict[str, Cell], settings: ScoringSettings | None) -> list[dict[str, Any]]:
    rules = settings.knockouts if settings is not None and settings.knockouts is not None else None
    if rules is None:
        rules = [KnockOut(rule=name) for name in DEFAULT_KNOCKOUTS]
    results = []
    for rule in rules:
        if rule.rule is not None:
            results.append(_builtin_knockout(rule.rule, view, row))
        else:
            results.append(_threshold_knockout(rule, view))
    return results


def _outcome(
    rule: str,
    name: str,
    status: str,
    evidence: list[dict[str, Any]],
    note: str | None = None,
    check: str | None = None,
) -> dict[str, Any]:
    """One knock-out's result: ``clear`` only with evidence; ``unknown`` says why and how to settle it."""
    if status == "clear" and not evidence:
        status, note = "unknown", note or msg("scoring.engine.nothing_confirms_it")
    outcome = {"rule": rule, "name": name, "status": status, "evidence": evidence, "note": note, "check": check}
    outcome["action"] = check_action(check) if status == "unknown" else None
    return outcome


def _from_criterion(rule: str, name: str, row: dict[str, Cell], view: VendorView, criterion_id: str) -> dict[str, Any]:
    cell = row.get(criterion_id)
    item = BY_ID[criterion_id]
    measured = cell.measured if cell else item.extract(view)
    check = item.check or "questionnaire"
    if measured.value is None:
        outcome = _outcome(rule, name, "unknown", measured.evidence, measured.note, check)
    else:
        outcome = _outcome(
            rule, name, "knocked_out" if measured.value <= 0 else "clear", measured.evidence, None, check
        )
    outcome["criterion"] = criterion_id
    return outcome


def _builtin_knockout(rule: str, view: VendorView, row: dict[str, Cell]) -> dict[str, Any]:
    if rule not in KNOCKOUT_RULES:
        return _outcome(rule, rule, "unknown", [], msg("scoring.engine.unknown_rule"), "data")
    name = pick(*KNOCKOUT_RULES[rule])
    if rule == "no_privacy_policy":
        return _from_criterion(rule, name, row, view, "site_privacy_policy")
    if rule == "only_mobile_phone":
        return _from_criterion(rule, name, row, view, "site_landline")
    if rule == "no_call_recordings":
        return _from_criterion(rule, name, row, view, "all_calls_recorded")
    if rule == "legal_failed":
        return _from_criterion(rule, name, row, view, "legal_status")
    # liquidated_entity
    if view.legal is None:
        return _outcome(
            rule,
            name,
            "unknown",
            [],
            msg("scoring.engine.legal_entity_was_not_checked"),
            "legal",
        )
    registry = view.legal.registry or {}
    registry_status = str(registry.get("status") or "").upper()
    flags = [str(flag.get("code", flag)) if isinstance(flag, dict) else str(flag) for flag in view.legal.flags]
    hits = [flag for flag in flags if any(word in flag.lower() for word in _INACTIVE_FLAG_WORDS)]
    if not registry_status and not hits:
        # Other legal flags (a bad checksum, a young domain) say nothing about liquidation: only the register does.
        return _outcome(rule, name, "unknown", [], legal_unknown_reason(view.legal), "legal")
    # The register's words and date, never its code: "ликвидирована, дата ликвидации по реестру: 2024-03-01".
    status = msg(
        "scoring.engine.status_in_register",
        status=status_text(registry_status or None, registry.get("liquidation_date")),
    )
    if registry_status in _INACTIVE_REGISTRY or hits:
        reasons = [_legal_flag_message(view.legal, code) for code in hits]
        excerpts = ([status] if registry_status else []) + [reason for reason in reasons if reason != status]
        evidence = [{"url": None, "excerpt": excerpt, "value": None} for excerpt in excerpts]
        return _outcome(rule, name, "knocked_out", evidence, None, "legal")
    return _outcome(rule, name, "clear", [{"url": None, "excerpt": status, "value": None}], None, "legal")


def _legal_flag_message(legal: LegalSection, code: str) -> str:
    """A legal check's flag as the user reads it (its message), not its code."""
    for flag in legal.flags:
        if isinstance(flag, dict) and flag.get("code") == code and flag.get("message"):
            return stored_text(flag)
    return code


def _threshold_knockout(rule: KnockOut, view: VendorView) -> dict[str, Any]:
    item = BY_ID.get(rule.criterion or "")
    label = rule.criterion or "?"
    if item is None:
        return _outcome(label, label, "unknown", [], msg("scoring.engine.unknown_criterion"), "data")
    bounds = []
    if rule.min is not None:
        bounds.append(f"≥ {format_number(rule.min, 2, trim=True)}")
    if rule.max is not None:
        bounds.append(f"≤ {format_number(rule.max, 2, trim=True)}")
    name = item.name + " " + " ".join(bounds)
    measured = item.extract(view)
    check = item.check or "questionnaire"
    if measured.value is None:
        return _outcome(label, name, "unknown", measured.evidence, measured.note, check)
    below = rule.min is not None and measured.value < rule.min
    above = rule.max is not None and measured.value > rule.max
    evidence = measured.evidence or [{"url": None, "excerpt": None, "value": measured.display}]
    return _outcome(label, name, "knocked_out" if below or above else "clear", evidence, None, check)


def _red_flags(
    view: VendorView, row: dict[str, Cell], used_ids: list[str], knockouts: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    flags: list[dict[str, Any]] = []
    by_criterion: dict[str, dict[str, Any]] = {}
    for outcome in knockouts:
        if outcome["status"] == "knocked_out":
            text: str = msg("scoring.engine.disqualified", name=outcome["name"])
            flag = {"text": text, "severity": "critical", "evidence": outcome["evidence"]}
            if outcome.get("criterion"):
                flag["criterion"] = outcome["criterion"]
                by_criterion[outcome["criterion"]] = flag
            flags.append(flag)
    for cid in used_ids:
        cell = row[cid]
        # A knock-out already states this fact with the same evidence: one flag per fact.
        if cell.score is not None and cell.score <= POOR_SCORE and cid not in by_criterion:
            text = BY_ID[cid].name + ": " + cell.measured.display
            flag = {"text": text, "severity": "high", "evidence": cell.measured.evidence, "criterion": cid}
            by_criterion[cid] = flag
            flags.append(flag)
    if view.audit:
        for finding in view.audit.findings:
            if not isinstance(finding, dict):
                continue
            if finding.get("status") == "fail" or finding.get("severity") in ("high", "critical"):
                covering = by_criterion.get(AUDIT_CHECK_CRITERION.get(str(finding.get("check")), ""))
                if covering is not None:
                    # The criterion's flag says "fail" and shows this evidence; the finding says what failed.
                    covering["text"] = covering["text"] + " — " + stored_text(finding)
                    continue
                evidence = [item for item in finding.get("evidence") or [] if isinstance(item, dict)]
                text = msg("scoring.engine.site") + ": " + stored_text(finding)
                flags.append({"text": text, "severity": str(finding.get("severity") or "high"), "evidence": evidence})
    if view.legal and view.legal.status in ("failed", "doubtful") and "legal_status" not in by_criterion:
        for reason in view.legal.reasons:
            text = msg("scoring.engine.legal_entity") + ": " + revive(reason)
            # The reason is the whole fact; its evidence is the legal check's row, not the same words again.
            flags.append({"text": text, "severity": "high", "evidence": [], "criterion": "legal_status"})
    unique: dict[str, dict[str, Any]] = {}
    for flag in flags:
        unique.setdefault(str(flag["text"]), flag)
    return list(unique.values())


def _questions(
    view: VendorView,
    row: dict[str, Cell],
    applicable: set[str],
    knockouts: list[dict[str, Any]],
    weights: dict[str, float],
) -> list[dict[str, Any]]:
    """What to ask before signing: every unknown the ranking needed, every weak point and every warning."""
    questions: list[dict[str, Any]] = []
    # The criteria that weigh most come first: those are the answers that can change the choice.
    for item in sorted(CRITERIA, key=lambda entry: -weights.get(entry.id, 0.0)):
        if item.id not in applicable:
            continue
        cell = row.get(item.id)
        measured = cell.measured if cell else None
        if measured is None or not measured.applicable:
            continue
        if measured.value is None:
            questions.append({"criterion": item.id, "reason": "unknown", "text": item.question})
        elif cell is not None and cell.score is not None and cell.score <= POOR_SCORE:
            # "2.0 г." already ends its sentence: no second full stop.
            stop = "" if str(measured.display).endswith(".") else "."
            text = item.name + " — " + measured.display + stop + " " + item.question
            questions.append({"criterion": item.id, "reason": "weak", "text": text})
    for outcome in knockouts:
        if outcome["status"] == "unknown":
            text = msg("scoring.engine.show_documents_proving_this_does_not", name=outcome["name"])
            questions.append({"criterion": outcome["rule"], "reason": "knockout_unknown", "text": text})
    asked = {str(question["criterion"]): question for question in questions}
    if view.audit:
        for finding in view.audit.findings:
            if isinstance(finding, dict) and finding.get("status") in ("warn", "fail"):
                covering = asked.get(AUDIT_CHECK_CRITERION.get(str(finding.get("check")), ""))
                if covering is not None:
                    # One question per fact: the criterion's question names what the site check found.
                    covering["text"] = covering["text"] + " (" + stored_text(finding) + ")"
                    continue
                text = msg("scoring.engine.on_your_site_please_explain", message=stored_text(finding))
                questions.append({"criterion": finding.get("check"), "reason": "warning", "text": text})
    if view.legal and view.legal.status in ("doubtful", "failed") and "legal_status" not in asked:
        for reason in view.legal.reasons:
            text = msg("scoring.engine.legal_entity_please_explain", reason=revive(reason))
            questions.append({"criterion": "legal_status", "reason": "warning", "text": text})
    if view.sla_breaches:
        summary = sla_breach_summary(view.sla_breaches)
        if "sla_breaches" in asked:
            asked["sla_breaches"]["text"] = asked["sla_breaches"]["text"] + " (" + summary + ")"
        else:
            text = msg("scoring.engine.sla_breaches_why_and_what_will", summary=summary)
            questions.append({"criterion": "sla_breaches", "reason": "warning", "text": text})
    seen: set[str] = set()
    unique = []
    for question in questions:
        if question["text"] not in seen:
            seen.add(question["text"])
            unique.append(question)
    return unique


# --- cross-checks, sensitivity, Monte Carlo --------------------------------------------------------------------


def _ranking_from(values: np.ndarray, names: list[str], higher_is_better: bool = True) -> list[str]:
    keys = [(-value if higher_is_better else value, name) for value, name in zip(values.tolist(), names, strict=True)]
    return [name for _, name in sorted(keys)]


def _cross_checks(
    filled: np.ndarray, mask: np.ndarray, weights: np.ndarray, names: list[str], totals: np.ndarray
) -> dict[str, Any]:
    headline = _ranking_from(totals, names)
    result: dict[str, Any] = {"headline": headline, "methods": {}, "agreement": None}
    if len(names) < 2:
        result["note"] = msg("scoring.engine.cross_checks_need_two_candidates")
        return result
    matrix = filled.copy()
    # Excluded unknowns have no value; the cross-check methods need one, so they get the column median.
    for column in range(matrix.shape[1]):
        known = matrix[mask[:, column], column]
        if known.size and (~mask[:, column]).any():
            matrix[~mask[:, column], column] = float(np.median(known))
    varying = np.ptp(matrix, axis=0) > 1e-9 if matrix.size else np.zeros(0, dtype=bool)
    if not varying.any():
        result["note"] = msg("scoring.engine.candidates_do_not_differ_on_any")
        return result
    matrix, method_weights = matrix[:, varying], weights[varying] / weights[varying].sum()
    types = np.ones(matrix.shape[1])
    PROMETHEE_II, TOPSIS, VIKOR = _mcdm_methods()

    methods = {"TOPSIS": TOPSIS(), "VIKOR": VIKOR(), "PROMETHEE II": PROMETHEE_II("usual")}
    headline_rank = {name: position for position, name in enumerate(headline)}
    same_winner = 0
    for label, method in methods.items():
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                preferences = np.asarray(method(matrix, method_weights, types), dtype=float)
            if not np.all(np.isfinite(preferences)):
                raise ValueError("non-finite preferences")
        except Exception as error:  # noqa: BLE001 - a method that cannot rank this data is reported, not fatal
            result["methods"][label] = {"error": f"{type(error).__name__}: {error}"[:200]}
            continue
        ranking = _ranking_from(preferences, names, higher_is_better=label != "VIKOR")
        tau = kendall_tau([headline_rank[name] for name in names], [ranking.index(name) for name in names])
        agrees = ranking[0] == headline[0]
        same_winner += int(agrees)
        result["methods"][label] = {
            "ranking": ranking,
            "scores": {name: round(float(value), 4) for name, value in zip(names, preferences.tolist(), strict=True)},
            "kendall_tau": round(tau, 3),
            "same_winner": agrees,
        }
    ran = [item for item in result["methods"].values() if "ranking" in item]
    result["agreement"] = round(same_winner / len(ran), 3) if ran else None
    return result


def kendall_tau(first: list[int], second: list[int]) -> float:
    """Kendall's tau of two rankings without ties (positions): 1 same order, -1 reversed."""
    size = len(first)
    if size < 2:
        return 1.0
    score = 0
    for i in range(size):
        for j in range(i + 1, size):
            score += int(np.sign(first[i] - first[j]) * np.sign(second[i] - second[j]))
    return score / (size * (size - 1) / 2)


def _winners(filled: np.ndarray, mask: np.ndarray, weight_rows: np.ndarray) -> np.ndarray:
    # Rounding keeps float noise from deciding exact ties differently from one weight vector to the next.
    return np.asarray(np.argmax(np.round(_totals(filled, mask, weight_rows), 9), axis=0))


def _reweighted(weights: np.ndarray, members: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """Weight rows where the ``members`` together take each share and the rest keep their proportions."""
    current = weights[members].sum()
    rest = 1.0 - current
    rows = np.tile(weights, (shares.size, 1))
    if current > 0:
        rows[:, members] = weights[members][None, :] / current * shares[:, None]
    else:
        rows[:, members] = shares[:, None] / members.sum()
    if rest > 0:
        rows[:, ~members] = weights[~members][None, :] / rest * (1.0 - shares)[:, None]
    return rows


def _tipping(
    filled: np.ndarray, mask: np.ndarray, weights: np.ndarray, members: np.ndarray, base_winner: int
) -> dict[str, Any]:
    current = float(weights[members].sum())
    found: dict[str, Any] = {"down": None, "up": None}
    for direction, end in (("down", 0.0), ("up", 0.99)):
        shares = np.linspace(current, end, 200)
        winners = _winners(filled, mask, _reweighted(weights, members, shares))
        changed = np.nonzero(winners != base_winner)[0]
        if not changed.size:
            continue
        low, high = shares[changed[0] - 1], shares[changed[0]]
        for _ in range(30):  # bisection to a precise tipping share
            middle = (low + high) / 2
            if _winners(filled, mask, _reweighted(weights, members, np.array([middle])))[0] != base_winner:
                high = middle
            else:
                low = middle
        found[direction] = {
            "share": float(high),
            "winner_index": int(_winners(filled, mask, _reweighted(weights, members, np.array([high])))[0]),
        }
    return found


def _sensitivity(
    filled: np.ndarray, mask: np.ndarray, weights: np.ndarray, used_ids: list[str], names: list[str]
) -> list[dict[str, Any]]:
    if len(names) < 2 or not used_ids:
        return []
    base_winner = int(_winners(filled, mask, weights[None, :])[0])
    subjects: list[tuple[str, str, str, np.ndarray]] = []
    for group, label in GROUPS.items():
        members = np.array([BY_ID[cid].group == group for cid in used_ids])
        if members.any():
            subjects.append(("group", group, pick(*label), members))
    for position, cid in enumerate(used_ids):
        members = np.zeros(len(used_ids), dtype=bool)
        members[position] = True
        subjects.append(("criterion", cid, BY_ID[cid].name, members))
    results = []
    for kind, subject_id, subject_name, members in subjects:
        current = float(weights[members].sum())
        tipping = _tipping(filled, mask, weights, members, base_winner)
        entry: dict[str, Any] = {"kind": kind, "id": subject_id, "name": subject_name, "weight": round(current, 4)}
        for direction in ("down", "up"):
            point = tipping[direction]
            if point is None:
                entry[direction] = None
            else:
                entry[direction] = {
                    "weight": round(point["share"], 4),
                    "change": round((point["share"] - current) / current, 3) if current else None,
                    "new_winner": names[point["winner_index"]],
                }
        changes = [abs(entry[d]["weight"] - current) for d in ("down", "up") if entry[d] is not None]
        entry["closest_distance"] = round(min(changes), 4) if changes else None
        results.append(entry)
    results.sort(key=lambda item: (item["closest_distance"] is None, item["closest_distance"] or 0.0))
    return results


def _monte_carlo(
    filled: np.ndarray, mask: np.ndarray, weights: np.ndarray, names: list[str], settings: ScoringSettings | None
) -> dict[str, Any]:
    runs = settings.monte_carlo_runs if settings else 2000
    jitter = settings.weight_jitter if settings else 0.2
    seed = settings.seed if settings else 20261127
    result: dict[str, Any] = {"runs": runs, "jitter": jitter, "seed": seed, "probability_first": {}}
    if not names:
        return result
    generator = np.random.default_rng(seed)
    rows = weights[None, :] * generator.uniform(1 - jitter, 1 + jitter, size=(runs, weights.size))
    winners = _winners(filled, mask, rows)
    counts = np.bincount(winners, minlength=len(names))
    result["probability_first"] = {
        name: round(float(count) / runs, 4) for name, count in zip(names, counts, strict=True)
    }
    return result


def decide(
    names: list[str],
    filled: np.ndarray,
    mask: np.ndarray,
    weights: np.ndarray,
    settings: ScoringSettings | None,
    *,
    known_full: np.ndarray,
    counted_full: np.ndarray,
    weights_full: np.ndarray,
    unchecked_knockouts: dict[str, list[str]],
    completeness: dict[str, float],
) -> dict[str, Any]:
    """How sure the choice among the eligible ``names`` is: weights (Monte Carlo), methods (cross-checks) and
    what is not known (best and worst case over every unknown criterion, unchecked knock-outs).

    ``filled``/``mask`` are the headline's scores; ``known_full`` has every applicable criterion's known score
    (NaN where unknown) with ``counted_full`` False where a criterion does not apply to that vendor, weighed by
    ``weights_full``: setting the unknowns to any values ranks the vendors by such complete rows.
    """
    totals = _totals(filled, mask, weights[None, :])[:, 0] if names else np.zeros(0)
    ranking = sorted(names, key=lambda name: (-totals[names.index(name)], name))
    winner = ranking[0] if ranking else None
    margin = None
    if len(ranking) >= 2:
        margin = round(float(totals[names.index(ranking[0])] - totals[names.index(ranking[1])]) * 100, 2)
    monte_carlo = _monte_carlo(filled, mask, weights, names, settings)
    cross_checks = _cross_checks(filled, mask, weights, names, totals)
    unknowns = _unknown_outcomes(names, ranking, known_full, counted_full, weights_full, unchecked_knockouts)
    confidence = _confidence(winner, ranking, margin, monte_carlo, cross_checks, unknowns, completeness)
    return {
        "ranking": ranking,
        "winner": winner,
        "margin_points": margin,
        "monte_carlo": monte_carlo,
        "cross_checks": cross_checks,
        "unknowns": unknowns,
        "confidence": confidence,
    }


def _range_totals(known: np.ndarray, counted: np.ndarray, weights: np.ndarray, fill: float) -> np.ndarray:
    """Each vendor's total over every criterion that applies to it, its unknowns set to ``fill``."""
    values = np.where(np.isnan(known), fill, known)
    return _totals(np.where(counted, values, 0.0), counted, weights[None, :])[:, 0]


def _unknown_outcomes(
    names: list[str],
    ranking: list[str],
    known: np.ndarray,
    counted: np.ndarray,
    weights: np.ndarray,
    unchecked_knockouts: dict[str, list[str]],
) -> dict[str, Any]:
    """Whether what is not known could change the winner.

    A vendor's total depends on its own row only, so the winner's worst case (its unknowns at the scale's
    worst) against each rival's best case (theirs at the best) is the most the unknowns can do. An unchecked
    knock-out of the winner, if it came out against it, would remove it altogether.
    """
    result: dict[str, Any] = {
        "ranges": {},
        "open_weight": {},
        "winner_can_change": False,
        "worst_case_winner": None,
        "knockout_can_change": False,
        "text": None,
    }
    if not names:
        return result
    open_cells = np.isnan(known) & counted
    worst = _range_totals(known, counted, weights, 0.0)
    best = _range_totals(known, counted, weights, 1.0)
    totals_weight = (counted.astype(float) * weights[None, :]).sum(axis=1)
    open_weight = (open_cells.astype(float) * weights[None, :]).sum(axis=1)
    for index, name in enumerate(names):
        result["ranges"][name] = [round(float(worst[index]) * 100, 2), round(float(best[index]) * 100, 2)]
        share = float(open_weight[index] / totals_weight[index]) if totals_weight[index] > 0 else 0.0
        result["open_weight"][name] = round(share, 4)
    winner = ranking[0]
    position = names.index(winner)
    rivals = [index for index, name in enumerate(names) if name != winner]
    if rivals:
        challenger = max(rivals, key=lambda index: (round(float(best[index]), 9), -index))
        if round(float(best[challenger]), 9) > round(float(worst[position]), 9):
            result["winner_can_change"] = True
            result["worst_case_winner"] = names[challenger]
            result["text"] = msg(
                "scoring.engine.if_unchecked_came_out_worst_would",
                other=names[challenger],
                winner=winner,
                low=format_number(worst[position] * 100, 1),
                high=format_number(best[position] * 100, 1),
                best=format_number(best[challenger] * 100, 1),
            )
    if unchecked_knockouts.get(winner):
        result["knockout_can_change"] = True
        runner_up = ranking[1] if len(ranking) > 1 else None
        if result["worst_case_winner"] is None:
            result["worst_case_winner"] = runner_up
        text: str = msg(
            "scoring.engine.should_fail_check_it_is_disqualified",
            rule="; ".join(unchecked_knockouts[winner]),
            winner=winner,
        )
        if runner_up is not None and result["text"] is None:
            text += msg("scoring.engine.and_would_rank_first", other=runner_up)
        result["text"] = "; ".join(part for part in (result["text"], text) if part)
    return result


CONFIDENCE_LABELS: dict[str, tuple[str, str]] = {
    "high": ("высокая уверенность", "high confidence"),
    "medium": ("средняя уверенность", "medium confidence"),
    "low": ("низкая уверенность", "low confidence"),
}
# The weights may move ±jitter without changing the winner in at least this share of the variants.
HIGH_PROBABILITY = 0.98
# The share of the criteria weight known for each of the top two that a high or medium level needs.
HIGH_KNOWN, MEDIUM_KNOWN = 0.8, 0.5


def _confidence(
    winner: str | None,
    ranking: list[str],
    margin: float | None,
    monte_carlo: dict[str, Any],
    cross_checks: dict[str, Any],
    unknowns: dict[str, Any],
    completeness: dict[str, float],
) -> dict[str, Any]:
    """«Высокая» only when neither the unknowns nor the weights can change the winner."""
    if winner is None:
        return {"level": "none", "label": msg("scoring.engine.no_candidate_qualifies"), "reasons": []}
    probability = monte_carlo["probability_first"].get(winner, 1.0)
    agreement = cross_checks.get("agreement")
    leaders = ranking[:2]
    known = min(completeness.get(name, 0.0) for name in leaders)
    reasons = [
        msg("scoring.engine.first_in_of_random_weight_variants", p=probability * 100, j=monte_carlo["jitter"] * 100),
        msg(
            "scoring.engine.share_of_criteria_weight_known",
            shares=", ".join(f"{name} {format_percent(completeness.get(name, 0.0), 0)}" for name in leaders),
        ),
    ]
    if agreement is not None:
        reasons.append(msg("scoring.engine.cross_check_methods_with_same_winner", a=agreement * 100))
    if margin is not None:
        lead = format_number(margin, 1)
        reasons.append(msg("scoring.engine.lead_over_second_points", m=lead))
    if unknowns.get("text"):
        reasons.append(unknowns["text"])
    elif len(ranking) > 1:
        reasons.append(msg("scoring.engine.nothing_unchecked_can_change_winner"))
    weights_hold = probability >= HIGH_PROBABILITY and (agreement is None or agreement >= 0.99)
    unknowns_hold = not unknowns.get("winner_can_change") and not unknowns.get("knockout_can_change")
    if weights_hold and unknowns_hold and known >= HIGH_KNOWN:
        level = "high"
    elif (
        probability >= 0.5
        and known >= MEDIUM_KNOWN
        and not unknowns.get("knockout_can_change")
        and (unknowns_hold or probability >= 0.8)
    ):
        level = "medium"
    else:
        level = "low"
    return {
        "level": level,
        "label": pick(*CONFIDENCE_LABELS[level]),
        "probability_first": probability,
        "reasons": reasons,
    }


# --- statuses and the checks to run before signing ------------------------------------------------------------

VENDOR_STATUS_LABELS: dict[str, tuple[str, str]] = {
    "admitted": ("допущен", "eligible"),
    "unchecked": ("не проверен", "not checked"),
    "excluded": ("исключён", "disqualified"),
}


def _vendor_status(knockouts: list[dict[str, Any]]) -> str:
    statuses = {item["status"] for item in knockouts}
    if "knocked_out" in statuses:
        return "excluded"
    return "unchecked" if "unknown" in statuses else "admitted"


def _known_weight(row: dict[str, Cell], ids: list[str], weights: dict[str, float]) -> float:
    """Share of the criteria weight that applies to this vendor and is known (measured, not imputed)."""
    applicable = [cid for cid in ids if row[cid].measured.applicable]
    total = sum(weights.get(cid, 0.0) for cid in applicable)
    if total <= 0:
        return 0.0
    return sum(weights.get(cid, 0.0) for cid in applicable if row[cid].score is not None) / total


def checks_to_run(
    vendors: list[dict[str, Any]],
    table: dict[str, dict[str, Cell]],
    ids: list[str],
    ranking: list[str],
    source_file: str | None = None,
) -> list[dict[str, Any]]:
    """What to check before signing: every unchecked knock-out first, then every criterion an online check
    would settle, for the ranked vendors in ranking order; each with why it is unknown and how to settle it."""
    items: list[dict[str, Any]] = []
    order = {name: position for position, name in enumerate(ranking)}
    for vendor in sorted(vendors, key=lambda item: order.get(item["name"], len(order))):
        if not vendor["eligible"]:
            continue
        name = vendor["name"]
        for outcome in vendor["knockouts"]:
            if outcome["status"] == "unknown":
                items.append(
                    {
                        "vendor": name,
                        "subject": outcome["rule"],
                        "name": outcome["name"],
                        "knockout": True,
                        "check": outcome.get("check"),
                        "reason": outcome.get("note"),
                        "action": outcome.get("action"),
                    }
                )
        covered = {outcome.get("criterion") for outcome in vendor["knockouts"]}
        for cid in ids:
            item, cell = BY_ID[cid], table[name][cid]
            if item.check is None or cid in covered or cell.score is not None or not cell.measured.pending:
                continue
            items.append(
                {
                    "vendor": name,
                    "subject": cid,
                    "name": item.name,
                    "knockout": False,
                    "check": item.check,
                    "reason": cell.measured.note,
                    "action": check_action(item.check, source_file),
                }
            )
    return items


def _mcdm_methods() -> tuple[Any, Any, Any]:
    """pymcdm's PROMETHEE II, TOPSIS and VIKOR without its plotting: the package's __init__ imports
    matplotlib.pyplot for charts the ranking never draws (seconds of start-up), and its objective weighting
    methods scipy.linalg (weights we never compute: the buyer sets them). Empty ``pymcdm.visuals`` and
    ``pymcdm.weights`` stand in for those subpackages when pymcdm is first imported here."""
    import sys
    import types

    if "pymcdm" not in sys.modules:
        for unused in ("pymcdm.visuals", "pymcdm.weights"):
            sys.modules.setdefault(unused, types.ModuleType(unused))
        _lazy_pymcdm_io()
    from pymcdm.methods import PROMETHEE_II, TOPSIS, VIKOR

    return PROMETHEE_II, TOPSIS, VIKOR


def _lazy_pymcdm_io() -> None:
    """pymcdm's methods without pandas (a third of a second of every ``evaluate``). Its ``io`` package imports
    pandas for tables and results that only the methods' "explained" mode builds (the ranking never asks);
    the methods need its ``TableDesc`` at import. So the package and its ``io`` are set up by hand (neither
    ``__init__`` run: the top one would also import plotting and weighting), ``TableDesc`` loaded, and the
    rest of ``io`` imported on first call."""
    import importlib
    import importlib.util
    import sys
    import types
    from pathlib import Path

    spec = importlib.util.find_spec("pymcdm")
    if spec is None or not spec.submodule_search_locations:
        return
    root = Path(next(iter(spec.submodule_search_locations)))
    if not (root / "io" / "tabledesc.py").is_file() or not (root / "io" / "mcda_results.py").is_file():
        return  # another layout of pymcdm: imported as it is
    package = types.ModuleType("pymcdm")
    package.__path__ = [str(root)]
    package.__package__ = "pymcdm"
    package.__file__ = str(root / "__init__.py")
    io = types.ModuleType("pymcdm.io")
    io.__path__ = [str(root / "io")]
    io.__package__ = "pymcdm.io"
    io.__file__ = str(root / "io" / "__init__.py")

    def lazy(module: str, name: str) -> Any:
        def make(*args: Any, **kwargs: Any) -> Any:
            return getattr(importlib.import_module("pymcdm.io." + module), name)(*args, **kwargs)

        return make

    package.io = io  # type: ignore[attr-defined]
    for name, module in (("Table", "table"), ("MCDA_problem", "mcda_problem"), ("MCDA_results", "mcda_results")):
        setattr(io, name, lazy(module, name))
    sys.modules["pymcdm"], sys.modules["pymcdm.io"] = package, io
    try:
        io.TableDesc = importlib.import_module("pymcdm.io.tabledesc").TableDesc  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - whatever a future pymcdm does differently: imported as it is
        for name in ("pymcdm", "pymcdm.io", "pymcdm.io.tabledesc"):
            sys.modules.pop(name, None)

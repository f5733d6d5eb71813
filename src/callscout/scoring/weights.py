"""Weights: presets by the hot line's task, the buyer's overrides, and AHP pairwise comparisons of groups.

A criterion's weight = its group's weight x its importance within the group / the group's total importance.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from callscout.errors import DataError
from callscout.i18n import msg
from callscout.model import Needs
from callscout.model.scoring import PairwiseComparison, ScoringSettings
from callscout.scoring.criteria import CRITERIA, GROUPS, Criterion

# Group weights by the article's question 1: an order line lives on its price per order and its
# reports; expert consultations on the operators' quality and dedication; support sits between.
WEIGHT_SOURCE_LABELS: dict[str, tuple[str, str]] = {
    "preset": ("набор по задаче линии", "the preset for the line's task"),
    "ahp": ("попарные сравнения (AHP)", "pairwise comparisons (AHP)"),
    "file": ("веса из файла оценки", "weights from the evaluation file"),
}
PRESETS: dict[str, dict[str, float]] = {
    "orders": {
        "website": 0.10,
        "legal": 0.10,
        "economics": 0.30,
        "reporting": 0.18,
        "quality": 0.15,
        "fit": 0.10,
        "responsiveness": 0.07,
    },
    "consultations": {
        "website": 0.10,
        "legal": 0.10,
        "economics": 0.15,
        "reporting": 0.15,
        "quality": 0.28,
        "fit": 0.15,
        "responsiveness": 0.07,
    },
    "support": {
        "website": 0.10,
        "legal": 0.10,
        "economics": 0.25,
        "reporting": 0.18,
        "quality": 0.20,
        "fit": 0.10,
        "responsiveness": 0.07,
    },
}

# Saaty's random consistency index for matrices of size 1..10.
RANDOM_INDEX = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)
CONSISTENCY_LIMIT = 0.1


@dataclass(frozen=True)
class AhpResult:
    items: tuple[str, ...]
    matrix: tuple[tuple[float, ...], ...]
    weights: dict[str, float]
    lambda_max: float
    consistency_index: float
    consistency_ratio: float

    @property
    def consistent(self) -> bool:
        return self.consistency_ratio <= CONSISTENCY_LIMIT


def ahp_weights(matrix: np.ndarray | list[list[float]], items: list[str] | tuple[str, ...] | None = None) -> AhpResult:
    """Priority vector (principal eigenvector) and Saaty's consistency ratio of a reciprocal matrix."""
    values = np.asarray(matrix, dtype=float)
    size = values.shape[0]
    if values.shape != (size, size) or size < 1:
        raise ValueError("AHP needs a square matrix")
    if np.any(values <= 0) or not np.allclose(values * values.T, 1.0, rtol=1e-6):
        raise ValueError("AHP matrix must be positive and reciprocal (a[i][j] = 1 / a[j][i])")
    eigenvalues, eigenvectors = np.linalg.eig(values)
    index = int(np.argmax(eigenvalues.real))
    lambda_max = float(eigenvalues[index].real)
    vector = np.abs(eigenvectors[:, index].real)
    vector = vector / vector.sum()
    consistency_index = (lambda_max - size) / (size - 1) if size > 2 else 0.0
    random_index = RANDOM_INDEX[size - 1] if size <= len(RANDOM_INDEX) else RANDOM_INDEX[-1]
    ratio = consistency_index / random_index if random_index else 0.0
    names = tuple(items) if items is not None else tuple(str(i) for i in range(size))
    return AhpResult(
        items=names,
        matrix=tuple(tuple(float(x) for x in row) for row in values),
        weights={name: float(weight) for name, weight in zip(names, vector, strict=True)},
        lambda_max=lambda_max,
        consistency_index=float(max(consistency_index, 0.0)),
        consistency_ratio=float(max(ratio, 0.0)),
    )


def ahp_from_comparisons(comparisons: list[PairwiseComparison]) -> AhpResult:
    """Build the reciprocal matrix from the evaluation file's judgements; every pair must be judged once."""
    items: list[str] = []
    for comparison in comparisons:
        for name in (comparison.more, comparison.less):
            if name not in GROUPS:
                raise DataError(
                    msg("scoring.weights.scoring_ahp_unknown_group_known", name=name, known=", ".join(GROUPS))
                )
            if name not in items:
                items.append(name)
    size = len(items)
    matrix = np.ones((size, size))
    judged: set[frozenset[str]] = set()
    for comparison in comparisons:
        pair = frozenset((comparison.more, comparison.less))
        if len(pair) == 1 or pair in judged:
            raise DataError(
                msg("scoring.weights.scoring_ahp_pair_is_compared_twice", a=comparison.more, b=comparison.less)
            )
        judged.add(pair)
        i, j = items.index(comparison.more), items.index(comparison.less)
        matrix[i, j] = comparison.intensity
        matrix[j, i] = 1.0 / comparison.intensity
    missing = [
        f"{items[i]} / {items[j]}"
        for i in range(size)
        for j in range(i + 1, size)
        if frozenset((items[i], items[j])) not in judged
    ]
    if missing:
        raise DataError(msg("scoring.weights.scoring_ahp_pairs_not_compared", pairs=", ".join(missing)))
    return ahp_weights(matrix, items)


@dataclass
class WeightPlan:
    preset: str
    group_weights: dict[str, float]
    criterion_weights: dict[str, float]
    group_source: str
    ahp: AhpResult | None = None
    warnings: list[str] = field(default_factory=list)


def resolve_weights(needs: Needs, settings: ScoringSettings | None, applicable: set[str] | None = None) -> WeightPlan:
    """Final weight of every criterion (summing to 1 over ``applicable`` criteria)."""
    preset = (settings.preset if settings and settings.preset else None) or needs.hotline_task.value
    groups = dict(PRESETS[preset])
    source = "preset"
    warnings: list[str] = []
    ahp: AhpResult | None = None
    if settings is not None:
        unknown = sorted(set(settings.group_weights) - set(GROUPS))
        if unknown:
            raise DataError(
                msg(
                    "scoring.weights.scoring_group_weights_unknown_groups_known",
                    names=", ".join(unknown),
                    known=", ".join(GROUPS),
                )
            )
        unknown = sorted(set(settings.criterion_weights) - {item.id for item in CRITERIA})
        if unknown:
            raise DataError(msg("scoring.weights.scoring_criterion_weights_unknown_criteria", names=", ".join(unknown)))
        if settings.ahp:
            ahp = ahp_from_comparisons(settings.ahp)
            # Groups the buyer left out of the comparisons keep their preset share of the whole.
            compared_share = sum(groups[name] for name in ahp.items)
            for name, weight in ahp.weights.items():
                groups[name] = weight * compared_share
            source = "ahp"
            if not ahp.consistent:
                warnings.append(msg("scoring.weights.ahp_comparisons_are_inconsistent_cr_0", cr=ahp.consistency_ratio))
        elif settings.group_weights:
            groups.update(settings.group_weights)
            source = "file"
    return WeightPlan(preset, groups, _criterion_weights(groups, preset, settings, applicable), source, ahp, warnings)


def _criterion_weights(
    groups: dict[str, float], preset: str, settings: ScoringSettings | None, applicable: set[str] | None
) -> dict[str, float]:
    overrides = settings.criterion_weights if settings else {}
    members: dict[str, list[Criterion]] = {}
    for item in CRITERIA:
        if applicable is None or item.id in applicable:
            members.setdefault(item.group, []).append(item)
    raw: dict[str, float] = {}
    for group, items in members.items():
        importances = {item.id: overrides.get(item.id, item.importance_for(preset)) for item in items}
        total = sum(importances.values())
        for criterion_id, importance in importances.items():
            raw[criterion_id] = groups.get(group, 0.0) * importance / total if total else 0.0
    total = sum(raw.values())
    if total <= 0:
        raise DataError(msg("scoring.weights.all_weights_are_zero"))
    return {criterion_id: weight / total for criterion_id, weight in raw.items()}

"""The buyer's scoring choices in the evaluation file: weights, knock-outs, AHP comparisons.

Everything is optional: without a ``scoring`` block the weights come from the preset of the hot
line's task (``needs.hotline_task``) and the default knock-outs apply.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from callscout.model.common import StrictModel


class PairwiseComparison(StrictModel):
    """One AHP judgement: ``more`` is ``intensity`` times as important as ``less`` (Saaty's 1-9 scale)."""

    more: str = Field(min_length=1)
    less: str = Field(min_length=1)
    intensity: float = Field(ge=1, le=9)


class KnockOut(StrictModel):
    """A rule that disqualifies a vendor whatever its score.

    Either a built-in ``rule`` (no_privacy_policy, liquidated_entity, legal_failed, only_mobile_phone,
    no_call_recordings) or a threshold on a criterion's raw value (``criterion`` with ``min``/``max``).
    """

    rule: str | None = None
    criterion: str | None = None
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _rule_or_threshold(self) -> KnockOut:
        if (self.rule is None) == (self.criterion is None):
            raise ValueError("a knock-out needs either rule or criterion")
        if self.criterion is not None and self.min is None and self.max is None:
            raise ValueError("a criterion knock-out needs min or max")
        return self


class PriceScale(StrictModel):
    """Absolute price scoring: costs at or below ``floor`` score 1, at or above ``ceiling`` score 0."""

    floor_rub: float = Field(ge=0)
    ceiling_rub: float = Field(gt=0)

    @model_validator(mode="after")
    def _floor_below_ceiling(self) -> PriceScale:
        if self.floor_rub >= self.ceiling_rub:
            raise ValueError("floor_rub must be below ceiling_rub")
        return self


class ScoringSettings(StrictModel):
    preset: Literal["orders", "consultations", "support"] | None = Field(
        default=None, description="Weights preset; None: from needs.hotline_task"
    )
    group_weights: dict[str, float] = Field(default_factory=dict, description="Weight per criteria group")
    criterion_weights: dict[str, float] = Field(
        default_factory=dict, description="Importance of a criterion within its group (0 switches it off)"
    )
    ahp: list[PairwiseComparison] = Field(
        default_factory=list, description="Pairwise comparisons of groups; replace group_weights when given"
    )
    knockouts: list[KnockOut] | None = Field(default=None, description="None: the default knock-outs")
    price_scale: PriceScale | None = None
    monte_carlo_runs: int = Field(default=2000, ge=100, le=100_000)
    weight_jitter: float = Field(default=0.2, gt=0, lt=1, description="Monte Carlo weight change, ±share")
    seed: int = 20261127

    @model_validator(mode="after")
    def _weights_not_negative(self) -> ScoringSettings:
        for name, weight in {**self.group_weights, **self.criterion_weights}.items():
            if weight < 0:
                raise ValueError(f"weight of {name!r} must be >= 0")
        return self

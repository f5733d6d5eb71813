"""Scales of the criteria that depend on the buyer's needs, named by the ``scale`` of a catalogue row."""

from __future__ import annotations

from callscout.model import Needs
from callscout.model.scoring import ScoringSettings

REFERENCE_COST_PER_CALL_RUB = 60.0


def price_bounds(needs: Needs, settings: ScoringSettings | None) -> tuple[float, float]:
    if settings is not None and settings.price_scale is not None:
        return settings.price_scale.floor_rub, settings.price_scale.ceiling_rub
    ceiling = (
        2 * needs.budget_rub_month
        if needs.budget_rub_month
        else 2 * REFERENCE_COST_PER_CALL_RUB * needs.calls_per_month
    )
    return 0.2 * ceiling, ceiling


def cost_per_order_bounds(needs: Needs, _settings: ScoringSettings | None) -> tuple[float, float]:
    """An order that costs more to take than it earns loses money: the ceiling is the margin of an order."""
    margin = needs.average_order_value_rub * needs.margin_share
    ceiling = margin if margin > 0 else 2 * REFERENCE_COST_PER_CALL_RUB / max(needs.order_conversion, 0.01)
    return 0.0, ceiling


def service_level_bounds(needs: Needs, _settings: ScoringSettings | None) -> tuple[float, float]:
    return 0.5, max(0.51, needs.service_level.percent / 100)


def abandon_bounds(needs: Needs, _settings: ScoringSettings | None) -> tuple[float, float]:
    return 0.0, max(0.1, 4 * needs.max_abandon_rate)


# --- the catalogue ------------------------------------------------------------------------------------------

"""Assumptions of the economics: how staffing is sized and what an in-house line would cost.

Every default is written down here with its reason so that a buyer can see and override it in the
``economics:`` section of the evaluation file.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from callscout.model.common import Money, Share, StrictModel


class InHouseAssumptions(StrictModel):
    """Running the line yourself. Defaults: Russian regional-capital market, late 2026."""

    operator_salary_rub: Money = Field(default=60_000, description="Gross monthly salary of an operator")
    payroll_tax_share: Share = Field(default=0.30, description="Insurance contributions on top of salaries (~30%)")
    supervisor_salary_rub: Money = 95_000
    operators_per_supervisor: int = Field(default=12, ge=1, le=200)
    workplace_rub_month: Money = Field(default=9_000, description="Rent share, PC and headset, per seat")
    telephony_per_minute_rub: Money = Field(default=1.2, description="Trunk cost per handled minute")
    toll_free_per_minute_rub: Money = Field(default=2.5, description="Own 8-800 number, per minute")
    telephony_per_seat_rub_month: Money = Field(default=1_500, description="PBX/CRM licence per seat")
    hiring_cost_rub: Money = Field(default=30_000, description="Recruiting and two weeks of training per hire")
    annual_turnover_share: float = Field(default=0.6, ge=0, le=5, description="Operators replaced per year")
    fte_hours_per_month: float = Field(default=165, gt=0, le=400, description="Paid hours of one full-time operator")


class EconomicsAssumptions(StrictModel):
    interval_min: Literal[15, 30, 60] = 60
    patience_s: float | None = Field(
        default=None, gt=0, le=36_000, description="Mean caller patience; set it to use Erlang A (abandonment)"
    )
    shrinkage: float = Field(default=0.3, ge=0, lt=1, description="Paid time operators are not on the phones")
    max_occupancy: float = Field(default=0.85, gt=0, le=1)
    min_agents_when_open: int = Field(default=1, ge=0, le=1000, description="Someone must answer an open line")
    callback_share: Share = Field(default=0.0, description="Share of calls outside hours that are called back")
    shared_pool_factor: float = Field(
        default=9.0, ge=0, le=1000, description="In a shared pool: other clients' load per unit of ours"
    )
    amortisation_months: int = Field(default=12, ge=1, le=120, description="Setup and trial fees spread over")
    max_agents: int = Field(default=100_000, ge=1, le=10_000_000)
    in_house: InHouseAssumptions = Field(default_factory=InHouseAssumptions)

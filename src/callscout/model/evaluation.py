"""The evaluation: one buyer's needs and the vendors they consider. Everything reads and writes it."""

from __future__ import annotations

from pydantic import Field, model_validator

from callscout.model.alerts import AlertSettings
from callscout.model.common import StrictModel
from callscout.model.economics import EconomicsAssumptions
from callscout.model.needs import Needs
from callscout.model.scoring import ScoringSettings
from callscout.model.sources import CallSource, check_sources
from callscout.model.vendor import Vendor

FORMAT_VERSION = 1


class Evaluation(StrictModel):
    version: int = Field(default=FORMAT_VERSION, ge=1, le=FORMAT_VERSION)
    name: str = Field(min_length=1, max_length=200)
    buyer: str | None = None
    needs: Needs
    vendors: list[Vendor] = Field(default_factory=list)
    economics: EconomicsAssumptions = Field(default_factory=EconomicsAssumptions)
    scoring: ScoringSettings | None = None
    online_checks: bool = Field(
        default=False,
        description="Check the vendors' sites, register entries and whois online on every evaluation run "
        "(the cabinet's «Проверять сайты и реестр по сети»; callscout evaluate --online does it for one run)",
    )
    sources: list[CallSource] = Field(default_factory=list, max_length=200, description="Call tracking channels")
    alerts: AlertSettings | None = None

    @model_validator(mode="after")
    def _sources_distinct(self) -> Evaluation:
        check_sources(self.sources)
        return self

    @model_validator(mode="after")
    def _vendor_names_unique(self) -> Evaluation:
        seen: set[str] = set()
        for vendor in self.vendors:
            key = vendor.name.casefold()
            if key in seen:
                raise ValueError(f"vendor name {vendor.name!r} is used twice")
            seen.add(key)
        return self

    def vendor(self, name: str) -> Vendor | None:
        key = name.casefold()
        return next((vendor for vendor in self.vendors if vendor.name.casefold() == key), None)

"""What the criteria read: one vendor's view of the result document, and one measured value."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from callscout.model import Needs
from callscout.model.result import (
    CallsSection,
    EconomicsSection,
    LegalSection,
    PricedOffer,
    ResultDocument,
    SiteSection,
    VendorQuality,
    VendorSection,
)
from callscout.model.scoring import ScoringSettings

V = TypeVar("V")


@dataclass
class Measured:
    """One criterion's raw value for one vendor, where it came from and, when unknown, why."""

    value: float | None
    display: str = "—"
    evidence: list[dict[str, Any]] = field(default_factory=list)
    source: str = ""
    note: str | None = None
    applicable: bool = True
    # Unknown because the check that reads it did not run or could not answer (not because the vendor left
    # it out): running the check settles it.
    pending: bool = False


@dataclass
class VendorView:
    """What the result document's typed sections say about one vendor; each part is None when its stage did not
    run. The parts are the sections' own models (``model/result.py``); the deeper parts a section keeps as the
    stage wrote them (a finding, the register's record, the KPIs) stay plain JSON."""

    name: str
    vendor: VendorSection
    needs: Needs
    reference_date: date
    audit: SiteSection | None = None
    legal: LegalSection | None = None
    offer_economics: PricedOffer | None = None
    economics: EconomicsSection | None = None
    calls: dict[str, Any] | None = None
    sla_breaches: list[dict[str, Any]] | None = None
    quality: VendorQuality | None = None

    @classmethod
    def from_document(cls, document: ResultDocument, vendor: VendorSection, needs: Needs) -> VendorView:
        name = vendor.name
        economics = document.economics
        calls = document.calls
        try:
            reference = date.fromisoformat(document.as_of or document.generated_at[:10])
        except ValueError:
            reference = date.today()
        return cls(
            name=name,
            vendor=vendor,
            needs=needs,
            reference_date=reference,
            audit=by_vendor(document.audit, name),
            legal=by_vendor(document.legal, name),
            offer_economics=by_vendor(economics.best_offer_by_vendor, name) if economics is not None else None,
            economics=economics,
            calls=by_vendor(calls.vendors, name) if calls is not None else None,
            sla_breaches=by_vendor(calls.sla_breaches, name) if calls is not None and _has_breaches(calls) else None,
            quality=by_vendor(document.quality, name),
        )


def _has_breaches(calls: CallsSection) -> bool:
    # An SLA section that was written (even empty) says "checked"; one left out says "not checked".
    return "sla_breaches" in calls.model_fields_set


def by_vendor(section: Mapping[str, V] | None, name: str) -> V | None:
    """A by-vendor section's entry for ``name``; the names typed in the file may differ in case."""
    if section is None:
        return None
    if name in section:
        return section[name]
    folded = name.casefold()
    return next((value for key, value in section.items() if str(key).casefold() == folded), None)


ScaleFunction = Callable[[Needs, ScoringSettings | None], tuple[float, float]]


# Reads one criterion's raw value from one vendor's view.
Extractor = Callable[[VendorView], Measured]

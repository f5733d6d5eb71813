"""What the criteria read: one vendor's view of the result document, and one measured value."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from callscout.model import Needs
from callscout.model.scoring import ScoringSettings


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
    """What the pipeline's sections say about one vendor; each part is None when its stage did not run."""

    name: str
    vendor: dict[str, Any]
    needs: Needs
    reference_date: date
    audit: dict[str, Any] | None = None
    legal: dict[str, Any] | None = None
    offer_economics: dict[str, Any] | None = None
    economics: dict[str, Any] | None = None
    calls: dict[str, Any] | None = None
    sla_breaches: list[Any] | None = None
    quality: dict[str, Any] | None = None

    @classmethod
    def from_document(cls, document: dict[str, Any], vendor: dict[str, Any], needs: Needs) -> VendorView:
        name = vendor["name"]
        economics = document.get("economics") or None
        calls = document.get("calls") or {}
        generated = str(document.get("generated_at") or "")[:10]
        try:
            reference = date.fromisoformat(generated)
        except ValueError:
            reference = date.today()
        return cls(
            name=name,
            vendor=vendor,
            needs=needs,
            reference_date=reference,
            audit=_by_vendor(document.get("audit"), name),
            legal=_by_vendor(document.get("legal"), name),
            offer_economics=_by_vendor((economics or {}).get("best_offer_by_vendor"), name),
            economics=economics,
            calls=_by_vendor(calls.get("vendors"), name),
            sla_breaches=_by_vendor(calls.get("sla_breaches"), name) if "sla_breaches" in calls else None,
            quality=_by_vendor(document.get("quality"), name),
        )


def _by_vendor(section: Any, name: str) -> Any:
    if not isinstance(section, dict):
        return None
    if name in section:
        return section[name]
    folded = name.casefold()
    return next((value for key, value in section.items() if str(key).casefold() == folded), None)


ScaleFunction = Callable[[Needs, ScoringSettings | None], tuple[float, float]]


# Reads one criterion's raw value from one vendor's view.
Extractor = Callable[[VendorView], Measured]

"""Domain types shared by every part of CallScout.

Names are loaded from their submodules on first use: building the pydantic models of an evaluation and its
result document takes a quarter of a CPU-second, which a command that only needs ``Finding`` (``audit``)
should not pay."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from callscout.model.evaluation import FORMAT_VERSION, Evaluation
    from callscout.model.findings import Evidence, Finding, Severity, Status, worst_status
    from callscout.model.needs import CallProfile, HotlineTask, Needs, Schedule, ServiceLevelTarget
    from callscout.model.vendor import PAYMENT_MODELS, Answers, Charge, Contacts, Offer, SlaTerms, Vendor

_SUBMODULES = {
    "evaluation": ("FORMAT_VERSION", "Evaluation"),
    "findings": ("Evidence", "Finding", "Severity", "Status", "worst_status"),
    "needs": ("CallProfile", "HotlineTask", "Needs", "Schedule", "ServiceLevelTarget"),
    "vendor": ("PAYMENT_MODELS", "Answers", "Charge", "Contacts", "Offer", "SlaTerms", "Vendor"),
}
_WHERE = {name: module for module, names in _SUBMODULES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "FORMAT_VERSION",
    "PAYMENT_MODELS",
    "Answers",
    "CallProfile",
    "Charge",
    "Contacts",
    "Evaluation",
    "Evidence",
    "Finding",
    "HotlineTask",
    "Needs",
    "Offer",
    "Schedule",
    "ServiceLevelTarget",
    "Severity",
    "SlaTerms",
    "Status",
    "Vendor",
    "worst_status",
]

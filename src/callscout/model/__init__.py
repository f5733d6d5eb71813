"""Domain types shared by every part of CallScout."""

from callscout.model.evaluation import FORMAT_VERSION, Evaluation
from callscout.model.findings import Evidence, Finding, Severity, Status, worst_status
from callscout.model.needs import CallProfile, HotlineTask, Needs, Schedule, ServiceLevelTarget
from callscout.model.vendor import PAYMENT_MODELS, Answers, Charge, Contacts, Offer, SlaTerms, Vendor

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

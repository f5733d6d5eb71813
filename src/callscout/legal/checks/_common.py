"""What the legal checks share: the finding they make, the evidence of each side, the thresholds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from callscout.i18n import msg
from callscout.legal.claims import SiteClaims
from callscout.legal.ids import inn as inn_number
from callscout.legal.ids import ogrn as ogrn_number
from callscout.legal.ids import ogrnip as ogrnip_number
from callscout.legal.ids.errors import InvalidNumber
from callscout.legal.registry import RegistryRecord
from callscout.model import Evidence, Finding, Severity, Status

CHECK = "legal"
# The tax service's own search of the register, where anyone can confirm a finding by the ИНН.
EGRUL_URL = "https://egrul.nalog.ru/"


@dataclass(frozen=True)
class LegalThresholds:
    """Ages in years: below ``fail_below_years`` fails, below ``warn_below_years`` warns."""

    fail_below_years: float = 2.0
    warn_below_years: float = 5.0
    experience_tolerance_years: float = 1.0
    large_contract_rub_month: float = 150_000.0


def legal_finding(code: str, status: Status, severity: Severity, message: str, *evidence: Evidence) -> Finding:
    return Finding(check=CHECK, code=code, status=status, severity=severity, message=message, evidence=list(evidence))


def registry_evidence(record: RegistryRecord, value: Any) -> Evidence:
    return Evidence(
        url=EGRUL_URL,
        excerpt=msg("legal.checks._common.register", source=record.source, inn=record.inn or "?"),
        value=_text(value),
    )


def _text(value: Any) -> str | None:
    # A text of ours (``Msg``, the register's status in words) stays one: the evidence keeps its key.
    return value if value is None or isinstance(value, str) else str(value)


def site_evidence(site: SiteClaims, value: Any, what: str) -> Evidence:
    return Evidence(url=site.url, excerpt=what, value=_text(value))


def validate_number(number: str) -> tuple[str | None, str | None]:
    """(compact valid number, None) or (None, the user-facing reason it is invalid)."""
    digits = re.sub(r"\D", "", number or "")
    module = {10: inn_number, 12: inn_number, 13: ogrn_number, 15: ogrnip_number}.get(len(digits), inn_number)
    try:
        return module.validate(number), None
    except InvalidNumber as error:
        return None, error.message  # a catalogue text: shown in the reader's language later

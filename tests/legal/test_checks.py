"""The legal checks as a registry: each a class with its metadata, found by walking ``legal.checks``; a check
that crashes is an ``unknown`` finding of the check (not of the vendor) and the other checks still run; junk
in the audit's JSON never crashes a check."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callscout.legal.checks import REGISTRY, LegalCheck, LegalContext, all_checks
from callscout.legal.claims import SiteClaims, VendorFacts
from callscout.legal.crosscheck import evaluate
from callscout.model import Finding, Status
from callscout.model.findings import Cause
from tests.test_legal_crosscheck import TODAY, facts, registry_answer, whois_answer


class CrashingCheck(LegalCheck):
    """Crashes on every vendor.

    Why it matters: shows a crash stays contained.
    How to fix: nothing.
    """

    code = "test_crash"
    title_ru = "падающая проверка"
    title_en = "crashing check"
    order = 25  # between the register's entry and the company's age

    def run(self, context: LegalContext) -> list[Finding]:
        raise RuntimeError("boom")


def test_every_check_has_its_metadata() -> None:
    checks = all_checks()
    assert len(checks) >= 9
    assert len({check.code for check in checks}) == len(checks)
    assert [check.order for check in checks] == sorted(check.order for check in checks)
    for check in checks:
        assert check.title_ru and check.title_en and check.title_ru != check.code
        doc = check.__doc__ or ""
        assert "Why it matters:" in doc and "How to fix:" in doc, check.code


def test_a_crashing_check_is_an_unknown_finding_and_the_others_run(monkeypatch: pytest.MonkeyPatch) -> None:
    clean = evaluate(facts(), registry_answer(), whois_answer(), today=TODAY)
    monkeypatch.setitem(REGISTRY.loaded(), CrashingCheck.code, CrashingCheck)
    result = evaluate(facts(), registry_answer(), whois_answer(), today=TODAY)
    failed = [finding for finding in result.findings if finding.code == "check_failed"]
    assert len(failed) == 1
    assert failed[0].status is Status.UNKNOWN and failed[0].cause is Cause.CHECK
    assert "RuntimeError: boom" in failed[0].message and "test_crash" in (failed[0].evidence[0].excerpt or "")
    # Every other finding is still there, in its place.
    others = [finding for finding in result.findings if finding.code != "check_failed"]
    assert others == clean.findings
    # A check we could not run is never a pass: the vendor is no longer "verified" without saying why.
    assert clean.status == "verified" and result.status != "verified"


def test_a_real_check_crashing_loses_only_its_own_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(self: Any, context: LegalContext) -> list[Finding]:
        raise ValueError("the register's answer had an unexpected shape")

    register_check = REGISTRY["register_entry"]
    clean = evaluate(facts(), registry_answer(), whois_answer(), today=TODAY)
    monkeypatch.setattr(register_check, "run", crash)
    result = evaluate(facts(), registry_answer(), whois_answer(), today=TODAY)
    own = {"entity_status", "name_match", "director_match", "address_match", "main_activity"}
    assert own <= {finding.code for finding in clean.findings}
    assert not own & {finding.code for finding in result.findings}
    assert [finding.code for finding in result.findings if finding.code not in own] == [
        "check_failed" if finding.code == "entity_status" else finding.code
        for finding in clean.findings
        if finding.code not in own - {"entity_status"}
    ]
    assert result.checklist  # the requisites check still ran and left its checklist


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
ENTITY_KEYS = ("legal_form", "name", "full_name", "inn", "ogrn", "ogrnip", "kpp", "legal_address", "director")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    entity=st.dictionaries(st.sampled_from(ENTITY_KEYS), JSON | st.text(max_size=40), max_size=len(ENTITY_KEYS)),
    contacts=JSON,
    claims=JSON,
    inn=st.none() | st.text(max_size=15) | st.from_regex(r"\d{10}|\d{12}", fullmatch=True),
    contract=st.none() | st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e12),
    found=st.booleans(),
)
def test_junk_in_the_audit_never_crashes_a_check(
    entity: dict[str, Any], contacts: Any, claims: Any, inn: str | None, contract: float | None, found: bool
) -> None:
    site = SiteClaims.from_audit(
        {"url": "https://x.example/", "legal_entity": entity, "contacts": contacts, "experience_claims": claims}
    )
    vendor = VendorFacts(name="V", inn=inn, website="https://x.example/", site=site, contract_rub_month=contract)
    result = evaluate(vendor, registry_answer() if found else None, whois_answer() if found else None, today=TODAY)
    crashed = [finding.message for finding in result.findings if finding.code == "check_failed"]
    assert not crashed, crashed
    assert result.status in {"verified", "doubtful", "failed", "unknown"}
    assert result.to_dict()["flags"]


REGISTER_PATHS = (
    "management__name",
    "management__post",
    "management__start_date",
    "state__status",
    "state__registration_date",
    "opf__short",
    "name__short_with_opf",
    "name__full",
    "okved",
    "ogrn",
    "type",
    "address__value",
    "address__data__region_iso_code",
)
REGISTER_JUNK = st.none() | st.text(max_size=30) | st.integers(min_value=-(2**40), max_value=2**45)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.dictionaries(st.sampled_from(REGISTER_PATHS), REGISTER_JUNK, min_size=1, max_size=6))
def test_junk_in_the_register_answer_never_crashes_a_check(changes: dict[str, Any]) -> None:
    try:
        registry = registry_answer(**changes)
    except (ValueError, TypeError, OverflowError):
        return  # the register's parser refused it: its own error, before any check runs
    result = evaluate(facts(), registry, whois_answer(), today=TODAY)
    crashed = [finding.message for finding in result.findings if finding.code == "check_failed"]
    assert not crashed, crashed

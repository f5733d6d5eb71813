from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callscout.legal.claims import SiteClaims, VendorFacts, find_experience_claims
from callscout.legal.crosscheck import LegalThresholds, evaluate
from callscout.legal.matching import address_overlap, names_match, normalize_name, persons_match
from callscout.legal.registry import STATUS_LABELS, RegistryLookup, parse_dadata_party
from callscout.legal.whois import WhoisLookup, parse_whois
from callscout.model import Status

DATA = Path(__file__).parent / "data"
TODAY = date(2026, 11, 27)


def registry_answer(**changes: Any) -> RegistryLookup:
    suggestion = json.loads((DATA / "registry" / "party_legal.json").read_text(encoding="utf-8"))["suggestions"][0]
    for path, value in changes.items():
        target = suggestion["data"]
        *parents, last = path.split("__")
        for parent in parents:
            target = target[parent]
        target[last] = value
    return RegistryLookup(query="5406998879", source="dadata", status="found", record=parse_dadata_party(suggestion))


def whois_answer(created: str = "2007-07-01", taxpayer: str | None = "5406998879") -> WhoisLookup:
    lines = ["% TCI Whois Service.", "domain: ZVONOK-CENTR.RU", "state: REGISTERED, DELEGATED"]
    if taxpayer:
        lines += ['org: OOO "Zvonok-Centr"', f"taxpayer-id: {taxpayer}"]
    else:
        lines += ["person: Private Person"]
    lines += ["registrar: RU-CENTER-RU", f"created: {created}T00:00:00Z", "paid-till: 2027-07-01T00:00:00Z"]
    raw = "\n".join(lines)
    return WhoisLookup(domain="zvonok-centr.ru", status="found", record=parse_whois(raw, "zvonok-centr.ru"), raw=raw)


def site(**entity: Any) -> SiteClaims:
    base = {
        "legal_form": "ООО",
        "name": "ООО «Звонок-Центр»",
        "full_name": "Общество с ограниченной ответственностью «Звонок-Центр»",
        "inn": "5406998879",
        "inn_valid": True,
        "ogrn": "1075406006664",
        "ogrn_valid": True,
        "kpp": "540601001",
        "legal_address": "630102, г. Новосибирск, ул. Кирова, д. 48, офис 501",
        "actual_address": "г. Новосибирск, ул. Кирова, 48",
        "director": {"name": "Кузнецова М. О.", "position": "Генеральный директор"},
    }
    base.update(entity)
    return SiteClaims.from_audit(
        {
            "url": "https://zvonok-centr.ru/",
            "legal_entity": base,
            "contacts": {
                "phones": [{"e164": "+73832103040", "type": "landline", "display": "+7 383 210-30-40", "url": None}],
                "emails": [{"address": "info@zvonok-centr.ru", "url": None}],
            },
            "findings": [],
        }
    )


def facts(claims: SiteClaims | None = None, **values: Any) -> VendorFacts:
    values = {"inn": "5406998879", "website": "https://zvonok-centr.ru/", **values}
    return VendorFacts(name="Звонок-Центр", site=claims or site(), **values)


def codes(result: Any, status: Status | None = None) -> set[str]:
    return {f.code for f in result.findings if status is None or f.status == status}


def test_consistent_vendor_is_verified() -> None:
    result = evaluate(facts(), registry_answer(), whois_answer(), today=TODAY)
    assert result.status == "verified", result.reasons
    assert {"entity_status", "name_match", "director_match", "address_match", "whois_taxpayer_match"} <= codes(
        result, Status.PASS
    )
    assert result.company_age_years == pytest.approx(19.44, abs=0.01)
    assert result.domain_age_years == pytest.approx(19.41, abs=0.01)
    block = result.to_dict()
    assert block["registry"]["okved"] == "82.20" and block["domain"]["registrar"] == "RU-CENTER-RU"
    assert block["domain"]["created"] == "2007-07-01"
    assert all(item["present"] for item in block["requisites_checklist"])
    assert json.dumps(block, ensure_ascii=False)  # the document block is JSON as it is


@pytest.mark.parametrize(
    ("status", "expected", "severity"),
    [("LIQUIDATING", "failed", "critical"), ("LIQUIDATED", "failed", "critical"), ("BANKRUPT", "failed", "critical"),
     ("REORGANIZING", "doubtful", "medium")],
)  # fmt: skip
def test_entity_not_active(status: str, expected: str, severity: str) -> None:
    result = evaluate(facts(), registry_answer(state__status=status), whois_answer(), today=TODAY)
    assert result.status == expected
    flag = next(f for f in result.findings if f.code == "entity_status")
    # The evidence shows the register's status in words, not its code.
    assert flag.severity.value == severity and flag.evidence[0].value == STATUS_LABELS[status][0]


def test_invalid_inn_fails_without_registry_lookup() -> None:
    result = evaluate(facts(inn="5406998870"), None, None, today=TODAY)
    invalid = next(f for f in result.findings if f.code == "inn_invalid")
    assert invalid.status == Status.FAIL and invalid.evidence[0].value == "5406998870"
    assert result.status == "failed"


def test_invalid_ogrn_and_mismatching_ogrn() -> None:
    bad = evaluate(facts(site(ogrn="1075406006665")), registry_answer(), whois_answer(), today=TODAY)
    assert "ogrn_invalid" in codes(bad, Status.FAIL) and bad.status == "failed"
    other = evaluate(facts(site(ogrn="1097746123452")), registry_answer(), whois_answer(), today=TODAY)
    assert "ogrn_mismatch" in codes(other, Status.FAIL)


def test_not_found_in_registry_fails() -> None:
    missing = RegistryLookup(query="5406998879", source="dadata", status="not_found")
    result = evaluate(facts(), missing, whois_answer(), today=TODAY)
    assert result.status == "failed" and "not_in_registry" in codes(result, Status.FAIL)


def test_site_inn_differs_from_stated_inn() -> None:
    result = evaluate(facts(site(inn="7707083893")), registry_answer(), whois_answer(), today=TODAY)
    flag = next(f for f in result.findings if f.code == "inn_differs")
    assert flag.status == Status.WARN and {e.value for e in flag.evidence} == {"7707083893", "5406998879"}


def test_name_director_and_address_mismatches() -> None:
    claims = site(
        name="ООО «Голос Сибири»",
        full_name=None,
        director={"name": "Петров Иван Сергеевич", "position": "Директор"},
        legal_address="г. Москва, ул. Тверская, д. 7",
    )
    result = evaluate(facts(claims), registry_answer(), whois_answer(), today=TODAY)
    assert {"name_mismatch", "director_mismatch", "address_mismatch"} <= codes(result, Status.WARN)
    assert result.status == "doubtful"
    director = next(f for f in result.findings if f.code == "director_mismatch")
    assert "Кузнецова Марина Олеговна" in director.message and "01.01.2015" in director.message


def test_legal_form_mismatch_with_same_name() -> None:
    result = evaluate(
        facts(site(name="АО «Звонок-Центр»", full_name=None, legal_form="АО")),
        registry_answer(),
        whois_answer(),
        today=TODAY,
    )
    assert "legal_form_mismatch" in codes(result, Status.WARN)


def test_whois_taxpayer_id_of_someone_else() -> None:
    result = evaluate(facts(), registry_answer(), whois_answer(taxpayer="7707083893"), today=TODAY)
    flag = next(f for f in result.findings if f.code == "whois_taxpayer_mismatch")
    assert flag.status == Status.WARN and "7707083893" in flag.message
    private = evaluate(facts(), registry_answer(), whois_answer(taxpayer=None), today=TODAY)
    assert "domain_owner_private" in codes(private, Status.WARN)


@pytest.mark.parametrize(
    ("registered_ms", "expected"),
    [(1735689600000, Status.FAIL), (1640995200000, Status.WARN), (1420070400000, Status.PASS)],
)  # 2025-01-01 (1.9 y), 2022-01-01 (4.9 y), 2015-01-01
def test_young_company_thresholds(registered_ms: int, expected: Status) -> None:
    result = evaluate(facts(), registry_answer(state__registration_date=registered_ms), whois_answer(), today=TODAY)
    assert next(f for f in result.findings if f.code == "company_age").status == expected


def test_young_domain_and_configurable_thresholds() -> None:
    young = evaluate(facts(), registry_answer(), whois_answer(created="2025-06-01"), today=TODAY)
    assert next(f for f in young.findings if f.code == "domain_age").status == Status.FAIL
    assert young.status == "failed"
    lenient = evaluate(
        facts(),
        registry_answer(),
        whois_answer(created="2025-06-01"),
        today=TODAY,
        thresholds=LegalThresholds(fail_below_years=1, warn_below_years=1.2),
    )
    assert next(f for f in lenient.findings if f.code == "domain_age").status == Status.PASS


def test_experience_claims_found_in_text() -> None:
    text = (
        "Мы работаем с 2005 года. Более 15 лет на рынке! Основана в 2003 году. "
        "С 2025 года действуют новые правила ГИБДД. 12+ years of experience. 99 лет на рынке."
    )
    claims = find_experience_claims(text, "https://x.ru/about", today=TODAY)
    assert {(c.since_year, c.years) for c in claims} == {(2005, None), (None, 15.0), (2003, None), (None, 12.0)}
    assert all(c.url == "https://x.ru/about" for c in claims)


def test_experience_contradicted_by_registration_and_domain() -> None:
    claims = site()
    claims.experience = find_experience_claims("Колл-центр работает с 2001 года", "https://zvonok-centr.ru/about")
    both = evaluate(facts(claims), registry_answer(), whois_answer(created="2007-07-01"), today=TODAY)
    flag = next(f for f in both.findings if f.code == "experience_contradicted")
    assert flag.status == Status.FAIL and flag.evidence[0].url == "https://zvonok-centr.ru/about"
    one = evaluate(facts(claims), registry_answer(), whois_answer(created="1999-07-01"), today=TODAY)
    assert next(f for f in one.findings if f.code == "experience_contradicted").status == Status.WARN
    claims.experience = find_experience_claims("19 лет на рынке колл-центров", None, today=TODAY)
    fine = evaluate(facts(claims), registry_answer(), whois_answer(), today=TODAY)
    assert "experience_contradicted" not in codes(fine)


def test_claims_are_read_from_audit_json() -> None:
    claims = SiteClaims.from_audit(
        {
            "url": "https://a.ru/",
            "experience_claims": [{"text": "с 2001 года", "since_year": 2001, "url": "https://a.ru/"}],
        }
    )
    assert claims.experience[0].since_year == 2001
    from_findings = SiteClaims.from_audit(
        {
            "url": "https://a.ru/",
            "findings": [
                {
                    "check": "experience_claims",
                    "status": "pass",
                    "evidence": [{"url": "https://a.ru/o", "excerpt": "20 лет на рынке"}],
                }
            ],
        }
    )
    assert from_findings.experience[0].years == 20 and from_findings.experience[0].url == "https://a.ru/o"


def test_main_activity_not_call_center() -> None:
    retail = evaluate(facts(), registry_answer(okved="47.91", okveds=None), whois_answer(), today=TODAY)
    flag = next(f for f in retail.findings if f.code == "main_activity")
    assert flag.status == Status.WARN and flag.severity.value == "medium" and retail.status == "doubtful"
    related = evaluate(facts(), registry_answer(okved="73.11", okveds=None), whois_answer(), today=TODAY)
    assert next(f for f in related.findings if f.code == "main_activity").severity.value == "low"
    assert related.status == "verified"


def test_sole_proprietor_for_a_large_contract() -> None:
    suggestion = json.loads((DATA / "registry" / "party_individual.json").read_text(encoding="utf-8"))["suggestions"][0]
    lookup = RegistryLookup(
        query="540612345667", source="dadata", status="found", record=parse_dadata_party(suggestion)
    )
    big = VendorFacts(name="ИП", inn="540612345667", contract_rub_month=250_000)
    result = evaluate(big, lookup, None, today=TODAY)
    flag = next(f for f in result.findings if f.code == "sole_proprietor")
    assert flag.status == Status.WARN and flag.severity.value == "medium"
    small = evaluate(VendorFacts(name="ИП", inn="540612345667", contract_rub_month=40_000), lookup, None, today=TODAY)
    assert next(f for f in small.findings if f.code == "sole_proprietor").status == Status.PASS


def test_phone_region_far_from_legal_address() -> None:
    near = evaluate(facts(phones=["+7 383 210-30-40"]), registry_answer(), whois_answer(), today=TODAY)
    assert next(f for f in near.findings if f.code == "phone_region").status == Status.PASS
    claims = site()
    claims.phones = [{"e164": "+74951204567", "type": "landline"}, {"e164": "+79165551234", "type": "mobile"}]
    far = evaluate(facts(claims), registry_answer(), whois_answer(), today=TODAY)
    flag = next(f for f in far.findings if f.code == "phone_region")
    assert flag.status == Status.WARN and flag.evidence[0].value == "+74951204567"
    moscow_region = registry_answer(address__data__region_iso_code="RU-MOS")
    assert "phone_region" in codes(evaluate(facts(claims), moscow_region, whois_answer(), today=TODAY), Status.PASS)


def test_requisites_checklist_reports_missing_items() -> None:
    claims = site(full_name=None, actual_address=None, director={"name": None, "position": None})
    claims.emails = []
    result = evaluate(facts(claims), registry_answer(), whois_answer(), today=TODAY)
    missing = {item["item"] for item in result.checklist if item["present"] is False}
    assert missing == {"full_name", "actual_address", "email", "director"}
    flag = next(f for f in result.findings if f.code == "requisites_checklist")
    assert flag.status == Status.WARN and len(flag.evidence) == 4
    confirmed = {item["item"]: item["confirmed"] for item in result.checklist}
    assert confirmed["registration"] is True and confirmed["legal_address"] is True


def test_without_audit_and_registry_the_result_is_unknown() -> None:
    unknown_registry = RegistryLookup(query="5406998879", source="dadata", status="unknown", reason="нет ключа")
    result = evaluate(VendorFacts(name="X", inn="5406998879"), unknown_registry, None, today=TODAY)
    assert result.status == "unknown"
    assert any("нет ключа" in reason for reason in result.reasons)
    checklist = next(f for f in result.findings if f.code == "requisites_checklist")
    assert checklist.status == Status.UNKNOWN


def test_no_inn_anywhere_is_unknown_not_failure() -> None:
    result = evaluate(VendorFacts(name="X"), None, None, today=TODAY)
    assert result.status == "unknown" and "inn_missing" in codes(result, Status.UNKNOWN)


def test_english_messages() -> None:
    from callscout.i18n import set_language

    set_language("en")
    result = evaluate(facts(), registry_answer(state__status="LIQUIDATED"), whois_answer(), today=TODAY)
    assert result.reasons[0] == "the entity's status in the register: liquidated"


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("ООО «Звонок-Центр»", 'ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ "ЗВОНОК-ЦЕНТР"'),
        ("ООО “Звонок Центр”", "ООО ЗВОНОК-ЦЕНТР"),
        ("Звонок-центр, ООО", 'ООО "ЗВОНОК-ЦЕНТР"'),
        ("ООО «Ёлка»", 'ООО "ЕЛКА"'),
    ],
)
def test_names_normalise_forms_quotes_and_case(left: str, right: str) -> None:
    assert names_match([left], [right])[0]
    assert normalize_name(left)[0] == "ооо"


@pytest.mark.parametrize(
    ("site_name", "registry_name", "same"),
    [
        ("Кузнецова М. О.", "Кузнецова Марина Олеговна", True),
        ("М.О. Кузнецова", "Кузнецова Марина Олеговна", True),
        ("Марина Олеговна Кузнецова", "КУЗНЕЦОВА МАРИНА ОЛЕГОВНА", True),
        ("Кузнецова А. О.", "Кузнецова Марина Олеговна", False),
        ("Кузнецов М. О.", "Кузнецова Марина Олеговна", False),
        ("Семёнов С. С.", "Семенов Сергей Сергеевич", True),
    ],
)
def test_persons_match(site_name: str, registry_name: str, same: bool) -> None:
    assert persons_match(site_name, registry_name) is same


def test_address_overlap() -> None:
    registry = "г Новосибирск, ул Кирова, д 48, офис 501"
    assert address_overlap("630102, г. Новосибирск, улица Кирова, дом 48, оф. 501", registry) == 1.0
    assert (address_overlap("г. Новосибирск, ул. Ленина, 12", registry) or 0) < 0.5
    assert address_overlap(None, registry) is None


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)
KEYS = st.sampled_from(["url", "legal_entity", "contacts", "experience_claims", "findings", "phones", "director"])


@settings(max_examples=150, deadline=None)
@given(
    site=st.dictionaries(KEYS, JSON, max_size=6),
    entity=st.dictionaries(
        st.sampled_from(["inn", "ogrn", "name", "full_name", "legal_form", "legal_address", "director"]), JSON
    ),
)
def test_any_audit_json_is_read_without_crashing(site: dict[str, Any], entity: dict[str, Any]) -> None:
    site.setdefault("legal_entity", entity)
    claims = SiteClaims.from_audit(site)
    result = evaluate(facts(claims), registry_answer(), whois_answer(), today=TODAY)
    assert result.status in ("verified", "doubtful", "failed", "unknown")
    json.dumps(result.to_dict(), ensure_ascii=False)


def test_only_an_ogrn_is_not_reported_as_missing_inn() -> None:
    claims = SiteClaims(legal_entity={"ogrn": "1075406006664"}, audited=True)
    result = evaluate(VendorFacts(name="X", site=claims), registry_answer(), None, today=TODAY)
    assert "inn_missing" not in codes(result)


def test_experience_claims_website_check_leaves_facts_and_evidence() -> None:
    from callscout.web_audit.checks.experience_claims import ExperienceClaimsCheck
    from tests.web_audit.sites import html_page, site_of

    home = html_page("http://v.example/", "<p>Колл-центр «Вектор». Работаем с 2005 года.</p>")
    about = html_page("http://v.example/about/", "<p>Более 20 лет на рынке аутсорсинга.</p>")
    site = site_of(home, about)
    [finding] = ExperienceClaimsCheck().run(site)
    assert finding.status == Status.PASS and finding.code == "claims"
    assert [(claim["since_year"], claim["years"], claim["url"]) for claim in site.facts["experience_claims"]] == [
        (2005, None, "http://v.example/"),
        (None, 20.0, "http://v.example/about/"),
    ]
    empty = site_of(html_page("http://e.example/", "<p>Звоните нам.</p>"))
    [nothing] = ExperienceClaimsCheck().run(empty)
    assert nothing.code == "no_claims" and empty.facts["experience_claims"] == []

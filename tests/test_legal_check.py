from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from callscout import evalfile, pipeline
from callscout.demo import demo_evaluation_path
from callscout.legal.check import LegalServices, verify_vendor, whois_lookup
from callscout.legal.claims import SiteClaims, VendorFacts
from callscout.legal.demo import demo_legal_services
from callscout.legal.fakes import FakeRegistryServer, FakeWhoisServer
from callscout.legal.registry import DadataProvider
from callscout.legal.stage import legal_stage
from callscout.legal.whois import WhoisClient
from callscout.model.run import RunContext, RunOptions
from callscout.store import Store
from tests.conftest import DemoRun

DATA = Path(__file__).parent / "data"
TODAY = date(2026, 11, 27)
# The demo's story: one clean vendor per end of the list, one doubtful, three failing for different reasons.
DEMO_STATUSES = {
    "ГолосПро": "verified",
    "Линия 24": "doubtful",
    "ТелеСервис Плюс": "failed",
    "Контакт-Экспресс": "failed",
    "Call Mind": "failed",
    "Открытый Диалог": "verified",
}


def records() -> dict[str, list[dict[str, Any]]]:
    legal = json.loads((DATA / "registry" / "party_legal.json").read_text(encoding="utf-8"))["suggestions"]
    return {"5406998879": legal, "1075406006664": legal}


WHOIS = {
    "zvonok-centr.ru": (DATA / "whois" / "ru_found.txt")
    .read_text(encoding="utf-8")
    .replace("KONTAKT-CENTR.RU", "ZVONOK-CENTR.RU")
    .replace("7707083893", "5406998879")
}


def services_for(registry: FakeRegistryServer, whois: FakeWhoisServer, store: Store, **extra: Any) -> LegalServices:
    return LegalServices(
        registry=DadataProvider("t", base_url=registry.base_url, timeout_s=3),
        whois=WhoisClient(servers={"*": whois.address}, allow_private_network=True, timeout_s=3),
        store=store,
        **extra,
    )


def test_verify_vendor_end_to_end_and_offline_rerun_from_cache(store: Store) -> None:
    facts = VendorFacts(name="Звонок", inn="5406998879", website="https://www.zvonok-centr.ru/")
    with FakeRegistryServer(records(), token="t") as registry, FakeWhoisServer(WHOIS) as whois:
        result = verify_vendor(facts, services_for(registry, whois, store), today=TODAY)
        assert whois.queries == ["zvonok-centr.ru"]
    assert result.status == "verified", result.reasons
    assert result.to_dict()["domain"]["created"] == "2006-03-14"
    # Both servers are gone: a rerun with the network off is answered by the store's cache.
    offline = LegalServices(store=store, network=False)
    again = verify_vendor(facts, offline, today=TODAY)
    assert again.status == "verified" and again.registry and again.registry.from_cache
    assert again.whois and again.whois.from_cache and again.whois.fetched_at is not None


def test_site_with_only_ogrn_is_looked_up_by_ogrn(store: Store) -> None:
    facts = VendorFacts(name="Звонок", site=SiteClaims(legal_entity={"ogrn": "1075406006664"}, audited=True))
    with FakeRegistryServer(records(), token="t") as registry, FakeWhoisServer(WHOIS) as whois:
        result = verify_vendor(facts, services_for(registry, whois, store), today=TODAY)
        assert registry.requests[0]["query"] == "1075406006664"
    assert result.registry is not None and result.registry.status == "found"


def test_whois_cache_respects_max_age(store: Store) -> None:
    with FakeWhoisServer(WHOIS) as whois:
        services = LegalServices(
            whois=WhoisClient(servers={"*": whois.address}, allow_private_network=True, timeout_s=3),
            store=store,
            max_age=timedelta(0),
        )
        whois_lookup("zvonok-centr.ru", services)
        whois_lookup("zvonok-centr.ru", services)
        assert len(whois.queries) == 2


def test_stage_without_audit_and_without_network(tmp_path: Path, store: Store) -> None:
    evaluation = evalfile.load(demo_evaluation_path())
    result = pipeline.run(evaluation, store, tmp_path / "out")
    legal = result.document["legal"]
    assert "legal" in result.document["sections"]
    assert set(legal) == {vendor.name for vendor in evaluation.vendors}
    for block in legal.values():
        assert block["status"] == "unknown"
        assert {"status", "reasons", "registry", "domain", "company_age_years", "flags"} <= set(block)
    assert store.runs(kind="legal")
    assert "Юридическое лицо" in result.html_path.read_text(encoding="utf-8")


def test_stage_reads_the_audit_site_json(tmp_path: Path, store: Store) -> None:
    evaluation = evalfile.load(demo_evaluation_path())
    audit = {
        "ГолосПро": {
            "url": "http://golospro.example/",
            "pages_fetched": 5,
            "findings": [],
            "legal_entity": {
                "legal_form": "ООО",
                "name": "ООО «ГолосПро»",
                "full_name": None,
                "inn": "7701234560",
                "inn_valid": True,
                "ogrn": "1157746012346",
                "ogrn_valid": True,
                "kpp": None,
                "legal_address": "г. Москва, ул. Мясницкая, д. 24/7, стр. 1, помещение 3",
                "actual_address": None,
                "director": {"name": "Иванов И. И.", "position": "Генеральный директор"},
            },
            "contacts": {"phones": [{"e164": "+74951204567", "type": "landline", "display": "", "url": None}]},
            "experience_claims": [
                {"text": "работаем с 2001 года", "since_year": 2001, "url": "http://golospro.example/o"}
            ],
        }
    }

    def legal_with_this_audit(context: RunContext, _document: dict[str, Any]) -> dict[str, Any]:
        return legal_stage(context, audit)  # the audit section is the legal stage's input

    with demo_legal_services(store, today=TODAY) as services:
        stages = [("legal", legal_with_this_audit)]
        original = pipeline.STAGES[:]
        pipeline.STAGES[:] = stages
        try:
            result = pipeline.run(
                evaluation, store, tmp_path / "out", options=RunOptions(legal_services=services, today=TODAY)
            )
        finally:
            pipeline.STAGES[:] = original
    block = result.document["legal"]["ГолосПро"]
    codes = {flag["code"]: flag["status"] for flag in block["flags"]}
    assert codes["director_mismatch"] == "warn"
    assert codes["experience_contradicted"] == "fail"
    assert codes["address_match"] == "pass" and codes["name_match"] == "pass"
    assert block["status"] == "failed"
    assert block["experience_claims"][0]["since_year"] == 2001


def test_demo_is_offline_and_tells_vendors_apart(demo_run: DemoRun) -> None:
    result = demo_run
    legal = result.document["legal"]
    statuses = {name: block["status"] for name, block in legal.items()}
    assert statuses == DEMO_STATUSES
    flags = {
        name: {flag["code"] for flag in block["flags"] if flag["status"] in ("warn", "fail")}
        for name, block in legal.items()
    }
    assert {"whois_taxpayer_mismatch", "phone_region"} <= flags["Линия 24"]
    assert "domain_age" in flags["ТелеСервис Плюс"]
    assert "entity_status" in flags["Контакт-Экспресс"]
    assert {"company_age", "main_activity"} <= flags["Call Mind"]
    assert legal["ГолосПро"]["domain"]["registrar"] == "RU-CENTER-RU"
    html = result.html_path.read_text(encoding="utf-8")
    assert "ликвидируется" in html and "Линия 24" in html


def callscout(*arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "callscout", *arguments],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
    )


def test_cli_legal_check_json_and_table(tmp_path: Path) -> None:
    with FakeRegistryServer(records(), token="cli-token") as registry, FakeWhoisServer(WHOIS) as whois:
        env = {"CALLSCOUT_DADATA_TOKEN": "cli-token", "CALLSCOUT_DADATA_URL": registry.base_url}
        arguments = ["--inn", "5406998879", "--domain", "zvonok-centr.ru", "--whois-server", whois.address]
        arguments += ["--allow-private-network"]
        result = callscout("legal", "check", *arguments, "--output", "json", env=env)
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        assert data["status"] == "verified" and data["registry"]["inn"] == "5406998879"
        assert data["domain"]["created"] == "2006-03-14" and data["query"]["domain"] == "zvonok-centr.ru"
        table = callscout("legal", "check", *arguments, env=env)
        assert table.returncode == 0 and "ЗВОНОК-ЦЕНТР" in table.stdout
        english = callscout("--lang", "en", "legal", "check", "--inn", "5406998870", "--offline", env=env)
        assert english.returncode == 1 and "ИНН" in english.stdout and "invalid" in english.stdout


def test_cli_without_token_is_unknown_and_bad_input_is_usage_error(tmp_path: Path) -> None:
    env = {"CALLSCOUT_DADATA_TOKEN": ""}
    result = callscout("legal", "check", "--inn", "5406998879", "--output", "json", env=env)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["status"] == "unknown" and any("CALLSCOUT_DADATA_TOKEN" in reason for reason in data["reasons"])
    bad = callscout("legal", "check", "--inn", "12ab", env=env)
    assert bad.returncode == 2 and "--inn" in bad.stderr
    nothing = callscout("legal", "check", env=env)
    assert nothing.returncode == 2


def test_website_audit_facts_of_the_demo_sites_feed_the_cross_checks() -> None:
    """The audit's real output on the bundled demo sites, read through the JSON contract."""
    from callscout.web_audit.base import run_checks
    from tests.web_audit.sites import site_from_dir

    evaluation = evalfile.load(demo_evaluation_path())
    results = {}
    with demo_legal_services(None, today=TODAY) as services:
        for vendor in evaluation.vendors:
            site = site_from_dir(vendor.website.split("//", 1)[1].strip("/"))
            findings = run_checks(site)
            site_json = json.loads(
                json.dumps(
                    {"url": site.root_url, "findings": [f.model_dump(mode="json") for f in findings], **site.facts}
                )
            )
            facts = VendorFacts(
                vendor.name, vendor.inn, vendor.website, vendor.contacts.phones, SiteClaims.from_audit(site_json)
            )
            results[vendor.name] = verify_vendor(facts, services, today=TODAY)
    problems = {
        name: {f.code for f in result.findings if f.status.value in ("warn", "fail")}
        for name, result in results.items()
    }
    assert {name: result.status for name, result in results.items()} == DEMO_STATUSES
    assert {"director_mismatch", "address_mismatch", "whois_taxpayer_mismatch"} <= problems["Линия 24"]
    assert {"ogrn_invalid", "entity_status", "experience_contradicted"} <= problems["Контакт-Экспресс"]
    assert "ogrn_mismatch" not in problems["Контакт-Экспресс"]  # an invalid ОГРН is not compared again
    assert {"ogrn_mismatch", "company_age", "main_activity"} <= problems["Call Mind"]
    assert "requisites_checklist" in problems["ТелеСервис Плюс"]
    golospro = results["ГолосПро"]
    assert {f.code for f in golospro.findings if f.status.value == "pass"} >= {
        "name_match",
        "director_match",
        "address_match",
        "whois_taxpayer_match",
    }
    assert golospro.experience and golospro.experience[0].since_year == 2015


def test_cli_legal_vendors_reads_the_cache_of_an_earlier_run(tmp_path: Path) -> None:
    evaluation = evalfile.load(demo_evaluation_path())
    store = Store()  # the default store of this test's CALLSCOUT_HOME, which the command opens too
    try:
        with demo_legal_services(store) as services:
            from callscout.legal.check import verify_evaluation

            expected = {vendor.name: result.status for vendor, result in verify_evaluation(evaluation, services)}
    finally:
        store.close()
    result = callscout(
        "legal", "vendors", "--offline", "--file", str(demo_evaluation_path()), "--output", "json", env={}
    )
    assert result.returncode == 1, result.stderr  # not every vendor is verified
    data = json.loads(result.stdout)
    assert {name: block["status"] for name, block in data.items()} == expected
    assert data["Контакт-Экспресс"]["registry"]["from_cache"] is True


class BrokenProvider(DadataProvider):
    """A provider with a bug: its parser raises what no one expected."""

    def fetch(self, query: str) -> dict[str, Any]:
        return {"suggestions": []}

    def parse(self, raw: dict[str, Any], query: str) -> None:
        raise RuntimeError("parser bug for " + query)


def test_a_crash_for_one_vendor_is_its_unknown_finding_and_the_run_goes_on(tmp_path: Path, store: Store) -> None:
    evaluation = evalfile.load(demo_evaluation_path())
    services = LegalServices(registry=BrokenProvider("t"), store=store, network=False)
    result = pipeline.run(evaluation, store, tmp_path / "out", options=RunOptions(legal_services=services))
    legal = result.document["legal"]
    # Offline, the registry is not asked: only a provider that is reached can crash.
    assert all(block["status"] == "unknown" for block in legal.values())
    services.network = True
    services.whois = WhoisClient(servers={}, iana_server=None)
    crashed = pipeline.run(evaluation, store, tmp_path / "out2", options=RunOptions(legal_services=services))
    block = crashed.document["legal"]["ГолосПро"]
    assert block["status"] == "unknown" and "RuntimeError: parser bug for 7701234560" in block["reasons"][0]
    assert block["flags"][0]["code"] == "check_failed"
    # The vendor without an ИНН never reaches the broken parser: its own checks ran normally.
    no_inn = crashed.document["legal"]["ТелеСервис Плюс"]
    assert {flag["code"] for flag in no_inn["flags"]} >= {"inn_missing", "whois_unknown"}
    assert "check_failed" not in {flag["code"] for flag in no_inn["flags"]}
    assert set(crashed.document["legal"]) == {vendor.name for vendor in evaluation.vendors}


def test_stage_thresholds_come_from_the_options(tmp_path: Path, store: Store) -> None:
    from callscout.legal.crosscheck import LegalThresholds

    evaluation = evalfile.load(demo_evaluation_path())
    lenient = LegalThresholds(fail_below_years=0.1, warn_below_years=0.2)
    with demo_legal_services(store, today=TODAY) as services:
        result = pipeline.run(
            evaluation, store, tmp_path / "out", options=RunOptions(legal_services=services, legal_thresholds=lenient)
        )
    call_mind = {flag["code"]: flag["status"] for flag in result.document["legal"]["Call Mind"]["flags"]}
    assert call_mind["company_age"] == "pass"


def test_report_section_escapes_untrusted_text(tmp_path: Path) -> None:
    from callscout.report.render import render_html

    evil = '<script>alert("x")</script>'
    flag = {
        "check": "legal",
        "status": "warn",
        "severity": "medium",
        "message": evil,
        "code": "name_mismatch",
        "evidence": [{"url": 'javascript:alert(1)" onmouseover="x', "excerpt": evil, "value": evil}],
    }
    document = {
        "language": "ru",
        "callscout_version": "test",
        "generated_at": "now",
        "evaluation": {"name": evil, "buyer": None},
        "sections": ["legal"],
        "legal": {
            evil: {
                "status": "doubtful",
                "reasons": [evil],
                "inn": evil,
                "registry": None,
                "domain": {"name": evil, "created": evil, "age_years": 1.0, "registrar": evil},
                "company_age_years": None,
                "flags": [flag],
            }
        },
    }
    html = render_html(document)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'onmouseover="x' not in html and 'href="javascript' not in html


def test_a_site_the_audit_could_not_read_claims_nothing() -> None:
    from callscout.legal.claims import SiteClaims
    from callscout.web_audit.audit import not_audited_json

    unread = SiteClaims.from_audit(not_audited_json("http://golospro.example/"))
    assert not unread.audited and unread.url == "http://golospro.example/"
    read = SiteClaims.from_audit(
        {"url": "http://a.example/", "pages_fetched": 3, "legal_entity": {"inn": "7701234560"}}
    )
    assert read.audited and read.entity("inn") == "7701234560"

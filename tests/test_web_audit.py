"""The audit core: checks see the crawl, facts become the JSON contract, runs are kept in the store."""

from __future__ import annotations

import re
import wave
from dataclasses import replace
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from callscout.i18n import set_language, tr
from callscout.model import Evidence, Finding, Severity, Status
from callscout.store import Store
from callscout.web_audit.audit import (
    RUN_KIND,
    SiteAudit,
    audit_site,
    audit_sites,
    contract_schema,
    latest_site_json,
    not_audited_json,
    save_audit,
)
from callscout.web_audit.base import Check, SiteContext, all_checks
from callscout.web_audit.checks.call_recordings import CallRecordingsCheck
from callscout.web_audit.crawler import CrawlOptions
from callscout.web_audit.siteserver import SiteServer

SITES = Path(__file__).parent / "fixtures" / "sites"
SITE = "http://okno-svyazi.example/"


class FactsCheck(Check):
    """Reads what the real checks read, the simple way, and fills every contract fact.

    Why it matters: it stands in for the real checks in these tests.
    How to fix: nothing to fix.
    """

    code = "test_facts"
    title_ru = title_en = "test"
    criterion = "test"

    def run(self, site: SiteContext) -> list[Finding]:
        text = "\n".join(page.text for page in site.ok_pages())
        inn = re.search(r"ИНН\s+(\d{10})", text)
        policy = next((page for page in site.ok_pages() if "152-ФЗ" in page.text), None)
        audio = [link.url for page in site.ok_pages() for link in page.links if link.url.endswith(".wav")]
        recordings = []
        for url in dict.fromkeys(audio):
            resource = site.fetch_resource(url)
            with wave.open(__import__("io").BytesIO(resource.body)) as file:
                duration = file.getnframes() / file.getframerate()
            recordings.append({"url": url, "bytes": len(resource.body), "duration_s": duration})
        site.facts["legal_entity"] = {"inn": inn.group(1) if inn else None, "inn_valid": True, "legal_form": "ООО"}
        site.facts["contacts"] = {
            "phones": [{"e164": "+74951234567", "type": "landline", "display": "+7 (495) 123-45-67", "url": SITE}],
            "emails": [{"address": "info@okno-svyazi.example", "url": SITE + "kontakty/"}],
        }
        site.facts["privacy_policy"] = {"url": policy.url} if policy else None
        site.facts["news"] = {"url": SITE + "novosti/", "latest_date": date(2026, 10, 1)}
        site.facts["recordings"] = recordings
        return [
            Finding(
                check=self.code,
                status=Status.FAIL if inn is None else Status.PASS,
                severity=Severity.HIGH,
                message="ИНН",
                evidence=[Evidence(url=SITE, value=inn.group(1) if inn else None)],
            )
        ]


class CrashingCheck(Check):
    """Why it matters: shows a crash stays contained.

    How to fix: nothing.
    """

    code = "test_crash"
    title_ru = title_en = criterion = "crash"

    def run(self, site: SiteContext) -> list[Finding]:
        raise RuntimeError("boom")


@pytest.fixture(scope="module")
def audited() -> dict:
    with SiteServer(SITES) as server:
        options = CrawlOptions(host_overrides=server.overrides)
        audit = audit_site(SITE, options, checks=[CrashingCheck, FactsCheck])
    return {"audit": audit}


def test_checks_see_the_site_and_fill_the_contract(audited: dict) -> None:
    audit = audited["audit"]
    document = audit.to_json()
    jsonschema.Draft202012Validator(contract_schema()).validate(document)
    assert document["url"] == SITE
    assert document["legal_entity"]["inn"] == "7707083893"
    assert document["legal_entity"]["director"] == {"name": None, "position": None}
    assert document["privacy_policy"]["url"] == SITE + "docs/privacy-policy.pdf"
    assert document["news"] == {"url": SITE + "novosti/", "latest_date": "2026-10-01", "dates": []}
    assert document["reviews"] == {"url": None, "count": None, "latest_date": None, "dates": []}
    assert document["entities"] == [] and document["legal_entity"]["why"] == []
    assert [item["duration_s"] for item in document["recordings"]] == [0.5, 0.25]
    assert [item["bytes"] for item in document["recordings"]] == [8044, 4044]
    crash = next(finding for finding in document["findings"] if finding["check"] == "test_crash")
    assert crash["status"] == "unknown" and "boom" in crash["message"]
    assert document["status"] == "unknown"  # the crashed check is unknown, worse than a pass
    assert {resource.url for resource in audit.resources} == {SITE + "media/call-1.wav", SITE + "media/call-2.wav"}


def test_schema_rejects_what_breaks_the_contract(audited: dict) -> None:
    document = audited["audit"].to_json()
    validator = jsonschema.Draft202012Validator(contract_schema())
    document["findings"][0]["status"] = "ok"
    document["contacts"]["phones"][0].pop("e164")
    messages = sorted(error.message for error in validator.iter_errors(document))
    assert any("'ok' is not one of" in message for message in messages)
    assert any("'e164' is a required property" in message for message in messages)


def test_a_site_that_was_never_audited_is_unknown() -> None:
    document = not_audited_json("https://vendor.example/")
    jsonschema.Draft202012Validator(contract_schema()).validate(document)
    assert document["status"] == "unknown" and document["findings"][0]["code"] == "not_audited"
    assert document["privacy_policy"] is None and document["contacts"] == {"phones": [], "emails": []}


def test_runs_are_kept_with_their_bytes_and_reused(audited: dict) -> None:
    audit = audited["audit"]
    store = Store()
    try:
        assert latest_site_json(store, SITE) is None
        run_id = save_audit(store, audit)
        [run] = store.runs(kind=RUN_KIND, target=SITE)
        assert run.id == run_id and run.summary["pages_fetched"] == audit.pages_fetched
        snapshots = {snapshot.url: snapshot for snapshot in store.run_snapshots(run_id)}
        pdf = snapshots[SITE + "docs/privacy-policy.pdf"]
        assert pdf.body == (SITES / "okno-svyazi.example/docs/privacy-policy.pdf").read_bytes()
        assert snapshots[SITE + "media/call-1.wav"].content_type == "audio/x-wav"
        assert latest_site_json(store, "okno-svyazi.example") is None  # a bare name means https
        reused = latest_site_json(store, SITE.upper().replace("HTTP", "http")) or {}
        assert reused == audit.to_json() and reused["run_id"] == run_id
        jsonschema.Draft202012Validator(contract_schema()).validate(reused)
    finally:
        store.close()


def test_a_failing_site_is_a_fail_and_a_crashing_one_does_not_stop_others() -> None:
    with SiteServer(SITES) as server:
        overrides = {**server.overrides, "missing.example": ("127.0.0.1", server.port)}
        options = CrawlOptions(host_overrides=overrides, request_timeout=3)
        good, missing = audit_sites([SITE, "http://missing.example/"], options, checks=[FactsCheck])
    assert good.has_failures is False and good.status is Status.PASS
    assert missing.has_failures is True  # 404 on the start page: the vendor's site is broken
    assert [finding.code for finding in missing.findings] == ["site_http_404"]


def test_registered_checks_keep_the_contract_on_a_real_site() -> None:
    """Every check in the registry runs on the fixture site without crashing and its facts fit the schema."""
    with SiteServer(SITES) as server:
        audit = audit_site(SITE, CrawlOptions(host_overrides=server.overrides))
    document = audit.to_json()
    jsonschema.Draft202012Validator(contract_schema()).validate(document)
    crashed = [finding.message for finding in audit.findings if finding.code == "check_failed"]
    assert crashed == []
    assert {finding.check for finding in audit.findings} <= {check.code for check in all_checks()}


class LanguageCheck(Check):
    """Why it matters: messages are in the user's language.

    How to fix: nothing.
    """

    code = "test_language"
    title_ru = title_en = criterion = "language"

    def run(self, site: SiteContext) -> list[Finding]:
        return [Finding(check=self.code, status=Status.PASS, message=tr("по-русски", "in English"))]


def test_the_chosen_language_reaches_checks_in_their_threads() -> None:
    import asyncio

    set_language("en")
    with SiteServer(SITES) as server:
        options = CrawlOptions(host_overrides=server.overrides, max_pages=2)
        direct = audit_site(SITE, options, checks=[LanguageCheck])

        async def from_a_running_loop() -> SiteAudit:  # as the web app would call it
            return audit_site(SITE, options, checks=[LanguageCheck])

        nested = asyncio.run(from_a_running_loop())
    assert [finding.message for finding in direct.findings] == ["in English"]
    assert [finding.message for finding in nested.findings] == ["in English"]


class StuckCheck(Check):
    """Why it matters: a check stuck on hostile text must not hold the audit.

    How to fix: nothing.
    """

    code = "test_stuck"
    title_ru = title_en = criterion = "stuck"

    def run(self, site: SiteContext) -> list[Finding]:
        import time

        time.sleep(1.5)
        return []


class SlowCheck(Check):
    """Why it matters: checks of many sites queue for one thread; queueing is not overrunning.

    How to fix: nothing.
    """

    code = "test_slow"
    title_ru = title_en = criterion = "slow"

    def run(self, site: SiteContext) -> list[Finding]:
        import time

        time.sleep(0.4)
        return [Finding(check=self.code, status=Status.PASS, message="ok")]


def test_checks_that_do_not_finish_in_time_become_unknown() -> None:
    with SiteServer(SITES) as server:
        options = CrawlOptions(host_overrides=server.overrides, max_pages=1, checks_timeout=0.3)
        audit = audit_site(SITE, options, checks=[StuckCheck])
        # The stuck check keeps its thread; the next site's checks get a fresh one at once.
        after = audit_site(SITE, options, checks=[LanguageCheck])
    assert [(finding.code, finding.status) for finding in audit.findings] == [("checks_timeout", Status.UNKNOWN)]
    assert [finding.check for finding in after.findings] == ["test_language"]


def test_time_waiting_behind_other_sites_checks_does_not_count() -> None:
    sites = [f"http://{host}/" for host in ("okno-svyazi.example", "tolko-mobilnyi.example")] * 2
    with SiteServer(SITES) as server:
        options = CrawlOptions(host_overrides=server.overrides, max_pages=1, checks_timeout=0.7)
        audits = audit_sites(sites, options, checks=[SlowCheck])
    # Four sites' checks of 0.4 s each run one after another: the last waits 1.2 s, none overruns.
    assert [[finding.check for finding in audit.findings] for audit in audits] == [["test_slow"]] * 4


def test_recordings_found_by_the_audit_keep_their_verdicts_for_the_quality_report() -> None:
    with SiteServer(SITES) as server:
        audit = audit_site(SITE, CrawlOptions(host_overrides=server.overrides), checks=[CallRecordingsCheck])
    recordings = audit.to_json()["recordings"]
    assert {item["url"]: item["verdict"] for item in recordings} == {
        SITE + "media/call-1.wav": "poor",
        SITE + "media/call-2.wav": "poor",
    }
    verdicts = [finding for finding in audit.findings if finding.code == "recording_poor"]
    assert len(verdicts) == 2 and all(finding.check == "call_recordings" for finding in verdicts)
    store = Store()
    try:
        save_audit(store, audit)
        audio_runs = store.runs(kind="audio")
        assert sorted(run.target for run in audio_runs) == [SITE + "media/call-1.wav", SITE + "media/call-2.wav"]
        assert all(run.summary["verdict"] == "poor" for run in audio_runs)
    finally:
        store.close()


def test_checks_in_worker_processes_find_what_the_checks_thread_finds() -> None:
    sites = [f"http://{host}/" for host in ("okno-svyazi.example", "tolko-mobilnyi.example")]
    checks = [*all_checks(), LanguageCheck]  # a check only this process knows stays in the checks thread
    set_language("en")
    try:
        with SiteServer(SITES) as server:
            options = CrawlOptions(host_overrides=server.overrides, max_pages=10)
            here = audit_sites(sites, options, checks=checks)
            workers = audit_sites(sites, replace(options, check_processes=2), checks=checks)
    finally:
        set_language(None)

    def outcome(audit: SiteAudit) -> tuple:
        document = audit.to_json()
        return document["findings"], {key: document[key] for key in ("legal_entity", "contacts", "recordings")}

    assert [outcome(audit) for audit in workers] == [outcome(audit) for audit in here]
    # The registered checks ran elsewhere (their CPU is counted), in the chosen language, in the given order.
    assert all(audit.worker_cpu_s > 0 for audit in workers)
    assert here[0].findings and {finding.check for finding in here[0].findings} >= {"requisites", "test_language"}
    assert any(finding.message.isascii() for finding in workers[0].findings if finding.check == "requisites")


def test_on_check_counts_every_check_in_the_thread_and_in_worker_processes() -> None:
    """The progress hook the cabinet shows («проверки: 12 из 30») instead of subclassing each check: once
    at the start with the total, then once per check, wherever the check ran, ending at total of total."""
    checks = [*all_checks(), LanguageCheck, FactsCheck]  # two that only this process knows (checks thread)
    with SiteServer(SITES) as server:
        for processes in (0, 2):
            calls: list[tuple[str | None, int, int]] = []
            options = CrawlOptions(host_overrides=server.overrides, max_pages=10, check_processes=processes)
            audit = audit_site(SITE, options, checks=checks, on_check=lambda *call, seen=calls: seen.append(call))
            total = len(checks)
            assert calls[0] == (None, 0, total)
            assert sorted(done for _code, done, _total in calls[1:]) == list(range(1, total + 1))
            assert {code for code, _done, _total in calls[1:]} == {check.code for check in checks}
            assert all(seen_total == total for _code, _done, seen_total in calls)
            assert "test_language" in {finding.check for finding in audit.findings}
            if processes:
                assert audit.worker_cpu_s > 0  # the registered checks did run in the workers

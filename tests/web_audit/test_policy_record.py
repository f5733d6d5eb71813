"""The privacy policy as a record, through real crawls of sites served on 127.0.0.1.

A policy document on another host (a cloud drive) is fetched once through the crawler's bounded,
guarded download; a link answering 404 is a broken policy, not a missing one; a link to a private
address is never fetched.
"""

from __future__ import annotations

from pathlib import Path

from callscout.model import Status
from callscout.web_audit.audit import audit_site
from callscout.web_audit.checks.privacy_policy import PrivacyPolicyCheck, policy_record
from callscout.web_audit.crawler import CrawlOptions
from callscout.web_audit.siteserver import SiteServer
from tests.web_audit.sites import html_page, site_of

POLICY = (
    "<html><head><title>Документ</title></head><body><h1>Положение о порядке обработки персональных данных</h1>"
    + "<p>Оператор персональных данных — ООО «Облачный Вендор», ИНН 7707083893. Обработка персональных данных "
    "ведётся в соответствии с Федеральным законом № 152-ФЗ «О персональных данных».</p>" * 4 + "</body></html>"
)


def _site(root: Path, host: str, files: dict[str, str]) -> None:
    for path, body in files.items():
        file = root / host / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(body, encoding="utf-8")


def _policy_findings(audit: object) -> dict:
    return {finding.code: finding for finding in audit.findings if finding.check == "privacy_policy"}  # type: ignore[attr-defined]


def test_an_off_site_policy_is_fetched_once_and_judged(tmp_path: Path) -> None:
    _site(
        tmp_path,
        "vendor.example",
        {
            "index.html": '<p>Колл-центр</p><a href="http://cloud-docs.example/d/policy.html">'
            "Политика конфиденциальности</a>"
        },
    )
    _site(tmp_path, "cloud-docs.example", {"d/policy.html": POLICY})
    with SiteServer(tmp_path) as server:
        audit = audit_site("http://vendor.example/", CrawlOptions(host_overrides=server.overrides, max_pages=5))
    record = audit.to_json()["privacy_policy"]
    assert record == {
        "url": "http://cloud-docs.example/d/policy.html",
        "link_url": "http://cloud-docs.example/d/policy.html",
        "link_text": "Политика конфиденциальности",
        "reachable": True,
        "status": 200,
        "document_url": "http://cloud-docs.example/d/policy.html",
        "kind": "external",
        "mentions_152fz": True,
        "operator_named": True,
    }
    assert [page.url for page in audit.resources] == ["http://cloud-docs.example/d/policy.html"]
    assert _policy_findings(audit)["found"].status is Status.PASS


def test_a_policy_link_answering_404_is_broken_not_missing(tmp_path: Path) -> None:
    _site(
        tmp_path,
        "vendor.example",
        {"index.html": '<a href="/politika-konfidencialnosti/">Политика конфиденциальности</a>'},
    )
    with SiteServer(tmp_path) as server:
        audit = audit_site("http://vendor.example/", CrawlOptions(host_overrides=server.overrides, max_pages=5))
    record = audit.to_json()["privacy_policy"]
    assert record["link_url"] == "http://vendor.example/politika-konfidencialnosti/"
    assert (record["reachable"], record["status"], record["kind"]) == (False, 404, "page")
    findings = _policy_findings(audit)
    assert "missing" not in findings
    assert findings["unreachable"].status is Status.FAIL and "404" in findings["unreachable"].message


def test_a_policy_on_a_private_address_is_not_fetched(tmp_path: Path) -> None:
    _site(
        tmp_path,
        "vendor.example",
        {"index.html": '<a href="http://10.0.0.7/privacy.pdf">Политика конфиденциальности</a>'},
    )
    with SiteServer(tmp_path) as server:
        audit = audit_site("http://vendor.example/", CrawlOptions(host_overrides=server.overrides, max_pages=5))
    record = audit.to_json()["privacy_policy"]
    assert (record["kind"], record["reachable"], record["status"]) == ("pdf", False, None)
    [refused] = audit.resources
    assert refused.status_code is None and refused.error_code == "private_address"  # the guard said no
    assert _policy_findings(audit)["unreachable"].status is Status.FAIL


def test_a_modal_policy_is_a_policy() -> None:
    modal_text = "<p>Оператор обрабатывает персональные данные по закону 152-ФЗ «О персональных данных».</p>" * 6
    page = html_page(
        "http://vendor.example/",
        '<form><input name="phone"><a data-remodal-target="modal-privacy" href="javascript:;">'
        "Согласен с политикой конфиденциальности</a></form>"
        f'<div data-remodal-id="modal-privacy"><p>Политика конфиденциальности</p>{modal_text}'
        "<p>ООО «Интакт», ИНН 7715744138</p></div>",
    )
    site = site_of(page)
    record, document = policy_record(site)
    assert document is None and record is not None
    assert (record["kind"], record["link_text"], record["reachable"]) == (
        "modal",
        "Согласен с политикой конфиденциальности",
        True,
    )
    assert record["mentions_152fz"] is True and record["operator_named"] is True
    findings = {finding.code: finding for finding in PrivacyPolicyCheck().run(site)}
    assert findings["found_modal"].status is Status.PASS


def test_a_page_that_is_the_policy_without_a_title() -> None:
    body = "<p>Политика в отношении обработки персональных данных</p>" + (
        "<p>Оператор обрабатывает персональные данные субъектов персональных данных по 152-ФЗ.</p>" * 5
    )
    site = site_of(html_page("http://vendor.example/include/licenses_detail.php", body))
    record, document = policy_record(site)
    assert document is not None and record is not None
    assert (record["kind"], record["document_url"], record["link_url"]) == (
        "page",
        "http://vendor.example/include/licenses_detail.php",
        None,
    )

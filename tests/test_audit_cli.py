"""``callscout audit`` as a user runs it, the pipeline's audit stage and its report section."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import jsonschema

from callscout import evalfile, pipeline
from callscout.demo import demo_evaluation_path, demo_sites_path
from callscout.model.run import RunOptions
from callscout.report.render import render_html
from callscout.store import Store
from callscout.web_audit.audit import audit_site, contract_schema, not_audited_json, save_audit
from callscout.web_audit.crawler import CrawlOptions
from callscout.web_audit.siteserver import SiteServer
from tests.conftest import DemoRun
from tests.test_cli import callscout
from tests.web_servers import https_sites, page, send, serve

SITES = Path(__file__).parent / "fixtures" / "sites"
VALIDATOR = jsonschema.Draft202012Validator(contract_schema())


def exit_code_follows_findings(result: subprocess.CompletedProcess[str]) -> list[dict]:
    """The audit's JSON, after checking the exit code: 1 exactly when some finding is a fail."""
    documents = json.loads(result.stdout)
    failed = any(finding["status"] == "fail" for document in documents for finding in document["findings"])
    assert result.returncode == (1 if failed else 0), result.stderr
    return documents


def test_offline_audit_of_saved_sites_as_json(tmp_path: Path) -> None:
    result = callscout("audit", "--from-dir", str(SITES), "--output", "json", cwd=tmp_path)
    documents = exit_code_follows_findings(result)
    assert [document["url"] for document in documents] == [
        "http://okno-svyazi.example/",
        "http://tolko-mobilnyi.example/",
    ]
    for document in documents:
        VALIDATOR.validate(document)
    assert documents[0]["pages_fetched"] == 9 and documents[0]["run_id"] is not None


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    nothing = callscout("audit", cwd=tmp_path)
    assert nothing.returncode == 2 and "укажите адреса сайтов" in nothing.stderr
    bad = callscout("audit", "a.example", "http://", "--no-save", cwd=tmp_path)
    assert bad.returncode == 2 and "не адрес сайта: http://" in bad.stderr
    resolve = callscout("audit", "a.example", "--resolve", "a.example", cwd=tmp_path)
    assert resolve.returncode == 2 and "--resolve" in resolve.stderr


def test_private_network_flag_budget_and_exit_codes(tmp_path: Path) -> None:
    links = "".join(f'<a href="/p{n}">p{n}</a>' for n in range(10))
    routes = {
        "/": lambda h: send(h, page(links)),
        "/p0": lambda h: send(h, page("x")),
        "*": lambda h: send(h, "", status=404),
    }
    with serve(routes) as server:
        refused = callscout("audit", server.url(), "--output", "json", "--no-save", cwd=tmp_path)
        # Unknown, not a failure of the vendor; but nothing was audited, so the command does not exit 0.
        assert refused.returncode == 1, refused.stderr
        assert "адрес в частной сети не проверен" in refused.stderr
        assert json.loads(refused.stdout)[0]["findings"][0]["code"] == "site_private_address"
        assert server.requests == []
        allowed = callscout(
            "audit", server.url(), "--allow-private-network", "--max-pages", "3", "--output", "json", cwd=tmp_path
        )
        assert exit_code_follows_findings(allowed)[0]["pages_fetched"] == 3
        broken = callscout("audit", server.url("/missing"), "--allow-private-network", "--no-save", cwd=tmp_path)
        assert broken.returncode == 1  # the start page is a 404: a fail finding
        assert "404" in broken.stdout


def test_audit_of_an_evaluation_file_by_vendor(tmp_path: Path) -> None:
    evaluation = evalfile.load(demo_evaluation_path())
    file = tmp_path / "evaluation.yaml"
    # The CLI trusts only the public certificate authorities, so this copy names the sites by http://.
    file.write_text(demo_evaluation_path().read_text(encoding="utf-8").replace("https://", "http://"), "utf-8")
    # The first vendor's host serves a copy of a fixture site; the others' hosts answer 404.
    shutil.copytree(SITES / "okno-svyazi.example", tmp_path / "sites" / "golospro.example")
    with SiteServer(tmp_path / "sites") as server:
        resolves = [
            f"--resolve={vendor.website.split('/')[2]}=127.0.0.1:{server.port}" for vendor in evaluation.vendors
        ]
        result = callscout("audit", "--file", str(file), *resolves, "--output", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # five vendors' sites answer 404
    documents = json.loads(result.stdout)
    assert len(documents) == 6
    assert [document["vendor"] for document in documents] == [vendor.name for vendor in evaluation.vendors]
    for document in documents:
        VALIDATOR.validate(document)
    assert documents[0]["pages_fetched"] == 9
    assert not [finding for finding in documents[0]["findings"] if finding["check"] == "crawl"]
    assert all(document["findings"][0]["code"] == "site_http_404" for document in documents[1:])
    store = Store()
    try:
        runs = store.runs(kind="web")
        vendor_id = store.vendor_id(evaluation.name, "ГолосПро")
        assert vendor_id is not None and {
            run.vendor_id for run in runs if run.target.startswith("http://golospro.example")
        } == {vendor_id}
    finally:
        store.close()


def test_pipeline_reuses_stored_runs_and_marks_the_rest_unknown(tmp_path: Path) -> None:
    evaluation = evalfile.load(demo_evaluation_path())
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    try:
        with https_sites(SITES, ["golospro.example"], tmp_path / "ca") as (server, authority):
            options = CrawlOptions(host_overrides=server.overrides, trusted_ca=authority)
            audit = audit_site("https://golospro.example/", options, checks=[])
        save_audit(store, audit)
        result = pipeline.run(evaluation, store, tmp_path / "out")
    finally:
        store.close()
    sites = result.document["audit"]
    assert list(sites) == [vendor.name for vendor in evaluation.vendors]
    assert sites["ГолосПро"]["run_id"] == audit.run_id
    assert all(sites[name]["findings"][0]["code"] == "not_audited" for name in list(sites)[1:])
    for document in sites.values():
        VALIDATOR.validate(document)
    assert "Аудит сайтов" in result.html_path.read_text(encoding="utf-8")


def test_demo_audits_every_vendor_through_the_local_server(demo_run: DemoRun) -> None:
    result = demo_run
    sites = result.document["audit"]
    assert len(sites) == 6
    for document in sites.values():
        VALIDATOR.validate(document)
        assert document["audited_at"] is not None and document["run_id"] is not None
    assert "audit" in result.document["sections"]
    hosts_with_files = {path.name for path in demo_sites_path().iterdir()} if demo_sites_path().is_dir() else set()
    for document in sites.values():
        if document["url"].split("/")[2] in hosts_with_files:
            # A bundled demo site is crawled whole, with no crawl problem at all.
            assert document["pages_fetched"] >= 3
            assert [finding for finding in document["findings"] if finding["check"] == "crawl"] == []
        else:
            assert [finding["code"] for finding in document["findings"]] == ["site_http_404"]
    _well_run_vendors_have_https_and_all_keep_their_legal_data(result.document)


def _well_run_vendors_have_https_and_all_keep_their_legal_data(document: dict) -> None:
    evaluation = evalfile.load(demo_evaluation_path())
    https_codes = {"no_https", "tls_unknown", "invalid_certificate", "certificate_expiring", "https"}
    plain = []
    for vendor in evaluation.vendors:
        site = document["audit"][vendor.name]
        verdict = next(f for f in site["findings"] if f["check"] == "site_basics" and f["code"] in https_codes)
        if vendor.website.startswith("https://"):
            assert (verdict["code"], verdict["status"]) == ("https", "pass"), vendor.name
            assert site["tls"]["certificate_valid"] is True and site["tls"]["issuer"] == "commonName=CallScout demo CA"
        else:
            plain.append(vendor.name)
            assert (verdict["code"], verdict["status"]) == ("no_https", "fail"), vendor.name
        # whois and the registry are keyed by the domain, which did not change with the scheme.
        legal = document["legal"][vendor.name]
        assert legal["domain"]["name"] == vendor.website.split("/")[2] and legal["domain"]["age_years"] > 0
        assert legal["status"] != "unknown", vendor.name
    assert plain == ["ТелеСервис Плюс"]


def test_audit_section_escapes_everything_from_sites() -> None:
    site = not_audited_json("https://evil.example/")
    site["findings"][0]["message"] = "<script>alert(1)</script>"
    site["findings"][0]["params"] = {}  # shown from its stored text (an older run's), not from the catalogue
    site["findings"][0]["evidence"] = [
        {"url": "javascript:alert(2)", "excerpt": '"><img src=x onerror=alert(3)>', "value": None}
    ]
    site["contacts"]["emails"] = [{"address": "<b>x</b>@evil.example", "url": None}]
    document = {
        "language": "ru",
        "callscout_version": "t",
        "generated_at": "now",
        "evaluation": {"name": "<i>оценка</i>", "buyer": None},
        "sections": ["audit"],
        "audit": {"<Злой> вендор": site},
        "audit_checks": {},
    }
    html = render_html(document)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert 'href="javascript:' not in html and "javascript:alert(2)" in html
    assert "<img src=x" not in html and "<b>x</b>" not in html
    assert "&lt;Злой&gt; вендор" in html


def test_pipeline_audits_live_only_when_asked(tmp_path: Path) -> None:
    evaluation = evalfile.load(demo_evaluation_path())
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    try:
        hosts = [vendor.website.split("/")[2] for vendor in evaluation.vendors]
        with https_sites(SITES, hosts, tmp_path / "ca") as (server, authority):
            overrides = {host: ("127.0.0.1", server.port) for host in hosts}
            crawl = CrawlOptions(host_overrides=overrides, trusted_ca=authority)
            options = RunOptions(online=True, crawl=crawl)
            result = pipeline.run(evaluation, store, tmp_path / "out", options=options)
        runs = store.runs(kind="web")
    finally:
        store.close()
    assert len(runs) == 6 and all(run.vendor_id is not None for run in runs)
    assert {site["findings"][0]["code"] for site in result.document["audit"].values()} == {"site_http_404"}

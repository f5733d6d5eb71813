"""HTTPS in the website audit, against the local site server with certificates from a throwaway CA:
what the crawler records about a certificate and what ``site_basics`` concludes from it."""

from __future__ import annotations

import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from callscout.i18n import language
from callscout.model import Finding, Status
from callscout.web_audit.audit import SiteAudit, audit_site
from callscout.web_audit.checks.site_basics import SiteBasicsCheck
from callscout.web_audit.crawler import CrawlOptions
from callscout.web_audit.localtls import LocalCA, site_certificates
from callscout.web_audit.net import der_not_after
from callscout.web_audit.siteserver import SiteServer

HOSTS = ("good.example", "old.example", "wrong.example", "soon.example", "plain.example")
PAGE = "<!doctype html><html><head><meta charset='utf-8'><title>{host}</title></head><body>{body}</body></html>"


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> LocalCA:
    return LocalCA(tmp_path_factory.mktemp("ca"))


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory, authority: LocalCA) -> Iterator[SiteServer]:
    """Five one-link sites: a good certificate, an expired one, one issued for another host, one that
    expires in five days, and a site with no certificate at all."""
    root = tmp_path_factory.mktemp("sites")
    for host in HOSTS:
        (root / host / "kontakty").mkdir(parents=True)
        body = '<p>Колл-центр © 2026</p><a href="/kontakty/">Контакты</a>'
        (root / host / "index.html").write_text(PAGE.format(host=host, body=body), encoding="utf-8")
        (root / host / "kontakty" / "index.html").write_text(PAGE.format(host=host, body="тел."), encoding="utf-8")
    now = datetime.now(UTC)
    certificates = site_certificates(authority, ["good.example"])
    certificates["old.example"] = authority.issue(
        ["old.example"], not_before=now - timedelta(days=400), not_after=now - timedelta(days=35)
    )
    certificates["wrong.example"] = authority.issue(["somebody-else.example"])
    certificates["soon.example"] = authority.issue(["soon.example"], not_after=now + timedelta(days=5))
    with SiteServer(root, certificates=certificates) as server:
        yield server


def crawl(sites: SiteServer, url: str, trusted_ca: Path | None) -> SiteAudit:
    options = CrawlOptions(host_overrides=sites.overrides, trusted_ca=trusted_ca, respect_robots=False)
    return audit_site(url, options, checks=[SiteBasicsCheck])


def https_verdict(audit: SiteAudit) -> Finding:
    [verdict] = [
        f for f in audit.findings if f.check == "site_basics" and f.code not in ("links_ok", "copyright_current")
    ]
    return verdict


def test_a_certificate_from_the_trusted_demo_ca_passes_with_its_expiry_and_issuer(
    sites: SiteServer, authority: LocalCA
) -> None:
    audit = crawl(sites, "https://good.example/", authority.certificate)
    assert [page.ok for page in audit.pages] == [True, True]
    expires = (datetime.now(UTC) + timedelta(days=90)).date()
    assert audit.tls["https"] is True and audit.tls["certificate_valid"] is True
    assert abs((datetime.fromisoformat(audit.tls["not_after"]).date() - expires).days) <= 1
    assert audit.tls["issuer"] == "commonName=CallScout demo CA"
    verdict = https_verdict(audit)
    assert (verdict.code, verdict.status) == ("https", Status.PASS)
    assert verdict.evidence[0].excerpt == "commonName=CallScout demo CA"


def test_without_the_ca_option_the_demo_certificate_is_a_finding_and_the_site_is_still_audited(
    sites: SiteServer,
) -> None:
    with language("ru"):
        audit = crawl(sites, "https://good.example/", None)
    assert [page.ok for page in audit.pages] == [True, True]
    assert audit.tls["certificate_valid"] is False and audit.tls["problem"] == "untrusted"
    verdict = https_verdict(audit)
    assert (verdict.code, verdict.status) == ("invalid_certificate", Status.FAIL)
    assert "неизвестным удостоверяющим центром" in verdict.message
    assert "CERTIFICATE_VERIFY_FAILED" in (verdict.evidence[0].value or "")


@pytest.mark.parametrize(
    ("host", "problem", "russian", "english"),
    [
        ("old.example", "expired", "срок действия сертификата истёк", "the certificate has expired"),
        (
            "wrong.example",
            "hostname_mismatch",
            "сертификат выдан для другого адреса",
            "the certificate was issued for another address",
        ),
    ],
)
def test_an_expired_or_foreign_certificate_fails_even_from_the_trusted_ca(
    sites: SiteServer, authority: LocalCA, host: str, problem: str, russian: str, english: str
) -> None:
    with language("ru"):
        audit = crawl(sites, f"https://{host}/", authority.certificate)
    assert audit.tls["https"] is True and audit.tls["certificate_valid"] is False
    assert audit.tls["problem"] == problem
    assert [page.ok for page in audit.pages] == [True, True]  # the buyer still gets the site's audit
    verdict = https_verdict(audit)
    assert (verdict.code, verdict.status) == ("invalid_certificate", Status.FAIL)
    assert verdict.message.startswith(f"Сертификат HTTPS недействителен: {russian}")
    with language("en"):
        english_verdict = https_verdict(crawl(sites, f"https://{host}/", authority.certificate))
    assert english_verdict.message.startswith(f"The HTTPS certificate is invalid: {english}")
    # The expiry is read from the certificate's bytes even though the standard library only
    # decodes verified certificates: an expired one says since when.
    expires = (datetime.now(UTC) - timedelta(days=35)).date()
    if problem == "expired":
        assert audit.tls["not_after"] == expires.isoformat()
        assert verdict.message.endswith(expires.strftime(" %d.%m.%Y"))
        assert english_verdict.message.endswith(expires.strftime(" (%d.%m.%Y)"))
    else:
        assert datetime.fromisoformat(audit.tls["not_after"]).date() > datetime.now(UTC).date()


def test_a_certificate_about_to_expire_is_a_warning_with_its_date(sites: SiteServer, authority: LocalCA) -> None:
    audit = crawl(sites, "https://soon.example/", authority.certificate)
    verdict = https_verdict(audit)
    expires = datetime.fromisoformat(audit.tls["not_after"]).date()
    assert 4 <= (expires - datetime.now(UTC).date()).days <= 6
    assert (verdict.code, verdict.status) == ("certificate_expiring", Status.WARN)
    assert expires.strftime("%d.%m.%Y") in verdict.message


def test_plain_http_redirects_to_https_where_the_site_has_a_certificate(sites: SiteServer, authority: LocalCA) -> None:
    audit = crawl(sites, "http://good.example/", authority.certificate)
    assert audit.pages[0].url == "https://good.example/" and audit.pages[0].redirects == ["http://good.example/"]
    assert audit.tls["https"] is True and audit.tls["certificate_valid"] is True
    assert https_verdict(audit).code == "https"


def test_a_site_without_a_certificate_has_no_https_at_all(sites: SiteServer, authority: LocalCA) -> None:
    plain = crawl(sites, "http://plain.example/", authority.certificate)
    assert [page.ok for page in plain.pages] == [True, True]
    assert (https_verdict(plain).code, https_verdict(plain).status) == ("no_https", Status.FAIL)
    refused = crawl(sites, "https://plain.example/", authority.certificate)
    assert refused.pages[0].ok is False and refused.pages[0].error_code in ("connect_error", "protocol_error")
    assert refused.tls["certificate_valid"] is None  # no handshake, so nothing to judge


def test_expiry_is_read_from_der_bytes_and_garbage_gives_none(authority: LocalCA) -> None:
    # X.509 writes dates up to 2049 as UTCTime (two-digit year), later ones as GeneralizedTime.
    for moment in (datetime(2031, 5, 17, 8, 30, tzinfo=UTC), datetime(2051, 1, 2, 3, 4, 5, tzinfo=UTC)):
        issued = authority.issue(["x.example"], not_after=moment)
        der = ssl.PEM_cert_to_DER_cert(issued.certificate.read_text(encoding="ascii"))
        assert der_not_after(der) == moment
        assert der_not_after(der[: len(der) // 3]) is None
    assert der_not_after(b"") is None and der_not_after(b"\x30\x84\xff\xff\xff\xff") is None
    assert der_not_after(b"\x30\x03\x02\x01\x01") is None


def test_the_server_picks_each_hosts_certificate_by_sni(sites: SiteServer, authority: LocalCA) -> None:
    context = ssl.create_default_context(cafile=str(authority.certificate))
    for host in ("good.example", "www.good.example"):
        with context.wrap_socket(_connect(sites.port), server_hostname=host) as connection:
            names = {value for kind, value in connection.getpeercert()["subjectAltName"] if kind == "DNS"}
        assert names == {"good.example", "www.good.example"}
    # A plain client on the same port still gets plain HTTP (the 404 of an unknown host).
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"http://127.0.0.1:{sites.port}/", timeout=5)
    assert missing.value.code == 404


def _connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=5)

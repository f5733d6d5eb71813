"""Hostile sites through ALL registered checks: nothing crashes, every finding is well-formed."""

from __future__ import annotations

import json
import os
import random
from datetime import datetime

import pytest

from callscout.model import Finding, Status
from callscout.web_audit.base import Link, Page, SiteContext, all_checks, run_checks
from tests.web_audit.sites import html_page

ROOT = "http://hostile.example/"
rng = random.Random(20261127)
JUNK = bytes(rng.getrandbits(8) for _ in range(200_000))


def _exploding_fetch(url: str) -> Page:
    raise ConnectionError("connection reset by peer")


def _junk_fetch(url: str) -> Page:
    return Page(url=url, status_code=200, content_type="audio/mpeg", body=JUNK[:50_000])


def hostile_sites() -> dict[str, SiteContext]:
    huge_words = ("колл-центр ИНН 7707083893 +7 495 120-45-67 12.11.2026 обьязательно " * 120_000)[:5_000_000]
    nested = "<div>" * 20_000 + "ИНН 7707083893" + "</div>" * 10
    formulas = (
        '<p>=HYPERLINK("http://evil.example","ИНН")</p><p>=cmd|\' /C calc\'!A0</p><p>@SUM(1+1)*cmd|</p>'
        "<p>+7 495 120-45-67</p><script>document.write('ИНН 7707083893 ОГРН 1027700132195')</script>"
        "<style>p:after{content:'+7 916 000-00-00'}</style><form><input type=tel name=phone></form>"
    )
    malformed = "<html><body><p>ООО «<b>Рог<i>а и Копыта</p></b><table><tr><td>ИНН<td>7707083893<<<>>>&&#0;&#xD800;"
    none_fields = Page(url=ROOT + "none", status_code=None, content_type=None, html=None, title=None, charset=None)
    return {
        "empty": SiteContext(root_url=ROOT, pages=[]),
        "no_now_no_tls": SiteContext(root_url="", pages=[none_fields], now=None, tls={}),
        "binary_junk": SiteContext(
            root_url=ROOT,
            pages=[
                html_page(ROOT, JUNK, content_type=None),  # type: ignore[arg-type]
                html_page(ROOT + "x", JUNK[:1000], content_type="text/html; charset=no-such-charset"),
                Page(url=ROOT + "raw", status_code=200, content_type="application/octet-stream", body=JUNK),
                html_page(ROOT + "policy.pdf", b"%PDF-1.4 garbage " + JUNK[:5000], content_type="application/pdf"),
            ],
        ),
        "huge_text": SiteContext(
            root_url=ROOT,
            pages=[
                Page(
                    url=ROOT,
                    status_code=200,
                    content_type="text/html",
                    html="<p>x</p>" * 100_000,
                    text=huge_words,
                    title="Политика конфиденциальности" * 1000,
                )
            ],
            now=datetime(2026, 11, 27),
        ),
        "malformed_nested_formulas": SiteContext(
            root_url=ROOT,
            pages=[html_page(ROOT, malformed), html_page(ROOT + "n", nested), html_page(ROOT + "f", formulas)],
            tls={"certificate_valid": "yes", "not_after": 12345, "https": None, "issuer": {"CN": ["x"]}, "error": [1]},
            now=datetime(2026, 11, 27),
        ),
        "bad_links_and_audio": SiteContext(
            root_url=ROOT,
            pages=[
                Page(
                    url=ROOT,
                    status_code=200,
                    content_type="text/html",
                    html="<audio src='a.wav'>",
                    text="",
                    links=[
                        Link(url="tel:" + "9" * 5000),
                        Link(url="mailto:" + "a" * 5000 + "@x.ru"),
                        Link(url="http://[::1"),
                        Link(url=ROOT + "a.wav", tag="audio"),
                        Link(url=ROOT + "b.mp3", text="Политика"),
                        Link(url="", text=""),
                    ],
                ),
                Page(url=ROOT + "gone", status_code=None, content_type=None, error="timeout"),
            ],
            fetch_resource=_exploding_fetch,
        ),
        "junk_audio": SiteContext(
            root_url=ROOT,
            pages=[html_page(ROOT, '<audio src="/a.mp3"></audio><a href="/b.wav">rec</a>')],
            fetch_resource=_junk_fetch,
        ),
    }


SITES = hostile_sites()


@pytest.mark.parametrize("name", list(SITES))
def test_all_checks_survive_hostile_sites(name: str) -> None:
    site = SITES[name]
    findings = run_checks(site)
    assert findings, "every check must say something, even about an empty site"
    failed = [finding.message for finding in findings if finding.code == "check_failed"]
    assert failed == []
    assert {finding.check for finding in findings} == {check.code for check in all_checks()}
    for finding in findings:
        assert Finding.model_validate(finding.model_dump()) == finding
        assert finding.status in set(Status) and finding.message
        for evidence in finding.evidence:
            assert evidence.excerpt is None or len(evidence.excerpt) <= 200
    json.dumps(site.facts, ensure_ascii=False)  # the facts go into the JSON output as they are


def test_empty_site_is_unknown_or_failing_never_passing_silently() -> None:
    findings = run_checks(SiteContext(root_url=ROOT, pages=[]))
    by_check: dict[str, set[Status]] = {}
    for finding in findings:
        by_check.setdefault(finding.check, set()).add(finding.status)
    assert by_check["requisites"] == {Status.FAIL}
    assert by_check["privacy_policy"] == {Status.FAIL}
    assert by_check["text_quality"] == {Status.UNKNOWN}
    assert Status.PASS not in by_check["contacts"] - {Status.PASS} and Status.FAIL in by_check["contacts"]


@pytest.mark.skipif(os.environ.get("CALLSCOUT_SKIP_SLOW") == "1", reason="slow")
def test_scripts_and_styles_never_feed_facts() -> None:
    site = SITES["malformed_nested_formulas"]
    run_checks(site)
    phones = {phone["e164"] for phone in site.facts["contacts"]["phones"]}
    assert "+79160000000" not in phones and "+74951204567" in phones
    assert site.facts["legal_entity"]["ogrn"] is None  # only inside <script>

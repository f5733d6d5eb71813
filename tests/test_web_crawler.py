"""The website crawler against servers these tests start on 127.0.0.1: focus, bounds, safety, text."""

from __future__ import annotations

import resource
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from callscout.model import Status
from callscout.web_audit.audit import SiteAudit, audit_site, audit_sites
from callscout.web_audit.crawler import CrawlOptions, link_sections
from callscout.web_audit.net import address_problem, parse_host_overrides
from callscout.web_audit.parse import cut_excess_nesting, detect_charset, normalize_url, page_from_bytes, parse_html
from callscout.web_audit.siteserver import SiteServer
from tests.web_servers import (
    bomb,
    endless,
    page,
    raw_tcp,
    redirect,
    self_signed_certificate,
    send,
    serve,
    slow_drip,
)

SITES = Path(__file__).parent / "fixtures" / "sites"
NO_CHECKS: list = []


def local(**values: object) -> CrawlOptions:
    values.setdefault("allow_private_network", True)
    return CrawlOptions(**values)  # type: ignore[arg-type]


def crawl_codes(audit: SiteAudit) -> set[str]:
    return {finding.code or "" for finding in audit.findings if finding.check == "crawl"}


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- focus and budget ----------------------------------------------------------------------------


def test_pages_the_checks_need_are_fetched_before_the_rest() -> None:
    others = "".join(f'<a href="/page-{n}/">Страница {n}</a>' for n in range(20))
    needed = (
        '<a href="/docs/1">Политика обработки персональных данных</a>'
        '<a href="/rekvizity/">Реквизиты</a><a href="/x/">Контакты</a><a href="/press/">Пресс-центр</a>'
    )
    routes = {"/": lambda h: send(h, page(others + needed)), "*": lambda h: send(h, page("ok"))}
    with serve(routes) as server:
        audit = audit_site(server.url(), local(max_pages=5, per_host_concurrency=1), checks=NO_CHECKS)
    fetched = [path for path in server.paths() if path != "/robots.txt"]
    assert fetched == ["/", "/docs/1", "/rekvizity/", "/x/", "/press/"]
    assert audit.crawl["budget_reached"] is True
    assert audit.crawl["links_left"] == 20


def test_one_big_section_does_not_spend_the_whole_budget() -> None:
    posts = "".join(f'<a href="/novosti/{n}/">Новость {n}</a>' for n in range(40))
    plain = "".join(f'<a href="/page-{n}/">Страница {n}</a>' for n in range(5))
    routes = {
        "/": lambda h: send(h, page(posts + plain + '<a href="/kontakty/">Контакты</a>')),
        "*": lambda h: send(h, page("x")),
    }
    with serve(routes) as server:
        audit_site(server.url(), local(max_pages=12, per_host_concurrency=1), checks=NO_CHECKS)
    fetched = [path for path in server.paths() if path != "/robots.txt"]
    assert fetched[:8] == ["/", *(f"/novosti/{n}/" for n in range(6)), "/kontakty/"]
    assert fetched[8:] == ["/page-0/", "/page-1/", "/page-2/", "/page-3/"]


def test_page_budget_is_a_hard_limit() -> None:
    links = "".join(f'<a href="/p{n}">p{n}</a>' for n in range(200))
    routes = {"*": lambda h: send(h, page(links))}
    with serve(routes) as server:
        audit = audit_site(server.url(), local(max_pages=12), checks=NO_CHECKS)
    assert audit.pages_fetched == 12
    assert len([path for path in server.paths() if path != "/robots.txt"]) == 12


def test_section_words_are_recognised_in_russian_english_and_addresses() -> None:
    assert "privacy" in link_sections("http://a/x", "Согласие на обработку персональных данных")
    assert "privacy" in link_sections("http://a/politika-konfidencialnosti/")
    assert "requisites" in link_sections("http://a/x", "Реквизиты компании")
    assert "recordings" in link_sections("http://a/x", "Примеры звонков")
    assert "services" in link_sections("http://a/tarify", "Тарифы")
    assert "news" in link_sections("http://a/blog/")
    assert link_sections("http://a/gallery/", "Фотографии офиса") == set()


# --- robots.txt ----------------------------------------------------------------------------------


def test_robots_txt_is_respected_unless_told_otherwise() -> None:
    routes = {
        "/robots.txt": lambda h: send(h, "User-agent: *\nDisallow: /private/\n", content_type="text/plain"),
        "/": lambda h: send(h, page('<a href="/private/a">A</a><a href="/public">B</a>')),
        "*": lambda h: send(h, page("x")),
    }
    with serve(routes) as server:
        audit = audit_site(server.url(), local(), checks=NO_CHECKS)
        assert "/private/a" not in server.paths()
        assert "/public" in server.paths()
        assert audit.crawl["robots_disallowed"] == 1
        server.requests.clear()
        audit_site(server.url(), local(respect_robots=False), checks=NO_CHECKS)
        assert "/private/a" in server.paths()


def test_a_site_closed_by_robots_is_unknown_not_failed() -> None:
    routes = {
        "/robots.txt": lambda h: send(h, "User-agent: *\nDisallow: /\n", content_type="text/plain"),
        "*": lambda h: send(h, page("x")),
    }
    with serve(routes) as server:
        audit = audit_site(server.url(), local(), checks=NO_CHECKS)
    assert server.paths() == ["/robots.txt"]
    assert crawl_codes(audit) == {"robots_disallowed"}
    assert audit.status is Status.UNKNOWN


# --- text: charsets, entities, visible text, PDF --------------------------------------------------

RUSSIAN = "Политика конфиденциальности и реквизиты нашей компании"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (RUSSIAN.encode("cp1251"), "text/html; charset=windows-1251"),
        (f'<meta charset="windows-1251">{RUSSIAN}'.encode("cp1251"), "text/html"),
        (
            f'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">{RUSSIAN}'.encode("cp1251"),
            "text/html",
        ),
        (RUSSIAN.encode("cp1251"), "text/html"),  # no declaration: detected
        (RUSSIAN.encode("cp1251"), "text/html; charset=utf-8"),  # a wrong declaration: detected
        (RUSSIAN.encode("koi8_r"), "text/html"),
        (RUSSIAN.encode("utf-8"), "text/html; charset=windows-1251"),  # a lie the other way round
    ],
)
def test_russian_text_is_decoded_whatever_the_declaration(body: bytes, content_type: str) -> None:
    routes = {"/": lambda h: send(h, b"<html><body><p>" + body + b"</p></body></html>", content_type=content_type)}
    with serve(routes) as server:
        audit = audit_site(server.url(), local(), checks=NO_CHECKS)
    assert RUSSIAN in audit.pages[0].text


def test_detect_charset_decisions() -> None:
    assert detect_charset(RUSSIAN.encode("utf-8")) == "utf-8"
    assert detect_charset(RUSSIAN.encode("cp1251")) == "cp1251"
    assert detect_charset(RUSSIAN.encode("koi8_r")) == "koi8_r"
    assert detect_charset(RUSSIAN.encode("cp1251"), "windows-1251") == "cp1251"
    # A page cut by our byte cap in the middle of a character is still UTF-8.
    assert detect_charset(RUSSIAN.encode("utf-8")[:-1]) == "utf-8"


def test_visible_text_entities_and_words_split_across_tags() -> None:
    html = (
        "<html><head><title>Окно &amp; связь</title><style>p{color:red}</style></head><body>"
        "<script>var hidden = 'скрипт';</script><noscript>включите JS</noscript>"
        "<p>ИН<b>Н</b>&nbsp;7707083893</p><table><tr><td>ОГРН</td><td>1027700132195</td></tr></table>"
        "<div>Тел.: <span>+7</span> <span>495</span> 123-45-67</div><div hidden>скрытый</div>"
        "<p>&laquo;Окно&raquo; &mdash; 24/7</p></body></html>"
    )
    parsed = parse_html(html, "http://a.example/")
    assert parsed.title == "Окно & связь"
    lines = parsed.text.split("\n")
    assert "ИНН 7707083893" in lines
    assert "ОГРН" in lines and "1027700132195" in lines
    assert "Тел.: +7 495 123-45-67" in lines
    assert "«Окно» — 24/7" in lines
    for invisible in ("скрипт", "включите", "color", "скрытый"):
        assert invisible not in parsed.text


def test_nesting_cap_reads_depth_as_the_parser_does() -> None:
    siblings = "<div><ul><li><a href='/x'>x</a></li></ul><p>text</p></div>" * 3000
    assert cut_excess_nesting(f"<html><body>{siblings}</body></html>") == (
        f"<html><body>{siblings}</body></html>",
        False,
    )
    # Stray closing tags close nothing, so they cannot hide real depth.
    stray = "<section></div></span>" * 1500
    cut, was_cut = cut_excess_nesting(stray + "конец")
    assert was_cut and "конец" not in cut and cut.count("<section>") == 1000
    # Tags that never close are no tags: nothing to count, nothing to cut.
    assert cut_excess_nesting("<a " * 100_000) == ("<a " * 100_000, False)


def test_links_keep_their_words_and_media_is_listed() -> None:
    html = (
        "<base href='/sub/'><a href='page#frag'>Раз <b>два</b></a><a href='mailto:x@y.ru'>почта</a>"
        "<a href='javascript:void(0)'>js</a><a href='/a'><img alt='Контакты'></a>"
        "<audio src='/c.mp3'></audio><span data-src='/d.ogg'>Запись</span>"
    )
    links = parse_html(html, "http://a.example/x/").links
    assert ("http://a.example/sub/page", "Раз два") in [(link.url, link.text) for link in links]
    assert ("http://a.example/a", "Контакты") in [(link.url, link.text) for link in links]
    assert "mailto:x@y.ru" in [link.url for link in links]
    assert {"http://a.example/c.mp3", "http://a.example/d.ogg"} <= {link.url for link in links}
    assert not any(link.url.startswith("javascript") for link in links)
    ordered = parse_html("<audio src='/1.wav'></audio><a href='/2.mp3'>2</a><i data-audio='/3.ogg'></i>", "http://a/")
    assert [link.url for link in ordered.links] == ["http://a/1.wav", "http://a/2.mp3", "http://a/3.ogg"]


def test_links_per_page_are_bounded() -> None:
    many = "".join(f"<a href='/p{n}'>p</a>" for n in range(20_000))
    links = parse_html(many, "http://a/").links
    assert len(links) == 5000 and links[-1].url == "http://a/p4999"


def test_normalize_url() -> None:
    assert normalize_url("HTTP://Example.COM:80/a?b=1#frag") == "http://example.com/a?b=1"
    assert normalize_url("https://example.com") == "https://example.com/"
    assert normalize_url("../c", "http://a.example/x/y/") == "http://a.example/x/c"
    assert normalize_url("ftp://a.example/") is None
    assert normalize_url("http://[::1]:8080/") == "http://[::1]:8080/"
    assert (
        normalize_url("http://Окна.РФ/путь?q=да")
        == "http://xn--80atjc.xn--p1ai/%D0%BF%D1%83%D1%82%D1%8C?q=%D0%B4%D0%B0"
    )
    assert normalize_url("http://xn--80atjc.xn--p1ai/%D0%BF%D1%83%D1%82%D1%8C") == normalize_url("http://окна.рф/путь")


def test_a_cyrillic_domain_is_one_site_in_both_spellings() -> None:
    routes = {
        "/": lambda h: send(h, page('<a href="http://xn--80atjc.xn--p1ai/kontakty">К</a><a href="/o-nas">О нас</a>')),
        "*": lambda h: send(h, page("ok")),
    }
    with serve(routes) as server:
        options = CrawlOptions(host_overrides={"окна.рф": ("127.0.0.1", server.port)})
        audit = audit_site("http://окна.рф/", options, checks=NO_CHECKS)
    assert sorted(page.url for page in audit.pages) == [
        "http://xn--80atjc.xn--p1ai/",
        "http://xn--80atjc.xn--p1ai/kontakty",
        "http://xn--80atjc.xn--p1ai/o-nas",
    ]


def test_pdf_policy_text_is_extracted() -> None:
    body = (SITES / "okno-svyazi.example/docs/privacy-policy.pdf").read_bytes()
    pdf = page_from_bytes("http://a.example/policy.pdf", body, "application/pdf")
    assert pdf.error is None
    assert "152-ФЗ" in pdf.text and "персональных данных" in pdf.text
    broken = page_from_bytes("http://a.example/broken.pdf", b"%PDF-1.4 garbage", "application/pdf")
    assert broken.error_code == "pdf_unreadable" and not broken.ok


# --- the fixture sites through the virtual-host server ---------------------------------------------


def test_fixture_site_is_crawled_by_name_with_pdf_windows_1251_and_robots() -> None:
    with SiteServer(SITES) as server:
        # Override addresses are trusted (the user named them); one connection makes the order visible.
        options = CrawlOptions(host_overrides=server.overrides, per_host_concurrency=1)
        audit = audit_site("http://okno-svyazi.example/", options, checks=NO_CHECKS)
    by_path = {page.url.removeprefix("http://okno-svyazi.example"): page for page in audit.pages}
    assert "/admin/" not in by_path  # robots.txt
    about = by_path["/o-kompanii/"]
    assert about.charset == "cp1251" and "Генеральный директор: Сидоров Пётр Ильич" in about.text
    assert "152-ФЗ" in by_path["/docs/privacy-policy.pdf"].text
    # Needed sections come before gallery/vacancies/sitemap, whatever their order on the page.
    order = [page.url.removeprefix("http://okno-svyazi.example") for page in audit.pages]
    assert order.index("/zapisi/") < order.index("/galereya/")
    assert all(page.ok for page in audit.pages)
    assert audit.tls == {"https": False, "certificate_valid": None, "error": None}


def test_offline_audit_of_a_saved_copy() -> None:
    audit = audit_site("http://okno-svyazi.example/", CrawlOptions(from_dir=SITES), checks=NO_CHECKS)
    paths = {page.url.removeprefix("http://okno-svyazi.example") for page in audit.pages if page.ok}
    assert {"/", "/o-kompanii/", "/kontakty/", "/novosti/", "/docs/privacy-policy.pdf"} <= paths
    assert "/admin/" not in paths
    single = audit_site("http://any.example/", CrawlOptions(from_dir=SITES / "tolko-mobilnyi.example"), checks=[])
    assert "8 916 123-45-67" in single.pages[0].text  # windows-1251 without declaration, detected


# --- redirects ------------------------------------------------------------------------------------


def test_redirect_rules() -> None:
    with serve({}) as other:
        routes = {
            "/": lambda h: send(h, page('<a href="/old">old</a><a href="/away">away</a><a href="/loop-a">l</a>')),
            "/old": redirect("/new", 301),
            "/new": lambda h: send(h, page("новая страница")),
            "/away": redirect(other.url("/x", host="localhost")),
            "/loop-a": redirect("/loop-b"),
            "/loop-b": redirect("/loop-a"),
            "/chain": redirect("/chain1"),
            **{f"/chain{n}": redirect(f"/chain{n + 1}") for n in range(1, 10)},
        }
        with serve(routes) as server:
            audit = audit_site(server.url(), local(), checks=NO_CHECKS)
            new = next(page for page in audit.pages if page.url.endswith("/new"))
            assert new.redirects == [server.url("/old")] and "новая страница" in new.text
            codes = {page.error_code for page in audit.pages}
            assert {"redirect_offsite", "redirect_loop"} <= codes
            assert other.requests == []
            chain = audit_site(server.url("/chain"), local(), checks=NO_CHECKS)
            assert chain.pages[0].error_code == "too_many_redirects"
            assert crawl_codes(chain) == {"site_too_many_redirects"}
            declared = audit_site(server.url("/away"), local(allowed_hosts=frozenset({"localhost"})), checks=[])
            assert declared.pages[0].status_code == 404 and other.paths() == ["/robots.txt", "/x"]


def test_a_bad_certificate_is_recorded_and_the_site_still_audited(tmp_path: Path) -> None:
    tls = self_signed_certificate(tmp_path)
    routes = {"/": lambda h: send(h, page('<a href="/kontakty">Контакты</a>')), "*": lambda h: send(h, page("тел."))}
    with serve(routes, tls=tls) as server:
        audit = audit_site(server.url().replace("http:", "https:"), local(), checks=NO_CHECKS)
    assert audit.tls["https"] is True and audit.tls["certificate_valid"] is False
    assert "CERTIFICATE_VERIFY_FAILED" in audit.tls["error"] and audit.tls["problem"] == "self_signed"
    assert [page.ok for page in audit.pages] == [True, True]


# --- safety -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.1", "private"),
        ("172.16.5.4", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.1", "private"),
        ("fd00::1", "private"),
        ("100.64.0.1", "reserved"),
        ("8.8.8.8", None),
        ("2a00:1450:4010:c05::8a", None),
    ],
)
def test_address_classification(address: str, reason: str | None) -> None:
    assert address_problem(address) == reason


def test_private_addresses_are_refused_without_the_flag() -> None:
    routes = {"*": lambda h: send(h, page("secret"))}
    with serve(routes) as server:
        # Spellings of loopback that slip past a check on the name: decimal, short, hex, mapped IPv6.
        hosts = ["127.0.0.1", "localhost", "[::1]", "2130706433", "127.1", "0x7f.1", "[::ffff:127.0.0.1]"]
        audits = audit_sites([server.url(host=host) for host in hosts], CrawlOptions(), checks=NO_CHECKS)
        assert server.requests == []  # not a single byte reached the server
    for audit in audits:
        assert crawl_codes(audit) == {"site_private_address"}
        assert audit.status is Status.UNKNOWN


def test_redirect_to_loopback_is_refused_even_when_the_host_is_declared() -> None:
    with serve({"*": lambda h: send(h, page("internal"))}) as internal:
        routes = {"/": redirect(internal.url("/admin", host="localhost"))}
        with serve(routes) as hostile:
            options = CrawlOptions(
                host_overrides={"hostile.example": ("127.0.0.1", hostile.port)},
                allowed_hosts=frozenset({"localhost"}),
            )
            audit = audit_site("http://hostile.example/", options, checks=NO_CHECKS)
        assert internal.requests == []
    assert audit.pages[0].error_code == "private_address"
    assert crawl_codes(audit) == {"site_private_address"}


def test_host_override_parsing() -> None:
    assert parse_host_overrides(["golospro.example=127.0.0.1:8080"]) == {"golospro.example": ("127.0.0.1", 8080)}
    assert parse_host_overrides({"A.example": "[::1]:81"}) == {"a.example": ("::1", 81)}
    with pytest.raises(ValueError):
        parse_host_overrides(["golospro.example:8080"])


# --- hostile sites ------------------------------------------------------------------------------


def _hostile_routes() -> dict:
    calendar = lambda h: send(  # noqa: E731 - a one-line route
        h, page("".join(f'<a href="/calendar?day={n}">{n}</a>' for n in range(int(h.path.split("=")[-1] or 0), 400)))
    )

    def deep(handler: BaseHTTPRequestHandler) -> None:
        send(handler, page(f'<a href="{handler.path.rstrip("/")}/more/">дальше</a>'))

    def garbage(handler: BaseHTTPRequestHandler) -> None:
        send(handler, bytes(range(256)) * 800)

    def malformed(handler: BaseHTTPRequestHandler) -> None:
        tags = "<b><i><table><td><p><li></div></span><font><a href=<<>>" * 2000
        send(handler, f"<html><body><p>Начало<td><tr>{tags}&#xFFFFFFF; &bogus; \x00 <!-- конец".encode())

    def nested(handler: BaseHTTPRequestHandler) -> None:
        # Deep nesting costs the HTML parser quadratic time: 30,000 levels would take seconds.
        send(handler, ("<html><body>Начало" + "<div><span>" * 30000 + "конец").encode())

    return {
        "/": lambda h: send(
            h,
            page(
                '<a href="/calendar?day=0">Календарь</a><a href="/deep/">Глубже</a><a href="/huge">1</a>'
                '<a href="/huge-declared">2</a><a href="/bomb">3</a><a href="/drip">4</a><a href="/garbage">5</a>'
                '<a href="/malformed">6</a><a href="/loop">7</a><a href="/nested">8</a>'
            ),
        ),
        "/calendar": calendar,
        "/deep/": deep,
        "*": deep,
        "/huge": endless(declare_length=False),
        "/huge-declared": endless(declare_length=True),
        "/bomb": bomb,
        "/drip": slow_drip(),
        "/garbage": garbage,
        "/malformed": malformed,
        "/nested": nested,
        "/loop": redirect("/loop"),
    }


def test_hostile_site_ends_bounded_with_clear_findings() -> None:
    rss_before = max_rss_mb()
    started = time.monotonic()
    with serve(_hostile_routes()) as server:
        audit = audit_site(server.url(), local(request_timeout=2.0, max_pages=40), checks=NO_CHECKS)
    elapsed = time.monotonic() - started
    codes = {page.url.split("/", 3)[-1]: page.error_code for page in audit.pages}
    assert codes["huge"] == "too_large"
    assert codes["huge-declared"] == "too_large"
    assert codes["bomb"] == "decompression_bomb"
    assert codes["drip"] == "timeout"
    assert codes["garbage"] == "not_text"
    assert codes["loop"] == "redirect_loop"
    assert codes["malformed"] is None and codes["nested"] is None
    malformed = next(page for page in audit.pages if page.url.endswith("/malformed"))
    assert malformed.text.startswith("Начало")
    # Tables nested in cells 2,000 deep, each in a link: cut, or every link's text costs the whole page.
    assert malformed.notes == ["html_too_deep"]
    nested = next(page for page in audit.pages if page.url.endswith("/nested"))
    assert nested.notes == ["html_too_deep"] and nested.text == "Начало"
    assert nested.html is not None and nested.html.count("<div>") <= 1000  # checks re-parsing it stay fast
    findings = crawl_codes(audit)
    expected = {"too_large", "decompression_bomb", "timeout", "not_text", "redirect_loop", "link_trap", "html_too_deep"}
    assert expected <= findings
    assert audit.pages_fetched <= 40
    # Bounded time and memory: far from a 1 GB body, a 1 GB bomb or a 2-minute drip.
    assert elapsed < 30
    assert max_rss_mb() - rss_before < 300


def test_one_hostile_site_does_not_stop_the_others() -> None:
    with serve(_hostile_routes()) as hostile, SiteServer(SITES) as sites:
        options = local(request_timeout=2.0, max_pages=15, host_overrides=sites.overrides)
        audits = audit_sites(
            [
                hostile.url("/drip"),
                hostile.url("/bomb"),
                "http://okno-svyazi.example/",
                hostile.url("/huge"),
                "not a url at all ::",
            ],
            options,
            checks=NO_CHECKS,
        )
    drip, bombed, good, huge, broken = audits
    # A site that does not answer in time: we could not look, so unknown, not the vendor's violation.
    assert crawl_codes(drip) == {"site_timeout"} and not drip.has_failures
    assert drip.findings[0].status.value == "unknown" and drip.findings[0].cause == "check"
    assert crawl_codes(bombed) == {"site_decompression_bomb"}
    assert crawl_codes(huge) == {"site_too_large"}
    assert broken.findings[0].code == "check_failed"
    assert good.findings == [] and good.pages_fetched >= 9


def test_resource_downloads_are_bounded_and_respect_robots() -> None:
    import asyncio

    from callscout.web_audit.crawler import Crawler

    routes = {
        "/robots.txt": lambda h: send(h, "User-agent: *\nDisallow: /secret/\n", content_type="text/plain"),
        "/call.mp3": lambda h: send(h, b"ID3" + bytes(5000), content_type="audio/mpeg"),
        "/big.mp3": endless(declare_length=False),
        "*": lambda h: send(h, b"x", content_type="audio/mpeg"),
    }

    async def download(server_url: str) -> list:
        options = local(max_resource_bytes=100_000, max_resources=3)
        async with Crawler(server_url, options) as crawler:
            return [
                await crawler.fetch_resource(server_url + path)
                for path in ("call.mp3", "secret/a.mp3", "big.mp3", "x.mp3", "y.mp3")
            ]

    with serve(routes) as server:
        call, secret, big, small, over_budget = asyncio.run(download(server.url()))
    assert call.ok and len(call.body) == 5003 and call.content_type == "audio/mpeg"
    assert secret.error_code == "robots_disallowed" and "/secret/a.mp3" not in server.paths()
    assert big.error_code == "too_large" and big.body == b""
    assert small.ok and over_budget.error_code == "resource_budget"


def test_servers_that_break_http_end_in_a_finding() -> None:
    garbage = b"\x00\xff\xfe not http at all\r\n\r\n" * 10
    truncated = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html>only a little"
    with raw_tcp(garbage) as garbage_port, raw_tcp(truncated) as truncated_port:
        audits = audit_sites(
            [f"http://127.0.0.1:{garbage_port}/", f"http://127.0.0.1:{truncated_port}/"],
            local(request_timeout=3.0),
            checks=NO_CHECKS,
        )
    assert [crawl_codes(audit) for audit in audits] == [{"site_protocol_error"}, {"site_protocol_error"}]
    assert all(audit.has_failures for audit in audits)

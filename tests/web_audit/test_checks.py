"""Each check on small hand-made sites: thresholds, edge cases, evidence."""

from __future__ import annotations

import io
import wave
from datetime import timedelta

import pytest

from callscout.model import Finding, Severity, Status
from callscout.web_audit.base import Page, SiteContext, all_checks, run_checks
from callscout.web_audit.checks import call_recordings
from callscout.web_audit.checks.call_recordings import CallRecordingsCheck, Recording
from callscout.web_audit.checks.contacts import ContactsCheck
from callscout.web_audit.checks.news import NewsCheck
from callscout.web_audit.checks.privacy_policy import PrivacyPolicyCheck
from callscout.web_audit.checks.requisites import RequisitesCheck
from callscout.web_audit.checks.site_basics import SiteBasicsCheck
from callscout.web_audit.checks.text_quality import TextQualityCheck
from tests.web_audit.sites import DEMO_NOW, html_page, site_of

ROOT = "http://vendor.example/"


def by_code(findings: list[Finding]) -> dict[str, Finding]:
    return {finding.code or "": finding for finding in findings}


def test_every_check_is_documented_and_registered_once() -> None:
    checks = all_checks()
    assert len(checks) == 10  # the nine of the audit issue + experience_claims (legal cross-checks)
    assert len({check.code for check in checks}) == 10
    for check in checks:
        assert check.title_ru and check.title_en and check.criterion
        assert "Why it matters:" in (check.__doc__ or "") and "How to fix:" in (check.__doc__ or "")


@pytest.mark.parametrize(
    ("days", "status", "code"), [(10, Status.PASS, "fresh"), (120, Status.WARN, "aging"), (400, Status.FAIL, "stale")]
)
def test_news_freshness_thresholds_use_site_now(days: int, status: Status, code: str) -> None:
    when = (DEMO_NOW - timedelta(days=days)).strftime("%d.%m.%Y")
    home = html_page(ROOT, '<a href="/news/">Новости</a>')
    news = html_page(ROOT + "news/", f'<article><span>{when}</span> <a href="/news/a/">Запуск</a></article>')
    [result] = NewsCheck().run(site_of(home, news))
    assert (result.status, result.code) == (status, code)
    assert (
        result.evidence[0].url == ROOT + "news/"
        and result.evidence[0].value == (DEMO_NOW - timedelta(days=days)).date().isoformat()
    )


def test_news_machine_dates_and_month_names() -> None:
    news = html_page(
        ROOT + "blog/",
        '<article><time datetime="2026-10-01">1 октября</time></article>'
        "<article>Опубликовано 3 ноября 2026 г.</article>",
    )
    site = site_of(html_page(ROOT, ""), news)
    [result] = NewsCheck().run(site)
    assert result.status is Status.PASS and site.facts["news"]["latest_date"] == "2026-11-03"


def test_news_linked_but_not_fetched_is_unknown_and_absent_is_fail() -> None:
    [linked] = NewsCheck().run(site_of(html_page(ROOT, '<a href="/press/">Пресс-центр</a>')))
    assert (linked.status, linked.code) == (Status.UNKNOWN, "not_fetched")
    [absent] = NewsCheck().run(site_of(html_page(ROOT, "<p>О нас</p>")))
    assert (absent.status, absent.code) == (Status.FAIL, "missing")


def test_dates_in_the_future_are_ignored() -> None:
    news = html_page(ROOT + "novosti/", "<article>Акция до 31.12.2027</article><article>05.01.2020 Открытие</article>")
    site = site_of(news)
    [result] = NewsCheck().run(site)
    assert result.code == "stale" and site.facts["news"]["latest_date"] == "2020-01-05"


def test_requisites_of_an_entrepreneur_with_ogrnip_remainder_ten() -> None:
    page = html_page(
        ROOT + "rekvizity/",
        "<p>ИП Смирнов Олег Петрович</p><p>ОГРНИП 304500116000180</p>"
        "<p>ИНН 500100732259</p><p>Адрес: 141000, Московская обл., г. Мытищи, ул. Мира, 1</p>",
    )
    site = site_of(page)
    findings = by_code(RequisitesCheck().run(site))
    entity = site.facts["legal_entity"]
    assert entity["legal_form"] == "ИП" and entity["name"] == "ИП Смирнов Олег Петрович"
    assert entity["ogrn_valid"] is True and entity["inn_valid"] is True and entity["kpp"] is None
    assert "2004" in findings["valid_ogrn"].message
    assert "КПП" not in findings["missing_items"].message  # an entrepreneur has none
    assert entity["director"] == {"name": "Смирнов Олег Петрович", "position": "Индивидуальный предприниматель"}
    assert "inn_ogrn_mismatch" not in findings


def test_organisation_inn_with_entrepreneur_ogrnip_is_a_mismatch() -> None:
    page = html_page(ROOT, "<p>ООО «Смесь», ИНН 7707083893, ОГРН 304500116000180</p>")
    findings = by_code(RequisitesCheck().run(site_of(page)))
    assert findings["inn_ogrn_mismatch"].status is Status.WARN
    assert [evidence.value for evidence in findings["inn_ogrn_mismatch"].evidence] == ["7707083893", "304500116000180"]


def test_requisites_grn_and_placeholder_are_invalid_with_reasons() -> None:
    body = "202770013219" + str(int("202770013219") % 11 % 10)
    page = html_page(ROOT, f"<footer>ООО «Тест», ИНН 0000000000, ОГРН {body}, КПП 773601001</footer>")
    findings = by_code(RequisitesCheck().run(site_of(page)))
    assert findings["invalid_inn"].status is Status.FAIL and "заглушк" in findings["invalid_inn"].message
    assert "ГРН" in findings["invalid_ogrn"].message
    assert findings["invalid_ogrn"].evidence[0].excerpt and body in findings["invalid_ogrn"].evidence[0].excerpt


def test_client_company_names_do_not_replace_the_vendors_own() -> None:
    home = html_page(
        ROOT,
        "<p>Наши клиенты: ООО «Ромашка», ООО «Ромашка», ООО «Василёк»</p>"
        "<footer>ООО «Настоящий Вендор», ИНН 7707083893</footer>",
    )
    site = site_of(home)
    RequisitesCheck().run(site)
    assert site.facts["legal_entity"]["name"] == "ООО «Настоящий Вендор»"


def test_contacts_free_mail_of_the_site_itself_is_not_flagged() -> None:
    site = site_of(html_page("https://mail.ru/", "<p>+7 495 725-63-57, help@mail.ru</p>"))
    codes = by_code(ContactsCheck().run(site))
    assert "free_mail" not in codes and codes["phones"].status is Status.PASS
    assert site.facts["contacts"]["emails"] == [
        {"address": "help@mail.ru", "url": "https://mail.ru/", "placeholder": False}
    ]


def test_contacts_toll_free_only_is_no_landline() -> None:
    codes = by_code(ContactsCheck().run(site_of(html_page(ROOT, "<p>8-800-555-35-35</p>"))))
    assert codes["no_landline"].status is Status.FAIL and codes["no_landline"].severity is Severity.MEDIUM
    assert codes["no_emails"].status is Status.WARN


def _wav(seconds: float = 1.5, rate: int = 8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\x00\x01" * int(seconds * rate))
    return buffer.getvalue()


def test_recordings_found_measured_and_passed_to_the_quality_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    page = html_page(
        ROOT + "calls/",
        '<audio controls><source src="/a/one.wav"></audio>'
        '<a href="/a/two.mp3">Скачать</a><div data-audio="/a/three.ogg"></div>',
    )
    served = {ROOT + "a/one.wav": Page(url=ROOT + "a/one.wav", status_code=200, content_type="audio/wav", body=_wav())}

    def fetch(url: str) -> Page:
        return served.get(url) or Page(url=url, status_code=404, content_type="text/html")

    heard: list[Recording] = []

    def analyzer(recording: Recording, site: SiteContext) -> list[Finding]:
        heard.append(recording)
        assert recording.data
        return []

    monkeypatch.setattr(call_recordings, "RECORDING_ANALYZERS", [analyzer])
    site = site_of(page, fetch_resource=fetch)
    findings = CallRecordingsCheck().run(site)
    # The order of links is the parser's business; the set of recordings and their measures are ours.
    assert sorted(site.facts["recordings"], key=lambda item: item["url"]) == [
        {"url": ROOT + "a/one.wav", "bytes": len(_wav()), "duration_s": 1.5, "verdict": None},
        {"url": ROOT + "a/three.ogg", "bytes": None, "duration_s": None, "verdict": None},
        {"url": ROOT + "a/two.mp3", "bytes": None, "duration_s": None, "verdict": None},
    ]
    assert [recording.url for recording in heard] == [ROOT + "a/one.wav"]
    assert sorted(finding.code or "" for finding in findings) == [
        "found",
        "recording_unreachable",
        "recording_unreachable",
    ]


def test_a_crashing_analyzer_becomes_a_finding_and_the_listing_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(recording: Recording, site: SiteContext) -> list[Finding]:
        raise RuntimeError("decoder exploded")

    monkeypatch.setattr(call_recordings, "RECORDING_ANALYZERS", [broken])
    page = html_page(ROOT, '<audio src="/x.wav"></audio>')
    site = site_of(
        page, fetch_resource=lambda url: Page(url=url, status_code=200, content_type="audio/wav", body=_wav())
    )
    listing, crashed = CallRecordingsCheck().run(site)
    assert listing.code == "found" and site.facts["recordings"][0]["duration_s"] == 1.5
    assert crashed.code == "check_failed" and "decoder exploded" in crashed.message


def test_recording_in_an_unreadable_format_is_unknown_not_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(call_recordings, "RECORDING_ANALYZERS", [])
    page = html_page(ROOT, '<audio src="/x.m4a"></audio>')

    def fetch(url: str) -> Page:
        return Page(
            url=url, status_code=200, content_type="audio/mp4", body=b"\x00\x00\x00\x18ftypM4A " + b"\x00" * 500
        )

    site = site_of(page, fetch_resource=fetch)
    listing, unmeasured = CallRecordingsCheck().run(site)
    assert listing.code == "found" and "измерено: 0" in listing.message
    assert (unmeasured.code, unmeasured.status) == ("recording_unmeasured", Status.UNKNOWN)
    assert site.facts["recordings"] == [{"url": ROOT + "x.m4a", "bytes": 512, "duration_s": None, "verdict": None}]


def test_a_broken_recording_is_judged_by_the_audio_core_once() -> None:
    page = html_page(ROOT, '<audio src="/x.m4a"></audio>')
    body = b"\x00\x00\x00\x18ftypM4A " + b"\x00" * 500
    site = site_of(page, fetch_resource=lambda url: Page(url=url, status_code=200, content_type="audio/mp4", body=body))
    listing, broken = CallRecordingsCheck().run(site)
    assert listing.code == "found"
    assert (broken.check, broken.code, broken.status) == ("call_recordings", "recording_unreadable", Status.FAIL)
    assert site.facts["recording_assessments"] == {}


def test_recordings_without_downloader_are_listed_unmeasured() -> None:
    site = site_of(html_page(ROOT, '<audio src="/x.m4a"></audio>'))
    [listing] = CallRecordingsCheck().run(site)
    assert listing.status is Status.PASS and "не загружались" in listing.message
    assert site.facts["recordings"] == [{"url": ROOT + "x.m4a", "bytes": None, "duration_s": None, "verdict": None}]


@pytest.mark.parametrize(
    ("root", "tls", "code", "status"),
    [
        (
            "https://v.example/",
            {"https": True, "certificate_valid": True, "not_after": "2027-06-01"},
            "https",
            Status.PASS,
        ),
        (
            "https://v.example/",
            {"https": True, "certificate_valid": False, "error": "certificate has expired"},
            "invalid_certificate",
            Status.FAIL,
        ),
        (
            "https://v.example/",
            {"https": True, "certificate_valid": True, "not_after": "2026-12-01T00:00:00Z"},
            "certificate_expiring",
            Status.WARN,
        ),
        ("http://v.example/", {}, "no_https", Status.FAIL),
        ("https://v.example/", {}, "tls_unknown", Status.UNKNOWN),
        ("https://v.example/", {"https": True, "certificate_valid": None}, "tls_unknown", Status.UNKNOWN),
        ("http://v.example/", {"https": False, "certificate_valid": None, "error": None}, "no_https", Status.FAIL),
    ],
)
def test_site_basics_https(root: str, tls: dict, code: str, status: Status) -> None:
    findings = SiteBasicsCheck().run(site_of(html_page(root, "<p>© 2026</p>"), root=root, tls=tls))
    assert (findings[0].code, findings[0].status) == (code, status)


def test_site_basics_broken_links_name_the_referring_page() -> None:
    home = html_page(ROOT, '<a href="/gone/">Ушло</a><p>© 2012–2026 Вендор</p>')
    gone = Page(url=ROOT + "gone/", status_code=404, content_type="text/html")
    findings = by_code(SiteBasicsCheck().run(site_of(home, gone)))
    assert findings["broken_links"].evidence[0].url == ROOT + "gone/"
    assert findings["broken_links"].evidence[0].excerpt == ROOT
    # The code says what it is: "HTTP 404", not a bare "[404]" in the report.
    assert findings["broken_links"].evidence[0].value == "HTTP 404"
    assert findings["copyright_current"].evidence[0].value == 2026


PROFESSIONAL_TEXT = """Колл-центр на аутсорсинге для интернет-магазинов. Наш супервайзер прослушивает звонки операторов,
а аутсорсинговый контакт-центр отвечает на 80% вызовов за 20 секунд. Телемаркетинг и исходящий обзвон базы,
лидогенерация, скрипты продаж, допродажи и омниканальный приём обращений. Интеграция с CRM за 3 дня,
онлайн-статистика по 12 показателям, 140 операторов и 9 супервайзеров, 2,3 млн звонков в год.
Колл-центры на аутсорсинг помогают сократить затраты на содержание своего колл-центра и получить обратную связь
с клиентами. Обращайте внимание на признаки постановочных разговоров и устаревших техник продаж.
Операторы колл-центра работают по скрипту, который согласуется с заказчиком до запуска проекта."""


def test_professional_text_gets_no_spelling_alarms() -> None:
    site = site_of(html_page(ROOT, f"<p>{PROFESSIONAL_TEXT}</p>"))
    spelling, concreteness = TextQualityCheck().run(site)
    assert spelling.status is Status.PASS, spelling.message
    assert concreteness.status is Status.PASS


def test_misspellings_are_counted_per_thousand_words_with_their_place() -> None:
    text = PROFESSIONAL_TEXT + " Мы обьязательно перезвоним."
    spelling, _ = TextQualityCheck().run(site_of(html_page(ROOT, f"<p>{text}</p>")))
    assert spelling.status is Status.FAIL  # one error in ~150 words is over 3 per 1,000
    assert "на 1000" in spelling.message and spelling.message.endswith(": обьязательно → обязательно")
    assert [evidence.value for evidence in spelling.evidence] == ["обьязательно"]
    assert "обьязательно перезвоним" in (spelling.evidence[0].excerpt or "")


def test_privacy_policy_link_to_a_dead_page_and_to_an_unfetched_page() -> None:
    home = html_page(ROOT, '<a href="/privacy/">Политика конфиденциальности</a>')
    dead = Page(url=ROOT + "privacy/", status_code=500, content_type="text/html")
    [unreachable] = PrivacyPolicyCheck().run(site_of(home, dead))
    assert (unreachable.code, unreachable.status) == ("unreachable", Status.FAIL) and "500" in unreachable.message
    [unfetched] = PrivacyPolicyCheck().run(site_of(home))
    assert (unfetched.code, unfetched.status) == ("not_fetched", Status.UNKNOWN)


def test_run_checks_is_english_with_lang_en() -> None:
    from callscout.i18n import set_language

    set_language("en")
    findings = run_checks(site_of(html_page(ROOT, "<p>nothing</p>")), [NewsCheck])
    assert findings[0].message == "The site has no news or blog section"


def test_names_jargon_compounds_and_abbreviations_are_not_typos() -> None:
    text = (
        "Совкомбанк и Тинькофф — наши партнёры. Офис у метро Полежаевская, помещ. 3, комн. 12. "
        "Автохимчистка, телемаркетинговые услуги и неперсонифицированный учёт. " + PROFESSIONAL_TEXT
    )
    spelling, _ = TextQualityCheck().run(site_of(html_page(ROOT, f"<p>{text}</p>")))
    assert spelling.status is Status.PASS, spelling.message


def test_edit_distance_counts_a_swap_as_one() -> None:
    from callscout.web_audit.checks.text_quality import edit_distance

    assert edit_distance("приемущество", "преимущество") == 1
    assert edit_distance("зделаем", "сделаем") == 1
    assert edit_distance("румянцево", "румянцем") == 2
    assert edit_distance("", "abc") == 3


def test_sections_are_not_guessed_from_look_alike_addresses_and_menus() -> None:
    from callscout.web_audit.sections import pages_of

    home = html_page(ROOT, '<a href="/clients-help/">Клиентам</a><a href="/zapis-na-priem/">Запись</a>')
    pages = [home] + [
        html_page(ROOT + path, "<p>текст</p>")
        for path in ("clients-help/", "zapis-na-priem/", "product-details/", "scena/")
    ]
    site = site_of(*pages)
    assert pages_of(site, "requisites") == pages_of(site, "recordings") == pages_of(site, "prices") == []
    assert [page.url for page in pages_of(site, "clients")] == [ROOT + "clients-help/"]  # the address says so


@pytest.mark.parametrize(
    ("word", "fix"),
    [
        ("обьязательно", "обязательно"),
        ("зделаем", "сделаем"),
        ("Приемущество", "Преимущество"),
        ("расчитываем", "рассчитываем"),
        ("настроящее", "настоящее"),
        ("Совкомбанк", None),
        ("Тинькофф", None),
        ("Румянцево", None),
        ("телемаркетинговые", None),
    ],
)
def test_near_miss_finds_the_word_a_typo_misspells_and_nothing_for_names(word: str, fix: str | None) -> None:
    from callscout.web_audit.checks.text_quality import near_miss

    assert near_miss(word) == fix

"""The six demo sites through every check: each site shows what it was built to show."""

from __future__ import annotations

import functools

import pytest

from callscout.model import Finding, Status
from callscout.web_audit.base import SiteContext, all_checks, run_checks
from tests.web_audit.sites import DEMO_SITE_HOSTS, DEMO_SITES, site_from_dir


@functools.cache
def audited(host: str) -> tuple[SiteContext, tuple[Finding, ...]]:
    site = site_from_dir(host)
    return site, tuple(run_checks(site))


def codes(host: str, check: str) -> dict[str, Status]:
    return {finding.code or "": finding.status for finding in audited(host)[1] if finding.check == check}


def test_every_demo_host_has_a_site_and_a_vendor_in_the_evaluation(demo_yaml: str) -> None:
    for host in DEMO_SITE_HOSTS:
        assert (DEMO_SITES / host / "index.html").is_file()
        assert f"http://{host}/" in demo_yaml or f"https://{host}/" in demo_yaml
    total = sum(file.stat().st_size for file in DEMO_SITES.rglob("*") if file.is_file())
    assert total < 2_000_000


@pytest.mark.parametrize("host", DEMO_SITE_HOSTS)
def test_no_check_fails_to_run_and_every_finding_has_evidence(host: str) -> None:
    site, findings = audited(host)
    assert {finding.check for finding in findings} == {check.code for check in all_checks()}
    assert not [finding for finding in findings if finding.code == "check_failed"]
    assert all(finding.evidence for finding in findings if finding.status is not Status.PASS)
    assert set(site.facts) >= {"legal_entity", "contacts", "privacy_policy", "news", "reviews", "recordings"}


def test_golospro_is_complete_with_requisites_page_and_footer(demo_yaml: str) -> None:
    site, findings = audited("golospro.example")
    entity = site.facts["legal_entity"]
    assert entity["role"] == "site_owner" and entity["format_ok"] == {"inn": True, "ogrn": True, "kpp": True}
    assert {"has_numbers", "numbers_match_form", "checksums_valid"} <= set(entity["why"])
    assert site.facts["entities"] == []
    assert {
        key: value
        for key, value in entity.items()
        if key not in ("role", "format_ok", "why", "page", "position", "more_numbers")
    } == {
        "legal_form": "ООО",
        "name": "ООО «ГолосПро»",
        "full_name": "Общество с ограниченной ответственностью «ГолосПро»",
        "inn": "7701234560",
        "inn_valid": True,
        "ogrn": "1157746012346",
        "ogrn_valid": True,
        "kpp": "770101001",
        "legal_address": "101000, г. Москва, ул. Мясницкая, д. 24/7, стр. 1, помещение 3",
        "actual_address": "101000, г. Москва, ул. Мясницкая, д. 24/7, стр. 1, офис 305",
        "director": {"name": "Соколов Андрей Викторович", "position": "Генеральный директор"},
    }
    assert f'inn: "{entity["inn"]}"' in demo_yaml  # the site agrees with the evaluation file
    assert codes("golospro.example", "requisites") == {
        "valid_inn": Status.PASS,
        "valid_ogrn": Status.PASS,
        "valid_kpp": Status.PASS,
        "requisites_page": Status.PASS,
        "owner": Status.PASS,
        "complete": Status.PASS,
    }
    phones = {(phone["e164"], phone["type"]) for phone in site.facts["contacts"]["phones"]}
    assert phones == {("+74951204567", "landline"), ("+78005550123", "toll_free")}
    assert site.facts["news"] == {
        "url": "http://golospro.example/novosti/",
        "latest_date": "2026-11-10",
        "dates": ["2026-11-10", "2026-10-02", "2026-08-15"],  # every item, not only the latest
    }
    assert site.facts["reviews"] == {
        "url": "http://golospro.example/otzyvy/",
        "count": 3,
        "latest_date": "2026-11-12",
        "dates": ["2026-11-12", "2026-09-03", "2026-04-21"],
    }
    [recording] = site.facts["recordings"]
    assert recording["url"].endswith("/media/zakaz-holodilnika.wav") and 3 < recording["duration_s"] < 15
    assert recording["bytes"] == (DEMO_SITES / "golospro.example/media/zakaz-holodilnika.wav").stat().st_size
    assert recording["verdict"] == "good"
    assert codes("golospro.example", "call_recordings") == {"found": Status.PASS, "recording_good": Status.PASS}
    assert site.facts["recording_assessments"][recording["url"]]["snr_db"] > 30
    assert codes("golospro.example", "text_quality") == {"spelling": Status.PASS, "concrete": Status.PASS}
    assert not [f for f in findings if f.status is Status.FAIL and f.code != "no_https"]


def test_linia24_windows_1251_pdf_policy_and_aging_news() -> None:
    site, _ = audited("linia24.example")
    assert site.pages[0].charset == "cp1251"
    policy = site.facts["privacy_policy"]
    assert (
        policy["url"] == policy["document_url"] == policy["link_url"] == "http://linia24.example/docs/politika-pd.pdf"
    )
    assert (policy["kind"], policy["reachable"], policy["status"]) == ("pdf", True, 200)
    assert policy["link_text"] and policy["mentions_152fz"] is True
    assert codes("linia24.example", "privacy_policy") == {"found": Status.PASS, "forms_ask_consent": Status.PASS}
    assert codes("linia24.example", "news")["aging"] is Status.WARN
    assert site.facts["legal_entity"]["director"] == {
        "name": "Петров Михаил Сергеевич",
        "position": "Генеральный директор",
    }
    assert site.facts["legal_entity"]["kpp"] == "780201001"
    assert codes("linia24.example", "requisites")["no_requisites_page"] is Status.WARN
    [recording] = site.facts["recordings"]
    assert recording["duration_s"] > 2
    # The noisy recording: the audio core's verdict, with the measured reasons as evidence.
    assert recording["verdict"] in ("poor", "acceptable")
    [verdict] = [f for f in audited("linia24.example")[1] if f.code and f.code.startswith("recording_")]
    assert verdict.check == "call_recordings" and verdict.status in (Status.FAIL, Status.WARN)
    excerpts = " | ".join(str(evidence.excerpt) for evidence in verdict.evidence)
    assert "SNR" in verdict.message and "шум" in excerpts and "фон в паузах" in excerpts


def test_teleservice_plus_mobile_only_free_mail_and_nothing_else() -> None:
    site, _ = audited("teleservice-plus.example")
    assert site.facts["contacts"]["phones"] == [
        {
            "e164": "+79165551234",
            "type": "mobile",
            "display": "+7 916 555-12-34",
            "url": "http://teleservice-plus.example/",
            "placeholder": False,
        }
    ]
    contacts = codes("teleservice-plus.example", "contacts")
    assert contacts["mobile_only"] is Status.FAIL and contacts["free_mail"] is Status.WARN
    assert codes("teleservice-plus.example", "privacy_policy") == {
        "missing": Status.FAIL,
        "form_without_consent": Status.WARN,
    }
    assert site.facts["privacy_policy"] is None
    assert codes("teleservice-plus.example", "requisites")["no_requisites"] is Status.FAIL
    assert codes("teleservice-plus.example", "news") == {"missing": Status.FAIL}
    assert codes("teleservice-plus.example", "text_quality")["vague"] is Status.WARN
    assert codes("teleservice-plus.example", "services_and_prices")["prices_on_request"] is Status.WARN
    basics = codes("teleservice-plus.example", "site_basics")
    assert basics["broken_links"] is Status.WARN and basics["copyright_outdated"] is Status.WARN


def test_kontakt_express_invalid_ogrn_and_stale_news() -> None:
    site, findings = audited("kontakt-express.example")
    assert site.facts["legal_entity"]["ogrn"] == "1175476043217"
    assert site.facts["legal_entity"]["ogrn_valid"] is False
    assert site.facts["legal_entity"]["inn_valid"] is True
    [invalid] = [f for f in findings if f.code == "invalid_ogrn"]
    assert invalid.status is Status.FAIL and "контрольная цифра" in invalid.message
    assert invalid.evidence[0].url == "http://kontakt-express.example/rekvizity/"
    assert codes("kontakt-express.example", "news")["stale"] is Status.FAIL
    assert site.facts["news"]["latest_date"] == "2022-05-16"
    assert codes("kontakt-express.example", "clients_and_reviews")["reviews_stale"] is Status.WARN


def test_callmind_spelling_errors_undated_news_and_weak_policy() -> None:
    _, findings = audited("callmind.example")
    [spelling] = [f for f in findings if f.code == "spelling"]
    assert spelling.status is Status.FAIL
    flagged = {str(evidence.value) for evidence in spelling.evidence}
    assert flagged == {
        "обьязательно",
        "Приемущество",
        "расчитываем",
        "зделаем",
        "прфессиональных",
        "кочественное",
        "эфективности",
    }
    assert all(evidence.url and evidence.excerpt for evidence in spelling.evidence)
    assert "зделаем → сделаем" in spelling.message and "обьязательно → обязательно" in spelling.message
    assert codes("callmind.example", "news") == {"undated": Status.UNKNOWN}
    assert codes("callmind.example", "clients_and_reviews")["reviews_undated"] is Status.UNKNOWN
    policy = codes("callmind.example", "privacy_policy")
    assert policy["no_law_reference"] is Status.WARN and policy["no_operator"] is Status.WARN
    [missing] = [f for f in findings if f.code == "missing_items"]
    assert "должность и ФИО руководителя" in missing.message and "КПП" in missing.message
    assert codes("callmind.example", "call_recordings") == {"missing": Status.WARN}


def test_otkrytyi_dialog_is_complete() -> None:
    site, findings = audited("otkrytyi-dialog.example")
    assert site.facts["legal_entity"]["director"]["name"] == "Орлова Марина Игоревна"
    assert codes("otkrytyi-dialog.example", "requisites")["complete"] is Status.PASS
    assert codes("otkrytyi-dialog.example", "site_basics")["links_ok"] is Status.PASS
    assert site.facts["reviews"]["count"] == 4
    assert not [f for f in findings if f.status is not Status.PASS and f.code != "no_https"]

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from callscout.legal import cache
from callscout.legal.fakes import FakeRegistryServer
from callscout.legal.registry import DadataProvider, RegistryRecord, lookup, parse_dadata_party
from callscout.store import Store

DATA = Path(__file__).parent / "data" / "registry"


def answer(name: str) -> dict[str, Any]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture
def records() -> dict[str, list[dict[str, Any]]]:
    legal = answer("party_legal.json")["suggestions"]
    individual = answer("party_individual.json")["suggestions"]
    return {"5406998879": legal, "1075406006664": legal, "540612345667": individual}


def test_parses_dadata_party_of_a_company() -> None:
    record = parse_dadata_party(answer("party_legal.json")["suggestions"][0])
    assert record.inn == "5406998879" and record.ogrn == "1075406006664" and record.kpp == "540601001"
    assert record.status == "ACTIVE" and record.is_active
    assert record.registration_date == date(2007, 6, 19)
    assert record.legal_form == "ООО" and record.short_name_with_form == 'ООО "ЗВОНОК-ЦЕНТР"'
    assert record.full_name_with_form == 'ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ "ЗВОНОК-ЦЕНТР"'
    assert record.director is not None
    assert record.director.name == "Кузнецова Марина Олеговна"
    assert record.director.post == "ГЕНЕРАЛЬНЫЙ ДИРЕКТОР" and record.director.since == date(2015, 1, 1)
    assert record.address == "г Новосибирск, ул Кирова, д 48, офис 501"
    assert record.address_region_iso == "RU-NVS"
    assert record.okved == "82.20" and record.okveds == ["82.20", "73.20"]
    assert record.okved_name == "Деятельность центров обработки телефонных вызовов"
    assert record.branch_count == 3 and record.employee_count == 140
    assert record.age_years(date(2027, 6, 19)) == pytest.approx(20.0, abs=0.01)


def test_parses_an_entrepreneur() -> None:
    record = parse_dadata_party(answer("party_individual.json")["suggestions"][0])
    assert record.entity_type == "individual" and record.legal_form == "ИП"
    assert record.director is not None and record.director.name == "Лебедев Олег Игоревич"
    assert record.registration_date == date(2019, 3, 25) and record.okveds == []


@pytest.mark.parametrize("status", ["ACTIVE", "LIQUIDATING", "LIQUIDATED", "BANKRUPT", "REORGANIZING"])
def test_every_documented_status_is_read(status: str) -> None:
    suggestion = answer("party_legal.json")["suggestions"][0]
    suggestion["data"]["state"]["status"] = status
    record = parse_dadata_party(suggestion)
    assert record.status == status and record.is_active is (status == "ACTIVE")
    assert record.status_label() != status


def test_lookup_through_dadata_client_against_fake_server(records: dict, store: Store) -> None:
    with FakeRegistryServer(records, token="secret") as server:
        provider = DadataProvider("secret", base_url=server.base_url, timeout_s=3)
        found = lookup("5406998879", provider, store=store)
        missing = lookup("7707083893", provider, store=store)
        assert server.requests[0] == {"query": "5406998879", "count": 20}
    assert found.status == "found" and not found.from_cache
    assert isinstance(found.record, RegistryRecord) and found.record.short_name == "ЗВОНОК-ЦЕНТР"
    assert missing.status == "not_found" and missing.record is None


def test_answers_are_cached_with_their_date_and_reused_offline(records: dict, store: Store) -> None:
    with FakeRegistryServer(records, token="secret") as server:
        provider = DadataProvider("secret", base_url=server.base_url, timeout_s=3)
        first = lookup("1075406006664", provider, store=store)
        again = lookup("1075406006664", provider, store=store)
        assert len(server.requests) == 1
    assert first.fetched_at is not None and again.from_cache
    assert again.record == first.record
    cached = cache.load(store, "registry:dadata", "1075406006664")
    assert cached is not None and abs(cached[1] - datetime.now(UTC)) < timedelta(minutes=1)
    # The server is gone: with network off, the cache still answers; an unknown number stays unknown.
    assert lookup("1075406006664", provider, store=store, network=False).status == "found"
    offline = lookup("7707083893", provider, store=store, network=False)
    assert offline.status == "unknown" and "выключены" in (offline.reason or "")


def test_stale_cache_is_refreshed(records: dict, store: Store) -> None:
    old = datetime.now(UTC) - timedelta(days=90)
    cache.save(store, "registry:dadata", "5406998879", {"suggestions": []}, fetched_at=old)
    with FakeRegistryServer(records, token="secret") as server:
        provider = DadataProvider("secret", base_url=server.base_url, timeout_s=3)
        fresh = lookup("5406998879", provider, store=store, max_age=timedelta(days=30))
    assert fresh.status == "found" and not fresh.from_cache


def test_no_token_is_unknown_with_reason_and_no_request(records: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CALLSCOUT_DADATA_TOKEN", raising=False)
    with FakeRegistryServer(records) as server:
        result = lookup("5406998879", DadataProvider(base_url=server.base_url))
        assert server.requests == []
    assert result.status == "unknown" and "CALLSCOUT_DADATA_TOKEN" in (result.reason or "")


def test_token_and_url_come_from_the_environment(records: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeRegistryServer(records, token="from-env") as server:
        monkeypatch.setenv("CALLSCOUT_DADATA_TOKEN", "from-env")
        monkeypatch.setenv("CALLSCOUT_DADATA_URL", server.base_url)
        assert lookup("540612345667", DadataProvider()).status == "found"


@pytest.mark.parametrize(
    ("fail_with", "token", "words"),
    [(None, "wrong", "отклонила ключ"), (429, "secret", "лимит"), (500, "secret", "HTTP 500")],
)
def test_service_errors_are_unknown_not_failures(records: dict, fail_with: int | None, token: str, words: str) -> None:
    with FakeRegistryServer(records, token="secret", fail_with=fail_with) as server:
        result = lookup("5406998879", DadataProvider(token, base_url=server.base_url, timeout_s=3))
    assert result.status == "unknown" and words in (result.reason or "")


def test_timeout_and_unreachable_are_unknown(records: dict) -> None:
    with FakeRegistryServer(records, token="secret", delay_s=2) as server:
        slow = lookup("5406998879", DadataProvider("secret", base_url=server.base_url, timeout_s=0.3))
        url = server.base_url
    assert slow.status == "unknown" and "не ответила" in (slow.reason or "")
    gone = lookup("5406998879", DadataProvider("secret", base_url=url, timeout_s=1))
    assert gone.status == "unknown" and "недоступна" in (gone.reason or "")
    # Why, in the reader's words: never the HTTP library's English.
    assert "сервер отказал в соединении" in (gone.reason or "") and "Errno" not in (gone.reason or "")


def test_errors_are_not_cached(records: dict, store: Store) -> None:
    with FakeRegistryServer(records, token="secret", fail_with=500) as server:
        lookup("5406998879", DadataProvider("secret", base_url=server.base_url), store=store)
    assert cache.load(store, "registry:dadata", "5406998879") is None


def test_head_office_is_chosen_among_branches(records: dict) -> None:
    head = records["5406998879"][0]
    branch = json.loads(json.dumps(head))
    branch["data"].update(branch_type="BRANCH", kpp="540602002", address={"value": "г Томск, ул Ленина, д 1"})
    with FakeRegistryServer({"5406998879": [branch, head]}, token="t") as server:
        result = lookup("5406998879", DadataProvider("t", base_url=server.base_url))
    assert result.record is not None and result.record.kpp == "540601001"


def test_oversized_answer_is_cut_and_unknown() -> None:
    huge = [{"value": "x" * 3_000_000, "data": {"inn": "5406998879"}}]
    with FakeRegistryServer({"5406998879": huge}, token="t") as server:
        result = lookup("5406998879", DadataProvider("t", base_url=server.base_url, timeout_s=5))
    assert result.status == "unknown" and "больше" in (result.reason or "")

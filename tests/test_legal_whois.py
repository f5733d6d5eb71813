from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callscout.legal.fakes import FakeWhoisServer
from callscout.legal.whois import (
    TCI_SERVER,
    WhoisClient,
    decode_answer,
    parse_date,
    parse_whois,
    registrable_domain,
)

DATA = Path(__file__).parent / "data" / "whois"


def saved(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "created", "registrar", "fmt"),
    [
        ("ru_found.txt", date(2006, 3, 14), "RU-CENTER-RU", "tci"),
        ("rf_found.txt", date(2024, 6, 2), "REGRU-RF", "tci"),
        ("su_found.txt", date(2003, 10, 8), "RUCENTER-SU", "tci"),
        ("com_found.txt", date(2011, 5, 19), "GoDaddy.com, LLC", "icann"),
        ("org_found.txt", date(2016, 7, 25), "NameCheap, Inc.", "icann"),
        ("uk_found.txt", date(2004, 8, 26), "Tucows Inc", "nominet"),
        ("kz_found.txt", date(2010, 2, 17), "HOSTER.KZ", "generic"),
        ("ua_found.txt", date(2009, 4, 21), "ua.imena", "generic"),
        ("by_found.txt", date(2012, 10, 3), "Reliable Software, Ltd", "icann"),
    ],
)
def test_parser_reads_creation_date_and_registrar_of_each_zone(
    name: str, created: date, registrar: str, fmt: str
) -> None:
    record = parse_whois(saved(name))
    assert record.found
    assert record.created == created
    assert record.registrar == registrar
    assert record.format == fmt
    assert record.name_servers
    if name != "kz_found.txt":  # KazNIC does not publish the expiry date
        assert record.expires is not None and record.expires > created


def test_tci_answer_gives_owner_and_taxpayer_id() -> None:
    record = parse_whois(saved("ru_found.txt"), "kontakt-centr.ru")
    assert record.org == 'LLC "Kontakt-Centr"'
    assert record.taxpayer_id == "7707083893"
    assert record.states == ["REGISTERED", "DELEGATED", "VERIFIED"]
    assert record.expires == date(2027, 3, 14)
    assert record.age_years(date(2026, 3, 14)) == pytest.approx(20.0, abs=0.01)
    private = parse_whois(saved("rf_found.txt"))
    assert private.org is None and private.taxpayer_id is None


def test_denic_has_no_creation_date_and_says_so() -> None:
    record = parse_whois(saved("de_found.txt"))
    assert record.found and record.created is None and record.updated == date(2023, 5, 4)
    assert record.age_years(date(2026, 1, 1)) is None


@pytest.mark.parametrize("name", ["ru_not_found.txt", "com_not_found.txt"])
def test_not_found_answers(name: str) -> None:
    assert parse_whois(saved(name)).found is False


def test_windows_1251_answer_is_decoded() -> None:
    text = decode_answer((DATA / "ru_cp1251.bin").read_bytes())
    record = parse_whois(text)
    assert record.org == 'ООО "Старая фирма"'
    assert record.created == date(2001, 2, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2004-11-26T13:36:24Z", date(2004, 11, 26)),
        ("2012.10.03", date(2012, 10, 3)),
        ("03.10.2012", date(2012, 10, 3)),
        ("26-Aug-1996", date(1996, 8, 26)),
        ("before Aug-1996", None),
        ("Fri Jan 01 2000", date(2000, 1, 1)),
        ("January 5, 2001", date(2001, 1, 5)),
        ("2001-02-30", None),
        ("", None),
    ],
)
def test_parse_date(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://www.Example.RU/contacts?x=1", "example.ru"),
        ("http://shop.golospro.example:8080/", "golospro.example"),
        ("https://пример.рф/", "xn--e1afmkfd.xn--p1ai"),
        ("www.firma.msk.ru", "firma.msk.ru"),
        ("xn--e1afmkfd.xn--p1ai", "xn--e1afmkfd.xn--p1ai"),
        ("callcentre-example.co.uk", "callcentre-example.co.uk"),
    ],
)
def test_registrable_domain(given: str, expected: str) -> None:
    assert registrable_domain(given) == expected


@pytest.mark.parametrize("bad", ["", "localhost", "http://127.0.0.1/", "http://[::1]/", "a" * 300 + ".ru", "x..ru"])
def test_registrable_domain_rejects_non_domains(bad: str) -> None:
    with pytest.raises(ValueError):
        registrable_domain(bad)


def test_client_talks_port_43_protocol_for_ru_rf_and_com() -> None:
    answers = {
        "kontakt-centr.ru": saved("ru_found.txt"),
        "xn--80akalhbqddfqlbdtcc3e0e.xn--p1ai": saved("rf_found.txt"),
        "callforce-example.com": saved("com_found.txt"),
    }
    with FakeWhoisServer(answers) as server:
        client = WhoisClient(servers={"*": server.address}, allow_private_network=True, timeout_s=3)
        ru = client.lookup("https://www.kontakt-centr.ru/about")
        rf = client.lookup("https://контактыцентрпример.рф/")
        com = client.lookup("callforce-example.com")
        missing = client.lookup("no-such-domain.ru")
    assert ru.status == "found" and ru.record and ru.record.taxpayer_id == "7707083893"
    assert ru.server == server.address and ru.raw and "TCI" in ru.raw
    assert rf.domain == "xn--80akalhbqddfqlbdtcc3e0e.xn--p1ai"
    assert rf.status == "found" and rf.record and rf.record.created == date(2024, 6, 2)
    assert com.status == "found" and com.record and com.record.registrar == "GoDaddy.com, LLC"
    assert missing.status == "not_found"
    # The server saw exactly the registrable names in punycode, one query per line.
    assert server.queries == [
        "kontakt-centr.ru",
        "xn--80akalhbqddfqlbdtcc3e0e.xn--p1ai",
        "callforce-example.com",
        "no-such-domain.ru",
    ]


def test_zone_table_sends_russian_zones_to_tci() -> None:
    client = WhoisClient()
    assert client.server_for("example.ru") == TCI_SERVER
    assert client.server_for("xn--e1afmkfd.xn--p1ai") == TCI_SERVER
    assert client.server_for("example.su") == TCI_SERVER
    assert client.server_for("example.com") == "whois.verisign-grs.com"


@pytest.mark.parametrize("mode", ["silent", "drip"])
def test_slow_servers_end_in_unknown_within_the_time_bound(mode: str) -> None:
    with FakeWhoisServer({"slow.ru": saved("ru_found.txt")}, mode=mode, drip_s=0.1) as server:
        client = WhoisClient(servers={"*": server.address}, allow_private_network=True, timeout_s=0.5)
        started = time.monotonic()
        lookup = client.lookup("slow.ru")
        elapsed = time.monotonic() - started
    assert lookup.status == "unknown"
    assert "не ответил" in (lookup.reason or "")
    assert elapsed < 3


def test_refused_and_closed_ports_give_unknown_with_reason() -> None:
    with FakeWhoisServer({}, mode="refuse") as server:
        client = WhoisClient(servers={"*": server.address}, allow_private_network=True, timeout_s=1)
        empty = client.lookup("firma.ru")
        port = server.port
    assert empty.status == "unknown" and "пустой" in (empty.reason or "")
    closed = WhoisClient(servers={"*": f"127.0.0.1:{port}"}, allow_private_network=True, timeout_s=1).lookup("x.ru")
    assert closed.status == "unknown" and "недоступен" in (closed.reason or "")
    assert "сервер отказал в соединении" in (closed.reason or "") and "Connection" not in (closed.reason or "")


def test_flood_is_cut_at_the_size_bound() -> None:
    with FakeWhoisServer({}, mode="flood", flood_bytes=5_000_000) as server:
        client = WhoisClient(servers={"*": server.address}, allow_private_network=True, timeout_s=3, max_bytes=100_000)
        lookup = client.lookup("flood.ru")
    assert lookup.raw is not None and len(lookup.raw) <= 100_000
    assert lookup.status == "not_found"


def test_private_servers_are_refused_without_the_flag() -> None:
    with FakeWhoisServer({"firma.ru": saved("ru_found.txt")}) as server:
        lookup = WhoisClient(servers={"*": server.address}, timeout_s=1).lookup("firma.ru")
        assert server.queries == []
    assert lookup.status == "unknown" and "внутренней сети" in (lookup.reason or "")


SAMPLES = sorted(path.name for path in DATA.glob("*.txt"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sample=st.sampled_from(SAMPLES),
    cut=st.integers(min_value=0, max_value=3000),
    junk=st.text(max_size=300),
    position=st.integers(min_value=0, max_value=3000),
)
def test_fuzzed_answers_never_crash_the_parser(sample: str, cut: int, junk: str, position: int) -> None:
    text = saved(sample)[:cut]
    mutated = text[:position] + junk + text[position:]
    record = parse_whois(mutated, "fuzz.ru")
    assert record.created is None or 1985 <= record.created.year <= 2200
    assert isinstance(record.states, list)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=2000))
def test_arbitrary_text_never_crashes_the_parser(text: str) -> None:
    parse_whois(text)
    parse_date(text)


def test_unknown_zone_is_referred_by_iana() -> None:
    with FakeWhoisServer({"firma.xyz": saved("com_found.txt")}) as registry:
        iana_answer = f"% IANA WHOIS server\n\ndomain:       XYZ\n\nrefer:        {registry.address}\n"
        with FakeWhoisServer({"xyz": iana_answer}) as iana:
            client = WhoisClient(servers={}, iana_server=iana.address, allow_private_network=True, timeout_s=3)
            lookup = client.lookup("https://firma.xyz/")
            assert iana.queries == ["xyz"]
        assert registry.queries == ["firma.xyz"]
    assert lookup.status == "found" and lookup.server == registry.address
    assert lookup.record is not None and lookup.record.created == date(2011, 5, 19)
    no_referral = WhoisClient(servers={}, iana_server=None).lookup("firma.xyz")
    assert no_referral.status == "unknown" and ".xyz" in (no_referral.reason or "")


@pytest.mark.parametrize("server", ["127.0.0.1:abc", "127.0.0.1:70000"])
def test_bad_server_address_is_unknown(server: str) -> None:
    lookup = WhoisClient(servers={"*": server}, allow_private_network=True, timeout_s=1).lookup("firma.ru")
    assert lookup.status == "unknown" and "неверный адрес" in (lookup.reason or "")

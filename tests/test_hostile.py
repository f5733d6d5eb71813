"""Hostile input, as an attacker or a careless export would send it: every kind ends in a clear message,
Russian first, and nothing is stored (no evaluation, vendor, import or job result left behind)."""

from __future__ import annotations

import gzip
import html
import io
import re
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from callscout import accounts
from callscout.calls.storage import CallStore
from callscout.store import Store
from callscout.web import create_app
from callscout.web.jobs import registry

REAL_LOG = Path("/work/shared/data/anonymous-bank-1999-02.tsv")


@pytest.fixture
def client(store: Store, tmp_path: Path) -> TestClient:
    accounts.create_user(store, "owner", "correct horse")
    return TestClient(create_app(store, reports_dir=tmp_path / "reports"), follow_redirects=False)


@pytest.fixture
def csrf(client: TestClient) -> str:
    response = client.post("/login", data={"login": "owner", "password": "correct horse"})
    assert response.status_code == 303
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text).group(1)


@pytest.fixture
def evaluation_id(client: TestClient, csrf: str) -> int:
    response = client.post("/evaluations", data={"csrf_token": csrf, "name": "Выбор КЦ", "calls_per_month": "5000"})
    evaluation_id = int(response.headers["location"].rsplit("/", 1)[1])
    added = client.post(f"/e/{evaluation_id}/vendors", data={"csrf_token": csrf, "name": "Голос"})
    assert added.status_code == 303
    return evaluation_id


def laughs() -> str:
    lines = ["a: &a [x,x,x,x,x,x,x,x,x,x]"]
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]" for i in range(8)]
    return "\n".join(lines) + "\n"


EVALUATION_FILES = {
    "deep nesting": (b"name: x\nneeds: " + b"[" * 5000 + b"]" * 5000, "строка 2", "вложенность глубже 64 уровней"),
    "5000-digit integer": (b"name: x\nversion: " + b"9" * 5000, "строка 2", "число длиннее 100 цифр"),
    "billion laughs": (laughs().encode(), "строка 6", "больше 200000 элементов"),
    "not UTF-8": ("name: Выбор\n".encode("cp1251"), "", "файл не в UTF-8"),
    "larger than 1 MB": (b"# " + b"x" * (1024 * 1024 + 10), "", "файл больше 1 МБ"),
    "duplicate keys": (b"name: a\nname: b\n", "строка 2", "ключ 'name' повторяется"),
    "not a mapping": (b"- just\n- a list\n", "", "файл должен описывать оценку"),
}


@pytest.mark.parametrize("kind", list(EVALUATION_FILES))
def test_hostile_evaluation_files_are_refused_with_the_line(
    client: TestClient, csrf: str, store: Store, kind: str
) -> None:
    body, line, reason = EVALUATION_FILES[kind]
    response = client.post("/evaluations", data={"csrf_token": csrf}, files={"file": ("e.yaml", body)})
    assert response.status_code == 400, kind
    text = html.unescape(response.text)
    assert reason in text and line in text, kind
    assert store.evaluation_names() == []


def test_vendor_with_a_website_that_is_not_http_is_refused(
    client: TestClient, csrf: str, store: Store, evaluation_id: int
) -> None:
    for website in ("javascript:alert(1)", "golospro"):
        refused = client.post(
            f"/e/{evaluation_id}/vendors", data={"csrf_token": csrf, "name": "Злой", "website": website}
        )
        assert refused.status_code == 400
        assert "сайт" in refused.text  # Russian: which field and what is wrong with it
    assert [vendor.name for vendor in store.evaluation_by_id(evaluation_id).vendors] == ["Голос"]


def test_audit_start_of_a_javascript_or_dotless_address_stores_nothing(
    client: TestClient, csrf: str, store: Store, evaluation_id: int
) -> None:
    for website, reason in (("golospro", "нет имени хоста с точкой"), ("javascript:alert(1)", "не адрес сайта")):
        refused = client.post(f"/e/{evaluation_id}/audits/Голос/start", data={"csrf_token": csrf, "website": website})
        assert refused.status_code == 400 and reason in refused.text, website
    assert store.evaluation_by_id(evaluation_id).vendor("Голос").website is None
    assert registry(client.app.state.cabinet).latest("audit", evaluation_id, "Голос") is None


def _corrupt_gzip() -> bytes:
    return gzip.compress(REAL_LOG.read_bytes()[:200_000])[:5_000]


def _gzip_bomb() -> bytes:
    buffer = io.BytesIO()
    header, _, body = REAL_LOG.read_bytes().partition(b"\n")
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=1) as handle:
        handle.write(header + b"\n")
        for _ in range(4):
            handle.write(body)
    return buffer.getvalue()


def _fake_xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return buffer.getvalue()


CALL_LOGS = {
    "gzip bomb": ("calls.tsv.gz", _gzip_bomb, "сжатый файл распаковывается больше чем в 5 МБ"),
    "corrupt gzip": ("calls.tsv.gz", _corrupt_gzip, "повреждён"),
    "binary file": ("calls.csv", lambda: b"\x00\x01\x02binary\x00" * 1000, "двоичный файл"),
    "zip that is no workbook": ("calls.xlsx", _fake_xlsx, "XLSX не читается"),
    "too many rows": ("calls.tsv", REAL_LOG.read_bytes, "больше 1000 строк — предел импорта"),
}


@pytest.mark.parametrize("kind", list(CALL_LOGS))
def test_hostile_call_logs_fail_the_import_whole(
    client: TestClient, csrf: str, store: Store, evaluation_id: int, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    monkeypatch.setenv("CALLSCOUT_MAX_DECOMPRESSED_BYTES", str(5 * 1024**2))
    if kind == "too many rows":
        monkeypatch.setenv("CALLSCOUT_MAX_IMPORT_ROWS", "1000")
    name, make, reason = CALL_LOGS[kind]
    response = client.post(
        f"/e/{evaluation_id}/calls/upload",
        data={"csrf_token": csrf, "vendor": "Голос", "format": "auto"},
        files={"file": (name, make(), "application/octet-stream")},
    )
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    job_id = int(re.search(r"import_job=(\d+)", location).group(1))
    job = registry(client.app.state.cabinet).wait(job_id, 120)
    assert job.state == "failed", (kind, job)
    assert reason in job.error, (kind, job.error)
    page = html.unescape(client.get(location).text)
    assert "Импорт не удался, ничего не импортировано" in page and reason in page, kind
    calls = CallStore(store)
    assert calls.imports(evaluation_id) == [] and list(calls.work_dir.iterdir()) == []


def test_requests_beyond_the_limits(client: TestClient, csrf: str, evaluation_id: int) -> None:
    huge_body = client.post(
        "/evaluations", content=b"x" * 100, headers={"content-length": str(26 * 1024 * 1024), "x-csrf-token": csrf}
    )
    assert huge_body.status_code == 413 and "Слишком большой запрос" in huge_body.text
    assert client.get("/e/" + "9" * 40).status_code == 404
    assert client.get(f"/e/{evaluation_id}/recordings/" + "9" * 40).status_code == 404
    cross_site = client.post(
        "/login", data={"login": "owner", "password": "correct horse"}, headers={"origin": "https://evil.example"}
    )
    assert cross_site.status_code == 403 and "вход с чужого сайта запрещён" in cross_site.text


def test_password_guessing_is_locked_out(client: TestClient) -> None:
    statuses = [client.post("/login", data={"login": "owner", "password": f"guess {n}"}).status_code for n in range(6)]
    assert statuses == [401] * 5 + [429]
    locked = client.post("/login", data={"login": "owner", "password": "correct horse"})
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 0
    assert "слишком много неудачных попыток входа" in locked.text

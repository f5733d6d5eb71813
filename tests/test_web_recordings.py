"""The cabinet's recordings and quality pages: uploads checked by the core, the player, transcripts,
scorecards (immutable grades), operator tests and the mystery-shopper log."""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from callscout import accounts
from callscout.accounts import Role
from callscout.audio import synth
from callscout.qa import service
from callscout.store import Store
from callscout.store.ownership import VendorRef, vendor_ref
from callscout.web import create_app
from tests.test_web import create_evaluation, sign_in


@pytest.fixture
def client(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.delenv("CALLSCOUT_ASR_MODEL", raising=False)
    accounts.create_user(store, "owner", "correct horse")
    accounts.create_user(store, "viewer", "viewer password")
    return TestClient(create_app(store, reports_dir=tmp_path / "reports"), follow_redirects=False)


@pytest.fixture(scope="module")
def noisy_wav() -> bytes:
    voice = synth.voice(6.0, 16000, seed=3)
    return synth.to_wav_bytes(synth.mix_at_snr(voice, synth.white_noise(6.0, 16000, seed=3), 3.0), 16000)


def _setup(client: TestClient) -> tuple[str, int]:
    csrf = sign_in(client)
    evaluation_id = create_evaluation(client, csrf)
    assert client.post(f"/e/{evaluation_id}/vendors", data={"csrf_token": csrf, "name": "ГолосПро"}).status_code == 303
    return csrf, evaluation_id


def _upload(client: TestClient, evaluation_id: int, csrf: str, name: str, body: bytes):
    return client.post(
        f"/e/{evaluation_id}/recordings",
        data={"csrf_token": csrf, "vendor": "ГолосПро"},
        files={"file": (name, body, "audio/wav")},
    )


def test_recording_upload_player_verdict_and_scorecard(client: TestClient, store: Store, noisy_wav: bytes) -> None:
    csrf, evaluation_id = _setup(client)
    response = _upload(client, evaluation_id, csrf, "звонок.wav", noisy_wav)
    assert response.status_code == 303, response.text
    page_url = response.headers["location"]
    page = client.get(page_url)
    assert page.status_code == 200
    # The verdict and reasons are the core's for the same file.
    from callscout.audio import assess_bytes

    expected = assess_bytes(noisy_wav, "звонок.wav")
    assert f'data-verdict="{expected["verdict"]}"' in page.text
    assert expected["verdict"] == "poor" and "SNR" in page.text
    audio = client.get(page_url + "/audio")
    assert audio.status_code == 200 and audio.headers["content-type"] == "audio/wav"
    assert audio.content == noisy_wav
    assert "<script>" not in page.text  # the player needs no inline script (CSP forbids it)
    # No speech model configured: the core says so on the page.
    assert 'data-asr="off"' in page.text and "CALLSCOUT_ASR_MODEL" in page.text
    # A transcript the user brings gives the script checklist.
    transcript = "[00:01] оператор: Добрый день, меня зовут Анна. Чем могу помочь?\n[00:20] оператор: До свидания\n"
    added = client.post(
        page_url + "/transcript",
        data={"csrf_token": csrf},
        files={"file": ("call.txt", transcript.encode(), "text/plain")},
    )
    assert added.status_code == 303
    page = client.get(page_url)
    assert "Добрый день" in page.text and "Приветствие" in page.text and "✓" in page.text
    # Rate with the example scorecard: once; a second rating by the same grader is refused.
    assert client.post(f"/e/{evaluation_id}/qa/forms", data={"csrf_token": csrf}).status_code == 303
    page = client.get(page_url)
    assert 'name="item_greeting"' in page.text
    answers = {
        "csrf_token": csrf,
        "form": "domtehnika-inbound",
        "operator": "Анна",
        "item_greeting": "yes",
        "item_answer_speed": "yes",
        "item_needs": "yes",
        "item_product_knowledge": "80",
        "item_objections": "",
        "item_order_confirmed": "no",
        "item_no_pressure": "yes",
        "item_farewell": "yes",
    }
    rated = client.post(page_url + "/rate", data=answers)
    assert rated.status_code == 303, rated.text
    grades = service.grades(store, evaluation_id, vendor_id=_v(store, evaluation_id).id)
    assert len(grades) == 1 and grades[0]["grader"] == "owner" and grades[0]["operator"] == "Анна"
    again = client.post(page_url + "/rate", data={**answers, "item_order_confirmed": "yes"})
    assert again.status_code == 400
    assert "уже оценён" in again.text and "не меняются" in again.text
    assert service.grades(store, evaluation_id, vendor_id=_v(store, evaluation_id).id)[0]["score"] == grades[0]["score"]
    # A mandatory item left blank is named.
    missing = client.post(page_url + "/rate?lang=en", data={**answers, "item_needs": ""})
    assert missing.status_code == 400 and "needs" in missing.text


def test_hostile_recordings_are_refused_and_nothing_is_kept(client: TestClient, store: Store, tmp_path: Path) -> None:
    csrf, evaluation_id = _setup(client)
    fake = _upload(client, evaluation_id, csrf, "call.wav", b"<!DOCTYPE html><html><script>alert(1)</script></html>")
    assert fake.status_code == 400
    assert "call.wav" in fake.text and "HTML" in fake.text
    assert "<script>alert(1)" not in fake.text
    wrong_type = _upload(client, evaluation_id, csrf, "notes.exe", b"MZ" + b"\0" * 100)
    assert wrong_type.status_code == 400 and "notes.exe" in wrong_type.text
    truncated = _upload(client, evaluation_id, csrf, "cut.wav", synth.to_wav_bytes(synth.voice(2.0, 8000), 8000)[:300])
    assert truncated.status_code == 400 and "cut.wav" in truncated.text
    huge = client.post(
        f"/e/{evaluation_id}/recordings",
        content=b"x",
        headers={"content-length": str(2 * 1024**3), "content-type": "multipart/form-data; boundary=x"},
    )
    assert huge.status_code == 413
    assert store.runs(kind="audio") == []
    kept = list((tmp_path / "web.recordings").rglob("*")) if (tmp_path / "web.recordings").exists() else []
    assert [path for path in kept if path.is_file()] == []


def test_viewer_cannot_upload_or_rate_and_posts_need_csrf(client: TestClient, store: Store, noisy_wav: bytes) -> None:
    csrf, evaluation_id = _setup(client)
    page_url = _upload(client, evaluation_id, csrf, "a.wav", noisy_wav).headers["location"]
    assert client.post(f"/e/{evaluation_id}/qa/forms", data={"csrf_token": csrf}).status_code == 303
    for url in (
        f"/e/{evaluation_id}/recordings",
        page_url + "/rate",
        page_url + "/transcript",
        f"/e/{evaluation_id}/qa/forms",
        f"/e/{evaluation_id}/qa/quizzes",
        f"/e/{evaluation_id}/mystery",
    ):
        assert client.post(url, data={"vendor": "ГолосПро"}).status_code == 403, url
        assert client.post(url, data={"csrf_token": "forged"}).status_code == 403, url
    accounts.grant(store, accounts.authenticate(store, "viewer", "viewer password").id, evaluation_id, Role.VIEWER)
    viewer = TestClient(client.app, follow_redirects=False)
    viewer_csrf = sign_in(viewer, "viewer", "viewer password")
    page = viewer.get(page_url)
    assert page.status_code == 200 and "Сохранить оценку" not in page.text
    assert _upload(viewer, evaluation_id, viewer_csrf, "b.wav", noisy_wav).status_code == 403
    assert (
        viewer.post(page_url + "/rate", data={"csrf_token": viewer_csrf, "form": "domtehnika-inbound"}).status_code
        == 403
    )
    assert service.grades(store, evaluation_id) == []
    anonymous = TestClient(client.app, follow_redirects=False)
    assert anonymous.get(page_url).status_code == 303
    assert anonymous.get(page_url + "/audio").status_code == 303
    assert anonymous.get(f"/e/{evaluation_id}/recordings").status_code == 303
    assert anonymous.post(page_url + "/rate").status_code == 401


def test_operator_test_and_mystery_shopper(client: TestClient, store: Store, noisy_wav: bytes) -> None:
    csrf, evaluation_id = _setup(client)
    assert client.post(f"/e/{evaluation_id}/qa/quizzes", data={"csrf_token": csrf}).status_code == 303
    recorded = client.post(
        f"/e/{evaluation_id}/qa/quizzes/domtehnika-rules",
        data={
            "csrf_token": csrf,
            "vendor": "ГолосПро",
            "operator": "Анна",
            "q_return_days": "14",
            "q_free_delivery": "5000",
            "q_warranty": "не знаю",
        },
    )
    assert recorded.status_code == 200
    result = service.quiz_report(store, evaluation_id, "domtehnika-rules")[0]
    assert result["operator"] == "Анна" and result["passed"] is False
    assert re.search(r"Анна: [\d.]+% — не сдал", recorded.text)
    logged = client.post(
        f"/e/{evaluation_id}/mystery",
        data={
            "csrf_token": csrf,
            "vendor": "ГолосПро",
            "called_at": "2026-11-20T10:00",
            "answered": "on",
            "answer_s": "12",
            "rings": "3",
            "notes": "вежливо",
        },
        files={"file": ("test-call.wav", noisy_wav, "audio/wav")},
    )
    assert logged.status_code == 303, logged.text
    summary = service.mystery_summary(store, _v(store, evaluation_id))
    assert summary["calls"] == 1 and summary["avg_answer_s"] == 12 and summary["last"]["recording_verdict"] == "poor"
    page = client.get(f"/e/{evaluation_id}/recordings")
    assert "test-call.wav" in page.text and "20.11.2026 10:00" in page.text  # as a Russian reader writes a date
    bad = client.post(
        f"/e/{evaluation_id}/mystery",
        data={"csrf_token": csrf, "vendor": "ГолосПро", "called_at": "вчера"},
    )
    assert bad.status_code == 400 and "вчера" in bad.text


BANK = Path("/work/shared/data/anonymous-bank-1999-02.tsv")
if not BANK.exists():
    BANK = Path(__file__).resolve().parents[2] / "shared" / "data" / "anonymous-bank-1999-02.tsv"
EXAMPLE_ANSWERS = {f"item_{code}": "yes" for code in ("greeting", "answer_speed", "needs", "order_confirmed")} | {
    "item_no_pressure": "yes",
    "item_farewell": "no",
}


def _v(store: Store, evaluation_id: int, name: str = "ГолосПро") -> VendorRef:
    return vendor_ref(store, evaluation_id, name)


def _bank_calls(store: Store, tmp_path: Path, evaluation_id: int, vendor: str = "ГолосПро", rows: int = 400):
    from callscout.calls.storage import CallStore

    header, *lines = BANK.read_text(encoding="utf-8").splitlines()
    path = tmp_path / f"bank-{rows}.tsv"
    path.write_text("\n".join([header, *lines[:rows]]) + "\n", encoding="utf-8")
    calls = CallStore(store)
    calls.import_file(path, evaluation_id=evaluation_id, vendor_id=_v(store, evaluation_id, vendor).id)
    return calls


def test_grade_a_call_from_the_imported_call_logs(client: TestClient, store: Store, tmp_path: Path) -> None:
    from callscout.calls import lookup

    csrf, evaluation_id = _setup(client)
    empty = client.get(f"/e/{evaluation_id}/recordings")
    assert "Журналов звонков ещё нет" in empty.text
    calls = _bank_calls(store, tmp_path, evaluation_id)
    assert client.post(f"/e/{evaluation_id}/qa/forms", data={"csrf_token": csrf}).status_code == 303
    page = client.get(f"/e/{evaluation_id}/recordings")
    assert "data-calls-found>400<" in page.text and 'data-page="2"' in page.text
    # Search by agent, by call id and by day: the same calls as the core's lookup; paging goes on.
    by_agent = client.get(f"/e/{evaluation_id}/qa/calls", params={"call_vendor": "ГолосПро", "call_q": "bension"})
    expected = lookup.find_calls(calls, _v(store, evaluation_id), text="bension")
    assert 0 < expected.total < 400 and f"data-calls-found>{expected.total}<" in by_agent.text
    assert "<html" not in by_agent.text
    day = client.get(
        f"/e/{evaluation_id}/qa/calls",
        params={"call_vendor": "ГолосПро", "call_from": "1999-02-01", "call_to": "1999-02-01"},
    )
    on_day = lookup.find_calls(calls, _v(store, evaluation_id), start=_day("1999-02-01"), end=_day("1999-02-01"))
    assert f"data-calls-found>{on_day.total}<" in day.text and on_day.total < 400
    second_page = client.get(f"/e/{evaluation_id}/qa/calls", params={"call_vendor": "ГолосПро", "call_page": "2"})
    second_ids = [row["call_id"] for row in lookup.find_calls(calls, _v(store, evaluation_id), page=2).rows]
    assert re.findall(r'data-call="([^"]+)"', second_page.text) == second_ids
    bad_date = client.get(f"/e/{evaluation_id}/qa/calls", params={"call_vendor": "ГолосПро", "call_from": "вчера"})
    assert bad_date.status_code == 400 and "ГГГГ-ММ-ДД" in bad_date.text
    # Grade two calls of one agent and one of another: the operator comes from the log.
    chosen = [row for row in expected.rows[:2]] + [
        next(
            row
            for row in lookup.find_calls(calls, _v(store, evaluation_id), per_page=200).rows
            if row["agent"] not in (None, "BENSION")
        )
    ]
    for number, call in enumerate(chosen):
        call_page = client.get(f"/e/{evaluation_id}/qa/call", params={"vendor": "ГолосПро", "call": call["call_id"]})
        assert call_page.status_code == 200 and f"data-agent>{call['agent']}<" in call_page.text
        answers = EXAMPLE_ANSWERS | {"item_product_knowledge": str(60 + 15 * number)}
        rated = client.post(
            f"/e/{evaluation_id}/qa/call/rate",
            data={"csrf_token": csrf, "form": "domtehnika-inbound", "vendor": "ГолосПро", "call": call["call_id"]}
            | answers,
        )
        assert rated.status_code == 303, rated.text
        assert "ГолосПро" in client.get(rated.headers["location"]).text
    stored = service.grades(store, evaluation_id, vendor_id=_v(store, evaluation_id).id)
    assert [(grade["call_id"], grade["operator"]) for grade in stored] == [
        (call["call_id"], call["agent"]) for call in chosen
    ]
    assert stored[0]["call_at"] == chosen[0]["arrival"].isoformat()
    # Rated once: the same grader cannot rate the same call again; an unknown call is not found.
    again = client.post(
        f"/e/{evaluation_id}/qa/call/rate",
        data={"csrf_token": csrf, "form": "domtehnika-inbound", "vendor": "ГолосПро", "call": chosen[0]["call_id"]}
        | EXAMPLE_ANSWERS
        | {"item_product_knowledge": "10"},
    )
    assert again.status_code == 400 and "уже оценён" in again.text
    missing = client.post(
        f"/e/{evaluation_id}/qa/call/rate",
        data={"csrf_token": csrf, "form": "domtehnika-inbound", "vendor": "ГолосПро", "call": "no-such-call"}
        | EXAMPLE_ANSWERS,
    )
    assert missing.status_code == 404
    assert client.get(f"/e/{evaluation_id}/qa/call", params={"vendor": "Чужой", "call": "x"}).status_code == 404
    # Averages on the page are the core's report (what `callscout qa report` prints), per grouping.
    averages = client.get(f"/e/{evaluation_id}/recordings").text
    for by in ("operator", "vendor", "item", "week"):
        block = averages.split(f'data-averages="{by}"', 1)[1].split("</table>", 1)[0]
        for row in service.report(store, evaluation_id, by):
            # Written the Russian way: a decimal comma ("8,5").
            cell = re.search(rf'data-key="{re.escape(row["key"])}">.*?data-average>([\d,]+)<', block, re.S)
            assert cell is not None, (by, row["key"])
            assert float(cell.group(1).replace(",", ".")) == pytest.approx(row["average"], abs=0.005)
    client.get("/lang/en?next=/")
    english = client.get(f"/e/{evaluation_id}/recordings").text
    assert "Average scores" in english and "By week" in english and "Grade a call from the call logs" in english
    client.get("/lang/ru?next=/")
    operators = {row["key"]: row for row in service.report(store, evaluation_id, "operator")}
    assert operators["BENSION"]["grades"] == 2 and operators[chosen[2]["agent"]]["grades"] == 1
    # Weeks are ISO weeks of the calls (February 1999), not of the day the grades were written.
    weeks = {row["call_id"]: row["arrival"].isocalendar()[:2] for row in chosen}
    expected_weeks = sorted({f"{year}-W{week:02d}" for year, week in weeks.values()})
    assert [row["key"] for row in service.report(store, evaluation_id, "week")] == expected_weeks


def test_cli_grades_an_imported_call_and_reports_the_same_averages(store: Store, tmp_path: Path) -> None:
    import json

    from callscout import workspace
    from tests.test_qa import _cli

    evaluation_id = store.save_evaluation(
        workspace.add_vendor(workspace.new_evaluation("Оценка", 1000), {"name": "ГолосПро"})
    )
    calls = _bank_calls(store, tmp_path, evaluation_id, rows=100)
    (tmp_path / "form.yaml").write_text(_example_form(), encoding="utf-8")
    url = store.url
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CALLSCOUT_DATABASE_URL", url)
        assert _cli("qa", "form", "create", "form.yaml", cwd=tmp_path).returncode == 0
        call = next(row for row in lookup_rows(calls, _v(store, evaluation_id)) if row["agent"])
        arguments = [f"--answer={key.removeprefix('item_')}={value}" for key, value in EXAMPLE_ANSWERS.items()]
        rated = _cli(
            "qa",
            "rate",
            call["call_id"],
            "--imported",
            "--vendor",
            "ГолосПро",
            "--form",
            "domtehnika-inbound",
            "--grader",
            "анна",
            "--answer=product_knowledge=80",
            *arguments,
            "--output",
            "json",
            cwd=tmp_path,
        )
        assert rated.returncode == 0, rated.stderr + rated.stdout
        assert json.loads(rated.stdout)["operator"] == call["agent"]
        assert _cli("qa", "rate", "x", "--imported", "--form", "domtehnika-inbound", cwd=tmp_path).returncode == 2
        report = _cli("qa", "report", "--by", "week", "--output", "json", cwd=tmp_path)
    assert json.loads(report.stdout) == service.report(store, evaluation_id, "week")


def lookup_rows(calls, vendor: VendorRef):
    from callscout.calls import lookup

    return lookup.find_calls(calls, vendor, per_page=200).rows


def _example_form() -> str:
    from importlib.resources import files

    return files("callscout.demo").joinpath("data/quality/form.yaml").read_text(encoding="utf-8")


def _day(text: str):
    from datetime import date

    return date.fromisoformat(text)


def test_call_picker_escapes_log_content_and_viewers_cannot_grade(
    client: TestClient, store: Store, tmp_path: Path
) -> None:
    from callscout.calls.storage import CallStore

    csrf, evaluation_id = _setup(client)
    demo = Path(__file__).resolve().parents[1] / "src" / "callscout" / "demo" / "data" / "calls"
    hostile = tmp_path / "hostile.csv"
    hostile.write_text(
        (demo / "golospro-cabinet.csv").read_text(encoding="utf-8").replace("Петров", "<script>alert(1)</script>"),
        encoding="utf-8",
    )
    CallStore(store).import_file(hostile, evaluation_id=evaluation_id, vendor_id=_v(store, evaluation_id).id)
    assert client.post(f"/e/{evaluation_id}/qa/forms", data={"csrf_token": csrf}).status_code == 303
    found = client.get(f"/e/{evaluation_id}/qa/calls", params={"call_vendor": "ГолосПро", "call_q": "script"})
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in found.text and "<script>alert" not in found.text
    call_id = re.search(r'data-call="([^"]+)"', found.text).group(1)
    call_page = client.get(f"/e/{evaluation_id}/qa/call", params={"vendor": "ГолосПро", "call": call_id})
    assert "<script>alert" not in call_page.text and 'id="scorecard"' in call_page.text
    # A viewer may open the call but gets no scorecard, and a posted grade is refused.
    accounts.grant(store, accounts.authenticate(store, "viewer", "viewer password").id, evaluation_id, Role.VIEWER)
    viewer = TestClient(client.app, follow_redirects=False)
    viewer_csrf = sign_in(viewer, "viewer", "viewer password")
    seen = viewer.get(f"/e/{evaluation_id}/qa/call", params={"vendor": "ГолосПро", "call": call_id})
    assert seen.status_code == 200 and 'id="scorecard"' not in seen.text
    data = {"form": "domtehnika-inbound", "vendor": "ГолосПро", "call": call_id} | EXAMPLE_ANSWERS
    assert viewer.post(f"/e/{evaluation_id}/qa/call/rate", data=data | {"csrf_token": viewer_csrf}).status_code == 403
    assert client.post(f"/e/{evaluation_id}/qa/call/rate", data=data).status_code == 403  # no CSRF token
    assert service.grades(store, evaluation_id) == []
    anonymous = TestClient(client.app, follow_redirects=False)
    assert anonymous.get(f"/e/{evaluation_id}/qa/calls").status_code == 303
    assert (
        anonymous.get(f"/e/{evaluation_id}/qa/call", params={"vendor": "ГолосПро", "call": call_id}).status_code == 303
    )
    assert anonymous.post(f"/e/{evaluation_id}/qa/call/rate", data=data).status_code == 401
    assert anonymous.get(f"/e/{evaluation_id}/calls/imports/1/remove").status_code == 303
    assert anonymous.post(f"/e/{evaluation_id}/calls/imports/1/remove", data={"confirm": "yes"}).status_code == 401


def test_a_broken_transcript_upload_names_the_file_not_the_servers_folder(
    client: TestClient, store: Store, noisy_wav: bytes
) -> None:
    """Issue 13 (Low): an upload error showed the server's temporary path. It names the user's file only."""
    csrf, evaluation_id = _setup(client)
    page_url = _upload(client, evaluation_id, csrf, "a.wav", noisy_wav).headers["location"]
    broken = client.post(
        page_url + "/transcript",
        data={"csrf_token": csrf},
        files={"file": ("call.txt", "[00:01] оператор: Добрый день".encode("cp1251"), "text/plain")},
    )
    assert broken.status_code == 400
    text = html.unescape(broken.text)
    assert "call.txt: расшифровка не в кодировке UTF-8" in text
    assert "/tmp" not in text and tempfile.gettempdir() not in text and "codec" not in text


def test_the_recordings_list_flags_complaints_and_negative_customers(client: TestClient, noisy_wav: bytes) -> None:
    """Issue 21: on the call list, a recording whose customer complained is flagged with the phrase; one
    without a transcript says so (unknown is not "no complaint"); a polite one says there is none."""
    csrf, evaluation_id = _setup(client)
    spoken = {
        "жалоба.wav": "[00:01] оператор: Добрый день!\n[00:05] клиент: Я буду жаловаться в Роспотребнадзор\n",
        "грубо.wav": "[00:01] оператор: Слушаю\n[00:04] клиент: Это просто безобразие, ужасно долго ждал\n",
        "вежливо.wav": "[00:01] оператор: Добрый день!\n[00:04] клиент: Спасибо, всё понятно\n",
        "молча.wav": None,
    }
    for name, transcript in spoken.items():
        uploaded = _upload(client, evaluation_id, csrf, name, noisy_wav)
        assert uploaded.status_code == 303, uploaded.text
        if transcript is not None:
            added = client.post(
                uploaded.headers["location"] + "/transcript",
                data={"csrf_token": csrf},
                files={"file": ("call.txt", transcript.encode(), "text/plain")},
            )
            assert added.status_code == 303, added.text
    page = client.get(f"/e/{evaluation_id}/recordings")
    assert page.status_code == 200
    rows = {
        name: html.unescape(re.sub(r"<[^>]+>", " ", row))
        for row in re.findall(r"<tr><td><a href=\"/e/\d+/recordings/\d+\">.*?</tr>", page.text, re.S)
        for name in spoken
        if f">{name}<" in row
    }
    assert set(rows) == set(spoken)
    assert "жалоба: «Я буду жаловаться в Роспотребнадзор" in " ".join(rows["жалоба.wav"].replace(" :", ":").split())
    assert "недовольство" in rows["грубо.wav"] and "безобразие" in rows["грубо.wav"]
    assert "недовольство" not in rows["вежливо.wav"] and "жалоба:" not in rows["вежливо.wav"].replace(" :", ":")
    assert "без жалоб" in rows["вежливо.wav"]
    assert "нет расшифровки" in rows["молча.wav"]

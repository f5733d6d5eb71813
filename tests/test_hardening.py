"""Regression tests of issue 13's hardening: each failed on the main branch before the fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from callscout import accounts, evalfile
from callscout.store import Store
from callscout.store.tables import EvaluationRow
from callscout.web import create_app
from tests.calls_helpers import cli_evaluation


@pytest.fixture
def client(store: Store, tmp_path: Path) -> TestClient:
    accounts.create_user(store, "owner", "correct horse")
    return TestClient(create_app(store, reports_dir=tmp_path / "reports"), follow_redirects=False)


def sign_in(client: TestClient, login: str = "owner", password: str = "correct horse") -> str:
    response = client.post("/login", data={"login": login, "password": password, "next": "/"})
    assert response.status_code == 303, response.text
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text).group(1)


def evaluation_with_vendor(client: TestClient, csrf: str) -> int:
    response = client.post("/evaluations", data={"csrf_token": csrf, "name": "Выбор КЦ", "calls_per_month": "5000"})
    evaluation_id = int(response.headers["location"].rsplit("/", 1)[1])
    added = client.post(
        f"/e/{evaluation_id}/vendors", data={"csrf_token": csrf, "name": "Голос", "website": "https://golos.example"}
    )
    assert added.status_code == 303, added.text
    return evaluation_id


# --- High #2: nothing invalid is stored; a broken stored evaluation is a page, not a 500 -------------


def test_audit_start_with_a_host_without_a_dot_is_refused_and_nothing_is_stored(
    client: TestClient, store: Store
) -> None:
    csrf = sign_in(client)
    evaluation_id = evaluation_with_vendor(client, csrf)
    refused = client.post(f"/e/{evaluation_id}/audits/Голос/start", data={"csrf_token": csrf, "website": "golospro"})
    assert refused.status_code == 400
    assert "нет имени хоста с точкой" in refused.text
    assert store.evaluation_by_id(evaluation_id).vendor("Голос").website == "https://golos.example"
    for page in (f"/e/{evaluation_id}", f"/e/{evaluation_id}/calls", f"/e/{evaluation_id}/evaluation.yaml"):
        assert client.get(page).status_code == 200, page


def test_store_refuses_an_invalid_evaluation_from_any_shell(store: Store, demo_yaml: str) -> None:
    evaluation, _ = evalfile.parse_text(demo_yaml)
    broken_vendor = evaluation.vendors[0].model_copy(update={"website": "ftp://files"})
    broken = evaluation.model_copy(update={"vendors": [broken_vendor, *evaluation.vendors[1:]]})
    with pytest.raises(evalfile.InvalidEvaluation) as raised:
        store.save_evaluation(broken)
    assert "vendors[0].website" in str(raised.value) and "не сохранена" in str(raised.value)
    assert store.evaluation_names() == []


def test_a_stored_evaluation_that_fails_to_load_shows_how_to_fix_it(client: TestClient, store: Store) -> None:
    csrf = sign_in(client)
    evaluation_id = evaluation_with_vendor(client, csrf)
    shared = client.post(f"/e/{evaluation_id}/guest-links", data={"csrf_token": csrf, "vendor": "Голос"})
    guest_path = re.search(r"/guest/[\w-]+", shared.text).group(0)
    with store.session() as session:  # as an older version, or a hand edit of the database, would leave it
        document = dict(session.get(EvaluationRow, evaluation_id).document)
        document["vendors"] = [{**document["vendors"][0], "website": "golospro"}]
        session.execute(update(EvaluationRow).where(EvaluationRow.id == evaluation_id).values(document=document))
    for path in (f"/e/{evaluation_id}", f"/e/{evaluation_id}/calls", f"/e/{evaluation_id}/audits"):
        page = client.get(path)
        assert page.status_code == 409, path
        assert "не проходят проверку" in page.text and "vendors[0].website" in page.text
        assert "Скачайте оценку в YAML" in page.text
    guest = TestClient(client.app).get(guest_path)
    assert guest.status_code == 503 and "временно недоступна" in guest.text
    assert "golospro" not in guest.text and "vendors[0]" not in guest.text  # the problems are not a guest's
    download = client.get(f"/e/{evaluation_id}/evaluation.yaml")
    assert download.status_code == 200 and "website: golospro" in download.text
    fixed = download.text.replace("website: golospro", "website: https://golospro.ru")
    loaded = client.post(
        f"/e/{evaluation_id}/evaluation.yaml",
        data={"csrf_token": csrf},
        files={"file": ("evaluation.yaml", fixed.encode(), "application/x-yaml")},
    )
    assert loaded.status_code == 303, loaded.text
    assert client.get(f"/e/{evaluation_id}").status_code == 200
    assert store.evaluation_by_id(evaluation_id).vendors[0].website == "https://golospro.ru"


# --- login: throttling, hashing off the loop, login CSRF ----------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_login_throttled_per_account_then_the_real_user_signs_in_after_the_lock(store: Store, tmp_path: Path) -> None:
    from callscout.accounts.throttle import LoginThrottle

    accounts.create_user(store, "owner", "correct horse")
    clock = FakeClock()
    throttle = LoginThrottle(account_failures=3, address_failures=100, lock_s=60, clock=clock)
    client = TestClient(create_app(store, reports_dir=tmp_path, login_throttle=throttle), follow_redirects=False)
    for _ in range(3):
        assert client.post("/login", data={"login": "owner", "password": "guess"}).status_code == 401
    locked = client.post("/login", data={"login": "Owner", "password": "correct horse"})
    assert locked.status_code == 429 and locked.headers["retry-after"] == "60"
    assert "слишком много неудачных попыток входа" in locked.text
    clock.now += 61
    assert client.post("/login", data={"login": "owner", "password": "correct horse"}).status_code == 303


def test_login_throttled_per_address_across_accounts(store: Store, tmp_path: Path) -> None:
    from callscout.accounts.throttle import LoginThrottle

    accounts.create_user(store, "owner", "correct horse")
    throttle = LoginThrottle(account_failures=100, address_failures=4, lock_s=30, clock=FakeClock())
    client = TestClient(create_app(store, reports_dir=tmp_path, login_throttle=throttle), follow_redirects=False)
    for number in range(4):
        assert client.post("/login", data={"login": f"user{number}", "password": "x"}).status_code == 401
    refused = client.post("/login", data={"login": "owner", "password": "correct horse"})
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) == 30


def test_cross_site_login_post_is_refused(client: TestClient) -> None:
    data = {"login": "owner", "password": "correct horse"}
    for headers in ({"origin": "https://evil.example"}, {"referer": "https://evil.example/page"}, {"origin": "null"}):
        refused = client.post("/login", data=data, headers=headers)
        assert refused.status_code == 403 and "callscout_session" not in refused.cookies, headers
    same = client.post("/login", data=data, headers={"origin": "http://testserver"})
    assert same.status_code == 303


def test_password_verification_runs_off_the_event_loop(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    on_loop: list[bool] = []
    original = accounts.authenticate

    def recording(*args: object) -> object:
        try:
            asyncio.get_running_loop()
            on_loop.append(True)
        except RuntimeError:
            on_loop.append(False)
        return original(*args)

    monkeypatch.setattr(accounts, "authenticate", recording)
    assert client.post("/login", data={"login": "owner", "password": "correct horse"}).status_code == 303
    assert on_loop == [False]


# --- small defects -------------------------------------------------------------------------------------


def test_a_vendor_name_with_a_slash_has_a_working_audit_page(client: TestClient) -> None:
    from urllib.parse import quote

    csrf = sign_in(client)
    evaluation_id = evaluation_with_vendor(client, csrf)
    added = client.post(
        f"/e/{evaluation_id}/vendors", data={"csrf_token": csrf, "name": "Звонки 24/7", "website": "https://z.example"}
    )
    assert added.status_code == 303
    index = client.get(f"/e/{evaluation_id}/audits")
    assert index.status_code == 200
    for link in (
        f"/e/{evaluation_id}/audits/{quote('Звонки 24/7', safe='')}",
        f"/e/{evaluation_id}/audits/Звонки 24/7",
    ):
        page = client.get(link)
        assert page.status_code == 200, link
        assert "Звонки 24/7" in page.text and "https://z.example" in page.text
    events = client.get(f"/e/{evaluation_id}/audits/Звонки 24/7/events")
    assert events.status_code == 200 and "idle" in events.text


def test_huge_ids_in_any_path_are_404_not_500(client: TestClient) -> None:
    csrf = sign_in(client)
    evaluation_id = evaluation_with_vendor(client, csrf)
    huge = "9" * 30
    checked = 0
    for route in client.app.routes:
        path = getattr(route, "path", "")
        if "{" not in path or not path.startswith("/e/"):
            continue
        urls = [path.replace("{evaluation_id}", huge)]
        if "{import_id}" in path or "{run_id}" in path:
            urls.append(path.replace("{evaluation_id}", str(evaluation_id)).replace("{import_id}", huge))
            urls[-1] = urls[-1].replace("{run_id}", huge)
        for method in sorted(getattr(route, "methods", None) or {"GET"}):
            for template in urls:
                url = re.sub(r"\{(\w+)(:path)?\}", r"\1", template)
                response = client.request(method, url, data={"csrf_token": csrf})
                assert response.status_code == 404, (method, url, response.status_code)
                checked += 1
    assert checked > 30
    assert client.get(f"/e/{huge}").status_code == 404
    assert client.get(f"/e/{evaluation_id}/recordings/{huge}").status_code == 404


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(tmp_path: Path, *options: str) -> tuple[object, int]:
    import os
    import subprocess
    import sys
    import time

    import httpx

    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "callscout", "serve", "--port", str(port), *options],
        cwd=tmp_path,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/login", timeout=1)
            return process, port
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError(process.stderr.read().decode())


def test_serve_behind_an_https_proxy_sets_secure_cookies_only_when_asked(tmp_path: Path) -> None:
    import httpx

    home_store = Store()  # the default store of CALLSCOUT_HOME, which the server below opens too
    accounts.create_user(home_store, "owner", "correct horse")
    home_store.close()
    forwarded = {"x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.7"}
    form = {"login": "owner", "password": "correct horse"}
    for options, secure in (((), False), (("--proxy-headers", "--forwarded-allow-ips", "127.0.0.1"), True)):
        process, port = _serve(tmp_path, *options)
        try:
            response = httpx.post(f"http://127.0.0.1:{port}/login", data=form, headers=forwarded)
            assert response.status_code == 303
            assert ("secure" in response.headers["set-cookie"].lower()) is secure, options
        finally:
            process.terminate()
            process.wait(10)


# --- parsers with limits -----------------------------------------------------------------------------


def test_deep_yaml_and_huge_integers_are_line_numbered_errors_not_crashes(tmp_path: Path) -> None:
    from tests.test_cli import callscout

    cases = {
        "deep.yaml": ("name: x\nneeds:\n  a: " + "[" * 3000 + "]" * 3000 + "\n", "строка 3", "вложенность глубже 64"),
        "digits.yaml": ("name: x\nversion: " + "7" * 5000 + "\n", "строка 2", "число длиннее 100 цифр"),
        "laughs.yaml": (
            "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(8)
            ),
            "строка 6",
            "больше 200000 элементов",
        ),
    }
    for name, (text, line, reason) in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        result = callscout("validate", name, cwd=tmp_path)
        assert result.returncode == 1, (name, result.stderr)
        assert line in result.stderr and reason in result.stderr, (name, result.stderr)
        assert "Traceback" not in result.stderr


def test_deep_transcript_json_is_a_clear_error(tmp_path: Path) -> None:
    from callscout.audio.asr import load_transcript
    from callscout.errors import DataError

    path = tmp_path / "call.json"
    path.write_text('{"segments":\n' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    with pytest.raises(DataError, match=r"call\.json: строка 2: вложенность глубже 64 уровней"):
        load_transcript(path)


# --- first-migration lock -----------------------------------------------------------------------------

_RACER = """
import sys, time
from pathlib import Path
from callscout import evalfile
from callscout.store import Store
evaluation, _ = evalfile.parse_text(sys.argv[3])
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.001)
store = Store(sys.argv[1])
store.save_evaluation(evaluation.model_copy(update={"name": sys.argv[4]}))
store.close()
"""


def test_commands_started_together_on_a_fresh_store_do_not_race_the_first_migration(
    tmp_path: Path, demo_yaml: str
) -> None:
    import subprocess
    import sys
    import time

    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    go = tmp_path / "go"
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", _RACER, url, str(go), demo_yaml, f"оценка {number}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(4)
    ]
    time.sleep(3)  # every racer has imported CallScout and waits for the start
    go.touch()
    for racer in racers:
        _out, errors = racer.communicate(timeout=120)
        assert racer.returncode == 0, errors
    store = Store(url)
    assert store.evaluation_names() == [f"оценка {number}" for number in range(4)]
    store.close()


# --- call-log imports: decompressed-size and row caps, leftover uploads swept -------------------------

REAL_LOG = Path("/work/shared/data/anonymous-bank-1999-02.tsv")


def _listed_imports(tmp_path: Path) -> list[dict]:
    import json

    from tests.test_cli import callscout

    listed = callscout("calls", "list", "--output", "json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    return json.loads(listed.stdout)


def test_a_gzip_that_unpacks_past_the_cap_is_refused_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gzip

    from tests.test_cli import callscout

    text = REAL_LOG.read_bytes()
    header, _, body = text.partition(b"\n")
    bomb = tmp_path / "calls.tsv.gz"
    with gzip.open(bomb, "wb", compresslevel=1) as handle:
        handle.write(header + b"\n")
        for _ in range(12):  # about 36 MB unpacked from about 5 MB
            handle.write(body)
    monkeypatch.setenv("CALLSCOUT_MAX_DECOMPRESSED_BYTES", str(20 * 1024**2))
    cli_evaluation("Банк")
    refused = callscout("calls", "import", str(bomb), "--vendor", "Банк", cwd=tmp_path)
    assert refused.returncode == 1, refused.stderr
    assert "calls.tsv.gz: сжатый файл распаковывается больше чем в 20 МБ" in refused.stderr
    assert "CALLSCOUT_MAX_DECOMPRESSED_BYTES" in refused.stderr and "Traceback" not in refused.stderr
    assert _listed_imports(tmp_path) == []


def test_a_call_log_past_the_row_cap_is_refused_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_cli import callscout

    monkeypatch.setenv("CALLSCOUT_MAX_IMPORT_ROWS", "1000")
    cli_evaluation("Банк")
    refused = callscout("calls", "import", str(REAL_LOG), "--vendor", "Банк", cwd=tmp_path)
    assert refused.returncode == 1, refused.stderr
    assert "больше 1000 строк — предел импорта (CALLSCOUT_MAX_IMPORT_ROWS)" in refused.stderr
    assert _listed_imports(tmp_path) == []
    monkeypatch.setenv("CALLSCOUT_MAX_IMPORT_ROWS", "40000")  # the real month fits under a real cap
    assert callscout("calls", "import", str(REAL_LOG), "--vendor", "Банк", cwd=tmp_path).returncode == 0


def test_uploads_left_by_a_killed_server_are_swept_at_start(store: Store, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from callscout.calls.storage import CallStore
    from callscout.web.recordings import recordings_directory

    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(finished.stdout)
    work_dir = CallStore(store).work_dir
    recordings = recordings_directory(store)
    recordings.mkdir(parents=True, exist_ok=True)
    left = [work_dir / f"upload-p{dead}-abc", recordings / f"upload-p{dead}-def"]
    alive = work_dir / f"upload-p{os.getpid()}-ghi"
    for folder in [*left, alive]:
        folder.mkdir()
        (folder / "calls.csv").write_text("half an upload", encoding="utf-8")
    create_app(store, reports_dir=tmp_path / "reports")
    assert [folder.exists() for folder in left] == [False, False]
    assert alive.exists()  # a running process's upload is not touched


# --- cancelling jobs ----------------------------------------------------------------------------------


def test_an_import_cancelled_from_the_cabinet_reads_cancelled_and_stores_nothing(
    client: TestClient, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from callscout.calls import sources
    from callscout.calls.storage import CallStore
    from callscout.web.jobs import registry

    gate = threading.Event()
    original = sources.check_expansion

    def held(*args: object) -> None:  # the import waits here until the cancel has been asked for
        assert gate.wait(60)
        original(*args)

    monkeypatch.setattr(sources, "check_expansion", held)
    csrf = sign_in(client)
    evaluation_id = evaluation_with_vendor(client, csrf)
    started = client.post(
        f"/e/{evaluation_id}/calls/upload",
        data={"csrf_token": csrf, "vendor": "Голос", "format": "auto"},
        files={"file": ("bank.tsv", REAL_LOG.read_bytes(), "text/tab-separated-values")},
    )
    assert started.status_code == 303, started.text
    job_id = int(re.search(r"import_job=(\d+)", started.headers["location"]).group(1))
    running = client.get(f"/e/{evaluation_id}/calls/jobs/{job_id}")
    assert f"/e/{evaluation_id}/jobs/{job_id}/cancel" in running.text and "Отменить" in running.text
    viewer_refused = client.post(f"/e/{evaluation_id}/jobs/{job_id}/cancel", data={"csrf_token": "forged"})
    assert viewer_refused.status_code == 403
    asked = client.post(
        f"/e/{evaluation_id}/jobs/{job_id}/cancel", data={"csrf_token": csrf, "back": f"/e/{evaluation_id}/calls"}
    )
    assert asked.status_code == 303 and asked.headers["location"] == f"/e/{evaluation_id}/calls"
    gate.set()
    job = registry(client.app.state.cabinet).wait(job_id, 120)
    assert job.state == "cancelled"
    assert "Отменено" in client.get(f"/e/{evaluation_id}/calls/jobs/{job_id}").text
    calls = CallStore(store)
    assert calls.imports(evaluation_id) == []
    assert list(calls.work_dir.iterdir()) == []  # the upload and every stage file are gone


def test_jobs_cancel_from_the_command_line_stops_a_job_of_the_server_process(
    store: Store, tmp_path: Path, demo_yaml: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json
    import time

    from callscout.store.jobs import JobProgress
    from callscout.web.jobs import JobRegistry
    from tests.test_cli import callscout

    evaluation_id = store.save_evaluation(evalfile.parse_text(demo_yaml)[0])
    jobs = JobRegistry(store)
    steps: list[int] = []

    def endless(progress: JobProgress) -> None:
        for step in range(10_000):
            steps.append(step)
            progress.phase("read", step / 10_000)
            time.sleep(0.05)

    job, _ = jobs.start("import", evaluation_id, endless, key="Голос")
    monkeypatch.setenv("CALLSCOUT_DATABASE_URL", store.url)  # the command opens the server's store
    listed = callscout("jobs", "list", "--running", "--output", "json", cwd=tmp_path)
    assert [item["id"] for item in json.loads(listed.stdout)] == [job.id], listed.stderr
    cancelled = callscout("jobs", "cancel", str(job.id), "--wait", "60", cwd=tmp_path)
    assert cancelled.returncode == 0, cancelled.stderr
    assert f"задача {job.id}: отменено" in cancelled.stdout + cancelled.stderr
    assert jobs.jobs.get(job.id).state == "cancelled" and len(steps) < 10_000
    again = callscout("jobs", "cancel", str(job.id), cwd=tmp_path)
    assert again.returncode == 0
    missing = callscout("jobs", "cancel", "99999999999999999999999", cwd=tmp_path)
    assert missing.returncode == 1 and "не найдена" in missing.stderr


# --- crawl: links per page and memory per site bounded, and said so -----------------------------------


def test_a_page_of_endless_links_is_cut_with_findings_that_say_what_and_why() -> None:
    from callscout.web_audit.audit import audit_site
    from callscout.web_audit.crawler import CrawlOptions
    from callscout.web_audit.parse import MAX_LINKS_PER_PAGE
    from tests.web_servers import page, send, serve

    many = "".join(f"<a href=/{number}>x</a>" for number in range(MAX_LINKS_PER_PAGE * 3))
    routes = {"/": lambda handler: send(handler, page(many)), "*": lambda handler: send(handler, page(many))}
    options = CrawlOptions(allow_private_network=True, max_site_bytes=1_000_000, total_timeout=60)
    with serve(routes) as server:
        audit = audit_site(server.url(), options)
    codes = {finding.code: finding for finding in audit.findings if finding.check == "crawl"}
    assert "больше 5000 ссылок; по остальным обход не шёл" in codes["links_truncated"].message
    memory = codes["site_memory_limit"].message
    assert "при пределе 1 МБ на сайт" in memory and "не открыто ссылок" in memory
    assert audit.crawl["site_bytes_reached"] and audit.pages_fetched < 10
    assert all(len(page.links) <= MAX_LINKS_PER_PAGE for page in audit.pages)


# --- docs/security.md: every command line in it works ------------------------------------------------


def test_every_command_in_the_security_doc_works(tmp_path: Path, demo_yaml: str) -> None:
    import shlex
    import subprocess
    import sys
    import time

    import httpx

    from callscout.store.jobs import JobProgress
    from callscout.web.jobs import JobRegistry

    text = (Path(__file__).resolve().parents[1] / "docs" / "security.md").read_text(encoding="utf-8")
    commands = [
        line.strip()
        for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S)
        for line in block.splitlines()
        if line.strip().startswith("callscout ")
    ]
    assert len(commands) >= 3
    home_store = Store()  # the store of CALLSCOUT_HOME, which the commands open too
    evaluation_id = home_store.save_evaluation(evalfile.parse_text(demo_yaml)[0])
    jobs = JobRegistry(home_store)

    def running(progress: JobProgress) -> None:
        for step in range(100_000):
            progress.phase("read", step / 100_000)
            time.sleep(0.05)

    job, _ = jobs.start("import", evaluation_id, running, key="Голос")
    assert job.id == 1  # the id the doc's cancel line names
    for command in commands:
        arguments = shlex.split(command)[1:]
        if arguments[0] == "serve":
            port = int(arguments[arguments.index("--port") + 1])
            server = subprocess.Popen([sys.executable, "-m", "callscout", *arguments], cwd=tmp_path)
            try:
                deadline = time.monotonic() + 60
                while True:
                    try:
                        assert httpx.get(f"http://127.0.0.1:{port}/login", timeout=1).status_code == 200
                        break
                    except httpx.TransportError:
                        assert time.monotonic() < deadline and server.poll() is None, command
                        time.sleep(0.2)
            finally:
                server.terminate()
                server.wait(10)
            continue
        result = subprocess.run(
            [sys.executable, "-m", "callscout", *arguments], cwd=tmp_path, capture_output=True, text=True, timeout=180
        )
        assert result.returncode == 0, (command, result.stderr)
    assert jobs.wait(job.id, 30).state == "cancelled"
    home_store.close()


def test_the_evaluation_file_is_not_written_invalid_either(tmp_path: Path, demo_yaml: str) -> None:
    evaluation, _ = evalfile.parse_text(demo_yaml)
    path = tmp_path / "callscout.yaml"
    path.write_text(demo_yaml, encoding="utf-8")
    broken_vendor = evaluation.vendors[0].model_copy(update={"website": "golospro"})
    with pytest.raises(evalfile.InvalidEvaluation, match=r"vendors\[0\]\.website"):
        evalfile.save(evaluation.model_copy(update={"vendors": [broken_vendor]}), path)
    assert path.read_text(encoding="utf-8") == demo_yaml

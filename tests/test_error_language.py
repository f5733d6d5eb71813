"""Errors reach each reader in the reader's language: a job's failure is stored as catalogue codes and values and
shown in the language of whoever reads it (not of whoever started the job), and the CLI and the cabinet write a
coded error in the reader's language whatever language it was raised in. Rows older than the codes keep their text."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from callscout import accounts
from callscout.calls import cache
from callscout.errors import DataError
from callscout.evalfile import parse_text
from callscout.i18n import language, msg, set_language
from callscout.jobs.runner import execute
from callscout.model import Evaluation
from callscout.store import Store
from callscout.store.jobs import Job, JobProgress, Jobs
from callscout.web import create_app
from callscout.web.jobs import job_view, registry
from tests.test_web import create_evaluation, sign_in
from tests.test_web_calls import BANK

CYRILLIC = re.compile(r"[А-Яа-яЁё]")


@pytest.fixture
def client(store: Store, tmp_path: Path) -> TestClient:
    accounts.create_user(store, "owner", "correct horse")
    cache.RESULTS.clear()
    return TestClient(create_app(store, reports_dir=tmp_path / "reports"), follow_redirects=False)


def _failed_import_started_in_russian(client: TestClient) -> tuple[int, int]:
    """A Russian user (the cabinet's default language) uploads a call log with an impossible date on one line;
    the background import fails with a coded error naming the file and the line."""
    csrf = sign_in(client)
    evaluation_id = create_evaluation(client, csrf)
    assert client.post(f"/e/{evaluation_id}/vendors", data={"csrf_token": csrf, "name": "Bank"}).status_code == 303
    lines = BANK.read_text(encoding="utf-8").splitlines()[:50]
    lines[10] = lines[10].replace("990201", "99-02-31")
    response = client.post(
        f"/e/{evaluation_id}/calls/upload",
        data={"csrf_token": csrf, "vendor": "Bank", "format": "auto"},
        files={"file": ("broken.tsv", ("\n".join(lines) + "\n").encode(), "text/csv")},
    )
    assert response.status_code == 303
    job_id = int(re.search(r"import_job=(\d+)", response.headers["location"]).group(1))
    job = registry(client.app.state.cabinet).wait(job_id, 120)
    assert job is not None and job.state == "failed"
    assert "ничего не импортировано" in (job.error or "")  # stored in the starter's words, as before
    return evaluation_id, job_id


def _error_block(html: str) -> str:
    """The job's message and its lines on the progress block (the page around them has its own words)."""
    found = re.search(r'<div class="error"[^>]*>(.*?)</div>', html, re.S)
    assert found is not None, html
    return found.group(1)


def test_a_job_failed_for_a_russian_user_reads_in_each_readers_language(client: TestClient, store: Store) -> None:
    evaluation_id, job_id = _failed_import_started_in_russian(client)
    url = f"/e/{evaluation_id}/calls/jobs/{job_id}"

    english = client.get(url + "?lang=en")
    assert english.status_code == 200
    block = _error_block(english.text)
    assert "nothing was imported" in block and re.search(r"broken\.tsv, line \d+", block)
    assert not CYRILLIC.search(block), block

    russian = _error_block(client.get(url + "?lang=ru").text)
    assert "ничего не импортировано" in russian and re.search(r"broken\.tsv, строка \d+", russian)
    assert "imported" not in russian

    # The same stored job read on the vendor's calls page, and by the CLI, in each reader's language.
    page = client.get(f"/e/{evaluation_id}/calls?vendor=Bank&import_job={job_id}&lang=en")
    assert "nothing was imported" in page.text
    environment = {**os.environ, "CALLSCOUT_DATABASE_URL": store.url}
    readers = (("en", "nothing was imported", "ничего"), ("ru", "ничего не импортировано", "nothing"))
    for reader, words, other in readers:
        listed = subprocess.run(
            [sys.executable, "-m", "callscout", "jobs", "list", "--output", "json"],
            capture_output=True,
            text=True,
            env={**environment, "CALLSCOUT_LANG": reader},
            timeout=120,
        )
        assert listed.returncode == 0, listed.stderr
        (row,) = [row for row in json.loads(listed.stdout) if row["id"] == job_id]
        assert words in row["error"] and other not in row["error"]


def test_the_broker_workers_path_stores_the_codes_too(store: Store) -> None:
    """``execute`` is what both runners call (a thread here, a ``callscout worker`` there): a CallScoutError
    raised in Russian ends the job with its codes, and a plain library error keeps its own words."""
    evaluation_id = store.save_evaluation(_evaluation())
    jobs = Jobs(store)

    def failing(_progress: JobProgress) -> None:
        raise DataError(
            msg("jobs.runner.job_not_found", id=7), details=[msg("evalfile.line", line=3, where="needs.schedule")]
        )

    job, _ = jobs.claim("import", evaluation_id, "a", "running", {"started": time.time()})
    with language("ru"):
        execute(JobProgress(jobs, job), failing, None)
    ended = jobs.get(job.id)
    assert ended is not None and ended.state == "failed"
    assert ended.error == msg("jobs.runner.job_not_found", id=7, language="ru")
    assert ended.error_text("en") == msg("jobs.runner.job_not_found", id=7, language="en") != ended.error
    assert ended.error_lines("en") == [msg("evalfile.line", line=3, where="needs.schedule", language="en")]
    assert ended.error_lines("ru") == [msg("evalfile.line", line=3, where="needs.schedule", language="ru")]
    set_language("en")
    try:
        assert job_view(ended)["message"] == ended.error_text("en")
        assert ended.snapshot()["error"] == ended.error_text("en")
    finally:
        set_language(None)

    def crashing(_progress: JobProgress) -> None:
        raise ValueError("disk quota exceeded")

    job, _ = jobs.claim("import", evaluation_id, "b", "running", {"started": time.time()})
    execute(JobProgress(jobs, job), crashing, None)
    crashed = jobs.get(job.id)
    assert crashed is not None
    assert crashed.error_text("en") == crashed.error_text("ru") == "ValueError: disk quota exceeded"


def test_a_job_row_written_before_the_codes_keeps_its_text(store: Store) -> None:
    evaluation_id = store.save_evaluation(_evaluation())
    jobs = Jobs(store)
    job, _ = jobs.claim("import", evaluation_id, "old", "running", {"started": time.time()})
    jobs.update(job.id, state="failed", error="файл повреждён", details={"lines": ["строка 3: нет даты"]})
    old = jobs.get(job.id)
    assert isinstance(old, Job)
    assert old.error_text("en") == "файл повреждён" and old.error_lines("en") == ["строка 3: нет даты"]
    assert job_view(old)["details"] == ["строка 3: нет даты"]


def test_the_cli_writes_an_error_in_the_readers_language(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("name: x\nneeds:\n  calls_per_month: -5\n", encoding="utf-8")
    written = {}
    for reader in ("ru", "en"):
        result = subprocess.run(
            [sys.executable, "-m", "callscout", "validate", "bad.yaml"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env={**os.environ, "CALLSCOUT_LANG": reader},
            timeout=120,
        )
        assert result.returncode == 1
        written[reader] = result.stderr
    assert "строка 3" in written["ru"] and "needs.calls_per_month" in written["ru"]
    assert "line 3" in written["en"] and "needs.calls_per_month" in written["en"]
    assert not CYRILLIC.search(written["en"]), written["en"]


def test_the_cli_rerenders_an_error_raised_in_another_language(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An error raised where another language was in force (a document's own language, a job's starter's) is
    written in the reader's language by the CLI's edge."""
    from callscout.cli import main

    with language("ru"):
        error = DataError(msg("jobs.runner.job_not_found", id=7), details=[msg("evalfile.whole_file")])

    def raising(**_: object) -> None:
        raise error

    monkeypatch.setattr(main, "app", raising)
    set_language("en")
    try:
        with pytest.raises(SystemExit) as ended:
            main.run()
    finally:
        set_language(None)
    assert ended.value.code == 1
    printed = capsys.readouterr().err
    assert msg("jobs.runner.job_not_found", id=7, language="en") in printed
    assert msg("evalfile.whole_file", language="en") in printed and not CYRILLIC.search(printed), printed


def _evaluation() -> Evaluation:

    evaluation, problems = parse_text(
        "name: Ошибки\nneeds:\n  calls_per_month: 1000\nvendors:\n  - name: A\n", "errors.yaml"
    )
    assert evaluation is not None, problems
    return evaluation

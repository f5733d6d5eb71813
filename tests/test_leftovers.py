"""No leftovers of the data model in what a reader sees (issue 18, "Done when", second bullet).

The demo evaluation as a user meets it: every page of the cabinet, the Russian report (HTML, the print page, the
PDF's text, the XLSX cells) and the CLI tables. A Russian text must not show a number with a decimal point, a
snake_case identifier or an English status word; an English one must not show a Cyrillic word that is not data
from outside (a vendor's name, its site, the buyer's own texts). ``tests/leftovers.py`` says what is set aside
and why (dates, addresses, ОКВЭД codes, «report.json: path» notes, quotations of the vendors' own pages).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from callscout import accounts
from callscout.accounts import Role
from callscout.store import Store
from callscout.web import create_app
from tests.conftest import DemoRun
from tests.leftovers import Leftover, english_leftovers, okved_codes, russian_leftovers, visible_text
from tests.test_web import sign_in

pytestmark = pytest.mark.slow  # the shared demo run, a cabinet over its store, CLI processes

# GET routes that are no page to read: files, streams, images, the data API (each says why it is left out).
NOT_PAGES = {
    "/login": "the login form, before any evaluation",
    "/lang/{language}": "a redirect that sets the language",
    "/e/{evaluation_id}/report/{filename}": "the report files, checked themselves below",
    "/e/{evaluation_id}/runs/{document_id}/{filename}": "a run's report files, the same renderer as those below",
    "/e/{evaluation_id}/evaluation.yaml": "the evaluation file, the user's own data",
    "/guest/{token}": "crawled through a guest link below",
    "/e/{evaluation_id}/audits/{vendor_name:path}/events": "a server-sent event stream",
    "/e/{evaluation_id}/calls/charts/{by}.svg": "a chart, drawn in the reader's locale by d3/Vega",
    "/e/{evaluation_id}/calls/sales.{kind}": "a CSV/XLSX download of machine values",
    "/e/{evaluation_id}/recordings/{run_id}/audio": "an audio file",
    "/api/v1/events/zadarma": "a PBX webhook",
    "/e/{evaluation_id}/live/stream": "a server-sent event stream",
    "/e/{evaluation_id}/checks/jobs/{job_id}": "a job's progress, no job runs here",
    "/e/{evaluation_id}/ranking/jobs/{job_id}": "a job's progress, no job runs here",
    "/e/{evaluation_id}/calls/jobs/{job_id}": "a job's progress, no job runs here",
}


@pytest.fixture(scope="module")
def demo(demo_run: DemoRun, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shared demo's folder: the cabinet writes its sessions into the store."""
    folder = tmp_path_factory.mktemp("leftovers") / "demo"
    shutil.copytree(demo_run.out, folder)
    return folder


def _fail_on(found: list[Leftover]) -> None:
    assert not found, f"{len(found)} leftovers:\n" + "\n".join(str(item) for item in found[:80])


def test_the_russian_report_has_no_leftovers(demo: Path, demo_run: DemoRun) -> None:
    aside = okved_codes(demo_run.document)
    found = []
    for name in ("report.html", "report.print.html"):
        found += russian_leftovers(name, visible_text((demo / name).read_text(encoding="utf-8")), aside=aside)
    pdf_text = subprocess.run(
        ["pdftotext", "-layout", str(demo / "report.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    found += russian_leftovers("report.pdf", pdf_text, aside=aside)
    _fail_on(found)


def test_the_workbook_keeps_numbers_as_numbers_and_words_in_russian(demo: Path, demo_run: DemoRun) -> None:
    aside = okved_codes(demo_run.document)
    workbook = load_workbook(demo / "report.xlsx", read_only=True)
    found, numbers_as_text, numbers = [], [], 0
    for sheet in workbook.worksheets:
        rows = list(sheet.iter_rows())
        # A column headed «Код» shows the criteria's codes as such (the keys of the evaluation file's weights).
        code_columns = {cell.column for cell in rows[0] if cell.value == "Код"}
        # Evidence is free text: what was read where («21%» read on a page is a quotation, not a cell value).
        evidence_columns = {cell.column for cell in rows[0] if cell.value == "Доказательства"}
        for row in rows[1:]:
            for cell in row:
                if cell.column in code_columns:
                    continue
                where = f"report.xlsx {sheet.title}!{cell.coordinate}"
                if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                    numbers += 1
                elif isinstance(cell.value, str):
                    if cell.column not in evidence_columns and re.fullmatch(r"-?\d+(?:[.,]\d+)?%?", cell.value.strip()):
                        numbers_as_text.append(f"{where}: {cell.value!r}")
                    found += russian_leftovers(where, cell.value, aside=aside)
    assert numbers > 100 and not numbers_as_text, numbers_as_text[:20]
    _fail_on(found)


def _cli(demo: Path, *arguments: str, lang: str = "ru") -> str:
    """The command's answer; exit status 1 is an answer too (``calls sla`` exits 1 where targets were missed)."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("CALLSCOUT_")}
    environment.update(
        {
            "CALLSCOUT_HOME": str(demo.parent / "cli-home"),
            "CALLSCOUT_DATABASE_URL": f"sqlite:///{demo / 'callscout-demo.db'}",
            "LANG": "C.UTF-8",
            "COLUMNS": "200",
        }
    )
    completed = subprocess.run(
        [sys.executable, "-m", "callscout", "--lang", lang, *arguments],
        capture_output=True,
        text=True,
        env=environment,
        cwd=demo,
        timeout=300,
    )
    assert completed.returncode in (0, 1) and not completed.stderr.strip(), (
        arguments,
        completed.stdout[-2000:],
        completed.stderr[-2000:],
    )
    return completed.stdout


CLI_TABLES = [
    ("calls", "kpi", "--evaluation", "1"),
    ("calls", "kpi", "--evaluation", "1", "--by", "day"),
    ("calls", "sla", "--evaluation", "1", "--vendor", "Линия 24"),
    ("calls", "compare", "--evaluation", "1", "--vendor", "ГолосПро", "--vendor", "Линия 24"),
    ("staffing", "plan", "-f", "{evaluation}"),
    ("offers", "compare", "-f", "{evaluation}"),
]


def _commands() -> list[tuple[str, ...]]:
    from callscout.demo import demo_evaluation_path

    path = str(demo_evaluation_path())
    return [tuple(path if part == "{evaluation}" else part for part in command) for command in CLI_TABLES]


def test_the_cli_tables_have_no_leftovers(demo: Path, demo_run: DemoRun) -> None:
    found = []
    for command in _commands():
        text = _cli(demo, *command, "--output", "table")
        assert text.strip(), command
        found += russian_leftovers(" ".join(command[:2]), text, aside=okved_codes(demo_run.document))
    _fail_on(found)


def _cabinet(demo: Path, login: str) -> tuple[TestClient, Store]:
    store = Store(f"sqlite:///{demo / 'callscout-demo.db'}")
    user = accounts.create_user(store, login, "reader password")
    evaluation_id = store.evaluation_id("Демо: ДомТехника выбирает колл-центр")
    accounts.grant(store, user.id, evaluation_id, Role.OWNER)
    client = TestClient(create_app(store, reports_dir=demo.parent / "reports"), follow_redirects=False)
    sign_in(client, login, "reader password")
    return client, store


def _pages(client: TestClient, store: Store) -> dict[str, str]:
    """Every GET page of the demo evaluation, with each vendor, import and recording it has."""
    from callscout.calls.storage import CallStore

    app = client.app
    evaluation_id = store.evaluation_id("Демо: ДомТехника выбирает колл-центр")
    evaluation = store.evaluation_by_id(evaluation_id)
    assert evaluation is not None
    vendors = [vendor.name for vendor in evaluation.vendors]
    imports = [item.id for item in CallStore(store).imports(evaluation_id)]
    recordings = [run.id for run in store.runs(kind="audio")]
    pages: dict[str, str] = {}
    routes = sorted(route.path for route in app.routes if isinstance(route, APIRoute) and "GET" in route.methods)
    for path in routes:
        if path in NOT_PAGES:
            continue
        values: list[dict[str, object]] = [{"evaluation_id": evaluation_id}]
        if "{vendor_name:path}" in path:
            values = [{"evaluation_id": evaluation_id, "vendor_name": name} for name in vendors]
        elif "{import_id}" in path:
            values = [{"evaluation_id": evaluation_id, "import_id": item} for item in imports]
        elif "{run_id}" in path:
            values = [{"evaluation_id": evaluation_id, "run_id": item} for item in recordings]
        for value in values:
            url = re.sub(r"\{(\w+)(?::\w+)?\}", lambda match, value=value: str(value[match.group(1)]), path)
            if "{" in url:
                pytest.fail(f"the crawl cannot fill {path}: add its values here or a reason to NOT_PAGES")
            queries = [""]
            if path.endswith(("/calls/dashboard", "/live")):
                queries = ["", *(f"?vendor={name}" for name in vendors)]
            if path.endswith("/qa/calls"):
                queries = ["", *(f"?call_vendor={name}" for name in vendors)]
            if path.endswith("/qa/call"):
                queries = [link.removeprefix(url) for link in _calls_to_grade(client, url, vendors)]
            for query in queries:
                response = client.get(url + query)
                if response.status_code in (303, 307):
                    continue
                assert response.status_code == 200, (url + query, response.status_code, response.text[:500])
                if "text/html" in response.headers.get("content-type", ""):
                    pages[url + query] = response.text
    return pages


def _calls_to_grade(client: TestClient, call_url: str, vendors: list[str]) -> list[str]:
    """The «grade» link of a call of each vendor with a call log, as the QA picker gives them."""
    links = set()
    for vendor in vendors:
        picker = client.get(call_url.removesuffix("/qa/call") + "/qa/calls", params={"call_vendor": vendor})
        links.update(html.unescape(link) for link in re.findall(r'href="(/e/\d+/qa/call\?[^"]+)"', picker.text)[:1])
    assert links, "the demo has calls to grade"
    return sorted(links)


def test_every_cabinet_page_of_the_demo_reads_russian(demo: Path, demo_run: DemoRun) -> None:
    client, store = _cabinet(demo, "reader")
    try:
        pages = _pages(client, store)
        assert len(pages) >= 15, sorted(pages)
        found = []
        for url, html in pages.items():
            text = visible_text(html)
            assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", text), (url, "an ISO timestamp")
            found += russian_leftovers(url, text, aside=okved_codes(demo_run.document))
        _fail_on(found)
    finally:
        store.close()


def _decoded(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")  # some of the demo's sites are in Windows-1251, as real ones


def data_text() -> str:
    """The text of the demo's inputs, lowercase: its evaluation file, its sites (any encoding), its legal records,
    and the region names the register numbers encode (legal/ids/regions.py)."""
    from callscout.demo import demo_evaluation_path, demo_sites_path
    from callscout.legal.ids import regions

    texts = [Path(regions.__file__).read_text(encoding="utf-8")]
    for root in (demo_evaluation_path().parent, demo_sites_path()):
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix not in (".wav", ".mp3", ".pdf", ".gz", ".png", ".jpg"):
                texts.append(_decoded(path.read_bytes()))
    return "\n".join(texts).lower()


@pytest.fixture(scope="module")
def english_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo run in English (`callscout --lang en demo`): its findings are stored in English."""
    folder = tmp_path_factory.mktemp("english") / "demo"
    environment = {key: value for key, value in os.environ.items() if not key.startswith("CALLSCOUT_")}
    environment.update({"CALLSCOUT_HOME": str(folder.parent / "home"), "LANG": "C.UTF-8"})
    completed = subprocess.run(
        [sys.executable, "-m", "callscout", "--lang", "en", "demo", "--out", str(folder), "--output", "json"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=900,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return folder


def test_the_english_demo_has_no_russian_leftovers(english_demo: Path) -> None:
    """The English report, workbook, cabinet and CLI tables: no Cyrillic word that is not the inputs' own."""
    inputs = data_text()
    found = english_leftovers(
        "report.html", visible_text((english_demo / "report.html").read_text(encoding="utf-8")), data_text=inputs
    )
    workbook = load_workbook(english_demo / "report.xlsx", read_only=True)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            found += [
                item
                for cell in row
                if isinstance(cell.value, str)
                for item in english_leftovers(
                    f"report.xlsx {sheet.title}!{cell.coordinate}", cell.value, data_text=inputs
                )
            ]
    client, store = _cabinet(english_demo, "english-reader")
    try:
        client.get("/lang/en?next=/")
        pages = _pages(client, store)
        assert len(pages) >= 15, sorted(pages)
        for url, html_text in pages.items():
            found += english_leftovers(url, visible_text(html_text), data_text=inputs)
    finally:
        store.close()
    for command in _commands():
        text = _cli(english_demo, *command, "--output", "table", lang="en")
        found += english_leftovers(" ".join(command[:2]), text, data_text=inputs)
    _fail_on(found)

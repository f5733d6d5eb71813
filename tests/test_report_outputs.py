"""The report files: HTML escaped and offline, PDF with Cyrillic text, XLSX with formulas neutralised,
JSON valid against its schema; a hostile vendor's texts stay inert in all of them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
from openpyxl import load_workbook

from callscout.i18n import set_language
from callscout.model.result import report_schema
from callscout.report import write_pdf, write_reports
from callscout.report.render import PRINT_PAGE, REPORT_FORMATS, print_page, render_html
from callscout.report.workbook import neutralise
from callscout.scoring import score_document
from tests.conftest import DemoRun
from tests.scoring_docs import VendorSpec, document_for

SCRIPT_NAME = '<script>alert("xss")</script>Колл'
FORMULA_NAME = '=HYPERLINK("http://evil.example","жми")'


def _hostile_document() -> dict:
    hostile_findings = [
        {
            "check": "text_quality",
            "status": "fail",
            "severity": "high",
            "message": "<img src=x onerror=alert(1)> ошибки в тексте",
            "evidence": [{"url": "javascript:alert(1)", "excerpt": "<script>steal()</script>", "value": "@SUM(A1)"}],
        },
        {
            "check": "requisites",
            "status": "warn",
            "severity": "medium",
            "message": "+cmd|' /C calc'!A0",
            "evidence": [{"url": "https://evil.example/page?a=<b>", "excerpt": "-2+3", "value": None}],
        },
    ]
    specs = [
        VendorSpec(SCRIPT_NAME, monthly_cost=150_000, extra_findings=hostile_findings),
        VendorSpec(FORMULA_NAME, monthly_cost=210_000, privacy="fail"),
        VendorSpec("Честный Колл-центр", monthly_cost=230_000),
    ]
    document, evaluation = document_for(specs)
    document["scoring"] = score_document(document, evaluation)
    document["sections"].append("scoring")
    return document


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    write_reports(_hostile_document(), out, formats=REPORT_FORMATS)
    return out


def test_html_escapes_vendor_content_and_is_self_contained(reports: Path) -> None:
    html = (reports / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'href="javascript:' not in html and "javascript:alert(1)" not in html.split("<body>")[1].split("href=")[0]
    assert not re.search(r"<img\b", html)
    # Offline: no external stylesheet, script or image; charts are inline SVG.
    assert not re.search(r'<(link|script|img)[^>]+(href|src)="https?://', html)
    assert html.count("<svg") >= 4
    # The first page answers who, how sure, red flags and questions; every finding links its evidence.
    summary = html.split('id="summary"')[1].split('id="scoring"')[0]
    assert "Рекомендуем" in summary and "Спросите до подписания договора" in summary
    assert 'href="https://' in summary and "исключён" in summary


def test_xlsx_neutralises_formulas(reports: Path) -> None:
    workbook = load_workbook(reports / "report.xlsx")
    assert {"Рейтинг", "Оценки", "Веса", "Находки", "Вопросы"} <= set(workbook.sheetnames)
    texts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.value
                    texts.append(cell.value)
    assert "'" + FORMULA_NAME in texts
    assert "'+cmd|' /C calc'!A0" in texts
    assert any(text.startswith("'" + FORMULA_NAME) for text in texts)


def test_neutralise_rules() -> None:
    assert neutralise("=1+1") == "'=1+1" and neutralise("@x") == "'@x" and neutralise("\tx") == "'\tx"
    assert neutralise("-5") == "'-5" and neutralise("обычный текст") == "обычный текст"
    assert neutralise(-5) == -5 and neutralise(None) is None and neutralise(True) is True
    assert neutralise("a\x00b") == "ab"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_renders_cyrillic_text(reports: Path) -> None:
    pdf = reports / "report.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Кого выбрать" in text and "Рекомендуем" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "DejaVu-Sans" in fonts and "Serif" not in fonts
    # The rendered first page is not blank: text pixels are there.
    image = subprocess.run(
        ["pdftoppm", "-f", "1", "-l", "1", "-r", "30", "-gray", str(pdf)], capture_output=True, check=True
    ).stdout
    header_end = image.index(b"255\n") + 4
    pixels = image[header_end:]
    dark = sum(1 for value in pixels if value < 128)
    assert dark > 500, f"page 1 looks blank ({dark} dark pixels)"


def test_json_report_matches_its_schema(reports: Path) -> None:
    document = json.loads((reports / "report.json").read_text(encoding="utf-8"))
    schema = json.loads((reports / "report.schema.json").read_text(encoding="utf-8"))
    assert schema == report_schema()  # generated from model/result.py
    jsonschema.validate(document, schema)
    broken = dict(document, scoring=dict(document["scoring"], winner=5))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_demo_report_json_matches_the_generated_schema(demo_run: DemoRun) -> None:
    """The full demo document (every section typed) against the schema, and the schema is strict where the
    model is: a vendor's status outside its values, a rank that is text, a missing section field all fail."""
    schema = json.loads((demo_run.out / "report.schema.json").read_text(encoding="utf-8"))
    document = demo_run.document
    jsonschema.validate(document, schema)
    vendor = document["scoring"]["vendors"][0]
    for broken_vendor in (dict(vendor, status="admited"), dict(vendor, rank="1")):
        broken = dict(document, scoring=dict(document["scoring"], vendors=[broken_vendor]))
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)
    offer = {key: value for key, value in document["economics"]["offers"][0].items() if key != "monthly_cost_rub"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(dict(document, economics=dict(document["economics"], offers=[offer])), schema)


def test_english_report(tmp_path: Path) -> None:
    set_language("en")
    try:
        document = _hostile_document()
        document["language"] = "en"
        write_reports(document, tmp_path, formats=["html"])
    finally:
        set_language(None)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Who to choose" in html and "Ask before signing" in html
    assert not (tmp_path / "report.pdf").exists()


def test_demo_writes_the_full_report(demo_run: DemoRun) -> None:
    """`callscout demo --formats html,json,xlsx,pdf --output json`, the shared session run."""
    for name in ("report.html", "report.pdf", "report.xlsx", "report.json"):
        assert (demo_run.out / name).stat().st_size > 1000, name
    listed = demo_run.answer["files"]
    assert set(listed) == {"html", "pdf", "xlsx", "json", "schema"}
    assert all(Path(path).is_file() for path in listed.values()) and listed["schema"].endswith("report.schema.json")
    document = demo_run.document
    assert document["sections"][-1] == "scoring"
    assert len(document["scoring"]["vendors"]) == 6 and document["scoring"]["winner"]


def _words_outside_the_text_area(pdf: Path) -> list[tuple[int, str]]:
    """Words the PDF places beyond the page's side margins (12 mm): a table cut at the paper's edge."""
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    margin = 12 / 25.4 * 72 - 6  # points, less a little for glyph overhang
    outside = []
    pages = re.findall(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', bbox, re.S)
    for number, (width, body) in enumerate(pages, 1):
        for left, right, word in re.findall(
            r'<word xMin="([\d.-]+)" yMin="[\d.-]+" xMax="([\d.-]+)" yMax="[\d.-]+">(.*?)</word>', body
        ):
            if float(right) > float(width) - margin or float(left) < margin:
                outside.append((number, word))
    return outside


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_keeps_every_table_whole(demo_run: DemoRun) -> None:
    """The calls' KPI table used to lose every column after «Макс. ожидание», the heat map its hours after 22."""
    _assert_tables_whole(demo_run.out / "report.pdf", demo_run)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_chromium_prints_the_same_pages_with_every_table_whole(
    demo_run: DemoRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CALLSCOUT_PDF_ENGINE=chromium: the print page through Chromium, held to the same checks as WeasyPrint's."""
    from callscout.report.pdf_worker import chromium_binary, render_pdf

    if chromium_binary() is None:
        pytest.skip("chromium not installed (scripts/system-deps.sh installs it)")
    monkeypatch.setenv("CALLSCOUT_PDF_ENGINE", "chromium")
    pdf = tmp_path / "chromium.pdf"
    pdf.write_bytes(render_pdf((demo_run.out / PRINT_PAGE).read_text(encoding="utf-8")))
    _assert_tables_whole(pdf, demo_run)

    def pages(path: Path) -> int:
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]

    def words(path: Path) -> Counter[str]:
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        text = text.replace("\u2010\n", "")  # WeasyPrint hyphenates, Chromium does not
        return Counter(word for word in text.split() if re.search(r"\w\w", word) and not word.isdigit())

    # The same report: page counts within 15 % (line breaks differ), nine words in ten shared both ways.
    weasyprint = demo_run.out / "report.pdf"
    assert abs(pages(pdf) - pages(weasyprint)) <= 0.15 * pages(weasyprint)
    ours, theirs = words(pdf), words(weasyprint)
    shared = sum((ours & theirs).values())
    assert shared >= 0.9 * sum(ours.values()) and shared >= 0.9 * sum(theirs.values())


def _squeezed(text: str) -> str:
    """Text as compared across line breaks: no whitespace, no hyphens (WeasyPrint may break «Колл-центр» there)."""
    return re.sub(r"[\s\-\u2010\u00ad]+", "", text)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_is_a_summary_listing_every_finding_that_is_not_ok(demo_run: DemoRun) -> None:
    """The print page summarises: every site-audit finding that is not ok is printed in full with its cause, the
    passed ones are counted per vendor with where to read them (report.html, report.json), and no page excerpt
    of a passed check is printed."""
    from callscout.present.findings import finding_text, said
    from callscout.present.messages import message

    def ru(text: object) -> str:  # a text of the document as a Russian reader reads it (kept texts keep their key)
        return said(text, language="ru")

    text = subprocess.run(["pdftotext", str(demo_run.out / "report.pdf"), "-"], capture_output=True, text=True).stdout
    printed = _squeezed(text)
    assert _squeezed("report.html и report.json рядом с этим файлом") in printed
    audit = demo_run.document["audit"]
    not_ok = [(vendor, f) for vendor, site in audit.items() for f in site["findings"] if f["status"] != "pass"]
    assert not_ok, "the demo has findings that are not ok"
    for vendor, finding in not_ok:
        assert _squeezed(finding_text(finding, language="ru")) in printed, (vendor, finding)
        if finding.get("cause"):
            cause = message("print.cause", language="ru", cause=message(f"cause.{finding['cause']}", language="ru"))
            assert _squeezed(cause) in printed, (vendor, finding)
    for vendor, site in audit.items():
        passed = [f for f in site["findings"] if f["status"] == "pass"]
        path = f'audit["{vendor}"]'
        note = message("print.audit.passed", language="ru", n=len(passed), path=path)
        assert _squeezed(note) in printed, vendor
        assert "report.html, раздел «Аудит сайтов»" in note
        for finding in passed:
            for evidence in finding["evidence"]:
                excerpt = ru(evidence.get("excerpt"))
                # An excerpt long enough not to be a heading or a phone number printed elsewhere.
                if len(excerpt) > 60:
                    assert _squeezed(excerpt) not in printed, (vendor, excerpt)
    # The economics: each vendor's best offer in one table, every offer named as being in the HTML/JSON/XLSX.
    economics = demo_run.document["economics"]
    for vendor, offer in economics["best_offer_by_vendor"].items():
        assert _squeezed(vendor) in printed and _squeezed(offer["offer"]) in printed, vendor
    assert _squeezed(message("print.economics.more", language="ru", n=len(economics["offers"]))) in printed
    # The ranking's findings: every red flag and every knock-out that failed or was not checked is printed; of
    # the questions every unchecked knock-out's and about five in all, the rest counted with where they are.
    scoring = demo_run.document["scoring"]
    for vendor in scoring["vendors"]:
        for flag in vendor["red_flags"]:
            assert _squeezed(ru(flag["text"])) in printed, (vendor["name"], flag)
        for knockout in vendor["knockouts"]:
            if knockout["status"] in ("knocked_out", "unknown"):
                assert _squeezed(ru(knockout["name"])) in printed, (vendor["name"], knockout)
        questions = vendor["questions"]
        knockout_questions = [q for q in questions if q["reason"] == "knockout_unknown"]
        for question in knockout_questions:
            assert _squeezed(ru(question["text"])) in printed, (vendor["name"], question)
        asked = max(len(knockout_questions), 5)
        if len(questions) > asked:
            more = message("print.questions.more", language="ru", n=len(questions) - asked)
            assert _squeezed(more) in printed and "report.html" in more, vendor["name"]
    assert any(len(vendor["questions"]) > 5 for vendor in scoring["vendors"]), "the demo shortens some list"
    # The criteria no vendor has data for, each with the rule that scored it; the catalogue is named elsewhere.
    not_applicable = sum(c["status"] == "not_applicable" for c in scoring["criteria"])
    assert _squeezed(message("print.scoring.more", language="ru", n=not_applicable)) in printed
    for criterion in scoring["criteria"]:
        if criterion["status"] == "no_data":
            label = ru(criterion["missing_policy_label"])
            assert _squeezed(ru(criterion["name"])) in printed and _squeezed(label) in printed, criterion["id"]
    # The legal check: every flag not passed, once, with no excerpt.
    legal = demo_run.document["legal"]
    flags = [(vendor, f) for vendor, item in legal.items() for f in item["flags"] if f["status"] != "pass"]
    assert flags, "the demo has legal flags that are not ok"
    for vendor, flag in flags:
        assert _squeezed(finding_text(flag, language="ru")) in printed, (vendor, flag)
    assert _squeezed(message("print.legal.more", language="ru")) in printed


def _assert_tables_whole(pdf: Path, demo_run: DemoRun) -> None:
    assert _words_outside_the_text_area(pdf) == []
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    calls = text[text.index("Звонки: показатели по журналам") :]
    kpi_table = calls[: calls.index("Нарушения SLA")]
    for name, kpis in demo_run.document["calls"]["vendors"].items():
        row = next(line for line in kpi_table.splitlines() if line.startswith(name))
        # The last two columns, «Перезвонили пропущенным» and «Повторно за 24 ч», are on the page.
        callbacks = kpis["callbacks"]
        if callbacks["called_back"] is None:  # a log without outbound calls cannot show callbacks
            assert "нет данных" in row, row
        else:
            assert f"{callbacks['called_back']} / {callbacks['missed_with_number']}" in row, row
        assert row.rstrip().endswith("%"), row
    heat = calls[calls.index("Когда звонят") :].splitlines()
    # Every vendor's heat map has all 24 hours in its head and, in each weekday's row, every count of that day.
    heat_vendors = {name: kpis["heat_map"] for name, kpis in demo_run.document["calls"]["vendors"].items()}
    hours_rows = [line.split() for line in heat if line.split()[:3] == ["0", "1", "2"]]
    assert hours_rows == [[str(hour) for hour in range(24)]] * len(heat_vendors)
    day_names = {"mon": "пн", "tue": "вт", "wed": "ср", "thu": "чт", "fri": "пт", "sat": "сб", "sun": "вс"}
    printed_rows = [line.split() for line in heat]
    for name, heat_map in heat_vendors.items():
        assert len(heat_map["weekdays"]) == 7, name
        for day, offered in zip(heat_map["weekdays"], heat_map["offered"], strict=True):
            expected = [day_names[day], *(str(count) for count in offered if count)]
            assert expected in printed_rows, (name, day, expected)


def test_pdf_only_when_asked_then_built_from_the_report_json(tmp_path: Path) -> None:
    document = _hostile_document()
    written = write_reports(document, tmp_path)
    assert "pdf" not in written and not (tmp_path / "report.pdf").exists()
    # No print page either: most reports are never printed. A PDF asked for later is drawn from report.json,
    # the same page the report would have kept.
    assert not (tmp_path / PRINT_PAGE).exists()
    assert print_page(tmp_path) == render_html(json.loads(json.dumps(document, default=str)), for_print=True)
    pdf = write_pdf(tmp_path)
    assert pdf == tmp_path / "report.pdf" and pdf.read_bytes().startswith(b"%PDF")
    # A report rewritten without the PDF drops the old one: it would not match the new report.
    write_reports(document, tmp_path, formats=["html"])
    assert not pdf.exists()


@pytest.mark.parametrize("engine", ["weasyprint", "chromium"])
def test_pdf_never_fetches_external_resources(engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import http.server
    import threading

    from callscout.report.pdf_worker import chromium_binary
    from callscout.report.render import render_pdf

    if engine == "chromium" and chromium_binary() is None:
        pytest.skip("chromium not installed (scripts/system-deps.sh installs it)")
    monkeypatch.setenv("CALLSCOUT_PDF_ENGINE", engine)
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        html = (
            f'<html><head><link rel="stylesheet" href="{base}/style.css"></head><body>'
            f'<p>Привет</p><img src="{base}/tracker.png"><img src="file:///etc/passwd"></body></html>'
        )
        assert render_pdf(html).startswith(b"%PDF")
    finally:
        server.shutdown()
        server.server_close()
    assert requests == []


def test_demo_keeps_its_result_document_in_the_store(demo_run: DemoRun, tmp_path: Path) -> None:
    """The document the cabinet reads (the store's, kept with the run) is report.json, key for key and in order."""
    from callscout.store import Store

    database = tmp_path / "demo.db"
    shutil.copy(demo_run.out / "callscout-demo.db", database)  # the shared demo folder stays as it is
    store = Store(f"sqlite:///{database}")
    try:
        evaluation_id = store.evaluation_id(demo_run.document["evaluation"]["name"])
        assert evaluation_id is not None
        stored = store.result_document(evaluation_id)
    finally:
        store.close()
    assert stored is not None and json.dumps(stored, ensure_ascii=False) == json.dumps(
        demo_run.document, ensure_ascii=False
    )


def test_print_page_prints_the_rows_that_read_the_same_once() -> None:
    """Legal and quality rows that read the same for several vendors are one printed row naming them («все
    вендоры (N)» where it is every one); the screen keeps a row per vendor, and a vendor that differs keeps its own
    row on paper too."""
    from callscout.present.messages import message

    specs = [VendorSpec(f"Колл-центр {n}") for n in (1, 2, 3)] + [VendorSpec("Особый", legal_status="failed")]
    document, evaluation = document_for(specs)
    document["sections"] += ["legal", "quality", "scoring"]
    for item in document["legal"].values():  # as the legal stage writes an offline check: no INN, no register
        item.update(inn=None, registry=None)
        item["domain"]["name"] = "example.ru"
    for quality in document["quality"].values():  # nothing recorded, graded or test-called: the same row for all
        quality.update(recordings=[], qa_average=None, qa_grades=0, mystery_shopper=None, quizzes=None, script=None)
    document["scoring"] = score_document(document, evaluation)
    set_language("ru")
    screen, paper = render_html(document), render_html(document, for_print=True)

    def rows(page: str, heading: str) -> list[str]:
        start = page.index(heading)
        table = page[start : page.index("</table>", start)]
        return [re.sub(r"<[^>]+>|\s+", " ", row).strip() for row in table.split("<tr>")[2:]]

    for heading_key in ("report.templates.quality.call_quality", "print.legal.title"):
        heading = message(heading_key, language="ru")
        printed = rows(paper, heading)
        if heading_key == "print.legal.title":
            assert len(printed) == 2 and printed[0].startswith("Колл-центр 1, Колл-центр 2, Колл-центр 3"), printed
            assert printed[1].startswith("Особый"), printed
        else:
            assert len(printed) == 1 and printed[0].startswith(message("print.all_vendors", language="ru", n=4))
            assert len(rows(screen, heading)) == 4

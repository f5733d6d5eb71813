"""A stored finding is shown in the reader's language, whatever language its run used (issue 18).

The shared demo runs once, in Russian. Its findings (site audit, legal checks, SLA) are then read back as a reader
meets them: from the store, in the report rendered in English and in Russian, and on the cabinet's vendor pages
with the cabinet in English. An English reader must not meet a Cyrillic word that is not the inputs' own; a Russian
reader must not meet an English phrase; and the Russian text re-rendered from code and params must equal the text
the run stored, so that rendering from the catalogue loses nothing.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from selectolax.lexbor import LexborHTMLParser

from callscout.i18n import language
from callscout.model.findings import TEXT_KEY, Finding
from callscout.present.findings import finding_key, finding_text, said
from callscout.report.render import render_html
from callscout.report.workbook import write_workbook
from callscout.store import Store
from tests.conftest import DemoRun
from tests.leftovers import english_leftovers, english_phrases, okved_codes, russian_leftovers, visible_text
from tests.test_leftovers import _cabinet, data_text

pytestmark = pytest.mark.slow  # the shared demo run, a cabinet over its store


@pytest.fixture(scope="module")
def demo(demo_run: DemoRun, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reader-language") / "demo"
    shutil.copytree(demo_run.out, folder)
    return folder


def _stored_findings(folder: Path) -> list[Finding]:
    store = Store(f"sqlite:///{folder / 'callscout-demo.db'}")
    try:
        return [finding for run in store.runs() for finding in store.run_findings(run.id)]
    finally:
        store.close()


def _finding_texts(html: str) -> list[str]:
    """The findings' own texts on a page (marked ``finding-text`` by the report and the cabinet)."""
    return [" ".join(node.text().split()) for node in LexborHTMLParser(html).css(".finding-text")]


def test_the_stored_findings_carry_their_catalogue_text(demo: Path) -> None:
    """Every finding of the site, legal and scoring checks is stored with its text's key and values; re-rendered in
    the run's language it is the text the run wrote, and in the other language it has no Cyrillic word of ours."""
    # The scoring run's red flags too: they quote the other findings' texts, which keep their keys inside.
    findings = _stored_findings(demo)
    assert len(findings) > 50 and any(finding.check == "scoring" for finding in findings)
    keyed = [finding for finding in findings if TEXT_KEY in finding.params or finding_key(finding.check, finding.code)]
    without = sorted(
        {f"{finding.check}/{finding.code}: {finding.message}" for finding in findings}
        - {f"{finding.check}/{finding.code}: {finding.message}" for finding in keyed}
    )
    assert not without, "findings stored as text only:\n" + "\n".join(without[:40])
    inputs = data_text()
    found = []
    for finding in keyed:
        assert finding_text(finding, language="ru") == finding.message, (finding.check, finding.code)
        found += english_leftovers(
            f"{finding.check}/{finding.code}", finding_text(finding, language="en"), data_text=inputs
        )
    assert not found, "\n".join(str(item) for item in found[:60])


def test_a_russian_run_reads_in_english_and_in_russian_in_the_report(demo_run: DemoRun) -> None:
    inputs = data_text()
    english = _finding_texts(render_html({**demo_run.document, "language": "en"}))
    russian = _finding_texts(render_html({**demo_run.document, "language": "ru"}))
    assert len(english) == len(russian) > 30
    found = [item for text in english for item in english_leftovers("report.html (en)", text, data_text=inputs)]
    aside = okved_codes(demo_run.document)
    found += [item for text in russian for item in russian_leftovers("report.html (ru)", text, aside=aside)]
    found += [item for text in russian for item in english_phrases("report.html (ru)", text)]
    assert not found, "\n".join(str(item) for item in found[:60])
    assert all(re.search(r"[А-Яа-яЁё]", text) for text in russian)


def test_a_russian_run_reads_in_english_on_the_cabinets_vendor_pages(demo: Path, demo_run: DemoRun) -> None:
    client, store = _cabinet(demo, "english-reader")
    try:
        evaluation_id = store.evaluation_id("Демо: ДомТехника выбирает колл-центр")
        evaluation = store.evaluation_by_id(evaluation_id)
        assert evaluation is not None
        inputs = data_text()
        pages: dict[str, dict[str, list[str]]] = {"en": {}, "ru": {}}
        for lang in ("en", "ru"):
            client.get(f"/lang/{lang}?next=/")
            for vendor in evaluation.vendors:
                response = client.get(f"/e/{evaluation_id}/audits/{vendor.name}")
                assert response.status_code == 200, (vendor.name, response.text[:300])
                pages[lang][vendor.name] = _finding_texts(response.text)
        assert sum(len(texts) for texts in pages["en"].values()) > 30
        found = []
        for vendor, texts in pages["en"].items():
            found += [item for text in texts for item in english_leftovers(vendor, text, data_text=inputs)]
        for vendor, texts in pages["ru"].items():
            found += [item for text in texts for item in english_phrases(vendor, text)]
            found += [
                item for text in texts for item in russian_leftovers(vendor, text, aside=okved_codes(demo_run.document))
            ]
        assert not found, "\n".join(str(item) for item in found[:60])
    finally:
        store.close()


def _kept_texts(document: dict) -> dict[str, list[object]]:
    """The texts of the result document beyond the findings that keep their key (``KeyedText``), by section."""
    scoring, economics = document["scoring"], document["economics"]
    vendors = scoring["vendors"]
    return {
        "confidence": [scoring["confidence"]["label"], *scoring["confidence"]["reasons"]],
        "status labels": [vendor["status_label"] for vendor in vendors],
        "knock-outs": [item[key] for vendor in vendors for item in vendor["knockouts"] for key in ("name", "note")],
        "checks to run": [item[key] for item in scoring["checks_to_run"] for key in ("name", "reason")],
        "red flags": [flag["text"] for vendor in vendors for flag in vendor["red_flags"]],
        "questions": [question["text"] for vendor in vendors for question in vendor["questions"]],
        "criterion values": [
            cell[key] for vendor in vendors for cell in vendor["criteria"].values() for key in ("display", "note")
        ],
        "economics notes": economics["notes"],
        "pricing risks": [risk["message"] for offer in economics["offers"] for risk in offer["risks"]],
    }


def test_the_result_documents_texts_keep_their_key_and_render_in_either_language(demo_run: DemoRun) -> None:
    """Scoring and economics texts are stored with their catalogue key and values: the Russian render is the text
    the run stored, and the parts written from the catalogue alone read in English without a Cyrillic word."""
    sections = _kept_texts(demo_run.document)
    for name, texts in sections.items():
        keyed = [text for text in texts if isinstance(text, dict)]
        assert keyed or not any(texts), f"{name}: no text kept its key"
        for text in keyed:
            assert said(text, language="ru") == text["text"], (name, text["text"])
    inputs = data_text()
    found = []
    # Written from the catalogue and the run's numbers only (no quoted finding of a check not keyed yet).
    for name in ("confidence", "status labels", "knock-outs", "checks to run", "economics notes", "pricing risks"):
        for text in sections[name]:
            found += english_leftovers(name, said(text, language="en"), data_text=inputs)
    assert not found, "\n".join(str(item) for item in found[:60])


def test_a_keyed_text_survives_the_json_and_a_plain_string_stays_plain() -> None:
    from callscout.i18n import language, msg, pick
    from callscout.model.result import RedFlag

    with language("ru"):
        flag = RedFlag(
            text=msg("scoring.engine.disqualified", name=pick("нет политики", "no policy")) + " — " + "«Текст сайта»",
            severity="critical",
        )
    stored = flag.model_dump(mode="json")["text"]
    assert stored["text"] == "исключён: нет политики — «Текст сайта»"
    assert said(stored, language="en") == "disqualified: no policy — «Текст сайта»"
    assert said(RedFlag.model_validate({"text": stored, "severity": "high"}).text, language="en").startswith("disq")
    old = RedFlag.model_validate({"text": "исключён: старый документ", "severity": "high"})
    assert old.text == "исключён: старый документ" and said(old.text, language="en") == old.text


# What is data, and stays as written in an English text (``english_leftovers`` sets it aside by ``data_text``, the
# demo's inputs): the vendors' names, the buyer's names and texts, the vendors' pages and answers (quoted excerpts,
# spelling corrections), the register's names, addresses and directors, recordings' file names. Everything CallScout
# writes itself (check texts, criteria, notes, risks, evidence values, labels) must read in the reader's language.


def test_a_russian_run_reads_in_english_in_every_section_of_the_report_print_page_and_workbook(
    demo_run: DemoRun, tmp_path: Path
) -> None:
    document = demo_run.document
    inputs = data_text()
    english = render_html({**document, "language": "en"})
    found = english_leftovers("report.html (en)", visible_text(english), data_text=inputs)
    printed = render_html({**document, "language": "en"}, for_print=True)  # the PDF's page
    found += english_leftovers("print page (en)", visible_text(printed), data_text=inputs)
    with language("en"):
        write_workbook({**document, "language": "en"}, tmp_path / "en.xlsx")
    workbook = load_workbook(tmp_path / "en.xlsx", read_only=True)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    found += english_leftovers(f"xlsx {sheet.title}!{cell.coordinate}", cell.value, data_text=inputs)
    assert not found, "\n".join(str(item) for item in found[:60])
    # Rendered from the stored keys in Russian, the report is the one the run wrote (its times aside).
    russian = visible_text(render_html({**document, "language": "ru"}))
    assert russian == visible_text(demo_run.html_path.read_text(encoding="utf-8"))


def test_a_russian_run_reads_in_english_on_the_cabinets_ranking_and_economics_pages(demo: Path) -> None:
    client, store = _cabinet(demo, "english-ranking-reader")
    try:
        evaluation_id = store.evaluation_id("Демо: ДомТехника выбирает колл-центр")
        client.get("/lang/en?next=/")
        inputs = data_text()
        found = []
        for page in ("ranking", "economics", "audits"):
            response = client.get(f"/e/{evaluation_id}/{page}")
            assert response.status_code == 200, (page, response.text[:300])
            found += english_leftovers(page, visible_text(response.text), data_text=inputs)
        assert not found, "\n".join(str(item) for item in found[:60])
    finally:
        store.close()

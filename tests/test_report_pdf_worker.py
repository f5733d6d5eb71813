"""The PDF child process: it writes the file it is told to, and a failure reaches the user as a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from callscout.errors import UsageError
from callscout.i18n import language
from callscout.report import pdf_worker, render
from callscout.report.pdf_worker import PdfRender


def test_child_writes_the_pdf(tmp_path: Path) -> None:
    job = PdfRender(tmp_path / "out.pdf")
    job.start()
    job.send("<html><body><p>Привет, отчёт</p></body></html>")
    assert job.wait() == tmp_path / "out.pdf"
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
    assert not list(tmp_path.glob("*.part"))


def test_child_failure_is_a_clear_error_in_the_users_language(tmp_path: Path) -> None:
    job = PdfRender(tmp_path / "no such folder" / "out.pdf")
    job.start()
    job.send("<p>x</p>")
    with language("ru"), pytest.raises(UsageError) as raised:
        job.wait()
    assert raised.value.message.startswith("Не удалось построить PDF-отчёт: ")
    assert "no such folder" in raised.value.message and "Traceback" not in str(raised.value)


def test_a_failing_report_stops_the_child_and_leaves_no_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_workbook(*args: object) -> None:
        raise RuntimeError("workbook broke")

    monkeypatch.setattr("callscout.report.workbook.write_workbook", broken_workbook)
    document = {"language": "ru", "evaluation": {"name": "Тест", "buyer": None}, "sections": []}
    document |= {"callscout_version": "test", "generated_at": "2026-01-01"}
    with pytest.raises(RuntimeError, match="workbook broke"):
        render.write_reports(document, tmp_path)
    assert not (tmp_path / "report.pdf").exists() and not list(tmp_path.glob("*.part"))


def test_one_core_renders_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[Path] = []
    monkeypatch.setattr(pdf_worker, "parallel_worth_it", lambda: False)
    monkeypatch.setattr(PdfRender, "start", lambda self: started.append(self.target))
    document = {"language": "ru", "evaluation": {"name": "Один", "buyer": None}, "sections": []}
    document |= {"callscout_version": "test", "generated_at": "2026-01-01"}
    files = render.write_reports(document, tmp_path, formats=["pdf"])
    assert files["pdf"].read_bytes().startswith(b"%PDF") and started == []


def test_no_interpreter_to_start_renders_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_worker.sys, "executable", str(tmp_path / "no-python"))
    document = {"language": "ru", "evaluation": {"name": "Без дочернего", "buyer": None}, "sections": []}
    document |= {"callscout_version": "test", "generated_at": "2026-01-01"}
    files = render.write_reports(document, tmp_path, formats=["pdf"])
    assert files["pdf"].read_bytes().startswith(b"%PDF")

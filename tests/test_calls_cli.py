"""``callscout calls`` as a user runs it, and the demo's calls section."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from callscout.calls.synthetic import DEMO_FILES
from tests.calls_helpers import DATA, cli_evaluation
from tests.conftest import DemoRun
from tests.test_calls_kpi import SMALL_LOG


def callscout(*arguments: str, cwd: Path, env_lang: str | None = None) -> subprocess.CompletedProcess[str]:
    """The console entry point run in this process (a subprocess per call would take seconds each)."""
    import contextlib
    import io

    from callscout.cli.main import run
    from callscout.i18n import set_language

    stdout, stderr = io.StringIO(), io.StringIO()
    if env_lang:
        set_language(env_lang[:2])
    old_argv = sys.argv
    sys.argv = ["callscout", *arguments]
    code: int | str | None = 0
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            run()
    except SystemExit as exit_:
        code = exit_.code
    finally:
        sys.argv = old_argv
        set_language(None)
    return subprocess.CompletedProcess(arguments, int(code or 0), stdout.getvalue(), stderr.getvalue())


KPI_KEYS = (
    "offered",
    "answered",
    "abandoned",
    "abandon_rate",
    "service_level",
    "asa_s",
    "avg_wait_s",
    "p90_wait_s",
    "max_wait_s",
    "avg_talk_s",
    "aht_s",
)


def test_import_kpi_json_and_errors(tmp_path: Path) -> None:
    cli_evaluation("S")
    log = tmp_path / "small.csv"
    log.write_text(SMALL_LOG, encoding="utf-8")
    imported = callscout("calls", "import", str(log), "--vendor", "S", "--output", "json", cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["rows"] == 9
    again = callscout("calls", "import", str(log), "--vendor", "S", cwd=tmp_path)
    assert again.returncode == 1 and "уже импортирован" in again.stderr
    result = callscout("calls", "kpi", "--vendor", "S", "--output", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert all(key in data for key in KPI_KEYS)
    assert (data["offered"], data["answered"], data["p90_wait_s"]) == (8, 5, 46)
    by_day = json.loads(
        callscout(
            "calls",
            "kpi",
            "--by",
            "day",
            "--from",
            "2024-01-15",
            "--to",
            "16.01.2024",
            "--output",
            "json",
            cwd=tmp_path,
        ).stdout
    )
    assert [row["key"] for row in by_day["rows"]] == ["2024-01-15", "2024-01-16"]
    missing = callscout("calls", "import", str(tmp_path / "nope.csv"), "--vendor", "S", cwd=tmp_path)
    assert missing.returncode == 1 and "не найден" in missing.stderr
    no_vendor = callscout("calls", "import", str(log), cwd=tmp_path)
    assert no_vendor.returncode == 2


def test_saved_mapping_from_cli(tmp_path: Path) -> None:
    cli_evaluation("M")
    log = tmp_path / "cabinet.csv"
    log.write_text("Когда;Ждал;Итог\n15.01.2024 10:00;7;ok\n", encoding="utf-8")
    result = callscout(
        "calls",
        "import",
        str(log),
        "--vendor",
        "M",
        "--map",
        "arrival=Когда",
        "--map",
        "wait_s=Ждал",
        "--save-mapping",
        "cabinet-m",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    saved = json.loads(callscout("calls", "mappings", "--output", "json", cwd=tmp_path).stdout)
    assert saved["cabinet-m"]["columns"] == {"arrival": "Когда", "wait_s": "Ждал", "outcome": "Итог"}
    log2 = tmp_path / "cabinet2.csv"
    log2.write_text("Когда;Ждал;Итог\n16.01.2024 10:00;9;ok\n", encoding="utf-8")
    again = callscout(
        "calls", "import", str(log2), "--vendor", "M", "--mapping", "cabinet-m", "--output", "json", cwd=tmp_path
    )
    assert again.returncode == 0 and json.loads(again.stdout)["rows"] == 1
    listed = json.loads(callscout("calls", "list", "--output", "json", cwd=tmp_path).stdout)
    assert [item["source"] for item in listed] == ["cabinet.csv", "cabinet2.csv"]
    assert callscout("calls", "remove", str(listed[0]["id"]), cwd=tmp_path).returncode == 0
    assert len(json.loads(callscout("calls", "list", "--output", "json", cwd=tmp_path).stdout)) == 1


def test_spreadsheet_export_neutralises_formulas(tmp_path: Path) -> None:
    cli_evaluation("E")
    log = tmp_path / "evil.csv"
    log.write_text(
        "Start Time,Status,Wait Time,Talk Time,Agent\n"
        '2024-01-15 09:00:00,answered,5,60,=HYPERLINK("http://x";"y")\n'
        "2024-01-15 09:05:00,answered,5,60,+cmd\n",
        encoding="utf-8",
    )
    assert callscout("calls", "import", str(log), "--vendor", "E", cwd=tmp_path).returncode == 0
    out = tmp_path / "agents.xlsx"
    result = callscout("calls", "kpi", "--by", "agent", "--output", "xlsx", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    cells = [row[0] for row in load_workbook(out).active.iter_rows(values_only=True)]
    assert cells[0] == "key" and '\'=HYPERLINK("http://x";"y")' in cells and "'+cmd" in cells
    csv_out = callscout("calls", "kpi", "--by", "agent", "--output", "csv", cwd=tmp_path)
    assert "'+cmd" in csv_out.stdout and "\n+cmd" not in csv_out.stdout


def test_sla_compare_reconcile_commands(tmp_path: Path) -> None:
    cli_evaluation("S", "Q")
    log = tmp_path / "small.csv"
    log.write_text(SMALL_LOG, encoding="utf-8")
    callscout("calls", "import", str(log), "--vendor", "S", cwd=tmp_path)
    callscout("calls", "import", str(DATA / "queue_log.txt"), "--vendor", "Q", cwd=tmp_path)
    sla = callscout(
        "calls", "sla", "--vendor", "S", "--sl", "80/20", "--max-asa", "30", "--output", "json", cwd=tmp_path
    )
    assert sla.returncode == 1  # breaches are findings
    assert len(json.loads(sla.stdout)["S"]["breaches"]) == 6
    compared = callscout(
        "calls",
        "compare",
        "--vendor",
        "S",
        "--vendor",
        "Q",
        "--from",
        "2023-11-14",
        "--to",
        "2024-01-20",
        "--output",
        "json",
        cwd=tmp_path,
    )
    assert compared.returncode == 0, compared.stderr
    assert set(json.loads(compared.stdout)["metrics"]) >= {"service_level", "abandon_rate", "asa_s"}
    table = callscout("calls", "compare", "--vendor", "S", "--vendor", "Q", cwd=tmp_path, env_lang="en_US.UTF-8")
    assert table.returncode == 0 and "Comparison" in table.stdout
    assert "share no days" in table.stderr  # S logged 2024, Q 2023: not a fair trial, and it says so
    report = tmp_path / "report.csv"
    report.write_text("Date;Offered;Answered\n2024-01-15;5;3\n2024-01-16;2;1\n", encoding="utf-8")
    assert callscout("calls", "reconcile", str(report), "--vendor", "S", cwd=tmp_path).returncode == 0
    report.write_text("Date;Offered;Answered\n2024-01-15;9;3\n", encoding="utf-8")
    differs = callscout("calls", "reconcile", str(report), "--vendor", "S", "--output", "json", cwd=tmp_path)
    assert differs.returncode == 1 and json.loads(differs.stdout)["differences"][0]["metric"] == "offered"


@pytest.mark.slow  # runs the demo again into its folder
def test_demo_has_calls_section(demo_run: DemoRun, tmp_path: Path) -> None:
    # The shared demo's folder is copied: this test runs the demo into it again.
    shutil.copytree(demo_run.out, tmp_path / "demo")
    document = json.loads((tmp_path / "demo" / "report.json").read_text(encoding="utf-8"))
    calls = document["calls"]
    good, poor = calls["vendors"]["ГолосПро"], calls["vendors"]["Линия 24"]
    assert all(key in good and key in poor for key in KPI_KEYS)
    assert good["service_level"] > 0.8 > poor["service_level"] and good["abandon_rate"] < poor["abandon_rate"]
    assert calls["comparison"]["metrics"]["service_level"]["vs_first"]["Линия 24"]["verdict"] == "worse"
    assert calls["sla_breaches"]["ГолосПро"] == [] and calls["sla_breaches"]["Линия 24"]
    html = (tmp_path / "demo" / "report.html").read_text(encoding="utf-8")
    assert "Звонки: показатели по журналам" in html and "Линия 24" in html
    from callscout.store import Store

    store = Store(f"sqlite:///{tmp_path / 'demo' / 'callscout-demo.db'}")
    runs = {run.target: run for run in store.runs(kind="calls")}
    assert runs["ГолосПро"].summary["offered"] == good["offered"]
    assert {finding.code for finding in store.run_findings(runs["Линия 24"].id)} >= {"sla_service_level"}
    store.close()
    # Running the demo again into the same folder reuses the imports instead of failing on them.
    assert callscout("demo", "--out", str(tmp_path / "demo"), cwd=tmp_path).returncode == 0


def test_bundled_demo_logs_are_reproducible() -> None:
    folder = Path(__file__).resolve().parents[1] / "src" / "callscout" / "demo" / "data" / "calls"
    for name, _format, make in DEMO_FILES.values():
        assert (folder / name).read_bytes().decode("utf-8") == make(), name


def test_commands_work_on_one_evaluation_named_once(tmp_path: Path) -> None:
    """The CLI resolves (evaluation, vendor name) once: with one evaluation it is implied; with several it
    must be named (a clear Russian error otherwise), and a same-named vendor of another evaluation never
    sees the first one's calls."""
    log = tmp_path / "small.csv"
    log.write_text(SMALL_LOG, encoding="utf-8")
    nothing = callscout("calls", "import", str(log), "--vendor", "S", cwd=tmp_path)
    assert nothing.returncode == 2 and "нет ни одной оценки" in nothing.stderr
    first = cli_evaluation("S", name="Оценка А")
    assert callscout("calls", "import", str(log), "--vendor", "S", cwd=tmp_path).returncode == 0
    second = cli_evaluation("S", name="Оценка Б")
    ambiguous = callscout("calls", "kpi", "--vendor", "S", "--output", "json", cwd=tmp_path)
    assert ambiguous.returncode == 2 and "оценок несколько" in ambiguous.stderr and "--evaluation" in ambiguous.stderr
    mine = callscout("calls", "kpi", "--evaluation", "Оценка А", "--output", "json", cwd=tmp_path)
    assert json.loads(mine.stdout)["offered"] == 8
    other = callscout("calls", "kpi", "--evaluation", str(second), "--vendor", "S", "--output", "json", cwd=tmp_path)
    assert other.returncode == 0 and json.loads(other.stdout)["offered"] == 0
    assert (
        json.loads(callscout("calls", "list", "--evaluation", str(second), "--output", "json", cwd=tmp_path).stdout)
        == []
    )
    [listed] = json.loads(
        callscout("calls", "list", "--evaluation", str(first), "--output", "json", cwd=tmp_path).stdout
    )
    # Another evaluation cannot remove it by its number.
    refused = callscout("calls", "remove", str(listed["id"]), "--evaluation", str(second), cwd=tmp_path)
    assert refused.returncode == 1 and "не найден" in refused.stderr
    unknown = callscout("calls", "kpi", "--evaluation", "Оценка В", cwd=tmp_path)
    assert unknown.returncode == 2 and "не найдена" in unknown.stderr
    stranger = callscout("calls", "import", str(log), "--evaluation", str(second), "--vendor", "Z", cwd=tmp_path)
    assert stranger.returncode == 2 and "нет в этой оценке" in stranger.stderr

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from callscout.cli.main import run
from callscout.demo import demo_evaluation_path
from callscout.i18n import set_language
from tests.conftest import DemoRun


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Outcome]:
    """The real entry point in-process (a subprocess per case would cost seconds each)."""
    monkeypatch.setenv("COLUMNS", "200")

    def invoke(*arguments: str, cwd: Path | None = None) -> Outcome:
        set_language(None)  # each invocation starts like a fresh process
        monkeypatch.setattr(sys, "argv", ["callscout", *arguments])
        with pytest.raises(SystemExit) as exit_:
            run()
        captured = capsys.readouterr()
        return Outcome(int(exit_.value.code or 0), captured.out, captured.err)

    return invoke


def test_staffing_erlang_prints_the_worked_example(cli: Callable[..., Outcome], tmp_path: Path) -> None:
    result = cli(
        "staffing", "erlang", "--calls", "100", "--period-min", "30", "--aht", "180", "--target", "80/20",
        "--shrinkage", "0.3", "--output", "json", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["agents"], data["scheduled"]) == (14, 20)
    assert data["service_level"] == pytest.approx(0.8884, abs=1e-4)
    assert data["asa_s"] == pytest.approx(7.84, abs=0.01)
    assert data["occupancy"] == pytest.approx(0.7143, abs=1e-4)
    assert data["p_wait"] == pytest.approx(0.1741, abs=1e-4)
    assert data["p_abandon"] is None
    table = cli("staffing", "erlang", "--calls", "100", "--period-min", "30", "--aht", "180", cwd=tmp_path)
    assert table.returncode == 0 and "Операторов на линии" in table.stdout and "14" in table.stdout


def test_staffing_erlang_with_patience_reports_abandonment(cli: Callable[..., Outcome], tmp_path: Path) -> None:
    result = cli(
        "staffing", "erlang", "--calls", "100", "--period-min", "30", "--aht", "180", "--patience", "60",
        "--output", "json", cwd=tmp_path,
    )  # fmt: skip
    data = json.loads(result.stdout)
    assert result.returncode == 0 and data["agents"] == 12 and 0 < data["p_abandon"] < 0.1


@pytest.mark.parametrize(
    ("arguments", "code", "words"),
    [
        (("--calls", "-5", "--aht", "180"), 2, "не меньше 0"),
        (("--calls", "100", "--aht", "0"), 2, "AHT"),
        (("--calls", "100", "--aht", "180", "--target", "120/20"), 2, "120"),
        (("--calls", "100", "--aht", "180", "--target", "восемьдесят"), 2, "80/20"),
        (("--calls", "100", "--aht", "180", "--shrinkage", "1.5"), 2, "shrinkage"),
        (("--calls", "100", "--aht", "180", "--max-occupancy", "0"), 2, "загрузка"),
        (("--calls", "100000", "--aht", "180", "--max-agents", "50"), 1, "не обслужить"),
    ],
)
def test_staffing_erlang_refuses_bad_input(
    cli: Callable[..., Outcome], tmp_path: Path, arguments: tuple[str, ...], code: int, words: str
) -> None:
    result = cli("staffing", "erlang", *arguments, cwd=tmp_path)
    assert result.returncode == code
    assert words in result.stderr and "Traceback" not in result.stderr


def test_staffing_errors_in_english(cli: Callable[..., Outcome], tmp_path: Path) -> None:
    result = cli("--lang", "en", "staffing", "erlang", "--calls", "10", "--aht", "-1", cwd=tmp_path)
    assert result.returncode == 2 and "average handle time" in result.stderr


def test_staffing_plan_and_offers_compare_on_the_demo(cli: Callable[..., Outcome], tmp_path: Path) -> None:
    demo = str(demo_evaluation_path())
    plan = cli("staffing", "plan", "--file", demo, "--output", "json", cwd=tmp_path)
    assert plan.returncode == 0, plan.stderr
    data = json.loads(plan.stdout)
    assert data["schedules"][0]["schedule"] == "buyer" and data["staffing"]["headcount"] > 0
    table = cli("--lang", "en", "staffing", "plan", "--file", demo, cwd=tmp_path)
    assert table.returncode == 0 and "Schedules" in table.stdout and "Dedicated operators" in table.stdout
    offers = cli("offers", "compare", "--file", demo, "--output", "json", cwd=tmp_path)
    assert offers.returncode == 0, offers.stderr
    compared = json.loads(offers.stdout)
    assert len(compared["offers"]) == 7 and len(compared["best_offer_by_vendor"]) == 6
    shown = cli("offers", "compare", "--file", demo, cwd=tmp_path)
    # The in-house row's name may wrap inside its cell on a narrow terminal.
    assert shown.returncode == 0 and "ГолосПро" in shown.stdout and {"Своими", "силами"} <= set(shown.stdout.split())


def test_calls_csv_errors_reach_the_user(cli: Callable[..., Outcome], tmp_path: Path) -> None:
    calls = tmp_path / "calls.csv"
    calls.write_text("weekday,hour,calls\nmon,10,5\nmon,xx,5\n", encoding="utf-8")
    demo = str(demo_evaluation_path())
    result = cli("offers", "compare", "--file", demo, "--calls-csv", str(calls), cwd=tmp_path)
    assert result.returncode == 1 and "calls.csv, строка 3" in result.stderr
    calls.write_text("weekday,hour,calls\n" + "".join(f"mon,{h},{10 + h}\n" for h in range(24)), encoding="utf-8")
    result = cli("staffing", "plan", "--file", demo, "--calls-csv", str(calls), "--output", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["staffing"]["workload_source"].endswith("calls.csv")


def test_demo_report_shows_the_economics(demo_run: DemoRun) -> None:
    html = demo_run.html_path.read_text(encoding="utf-8")
    assert "Экономика предложений и штат" in html and "Точки безубыточности" in html
    document = json.loads((demo_run.out / "report.json").read_text(encoding="utf-8"))
    assert "economics" in document["sections"]
    assert {"offers", "best_offer_by_vendor", "staffing", "schedules", "in_house", "break_even", "curves"} <= set(
        document["economics"]
    )


def test_plan_options_override_the_evaluation(cli: Callable[..., Outcome], tmp_path: Path) -> None:
    demo = str(demo_evaluation_path())
    result = cli("staffing", "plan", "--file", demo, "--patience", "60", "--callback-share", "0.5", "--output", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["staffing"]["model"] == "erlang_a" and data["staffing"]["p_abandon"] > 0
    assert data["schedules"][0]["callbacks_per_week"] == pytest.approx(data["schedules"][0]["lost_calls_per_week"])
    grid = cli("staffing", "plan", "--file", demo, "--interval", "30", "--detail")
    assert grid.returncode == 0 and "Операторов на линии по часам" in grid.stdout
    wrong = cli("offers", "compare", "--file", demo, "--interval", "20")
    assert wrong.returncode == 2 and "interval_min" in wrong.stderr

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from callscout import evalfile
from callscout.demo import demo_evaluation_path
from callscout.economics.analysis import BREAK_EVEN_RANGE, EconomicsModel, economics_section
from callscout.economics.demand import (
    interval_open_shares,
    workload_from_call_log,
    workload_from_csv,
    workload_from_needs,
)
from callscout.economics.erlang import ServiceTarget
from callscout.economics.staffing import StaffingOptions, plan_week, pooled_operator_hours
from callscout.economics.stage import economics_for
from callscout.errors import DataError
from callscout.model import Evaluation, Needs, Schedule
from callscout.model.economics import EconomicsAssumptions
from callscout.workload import WEEKS_PER_MONTH


def flat_needs(**changes: object) -> Needs:
    return Needs.model_validate({"calls_per_month": 30_000, "call_profile": {"preset": "flat"}, **changes})


def test_flat_week_24_7_staffs_every_interval_alike() -> None:
    workload = workload_from_needs(flat_needs(), 30)
    options = StaffingOptions(ServiceTarget(0.8, 20), shrinkage=0.25)
    plan = plan_week(workload, Schedule(), options)
    assert len(plan.agents) == 336 and len(set(plan.agents.tolist())) == 1
    assert plan.lost_outside == 0
    assert plan.operator_hours_per_week == pytest.approx(plan.scheduled[0] * 168)
    assert plan.scheduled[0] == int(np.ceil(plan.agents[0] / 0.75))


def test_hours_lose_or_call_back_the_calls_outside() -> None:
    workload = workload_from_needs(flat_needs(), 60)
    weekdays = Schedule(mode="hours", hours=dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), "09:30-18:00"))
    options = StaffingOptions(ServiceTarget(0.8, 20))
    lost = plan_week(workload, weekdays, options)
    open_share = 5 * 8.5 / 168
    assert lost.calls_in_hours == pytest.approx(workload.calls_per_week * open_share)
    assert lost.lost_outside == pytest.approx(workload.calls_per_week * (1 - open_share))
    assert lost.open_hours_per_week == pytest.approx(42.5)
    called_back = plan_week(workload, weekdays, options, callback_share=0.5)
    assert called_back.lost_outside == pytest.approx(lost.lost_outside / 2)
    assert called_back.calls_in_hours == pytest.approx(lost.calls_in_hours + lost.lost_outside / 2)
    assert called_back.operator_hours_per_week > lost.operator_hours_per_week
    shares = interval_open_shares(weekdays, 60)
    assert shares[9] == 0.5 and shares[10] == 1.0 and shares[18] == 0.0 and sum(shares[5 * 24 :]) == 0


def test_a_shared_pool_needs_fewer_hours_than_dedicated_operators() -> None:
    workload = workload_from_needs(flat_needs(calls_per_month=3000), 60)
    options = StaffingOptions(ServiceTarget(0.8, 20), shrinkage=0.3)
    plan = plan_week(workload, Schedule(), options)
    assert pooled_operator_hours(plan, options, 0) == plan.operator_hours_per_week
    shared = pooled_operator_hours(plan, options, 9)
    bigger_pool = pooled_operator_hours(plan, options, 99)
    assert bigger_pool < shared < plan.operator_hours_per_week


def test_csv_of_calls_per_hour(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text("день;час;звонки\nпн;10;12\nвт;10;6\nсб;23;3\n", encoding="utf-8")
    workload = workload_from_csv(path, flat_needs(), 30)
    assert len(workload.calls) == 336
    assert workload.calls[20] == workload.calls[21] == 6  # Monday 10:00 split in two halves
    assert workload.hourly()[24 + 10] == 6 and workload.hourly()[5 * 24 + 23] == 3
    assert workload.calls_per_week == pytest.approx(21)


def test_csv_with_timestamps_is_averaged_per_weekday(tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    path.write_text("start,calls\n2026-11-02 10:00,10\n2026-11-09 10:00,20\n2026-11-03 09:00,7\n", encoding="utf-8")
    hourly = workload_from_csv(path, flat_needs()).hourly()
    assert hourly[10] == 15  # two Mondays
    assert hourly[24 + 9] == 7


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("weekday,hour,calls\nmon,10,5\nfunday,11,5\n", "строка 3"),
        ("weekday,hour,calls\nmon,10,-5\n", "строка 2"),
        ("weekday,hour,calls\nmon,10,5\nmon,10,7\n", "строка 3"),
        ("weekday,hour,calls\nmon,25,5\n", "строка 2"),
        ("weekday,hour,calls\nmon,10,много\n", "строка 2"),
        ("day,count_of_things\nmon,5\n", "строка 1"),
        ("weekday,hour,calls\n", "нет ни одного звонка"),
    ],
)
def test_csv_errors_name_the_file_and_line(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "calls.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as error:
        workload_from_csv(path, flat_needs())
    assert "calls.csv" in str(error.value) and words in str(error.value)


def test_call_log_plugs_in_as_a_workload() -> None:
    monday = datetime(2026, 11, 2, 10, 15)
    calls = [(monday, 100.0), (monday + timedelta(minutes=20), None), (monday + timedelta(days=7), 200.0)]
    workload = workload_from_call_log(calls, 15, after_call_work_s=20)
    assert workload.talk_s == 150 and workload.aht_s == 170
    assert workload.calls[41] == 1.0  # 10:15 slot: two calls over two Mondays
    assert workload.calls[42] == 0.5
    with pytest.raises(DataError):
        workload_from_call_log([(monday, None)])


def test_demo_economics_section() -> None:
    evaluation = evalfile.load(demo_evaluation_path())
    section = economics_section(evaluation)
    assert len(section["offers"]) == 7
    assert set(section["best_offer_by_vendor"]) == {vendor.name for vendor in evaluation.vendors}
    tele = [entry for entry in section["offers"] if entry["vendor"] == "ТелеСервис Плюс"]
    best = section["best_offer_by_vendor"]["ТелеСервис Плюс"]
    assert best["monthly_cost_rub"] == min(entry["monthly_cost_rub"] for entry in tele)
    for entry in section["offers"]:
        assert entry["monthly_cost_rub"] > 0 and entry["risks"]
        assert entry["cost_per_handled_call_rub"] == pytest.approx(
            entry["monthly_cost_rub"] / entry["handled_calls_per_month"], abs=0.01
        )
    for costs in section["curves"]["offers"].values():
        assert costs == sorted(costs)
    keys = [schedule["schedule"] for schedule in section["schedules"]]
    assert keys[0] == "buyer" and "24/7" in keys
    around_the_clock = next(schedule for schedule in section["schedules"] if schedule["schedule"] == "24/7")
    assert around_the_clock["lost_calls_per_month"] == 0
    assert (
        section["staffing"]["peak_season"]["operator_hours_per_week"] > section["staffing"]["operator_hours_per_week"]
    )


def test_break_even_points_are_where_costs_meet() -> None:
    evaluation = evalfile.load(demo_evaluation_path())
    section = economics_section(evaluation)
    model = EconomicsModel(evaluation.needs, evaluation.economics, workload_from_needs(evaluation.needs))
    offers = {f"{v.name} — {o.name}": o for v in evaluation.vendors for o in v.offers}
    assert section["break_even"]
    for point in section["break_even"]:
        multiplier = point["volume_multiplier"]
        cost_a = model.price(offers[point["offer_a"]], multiplier)[1].monthly_cost
        cost_b = model.price(offers[point["offer_b"]], multiplier)[1].monthly_cost
        assert cost_a == pytest.approx(cost_b, rel=0.01)
        # The grid point above the crossing (costs with staffing steps may cross again in between).
        above = float(next(m for m in np.geomspace(*BREAK_EVEN_RANGE, 24) if m > multiplier))
        cheaper = min(
            (point["offer_a"], point["offer_b"]), key=lambda label: model.price(offers[label], above)[1].monthly_cost
        )
        assert cheaper == point["cheaper_above"]


def test_in_house_items_follow_the_assumptions() -> None:
    needs = flat_needs(needs_8800=False)
    assumptions = EconomicsAssumptions.model_validate(
        {"in_house": {"operator_salary_rub": 50_000, "payroll_tax_share": 0.3}}
    )
    model = EconomicsModel(needs, assumptions, workload_from_needs(needs))
    in_house = model.in_house()
    plan, _ = model.plan("buyer")
    operators = plan.headcount(165)
    assert in_house["operators"] == operators
    assert in_house["items"]["operators_rub"] == pytest.approx(operators * 65_000)
    assert in_house["supervisors"] == -(-operators // 12)
    assert in_house["workplaces"] == plan.peak_scheduled
    assert operators == pytest.approx(plan.operator_hours_per_week * WEEKS_PER_MONTH / 165, abs=1)


def test_stage_reports_an_unstaffable_target_instead_of_crashing() -> None:
    evaluation = Evaluation(name="e", needs=Needs(calls_per_month=1000, service_level={"percent": 100, "seconds": 20}))
    section = economics_for(evaluation)
    assert "100" in section["error"] and section["offers"] == []


def test_history_path_of_the_needs_is_read_beside_the_evaluation(tmp_path: Path) -> None:
    (tmp_path / "history.csv").write_text("weekday,hour,calls\nmon,10,40\ntue,11,20\n", encoding="utf-8")
    evaluation = Evaluation(name="e", needs=Needs(calls_per_month=1000, call_profile={"history_path": "history.csv"}))
    section = economics_section(evaluation, base_dir=tmp_path)
    assert section["workload"]["source"].endswith("history.csv")
    assert section["staffing"]["calls_per_week"] == 60
    assert section["curves"]["calls_per_month"][3] == round(60 * WEEKS_PER_MONTH)
    with pytest.raises(DataError, match=r"history\.csv"):
        economics_section(evaluation, base_dir=tmp_path / "elsewhere")


def test_assumptions_are_overridden_in_the_evaluation_file(demo_yaml: str) -> None:
    from callscout import evalfile

    text = demo_yaml + "\neconomics:\n  patience_s: 90\n  in_house:\n    operator_salary_rub: 70000\n"
    evaluation, problems = evalfile.parse_text(text)
    assert not problems and evaluation is not None
    assert evaluation.economics.patience_s == 90 and evaluation.economics.in_house.operator_salary_rub == 70_000
    section = economics_section(evaluation)
    assert section["staffing"]["model"] == "erlang_a"
    assert section["in_house"]["assumptions"]["operator_salary_rub"] == 70_000
    typo = demo_yaml + "\neconomics:\n  shrinkag: 0.2\n"
    _, problems = evalfile.parse_text(typo)
    assert problems and "shrinkag" in str(problems[0]) and problems[0].line is not None

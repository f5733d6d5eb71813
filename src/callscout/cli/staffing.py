"""``callscout staffing``: Erlang staffing of one interval, and a whole week for the evaluation."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from callscout.cli.common import OutputFormat, console, evaluation_file_option, format_option, print_json
from callscout.i18n import msg, tr
from callscout.present.formatting import auto, duration, integer, percent
from callscout.present.messages import label

app = typer.Typer(no_args_is_help=True)


def csv_option() -> object:
    return typer.Option(
        None,
        "--calls-csv",
        help="История звонков: CSV по часам (weekday,hour,calls или start,calls) или журнал звонков любого "
        "поддерживаемого формата / call history: calls per hour CSV or a call log",
    )


def interval_option() -> object:
    return typer.Option(None, "--interval", help="Интервал, мин: 15, 30, 60 / interval, min")


def patience_option() -> object:
    return typer.Option(None, "--patience", help="Терпение абонента, с (Erlang A) / caller patience, s")


def callback_option() -> object:
    return typer.Option(
        None, "--callback-share", help="Доля звонков вне графика, которым перезвонят / share called back"
    )


@app.command("erlang")
def erlang(
    calls: Annotated[float, typer.Option("--calls", help="Звонков за интервал / calls per interval")],
    aht: Annotated[float, typer.Option("--aht", help="Среднее время обработки, с / average handle time, s")],
    period_min: Annotated[float, typer.Option("--period-min", help="Длина интервала, мин / interval, min")] = 60,
    target: Annotated[str, typer.Option("--target", help="Цель: процент/секунды / target percent/seconds")] = "80/20",
    patience: Annotated[
        float | None, typer.Option("--patience", help="Терпение абонента, с (Erlang A) / caller patience, s")
    ] = None,
    shrinkage: Annotated[float, typer.Option("--shrinkage", help="Потери времени 0..1 / shrinkage 0..1")] = 0.0,
    max_occupancy: Annotated[float, typer.Option("--max-occupancy", help="Макс. загрузка / max occupancy")] = 1.0,
    max_abandon: Annotated[
        float | None,
        typer.Option("--max-abandon", help="Макс. доля брошенных (с --patience) / max abandoned share"),
    ] = None,
    max_agents: Annotated[int, typer.Option("--max-agents", help="Предел поиска / search limit")] = 1_000_000,
    output: OutputFormat = format_option(),
) -> None:
    """Минимум операторов для цели по Erlang C (или Erlang A с --patience). / Minimum agents for a target."""
    from callscout.economics.erlang import ServiceTarget
    from callscout.economics.staffing import StaffingOptions, staff_interval

    options = StaffingOptions(
        ServiceTarget.parse(target), patience, shrinkage, max_occupancy, 0, max_agents, max_abandon
    )
    result = staff_interval(calls, period_min * 60, aht, options).as_dict()
    if output is OutputFormat.JSON:
        print_json(result)
        return
    table = Table(title=msg("cli.staffing.staffing_for_one_interval"), show_header=False)
    labels = {
        "load_erlangs": msg("cli.staffing.load_erlangs"),
        "agents": msg("cli.staffing.agents_on_phones"),
        "scheduled": msg("cli.staffing.scheduled_with_shrinkage"),
        "service_level": msg("cli.staffing.service_level"),
        "asa_s": msg("cli.staffing.average_speed_of_answer_asa_s"),
        "occupancy": msg("cli.staffing.occupancy"),
        "p_wait": msg("cli.staffing.probability_of_waiting"),
        "p_abandon": msg("cli.staffing.share_abandoned"),
    }
    shares = ("service_level", "occupancy", "p_wait", "p_abandon")
    for key, name in labels.items():
        if result[key] is not None:
            table.add_row(name, percent(result[key]) if key in shares else auto(result[key]))
    console.print(table)


@app.command("plan")
def plan(
    file: Path = evaluation_file_option(),
    calls_csv: Path | None = csv_option(),  # type: ignore[assignment]
    interval: int | None = interval_option(),  # type: ignore[assignment]
    patience: float | None = patience_option(),  # type: ignore[assignment]
    callback_share: float | None = callback_option(),  # type: ignore[assignment]
    detail: Annotated[
        bool, typer.Option("--detail", help="Операторы по часам недели / agents for every hour of the week")
    ] = False,
    output: OutputFormat = format_option(),
) -> None:
    """Неделя по интервалам и сравнение графиков работы. / A whole week and the schedules compared."""
    overrides = {"interval_min": interval, "patience_s": patience, "callback_share": callback_share}
    section = compute_section(file, calls_csv, overrides)
    if output is OutputFormat.JSON:
        print_json(
            {"staffing": section["staffing"], "schedules": section["schedules"], "in_house": section["in_house"]}
        )
        return
    staffing = section["staffing"]
    console.print(
        msg(
            "cli.staffing.model_target_aht_shrinkage_max_occupancy",
            model=label("queue_model", staffing["model"]),
            target=staffing["target"],
            aht=duration(staffing["aht_s"], unit="s"),
            shrink=percent(staffing["shrinkage"], 0),
            occ=percent(staffing["max_occupancy"], 0),
        )
    )
    table = Table(title=msg("cli.staffing.schedules"))
    for title in (
        msg("cli.staffing.schedule"),
        msg("cli.staffing.open_h_week"),
        msg("cli.staffing.operator_h_month"),
        msg("cli.staffing.operators"),
        msg("cli.staffing.peak_agents"),
        msg("cli.staffing.service_level"),
        msg("cli.staffing.lost_calls_month"),
        msg("cli.staffing.lost_margin_rub"),
        msg("cli.staffing.in_house_rub_month"),
    ):
        table.add_column(title, justify="right")
    for schedule in section["schedules"]:
        table.add_row(
            escape(schedule["label"]),
            f"{schedule['open_hours_per_week']:g}",
            integer(schedule["operator_hours_per_month"]),
            str(schedule["headcount"]),
            str(schedule["peak_agents"]),
            percent(schedule["service_level"]),
            integer(schedule["lost_calls_per_month"]),
            integer(schedule["lost_margin_rub"]),
            integer(schedule["in_house_monthly_cost_rub"]),
        )
    console.print(table)
    if detail:
        console.print(_week_grid(staffing["agents_by_interval"], staffing["interval_min"]))
    pooling = staffing["pooling"]
    console.print(
        msg(
            "cli.staffing.dedicated_operators_h_month_shared_pool",
            d=pooling["dedicated_hours_per_month"],
            s=pooling["shared_hours_per_month"],
            share=pooling["saving_share"],
            rub=pooling["cost_difference_rub"],
        )
    )


def _week_grid(agents: list[int], interval_min: int) -> Table:
    """Agents on the phones, weekdays by hours (the busiest interval of each hour)."""
    per_hour = 60 // interval_min
    table = Table(title=msg("cli.staffing.agents_on_phones_by_hour"))
    table.add_column("")
    for hour in range(24):
        table.add_column(f"{hour:02d}", justify="right")
    names = [tr(ru, en) for ru, en in zip(_DAYS_RU, _DAYS_EN, strict=True)]
    for day, name in enumerate(names):
        row = [max(agents[(day * 24 + hour) * per_hour : (day * 24 + hour + 1) * per_hour]) for hour in range(24)]
        table.add_row(name, *(str(value) if value else "·" for value in row))
    return table


_DAYS_RU = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")
_DAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def compute_section(file: Path, calls_csv: Path | None, overrides: dict[str, object] | None = None) -> dict:
    """Load the evaluation (and the buyer's calls CSV), apply the command's overrides of the economics
    assumptions, then compute the economics section."""
    from pydantic import ValidationError

    from callscout import evalfile
    from callscout.economics.analysis import economics_section
    from callscout.economics.demand import workload_from_history
    from callscout.errors import UsageError
    from callscout.model.economics import EconomicsAssumptions

    evaluation = evalfile.load(file)
    changes = {key: value for key, value in (overrides or {}).items() if value is not None}
    if changes:
        try:
            assumptions = EconomicsAssumptions.model_validate({**evaluation.economics.model_dump(), **changes})
        except ValidationError as error:
            problems = [str(problem) for problem in evalfile.problems_from_validation(error)]
            raise UsageError(msg("cli.staffing.invalid_calculation_options"), details=problems) from None
        evaluation = evaluation.model_copy(update={"economics": assumptions})
    workload = None
    if calls_csv is not None:
        workload = workload_from_history(calls_csv, evaluation.needs, evaluation.economics.interval_min)
    with console.status(msg("cli.staffing.computing_staffing_and_costs")):
        return economics_section(evaluation, workload, base_dir=file.resolve().parent)

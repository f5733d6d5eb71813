"""``callscout offers``: every vendor's offers priced on the buyer's own workload."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from callscout.cli.common import OutputFormat, console, evaluation_file_option, format_option, print_json
from callscout.cli.staffing import callback_option, compute_section, csv_option, interval_option, patience_option
from callscout.i18n import msg
from callscout.present.findings import said
from callscout.present.formatting import integer, percent

app = typer.Typer(no_args_is_help=True)


def _rub(value: float | None) -> str:
    return "—" if value is None else integer(value)


@app.command("compare")
def compare(
    file: Path = evaluation_file_option(),
    calls_csv: Path | None = csv_option(),  # type: ignore[assignment]
    interval: int | None = interval_option(),  # type: ignore[assignment]
    patience: float | None = patience_option(),  # type: ignore[assignment]
    callback_share: float | None = callback_option(),  # type: ignore[assignment]
    output: OutputFormat = format_option(),
) -> None:
    """Сравнить стоимость предложений, риски и точки безубыточности. / Compare the offers' costs."""
    overrides = {"interval_min": interval, "patience_s": patience, "callback_share": callback_share}
    section = compute_section(file, calls_csv, overrides)
    if output is OutputFormat.JSON:
        print_json(
            {
                key: section[key]
                for key in ("offers", "best_offer_by_vendor", "in_house", "break_even", "curves", "workload")
            }
        )
        return
    offers = sorted(section["offers"], key=lambda entry: entry["monthly_cost_rub"])
    table = Table(title=msg("cli.offers.monthly_cost_of_offers_rub"))
    for title in (
        msg("cli.offers.vendor"),
        msg("cli.offers.offer"),
        msg("cli.offers.per_month"),
        msg("cli.offers.per_call"),
        msg("cli.offers.per_minute"),
        msg("cli.offers.per_order"),
        msg("cli.offers.of_revenue"),
    ):
        table.add_column(title, justify="right")
    for entry in offers:
        share = entry["share_of_revenue"]
        table.add_row(
            escape(entry["vendor"]),
            escape(entry["offer"]),
            _rub(entry["monthly_cost_rub"]),
            _rub(entry["cost_per_handled_call_rub"]),
            _rub(entry["cost_per_talk_minute_rub"]),
            _rub(entry["cost_per_order_rub"]),
            "—" if share is None else percent(share),
        )
    in_house = section["in_house"]
    table.add_row(
        msg("cli.offers.in_house"),
        msg("cli.offers.operators", n=in_house["operators"]),
        _rub(in_house["monthly_cost_rub"]),
        _rub(in_house["cost_per_handled_call_rub"]),
        "",
        "",
        "",
    )
    console.print(table)
    for entry in offers:
        for risk in entry["risks"]:
            console.print(f"[yellow]![/yellow] {escape(entry['label'])}: {escape(said(risk['message']))}")
    for point in section["break_even"]:
        console.print(
            msg(
                "cli.offers.break_even_and_cost_same_at",
                a=escape(point["offer_a"]),
                b=escape(point["offer_b"]),
                calls=point["calls_per_month"],
                cheaper=escape(point["cheaper_above"]),
            )
        )

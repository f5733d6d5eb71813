"""``callscout calls topics | survey | channels | sales``: what customers call about, what they think of the
service, which advertising brings calls and orders. Thin shells over calls.topics, survey, channels, sales."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from callscout.calls.kpi import kpi_value_text
from callscout.cli.calls import (
    EVALUATION_OPTION,
    FILE_OPTION,
    FROM_OPTION,
    TO_OPTION,
    _call_store,
    _evaluation,
    _period,
    _scope,
    _settings,
    _vendor_refs,
    app,
)
from callscout.cli.common import OutputFormat, console, format_option, print_json, success, warn
from callscout.errors import UsageError
from callscout.i18n import format_number, msg, tr

if TYPE_CHECKING:
    import duckdb

    from callscout.calls.storage import CallStore
    from callscout.store.ownership import VendorRef

VENDOR_OPTION = typer.Option("--vendor", help="Вендор (можно несколько) / vendor")


@dataclass(frozen=True)
class Selection:
    """What a report reads: a reader of one evaluation's calls (of the named vendors only, when named)."""

    connection: duckdb.DuckDBPyConnection
    calls: CallStore
    evaluation_id: int
    vendors: list[VendorRef]  # the named ones, else all the evaluation's vendors with imported calls
    names: list[str] | None  # the filter of the core's functions (None: all the reader's calls)


@contextmanager
def _selected(evaluation: str | None, file: Path | None, vendor: list[str] | None) -> Iterator[Selection]:
    """Resolved once, here: the evaluation (``--evaluation``, else the ``--file`` one's, else that of
    callscout.yaml in the folder, else the store's only one) and its vendors named by ``--vendor``."""
    calls = _call_store()
    evaluation_id = _scope(calls, evaluation, file)
    refs = _vendor_refs(calls, evaluation_id, vendor)
    with calls.reader(evaluation_id, [ref.id for ref in refs] if vendor else None) as connection:
        yield Selection(connection, calls, evaluation_id, refs, [ref.name for ref in refs] if vendor else None)


class SurveyGrouping(StrEnum):
    VENDOR = "vendor"
    AGENT = "agent"
    TOPIC = "topic"
    WEEK = "week"


def _no_data(data: dict[str, Any]) -> bool:
    """Say why a report has no data (and how to get it); True when it has none."""
    if data.get("status") != "no_data":
        return False
    from callscout.calls.topics import NO_DATA_REASONS

    warn(tr(*NO_DATA_REASONS.get(data.get("reason", ""), ("нет данных", "no data"))))
    return True


def _interval(values: list[float] | None, key: str) -> str:
    if not values:
        return ""
    return f" [{kpi_value_text(values[0], key)}–{kpi_value_text(values[1], key)}]"


def _known(value: Any, key: str = "") -> str:
    return msg("cli.calls_reports.no_data") if value is None else kpi_value_text(value, key)


TREND_ARROWS = {"up": "↑", "down": "↓", "flat": "→", None: ""}


@app.command("topics")
def topics_command(
    vendor: Annotated[list[str] | None, VENDOR_OPTION] = None,
    start: Annotated[datetime | None, FROM_OPTION] = None,
    end: Annotated[datetime | None, TO_OPTION] = None,
    top: Annotated[int, typer.Option("--top", min=1, max=1000, help="Сколько тем / how many topics")] = 10,
    output: OutputFormat = format_option(),
    file: Annotated[Path | None, FILE_OPTION] = None,
    evaluation: Annotated[str | None, EVALUATION_OPTION] = None,
) -> None:
    """Частые вопросы: темы звонков по неделям. / Frequent questions: call topics by week."""
    from callscout.calls import topics

    settings = _settings(_evaluation(file), None, None)
    with _selected(evaluation, file, vendor) as selected:
        data = topics.frequent_questions(
            selected.connection, settings, vendors=selected.names, period=_period(start, end), top=top
        )
    if output is OutputFormat.JSON:
        print_json(data)
        return
    if _no_data(data):
        return
    table = Table(title=msg("cli.calls_reports.frequent_questions"))
    table.add_column(msg("cli.calls_reports.topic"), min_width=18)
    for label in (
        msg("cli.calls_reports.calls"),
        msg("cli.calls_reports.share"),
        msg("cli.calls_reports.lost"),
        msg("cli.calls_reports.aht_s"),
    ):
        table.add_column(label, justify="right")
    # The weeks in one column (first to last): a column per week would not fit a terminal.
    table.add_column(msg("cli.calls_reports.weekly_from", first=data["weeks"][0]), justify="right")
    table.add_column(msg("cli.calls_reports.trend_pp"), justify="right")
    for item in data["topics"]:
        label = topics.topic_label(item["topic"])
        name = f"{item['topic']} — {tr(*label)}" if label else item["topic"]
        if item["topic"] == "—":
            name = msg("cli.calls_reports.no_topic")
        trend = item["trend"]
        table.add_row(
            escape(name),
            str(item["offered"]),
            kpi_value_text(item["share"], "service_level"),
            kpi_value_text(item["abandon_rate"], "abandon_rate"),
            kpi_value_text(item["aht_s"], "aht_s"),
            " · ".join(str(count) for count in item["weekly"]),
            ""
            if trend["change_pp"] is None
            else f"{TREND_ARROWS[trend['direction']]} {format_number(trend['change_pp'], 1)}",
        )
    console.print(table)
    if data["with_topic"] < data["calls"]:
        console.print(msg("cli.calls_reports.of_calls_carry_topic", known=data["with_topic"], calls=data["calls"]))


@app.command("survey")
def survey_command(
    by: Annotated[SurveyGrouping, typer.Option("--by", help="vendor | agent | topic | week")] = SurveyGrouping.VENDOR,
    vendor: Annotated[list[str] | None, VENDOR_OPTION] = None,
    start: Annotated[datetime | None, FROM_OPTION] = None,
    end: Annotated[datetime | None, TO_OPTION] = None,
    output: OutputFormat = format_option(),
    evaluation: Annotated[str | None, EVALUATION_OPTION] = None,
) -> None:
    """Оценки клиентов после звонка (CSAT, NPS) рядом с оценками QA. / Post-call survey scores beside QA grades."""
    from callscout.calls import survey
    from callscout.live.ingest import survey_answers
    from callscout.qa import service as qa_service

    with _selected(evaluation, None, vendor) as selected:
        grades = survey.graded_calls(qa_service.grades(selected.calls.store, selected.evaluation_id), selected.vendors)
        data = survey.report(
            selected.connection,
            by.value,
            vendors=selected.names,
            period=_period(start, end),
            grades=grades,
            answers=survey_answers(selected.calls.store, selected.vendors),
        )
    if output is OutputFormat.JSON:
        print_json(data)
        return
    if _no_data(data):
        return
    table = Table(title=msg("cli.calls_reports.customers_opinion_of_service"))
    for label in (
        by.value,
        msg("cli.calls_reports.csat_answers"),
        msg("cli.calls_reports.csat_mean_95_ci"),
        msg("cli.calls_reports.satisfied_4_5"),
        msg("cli.calls_reports.nps_answers"),
        "NPS (95% ДИ)" if msg("cli.calls_reports.en") == "ru" else "NPS (95% CI)",
        msg("cli.calls_reports.qa_grades"),
        msg("cli.calls_reports.qa_mean"),
    ):
        table.add_column(label, justify="left" if label == by.value else "right")
    for row in data["rows"]:
        table.add_row(
            escape(str(row["key"])),
            str(row["csat_answers"]),
            _known(row["csat_mean"], "csat") + _interval(row["csat_mean_ci"], "csat"),
            _known(row["csat_share"], "service_level") + _interval(row["csat_share_ci"], "service_level"),
            str(row["nps_answers"]),
            _known(row["nps"], "nps") + _interval(row["nps_ci"], "nps"),
            str(row["qa_graded"]),
            _known(row["qa_mean"], "qa"),
        )
    console.print(table)
    correlation = data.get("qa_correlation")
    if correlation and correlation["spearman"] is not None:
        console.print(
            msg(
                "cli.calls_reports.qa_grades_and_csat_of_same",
                n=correlation["calls"],
                rho=format_number(correlation["spearman"], 2),
                p=format_number(correlation["p_value"], 3),
            )
        )


def _sources(file: Path | None) -> list[Any]:
    evaluation = _evaluation(file)
    if evaluation is None:
        raise UsageError(msg("cli.calls_reports.evaluation_file_with_sources_block_is"))
    return evaluation.sources


@app.command("channels")
def channels_command(
    file: Annotated[Path | None, FILE_OPTION] = Path("callscout.yaml"),
    vendor: Annotated[list[str] | None, VENDOR_OPTION] = None,
    start: Annotated[datetime | None, FROM_OPTION] = None,
    end: Annotated[datetime | None, TO_OPTION] = None,
    output: OutputFormat = format_option(),
    evaluation: Annotated[str | None, EVALUATION_OPTION] = None,
) -> None:
    """Эффективность рекламы: звонки, заказы и стоимость по каналам. / Advertising: calls, orders, cost per channel."""
    from callscout.calls import channels

    sources = _sources(file)
    settings = _settings(_evaluation(file), None, None)
    with _selected(evaluation, file, vendor) as selected:
        data = channels.report(
            selected.connection, settings, sources, vendors=selected.names, period=_period(start, end)
        )
    if output is OutputFormat.JSON:
        print_json(data)
        return
    if _no_data(data):
        return
    headers = (
        msg("cli.calls_reports.calls_2"),
        msg("cli.calls_reports.answered"),
        msg("cli.calls_reports.lost"),
        msg("cli.calls_reports.orders"),
        msg("cli.calls_reports.revenue_rub"),
        msg("cli.calls_reports.conversion"),
        msg("cli.calls_reports.spend_rub"),
        msg("cli.calls_reports.rub_per_call"),
        msg("cli.calls_reports.rub_per_order"),
    )

    def cells(row: dict[str, Any]) -> list[str]:
        return [
            str(row["calls"]),
            str(row["answered"]),
            str(row["lost"]),
            _known(row["orders"]),
            _known(row["revenue"], "revenue"),
            _known(row["conversion"], "service_level"),
            _known(row["spend"], "spend"),
            _known(row["cost_per_call"], "cost"),
            _known(row["cost_per_order"], "cost"),
        ]

    table = Table(title=msg("cli.calls_reports.advertising_channels"))
    table.add_column(msg("cli.calls_reports.channel"), no_wrap=True)
    for header in headers:
        table.add_column(header, justify="right")
    for row in data["channels"]:
        name = row["channel"] if row["channel"] != channels.NO_CHANNEL else msg("cli.calls_reports.untracked")
        table.add_row(escape(name), *cells(row))
    console.print(table)
    if len({row["vendor"] for row in data["by_vendor"]}) > 1:
        vendors = Table(title=msg("cli.calls_reports.channels_by_vendor"))
        vendors.add_column(msg("cli.calls_reports.channel"), no_wrap=True)
        vendors.add_column(msg("cli.calls_reports.vendor"), no_wrap=True)
        for header in headers[:6]:
            vendors.add_column(header, justify="right")
        for row in data["by_vendor"]:
            vendors.add_row(escape(row["channel"]), escape(str(row["vendor"])), *cells(row)[:6])
        console.print(vendors)


@app.command("sales")
def sales_command(
    out: Annotated[Path | None, typer.Option("--out", help="Файл .html, .xlsx или .json / file")] = None,
    file: Annotated[Path | None, FILE_OPTION] = None,
    vendor: Annotated[list[str] | None, VENDOR_OPTION] = None,
    start: Annotated[datetime | None, FROM_OPTION] = None,
    end: Annotated[datetime | None, TO_OPTION] = None,
    output: OutputFormat = format_option(),
    evaluation: Annotated[str | None, EVALUATION_OPTION] = None,
) -> None:
    """Звонки и заказы по дням, колл-центрам, операторам, темам и каналам. / Calls and orders in one table."""
    from callscout.calls import sales

    document = _evaluation(file)
    sources = document.sources if document else []
    settings = _settings(document, None, None)
    with _selected(evaluation, file, vendor) as selected:
        data = sales.report(selected.connection, settings, sources, vendors=selected.names, period=_period(start, end))
    if out is not None:
        if out.suffix.lower() not in (".html", ".htm", ".xlsx", ".json"):
            raise UsageError(msg("cli.calls_reports.out_html_xlsx_or_json_file"))
        sales.write(data, out)
        success(msg("cli.calls_reports.written_to", path=out))
        return
    if output is OutputFormat.JSON:
        print_json(data)
        return
    if not data["rows"]:
        warn(msg("cli.calls_reports.no_calls_in_period"))
        return
    table = Table(title=msg("cli.calls_reports.calls_and_orders"))
    for key in data["columns"]:
        table.add_column(tr(*sales.LABELS[key]), justify="left" if key in sales.KEYS else "right")
    for row in data["rows"]:
        table.add_row(*(escape(sales.cell_text(row[key], key)) for key in data["columns"]))
    console.print(table)


def _transcript_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(item for item in path.iterdir() if item.suffix.lower() in (".txt", ".json")))
        elif path.exists():
            files.append(path)
        else:
            raise UsageError(msg("cli.calls_reports.not_found", path=path))
    return files


@app.command("transcript-topics")
def transcript_topics_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Расшифровки .txt/.json или папки; без них — сохранённые / transcripts or folders"),
    ] = None,
    count: Annotated[
        int | None, typer.Option("--topics", min=2, max=30, help="Число тем (по умолчанию подбирается) / topics")
    ] = None,
    output: OutputFormat = format_option(),
    evaluation: Annotated[str | None, EVALUATION_OPTION] = None,
) -> None:
    """Темы звонков по расшифровкам и жалобы клиентов. / Call topics from transcripts, and complaints."""
    from callscout.audio.asr import load_transcript
    from callscout.calls import transcripts

    if paths:
        calls = [(str(path), load_transcript(path)) for path in _transcript_files(paths)]
    else:
        # The stored transcripts of one evaluation's recordings, never another's.
        store = _call_store()
        evaluation_id = _scope(store, evaluation)
        calls = [(ref, transcript) for ref, transcript, _run in transcripts.stored(store.store, evaluation_id)]
    found = transcripts.topics(calls, count=count)
    flagged = transcripts.flagged_calls(calls)
    if output is OutputFormat.JSON:
        print_json({"topics": found, "flagged": flagged})
        return
    if found["status"] != "ok":
        warn(msg("cli.calls_reports.no_data_topics_need_at_least", n=found["calls"]))
    else:
        table = Table(title=msg("cli.calls_reports.call_topics_from_transcripts"))
        table.add_column(msg("cli.calls_reports.topic_words"))
        table.add_column(msg("cli.calls_reports.calls"), justify="right")
        table.add_column(msg("cli.calls_reports.customer_s_phrase"))
        table.add_column(msg("cli.calls_reports.listen_to"))
        for topic in found["topics"]:
            example = topic["examples"][0]["text"] if topic["examples"] else ""
            table.add_row(
                escape(", ".join(topic["words"])),
                str(topic["calls"]),
                escape(example),
                escape("\n".join(Path(ref).name for ref in topic["listen"][:3])),
            )
        console.print(table)
    if flagged:
        complaints = Table(title=msg("cli.calls_reports.complaints_and_unhappy_customers"))
        complaints.add_column(msg("cli.calls_reports.call"))
        complaints.add_column(msg("cli.calls_reports.kind"))
        complaints.add_column(msg("cli.calls_reports.customer_s_phrase_2"))
        kinds = {"complaint": msg("cli.calls_reports.complaint"), "negative": msg("cli.calls_reports.negative")}
        for item in flagged:
            complaints.add_row(
                escape(Path(item["call"]).name), kinds[item["kind"]], escape(item["phrases"][0]["phrase"])
            )
        console.print(complaints)

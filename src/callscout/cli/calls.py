"""``callscout calls``: import vendors' call logs, the cabinet's indicators, SLA breaches, vendor reports, trials."""

from __future__ import annotations

import importlib
import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from callscout import evalfile
from callscout.calls.kpi import AGENT_TIME_LABELS, KPI_LABELS, agent_time_known, kpi_value_text, unknown_text
from callscout.calls.mapping import FIELD_LABELS, ColumnMapping, MappingNeeded, parse_overrides
from callscout.cli.common import OutputFormat, console, format_option, print_json, success, warn
from callscout.errors import DataError, UsageError
from callscout.i18n import format_datetime, msg, tr
from callscout.model import Evaluation, Vendor
from callscout.model.vendor import SlaTerms
from callscout.store import open_store
from callscout.tabular import csv_text, write_csv, write_xlsx

if TYPE_CHECKING:
    from callscout.calls import kpi
    from callscout.calls.storage import CallStore
    from callscout.store.ownership import VendorRef

# The analytics core (DuckDB, SciPy) is imported inside the commands: every other `callscout` command
# would otherwise pay for loading it.

app = typer.Typer(no_args_is_help=True)


class TableFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


class Engine(StrEnum):
    DUCKDB = "duckdb"
    SPARK = "spark"


class Grouping(StrEnum):
    HOUR = "hour"
    DAY = "day"
    WEEKDAY = "weekday"
    AGENT = "agent"
    QUEUE = "queue"
    INTERVAL = "interval"
    WEEK = "week"
    TOPIC = "topic"
    RESULT = "result"


PHASES = {
    "prepare": ("перекодирую", "transcoding"),
    "read": ("читаю строки", "reading rows"),
    "check": ("проверяю", "checking"),
    "commit": ("сохраняю", "saving"),
}


def _call_store() -> CallStore:
    from callscout.calls.storage import CallStore

    return CallStore(open_store())


def _scope(store: CallStore, spec: str | None, file: Path | None = None, *, sync: bool = False) -> int:
    """The evaluation whose calls a command reads or writes (resolved once, here): ``--evaluation``, else
    the ``-f`` file's, else that of callscout.yaml in the folder, else the store's only one. Only a writing
    command (``sync``) saves the file over the stored evaluation: a reading one never changes the store."""
    from callscout.store.ownership import evaluation_of_file, resolve_evaluation

    if not spec and file is not None and file.exists():
        return evaluation_of_file(store.store, file, sync=sync)[0]
    return resolve_evaluation(store.store, spec, sync=sync)[0]


def _vendor_refs(store: CallStore, evaluation_id: int, names: list[str] | None) -> list[VendorRef]:
    """The named vendors of this evaluation (all of them with imported calls when none are named)."""
    from callscout.store.ownership import vendor_ref, vendor_refs

    if names:
        return [vendor_ref(store.store, evaluation_id, name) for name in names]
    imported = set(store.vendors(evaluation_id))
    return [ref for ref in vendor_refs(store.store, evaluation_id) if ref.id in imported]


def _evaluation(path: Path | None) -> Evaluation | None:
    if path is None or not path.exists():
        return None
    return evalfile.load(path)


def _vendor_of(evaluation: Evaluation | None, name: str) -> Vendor | None:
    return evaluation.vendor(name) if evaluation else None


def _settings(evaluation: Evaluation | None, short_abandon: float | None, sl_seconds: float | None) -> kpi.KpiSettings:
    from callscout.calls import kpi

    settings = kpi.KpiSettings.for_needs(evaluation.needs) if evaluation is not None else kpi.KpiSettings()
    if short_abandon is not None:
        settings.short_abandon_s = short_abandon
    if sl_seconds is not None:
        settings.service_level_s = sl_seconds
    return settings


def _period(start: datetime | None, end: datetime | None) -> kpi.Period:
    from callscout.calls import kpi

    return kpi.Period.from_dates(start.date() if start else None, end.date() if end else None)


EVALUATION_OPTION = typer.Option(
    "--evaluation",
    help="Оценка: номер или название (по умолчанию — из callscout.yaml в папке или единственная) / "
    "evaluation id or name (default: callscout.yaml in the folder, or the only one)",
)
FILE_OPTION = typer.Option("--file", "-f", help="Файл оценки (график, SLA) / evaluation file (schedule, SLA)")
FROM_OPTION = typer.Option("--from", formats=["%Y-%m-%d", "%d.%m.%Y"], help="С даты / from date")
TO_OPTION = typer.Option("--to", formats=["%Y-%m-%d", "%d.%m.%Y"], help="По дату включительно / to date")


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="Журнал звонков / call log (CSV, TSV, XLSX, JSON, queue_log, gz)")],
    vendor: Annotated[str, typer.Option("--vendor", help="Вендор / vendor name")] = "",
    format_name: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="Формат журнала (по умолчанию определяется; список — calls formats) / log format (detected when "
            "omitted; see calls formats)",
        ),
    ] = None,
    mapping_name: Annotated[
        str | None, typer.Option("--mapping", help="Сохранённое сопоставление колонок / saved column mapping")
    ] = None,
    map_items: Annotated[
        list[str] | None, typer.Option("--map", help='поле=Заголовок, напр. wait_s="Ожидание" / field=Header')
    ] = None,
    save_mapping: Annotated[
        str | None, typer.Option("--save-mapping", help="Сохранить сопоставление под именем / save the mapping as")
    ] = None,
    minutes: Annotated[bool, typer.Option("--minutes", help="Длительности в минутах / durations in minutes")] = False,
    orders: Annotated[bool, typer.Option("--orders", help="Это файл заказов магазина / a shop's orders file")] = False,
    evaluation: Annotated[str | None, EVALUATION_OPTION] = None,
    timezone: Annotated[
        str | None,
        typer.Option(
            "--timezone",
            help="Часовой пояс времени без пояса и куда переводить время с поясом, напр. Europe/Moscow / "
            "time zone of naive times and target of zoned ones",
        ),
    ] = None,
    short_abandon: Annotated[
        float | None, typer.Option("--short-abandon", help="Порог короткого сброса в сводке, с / seconds")
    ] = None,
    events: Annotated[
        Path | None,
        typer.Option(
            "--events",
            help="queue_log тех же звонков: очередь, оператор и ожидание к CDR по uniqueid / the same calls' "
            "queue_log, joined to a CDR by uniqueid",
        ),
    ] = None,
    output: OutputFormat = format_option(),
) -> None:
    """Импортировать журнал звонков целиком или ничего. / Import a call log all-or-nothing."""
    from callscout.calls.formats import get_format

    if not vendor and not orders:
        raise UsageError(msg("cli.calls.name_vendor_vendor_name"))
    if format_name:
        format_name = get_format(format_name).name  # anonymous-bank and anonymous_bank are one format
    store = _call_store()
    evaluation_id = _scope(store, evaluation, sync=True)
    owner = _vendor_refs(store, evaluation_id, [vendor])[0] if vendor else None
    mapping: ColumnMapping | None = store.mapping(mapping_name) if mapping_name else None
    overrides = parse_overrides(map_items)
    if overrides or minutes:
        mapping = mapping or ColumnMapping()
        mapping.columns.update(overrides)
        if minutes:
            mapping.duration_unit = "minutes"
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=output is OutputFormat.JSON or not sys.stderr.isatty(),
    ) as progress:
        task = progress.add_task(escape(file.name), total=1.0)

        def report(phase: str, share: float, rows: int | None = None) -> None:
            counted = msg("cli.calls.rows_2", rows=rows) if rows is not None else ""
            progress.update(
                task,
                completed=share,
                description=f"{escape(file.name)}: {tr(*PHASES.get(phase, (phase, phase)))}{counted}",
            )

        try:
            result = store.import_file(
                file,
                evaluation_id=evaluation_id,
                vendor_id=owner.id if owner else None,
                format_name=format_name,
                mapping=mapping,
                kind="orders" if orders else "calls",
                progress=report,
                timezone=timezone,
                short_abandon_s=short_abandon,
                events=events,
            )
        except MappingNeeded as needed:
            raise DataError(needed.message + msg("cli.calls.name_date_column_map_arrival_header")) from None
    if save_mapping:
        if result.mapping is None:
            raise UsageError(msg("cli.calls.only_cabinet_exports_format_generic_have", format=result.format))
        store.save_mapping(save_mapping, result.mapping)
    if output is OutputFormat.JSON:
        print_json(result.as_dict())
        return
    _print_import_summary(result)
    if save_mapping:
        success(msg("cli.calls.mapping_saved_as", name=save_mapping))


def _print_import_summary(result: Any) -> None:
    """What was imported, said with the indicators' own words: the same losses as ``calls kpi``."""
    from callscout.calls.formats import all_formats

    fmt = all_formats().get(result.format)
    label = tr(*fmt.label) if fmt else result.format
    how = msg("cli.calls.detected_from_content") if result.detected else msg("cli.calls.named")
    success(
        msg(
            "cli.calls.imported_for_to",
            name=escape(result.source),
            rows=result.rows,
            vendor=escape(result.vendor),
            first=result.first_at,
            last=result.last_at,
        )
    )
    console.print(msg("cli.calls.format", label=label, name=result.format, how=how))
    losses = result.losses
    if losses:
        console.print(
            msg(
                "cli.calls.inbound_offered_answered_abandoned_short_abandon",
                offered=losses["offered"],
                answered=losses["answered"],
                abandoned=losses["abandoned"],
                short=unknown_text(losses["short_abandoned"], (losses.get("unknown") or {}).get("short_abandoned")),
                threshold=kpi_value_text(float(losses["short_abandon_s"]), "short_abandon_s"),
                ivr=unknown_text(losses["ivr"], (losses.get("unknown") or {}).get("ivr")),
                incomplete=unknown_text(losses["incomplete"], (losses.get("unknown") or {}).get("incomplete")),
                phantom=unknown_text(losses["phantom"], (losses.get("unknown") or {}).get("phantom")),
                outbound=losses["outbound"],
            )
        )
    if result.mapping is not None and result.mapping.columns:
        pairs = ", ".join(
            f"{tr(*FIELD_LABELS.get(name, (name, name)))} ← {escape(repr(header))}"
            for name, header in result.mapping.columns.items()
        )
        console.print(msg("cli.calls.columns", pairs=pairs))
    for name in result.missing_fields:
        warn(msg("cli.calls.not_in_file_indicators_from_it", field=tr(*FIELD_LABELS.get(name, (name, name)))))
    for header, name in result.lookalikes:
        warn(
            msg(
                "cli.calls.column_looks_like_field_but_was",
                header=header,
                field=tr(*FIELD_LABELS.get(name, (name, name))),
                name=name,
            )
        )
    if result.joined_events:
        console.print(msg("cli.calls.queue_log_joined_queue_agent_and", count=result.joined_events))
    if result.timezone:
        zone = result.timezone["zone"]
        if result.timezone["how"] == "aware":
            console.print(msg("cli.calls.zoned_times_converted_to", zone=zone))
        else:
            console.print(msg("cli.calls.naive_times_taken_as_zoned_ones", zone=zone))


@app.command("formats")
def formats_command(output: OutputFormat = format_option()) -> None:
    """Форматы журналов и выгрузок, которые понимает импорт. / Log and export formats the import reads."""
    from callscout.calls.formats import all_formats
    from callscout.calls.presets import all_presets

    sources = {preset.NAME: preset.SOURCE for preset in all_presets()}
    rows = [
        {"name": fmt.name, "label": tr(*fmt.label), "source": sources.get(fmt.name)} for fmt in all_formats().values()
    ]
    if output is OutputFormat.JSON:
        print_json(rows)
        return
    table = Table(title=msg("cli.calls.import_formats"))
    table.add_column("--format")
    table.add_column(msg("cli.calls.what_it_is"))
    table.add_column(msg("cli.calls.layout_source"))
    for row in rows:
        table.add_row(row["name"], escape(row["label"]), escape(row["source"] or ""))
    console.print(table)


@app.command("list")
def list_command(
    vendor: Annotated[str | None, typer.Option("--vendor")] = None,
    evaluation: Annotated[str | None, EVALUATION_OPTION] = None,
    output: OutputFormat = format_option(),
) -> None:
    """Импортированные файлы. / Imported files."""
    store = _call_store()
    evaluation_id = _scope(store, evaluation)
    ids = [ref.id for ref in _vendor_refs(store, evaluation_id, [vendor])] if vendor else None
    rows = store.imports(evaluation_id, vendor_ids=ids) + store.imports(evaluation_id, vendor_ids=ids, kind="orders")
    data = [
        {
            "id": row.id,
            "vendor": row.vendor_name,
            "kind": row.kind,
            "format": row.format,
            "source": row.source_name,
            "rows": row.rows,
            "first_at": row.first_at,
            "last_at": row.last_at,
            "imported_at": row.imported_at,
        }
        for row in rows
    ]
    if output is OutputFormat.JSON:
        print_json(data)
        return
    table = Table(title=msg("cli.calls.call_imports"))
    for column in (
        "id",
        msg("cli.calls.vendor"),
        msg("cli.calls.kind"),
        msg("cli.calls.format_2"),
        msg("cli.calls.file"),
        msg("cli.calls.rows"),
        msg("cli.calls.from"),
        msg("cli.calls.to"),
    ):
        table.add_column(column)
    for item in data:
        table.add_row(
            str(item["id"]),
            escape(item["vendor"]),
            item["kind"],
            item["format"],
            escape(item["source"]),
            str(item["rows"]),
            str(item["first_at"]),
            str(item["last_at"]),
        )
    console.print(table)


@app.command("remove")
def remove_command(
    import_id: Annotated[int, typer.Argument(help="Номер импорта / import id")],
    evaluation: Annotated[str | None, EVALUATION_OPTION] = None,
) -> None:
    """Удалить импорт. / Remove an import."""
    store = _call_store()
    if store.remove_import(_scope(store, evaluation), import_id) is None:
        raise DataError(msg("cli.calls.import_not_found", id=import_id))
    success(msg("cli.calls.import_removed", id=import_id))


@app.command("mappings")
def mappings_command(output: OutputFormat = format_option()) -> None:
    """Сохранённые сопоставления колонок. / Saved column mappings."""
    store = _call_store()
    data = {name: store.mapping(name).model_dump() for name in store.mapping_names()}
    if output is OutputFormat.JSON:
        print_json(data)
        return
    for name, mapping in data.items():
        console.print(
            f"[bold]{escape(name)}[/bold]: " + escape(", ".join(f"{k}={v}" for k, v in mapping["columns"].items()))
        )


def _write_rows(rows: list[dict[str, Any]], output: TableFormat, out: Path | None, title: str) -> None:
    # Each unknown figure's cell says «нет данных» and why (the row's ``unknown`` reasons), never a blank.
    header = [key for key in rows[0] if key not in ("unknown", "caveats")] if rows else []
    values = [
        [
            unknown_text(None, (row.get("unknown") or {}).get(key))
            if key in (row.get("unknown") or {})
            else row.get(key)
            for key in header
        ]
        for row in rows
    ]
    if output is TableFormat.CSV:
        if out is None:
            sys.stdout.write(csv_text(header, values))
            return
        write_csv(out, header, values)
    else:
        if out is None:
            raise UsageError(msg("cli.calls.xlsx_needs_out_file"))
        write_xlsx(out, header, values, title)
    success(msg("cli.calls.written_to", path=out))


def _add_breakdown(table: Table, by: str, rows: list[dict[str, Any]], labels: dict[str, tuple[str, str]]) -> None:
    from callscout.present.formatting import moment
    from callscout.present.messages import label as code_label

    table.add_column(code_label("grouping", by))
    for label in labels.values():
        table.add_column(tr(*label), justify="right")
    for row in rows:
        reasons = row.get("unknown") or {}
        table.add_row(
            escape(moment(row["key"])), *(escape(kpi_value_text(row.get(key), key, reasons.get(key))) for key in labels)
        )


@app.command("kpi")
def kpi_command(
    vendor: Annotated[list[str] | None, typer.Option("--vendor", help="Вендор (можно несколько) / vendor")] = None,
    start: Annotated[datetime | None, FROM_OPTION] = None,
    end: Annotated[datetime | None, TO_OPTION] = None,
    by: Annotated[
        Grouping | None,
        typer.Option("--by", help="hour | day | week | weekday | agent | queue | interval | topic | result"),
    ] = None,
    output: Annotated[
        TableFormat, typer.Option("--output", "-o", help="Вывод / output: table | json | csv | xlsx")
    ] = TableFormat.TABLE,
    out: Annotated[Path | None, typer.Option("--out", help="Файл для csv/xlsx / file for csv/xlsx")] = None,
    short_abandon: Annotated[float | None, typer.Option("--short-abandon", help="Порог короткого сброса, с")] = None,
    sl_seconds: Annotated[float | None, typer.Option("--sl-seconds", help="Y в «X% за Y с» / Y of X% in Y s")] = None,
    file: Annotated[Path | None, FILE_OPTION] = None,
    evaluation: Annotated[str | None, EVALUATION_OPTION] = None,
    engine: Annotated[
        Engine, typer.Option("--engine", help="Движок / engine: duckdb (эта машина) | spark (кластер)")
    ] = Engine.DUCKDB,
    spark_master: Annotated[
        str | None,
        typer.Option("--spark-master", help="Spark master URL (по умолчанию local[*]) / default local[*]"),
    ] = None,
    parquet: Annotated[
        str | None,
        typer.Option(
            "--parquet",
            help="Где Spark читает файлы хранилища (папка или s3a://…) / where Spark reads the store's files",
        ),
    ] = None,
) -> None:
    """Показатели кабинета по журналам. / The cabinet's indicators from the logs."""
    from callscout.calls import kpi
    from callscout.calls.storage import days_of_period
    from callscout.present.messages import label as code_label

    settings = _settings(_evaluation(file), short_abandon, sl_seconds)
    period = _period(start, end)
    store = _call_store()
    evaluation_id = _scope(store, evaluation, file)
    ids = [ref.id for ref in _vendor_refs(store, evaluation_id, vendor)] if vendor else None
    # Only the day files of the period are read (and those callbacks after it may fall in).
    days = days_of_period(period.start, period.end, after_hours=settings.callback_window_h)
    if engine is Engine.SPARK:
        from callscout.calls.spark import SparkOptions

        reading = store.spark_reader(
            evaluation_id, ids, options=SparkOptions(master=spark_master), root=parquet, days=days
        )
    elif spark_master or parquet:
        raise UsageError(msg("cli.calls.spark_master_and_parquet_go_with"))
    else:
        reading = store.reader(evaluation_id, ids, days=days)
    with reading as connection:
        if by is None:
            data = kpi.report(connection, settings, vendors=vendor or None, period=period)
            rows = [{key: data[key] for key in data if not isinstance(data[key], dict | list)}]
            rows[0]["unknown"] = data["unknown"]
        elif by.value in ("topic", "result"):
            from callscout.calls import topics

            # A log without the column has no such breakdown: «нет данных», never a row of zeros.
            data = topics.breakdown(connection, settings, by.value, vendors=vendor or None, period=period)
            data["definitions"] = kpi.definitions(settings)
            rows = data["rows"]
        else:
            rows = kpi.breakdown(connection, settings, by.value, vendors=vendor or None, period=period)
            data = {"by": by.value, "rows": rows, "definitions": kpi.definitions(settings)}
    if output is TableFormat.JSON:
        print_json(data)
        return
    if data.get("status") == "no_data":
        from callscout.calls.topics import NO_DATA_REASONS

        warn(tr(*NO_DATA_REASONS[data["reason"]]))
        return
    if output in (TableFormat.CSV, TableFormat.XLSX):
        _write_rows(rows, output, out, "kpi")
        return
    if not rows or not any(row.get("offered") for row in rows):
        warn(msg("cli.calls.no_calls_in_period"))
    table = Table(title=msg("cli.calls.call_indicators"))
    if by is None:
        # One column of values reads better than thirteen narrow columns.
        table.add_column(msg("cli.calls.indicator"))
        table.add_column(msg("cli.calls.value"), justify="right")
        reasons = rows[0].get("unknown") or {}
        notes = data.get("caveats") or {}
        for key, label in KPI_LABELS.items():
            table.add_row(tr(*label), escape(kpi_value_text(rows[0].get(key), key, reasons.get(key), notes.get(key))))
        # Inbound calls never offered to an agent: a count, or «нет данных» where the log's format cannot show them.
        for key in NOT_OFFERED:
            if key in rows[0]:
                table.add_row(code_label("kpi", key), escape(kpi_value_text(rows[0][key], key, reasons.get(key))))
    else:
        _add_breakdown(table, by.value, rows, KPI_LABELS)
    console.print(table)
    if by is not None:
        # A figure read with a caveat in some rows (the abandon rate of a log without waits): said once, under it.
        noted = {(key, code) for row in rows for key, code in (row.get("caveats") or {}).items()}
        for key, code in sorted(noted):
            console.print(f"{code_label('kpi', key)}: {code_label('kpi_caveat', code)}", markup=False)
    if by is not None and agent_time_known(rows):
        # The agents' time in a table of its own: beside the call indicators it would not fit a terminal.
        agents = Table(title=msg("cli.calls.agents_time"))
        _add_breakdown(agents, by.value, rows, AGENT_TIME_LABELS)
        console.print(agents)
    elif by is not None and by.value in ("agent", "interval") and rows:
        console.print(f"{tr(*UNKNOWN_SUBJECTS['agent_time'])}: {unknown_text(None, 'no_agent_events')}", markup=False)
    if by is None:
        extra = data
        callbacks = extra["callbacks"]
        repeats = extra["repeat_callers"]
        console.print(
            msg(
                "cli.calls.missed_calls_called_back_of_never",
                cb=unknown_text(callbacks["called_back"], _reason(callbacks, "called_back")),
                missed=callbacks["missed_with_number"],
                lost=unknown_text(callbacks["not_recovered"], _reason(callbacks, "not_recovered")),
                r24=kpi_value_text(repeats["repeat_24h_share"], "service_level", _reason(repeats, "repeat_24h_share")),
                r7=kpi_value_text(repeats["repeat_7d_share"], "service_level", _reason(repeats, "repeat_7d_share")),
                ooh=extra["out_of_hours"]["calls"],
            ),
            markup=False,
        )
        for key in ("by_agent", "by_queue", "agent_time", "conversion"):
            if key in data["unknown"]:
                console.print(f"{tr(*UNKNOWN_SUBJECTS[key])}: {unknown_text(None, data['unknown'][key])}", markup=False)


NOT_OFFERED = ("ivr", "incomplete", "phantom")

# What a report-wide unknown is about, for the line that says so under the table.
UNKNOWN_SUBJECTS = {
    "by_agent": ("По операторам", "By agent"),
    "by_queue": ("По очередям", "By queue"),
    "agent_time": ("Время операторов", "Agents' time"),
    "conversion": ("Конверсия в заказы", "Conversion to orders"),
}


def _reason(part: dict[str, Any], key: str) -> str | None:
    """Why a figure of a part is unknown (reports cached before reasons were kept have only ``unknown_reason``)."""
    return (part.get("unknown") or {}).get(key) or part.get("unknown_reason")


def _terms(
    evaluation: Evaluation | None,
    vendor: str,
    sl: str | None,
    max_abandon: float | None,
    max_asa: float | None,
    period: str | None,
) -> SlaTerms:
    known = _vendor_of(evaluation, vendor)
    terms = known.sla if known and known.sla else SlaTerms()
    values = terms.model_dump()
    if sl:
        try:
            percent, seconds = sl.split("/")
            values["service_level_share"], values["service_level_seconds"] = float(percent) / 100, float(seconds)
        except ValueError:
            raise UsageError(msg("cli.calls.sl_expects_x_y_e_g")) from None
    if max_abandon is not None:
        values["max_abandon_rate"] = max_abandon
    if max_asa is not None:
        values["max_asa_s"] = max_asa
    if period:
        values["period"] = period
    return SlaTerms.model_validate(values)


@app.command("sla")
def sla_command(
    vendor: Annotated[list[str] | None, typer.Option("--vendor", help="Вендор / vendor")] = None,
    start: Annotated[datetime | None, FROM_OPTION] = None,
    end: Annotated[datetime | None, TO_OPTION] = None,
    sl: Annotated[str | None, typer.Option("--sl", help="X/Y: X% за Y с / X% in Y s")] = None,
    max_abandon: Annotated[float | None, typer.Option("--max-abandon", help="Доля, напр. 0.05 / share")] = None,
    max_asa: Annotated[float | None, typer.Option("--max-asa", help="Секунды / seconds")] = None,
    period: Annotated[str | None, typer.Option("--period", help="day | hour | interval")] = None,
    file: Annotated[Path | None, FILE_OPTION] = None,
    evaluation_spec: Annotated[str | None, EVALUATION_OPTION] = None,
    output: OutputFormat = format_option(),
) -> None:
    """Нарушения SLA по дням/интервалам. / SLA breaches by day or interval."""
    from callscout.calls import contract
    from callscout.present.messages import label, message

    evaluation = _evaluation(file)
    store = _call_store()
    evaluation_id = _scope(store, evaluation_spec, file)
    refs = _vendor_refs(store, evaluation_id, vendor)
    names = [ref.name for ref in refs]
    result: dict[str, Any] = {}
    with store.reader(evaluation_id, [ref.id for ref in refs]) as connection:
        for name in names:
            terms = _terms(evaluation, name, sl, max_abandon, max_asa, period)
            checked = contract.checked_periods(
                connection, name, terms, period=_period(start, end), base=_settings(evaluation, None, None)
            )
            # ``unchecked``: the periods whose figure the log cannot tell, «не проверено», neither met nor breached.
            result[name] = {
                "terms": terms.model_dump(),
                "breaches": checked["breaches"],
                "unchecked": checked["unchecked"],
            }
    breached = any(item["breaches"] for item in result.values())
    if output is OutputFormat.JSON:
        print_json(result)
    else:
        for name, item in result.items():
            terms = item["terms"]
            table = Table(
                title=msg(
                    "cli.calls.sla_in_s_abandons",
                    vendor=escape(name),
                    p=round(terms["service_level_share"] * 100, 10),
                    s=terms["service_level_seconds"],
                    a=terms["max_abandon_rate"],
                )
            )
            for column in (
                msg("cli.calls.period"),
                msg("cli.calls.metric"),
                msg("cli.calls.actual"),
                msg("cli.calls.target"),
                msg("cli.calls.offered"),
            ):
                table.add_column(column)
            for breach in item["breaches"]:
                table.add_row(
                    format_datetime(breach["period"]),
                    tr(*KPI_LABELS.get(breach["metric"], (breach["metric"], breach["metric"]))),
                    escape(kpi_value_text(breach["value"], breach["metric"], None, breach.get("caveat"))),
                    kpi_value_text(breach["target"], breach["metric"]),
                    str(breach["offered"]),
                )
            for period_item in item["unchecked"]:
                table.add_row(
                    format_datetime(period_item["period"]),
                    label("kpi", period_item["metric"]),
                    escape(message("calls.sla.period_unchecked", reason=period_item["reason"])),
                    kpi_value_text(period_item["target"], period_item["metric"]),
                    str(period_item["offered"]),
                )
            console.print(
                table if item["breaches"] or item["unchecked"] else msg("cli.calls.no_breaches", vendor=escape(name))
            )
    if breached:
        raise typer.Exit(1)


@app.command("reconcile")
def reconcile_command(
    report: Annotated[Path, typer.Argument(help="Отчёт вендора по дням (CSV/XLSX) / the vendor's daily report")],
    vendor: Annotated[str, typer.Option("--vendor", help="Вендор / vendor")],
    tolerance: Annotated[
        float, typer.Option("--tolerance", help="Допуск: доля для счётчиков, пункты для долей")
    ] = 0.02,
    seconds_tolerance: Annotated[float, typer.Option("--seconds-tolerance", help="Допуск для времени, с")] = 5.0,
    file: Annotated[Path | None, FILE_OPTION] = None,
    evaluation_spec: Annotated[str | None, EVALUATION_OPTION] = None,
    output: OutputFormat = format_option(),
) -> None:
    """Сверить отчёт вендора с журналами. / Check a vendor's own report against the logs."""
    from callscout.calls import contract

    evaluation = _evaluation(file)
    store = _call_store()
    owner = _vendor_refs(store, _scope(store, evaluation_spec, file), [vendor])[0]
    known = _vendor_of(evaluation, vendor)
    settings = contract.settings_for(known.sla if known else None, _settings(evaluation, None, None))
    rows = contract.read_vendor_report(report, store.work_dir)
    with store.reader(owner.evaluation_id, [owner.id]) as connection:
        result = contract.reconcile(
            connection, vendor, rows, settings=settings, tolerance=tolerance, seconds_tolerance=seconds_tolerance
        )
    if output is OutputFormat.JSON:
        print_json(result)
    else:
        table = Table(title=msg("cli.calls.s_report_against_logs", vendor=escape(vendor)))
        for column in (
            msg("cli.calls.day"),
            msg("cli.calls.metric"),
            msg("cli.calls.vendor"),
            msg("cli.calls.logs"),
            msg("cli.calls.difference"),
        ):
            table.add_column(column)
        for item in result["differences"]:
            table.add_row(
                item["day"], item["metric"], str(item["vendor_says"]), str(item["logs_say"]), str(item["difference"])
            )
        console.print(table if result["differences"] else msg("cli.calls.no_differences"))
    if result["differences"]:
        raise typer.Exit(1)


@app.command("compare")
def compare_command(
    vendor: Annotated[list[str], typer.Option("--vendor", help="Два и более вендора / two or more vendors")],
    start: Annotated[datetime | None, FROM_OPTION] = None,
    end: Annotated[datetime | None, TO_OPTION] = None,
    short_abandon: Annotated[float | None, typer.Option("--short-abandon")] = None,
    sl_seconds: Annotated[float | None, typer.Option("--sl-seconds")] = None,
    file: Annotated[Path | None, FILE_OPTION] = None,
    evaluation: Annotated[str | None, EVALUATION_OPTION] = None,
    output: OutputFormat = format_option(),
) -> None:
    """Сравнить вендоров в тестовом периоде. / Compare vendors over a trial period."""
    from callscout.calls import compare as trial
    from callscout.present.formatting import points, pvalue, signed
    from callscout.present.messages import label as code_label

    if len(vendor) < 2:
        raise UsageError(msg("cli.calls.need_at_least_two_vendor"))
    settings = _settings(_evaluation(file), short_abandon, sl_seconds)
    store = _call_store()
    evaluation_id = _scope(store, evaluation, file)
    refs = _vendor_refs(store, evaluation_id, vendor)
    imported = set(store.vendors(evaluation_id))
    known = [ref.name for ref in _vendor_refs(store, evaluation_id, None)]
    missing = [ref.name for ref in refs if ref.id not in imported]
    if missing:
        raise DataError(
            msg(
                "cli.calls.no_imported_calls_for_there_are",
                missing=", ".join(missing),
                known=", ".join(known) or msg("cli.calls.none"),
            )
        )
    with store.reader(evaluation_id, [ref.id for ref in refs]) as connection:
        period = _period(start, end) if (start or end) else None
        result = trial.compare(connection, vendor, settings, period=period)
    if not result["same_days"]:
        warn(msg("cli.calls.vendors_share_no_days_whole_logs"))
    if output is OutputFormat.JSON:
        print_json(result)
        return
    table = Table(
        title=msg(
            "cli.calls.comparison_to",
            from_=format_datetime(result["period"]["from"]),
            to=format_datetime(result["period"]["to"]),
        )
    )
    table.add_column(msg("cli.calls.metric"))
    for name in vendor:
        table.add_column(escape(name), justify="right")
    table.add_column(msg("cli.calls.difference_95_ci_p"))
    for metric, entry in result["metrics"].items():
        cells = []
        for name in vendor:
            item = entry["vendors"][name]
            ci = item["ci"]
            shown = kpi_value_text(item["value"], metric)
            if ci:
                shown += f" [{kpi_value_text(ci[0], metric)}–{kpi_value_text(ci[1], metric)}]"
            cells.append(shown)
        notes = []
        for name, diff in entry["vs_first"].items():
            if diff:
                # Shares differ in percentage points, times in seconds; p in the reader's words, not 1.59e-191.
                rate = entry.get("kind") == "rate"
                scale = 100 if rate else 1
                low, high = (signed(bound * scale) for bound in diff["ci"])
                difference = points(diff["difference"] * 100) if rate else signed(diff["difference"])
                notes.append(
                    f"{escape(name)}: {difference} [{low}; {high}], {pvalue(diff['p_value'])} "
                    f"{code_label('verdict', diff['verdict'])}"
                )
        table.add_row(tr(*KPI_LABELS.get(metric, (metric, metric))), *cells, "; ".join(notes))
    console.print(table)


# The reports on topics, surveys, advertising channels and sales are commands of this group in their own module,
# cli/calls_reports.py, which the command table loads (it imports this one).
importlib.import_module("callscout.cli.live").register(app)  # calls follow, calls live (live control)

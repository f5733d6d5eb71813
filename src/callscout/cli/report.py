"""``callscout report``: the result documents the store keeps, one per run of ``evaluate`` (or a cabinet build).

``report runs`` lists an evaluation's runs; ``report show`` writes the report files (HTML, XLSX, JSON, PDF on
request) of its latest run, or of an earlier one with ``--run``, from the stored document, and prints its ranking.
Nothing is re-computed: the report reads what that run found.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from callscout.cli.common import (
    OutputFormat,
    console,
    evaluation_option,
    format_option,
    parse_report_formats,
    print_json,
    report_formats_option,
)
from callscout.errors import DataError
from callscout.i18n import msg
from callscout.store import open_store

app = typer.Typer(no_args_is_help=True)


@app.command("runs")
def runs(
    evaluation: str | None = evaluation_option(),
    output: OutputFormat = format_option(),
) -> None:
    """Прогоны оценки с сохранённым результатом, последний первым. / An evaluation's runs, the latest first."""
    from callscout.present.formatting import moment
    from callscout.present.messages import label
    from callscout.store.ownership import resolve_evaluation

    store = open_store()
    try:
        evaluation_id, name = resolve_evaluation(store, evaluation, sync=False)
        found = store.result_runs(evaluation_id)
    finally:
        store.close()
    if output is OutputFormat.JSON:
        print_json(
            [
                {"run": run.id, "created_at": run.created_at.isoformat(), "winner": run.winner}
                | {"confidence": run.confidence, "options": run.options, "callscout_version": run.callscout_version}
                for run in found
            ]
        )
        return
    if not found:
        console.print(msg("cli.report.evaluation_has_no_runs_yet_callscout", name=escape(name)))
        return
    table = Table(title=msg("cli.report.runs", name=escape(name)))
    columns = (msg("cli.report.run"), msg("cli.qa.when_utc"), msg("cli.report.recommended"))
    for column in (*columns, msg("cli.report.confidence"), msg("cli.report.online")):
        table.add_column(column)
    for run in found:
        table.add_row(
            str(run.id),
            moment(run.created_at),
            escape(run.winner or "—"),
            label("confidence", run.confidence) if run.confidence else "—",
            msg("cli.audio.yes") if run.options.get("online") else msg("cli.audio.no"),
        )
    console.print(table)


@app.command("show")
def show(
    evaluation: str | None = evaluation_option(),
    run: Annotated[
        int | None,
        typer.Option(
            "--run", help="Номер прогона (callscout report runs); по умолчанию последний / the run (default: latest)"
        ),
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Папка для отчёта / report folder")] = Path("callscout-report"),
    formats: str | None = report_formats_option(),
    output: OutputFormat = format_option(),
) -> None:
    """Отчёт прогона из хранилища: файлы и рейтинг. / A run's report from the store: its files and ranking."""
    from callscout.cli.evaluate import print_outcome
    from callscout.report import write_reports
    from callscout.store.ownership import resolve_evaluation

    report_formats = parse_report_formats(formats)
    store = open_store()
    try:
        evaluation_id, name = resolve_evaluation(store, evaluation, sync=False)
        document = store.result_document(evaluation_id, run)
    finally:
        store.close()
    if document is None:
        if run is not None:
            raise DataError(msg("cli.report.evaluation_has_no_run_see_callscout", name=name, run=run))
        raise DataError(msg("cli.report.evaluation_has_no_runs_yet_callscout_2", name=name))
    files = write_reports(document, out, report_formats)
    scoring = document.get("scoring") or {}
    if output is OutputFormat.JSON:
        print_json(
            {
                "generated_at": document.get("generated_at"),
                "winner": scoring.get("winner"),
                "ranking": scoring.get("ranking"),
                "reports": {kind: str(path) for kind, path in files.items()},
            }
        )
        return
    print_outcome(scoring, files)

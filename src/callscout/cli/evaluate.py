"""``callscout evaluate FILE --out DIR``: the whole pipeline on the buyer's evaluation, and the report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from callscout import evalfile, pipeline
from callscout.cli.common import (
    OutputFormat,
    console,
    format_option,
    parse_report_formats,
    print_json,
    report_file_rows,
    report_formats_option,
)
from callscout.errors import EXIT_FINDINGS
from callscout.i18n import pick, tr
from callscout.store import open_store


def evaluate(
    file: Annotated[Path, typer.Argument(help="Файл оценки / evaluation file")],
    out: Annotated[Path, typer.Option("--out", help="Папка для отчёта / report folder")] = Path("callscout-report"),
    lang: Annotated[str | None, typer.Option("--lang", help="ru | en")] = None,
    formats: str | None = report_formats_option(),
    output: OutputFormat = format_option(),
) -> None:
    """Оценить всех вендоров и написать отчёт (HTML, PDF, XLSX, JSON). / Evaluate and write the report.

    PDF — по --formats html,json,xlsx,pdf (он втрое дольше остального). / The PDF with --formats …,pdf.

    Код выхода 1, если ни один вендор не прошёл обязательные требования. / Exit 1 when no vendor qualifies.
    """
    if lang is not None:
        from callscout.cli.main import main as global_options  # the same --lang as before the command

        global_options(lang=lang)
    report_formats = parse_report_formats(formats)
    evaluation = evalfile.load(file)
    store = open_store()
    try:
        with console.status(tr("оцениваю вендоров…", "evaluating the vendors…")) as status:

            def show_stage(name: str, done: int, total: int) -> None:
                stage = pick(*pipeline.STAGE_TITLES.get(name, (name, name)))
                status.update(
                    tr(
                        "оцениваю вендоров: {stage} ({done}/{total})…",
                        "evaluating the vendors: {stage} ({done}/{total})…",
                        stage=stage,
                        done=done + 1,
                        total=total,
                    )
                )

            result = pipeline.run(
                evaluation,
                store,
                out,
                source_path=str(file.resolve()),
                options={"report_formats": report_formats} if report_formats else None,
                on_stage=show_stage,
            )
    finally:
        store.close()
    scoring = result.document.get("scoring") or {}
    paths = {kind: str(path) for kind, path in result.files.items()}
    if output is OutputFormat.JSON:
        print_json(
            {
                "winner": scoring.get("winner"),
                "ranking": scoring.get("ranking"),
                "reports": paths,
                "confidence": (scoring.get("confidence") or {}).get("level"),
            }
        )
        if not scoring.get("winner"):
            raise typer.Exit(EXIT_FINDINGS)
        return
    print_outcome(scoring, result.files)
    if not scoring.get("winner"):
        raise typer.Exit(EXIT_FINDINGS)


def print_outcome(scoring: dict[str, Any], files: dict[str, Path]) -> None:
    """The ranking, the recommendation and the report files, as `evaluate` and `demo` show them."""
    table = Table(title=tr("Рейтинг", "Ranking"))
    for column in (tr("Место", "Rank"), tr("Вендор", "Vendor"), tr("Балл", "Score"), tr("P(1-е место)", "P(first)")):
        table.add_column(column)
    for vendor in scoring.get("vendors", []):
        rank = str(vendor["rank"]) if vendor["rank"] else tr("исключён", "disqualified")
        table.add_row(
            rank, escape(vendor["name"]), f"{vendor['total']:.1f}", f"{vendor['probability_first'] * 100:.0f}%"
        )
    console.print(table)
    if scoring.get("winner"):
        console.print(
            tr(
                "Рекомендуем: [bold]{name}[/bold] ({level})",
                "Recommended: [bold]{name}[/bold] ({level})",
                name=scoring["winner"],
                level=scoring["confidence"]["label"],
            ),
            markup=True,
        )
    else:
        console.print(tr("Ни один вендор не прошёл обязательные требования.", "No vendor passed the knock-out rules."))
    file_table = Table(title=tr("Файлы отчёта", "Report files"), show_header=False)
    for label, path in report_file_rows(files):
        file_table.add_row(label, escape(path))
    console.print(file_table)

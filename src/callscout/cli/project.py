"""Project-level commands: ``init``, ``validate``, ``schema``, ``demo`` (registered lazily by cli.main)."""

from __future__ import annotations

import sys
from importlib.resources import files
from pathlib import Path
from typing import Annotated

import typer

from callscout import evalfile
from callscout.cli.common import (
    OutputFormat,
    console,
    format_option,
    parse_report_formats,
    print_json,
    report_formats_option,
    success,
)
from callscout.errors import CallScoutError
from callscout.i18n import msg


def init(
    path: Annotated[Path, typer.Argument(help="Куда записать шаблон / where to write the template")] = Path(
        "callscout.yaml"
    ),
    name: Annotated[str, typer.Option(help="Название оценки / evaluation name")] = "Выбор колл-центра",
    force: Annotated[bool, typer.Option("--force", help="Перезаписать / overwrite")] = False,
) -> None:
    """Создать файл оценки с комментариями. / Write a commented evaluation template."""
    from callscout.i18n import current_language

    if path.exists() and not force:
        raise CallScoutError(msg("cli.project.already_exists_add_force_to_overwrite", path=path))
    template = files("callscout").joinpath(f"templates/evaluation.{current_language()}.yaml").read_text("utf-8")
    text = template.replace("{path}", str(path)).replace("{name}", name.replace('"', "'"))
    path.write_text(text, encoding="utf-8")
    success(msg("cli.project.template_written_to_edit_it_then", path=path))


def validate(
    path: Annotated[Path, typer.Argument(help="Файл оценки / evaluation file")] = Path("callscout.yaml"),
    output: OutputFormat = format_option(),
) -> None:
    """Проверить файл оценки и показать все ошибки с их местом. / Check an evaluation file."""
    try:
        evaluation = evalfile.load(path)
    except CallScoutError as error:
        if output is OutputFormat.JSON:
            print_json({"file": str(path), "valid": False, "problems": error.lines() or [error.headline()]})
            raise typer.Exit(error.exit_code) from None
        raise
    if output is OutputFormat.JSON:
        print_json({"file": str(path), "valid": True, "problems": [], "vendors": len(evaluation.vendors)})
        return
    success(msg("cli.project.valid_vendor_s", path=path, count=len(evaluation.vendors)))


def schema(
    out: Annotated[Path | None, typer.Option(help="Файл для схемы / write the schema to this file")] = None,
) -> None:
    """JSON Schema формата файла оценки. / JSON Schema of the evaluation file format."""
    text = evalfile.json_schema_text()
    if out is None:
        sys.stdout.write(text + "\n")
        return
    out.write_text(text + "\n", encoding="utf-8")
    success(msg("cli.project.schema_written_to", path=out))


def demo(
    out: Annotated[Path, typer.Option("--out", help="Папка для отчёта / report folder")] = Path("callscout-demo"),
    formats: str | None = report_formats_option(),
    output: OutputFormat = format_option(),
) -> None:
    """Весь конвейер на демо-данных, без сети. / The whole pipeline on bundled demo data, offline."""
    from callscout.demo import run_demo

    report_formats = parse_report_formats(formats)
    with console.status(msg("cli.project.demo_working")):
        result = run_demo(out, report_formats)
    if output is OutputFormat.JSON:
        print_json(
            {
                "report_html": str(result.html_path),
                "report_json": str(result.json_path),
                "files": {kind: str(path) for kind, path in result.files.items()},
                "vendors": result.vendor_count,
                "winner": (result.document.get("scoring") or {}).get("winner"),
            }
        )
        return
    from callscout.cli.evaluate import print_outcome

    # The demo answers the same question as `evaluate`: who wins and why, then where the report lies.
    print_outcome(result.document.get("scoring") or {}, result.files)

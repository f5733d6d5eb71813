"""``callscout``: the console entry point. Commands parse arguments, call the core, print results."""

from __future__ import annotations

import importlib
import sys
from importlib.resources import files
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from callscout import __version__, evalfile
from callscout.cli.common import (
    OutputFormat,
    console,
    error_console,
    format_option,
    print_json,
    report_file_rows,
    success,
)
from callscout.errors import EXIT_FINDINGS, EXIT_USAGE, CallScoutError
from callscout.i18n import set_language, tr

app = typer.Typer(
    name="callscout",
    help="CallScout: выбор и контроль аутсорсингового колл-центра на фактах. "
    "Choose and audit an outsourced call center with evidence.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

# Sub-command groups live in their own modules; each exposes ``app``. One line here per group.
SUBCOMMANDS: list[tuple[str, str, str]] = [
    ("vendor", "callscout.cli.vendor", "Вендоры оценки / vendors of the evaluation"),
    ("user", "callscout.cli.user", "Пользователи веб-кабинета / web cabinet users"),
    ("staffing", "callscout.cli.staffing", "Штат по Эрлангу и графики / Erlang staffing and schedules"),
    ("offers", "callscout.cli.offers", "Стоимость предложений / what the offers cost"),
    ("calls", "callscout.cli.calls", "Журналы звонков и показатели / call logs and KPIs"),
    ("evaluate", "callscout.cli.evaluate", "Оценка и отчёт / evaluate the vendors, write the report"),
    ("rfp", "callscout.cli.rfp", "Запрос предложения и анкета / request for proposal and questionnaire"),
    ("legal", "callscout.cli.legal", "Юрлицо и возраст домена / legal entity and domain age"),
    ("audio", "callscout.cli.audio", "Записи разговоров / call recordings"),
    ("qa", "callscout.cli.qa", "Контроль качества / quality control"),
    ("ingest", "callscout.cli.ingest", "Приём событий АТС / PBX event ingestion"),
]


def _version_callback(value: bool) -> None:
    if value:
        console.print(f"callscout {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    lang: Annotated[
        str | None, typer.Option("--lang", help="ru | en (по умолчанию из LANG / default from LANG)")
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version_callback, is_eager=True, help="Версия / version")
    ] = False,
) -> None:
    if lang is not None:
        try:
            set_language(lang)
        except ValueError:
            error_console.print(
                tr("неизвестный язык {lang}; доступны ru, en", "unknown language {lang}; use ru or en", lang=lang)
            )
            raise typer.Exit(EXIT_USAGE) from None


@app.command()
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
        raise CallScoutError(
            tr(
                "{path} уже существует; добавьте --force, чтобы перезаписать",
                "{path} already exists; add --force to overwrite",
                path=path,
            )
        )
    template = files("callscout").joinpath(f"templates/evaluation.{current_language()}.yaml").read_text("utf-8")
    text = template.replace("{path}", str(path)).replace("{name}", name.replace('"', "'"))
    path.write_text(text, encoding="utf-8")
    success(
        tr(
            "шаблон записан в {path}. Отредактируйте его и проверьте: callscout validate {path}",
            "template written to {path}. Edit it, then check: callscout validate {path}",
            path=path,
        )
    )


@app.command()
def validate(
    path: Annotated[Path, typer.Argument(help="Файл оценки / evaluation file")] = Path("callscout.yaml"),
    output: OutputFormat = format_option(),
) -> None:
    """Проверить файл оценки и показать все ошибки с их местом. / Check an evaluation file."""
    try:
        evaluation = evalfile.load(path)
    except CallScoutError as error:
        if output is OutputFormat.JSON:
            print_json({"file": str(path), "valid": False, "problems": error.details or [error.message]})
            raise typer.Exit(error.exit_code) from None
        raise
    if output is OutputFormat.JSON:
        print_json({"file": str(path), "valid": True, "problems": [], "vendors": len(evaluation.vendors)})
        return
    success(
        tr(
            "{path}: ошибок нет, вендоров: {count}",
            "{path}: valid, {count} vendor(s)",
            path=path,
            count=len(evaluation.vendors),
        )
    )


@app.command()
def schema(
    out: Annotated[Path | None, typer.Option(help="Файл для схемы / write the schema to this file")] = None,
) -> None:
    """JSON Schema формата файла оценки. / JSON Schema of the evaluation file format."""
    text = evalfile.json_schema_text()
    if out is None:
        sys.stdout.write(text + "\n")
        return
    out.write_text(text + "\n", encoding="utf-8")
    success(tr("схема записана в {path}", "schema written to {path}", path=out))


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", help="Папка для отчёта / report folder")] = Path("callscout-demo"),
    output: OutputFormat = format_option(),
) -> None:
    """Весь конвейер на демо-данных, без сети. / The whole pipeline on bundled demo data, offline."""
    from callscout.demo import run_demo

    with console.status(tr("демо: считаю…", "demo: working…")):
        result = run_demo(out)
    if output is OutputFormat.JSON:
        print_json(
            {
                "report_html": str(result.html_path),
                "report_json": str(result.json_path),
                "files": {kind: str(path) for kind, path in result.files.items()},
                "vendors": result.vendor_count,
            }
        )
        return
    table = Table(title=tr("Демо CallScout", "CallScout demo"), show_header=False)
    table.add_row(tr("Вендоров", "Vendors"), str(result.vendor_count))
    for label, path in report_file_rows(result.files):
        table.add_row(label, escape(path))
    console.print(table)


def _register_serve() -> None:
    from callscout.cli.serve import serve

    app.command()(serve)


_register_serve()


def _register_subcommands() -> None:
    for name, module_name, help_text in SUBCOMMANDS:
        module = importlib.import_module(module_name)
        app.add_typer(module.app, name=name, help=help_text)


_register_subcommands()
app.command("audit")(importlib.import_module("callscout.cli.audit").audit)  # one command, not a group
app.command("digest")(importlib.import_module("callscout.cli.digest").digest)  # the morning digest


def run() -> None:
    """Console entry point: user-facing errors become a message and the contract's exit code."""
    try:
        exit_code = app(standalone_mode=False)
    except CallScoutError as error:
        error_console.print(f"[red]✗[/red] {escape(str(error))}", soft_wrap=True)
        sys.exit(error.exit_code)
    except typer.Exit as exit_:
        sys.exit(exit_.exit_code)
    except typer.Abort:
        error_console.print(tr("прервано", "aborted"))
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        error_console.print(tr("прервано", "interrupted"))
        sys.exit(130)
    except typer.TyperException as error:
        # Typer's own usage errors (missing option, unknown command) carry click's show()/exit_code.
        show = getattr(error, "show", None)
        if show is None:
            raise
        show()
        sys.exit(getattr(error, "exit_code", EXIT_USAGE))
    sys.exit(exit_code if isinstance(exit_code, int) else 0)


__all__ = ["EXIT_FINDINGS", "app", "run"]

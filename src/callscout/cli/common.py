"""What every command shares: the console, output formats, the evaluation file option, errors."""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from callscout.i18n import msg, tr

console = Console(highlight=False)
error_console = Console(stderr=True, highlight=False)

DEFAULT_FILE = "callscout.yaml"


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


def format_option() -> Any:
    """How a command prints its result: ``--output table|json`` everywhere (``--format`` names an input
    format, as in ``calls import --format asterisk_cdr``)."""
    return typer.Option(OutputFormat.TABLE, "--output", "-o", help="Вывод / output: table | json")


def evaluation_option() -> Any:
    """``--evaluation``: whose data a command reads or writes (resolved by ``store.ownership``)."""
    return typer.Option(
        None,
        "--evaluation",
        help="Оценка: номер или название (по умолчанию — из callscout.yaml в папке или единственная) / "
        "evaluation id or name (default: callscout.yaml in the folder, or the only one)",
    )


def report_formats_option() -> Any:
    return typer.Option(
        None,
        "--formats",
        help="html,json,xlsx,pdf: какие файлы отчёта писать (по умолчанию без PDF) / report files to write "
        "(default: all but the PDF)",
        show_default=False,
    )


def parse_report_formats(text: str | None) -> list[str] | None:
    """``--formats html,pdf`` as a list (None: the default set); an unknown name is a usage error."""
    if text is None:
        return None
    from callscout.errors import UsageError
    from callscout.report.render import REPORT_FORMATS

    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in REPORT_FORMATS]
    if unknown or not names:
        raise UsageError(
            msg(
                "cli.common.formats_unknown_format_use",
                names=", ".join(unknown) or "—",
                known=", ".join(REPORT_FORMATS),
            )
        )
    return names


def evaluation_file_option() -> Any:
    return typer.Option(
        Path(os.environ.get("CALLSCOUT_FILE", DEFAULT_FILE)),
        "--file",
        "-f",
        help="Evaluation file (YAML) / файл оценки",
    )


def print_json(data: Any) -> None:
    """JSON goes to stdout unstyled so that scripts can parse it."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
    sys.stdout.flush()


def report_file_rows(files: dict[str, Path]) -> list[tuple[str, str]]:
    """(label, path) for every report file written, in the user's language, in the order written."""
    from callscout.report.render import REPORT_FILE_LABELS

    return [(tr(*REPORT_FILE_LABELS.get(kind, (kind, kind))), str(path)) for kind, path in files.items()]


def success(message: str) -> None:
    console.print(f"[green]✓[/green] {message}")


def warn(message: str) -> None:
    error_console.print(f"[yellow]![/yellow] {message}")


def yes_no(value: bool | None) -> str:
    if value is None:
        return msg("cli.common.unknown")
    return msg("cli.common.yes") if value else msg("cli.common.no")


def default_command_group(default: str) -> type[TyperGroup]:
    """A command group where ``group ARG`` means ``group <default> ARG``: the common case needs no extra word."""

    class DefaultCommandGroup(TyperGroup):
        def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # Typer's vendored click Context
            if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
                args = [default, *args]
            return super().parse_args(ctx, args)

    return DefaultCommandGroup

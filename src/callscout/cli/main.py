"""``callscout``: the console entry point. Commands parse arguments, call the core, print results.

Start-up is what a user feels on every command, so this module imports only Typer and the tiny i18n/errors
modules: every sub-command lives in its own module and is imported on first use (``LAZY_COMMANDS``).
``callscout --version`` and ``--help`` import no command module at all; ``callscout staffing erlang`` imports
the staffing module and nothing of the pipeline, the store or the web app.
"""

from __future__ import annotations

import importlib
import sys
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from callscout import __version__
from callscout.errors import EXIT_FINDINGS, EXIT_USAGE, CallScoutError
from callscout.i18n import msg, set_language

# Typer 0.2x vendors its own click (typer._click), so the classes here are Typer's: TyperCommand and TyperGroup
# for commands, typer.Context for contexts; plain click classes would not mix with them.
Command = TyperCommand | TyperGroup

# Every command of `callscout`, resolved on first use: name -> ("module:attribute", one-line help).
# The attribute is a Typer app (a command group: `callscout calls import …`) or a plain function (a single
# command: `callscout audit …`). The help line is shown by `callscout --help` without importing the module,
# so keep it in step with the group's purpose. To add a command: one line here, nothing else (order = order
# in --help). tests/test_cli_startup.py checks that every entry resolves and that start-up stays lean.
# Why a table and not a walk of the package through callscout.registry, as the checks, formats, sheets, adapters
# and cabinet areas are found: a walk learns a part's name and help only by importing its module (or parsing
# it), and `callscout --help` must list every command without either (importing the command modules pulls in
# pydantic, SQLAlchemy and the rest; parsing the 23 modules of cli/ alone took 0.13 s on the shared machine,
# about Typer's whole import).
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "init": (
        "callscout.cli.project:init",
        "Создать файл оценки с комментариями. / Write a commented evaluation template.",
    ),
    "validate": (
        "callscout.cli.project:validate",
        "Проверить файл оценки и показать все ошибки с их местом. / Check an evaluation file.",
    ),
    "schema": (
        "callscout.cli.project:schema",
        "JSON Schema формата файла оценки. / JSON Schema of the evaluation file format.",
    ),
    "demo": (
        "callscout.cli.project:demo",
        "Весь конвейер на демо-данных, без сети. / The whole pipeline on bundled demo data, offline.",
    ),
    "serve": ("callscout.cli.serve:serve", "Запустить веб-кабинет. / Start the web cabinet."),
    "audit": ("callscout.cli.audit:audit", "Аудит сайтов колл-центров. / Audit call centers' websites."),
    "vendor": ("callscout.cli.vendor:app", "Вендоры оценки / vendors of the evaluation"),
    "user": ("callscout.cli.user:app", "Пользователи веб-кабинета / web cabinet users"),
    "staffing": ("callscout.cli.staffing:app", "Штат по Эрлангу и графики / Erlang staffing and schedules"),
    "offers": ("callscout.cli.offers:app", "Стоимость предложений / what the offers cost"),
    # calls_reports adds topics/survey/channels/sales to the group of cli/calls.py (which never imports it back).
    "calls": ("callscout.cli.calls_reports:app", "Журналы звонков и показатели / call logs and KPIs"),
    "evaluate": (
        "callscout.cli.evaluate:evaluate",
        "Оценить всех вендоров и написать отчёт (HTML, PDF, XLSX, JSON). / Evaluate and write the report.",
    ),
    "report": (
        "callscout.cli.report:app",
        "Отчёты прогонов из хранилища: список, любой прогон / the stored runs' reports: list, open any run",
    ),
    "rfp": ("callscout.cli.rfp:app", "Запрос предложения и анкета / request for proposal and questionnaire"),
    "legal": ("callscout.cli.legal:app", "Юрлицо и возраст домена / legal entity and domain age"),
    "audio": ("callscout.cli.audio:app", "Записи разговоров / call recordings"),
    "qa": ("callscout.cli.qa:app", "Контроль качества / quality control"),
    "jobs": (
        "callscout.cli.jobs:app",
        "Задачи кабинета: список, отмена, повтор / the cabinet's jobs: list, cancel, re-run",
    ),
    "worker": (
        "callscout.cli.worker:worker",
        "Обработчик задач из очереди брокера (CALLSCOUT_BROKER_URL). / A job worker fed by the broker.",
    ),
    "ingest": ("callscout.cli.ingest:app", "Приём событий АТС / PBX event ingestion"),
    "digest": (
        "callscout.cli.digest:digest",
        "Сводка за день: показатели, нарушения SLA, худшие интервалы. / The day's digest.",
    ),
}

_resolved: dict[str, Command] = {}
_python_show_warning: Any = None


def resolve_lazy_command(name: str) -> Command:
    """Import the module behind ``name`` and turn its Typer app or function into a click command (once)."""
    if name not in _resolved:
        target, help_text = LAZY_COMMANDS[name]
        module_name, attribute = target.split(":")
        value = getattr(importlib.import_module(module_name), attribute)
        if isinstance(value, typer.Typer):
            command: Command = typer.main.get_group(value)
            command.help = command.help or help_text
        else:
            from typer.models import CommandInfo

            command = typer.main.get_command_from_info(
                CommandInfo(name=name, callback=value), pretty_exceptions_short=True, rich_markup_mode="rich"
            )
        command.name = name
        _resolved[name] = command
    return _resolved[name]


class LazyCommandGroup(TyperGroup):
    """A Typer group whose commands come from ``LAZY_COMMANDS``: imported when invoked, not when listed."""

    _listing_help = False

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *(name for name in LAZY_COMMANDS if name not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None or cmd_name not in LAZY_COMMANDS:
            return command
        if self._listing_help and cmd_name not in _resolved:
            # --help lists every command: a stand-in with the table's help line spares importing them all.
            return TyperCommand(name=cmd_name, help=LAZY_COMMANDS[cmd_name][1])
        return resolve_lazy_command(cmd_name)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing_help = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing_help = False

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        # Typer suggests only among loaded commands; suggest among all, without loading any.
        if args and not args[0].startswith("-") and args[0] not in self.list_commands(ctx):
            from difflib import get_close_matches

            matches = get_close_matches(args[0], self.list_commands(ctx))
            if matches:
                ctx.fail(f"No such command {args[0]!r}. Did you mean {', '.join(map(repr, matches))}?")
        return super().resolve_command(ctx, args)


app = typer.Typer(
    name="callscout",
    cls=LazyCommandGroup,
    help="CallScout: выбор и контроль аутсорсингового колл-центра на фактах. "
    "Choose and audit an outsourced call center with evidence.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"callscout {__version__}\n")
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
            _error_console().print(msg("cli.main.unknown_language_use_ru_or_en", lang=lang))
            raise typer.Exit(EXIT_USAGE) from None


def _error_console() -> Any:
    from callscout.cli.common import error_console

    return error_console


def _show_warning(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
    """CallScout's own warnings (a percent read as a share, say) are for the user: one plain line, no
    source file and line of Python; other libraries' warnings keep Python's format."""
    if category.__module__.startswith("callscout."):
        from rich.markup import escape

        _error_console().print(f"[yellow]![/yellow] {escape(str(message))}", soft_wrap=True)
    else:
        _python_show_warning(message, category, *args, **kwargs)


def run() -> None:
    """Console entry point: user-facing errors become a message and the contract's exit code."""
    import os
    import warnings

    # pydantic looks for plugins by scanning every installed distribution's entry points when the first model
    # class is built: 0.04 s of each command that loads a model, for plugins CallScout does not use. Set the
    # variable (to anything else) to have them loaded.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    global _python_show_warning
    _python_show_warning = warnings.showwarning
    warnings.showwarning = _show_warning
    try:
        exit_code = app(standalone_mode=False)
    except CallScoutError as error:
        from rich.markup import escape

        # In the reader's language (--lang, CALLSCOUT_LANG, LANG), whatever language it was raised in.
        _error_console().print(f"[red]✗[/red] {escape(error.text())}", soft_wrap=True)
        sys.exit(error.exit_code)
    except typer.Exit as exit_:
        sys.exit(exit_.exit_code)
    except typer.Abort:
        _error_console().print(msg("cli.main.aborted"))
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        _error_console().print(msg("cli.main.interrupted"))
        sys.exit(130)
    except typer.TyperException as error:
        # Typer's own usage errors (missing option, unknown command) carry click's show()/exit_code.
        show = getattr(error, "show", None)
        if show is None:
            raise
        show()
        sys.exit(getattr(error, "exit_code", EXIT_USAGE))
    sys.exit(exit_code if isinstance(exit_code, int) else 0)


def program() -> NoReturn:
    """The ``callscout`` program (``run`` is the same command for callers that stay, such as tests).

    It leaves as the interpreter would, less the teardown: threads are joined, exit handlers run (temporary
    folders, logging, the store's engines) and the output is flushed, then the process ends without freeing
    module by module what the operating system takes back whole. After an ``evaluate`` that teardown cost a
    third of a CPU-second; nothing of CallScout waits for it (files are written and closed before the
    commands return). An error that escapes ``run`` ends the process the ordinary way, with its traceback."""
    import atexit
    import contextlib
    import os
    import threading

    try:
        run()
        code = 0
    except SystemExit as exit_:
        if exit_.code is None or isinstance(exit_.code, int):
            code = exit_.code or 0
        else:  # sys.exit("text"), as Python prints it
            print(exit_.code, file=sys.stderr)
            code = 1
    threading._shutdown()  # type: ignore[attr-defined] # what the interpreter's exit does first (thread pools too)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`callscout … | head`)
            stream.flush()
    os._exit(code)


__all__ = ["EXIT_FINDINGS", "LAZY_COMMANDS", "app", "program", "run"]

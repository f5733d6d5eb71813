"""``callscout digest``: the morning digest of an evaluation's vendors (yesterday by default)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

import typer

from callscout.cli.common import OutputFormat, console, error_console, format_option, print_json
from callscout.cli.live import EvaluationOption
from callscout.errors import UsageError
from callscout.i18n import msg


def digest(
    evaluation: EvaluationOption = None,
    day: Annotated[
        str | None, typer.Option("--date", help="День ГГГГ-ММ-ДД (по умолчанию вчера) / day, default yesterday")
    ] = None,
    send: Annotated[bool, typer.Option("--send", help="Отправить по alerts.notify / send to alerts.notify")] = False,
    output: OutputFormat = format_option(),
) -> None:
    """Сводка за день: показатели, нарушения SLA, худшие интервалы. / The day's digest."""
    from callscout.calls.storage import CallStore
    from callscout.cli.live import open_evaluation
    from callscout.live import digest as core
    from callscout.live.alerts import apprise_send

    try:
        chosen = date.fromisoformat(day) if day else date.today() - timedelta(days=1)
    except ValueError:
        raise UsageError(msg("cli.digest.date_use_yyyy_mm_dd", value=day)) from None
    store, evaluation_id, document = open_evaluation(evaluation)
    try:
        result = core.build(CallStore(store), evaluation_id, chosen)
    finally:
        store.close()
    title, text = core.message(result)
    if send:
        urls = tuple(document.alerts.notify) if document.alerts else ()
        delivered = apprise_send(urls, title, text)
        if not delivered.get("sent"):
            error_console.print(msg("cli.digest.digest_not_sent", reason=delivered.get("reason")))
    if output == OutputFormat.JSON:
        print_json(result)
        return
    console.print(f"[bold]{title}[/bold]")
    console.print(text, markup=False)

"""``callscout digest``: the morning digest of an evaluation's vendors (yesterday by default)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

import typer

from callscout.cli.common import OutputFormat, console, error_console, format_option, print_json
from callscout.errors import UsageError
from callscout.i18n import tr


def digest(
    evaluation: Annotated[str, typer.Option("--evaluation", help="Оценка (название или файл) / evaluation")],
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
        raise UsageError(
            tr("--date {value!r}: нужен формат ГГГГ-ММ-ДД", "--date {value!r}: use YYYY-MM-DD", value=day)
        ) from None
    store, document = open_evaluation(evaluation)
    try:
        result = core.build(CallStore(store), document, chosen)
    finally:
        store.close()
    title, text = core.message(result)
    if send:
        urls = tuple(document.alerts.notify) if document.alerts else ()
        delivered = apprise_send(urls, title, text)
        if not delivered.get("sent"):
            error_console.print(
                tr("сводка не отправлена: {reason}", "digest not sent: {reason}", reason=delivered.get("reason"))
            )
    if output == OutputFormat.JSON:
        print_json(result)
        return
    console.print(f"[bold]{title}[/bold]")
    console.print(text, markup=False)

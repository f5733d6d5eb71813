"""``callscout calls follow`` and ``callscout calls live``: a PBX's queue_log or Manager Interface followed
into the store as it grows, and the live figures of a vendor. Registered on the ``calls`` group."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from callscout.cli.common import OutputFormat, console, error_console, format_option, print_json
from callscout.errors import UsageError
from callscout.i18n import tr

if TYPE_CHECKING:
    from callscout.live.ingest import VendorRef
    from callscout.model import Evaluation
    from callscout.store import Store

EvaluationOption = Annotated[str, typer.Option("--evaluation", help="Оценка (название или файл) / evaluation")]
VendorOption = Annotated[str, typer.Option("--vendor", help="Вендор / vendor")]


def open_evaluation(evaluation: str) -> tuple[Store, Evaluation]:
    """The store and the evaluation, by its name in the store or its file (then loaded into the store)."""
    from callscout import evalfile
    from callscout.store import open_store

    store = open_store()
    path = Path(evaluation)
    if path.suffix.lower() in (".yaml", ".yml") and path.is_file():
        document = evalfile.load(path)
        store.save_evaluation(document, str(path.resolve()))
        return store, document
    document = store.load_evaluation(evaluation)
    if document is None:
        store.close()
        raise UsageError(
            tr(
                "оценка {name!r} не найдена в базе; загрузите её: callscout evaluate ФАЙЛ",
                "evaluation {name!r} is not in the store; load it: callscout evaluate FILE",
                name=evaluation,
            )
        )
    return store, document


def open_vendor(evaluation: str, vendor: str) -> tuple[Store, VendorRef, Evaluation]:
    """The store, the vendor (by id from here on) and its evaluation."""
    from callscout.live.ingest import resolve_vendor

    store, document = open_evaluation(evaluation)
    try:
        return store, resolve_vendor(store, document.name, vendor), document
    except BaseException:
        store.close()
        raise


def follow(
    source: Annotated[str, typer.Argument(help="queue_log или ami://USER:PASS@HOST:5038 / file or AMI URL")],
    evaluation: EvaluationOption,
    vendor: VendorOption,
    format_name: Annotated[
        str, typer.Option("--format", help="asterisk_queue_log (файл) / for a file")
    ] = "asterisk_queue_log",
    interval: Annotated[float, typer.Option("--interval", help="Пауза опроса, с / poll pause, s")] = 0.5,
    once: Annotated[bool, typer.Option("--once", help="Прочитать новое и выйти / read what is new, exit")] = False,
    window: Annotated[
        float, typer.Option("--window", help="Окно опоздавших событий, с / late-event window, s")
    ] = 120.0,
) -> None:
    """Следить за журналом АТС и принимать события по мере записи. / Follow a PBX log as it grows."""
    from callscout.calls.storage import CallStore
    from callscout.live.ingest import LiveStore

    store, ref, _document = open_vendor(evaluation, vendor)
    live = LiveStore(store)
    try:
        if source.startswith("ami://"):
            from callscout.live.ami import follow_ami

            follow_ami(live, ref, source, stop_after=5.0 if once else None)
            return
        if format_name != "asterisk_queue_log":
            raise UsageError(
                tr(
                    "следить можно за форматом asterisk_queue_log, а не {name}",
                    "only asterisk_queue_log can be followed, not {name}",
                    name=format_name,
                )
            )
        from callscout.live.follow import QueueLogFollower

        follower = QueueLogFollower(live, ref.id, Path(source))
        calls = CallStore(store)
        last_move = 0.0
        while True:
            read = follower.poll()
            if once or time.monotonic() - last_move > 30:
                live.move_finished(ref, calls, window_s=window)
                last_move = time.monotonic()
            if once:
                break
            if not read:
                time.sleep(interval)
        error_console.print(
            tr(
                "прочитано строк: {lines}, принято событий: {accepted}, повторов: {duplicates}",
                "lines read: {lines}, events accepted: {accepted}, duplicates: {duplicates}",
                lines=follower.stats.lines,
                accepted=follower.stats.accepted,
                duplicates=follower.stats.duplicates,
            )
        )
    except KeyboardInterrupt:
        pass
    finally:
        store.close()


LIVE_LABELS = {
    "waiting_now": ("Ждут ответа сейчас", "Waiting now"),
    "longest_wait_s": ("Самое долгое ожидание, с", "Longest wait, s"),
    "agents_logged_in": ("Операторов на линии", "Agents logged in"),
    "agents_talking": ("Из них разговаривают", "Of them talking"),
    "today.offered": ("Сегодня поступило", "Offered today"),
    "today.answered": ("Принято", "Answered"),
    "today.abandoned": ("Потеряно", "Abandoned"),
    "today.short_abandoned": ("Короткие сбросы", "Short abandons"),
    "today.service_level": ("Уровень сервиса сегодня", "Service level today"),
    "today.asa_s": ("ASA, с", "ASA, s"),
    "last_30min_service_level": ("Уровень сервиса за 30 минут", "Service level, last 30 min"),
    "no_calls_min": ("Минут без звонков", "Minutes without calls"),
}


def live_figures(
    evaluation: EvaluationOption,
    vendor: VendorOption,
    output: OutputFormat = format_option(),
) -> None:
    """Что на линии сейчас: очередь, операторы, сегодняшние показатели. / The line right now."""
    from callscout.live.hub import LiveHub, board_settings
    from callscout.live.ingest import LiveStore

    store, ref, document = open_vendor(evaluation, vendor)
    try:
        figures = LiveHub(LiveStore(store)).figures(ref.id, board_settings(document, ref.name))
    finally:
        store.close()
    if output == OutputFormat.JSON:
        print_json(figures)
        return
    from callscout.i18n import format_number, format_percent

    table = Table(title=tr("{vendor}: сейчас", "{vendor}: now", vendor=ref.name), show_header=False)
    for key, label in LIVE_LABELS.items():
        value = figures
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None:
            text = "—"
        elif "service_level" in key:
            text = format_percent(value, 1)
        else:
            text = format_number(value, 1, trim=True)
        table.add_row(tr(*label), text)
    console.print(table)


def register(calls_app: typer.Typer) -> None:
    calls_app.command("follow")(follow)
    calls_app.command("live")(live_figures)

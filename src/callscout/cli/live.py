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
from callscout.i18n import msg, tr

if TYPE_CHECKING:
    from callscout.model import Evaluation
    from callscout.store import Store
    from callscout.store.ownership import VendorRef

EvaluationOption = Annotated[
    str | None,
    typer.Option(
        "--evaluation",
        help="Оценка: номер, название или файл (по умолчанию — из callscout.yaml в папке или единственная) / "
        "evaluation id, name or file (default: callscout.yaml in the folder, or the only one)",
    ),
]
VendorOption = Annotated[str, typer.Option("--vendor", help="Вендор / vendor")]


def open_evaluation(spec: str | None) -> tuple[Store, int, Evaluation]:
    """The store, the evaluation's id and its document: ``spec`` is an evaluation file (loaded into the
    store), else resolved as every ``calls`` command resolves ``--evaluation`` (id or name, else
    callscout.yaml in the folder, else the only one)."""
    from callscout import evalfile
    from callscout.store import open_store
    from callscout.store.ownership import NotFound, resolve_evaluation

    store = open_store()
    try:
        path = Path(spec) if spec else None
        if path is not None and path.suffix.lower() in (".yaml", ".yml") and path.is_file():
            document = evalfile.load(path)
            evaluation_id = store.save_evaluation(document, str(path.resolve()))
        else:
            evaluation_id, name = resolve_evaluation(store, spec)
            document = store.evaluation_by_id(evaluation_id)
            if document is None:
                raise NotFound(msg("cli.live.evaluation_not_found", name=name))
        return store, evaluation_id, document
    except BaseException:
        store.close()
        raise


def open_vendor(spec: str | None, vendor: str) -> tuple[Store, VendorRef, Evaluation]:
    """The store, the vendor of that evaluation (by id from here on) and the evaluation's document."""
    from callscout.store.ownership import vendor_ref

    store, evaluation_id, document = open_evaluation(spec)
    try:
        return store, vendor_ref(store, evaluation_id, vendor), document
    except BaseException:
        store.close()
        raise


def follow(
    source: Annotated[str, typer.Argument(help="queue_log или ami://USER:PASS@HOST:5038 / file or AMI URL")],
    vendor: VendorOption,
    evaluation: EvaluationOption = None,
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
            raise UsageError(msg("cli.live.only_asterisk_queue_log_can_be", name=format_name))
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
            msg(
                "cli.live.lines_read_events_accepted_duplicates",
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
    vendor: VendorOption,
    evaluation: EvaluationOption = None,
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

    table = Table(title=msg("cli.live.now", vendor=ref.name), show_header=False)
    for key, label in LIVE_LABELS.items():
        value = figures
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None:
            from callscout.calls.kpi import unknown_text

            # «нет данных» with why where the board says why; "—" only for moments not reached yet.
            reason = (figures.get("unknown") or {}).get(key)
            text = unknown_text(None, reason) if reason else "—"
        elif "service_level" in key:
            text = format_percent(value, 1)
        else:
            text = format_number(value, 1, trim=True)
        table.add_row(tr(*label), text)
    console.print(table)


def register(calls_app: typer.Typer) -> None:
    calls_app.command("follow")(follow)
    calls_app.command("live")(live_figures)

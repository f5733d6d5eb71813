"""``callscout ingest``: the per-vendor token a PBX webhook or a script sends events with."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from callscout.cli.common import error_console
from callscout.i18n import tr

app = typer.Typer(no_args_is_help=True)


@app.command("token")
def token(
    evaluation: Annotated[str, typer.Option("--evaluation", help="Оценка (название или файл) / evaluation")],
    vendor: Annotated[str, typer.Option("--vendor", help="Вендор / vendor")],
) -> None:
    """Выдать новый токен приёма событий (старый перестаёт действовать). / Issue a new ingest token."""
    from callscout.cli.live import open_vendor
    from callscout.live.ingest import LiveStore

    store, ref, _evaluation = open_vendor(evaluation, vendor)
    try:
        issued = LiveStore(store).issue_token(ref.id)
    finally:
        store.close()
    # The token alone on stdout (TOKEN=$(callscout ingest token ...)); the note goes to stderr.
    sys.stdout.write(issued + "\n")
    error_console.print(
        tr(
            "токен для {vendor} выдан; храните его как пароль: POST /api/v1/events, Authorization: Bearer ТОКЕН",
            "token for {vendor} issued; keep it like a password: POST /api/v1/events, Authorization: Bearer TOKEN",
            vendor=ref.name,
        )
    )

"""``callscout ingest``: the per-vendor token a PBX webhook or a script sends events with."""

from __future__ import annotations

import sys

import typer

from callscout.cli.common import error_console
from callscout.cli.live import EvaluationOption, VendorOption
from callscout.i18n import msg

app = typer.Typer(no_args_is_help=True)


@app.command("token")
def token(
    vendor: VendorOption,
    evaluation: EvaluationOption = None,
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
    error_console.print(msg("cli.ingest.token_for_issued_keep_it_like", vendor=ref.name))

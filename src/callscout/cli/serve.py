"""``callscout serve``: the web cabinet."""

from __future__ import annotations

from typing import Annotated

import typer

from callscout.cli.common import console
from callscout.i18n import tr


def serve(
    host: Annotated[str, typer.Option(help="Адрес / host")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Порт / port")] = 8000,
) -> None:
    """Запустить веб-кабинет. / Start the web cabinet."""
    import uvicorn

    from callscout.web import create_app

    console.print(
        tr(
            "Кабинет: http://{host}:{port}/  (Ctrl+C — остановить)",
            "Cabinet: http://{host}:{port}/  (Ctrl+C to stop)",
            host=host,
            port=port,
        )
    )
    uvicorn.run(create_app(), host=host, port=port, log_level="warning", proxy_headers=False)

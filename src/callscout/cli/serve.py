"""``callscout serve``: the web cabinet."""

from __future__ import annotations

from typing import Annotated

import typer

from callscout.cli.common import console
from callscout.i18n import msg


def serve(
    host: Annotated[str, typer.Option(help="Адрес / host")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Порт / port")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, help="Процессов сервера (по ядру на каждый) / server processes (one per core)")
    ] = 1,
    proxy_headers: Annotated[
        bool,
        typer.Option(
            "--proxy-headers",
            help="За HTTPS-прокси: доверять X-Forwarded-Proto/For (cookie получат Secure) / "
            "behind an HTTPS proxy: trust X-Forwarded-Proto/For (cookies get Secure)",
        ),
    ] = False,
    forwarded_allow_ips: Annotated[
        str,
        typer.Option(
            "--forwarded-allow-ips",
            help="Адреса прокси через запятую, чьим заголовкам верить / the proxies' addresses, comma-separated",
        ),
    ] = "127.0.0.1",
    live: Annotated[
        bool, typer.Option("--live/--no-live", help="Слежение, тревоги, сводки / followers, alerts, digests")
    ] = True,
) -> None:
    """Запустить веб-кабинет. / Start the web cabinet."""
    import uvicorn

    from callscout.store import Store
    from callscout.web import create_app

    console.print(msg("cli.serve.cabinet_http_ctrl_c_to_stop", host=host, port=port))
    # uvicorn picks httptools and uvloop (uvicorn[standard]) when they are installed.
    # Proxy headers stay off unless asked for: a client talking to us directly must not claim to be https
    # or to come from another address (that address is what login throttling counts).
    settings = {
        "host": host,
        "port": port,
        "log_level": "warning",
        "proxy_headers": proxy_headers,
        "forwarded_allow_ips": forwarded_allow_ips if proxy_headers else "",
    }
    # Live control runs once, in this process, whatever the number of workers: followers named in the
    # evaluation files, finished live calls into the call store, alerts, morning digests.
    live_service = None
    if live:
        from callscout.live.service import LiveService

        live_service = LiveService(Store())
        live_service.start()
    try:
        if workers == 1:
            uvicorn.run(create_app(), **settings)
            return
        # Every worker builds its own app on the same store: sessions, rights, the cached results' versions
        # and the audits' progress all live in the store. Migrations run here once, not in each worker at once.
        Store().close()
        uvicorn.run("callscout.web:create_app", factory=True, workers=workers, **settings)
    finally:
        if live_service is not None:
            live_service.stop()

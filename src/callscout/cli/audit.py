"""``callscout audit``: check vendors' websites the way a careful buyer would, with evidence."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from callscout.cli.common import OutputFormat, console, error_console, format_option, print_json
from callscout.errors import EXIT_FINDINGS, UsageError
from callscout.i18n import msg
from callscout.present.findings import finding_text

if TYPE_CHECKING:
    from callscout.web_audit.audit import SiteAudit
    from callscout.web_audit.crawler import CrawlOptions

_STATUS_STYLE = {"pass": "green", "warn": "yellow", "fail": "red", "unknown": "magenta"}
# The crawl finding of a start address our own rules refused (private/loopback network).
REFUSED_PRIVATE = "site_private_address"


def audit(
    urls: Annotated[
        list[str] | None, typer.Argument(help="Адреса сайтов / website addresses", show_default=False)
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="Файл оценки: все сайты вендоров / evaluation file")
    ] = None,
    from_dir: Annotated[
        Path | None,
        typer.Option("--from-dir", help="Сохранённая копия сайтов (папка на хост) / saved copy of sites, offline"),
    ] = None,
    allow_private_network: Annotated[
        bool,
        typer.Option(
            "--allow-private-network", help="Разрешить локальные/частные адреса / allow private and local addresses"
        ),
    ] = False,
    max_pages: Annotated[
        int, typer.Option("--max-pages", min=1, max=5000, help="Страниц на сайт / pages per site")
    ] = 60,
    ignore_robots: Annotated[
        bool, typer.Option("--ignore-robots", help="Не соблюдать robots.txt / ignore robots.txt")
    ] = False,
    resolve: Annotated[
        list[str] | None,
        typer.Option("--resolve", help="HOST=ADDRESS:PORT, как curl --resolve / like curl --resolve"),
    ] = None,
    allow_host: Annotated[
        list[str] | None, typer.Option("--allow-host", help="Разрешённый хост для перенаправлений / redirect target")
    ] = None,
    site_timeout: Annotated[float, typer.Option("--timeout", min=1, help="Секунд на сайт / seconds per site")] = 120.0,
    save: Annotated[bool, typer.Option("--save/--no-save", help="Сохранить прогон / keep the run in the store")] = True,
    output: OutputFormat = format_option(),
) -> None:
    """Аудит сайтов колл-центров. / Audit call centers' websites."""
    from callscout.web_audit import audit as core
    from callscout.web_audit.crawler import CrawlOptions
    from callscout.web_audit.net import parse_host_overrides
    from callscout.web_audit.sitefiles import saved_hosts

    targets = _targets(urls or [], file, from_dir, saved_hosts)
    try:
        overrides = parse_host_overrides(resolve or [])
    except ValueError as error:
        raise UsageError(msg("cli.audit.bad_resolve", error=error)) from None
    options = CrawlOptions(
        max_pages=max_pages,
        total_timeout=site_timeout,
        respect_robots=not ignore_robots,
        allow_private_network=allow_private_network,
        host_overrides=overrides,
        allowed_hosts=frozenset(host.lower() for host in allow_host or []),
        from_dir=from_dir,
    )
    for _vendor, url in targets:
        try:
            core.normalize_site_url(url)
        except ValueError as error:
            raise UsageError(str(error)) from None

    urls_only = [url for _, url in targets]
    if error_console.is_terminal:
        audits = _audit_with_progress(urls_only, options, max_pages)
    else:
        audits = core.audit_sites(urls_only, options)
    if save:
        _save(audits, targets, file)
    documents = [
        {**site.to_json(), "vendor": vendor} if vendor else site.to_json()
        for site, (vendor, _url) in zip(audits, targets, strict=True)
    ]
    if output is OutputFormat.JSON:
        print_json(documents)
    else:
        _print_tables(audits, [vendor for vendor, _ in targets])
    refused = [site.url for site in audits if any(f.code == REFUSED_PRIVATE for f in site.findings)]
    for url in refused:
        error_console.print(msg("cli.audit.private_network_address_was_not_audited", url=escape(url)))
    # A refused address was not audited at all: that is not a clean result, so the exit code says so.
    if refused or any(site.has_failures for site in audits):
        raise typer.Exit(EXIT_FINDINGS)


def _audit_with_progress(urls: list[str], options: CrawlOptions, max_pages: int) -> list[SiteAudit]:
    """The audit with a progress bar per site on the terminal (rich's progress loads only for one)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from callscout.web_audit import audit as core

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=error_console,
        transient=True,
    ) as progress:
        tasks = {core.normalize_site_url(url): progress.add_task(escape(url), total=max_pages) for url in urls}

        def on_page(site_url: str, _page: object, count: int) -> None:
            progress.update(tasks[site_url], completed=count)

        def on_done(site: SiteAudit) -> None:
            if site.url in tasks:
                progress.update(tasks[site.url], completed=max_pages)

        return core.audit_sites(urls, options, on_page=on_page, on_site_done=on_done)


def _targets(urls: list[str], file: Path | None, from_dir: Path | None, saved_hosts: object) -> list[tuple[str, str]]:
    targets: list[tuple[str, str]] = [("", url) for url in urls]
    if file is not None:
        from callscout import evalfile

        evaluation = evalfile.load(file)
        targets += [(vendor.name, vendor.website) for vendor in evaluation.vendors if vendor.website]
    if from_dir is not None:
        if not from_dir.is_dir():
            raise UsageError(msg("cli.audit.folder_not_found", path=from_dir))
        if not targets:
            targets = [("", f"http://{host}/") for host in saved_hosts(from_dir)]  # type: ignore[operator]
    if not targets:
        raise UsageError(msg("cli.audit.give_website_addresses_file_with_evaluation"))
    return targets


def _save(audits: list, targets: list[tuple[str, str]], file: Path | None) -> None:
    from callscout import evalfile
    from callscout.store import open_store
    from callscout.web_audit.audit import save_audit

    store = open_store()
    try:
        evaluation_id = None
        evaluation_name = None
        if file is not None:
            evaluation = evalfile.load(file)
            evaluation_id = store.save_evaluation(evaluation, str(file.resolve()))
            evaluation_name = evaluation.name
        for site, (vendor, _url) in zip(audits, targets, strict=True):
            vendor_id = store.vendor_id(evaluation_name, vendor) if evaluation_name and vendor else None
            save_audit(store, site, vendor_id=vendor_id, evaluation_id=evaluation_id)
    finally:
        store.close()


def _print_tables(audits: list, vendors: list[str]) -> None:
    from rich.table import Table

    summary = Table(title=msg("cli.audit.website_audit"))
    summary.add_column(msg("cli.audit.site"))
    summary.add_column(msg("cli.audit.result"))
    summary.add_column(msg("cli.audit.pages"), justify="right")
    summary.add_column(msg("cli.audit.fail"), justify="right")
    summary.add_column(msg("cli.audit.warn"), justify="right")
    summary.add_column(msg("cli.audit.unknown"), justify="right")
    for site, vendor in zip(audits, vendors, strict=True):
        counts = {status: sum(1 for f in site.findings if f.status.value == status) for status in _STATUS_STYLE}
        label = f"{escape(vendor)}\n{escape(site.url)}" if vendor else escape(site.url)
        style = _STATUS_STYLE[site.status.value]
        summary.add_row(
            label,
            f"[{style}]{escape(site.status.label())}[/{style}]",
            str(site.pages_fetched),
            str(counts["fail"]),
            str(counts["warn"]),
            str(counts["unknown"]),
        )
    console.print(summary)
    for site in audits:
        if not site.findings:
            console.print(msg("cli.audit.no_findings", url=escape(site.url)))
            continue
        table = Table(title=escape(site.url), show_lines=False)
        table.add_column(msg("cli.audit.check"))
        table.add_column(msg("cli.audit.result"))
        table.add_column(msg("cli.audit.finding"))
        table.add_column(msg("cli.audit.where"))
        for finding in sorted(site.findings, key=lambda item: (item.check, item.status.value)):
            style = _STATUS_STYLE[finding.status.value]
            where = next((item.url for item in finding.evidence if item.url), None) or ""
            table.add_row(
                escape(finding.check),
                f"[{style}]{escape(finding.status.label())}[/{style}]",
                escape(finding_text(finding)),
                escape(where),
            )
        console.print(table)

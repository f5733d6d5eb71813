"""``callscout evaluate FILE --out DIR``: the whole pipeline on the buyer's evaluation, and the report."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from callscout import evalfile, pipeline
from callscout.cli.common import (
    OutputFormat,
    console,
    format_option,
    parse_report_formats,
    print_json,
    report_file_rows,
    report_formats_option,
)
from callscout.errors import EXIT_FINDINGS, UsageError
from callscout.i18n import current_language, format_number, msg, pick
from callscout.model.run import RunOptions
from callscout.present.findings import said
from callscout.report.charts import drawing_ahead
from callscout.store import open_store


def evaluate(
    file: Annotated[Path, typer.Argument(help="Файл оценки / evaluation file")],
    out: Annotated[Path, typer.Option("--out", help="Папка для отчёта / report folder")] = Path("callscout-report"),
    lang: Annotated[str | None, typer.Option("--lang", help="ru | en")] = None,
    online: Annotated[
        bool,
        typer.Option(
            "--online/--offline",
            envvar=pipeline.ONLINE_VARIABLE,
            help="Проверить сайты, реестр и whois по сети / check the sites, register and whois online",
        ),
    ] = False,
    resolve: Annotated[
        list[str] | None,
        typer.Option("--resolve", help="HOST=ADDRESS:PORT для аудита сайтов, как curl / for site audits, like curl"),
    ] = None,
    whois_server: Annotated[
        str | None, typer.Option("--whois-server", help="HOST[:PORT] вместо реестровых / instead of the registries'")
    ] = None,
    ca_file: Annotated[
        Path | None,
        typer.Option(
            "--ca-file",
            help="Доверять и этому корневому сертификату (PEM) при проверке сайтов: свой УЦ, прокси / also trust "
            "this root certificate (PEM) in the site checks: an own CA, a proxy",
        ),
    ] = None,
    as_of: Annotated[
        datetime | None,
        typer.Option(
            "--as-of",
            formats=["%Y-%m-%d"],
            help="День, к которому считать возраст компаний и доменов и свежесть новостей (по умолчанию сегодня) / "
            "the day ages and freshness are counted to (default: today)",
        ),
    ] = None,
    formats: str | None = report_formats_option(),
    output: OutputFormat = format_option(),
) -> None:
    """Оценить всех вендоров и написать отчёт (HTML, PDF, XLSX, JSON). / Evaluate and write the report.

    Без --online (или CALLSCOUT_ONLINE=1) сайты и юрлица берутся из хранилища, а непроверенное — «неизвестно».
    Without --online the site and legal checks come from the store; what was never checked is "unknown".
    PDF — по --formats html,json,xlsx,pdf (он втрое дольше остального). / The PDF with --formats …,pdf.

    Код выхода 1, если ни один вендор не прошёл обязательные требования. / Exit 1 when no vendor qualifies.
    """
    if lang is not None:
        from callscout.cli.main import main as global_options  # the same --lang as before the command

        global_options(lang=lang)
    report_formats = parse_report_formats(formats)
    evaluation = evalfile.load(file)
    online = online or evaluation.online_checks  # the evaluation's own setting (the cabinet's checkbox)
    if ca_file is not None and not ca_file.is_file():
        raise UsageError(msg("cli.evaluate.no_certificate_file", file=ca_file))
    options = _online_options(resolve or [], whois_server, ca_file) if online else RunOptions()
    if as_of is not None:
        options = replace(options, today=as_of.date())
    # The report's charts are drawn by a child process on the second core while the stages run (each as soon as
    # a stage has made it drawable); for an evaluation never reported here before its engine starts at once.
    with drawing_ahead(f"{current_language()}|{evaluation.model_dump_json()}"):
        store = open_store()
        try:
            with console.status(msg("cli.evaluate.evaluating_vendors")) as status:

                def show_stage(name: str, done: int, total: int) -> None:
                    stage = pick(*pipeline.STAGE_TITLES.get(name, (name, name)))
                    status.update(msg("cli.evaluate.evaluating_vendors_2", stage=stage, done=done + 1, total=total))

                result = pipeline.run(
                    evaluation,
                    store,
                    out,
                    source_path=str(file.resolve()),
                    options=options.with_formats(report_formats) if report_formats else options,
                    on_stage=show_stage,
                )
        finally:
            store.close()
    scoring = result.document.get("scoring") or {}
    from callscout.qa.stage import missing_inputs

    missing = missing_inputs(result.document)
    paths = {kind: str(path) for kind, path in result.files.items()}
    if output is OutputFormat.JSON:
        print_json(
            {
                "winner": scoring.get("winner"),
                "ranking": scoring.get("ranking"),
                "statuses": {vendor["name"]: vendor["status"] for vendor in scoring.get("vendors", [])},
                "reports": paths,
                "confidence": (scoring.get("confidence") or {}).get("level"),
                "online": online,
                # Texts in the reader's words (the document keeps their keys): the answer stays plain strings.
                "checks_to_run": [
                    {**item, "name": said(item["name"]), "reason": said(item["reason"]) if item.get("reason") else None}
                    for item in scoring.get("checks_to_run", [])
                ],
                "inputs_missing": missing,
            }
        )
        if not scoring.get("winner"):
            raise typer.Exit(EXIT_FINDINGS)
        return
    print_outcome(scoring, result.files)
    _print_missing(missing)
    if not scoring.get("winner"):
        raise typer.Exit(EXIT_FINDINGS)


def print_outcome(scoring: dict[str, Any], files: dict[str, Path]) -> None:
    """The ranking, the recommendation and the report files, as `evaluate` and `demo` show them."""
    from callscout.present.formatting import number, percent

    table = Table(title=msg("cli.evaluate.ranking"))
    columns = (
        msg("cli.evaluate.rank"),
        msg("cli.evaluate.vendor"),
        msg("cli.evaluate.score"),
        msg("cli.evaluate.p_first"),
    )
    for column in (*columns, msg("cli.evaluate.status")):
        table.add_column(column)
    for vendor in scoring.get("vendors", []):
        rank = str(vendor["rank"]) if vendor["rank"] else "—"
        table.add_row(
            rank,
            escape(vendor["name"]),
            number(vendor["total"], 1, trim=True),
            percent(vendor["probability_first"], 0),
            escape(said(vendor["status_label"])) + (_CONDITION() if vendor["conditional"] else ""),
        )
    console.print(table)
    if scoring.get("winner"):
        winner = next(item for item in scoring["vendors"] if item["name"] == scoring["winner"])
        console.print(
            msg(
                "cli.evaluate.recommended_bold_bold",
                name=escape(scoring["winner"]),
                condition=msg("cli.evaluate.if_check_passes") if winner["conditional"] else "",
                level=said(scoring["confidence"]["label"]),
            ),
            markup=True,
        )
        console.print(msg("cli.evaluate.status_2", status=escape(said(winner["status_label"]))), highlight=False)
        for reason in scoring["confidence"].get("reasons", []):
            console.print(f"  · {escape(said(reason))}")
        runner_up = next((item for item in scoring["vendors"] if item.get("rank") == 2), None)
        if runner_up is not None:
            console.print(
                msg(
                    "cli.evaluate.runner_up_bold_bold_score",
                    name=escape(runner_up["name"]),
                    score=format_number(runner_up["total"], 1),
                    status=escape(said(runner_up["status_label"])),
                ),
                markup=True,
                highlight=False,
            )
    else:
        console.print(msg("cli.evaluate.no_vendor_passed_knock_out_rules"))
    _print_checks(scoring.get("checks_to_run", []))
    file_table = Table(title=msg("cli.evaluate.report_files"), show_header=False)
    for label, path in report_file_rows(files):
        file_table.add_row(label, escape(path))
    console.print(file_table)


def _CONDITION() -> str:
    return msg("cli.evaluate.rank_holds_if_check_passes")


def _print_missing(missing: list[dict[str, Any]]) -> None:
    """The inputs this run had none of: the criteria they feed stay unknown."""
    if not missing:
        return
    console.print(msg("cli.evaluate.no_data_for_these_criteria_are"))
    for item in missing:
        console.print(f"  · {escape(item['label'])}: {escape(', '.join(item['vendors']))}")
        console.print(f"    {escape(item['action'])}", style="dim")


def _online_options(resolve: list[str], whois_server: str | None, ca_file: Path | None = None) -> RunOptions:
    """The online switch with the user's --resolve (sites) and --whois-server: addresses the user named are
    trusted, as in ``callscout audit --resolve`` and ``callscout legal check --whois-server``."""
    from callscout.legal.check import LegalServices
    from callscout.legal.whois import WhoisClient
    from callscout.web_audit.crawler import CrawlOptions
    from callscout.web_audit.net import parse_host_overrides

    try:
        overrides = parse_host_overrides(resolve)
    except ValueError as error:
        raise UsageError(msg("cli.evaluate.bad_resolve", error=error)) from None
    legal = None
    if whois_server:
        legal = LegalServices(whois=WhoisClient(servers={"*": whois_server}, allow_private_network=True))
    crawl = CrawlOptions(host_overrides=overrides, trusted_ca=ca_file)
    return pipeline.online_options(crawl=crawl, legal_services=legal)


def _print_checks(checks: list[dict[str, Any]]) -> None:
    """What to check before signing, one line per vendor and check, with the command that settles it."""
    if not checks:
        return
    console.print(msg("cli.evaluate.check_before_signing"), style="bold")
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for item in checks:
        grouped.setdefault((item["vendor"], item.get("action") or ""), []).append(item)
    for (vendor, action), items in grouped.items():
        names = "; ".join(
            said(item["name"]) + (msg("cli.evaluate.knock_out") if item["knockout"] else "") for item in items
        )
        reason = next((said(item["reason"]) for item in items if item.get("reason")), "")
        console.print(f"  · {escape(vendor)}: {escape(names)} — {escape(reason)}")
        if action:
            console.print(f"    {escape(action)}", style="dim")

"""``callscout legal``: check a vendor's legal entity against the register and the domain's whois."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from callscout import evalfile
from callscout.cli.common import OutputFormat, console, evaluation_file_option, format_option, print_json
from callscout.errors import EXIT_FINDINGS, UsageError
from callscout.i18n import msg
from callscout.legal.check import LegalServices, verify_evaluation, verify_vendor
from callscout.legal.claims import SiteClaims, VendorFacts
from callscout.legal.crosscheck import LegalResult, LegalThresholds
from callscout.legal.whois import WhoisClient
from callscout.present.findings import finding_text
from callscout.store import open_store

app = typer.Typer(no_args_is_help=True)

_STATUS_STYLE = {"verified": "green", "doubtful": "yellow", "failed": "red", "unknown": "dim"}
_FLAG_STYLE = {"pass": "green", "warn": "yellow", "fail": "red", "unknown": "dim"}


def _status_name(status: str) -> str:
    return {
        "verified": msg("cli.legal.verified"),
        "doubtful": msg("cli.legal.doubtful"),
        "failed": msg("cli.legal.failed"),
        "unknown": msg("cli.legal.unknown"),
    }.get(status, status)


def _require_number(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    if not re.fullmatch(r"[\d\s-]{1,20}", value.strip()):
        raise UsageError(msg("cli.legal.digits_expected_got", option=option, value=value[:40]))
    return value.strip()


@app.command("check")
def check(
    inn: Annotated[str | None, typer.Option("--inn", help="ИНН организации или ИП / taxpayer number")] = None,
    ogrn: Annotated[str | None, typer.Option("--ogrn", help="ОГРН или ОГРНИП / registration number")] = None,
    domain: Annotated[str | None, typer.Option("--domain", help="Сайт или домен / website or domain")] = None,
    name: Annotated[str | None, typer.Option("--name", help="Название для отчёта / name for the report")] = None,
    offline: Annotated[bool, typer.Option("--offline", help="Без сети, только кэш / no network, cache only")] = False,
    whois_server: Annotated[
        str | None, typer.Option("--whois-server", help="HOST[:PORT] вместо реестровых / instead of the registries'")
    ] = None,
    allow_private_network: Annotated[
        bool, typer.Option("--allow-private-network", help="Разрешить адреса внутренней сети / allow private addresses")
    ] = False,
    fail_below_years: Annotated[
        float, typer.Option(help="Моложе — провал / younger fails (years)")
    ] = LegalThresholds.fail_below_years,
    warn_below_years: Annotated[
        float, typer.Option(help="Моложе — предупреждение / younger warns (years)")
    ] = LegalThresholds.warn_below_years,
    output: OutputFormat = format_option(),
) -> None:
    """Проверить юрлицо по реестру и возраст домена по whois (код выхода 0 — проверен, 1 — нет).

    Check the legal entity in the register and the domain's age in whois (exit 0 verified, 1 otherwise).
    The registry needs CALLSCOUT_DADATA_TOKEN; without it the registry part is "unknown".
    """
    inn = _require_number(inn, "--inn")
    ogrn = _require_number(ogrn, "--ogrn")
    if not (inn or ogrn or domain):
        raise UsageError(msg("cli.legal.give_inn_ogrn_or_domain"))
    store = open_store()
    try:
        services = LegalServices(
            whois=WhoisClient(
                servers={"*": whois_server} if whois_server else None,
                allow_private_network=allow_private_network,
            ),
            store=store,
            network=not offline,
            thresholds=LegalThresholds(fail_below_years=fail_below_years, warn_below_years=warn_below_years),
        )
        facts = VendorFacts(
            name=name or inn or ogrn or domain or "?",
            inn=inn,
            website=domain,
            site=SiteClaims(legal_entity={"ogrn": ogrn} if ogrn else {}),
        )
        with console.status(msg("cli.legal.checking_register_and_whois")):
            result = verify_vendor(facts, services)
        store.record_run("legal", result.inn or domain or facts.name, result.findings, summary=result.to_dict())
    finally:
        store.close()
    if output is OutputFormat.JSON:
        print_json({"query": {"inn": inn, "ogrn": ogrn, "domain": domain}, **result.to_dict()})
    else:
        _print_table(result)
    if result.status != "verified":
        raise typer.Exit(EXIT_FINDINGS)


@app.command("vendors")
def vendors(
    file: Path = evaluation_file_option(),
    online: Annotated[
        bool,
        typer.Option(
            "--online/--offline",
            help="Спросить реестр и whois по сети (по умолчанию) или только кэш / ask online (default) or cache only",
        ),
    ] = True,
    output: OutputFormat = format_option(),
) -> None:
    """Проверить всех вендоров файла оценки (по ИНН и сайту). / Check every vendor of the evaluation file."""
    evaluation = evalfile.load(file)
    store = open_store()
    try:
        services = LegalServices(store=store, network=online)
        with console.status(msg("cli.legal.checking_vendors_in_register_and_whois")):
            results = verify_evaluation(evaluation, services)
        for vendor, result in results:
            store.record_run(
                "legal",
                result.inn or (result.whois.domain if result.whois else vendor.name),
                result.findings,
                summary=result.to_dict(),
                vendor_id=store.vendor_id(evaluation.name, vendor.name),
            )
    finally:
        store.close()
    if output is OutputFormat.JSON:
        print_json({vendor.name: result.to_dict() for vendor, result in results})
    else:
        title = msg("cli.legal.vendors_legal_entities", name=escape(evaluation.name))
        table = Table(title=title)
        table.add_column(msg("cli.legal.vendor"))
        table.add_column(msg("cli.legal.result"))
        table.add_column(msg("cli.legal.why"))
        for vendor, result in results:
            style = _STATUS_STYLE.get(result.status, "")
            table.add_row(
                escape(vendor.name),
                f"[{style}]{escape(_status_name(result.status))}[/{style}]",
                escape("\n".join(result.reasons[:4])),
            )
        console.print(table)
    if any(result.status != "verified" for _, result in results):
        raise typer.Exit(EXIT_FINDINGS)


def _print_table(result: LegalResult) -> None:
    block = result.to_dict()
    style = _STATUS_STYLE.get(result.status, "")
    summary = Table(title=escape(result.vendor), show_header=False)
    summary.add_row(msg("cli.legal.result"), f"[{style}]{escape(_status_name(result.status))}[/{style}]")
    registry = block["registry"]
    if registry:
        summary.add_row(msg("cli.legal.entity"), escape(registry.get("short_name_with_form") or "—"))
        summary.add_row(msg("cli.legal.status"), escape(registry["status_label"]))
        summary.add_row(msg("cli.legal.registered"), escape(str(registry.get("registration_date") or "—")))
        director = registry.get("director") or {}
        summary.add_row(
            msg("cli.legal.director"),
            escape(f"{director.get('post') or ''} {director.get('name') or '—'}".strip()),
        )
        summary.add_row(msg("cli.legal.address"), escape(registry.get("address") or "—"))
        summary.add_row("ОКВЭД", escape(registry.get("okved") or "—"))
    domain = block["domain"]
    if domain:
        summary.add_row(
            msg("cli.legal.domain"),
            escape(f"{domain['name']}: {domain['created'] or '?'} ({domain['registrar'] or '—'})"),
        )
    for reason in result.reasons:
        summary.add_row(msg("cli.legal.reason"), escape(reason))
    console.print(summary)
    flags = Table(title=msg("cli.legal.checks"))
    flags.add_column(msg("cli.legal.status"))
    flags.add_column(msg("cli.legal.check"))
    flags.add_column(msg("cli.legal.message"))
    for finding in result.findings:
        flag_style = _FLAG_STYLE.get(finding.status.value, "")
        flags.add_row(
            f"[{flag_style}]{escape(finding.status.label())}[/{flag_style}]",
            escape(finding.code or ""),
            escape(finding_text(finding)),
        )
    console.print(flags)

"""``callscout vendor``: the candidates of an evaluation, kept in the evaluation file and the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from callscout import evalfile, workspace
from callscout.cli.common import (
    OutputFormat,
    console,
    evaluation_file_option,
    format_option,
    print_json,
    success,
    yes_no,
)
from callscout.i18n import msg
from callscout.model import Evaluation
from callscout.store import open_store

app = typer.Typer(no_args_is_help=True)


def _load(path: Path) -> Evaluation:
    return evalfile.load(path)


def _sync(evaluation: Evaluation, path: Path, **options: Any) -> None:
    """Store first, file second: a change the store refuses (a vendor with data) leaves the file as it was."""
    store = open_store()
    try:
        store.save_evaluation(evaluation, str(path.resolve()), **options)
    finally:
        store.close()


@app.command("add")
def add(
    name: Annotated[str, typer.Option("--name", help="Название / name")],
    website: Annotated[str | None, typer.Option("--website", help="Сайт / website")] = None,
    inn: Annotated[str | None, typer.Option("--inn", help="ИНН")] = None,
    phone: Annotated[list[str] | None, typer.Option("--phone", help="Телефон (можно несколько) / phone")] = None,
    email: Annotated[list[str] | None, typer.Option("--email", help="E-mail (можно несколько)")] = None,
    file: Path = evaluation_file_option(),
) -> None:
    """Добавить вендора в оценку. / Add a vendor to the evaluation."""
    evaluation = workspace.add_vendor(
        _load(file),
        {"name": name, "website": website, "inn": inn, "contacts": {"phones": phone or [], "emails": email or []}},
    )
    _sync(evaluation, file)
    evalfile.save(evaluation, file)
    success(msg("cli.vendor.vendor_added_to", name=name, file=file))


@app.command("list")
def list_vendors(file: Path = evaluation_file_option(), output: OutputFormat = format_option()) -> None:
    """Список вендоров. / List the vendors."""
    evaluation = _load(file)
    if output is OutputFormat.JSON:
        print_json(
            [
                {"name": v.name, "website": v.website, "offers": len(v.offers), "response_hours": v.response_hours}
                for v in evaluation.vendors
            ]
        )
        return
    table = Table(title=msg("cli.vendor.vendors", name=escape(evaluation.name)))
    table.add_column(msg("cli.vendor.name"))
    table.add_column(msg("cli.vendor.website"))
    table.add_column(msg("cli.vendor.offers"), justify="right")
    table.add_column(msg("cli.vendor.answer_h"), justify="right")
    for vendor in evaluation.vendors:
        hours = vendor.response_hours
        table.add_row(
            escape(vendor.name),
            escape(vendor.website or "—"),
            str(len(vendor.offers)),
            f"{hours:.1f}" if hours is not None else "—",
        )
    console.print(table)


@app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="Название вендора / vendor name")],
    file: Path = evaluation_file_option(),
    output: OutputFormat = format_option(),
) -> None:
    """Всё о вендоре. / Everything about a vendor."""
    vendor = workspace.find_vendor(_load(file), name)
    if output is OutputFormat.JSON:
        print_json(vendor.model_dump(mode="json"))
        return
    table = Table(title=escape(vendor.name), show_header=False)
    table.add_row(msg("cli.vendor.website"), escape(vendor.website or "—"))
    table.add_row("ИНН / INN", escape(vendor.inn or "—"))
    table.add_row(msg("cli.vendor.phones"), escape(", ".join(vendor.contacts.phones) or "—"))
    table.add_row("E-mail", escape(", ".join(vendor.contacts.emails) or "—"))
    for offer in vendor.offers:
        charges = "; ".join(charge.model for charge in offer.charges)
        table.add_row(msg("cli.vendor.offer"), escape(f"{offer.name}: {charges}"))
    for field, value in vendor.answers.model_dump().items():
        table.add_row(field, yes_no(value) if isinstance(value, bool) or value is None else str(value))
    console.print(table)


@app.command("remove")
def remove(
    name: Annotated[str, typer.Argument(help="Название вендора / vendor name")],
    delete_data: Annotated[
        bool,
        typer.Option(
            "--delete-data",
            help="Удалить и данные вендора (звонки, события, тесты) / delete the vendor's data (calls, events, "
            "quizzes) too",
        ),
    ] = False,
    file: Path = evaluation_file_option(),
) -> None:
    """Удалить вендора из оценки (вендора с данными — только с --delete-data). / Remove a vendor (one that
    holds data only with --delete-data)."""
    evaluation = _load(file)
    vendor = workspace.find_vendor(evaluation, name)
    evaluation = workspace.remove_vendor(evaluation, vendor.name)
    _sync(evaluation, file, delete_data=delete_data)
    evalfile.save(evaluation, file)
    success(msg("cli.vendor.vendor_removed", name=vendor.name))


@app.command("rename")
def rename(
    name: Annotated[str, typer.Argument(help="Название вендора / vendor name")],
    new_name: Annotated[str, typer.Argument(help="Новое название / new name")],
    file: Path = evaluation_file_option(),
) -> None:
    """Переименовать вендора; его звонки, оценки и события остаются с ним. / Rename a vendor; its calls, grades
    and events stay with it."""
    evaluation = _load(file)
    vendor = workspace.find_vendor(evaluation, name)
    evaluation = workspace.rename_vendor(evaluation, vendor.name, new_name)
    _sync(evaluation, file, renamed={vendor.name: new_name.strip()})
    evalfile.save(evaluation, file)
    success(msg("cli.vendor.vendor_renamed_to", name=vendor.name, new=new_name.strip()))

"""``callscout user``: accounts of the web cabinet."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from callscout import accounts
from callscout.cli.common import OutputFormat, console, evaluation_option, format_option, print_json, success
from callscout.errors import DataError
from callscout.i18n import msg
from callscout.store import open_store

app = typer.Typer(no_args_is_help=True)


@app.command("add")
def add(
    login: Annotated[str, typer.Option("--login", help="Логин / login")],
    name: Annotated[str | None, typer.Option("--name", help="Имя для показа / display name")] = None,
    admin: Annotated[bool, typer.Option("--admin", help="Видит все оценки / sees every evaluation")] = False,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Читать пароль из stdin / read the password from stdin")
    ] = False,
    evaluation: Annotated[
        str | None, typer.Option("--evaluation", help="Дать доступ к оценке / grant access to an evaluation")
    ] = None,
    role: Annotated[str, typer.Option("--role", help="owner | analyst | viewer")] = "viewer",
) -> None:
    """Создать пользователя кабинета; первый становится администратором. / Create a cabinet user."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt(msg("cli.user.password"), hide_input=True, confirmation_prompt=True)
    try:
        granted = accounts.Role(role)
    except ValueError:
        raise DataError(msg("cli.user.role_owner_analyst_or_viewer")) from None
    store = open_store()
    try:
        # Check the evaluation before creating anyone: a failed command must leave no half-made user.
        evaluation_id = store.evaluation_id(evaluation) if evaluation else None
        if evaluation and evaluation_id is None:
            raise DataError(msg("cli.user.evaluation_not_found", name=evaluation))
        first = not accounts.has_users(store)
        user = accounts.create_user(store, login, password, display_name=name, is_admin=admin or first)
        if evaluation_id is not None:
            accounts.grant(store, user.id, evaluation_id, granted)
    finally:
        store.close()
    note = msg("cli.user.administrator") if user.is_admin else ""
    success(msg("cli.user.user_created", login=user.login, note=note))


@app.command("links")
def links(
    evaluation: str | None = evaluation_option(),
    output: OutputFormat = format_option(),
) -> None:
    """Гостевые ссылки оценки. / The evaluation's guest links."""
    from callscout.store.ownership import resolve_evaluation

    store = open_store()
    try:
        evaluation_id, name = resolve_evaluation(store, evaluation)
        found = accounts.guest_links(store, evaluation_id)
    finally:
        store.close()
    if output is OutputFormat.JSON:
        print_json(
            [
                {
                    "handle": link.handle,
                    "vendor": link.vendor,
                    "created_at": link.created_at.isoformat(timespec="seconds"),
                    "expires_at": link.expires_at.isoformat(timespec="seconds"),
                    "revoked_at": link.revoked_at.isoformat(timespec="seconds") if link.revoked_at else None,
                    "live": link.live,
                }
                for link in found
            ]
        )
        return
    table = Table(title=msg("cli.user.guest_links", name=escape(name)))
    for column in (msg("cli.user.link"), msg("cli.user.vendor"), msg("cli.user.expires"), msg("cli.user.state")):
        table.add_column(column)
    for link in found:
        state = (
            msg("cli.user.revoked")
            if link.revoked_at
            else (msg("cli.user.live") if link.live else msg("cli.user.expired"))
        )
        table.add_row(link.handle, escape(link.vendor), link.expires_at.isoformat(timespec="minutes"), state)
    console.print(table)


@app.command("revoke-link")
def revoke_link(
    handle: Annotated[str, typer.Argument(help="Ссылка или её код (callscout user links) / link or its code")],
    evaluation: str | None = evaluation_option(),
) -> None:
    """Отозвать гостевую ссылку. / Revoke a guest link."""
    from callscout.store.ownership import resolve_evaluation

    store = open_store()
    try:
        evaluation_id, _name = resolve_evaluation(store, evaluation)
        revoked = accounts.revoke_guest_link(store, evaluation_id, handle)
    finally:
        store.close()
    if not revoked:
        raise DataError(msg("cli.user.no_live_link", handle=handle))
    success(msg("cli.user.link_revoked"))

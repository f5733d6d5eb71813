"""``callscout user``: accounts of the web cabinet."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from callscout import accounts
from callscout.cli.common import success
from callscout.errors import DataError
from callscout.i18n import tr
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
        password = typer.prompt(tr("Пароль", "Password"), hide_input=True, confirmation_prompt=True)
    try:
        granted = accounts.Role(role)
    except ValueError:
        raise DataError(tr("роль: owner, analyst или viewer", "role: owner, analyst or viewer")) from None
    store = open_store()
    try:
        # Check the evaluation before creating anyone: a failed command must leave no half-made user.
        evaluation_id = store.evaluation_id(evaluation) if evaluation else None
        if evaluation and evaluation_id is None:
            raise DataError(tr("оценка {name!r} не найдена", "evaluation {name!r} not found", name=evaluation))
        first = not accounts.has_users(store)
        user = accounts.create_user(store, login, password, display_name=name, is_admin=admin or first)
        if evaluation_id is not None:
            accounts.grant(store, user.id, evaluation_id, granted)
    finally:
        store.close()
    note = tr(" (администратор)", " (administrator)") if user.is_admin else ""
    success(tr("пользователь {login} создан{note}", "user {login} created{note}", login=user.login, note=note))

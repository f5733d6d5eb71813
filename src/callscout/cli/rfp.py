"""``callscout rfp VENDOR``: the request-for-proposal letter and questionnaire; ``rfp import`` reads answers back."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from callscout import evalfile
from callscout.cli.common import default_command_group, evaluation_file_option, success
from callscout.errors import DataError, UsageError
from callscout.i18n import msg

app = typer.Typer(cls=default_command_group("letter"), no_args_is_help=True)


def _moment(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(msg("cli.rfp.expected_date_time_e_g_2026", option=option)) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@app.command("letter")
def letter(
    vendor: Annotated[str, typer.Argument(help="Вендор из файла оценки / vendor of the evaluation")],
    file: Path = evaluation_file_option(),
    out: Annotated[Path, typer.Option("--out", help="Папка / folder")] = Path("rfp"),
    sent_at: Annotated[str | None, typer.Option("--sent-at", help="Когда отправлен (ISO); по умолчанию сейчас")] = None,
    record: Annotated[bool, typer.Option("--record/--no-record", help="Записать время отправки в файл оценки")] = True,
) -> None:
    """Письмо-запрос (HTML, PDF) и анкета XLSX для вендора. / RFP letter and questionnaire for a vendor."""
    from callscout.rfp import record_request_sent, write_letter, write_questionnaire

    evaluation = evalfile.load(file)
    found = evaluation.vendor(vendor)
    if found is None:
        raise DataError(msg("cli.rfp.vendor_not_found_in", name=vendor, path=file))
    moment = _moment(sent_at, "--sent-at") or datetime.now(UTC).replace(microsecond=0)
    html_path, pdf_path = write_letter(evaluation, found, out, moment)
    xlsx_path = write_questionnaire(
        evaluation, found, html_path.with_name(html_path.stem.replace("rfp-", "questionnaire-") + ".xlsx"), moment
    )
    if record:
        record_request_sent(evaluation, found, moment, file)
    for path in (html_path, pdf_path, xlsx_path):
        success(escape(str(path)))


@app.command("import")
def import_(
    questionnaire: Annotated[Path, typer.Argument(help="Заполненная анкета XLSX / filled questionnaire")],
    vendor: Annotated[str, typer.Option("--vendor", help="Вендор / vendor")],
    file: Path = evaluation_file_option(),
    answered_at: Annotated[str | None, typer.Option("--answered-at", help="Когда пришёл ответ (ISO)")] = None,
    formal: Annotated[
        bool | None, typer.Option("--formal/--not-formal", help="Ответ формальный (отписка)? / a form letter?")
    ] = None,
) -> None:
    """Перенести ответы анкеты в файл оценки. / Import a filled questionnaire into the evaluation."""
    from callscout.rfp import import_questionnaire

    result = import_questionnaire(file, questionnaire, vendor, _moment(answered_at, "--answered-at"), formal)
    details: dict[str, Any] = {"answers": len(result.answers_set), "offers": result.offers}
    success(msg("cli.rfp.answers_offers_written_to", vendor=escape(result.vendor), path=file, **details))

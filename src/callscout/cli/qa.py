"""``callscout qa``: scorecards, grades, operator quizzes and mystery-shopper calls."""

from __future__ import annotations

import getpass
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from callscout.cli.common import (
    OutputFormat,
    console,
    evaluation_option,
    format_option,
    print_json,
    success,
    yes_no,
)
from callscout.errors import DataError, UsageError
from callscout.evalfile import load_yaml_text
from callscout.i18n import msg
from callscout.qa import service
from callscout.qa.files import load_yaml_model
from callscout.qa.models import Form, Quiz
from callscout.store import Store, open_store

if TYPE_CHECKING:
    from callscout.store.ownership import VendorRef

app = typer.Typer(no_args_is_help=True)
form_app = typer.Typer(no_args_is_help=True)
quiz_app = typer.Typer(no_args_is_help=True)
shopper_app = typer.Typer(no_args_is_help=True)
app.add_typer(form_app, name="form", help="Формы оценки / scorecard forms")
app.add_typer(quiz_app, name="quiz", help="Тесты операторов / operator quizzes")
app.add_typer(shopper_app, name="shopper", help="Тайный покупатель / mystery shopper")


def _actor_option(help_text: str = "Кто / who (для журнала / for the audit trail)") -> Any:
    return typer.Option(None, "--by", help=help_text)


def _actor(value: str | None) -> str:
    if value:
        return value
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    return table


def _with_store(action: Any) -> Any:
    store = open_store()
    try:
        return action(store)
    finally:
        store.close()


def _scoped(spec: str | None, action: Any) -> Any:
    """Run ``action(store, evaluation_id)`` on the evaluation the user named (or the default one)."""
    from callscout.store.ownership import resolve_evaluation

    return _with_store(lambda store: action(store, resolve_evaluation(store, spec)[0]))


def _vendor(store: Store, evaluation_id: int, name: str | None) -> VendorRef | None:
    from callscout.store.ownership import vendor_ref

    return vendor_ref(store, evaluation_id, name) if name else None


def _answers(pairs: list[str] | None, path: Path | None) -> tuple[dict[str, Any], dict[str, str]]:
    """``code=value`` options and/or a YAML mapping ``code: value`` or ``code: {value: .., comment: ..}``."""
    answers: dict[str, Any] = {}
    comments: dict[str, str] = {}
    if path is not None:
        try:
            data = load_yaml_text(path.read_text(encoding="utf-8"), path.name)  # bounded, errors name the line
        except (OSError, UnicodeDecodeError) as error:
            raise DataError(msg("cli.qa.cannot_read_answers", path=path, error=error)) from None
        if not isinstance(data, dict):
            raise DataError(msg("cli.qa.expected_mapping_item_answer", path=path))
        for code, value in data.items():
            if isinstance(value, dict):
                answers[str(code)] = value.get("value")
                if value.get("comment"):
                    comments[str(code)] = str(value["comment"])
            else:
                answers[str(code)] = value
    for pair in pairs or []:
        code, separator, value = pair.partition("=")
        if not separator or not code.strip():
            raise DataError(msg("cli.qa.answer_expected_item_value", pair=pair))
        answers[code.strip()] = value.strip()
    return answers, comments


def _when(value: str | None) -> datetime | None:
    return None if value is None else service.parse_call_time(value)


AnswerOption = Annotated[list[str] | None, typer.Option("--answer", "-a", help="пункт=значение / item=value")]
AnswersFile = Annotated[Path | None, typer.Option("--answers", help="YAML с ответами / answers file")]


# --- forms -----------------------------------------------------------------------------------------


@form_app.command("create")
def form_create(
    path: Annotated[Path, typer.Argument(help="Форма (YAML) / form file")],
    by: str | None = _actor_option(),
    evaluation: str | None = evaluation_option(),
) -> None:
    """Создать форму оценки из YAML. / Create a scorecard form from YAML."""
    form = load_yaml_model(path, Form)
    _scoped(evaluation, lambda store, evaluation_id: service.create_form(store, evaluation_id, form, _actor(by)))
    success(msg("cli.qa.form_created_items", code=form.code, n=len(form.items())))


def _example(name: str) -> str:
    from importlib.resources import files

    return files("callscout.demo").joinpath(f"data/quality/{name}").read_text(encoding="utf-8")


@form_app.command("template")
def form_template() -> None:
    """Пример формы (YAML) для правки. / An example form (YAML) to edit."""
    sys.stdout.write(_example("form.yaml"))


@form_app.command("list")
def form_list(output: OutputFormat = format_option(), evaluation: str | None = evaluation_option()) -> None:
    """Формы оценки. / Scorecard forms."""
    forms = _scoped(evaluation, service.list_forms)
    if output is OutputFormat.JSON:
        print_json(forms)
        return
    table = _table(
        msg("cli.qa.scorecard_forms"),
        msg("cli.qa.code"),
        msg("cli.qa.name"),
        msg("cli.qa.items"),
        msg("cli.qa.grades"),
        msg("cli.qa.created_by"),
    )
    for form in forms:
        table.add_row(
            escape(form["code"]),
            escape(form["name"]),
            str(form["items"]),
            str(form["grades"]),
            escape(form["created_by"]),
        )
    console.print(table)


@form_app.command("show")
def form_show(
    code: Annotated[str, typer.Argument()],
    output: OutputFormat = format_option(),
    evaluation: str | None = evaluation_option(),
) -> None:
    """Пункты формы. / The form's items."""
    form = _scoped(evaluation, lambda store, evaluation_id: service.get_form(store, evaluation_id, code))
    if output is OutputFormat.JSON:
        print_json(form.model_dump(mode="json"))
        return
    table = _table(
        escape(form.name),
        msg("cli.qa.group"),
        msg("cli.qa.code"),
        msg("cli.qa.item"),
        msg("cli.qa.weight"),
        msg("cli.qa.scale"),
        msg("cli.qa.mandatory"),
    )
    for group, item in form.items():
        table.add_row(
            escape(group),
            escape(item.code),
            escape(item.text),
            f"{item.weight:g}",
            item.scale.value,
            yes_no(item.mandatory),
        )
    console.print(table)


# --- grades ------------------------------------------------------------------------------------------


@app.command("rate")
def rate(
    call: Annotated[str, typer.Argument(help="Звонок: id из журнала или файл записи / call id or recording")],
    form: Annotated[str, typer.Option("--form", help="Код формы / form code")],
    grader: Annotated[str | None, typer.Option("--grader", help="Кто оценивает / grader")] = None,
    vendor: Annotated[str | None, typer.Option("--vendor")] = None,
    operator: Annotated[str | None, typer.Option("--operator")] = None,
    call_at: Annotated[str | None, typer.Option("--call-at", help="Когда был звонок / when the call was")] = None,
    answer: AnswerOption = None,
    answers_file: AnswersFile = None,
    comment: Annotated[str | None, typer.Option("--comment")] = None,
    imported: Annotated[
        bool,
        typer.Option(
            "--imported",
            help="CALL — id звонка из импортированных журналов --vendor; оператор и время берутся из журнала "
            "/ CALL is a call id of the vendor's imported call logs; operator and time come from the log",
        ),
    ] = False,
    evaluation: str | None = evaluation_option(),
    output: OutputFormat = format_option(),
) -> None:
    """Оценить звонок по форме (один раз; оценка не меняется). / Rate a call once; grades are immutable."""
    answers, comments = _answers(answer, answers_file)
    if imported:
        if not vendor:
            raise UsageError(msg("cli.qa.imported_needs_vendor"))
        from callscout.calls.storage import CallStore

        result = _scoped(
            evaluation,
            lambda store, evaluation_id: service.rate_imported_call(
                store,
                CallStore(store),
                _vendor(store, evaluation_id, vendor),
                call,
                form,
                _actor(grader),
                answers,
                comment=comment,
                item_comments=comments,
            ),
        )
    else:
        result = _scoped(
            evaluation,
            lambda store, evaluation_id: service.rate(
                store,
                evaluation_id,
                call,
                form,
                _actor(grader),
                answers,
                vendor=_vendor(store, evaluation_id, vendor),
                operator=operator,
                call_at=_when(call_at),
                comment=comment,
                item_comments=comments,
            ),
        )
    if output is OutputFormat.JSON:
        print_json(result)
        return
    success(msg("cli.qa.grade_saved", score=result["score"], band=result["band"] or "—"))


@app.command("report")
def report(
    by: Annotated[
        str, typer.Option("--by", help="operator | vendor | item | week | month | grader | form")
    ] = "operator",
    vendor: Annotated[str | None, typer.Option("--vendor")] = None,
    form: Annotated[str | None, typer.Option("--form")] = None,
    evaluation: str | None = evaluation_option(),
    output: OutputFormat = format_option(),
) -> None:
    """Средние оценки. / Average scores."""

    def averages(store: Store, evaluation_id: int) -> list[dict[str, Any]]:
        owner = _vendor(store, evaluation_id, vendor)
        return service.report(store, evaluation_id, by, vendor_id=owner.id if owner else None, form_code=form)

    rows = _scoped(evaluation, averages)
    if output is OutputFormat.JSON:
        print_json(rows)
        return
    table = _table(
        msg("cli.qa.average_scores", by=by),
        by,
        msg("cli.qa.grades"),
        msg("cli.qa.average"),
        msg("cli.qa.min"),
        msg("cli.qa.max"),
    )
    for row in rows:
        label = row["key"] + (f" — {row['text']}" if row.get("text") else "")
        table.add_row(
            escape(label), str(row["grades"]), f"{row['average']:.1f}", f"{row['min']:.0f}", f"{row['max']:.0f}"
        )
    console.print(table)


@app.command("audit")
def audit(
    grade: Annotated[int | None, typer.Option("--grade", help="Номер оценки / grade id")] = None,
    evaluation: str | None = evaluation_option(),
    output: OutputFormat = format_option(),
) -> None:
    """Журнал: кто и когда создавал и оценивал. / Audit trail: who did what when."""
    entries = _scoped(
        evaluation,
        lambda store, evaluation_id: service.audit_trail(store, evaluation_id, "grade" if grade else None, grade),
    )
    if output is OutputFormat.JSON:
        print_json(entries)
        return
    table = _table(
        msg("cli.qa.quality_control_audit_trail"),
        msg("cli.qa.when_utc"),
        msg("cli.qa.who"),
        msg("cli.qa.what"),
        msg("cli.qa.object"),
    )
    for entry in entries:
        table.add_row(entry["at"], escape(entry["actor"]), entry["action"], f"{entry['entity']} {entry['id']}")
    console.print(table)


# --- quizzes -----------------------------------------------------------------------------------------


@quiz_app.command("create")
def quiz_create(
    path: Annotated[Path, typer.Argument(help="Тест (YAML) / quiz file")],
    by: str | None = _actor_option(),
    evaluation: str | None = evaluation_option(),
) -> None:
    """Создать тест для операторов. / Create an operator quiz."""
    quiz = load_yaml_model(path, Quiz)
    _scoped(evaluation, lambda store, evaluation_id: service.create_quiz(store, evaluation_id, quiz, _actor(by)))
    success(msg("cli.qa.quiz_created_questions_pass_mark", code=quiz.code, n=len(quiz.questions), mark=quiz.pass_mark))


@quiz_app.command("template")
def quiz_template() -> None:
    """Пример теста (YAML) для правки. / An example quiz (YAML) to edit."""
    sys.stdout.write(_example("quiz.yaml"))


@quiz_app.command("record")
def quiz_record(
    quiz: Annotated[str, typer.Argument(help="Код теста / quiz code")],
    operator: Annotated[str, typer.Option("--operator")],
    vendor: Annotated[str | None, typer.Option("--vendor")] = None,
    answer: AnswerOption = None,
    answers_file: AnswersFile = None,
    by: str | None = _actor_option(),
    evaluation: str | None = evaluation_option(),
    output: OutputFormat = format_option(),
) -> None:
    """Записать ответы оператора. / Record an operator's answers."""
    answers, _ = _answers(answer, answers_file)
    result = _scoped(
        evaluation,
        lambda store, evaluation_id: service.record_quiz(
            store,
            evaluation_id,
            quiz,
            operator,
            {key: str(value) for key, value in answers.items()},
            vendor=_vendor(store, evaluation_id, vendor),
            recorded_by=_actor(by),
        ),
    )
    if output is OutputFormat.JSON:
        print_json(result)
        return
    verdict = msg("cli.qa.passed") if result["passed"] else msg("cli.qa.failed")
    success(msg("cli.qa.text", op=operator, score=result["score"], verdict=verdict))


@quiz_app.command("report")
def quiz_report(
    quiz: Annotated[str | None, typer.Option("--quiz")] = None,
    vendor: Annotated[str | None, typer.Option("--vendor")] = None,
    evaluation: str | None = evaluation_option(),
    output: OutputFormat = format_option(),
) -> None:
    """Результаты тестов по операторам. / Quiz results per operator."""

    def results(store: Store, evaluation_id: int) -> list[dict[str, Any]]:
        owner = _vendor(store, evaluation_id, vendor)
        return service.quiz_report(store, evaluation_id, quiz, owner.id if owner else None)

    rows = _scoped(evaluation, results)
    if output is OutputFormat.JSON:
        print_json(rows)
        return
    table = _table(
        msg("cli.qa.operator_quizzes"),
        msg("cli.qa.quiz"),
        msg("cli.qa.operator"),
        msg("cli.qa.vendor"),
        msg("cli.qa.attempts"),
        msg("cli.qa.last"),
        msg("cli.qa.best"),
        msg("cli.qa.passed_2"),
    )
    for row in rows:
        table.add_row(
            escape(row["quiz"]),
            escape(row["operator"]),
            escape(row["vendor"] or "—"),
            str(row["attempts"]),
            f"{row['last_score']:.0f}",
            f"{row['best_score']:.0f}",
            yes_no(row["passed"]),
        )
    console.print(table)


# --- mystery shopper ------------------------------------------------------------------------------------


@shopper_app.command("log")
def shopper_log(
    vendor: Annotated[str, typer.Option("--vendor")],
    at: Annotated[str, typer.Option("--at", help="Когда звонили, 2026-11-20T10:00 / when")],
    answer_s: Annotated[float | None, typer.Option("--answer-s", help="Секунд до ответа / seconds to answer")] = None,
    rings: Annotated[int | None, typer.Option("--rings", help="Гудков / rings")] = None,
    not_answered: Annotated[bool, typer.Option("--not-answered", help="Не ответили / nobody answered")] = False,
    transferred: Annotated[bool, typer.Option("--transferred", help="Переводили / transferred")] = False,
    recording: Annotated[Path | None, typer.Option("--recording", help="Запись звонка / recording")] = None,
    notes: Annotated[str | None, typer.Option("--notes")] = None,
    form: Annotated[str | None, typer.Option("--form", help="Оценить по форме / rate with this form")] = None,
    operator: Annotated[str | None, typer.Option("--operator")] = None,
    answer: AnswerOption = None,
    answers_file: AnswersFile = None,
    by: str | None = _actor_option(),
    evaluation: str | None = evaluation_option(),
    output: OutputFormat = format_option(),
) -> None:
    """Записать звонок тайного покупателя. / Log a mystery-shopper call."""
    check = None
    if recording is not None:
        from callscout.audio import assess_file

        check = assess_file(recording)
    answers, _ = _answers(answer, answers_file)

    def log(store: Store, evaluation_id: int) -> dict[str, Any]:
        owner = _vendor(store, evaluation_id, vendor)
        assert owner is not None  # --vendor is required
        return service.log_mystery_call(
            store,
            owner,
            called_at=_when(at) or datetime.now(),
            answered=not not_answered,
            answer_s=answer_s,
            rings=rings,
            transferred=transferred,
            recording=str(recording) if recording else None,
            recording_check=check,
            notes=notes,
            actor=_actor(by),
            form_code=form,
            answers=answers or None,
            operator=operator,
        )

    result = _scoped(evaluation, log)
    if output is OutputFormat.JSON:
        print_json(result)
        return
    success(msg("cli.qa.call_logged", id=result["id"]))


@shopper_app.command("list")
def shopper_list(
    vendor: Annotated[str | None, typer.Option("--vendor")] = None,
    evaluation: str | None = evaluation_option(),
    output: OutputFormat = format_option(),
) -> None:
    """Звонки тайного покупателя. / Mystery-shopper calls."""

    def listing(store: Store, evaluation_id: int) -> list[dict[str, Any]]:
        owner = _vendor(store, evaluation_id, vendor)
        return service.mystery_calls(store, evaluation_id, owner.id if owner else None)

    calls = _scoped(evaluation, listing)
    if output is OutputFormat.JSON:
        print_json(calls)
        return
    table = _table(
        msg("cli.qa.mystery_shopper"),
        msg("cli.qa.vendor"),
        msg("cli.qa.when"),
        msg("cli.qa.answered"),
        msg("cli.qa.answer_s"),
        msg("cli.qa.rings"),
        msg("cli.qa.transfer"),
        msg("cli.qa.recording"),
        msg("cli.qa.score"),
    )
    for call in calls:
        table.add_row(
            escape(call["vendor"]),
            call["called_at"],
            yes_no(call["answered"]),
            "—" if call["answer_s"] is None else f"{call['answer_s']:g}",
            "—" if call["rings"] is None else str(call["rings"]),
            yes_no(call["transferred"]),
            escape(call["recording_verdict"] or "—"),
            "—" if call["score"] is None else f"{call['score']:.0f}",
        )
    console.print(table)

"""Quality control in the store: scorecard forms, grades (rated once, immutable, audited), averages,
operator quizzes, mystery-shopper calls. Every write is one transaction: all of it or nothing.

Everything belongs to one evaluation (forms and quizzes) or one evaluation's vendor (grades, quiz results,
mystery calls), by id: every function takes the evaluation id or a ``VendorRef`` and reads nothing else.
Forms and quizzes without an evaluation are shared templates: readable by all, used for nothing new."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from statistics import mean
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from callscout.calls.lookup import get_call
from callscout.calls.storage import CallStore
from callscout.errors import DataError
from callscout.i18n import msg
from callscout.qa.models import Form, Quiz, parse_answer
from callscout.qa.tables import (
    QaAnswerRow,
    QaAuditRow,
    QaFormRow,
    QaGradeRow,
    QaMysteryCallRow,
    QaQuizResultRow,
    QaQuizRow,
)
from callscout.store import Store
from callscout.store.ownership import VendorRef
from callscout.store.tables import VendorRow, utcnow

REPORT_GROUPS = ("operator", "vendor", "item", "week", "month", "grader", "form")


def _audit(session: Session, entity: str, entity_id: int | None, action: str, actor: str, **details: Any) -> None:
    session.add(QaAuditRow(entity=entity, entity_id=entity_id, action=action, actor=actor, details=details))


# --- forms ---------------------------------------------------------------------------------------


def create_form(store: Store, evaluation_id: int, form: Form, actor: str) -> int:
    """A form of this evaluation (codes are unique within an evaluation, not across the store)."""
    with store.session() as session:
        taken = select(QaFormRow.id).where(QaFormRow.evaluation_id == evaluation_id, QaFormRow.code == form.code)
        if session.scalar(taken) is not None:
            raise DataError(msg("qa.service.form_already_exists_forms_do_not", code=form.code))
        row = QaFormRow(
            evaluation_id=evaluation_id,
            code=form.code,
            name=form.name,
            definition=form.model_dump(mode="json"),
            created_by=actor,
        )
        session.add(row)
        session.flush()
        _audit(session, "form", row.id, "created", actor, code=form.code)
        return row.id


def list_forms(store: Store, evaluation_id: int) -> list[dict[str, Any]]:
    """The evaluation's forms, then the shared templates (``shared``: read-only) whose code it does not use."""
    with store.session() as session:
        rows = _visible(session, QaFormRow, evaluation_id)
        counts: dict[int, int] = defaultdict(int)
        for form_id in session.scalars(select(QaGradeRow.form_id).where(QaGradeRow.evaluation_id == evaluation_id)):
            counts[form_id] += 1
        return [
            {
                "code": row.code,
                "shared": row.evaluation_id is None,
                "name": row.name,
                "items": len(Form.model_validate(row.definition).items()),
                "grades": counts[row.id],
                "created_by": row.created_by,
                "created_at": row.created_at.isoformat(),
            }
            for row in rows
        ]


def _visible(session: Session, table: type[QaFormRow] | type[QaQuizRow], evaluation_id: int) -> list[Any]:
    """Definitions an evaluation sees: its own, and shared templates of a code it has not used."""
    rows = session.scalars(
        select(table)
        .where((table.evaluation_id == evaluation_id) | table.evaluation_id.is_(None))
        .order_by(table.code, table.evaluation_id.is_(None))
    ).all()
    seen: set[str] = set()
    visible = []
    for row in rows:
        if row.code not in seen:
            seen.add(row.code)
            visible.append(row)
    return visible


def _form_row(session: Session, evaluation_id: int, code: str, *, grading: bool = False) -> QaFormRow:
    row = next((row for row in _visible(session, QaFormRow, evaluation_id) if row.code == code), None)
    if row is None:
        known = ", ".join(row.code for row in _visible(session, QaFormRow, evaluation_id)) or msg("qa.service.none")
        raise DataError(msg("qa.service.form_not_found_known", code=code, known=known))
    if grading and row.evaluation_id is None:
        raise DataError(msg("qa.service.form_is_shared_read_only_template", code=code))
    return row


def get_form(store: Store, evaluation_id: int, code: str) -> Form:
    with store.session() as session:
        return Form.model_validate(_form_row(session, evaluation_id, code).definition)


# --- grades ----------------------------------------------------------------------------------------


def score_answers(form: Form, answers: dict[str, Any]) -> tuple[float, dict[str, float | None]]:
    """Weighted score 0-100 over the answered items; every problem is reported at once."""
    items = dict((item.code, item) for _group, item in form.items())
    problems = [msg("qa.service.unknown_item", code=code) for code in answers if code not in items]
    values: dict[str, float | None] = {}
    for code, item in items.items():
        if code not in answers:
            if item.mandatory:
                problems.append(msg("qa.service.no_answer_to_mandatory_item", code=code, text=item.text))
            values[code] = None
            continue
        try:
            values[code] = parse_answer(item, answers[code])
        except DataError as error:
            problems.append(error.message)
    if problems:
        raise DataError(msg("qa.service.grade_was_not_saved"), details=problems)
    weighted = [(items[code].weight, value) for code, value in values.items() if value is not None]
    total_weight = sum(weight for weight, _ in weighted)
    if total_weight == 0:
        raise DataError(msg("qa.service.every_item_is_n_nothing_to"))
    return round(100.0 * sum(weight * value for weight, value in weighted) / total_weight, 2), values


def _add_grade(
    session: Session,
    form_row: QaFormRow,
    call_ref: str,
    grader: str,
    answers: dict[str, Any],
    *,
    evaluation_id: int,
    vendor: VendorRef | None,
    operator: str | None,
    call_at: datetime | None,
    comment: str | None,
    item_comments: dict[str, str] | None,
    call_id: str | None = None,
) -> QaGradeRow:
    form = Form.model_validate(form_row.definition)
    score, values = score_answers(form, answers)
    _check_vendor(session, evaluation_id, vendor)
    grade = QaGradeRow(
        form_id=form_row.id,
        evaluation_id=evaluation_id,
        vendor_id=vendor.id if vendor else None,
        call_ref=call_ref,
        vendor=vendor.name if vendor else None,
        operator=operator,
        grader=grader,
        call_at=call_at,
        call_id=call_id,
        score=score,
        band=form.band(score),
        comment=comment,
        submitted_at=utcnow(),
    )
    for code, value in values.items():
        grade.answers.append(QaAnswerRow(item_code=code, value=value, comment=(item_comments or {}).get(code)))
    session.add(grade)
    session.flush()
    _audit(session, "grade", grade.id, "submitted", grader, form=form_row.code, call=call_ref, score=score)
    return grade


def _check_vendor(session: Session, evaluation_id: int, vendor: VendorRef | None) -> None:
    """A vendor given by id must be this evaluation's (a stale or forged id is refused)."""
    if vendor is None:
        return
    row = session.get(VendorRow, vendor.id)
    if row is None or row.evaluation_id != evaluation_id:
        raise DataError(msg("qa.service.vendor_is_not_in_this_evaluation"))


def rate(
    store: Store,
    evaluation_id: int,
    call_ref: str,
    form_code: str,
    grader: str,
    answers: dict[str, Any],
    *,
    vendor: VendorRef | None = None,
    operator: str | None = None,
    call_at: datetime | None = None,
    comment: str | None = None,
    item_comments: dict[str, str] | None = None,
    call_id: str | None = None,
) -> dict[str, Any]:
    """Rate a call once. A second rating of the same call on the same form by the same grader is
    refused (and the attempt is written to the audit trail)."""
    with store.session() as session:
        form_row = _form_row(session, evaluation_id, form_code, grading=True)
        existing = session.scalar(
            select(QaGradeRow).where(
                QaGradeRow.form_id == form_row.id, QaGradeRow.call_ref == call_ref, QaGradeRow.grader == grader
            )
        )
    if existing is not None:
        _refuse_second_rating(store, existing, grader)
    try:
        with store.session() as session:
            grade = _add_grade(
                session,
                _form_row(session, evaluation_id, form_code, grading=True),
                call_ref,
                grader,
                answers,
                evaluation_id=evaluation_id,
                vendor=vendor,
                operator=operator,
                call_at=call_at,
                comment=comment,
                item_comments=item_comments,
                call_id=call_id,
            )
            return _grade_dict(grade, form_code)
    except IntegrityError:  # someone rated it between our check and our insert
        with store.session() as session:
            existing = session.scalar(
                select(QaGradeRow).where(
                    QaGradeRow.evaluation_id == evaluation_id,
                    QaGradeRow.call_ref == call_ref,
                    QaGradeRow.grader == grader,
                )
            )
        _refuse_second_rating(store, existing, grader)
        raise


def rate_imported_call(
    store: Store,
    calls: CallStore,
    vendor: VendorRef,
    call_id: str,
    form_code: str,
    grader: str,
    answers: dict[str, Any],
    *,
    comment: str | None = None,
    item_comments: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Rate a call of the vendor's imported call log: the grade keeps the call's id, and its operator
    and time come from the log, so averages per operator follow the log's agents."""
    call = get_call(calls, vendor, call_id)
    if call is None:
        raise DataError(msg("qa.service.call_is_not_in_call_logs", call=call_id, vendor=vendor.name))
    return rate(
        store,
        vendor.evaluation_id,
        f"call:{vendor.name}:{call_id}",
        form_code,
        grader,
        answers,
        vendor=vendor,
        operator=call["agent"],
        call_at=call["arrival"],
        comment=comment,
        item_comments=item_comments,
        call_id=call_id,
    )


def _refuse_second_rating(store: Store, existing: QaGradeRow | None, grader: str) -> None:
    if existing is None:
        return
    with store.session() as session:
        _audit(session, "grade", existing.id, "change_refused", grader, call=existing.call_ref)
    raise DataError(
        msg(
            "qa.service.call_is_already_rated_utc_score",
            call=existing.call_ref,
            grader=existing.grader,
            when=existing.submitted_at.isoformat(timespec="seconds"),
            score=existing.score,
        )
    )


def _grade_dict(grade: QaGradeRow, form_code: str) -> dict[str, Any]:
    return {
        "id": grade.id,
        "form": form_code,
        "call": grade.call_ref,
        "call_id": grade.call_id,
        "vendor": grade.vendor,
        "vendor_id": grade.vendor_id,
        "operator": grade.operator,
        "grader": grade.grader,
        "call_at": grade.call_at.isoformat() if grade.call_at else None,
        "score": grade.score,
        "band": grade.band,
        "comment": grade.comment,
        "submitted_at": grade.submitted_at.isoformat(timespec="seconds"),
        "answers": {answer.item_code: answer.value for answer in grade.answers},
    }


def grades(
    store: Store,
    evaluation_id: int,
    *,
    vendor_id: int | None = None,
    form_code: str | None = None,
    call_ref: str | None = None,
) -> list[dict[str, Any]]:
    """The evaluation's grades in submission order; ``vendor_id`` keeps one vendor's."""
    with store.session() as session:
        query = (
            select(QaGradeRow, QaFormRow.code)
            .join(QaFormRow)
            .where(QaGradeRow.evaluation_id == evaluation_id)
            .order_by(QaGradeRow.id)
        )
        if vendor_id is not None:
            query = query.where(QaGradeRow.vendor_id == vendor_id)
        if form_code is not None:
            query = query.where(QaFormRow.code == form_code)
        if call_ref is not None:
            query = query.where(QaGradeRow.call_ref == call_ref)
        return [_grade_dict(grade, code) for grade, code in session.execute(query).all()]


_AUDITED = {
    "grade": QaGradeRow,
    "form": QaFormRow,
    "quiz": QaQuizRow,
    "quiz_result": QaQuizResultRow,
    "mystery_call": QaMysteryCallRow,
}


def audit_trail(
    store: Store, evaluation_id: int, entity: str | None = None, entity_id: int | None = None
) -> list[dict[str, Any]]:
    """The audit trail of this evaluation's forms, grades, quizzes and calls only."""
    with store.session() as session:
        owned = {
            name: set(session.scalars(select(table.id).where(table.evaluation_id == evaluation_id)))
            for name, table in _AUDITED.items()
        }
        query = select(QaAuditRow).order_by(QaAuditRow.id)
        if entity is not None:
            query = query.where(QaAuditRow.entity == entity)
        if entity_id is not None:
            query = query.where(QaAuditRow.entity_id == entity_id)
        rows = [row for row in session.scalars(query) if row.entity_id in owned.get(row.entity, set())]
        return [
            {
                "entity": row.entity,
                "id": row.entity_id,
                "action": row.action,
                "actor": row.actor,
                "at": row.at.isoformat(timespec="seconds"),
                "details": row.details,
            }
            for row in rows
        ]


def report(
    store: Store,
    evaluation_id: int,
    by: str = "operator",
    *,
    vendor_id: int | None = None,
    form_code: str | None = None,
) -> list[dict[str, Any]]:
    """Average scores grouped by operator, vendor, item, week (ISO, of the call), month, grader or form."""
    if by not in REPORT_GROUPS:
        raise DataError(msg("qa.service.unknown_grouping_known", by=by, known=", ".join(REPORT_GROUPS)))
    rows = grades(store, evaluation_id, vendor_id=vendor_id, form_code=form_code)
    groups: dict[str, list[float]] = defaultdict(list)
    if by == "item":
        texts = _item_texts(store, evaluation_id, {row["form"] for row in rows})
        for row in rows:
            for code, value in row["answers"].items():
                if value is not None:
                    groups[code].append(100.0 * value)
        return [_summary(code, values, text=texts.get(code)) for code, values in sorted(groups.items())]
    for row in rows:
        if by == "month":
            key = (row["call_at"] or row["submitted_at"])[:7]
        elif by == "week":
            year, week, _day = date.fromisoformat((row["call_at"] or row["submitted_at"])[:10]).isocalendar()
            key = f"{year}-W{week:02d}"
        else:
            key = row[by if by != "form" else "form"] or "—"
        groups[key].append(row["score"])
    return [_summary(key, values) for key, values in sorted(groups.items())]


def _item_texts(store: Store, evaluation_id: int, form_codes: Iterable[str]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for code in form_codes:
        for _group, item in get_form(store, evaluation_id, code).items():
            texts.setdefault(item.code, item.text)
    return texts


def _summary(key: str, values: list[float], **extra: Any) -> dict[str, Any]:
    return {
        "key": key,
        "grades": len(values),
        "average": round(mean(values), 2),
        "min": round(min(values), 2),
        "max": round(max(values), 2),
        **extra,
    }


def vendor_average(store: Store, vendor: VendorRef) -> float | None:
    scores = [row["score"] for row in grades(store, vendor.evaluation_id, vendor_id=vendor.id)]
    return round(mean(scores), 2) if scores else None


# --- quizzes -----------------------------------------------------------------------------------------


def create_quiz(store: Store, evaluation_id: int, quiz: Quiz, actor: str) -> int:
    with store.session() as session:
        taken = select(QaQuizRow.id).where(QaQuizRow.evaluation_id == evaluation_id, QaQuizRow.code == quiz.code)
        if session.scalar(taken) is not None:
            raise DataError(msg("qa.service.quiz_already_exists", code=quiz.code))
        row = QaQuizRow(
            evaluation_id=evaluation_id,
            code=quiz.code,
            name=quiz.name,
            pass_mark=quiz.pass_mark,
            definition=quiz.model_dump(mode="json"),
            created_by=actor,
        )
        session.add(row)
        session.flush()
        _audit(session, "quiz", row.id, "created", actor, code=quiz.code)
        return row.id


def _quiz_row(session: Session, evaluation_id: int, code: str) -> QaQuizRow:
    """The evaluation's quiz (a shared template quiz is readable, and may be taken: results are the
    evaluation's own)."""
    visible = _visible(session, QaQuizRow, evaluation_id)
    row = next((row for row in visible if row.code == code), None)
    if row is None:
        known = ", ".join(row.code for row in visible) or msg("qa.service.none")
        raise DataError(msg("qa.service.quiz_not_found_known", code=code, known=known))
    return row


def quizzes(store: Store, evaluation_id: int) -> list[QaQuizRow]:
    with store.session() as session:
        return _visible(session, QaQuizRow, evaluation_id)


def record_quiz(
    store: Store,
    evaluation_id: int,
    quiz_code: str,
    operator: str,
    answers: dict[str, str],
    *,
    vendor: VendorRef | None = None,
    recorded_by: str,
) -> dict[str, Any]:
    """Score an operator's answers: unanswered questions count as wrong."""
    with store.session() as session:
        _check_vendor(session, evaluation_id, vendor)
        row = _quiz_row(session, evaluation_id, quiz_code)
        quiz = Quiz.model_validate(row.definition)
        known = {question.id for question in quiz.questions}
        unknown = sorted(set(answers) - known)
        if unknown:
            raise DataError(msg("qa.service.quiz_has_no_questions", code=quiz_code, ids=", ".join(unknown)))
        correct = {q.id: q.id in answers and q.accepts(answers[q.id]) for q in quiz.questions}
        score = round(100.0 * sum(correct.values()) / len(quiz.questions), 1)
        result = QaQuizResultRow(
            quiz_id=row.id,
            evaluation_id=evaluation_id,
            vendor_id=vendor.id if vendor else None,
            operator=operator,
            answers=dict(answers),
            score=score,
            passed=score >= quiz.pass_mark,
            recorded_by=recorded_by,
        )
        session.add(result)
        session.flush()
        _audit(session, "quiz_result", result.id, "recorded", recorded_by, quiz=quiz_code, operator=operator)
        return {
            "id": result.id,
            "quiz": quiz_code,
            "operator": operator,
            "vendor": vendor.name if vendor else None,
            "score": score,
            "pass_mark": quiz.pass_mark,
            "passed": result.passed,
            "wrong": [question_id for question_id, ok in correct.items() if not ok],
        }


def quiz_report(
    store: Store, evaluation_id: int, quiz_code: str | None = None, vendor_id: int | None = None
) -> list[dict[str, Any]]:
    """Per operator and quiz: attempts, the last and the best score, passed or not (by the last attempt)."""
    with store.session() as session:
        query = (
            select(QaQuizResultRow, QaQuizRow, VendorRow.name)
            .join(QaQuizRow)
            .outerjoin(VendorRow, VendorRow.id == QaQuizResultRow.vendor_id)
            .where(QaQuizResultRow.evaluation_id == evaluation_id)
            .order_by(QaQuizResultRow.id)
        )
        if quiz_code is not None:
            query = query.where(QaQuizRow.code == quiz_code)
        if vendor_id is not None:
            query = query.where(QaQuizResultRow.vendor_id == vendor_id)
        attempts: dict[tuple[str, str], list[tuple[QaQuizResultRow, QaQuizRow, str | None]]] = defaultdict(list)
        for result, quiz, vendor_name in session.execute(query).all():
            attempts[(quiz.code, result.operator)].append((result, quiz, vendor_name))
        return [
            {
                "quiz": code,
                "operator": operator,
                "vendor": rows[-1][2],
                "attempts": len(rows),
                "last_score": rows[-1][0].score,
                "best_score": max(row.score for row, _quiz, _name in rows),
                "pass_mark": rows[-1][1].pass_mark,
                "passed": rows[-1][0].passed,
            }
            for (code, operator), rows in sorted(attempts.items())
        ]


# --- mystery shopper -----------------------------------------------------------------------------------


def log_mystery_call(
    store: Store,
    vendor: VendorRef,
    *,
    called_at: datetime,
    answered: bool,
    answer_s: float | None,
    rings: int | None,
    transferred: bool = False,
    recording: str | None = None,
    recording_check: dict[str, Any] | None = None,
    notes: str | None = None,
    actor: str,
    form_code: str | None = None,
    answers: dict[str, Any] | None = None,
    operator: str | None = None,
) -> dict[str, Any]:
    """Log a test call and, with a form, its scorecard, in one transaction."""
    if (answer_s is not None and answer_s < 0) or (rings is not None and rings < 0):
        raise DataError(msg("qa.service.answer_time_and_rings_cannot_be"))
    if form_code is not None and not answered:
        raise DataError(msg("qa.service.unanswered_call_cannot_be_graded"))
    with store.session() as session:
        _check_vendor(session, vendor.evaluation_id, vendor)
        call = QaMysteryCallRow(
            evaluation_id=vendor.evaluation_id,
            vendor_id=vendor.id,
            called_at=called_at,
            answered=answered,
            answer_s=answer_s,
            rings=rings,
            transferred=transferred,
            recording=recording,
            recording_check=recording_check,
            notes=notes,
            created_by=actor,
        )
        session.add(call)
        session.flush()
        grade = None
        if form_code is not None:
            grade = _add_grade(
                session,
                _form_row(session, vendor.evaluation_id, form_code, grading=True),
                f"mystery:{call.id}",
                actor,
                answers or {},
                evaluation_id=vendor.evaluation_id,
                vendor=vendor,
                operator=operator,
                call_at=called_at,
                comment=notes,
                item_comments=None,
            )
            call.grade_id = grade.id
        _audit(session, "mystery_call", call.id, "logged", actor, vendor=vendor.name)
        return _mystery_dict(call, grade.score if grade else None, vendor.name)


def _mystery_dict(call: QaMysteryCallRow, score: float | None, vendor: str | None) -> dict[str, Any]:
    check = call.recording_check or {}
    return {
        "id": call.id,
        "vendor": vendor,
        "called_at": call.called_at.isoformat(timespec="minutes"),
        "answered": call.answered,
        "answer_s": call.answer_s,
        "rings": call.rings,
        "transferred": call.transferred,
        "recording": call.recording,
        "recording_verdict": check.get("verdict"),
        "score": score,
        "notes": call.notes,
    }


def mystery_calls(store: Store, evaluation_id: int, vendor_id: int | None = None) -> list[dict[str, Any]]:
    with store.session() as session:
        query = (
            select(QaMysteryCallRow, QaGradeRow.score, VendorRow.name)
            .outerjoin(QaGradeRow, QaGradeRow.id == QaMysteryCallRow.grade_id)
            .outerjoin(VendorRow, VendorRow.id == QaMysteryCallRow.vendor_id)
            .where(QaMysteryCallRow.evaluation_id == evaluation_id)
            .order_by(QaMysteryCallRow.called_at)
        )
        if vendor_id is not None:
            query = query.where(QaMysteryCallRow.vendor_id == vendor_id)
        return [_mystery_dict(call, score, name) for call, score, name in session.execute(query).all()]


def mystery_summary(store: Store, vendor: VendorRef) -> dict[str, Any] | None:
    """What the scoring reads: share answered, mean time to answer and rings, transfers, mean score."""
    calls = mystery_calls(store, vendor.evaluation_id, vendor.id)
    if not calls:
        return None
    answered = [call for call in calls if call["answered"]]
    answer_times = [call["answer_s"] for call in answered if call["answer_s"] is not None]
    rings = [call["rings"] for call in calls if call["rings"] is not None]
    scores = [call["score"] for call in calls if call["score"] is not None]
    return {
        "calls": len(calls),
        "answered_share": round(len(answered) / len(calls), 3),
        "avg_answer_s": round(mean(answer_times), 1) if answer_times else None,
        "avg_rings": round(mean(rings), 1) if rings else None,
        "transferred_share": round(sum(1 for call in answered if call["transferred"]) / len(answered), 3)
        if answered
        else None,
        "score": round(mean(scores), 2) if scores else None,
        "last": calls[-1],
    }


def parse_call_time(value: str) -> datetime:
    """When a call was made, as the user typed it (ISO: ``2026-11-20T10:00``); a clear error otherwise."""
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise DataError(msg("qa.service.date_use_2026_11_20t10_00", value=value)) from None

"""Scorecards (rated once, immutable, audited, averaged), quizzes, mystery shopper, script compliance."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from callscout import workspace
from callscout.audio import synth
from callscout.audio.asr import (
    Segment,
    Transcript,
    engine_installed,
    load_transcript,
    recognizer_from_config,
    transcribe,
)
from callscout.errors import DataError, UsageError
from callscout.i18n import set_language
from callscout.qa import service
from callscout.qa.files import load_yaml_model
from callscout.qa.models import Form, Quiz
from callscout.qa.script import check_script, default_script
from callscout.qa.tables import ImmutableGradeError, QaGradeRow
from callscout.store import Store
from callscout.store.ownership import VendorRef, vendor_ref
from tests.calls_helpers import cli_evaluation
from tests.test_store import postgres_url  # noqa: F401 - the module's PostgreSQL server fixture

FORM_YAML = """\
code: inbound
name: Входящий звонок
groups:
  - name: Начало
    items:
      - {code: greeting, text: Приветствие по скрипту, weight: 1}
      - {code: tone, text: Вежливость, weight: 3, scale: score}
  - name: Продажа
    items:
      - {code: upsell, text: Допродажа, weight: 2, mandatory: false}
bands:
  - {name: отлично, min: 90}
  - {name: норма, min: 60}
  - {name: плохо, min: 0}
"""


EVALUATION = "Контроль качества"
VENDORS = ("A", "B", "Линия 24", "ГолосПро", "X")


def ev(store: Store) -> int:
    """The id of the tests' evaluation: everything QA stores belongs to it."""
    return store.evaluation_id(EVALUATION)


def v(store: Store, name: str) -> VendorRef:
    return vendor_ref(store, ev(store), name)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = f"sqlite:///{tmp_path / 'qa.db'}" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    store = Store(url)
    evaluation = workspace.new_evaluation(EVALUATION, 1000)
    for vendor in VENDORS:
        evaluation = workspace.add_vendor(evaluation, {"name": vendor})
    store.save_evaluation(evaluation)
    form_path = tmp_path / "form.yaml"
    form_path.write_text(FORM_YAML, encoding="utf-8")
    service.create_form(store, ev(store), load_yaml_model(form_path, Form), "lead")
    yield store
    if request.param == "postgresql":
        # Submitted grades cannot be deleted, by design: the next test gets a fresh schema instead.
        with store.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    store.close()


def test_score_is_weighted_and_na_items_are_left_out(store: Store) -> None:
    full = service.rate(store, ev(store), "c1", "inbound", "anna", {"greeting": "да", "tone": 100, "upsell": "нет"})
    assert full["score"] == pytest.approx(100 * (1 * 1 + 3 * 1.0 + 2 * 0) / 6, abs=0.01)
    assert full["band"] == "норма"
    low = service.rate(store, ev(store), "c0", "inbound", "anna", {"greeting": "да", "tone": 80, "upsell": "нет"})
    assert low["score"] == pytest.approx(100 * 3.4 / 6, abs=0.01) and low["band"] == "плохо"
    skipped = service.rate(
        store, ev(store), "c2", "inbound", "anna", {"greeting": "yes", "tone": "95", "upsell": "n/a"}
    )
    assert skipped["score"] == pytest.approx(100 * (1 + 3 * 0.95) / 4, abs=0.01)
    assert skipped["band"] == "отлично"
    assert skipped["answers"]["upsell"] is None


def test_bad_answers_are_all_reported_and_nothing_is_saved(store: Store) -> None:
    with pytest.raises(DataError) as caught:
        service.rate(store, ev(store), "c1", "inbound", "anna", {"tone": 130, "bogus": 1, "upsell": "может быть"})
    details = "\n".join(caught.value.details)
    assert "greeting" in details and "tone" in details and "bogus" in details and "upsell" in details
    with pytest.raises(DataError, match="обязательный"):
        service.rate(store, ev(store), "c1", "inbound", "anna", {"greeting": "na", "tone": 50})
    assert service.grades(store, ev(store)) == []
    assert [entry["action"] for entry in service.audit_trail(store, ev(store))] == ["created"]


def test_a_call_is_rated_once_and_grades_never_change(store: Store) -> None:
    first = service.rate(
        store, ev(store), "c1", "inbound", "anna", {"greeting": "да", "tone": 70}, vendor=v(store, "A"), operator="Ия"
    )
    with pytest.raises(DataError, match="уже оценён: anna") as caught:
        service.rate(store, ev(store), "c1", "inbound", "anna", {"greeting": "да", "tone": 100})
    assert "не меняются" in str(caught.value)
    # Another grader may rate the same call: calibration between graders.
    service.rate(store, ev(store), "c1", "inbound", "boris", {"greeting": "нет", "tone": 60})
    assert [grade["score"] for grade in service.grades(store, ev(store))] == [first["score"], pytest.approx(45.0)]
    trail = service.audit_trail(store, ev(store), "grade", first["id"])
    assert [(entry["action"], entry["actor"]) for entry in trail] == [("submitted", "anna"), ("change_refused", "anna")]
    # The ORM refuses to update a grade, and the database refuses whoever bypasses the ORM.
    with pytest.raises(ImmutableGradeError), store.session() as session:
        session.get(QaGradeRow, first["id"]).score = 100.0
    for statement in ("UPDATE qa_grades SET score = 100", "DELETE FROM qa_answers"):
        with pytest.raises(DBAPIError, match="immutable"), store.engine.begin() as connection:
            connection.execute(text(statement))
    assert service.grades(store, ev(store))[0]["score"] == first["score"]


def test_averages_per_operator_vendor_item_and_month(store: Store) -> None:
    rows = [
        ("c1", "A", "Ия", "2026-09-03T10:00", {"greeting": "да", "tone": 100}),
        ("c2", "A", "Ия", "2026-10-05T10:00", {"greeting": "нет", "tone": 50}),
        ("c3", "A", "Ян", "2026-10-06T10:00", {"greeting": "да", "tone": 90, "upsell": "да"}),
        ("c4", "B", "Ли", "2026-10-07T10:00", {"greeting": "да", "tone": 40}),
    ]
    for call, vendor, operator, when, answers in rows:
        service.rate(
            store,
            ev(store),
            call,
            "inbound",
            "anna",
            answers,
            vendor=v(store, vendor),
            operator=operator,
            call_at=datetime.fromisoformat(when),
        )
    scores = {grade["call"]: grade["score"] for grade in service.grades(store, ev(store))}
    by_operator = {row["key"]: row for row in service.report(store, ev(store), "operator")}
    assert by_operator["Ия"]["average"] == pytest.approx((scores["c1"] + scores["c2"]) / 2, abs=0.01)
    assert by_operator["Ия"]["grades"] == 2
    by_vendor = {row["key"]: row["average"] for row in service.report(store, ev(store), "vendor")}
    assert by_vendor["B"] == pytest.approx(scores["c4"])
    assert service.vendor_average(store, v(store, "A")) == pytest.approx(
        (scores["c1"] + scores["c2"] + scores["c3"]) / 3, abs=0.01
    )
    by_item = {row["key"]: row for row in service.report(store, ev(store), "item")}
    assert by_item["greeting"]["average"] == pytest.approx(75.0)
    assert by_item["tone"]["average"] == pytest.approx(70.0)
    assert by_item["upsell"]["grades"] == 1 and by_item["tone"]["text"] == "Вежливость"
    by_month = {row["key"]: row["grades"] for row in service.report(store, ev(store), "month")}
    assert by_month == {"2026-09": 1, "2026-10": 3}
    assert [row["key"] for row in service.report(store, ev(store), "operator", vendor_id=v(store, "B").id)] == ["Ли"]
    with pytest.raises(DataError, match="группировка"):
        service.report(store, ev(store), "colour")


def test_form_files_report_every_problem_with_lines(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        FORM_YAML.replace("weight: 3", "weight: -3")
        .replace("scale: score", "scale: stars")
        .replace("code: upsell", "code: greeting"),
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        load_yaml_model(path, Form)
    details = "\n".join(caught.value.details)
    assert "строка 7, groups[0].items[1].weight" in details and "weight" in details and "scale" in details
    path.write_text(FORM_YAML.replace("code: upsell", "code: greeting"), encoding="utf-8")
    with pytest.raises(DataError, match="greeting") as caught:
        load_yaml_model(path, Form)


def test_quiz_results_and_pass_mark(store: Store) -> None:
    quiz = Quiz.model_validate(
        {
            "code": "returns",
            "name": "Возвраты",
            "pass_mark": 75,
            "questions": [
                {"id": "days", "text": "Сколько дней на возврат?", "answer": "14"},
                {"id": "receipt", "text": "Нужен ли чек?", "answer": ["нет", "не нужен"]},
                {"id": "refund", "text": "Куда возвращаем деньги?", "answer": "на карту"},
                {"id": "delivery", "text": "Кто платит за доставку брака?", "answer": "магазин"},
            ],
        }
    )
    service.create_quiz(store, ev(store), quiz, "lead")
    first = service.record_quiz(
        store,
        ev(store),
        "returns",
        "Ия",
        {"days": "14", "receipt": "Не  нужен", "refund": "наличными"},
        vendor=v(store, "A"),
        recorded_by="lead",
    )
    assert first["score"] == 50.0 and not first["passed"] and first["wrong"] == ["refund", "delivery"]
    second = service.record_quiz(
        store,
        ev(store),
        "returns",
        "Ия",
        {"days": "14", "receipt": "нет", "refund": "На карту", "delivery": "магазин"},
        vendor=v(store, "A"),
        recorded_by="lead",
    )
    assert second["passed"]
    (row,) = service.quiz_report(store, ev(store))
    assert row["attempts"] == 2 and row["best_score"] == 100.0 and row["passed"]
    with pytest.raises(DataError, match="нет вопросов: colour"):
        service.record_quiz(store, ev(store), "returns", "Ия", {"colour": "red"}, recorded_by="lead")
    with pytest.raises(DataError, match="не найден"):
        service.record_quiz(store, ev(store), "nope", "Ия", {}, recorded_by="lead")


def test_mystery_call_with_scorecard_is_one_transaction(store: Store) -> None:
    logged = service.log_mystery_call(
        store,
        v(store, "Линия 24"),
        called_at=datetime(2026, 11, 20, 21, 30),
        answered=True,
        answer_s=18.0,
        rings=4,
        transferred=True,
        recording_check={"verdict": "acceptable"},
        actor="buyer",
        form_code="inbound",
        answers={"greeting": "да", "tone": 90, "upsell": "нет"},
    )
    assert logged["score"] == pytest.approx(100 * (1 + 2.7) / 6, abs=0.01)
    with pytest.raises(DataError):  # a bad scorecard leaves no half-logged call behind
        service.log_mystery_call(
            store,
            v(store, "Линия 24"),
            called_at=datetime(2026, 11, 21),
            answered=True,
            answer_s=5.0,
            rings=1,
            actor="buyer",
            form_code="inbound",
            answers={"tone": 500},
        )
    service.log_mystery_call(
        store,
        v(store, "Линия 24"),
        called_at=datetime(2026, 11, 22),
        answered=False,
        answer_s=None,
        rings=12,
        actor="buyer",
    )
    summary = service.mystery_summary(store, v(store, "Линия 24"))
    assert summary["calls"] == 2 and summary["answered_share"] == 0.5
    assert summary["avg_answer_s"] == 18.0 and summary["avg_rings"] == 8.0 and summary["transferred_share"] == 1.0
    assert summary["score"] == logged["score"]
    assert service.mystery_summary(store, v(store, "ГолосПро")) is None
    with pytest.raises(DataError, match="неотвеченный"):
        service.log_mystery_call(
            store,
            v(store, "X"),
            called_at=datetime(2026, 1, 1),
            answered=False,
            answer_s=None,
            rings=3,
            actor="b",
            form_code="inbound",
            answers={},
        )


# --- script compliance -------------------------------------------------------------------------------

CALL = [
    Segment(0.5, 4.0, "Добрый день! Интернет-магазин «Ромашка», меня зовут Ольга.", "operator"),
    Segment(4.5, 7.0, "Здравствуйте, хочу заказать чайник.", "customer"),
    Segment(7.5, 11.0, "Подскажите, пожалуйста, какой объём вас интересует?", "operator"),
    Segment(11.5, 14.0, "Литра полтора. Но у вас дорого.", "customer"),
    Segment(14.5, 20.0, "Понимаю вас. Могу предложить модель со скидкой, зато гарантия два года.", "operator"),
    Segment(20.5, 26.0, "Оформляю ваш заказ: чайник, доставка завтра. Правильно ли я поняла?", "operator"),
    Segment(26.5, 28.0, "Да. До свидания.", "customer"),
    Segment(28.5, 30.0, "Спасибо за звонок, всего доброго!", "operator"),
]


def test_a_compliant_call_passes_with_phrases_and_times() -> None:
    result = check_script(Transcript(CALL), default_script(["Ромашка"], ["Ольга"]))
    found = {item["category"]: item for item in result["checklist"]}
    assert all(item["found"] for item in found.values()), [k for k, v in found.items() if not v["found"]]
    assert found["greeting"]["phrase"] == "Добрый день" and found["greeting"]["time_s"] == 0.5
    assert found["operator_name"]["phrase"] == "меня зовут Ольга"
    assert found["company_name"]["phrase"] == "Ромашка"
    # Lemmas: "Оформляю ваш заказ" matches the variant "оформить заказ" with one word between.
    assert found["order_confirmation"]["phrase"] == "Оформляю ваш заказ"
    assert 20.5 <= found["order_confirmation"]["time_s"] < 26.0
    assert found["farewell"]["speaker"] == "operator"  # the customer's "до свидания" does not count
    assert result["score"] == 100.0 and result["passed"] and result["forbidden"] == []


def test_missing_items_and_pushy_phrases_fail() -> None:
    rude = [
        Segment(40.0, 44.0, "Алло. Что вам?", "operator"),
        Segment(44.5, 50.0, "Берите сейчас, это последний шанс, только сегодня! Все берут.", "operator"),
        Segment(50.0, 52.0, "Девушка, я не знаю, перезвоните позже.", "operator"),
    ]
    result = check_script(Transcript(rude), default_script(["Ромашка"]))
    missing = {item["category"] for item in result["checklist"] if item["required"] and not item["found"]}
    assert {"greeting", "company_name", "operator_name", "farewell", "order_confirmation"} <= missing
    heard = [hit["variant"] for hit in result["forbidden"]]
    assert {"последний шанс", "только сегодня", "все берут", "девушка", "я не знаю", "перезвоните позже"} <= set(heard)
    assert result["forbidden"][0]["time_s"] >= 44.5
    assert not result["passed"] and result["score"] < 30


def test_late_greeting_does_not_count() -> None:
    late = [Segment(0.0, 35.0, "Алло алло", "operator"), Segment(45.0, 47.0, "Здравствуйте", "operator")]
    greeting = check_script(Transcript(late))["checklist"][0]
    assert greeting["found"] and greeting["late"]


def test_transcripts_from_text_and_json(tmp_path: Path) -> None:
    text_file = tmp_path / "call.txt"
    text_file.write_text(
        "[00:01] Оператор: Добрый день, меня зовут Ольга\n[01:05] Клиент: до свидания\n", encoding="utf-8"
    )
    transcript = load_transcript(text_file)
    assert [(s.start, s.speaker) for s in transcript.segments] == [(1.0, "operator"), (65.0, "customer")]
    json_file = tmp_path / "call.json"
    json_file.write_text(json.dumps(Transcript(CALL).to_dict(), ensure_ascii=False), encoding="utf-8")
    assert load_transcript(json_file).segments == CALL
    json_file.write_text('{"segments": [{"start": 1}]}', encoding="utf-8")
    with pytest.raises(DataError, match="segments"):
        load_transcript(json_file)


def test_transcription_without_a_model_says_what_is_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CALLSCOUT_ASR_MODEL", raising=False)
    with pytest.raises(UsageError, match="не настроено"):
        recognizer_from_config()
    with pytest.raises(UsageError, match="не найдена"):
        recognizer_from_config("faster-whisper", tmp_path / "absent")
    with pytest.raises(UsageError, match="неизвестный движок"):
        recognizer_from_config("whisper.cpp", tmp_path)


def _cli(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The console entry point in this process (a subprocess per command would take most of the test's time)."""
    from callscout.cli.main import run

    out, err = io.StringIO(), io.StringIO()
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        with redirect_stdout(out), redirect_stderr(err), pytest.MonkeyPatch.context() as patch:
            patch.setattr(sys, "argv", ["callscout", *arguments])
            try:
                run()
                code = 0
            except SystemExit as exit_:
                code = int(exit_.code or 0)
    finally:
        os.chdir(previous)
        set_language(None)
    return subprocess.CompletedProcess(list(arguments), code, out.getvalue(), err.getvalue())


def test_qa_commands_end_to_end(tmp_path: Path) -> None:
    cli_evaluation("A")
    (tmp_path / "form.yaml").write_text(FORM_YAML, encoding="utf-8")
    assert _cli("qa", "form", "create", "form.yaml", "--by", "lead", cwd=tmp_path).returncode == 0
    listed = json.loads(_cli("qa", "form", "list", "--output", "json", cwd=tmp_path).stdout)
    assert listed[0]["code"] == "inbound" and listed[0]["items"] == 3
    rate = (
        "qa",
        "rate",
        "call-7",
        "--form",
        "inbound",
        "--grader",
        "anna",
        "--vendor",
        "A",
        "--operator",
        "Ия",
        "-a",
        "greeting=да",
        "-a",
        "tone=90",
        "--output",
        "json",
    )
    first = _cli(*rate, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["score"] == pytest.approx(92.5)
    again = _cli(*rate, cwd=tmp_path)
    assert again.returncode == 1 and "уже оценён" in again.stderr
    report = json.loads(_cli("qa", "report", "--by", "vendor", "--output", "json", cwd=tmp_path).stdout)
    assert report == [{"key": "A", "grades": 1, "average": 92.5, "min": 92.5, "max": 92.5}]
    table = _cli("qa", "report", cwd=tmp_path)
    assert table.returncode == 0 and "Ия" in table.stdout
    audit = json.loads(_cli("qa", "audit", "--output", "json", cwd=tmp_path).stdout)
    assert [entry["action"] for entry in audit] == ["created", "submitted", "change_refused"]
    logged = _cli(
        "qa",
        "shopper",
        "log",
        "--vendor",
        "A",
        "--at",
        "2026-11-20T21:30",
        "--answer-s",
        "12",
        "--rings",
        "3",
        "--form",
        "inbound",
        "-a",
        "greeting=да",
        "-a",
        "tone=80",
        "--output",
        "json",
        cwd=tmp_path,
    )
    assert logged.returncode == 0, logged.stderr
    assert json.loads(logged.stdout)["score"] == pytest.approx(85.0)
    assert "A" in _cli("qa", "shopper", "list", cwd=tmp_path).stdout
    (tmp_path / "call.txt").write_text("[00:00] оператор: Добрый день, меня зовут Ольга\n", encoding="utf-8")
    checked = _cli("audio", "script", "call.txt", "--output", "json", cwd=tmp_path)
    assert checked.returncode == 1  # no offer, no farewell: findings
    assert json.loads(checked.stdout)["checklist"][0]["phrase"] == "Добрый день"
    no_model = _cli("audio", "transcribe", "call.wav", cwd=tmp_path)
    assert no_model.returncode == 2 and "не настроено" in no_model.stderr


class _LoudnessRecognizer:
    """A recogniser double that "hears" where its channel is loud: enough to test channel handling."""

    name = "loudness"

    def __init__(self) -> None:
        self.lengths: list[int] = []

    def transcribe_samples(self, samples: np.ndarray) -> list[Segment]:
        self.lengths.append(len(samples))
        frames = samples[: len(samples) // 16000 * 16000].reshape(-1, 16000)
        loud = np.flatnonzero(np.sqrt(np.mean(frames**2, axis=1)) > 0.01)
        return [Segment(float(second), float(second + 1), "слово") for second in loud[:1]]


def test_stereo_transcription_labels_speakers_by_channel() -> None:
    rate = 8000
    left = np.zeros(rate * 6)
    right = np.zeros(rate * 6)
    left[rate * 1 : rate * 2] = 0.3 * np.sin(np.arange(rate) * 0.3)
    right[rate * 3 : rate * 4] = 0.3 * np.sin(np.arange(rate) * 0.2)
    wav = synth.to_wav_bytes(np.stack([left, right], axis=1), rate)
    recognizer = _LoudnessRecognizer()
    transcript = transcribe(wav, recognizer, name="call.wav")
    assert recognizer.lengths == [16000 * 6, 16000 * 6]  # each channel, resampled to 16 kHz
    assert [(s.start, s.speaker) for s in transcript.segments] == [(1.0, "operator"), (3.0, "customer")]
    swapped = transcribe(wav, _LoudnessRecognizer(), name="call.wav", operator_channel=1)
    assert [s.speaker for s in swapped.segments] == ["customer", "operator"]
    assert transcript.duration_s == 6.0


@pytest.mark.skipif(not engine_installed("faster-whisper"), reason="faster-whisper is not installed")
def test_faster_whisper_refuses_a_folder_without_a_model(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"нет model\.bin"):
        recognizer_from_config("faster-whisper", tmp_path)
    (tmp_path / "model.bin").write_bytes(b"not a model")
    with pytest.raises(UsageError, match="не загружается"):
        recognizer_from_config("faster-whisper", tmp_path)


def test_long_calls_reach_the_recogniser_in_bounded_pieces_with_true_times(monkeypatch: pytest.MonkeyPatch) -> None:
    from callscout.audio import asr

    monkeypatch.setattr(asr, "CHUNK_S", 4)
    rate = 8000
    mono = np.zeros(rate * 25)
    mono[rate * 13 : rate * 14] = 0.3 * np.sin(np.arange(rate) * 0.3)
    recognizer = _LoudnessRecognizer()
    transcript = transcribe(synth.to_wav_bytes(mono, rate), recognizer, name="long.wav")
    assert max(recognizer.lengths) <= 16000 * 10 and sum(recognizer.lengths) == 16000 * 25
    assert [(s.start, s.speaker) for s in transcript.segments] == [(13.0, None)]


def test_migration_0003_matches_the_quality_tables(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from callscout.store.tables import Base

    store = Store(f"sqlite:///{tmp_path / 'fresh.db'}")
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    store.close()
    assert [item for item in differences if "qa_" in repr(item)] == []


def test_templates_are_valid_definitions(tmp_path: Path) -> None:
    cli_evaluation()
    for kind, model in (("form", Form), ("quiz", Quiz)):
        printed = _cli("qa", kind, "template", cwd=tmp_path)
        assert printed.returncode == 0
        path = tmp_path / f"{kind}.yaml"
        path.write_text(printed.stdout, encoding="utf-8")
        assert load_yaml_model(path, model).code.startswith("domtehnika")
        assert _cli("qa", kind, "create", str(path), cwd=tmp_path).returncode == 0
    created_again = _cli("qa", "form", "create", "form.yaml", cwd=tmp_path)
    assert created_again.returncode == 1 and "уже есть" in created_again.stderr


def test_the_recordings_service_finds_a_recording_only_within_its_evaluation(store: Store) -> None:
    """qa.recordings (behind the cabinet's recordings pages): a recording, its transcript flags and its
    grades are reached through its evaluation; the same run id asked within another evaluation, even one
    with a same-named vendor, is not found."""
    from callscout.qa.recordings import RecordingNotFound, Recordings

    ours = store.save_evaluation(workspace.add_vendor(workspace.new_evaluation("Наша", 100), {"name": "Линия"}))
    theirs = store.save_evaluation(workspace.add_vendor(workspace.new_evaluation("Чужая", 100), {"name": "Линия"}))
    owner = vendor_ref(store, ours, "Линия")
    from callscout.audio import assess_bytes

    check = assess_bytes(synth.to_wav_bytes(synth.voice(3.0, 16000, seed=1), 16000), "call.wav")
    run_id = store.record_run("audio", "/nowhere/call.wav", [], summary=check, vendor_id=owner.id, evaluation_id=ours)
    service = Recordings(store)
    run, vendor = service.get(ours, run_id)
    assert run.id == run_id and vendor == owner
    with pytest.raises(RecordingNotFound):
        service.get(theirs, run_id)
    assert service.stored_file(run) is None  # a path the run names but the service did not keep is never served

    assert [item.flags for item in service.listed(ours)] == [None]  # no transcript: unknown
    evaluation = store.evaluation_by_id(ours)
    assert evaluation is not None
    spoken = Transcript([Segment(0, 3, "Это безобразие, я напишу претензию", "customer")], "text")
    service.add_transcript(ours, evaluation, run, spoken)
    [listed] = service.listed(ours)
    assert listed.flag_kind == "complaint" and listed.flags and "претензия" in listed.flags[0]["cues"]
    assert service.listed(theirs) == []

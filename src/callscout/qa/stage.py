"""Pipeline stage ``quality``: per vendor, the checked call recordings (latest check of each), the
average scorecard grade, the mystery-shopper summary, operator quizzes and the latest script check.

The section by vendor name: = ``{"recordings": [...], "qa_average": 0-100 | None,
"mystery_shopper": {...} | None, "quizzes": {...} | None, "script": {...} | None, "script_missing": why
there is no script check though there are recordings | None}``; the scoring reads it.
"""

from __future__ import annotations

from typing import Any

from callscout.audio.asr import configuration_problem
from callscout.audio.verdict import judge
from callscout.i18n import msg
from callscout.model import Finding
from callscout.model.findings import keep_the_key
from callscout.model.run import RunContext
from callscout.qa import service
from callscout.store import Store
from callscout.store.ownership import vendor_ref

RECORDING_KEYS = (
    "verdict",
    "reasons",
    "duration_s",
    "sample_rate",
    "channels",
    "bandwidth_hz",
    "narrowband",
    "upsampled",
    "snr_db",
    "snr_method",
    "noise_floor_dbfs",
    "clipping_ratio",
    "speech_ratio",
    "background_speech",
    "longest_silence_s",
    "stereo",
)


def _display_name(target: str) -> str:
    """A file's or URL's last part: full paths and query strings only clutter the report."""
    tail = target.split("?", 1)[0].rstrip("/").replace("\\", "/").rsplit("/", 1)[-1]
    return tail or target


def _vendor_quality(store: Store, evaluation_id: int, vendor: str) -> dict[str, Any]:
    owner = vendor_ref(store, evaluation_id, vendor)
    vendor_id = owner.id
    recordings: dict[str, dict[str, Any]] = {}
    script = None
    if vendor_id is not None:
        for run in store.runs(kind="audio", vendor_id=vendor_id, limit=200):  # newest first
            if run.target not in recordings and "verdict" in run.summary:
                measures = {key: run.summary.get(key) for key in RECORDING_KEYS}
                # Judged again from the stored measures: the reasons come out in the report's language.
                measures["verdict"], reasons = judge(run.summary)
                # Each reason's text kept with its key (the report shows it in the reader's language).
                measures["reasons"] = [{**reason, "message": keep_the_key(reason["message"])} for reason in reasons]
                recordings[run.target] = {
                    "name": _display_name(run.target),
                    "source": run.target,
                    "checked_at": run.started_at.isoformat(timespec="seconds"),
                    **measures,
                }
        latest_script = store.runs(kind="script", vendor_id=vendor_id, limit=1)
        script = latest_script[0].summary if latest_script else None
    quizzes = service.quiz_report(store, evaluation_id, vendor_id=owner.id)
    return {
        "recordings": sorted(recordings.values(), key=lambda item: item["name"]),
        "qa_average": service.vendor_average(store, owner),
        "qa_grades": len(service.grades(store, evaluation_id, vendor_id=owner.id)),
        "mystery_shopper": service.mystery_summary(store, owner),
        "quizzes": {
            "operators": len(quizzes),
            "passed_share": round(sum(1 for row in quizzes if row["passed"]) / len(quizzes), 3),
            "results": quizzes,
        }
        if quizzes
        else None,
        "script": script,
        # Only where there are calls to transcribe; without recordings the report says "no recordings".
        "script_missing": _no_script_reason() if recordings and not script else None,
    }


def _no_script_reason() -> str:
    """Why a vendor has no script check: the report says it rather than showing an empty cell."""
    problem = configuration_problem()
    if problem:
        return msg("qa.stage.script_not_checked_no_call_transcript", problem=problem)
    return msg("qa.stage.script_not_checked_none_of_vendor")


def quality_stage(context: RunContext, _document: Any) -> dict[str, Any]:
    quality: dict[str, Any] = {}
    for vendor in context.evaluation.vendors:
        try:
            quality[vendor.name] = _vendor_quality(context.store, context.evaluation_id, vendor.name)
        except Exception as error:  # noqa: BLE001 - one vendor's broken data must not cost the whole report
            finding = Finding.check_failed("quality", error)
            quality[vendor.name] = {
                "recordings": [],
                "qa_average": None,
                "qa_grades": 0,
                "mystery_shopper": None,
                "quizzes": None,
                "script": None,
                "script_missing": None,
                "error": finding.message,
            }
    return quality


# What the quality and calls criteria read, by input: (key, label, the command that supplies it).
_INPUTS = (
    (
        "call_log",
        ("журнал звонков", "call log"),
        'callscout calls import ЖУРНАЛ --vendor "{vendor}" (или calls_log в файле оценки)',
    ),
    (
        "recordings",
        ("проверенные записи разговоров", "checked call recordings"),
        'callscout audio check ЗАПИСЬ.wav --vendor "{vendor}" -f ФАЙЛ_ОЦЕНКИ',
    ),
    (
        "qa_grades",
        ("оценки звонков по форме QA", "QA scorecard grades"),
        'callscout qa rate ЗВОНОК --vendor "{vendor}" …',
    ),
    ("quizzes", ("тесты операторов", "operator quizzes"), 'callscout qa quiz record … --vendor "{vendor}"'),
    (
        "mystery_shopper",
        ("контрольные звонки", "mystery-shopper calls"),
        'callscout qa shopper log --vendor "{vendor}" …',
    ),
)


def missing_inputs(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The inputs a run had none of, per kind: ``{"input", "label", "vendors": [...], "action"}``. Their
    criteria stay unknown; a run that lacks them cannot agree with one that had them (the demo seeds
    recordings, grades, quizzes and test calls into its own store), and says so rather than differing
    silently."""
    from callscout.i18n import pick

    quality = document.get("quality") or {}
    with_calls = set(((document.get("calls") or {}).get("vendors") or {}).keys())
    names = [vendor.get("name") for vendor in document.get("vendors") or [] if vendor.get("name")]
    lacking: dict[str, list[str]] = {key: [] for key, _label, _action in _INPUTS}
    for name in names:
        held = quality.get(name) or {}
        if name not in with_calls:
            lacking["call_log"].append(name)
        if not held.get("recordings"):
            lacking["recordings"].append(name)
        if not held.get("qa_grades"):
            lacking["qa_grades"].append(name)
        if not held.get("quizzes"):
            lacking["quizzes"].append(name)
        if not held.get("mystery_shopper"):
            lacking["mystery_shopper"].append(name)
    return [
        {
            "input": key,
            "label": pick(*label),
            "vendors": lacking[key],
            "action": action.format(vendor=lacking[key][0]),
        }
        for key, label, action in _INPUTS
        if lacking[key]
    ]

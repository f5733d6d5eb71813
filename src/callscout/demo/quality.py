"""Demo quality control: synthesised recordings on the vendors' sites (clean, noisy, other voices,
clipped, phone-band, a stereo dialogue), a scorecard with grades, operator quizzes, mystery-shopper
calls and two transcripts, all put into the demo's own store the way a user's commands would."""

from __future__ import annotations

from datetime import datetime
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from callscout.audio import assess_file, record_assessment, synth
from callscout.audio.asr import load_transcript
from callscout.model import Evaluation
from callscout.qa import service
from callscout.qa.files import load_yaml_model
from callscout.qa.models import Form, Quiz
from callscout.qa.script import check_script, default_script
from callscout.store import Store
from callscout.store.ownership import vendor_refs

DEMO_ACTOR = "Мария (ДомТехника)"
DEMO_COMPANY = ["ДомТехника"]
RECORDING_SECONDS = 20.0


def _data(name: str) -> Path:
    return Path(str(files("callscout.demo").joinpath(f"data/quality/{name}")))


def demo_recording(kind: str, seed: int) -> tuple[np.ndarray, int]:
    """The signal of one demo recording, the same on every run."""
    rate = 16000
    voice = synth.voice(RECORDING_SECONDS, rate, seed=seed, f0_hz=190.0)
    if kind == "clean":
        return voice, rate
    if kind == "white_noise":
        return synth.mix_at_snr(voice, synth.white_noise(RECORDING_SECONDS, rate, seed=seed), 6.0), rate
    if kind == "background_voices":
        return synth.mix_at_snr(voice, synth.background_voices(RECORDING_SECONDS, rate, seed=seed + 10), 10.0), rate
    if kind == "clipped":
        return synth.clip(voice, gain_db=20.0), rate
    if kind == "narrowband":
        return synth.narrowband(voice, rate), 8000
    if kind == "stereo":
        return synth.stereo_call(RECORDING_SECONDS * 2, 8000, seed=seed), 8000
    raise ValueError(f"unknown demo recording kind {kind!r}")


def seed_quality(store: Store, evaluation: Evaluation, out_dir: Path) -> None:
    plan: dict[str, Any] = yaml.safe_load(_data("plan.yaml").read_text(encoding="utf-8"))
    evaluation_id = store.save_evaluation(evaluation)
    recordings_dir = out_dir / "recordings"
    recordings_dir.mkdir(parents=True, exist_ok=True)
    checks: dict[str, dict[str, Any]] = {}
    for vendor, recordings in plan["recordings"].items():
        vendor_id = store.vendor_id(evaluation.name, vendor)
        for recording in recordings:
            samples, rate = demo_recording(recording["kind"], recording["seed"])
            path = recordings_dir / recording["name"]
            path.write_bytes(synth.to_wav_bytes(samples, rate))
            result = assess_file(path)
            result["file"] = recording["name"]
            checks[recording["name"]] = result
            record_assessment(store, result, recording["name"], vendor_id=vendor_id, evaluation_id=evaluation_id)

    form = load_yaml_model(_data("form.yaml"), Form)
    refs = {ref.name: ref for ref in vendor_refs(store, evaluation_id)}
    if form.code not in {item["code"] for item in service.list_forms(store, evaluation_id)}:
        service.create_form(store, evaluation_id, form, DEMO_ACTOR)
        for grade in plan["grades"]:
            service.rate(
                store,
                evaluation_id,
                grade["call"],
                form.code,
                grade["grader"],
                grade["answers"],
                vendor=refs[grade["vendor"]],
                operator=grade["operator"],
                call_at=datetime.fromisoformat(grade["at"]),
            )
        quiz = load_yaml_model(_data("quiz.yaml"), Quiz)
        service.create_quiz(store, evaluation_id, quiz, DEMO_ACTOR)
        for result in plan["quiz_results"]:
            service.record_quiz(
                store,
                evaluation_id,
                quiz.code,
                result["operator"],
                result["answers"],
                vendor=refs[result["vendor"]],
                recorded_by=DEMO_ACTOR,
            )
        for call in plan["mystery_calls"]:
            recording = call.get("recording")
            service.log_mystery_call(
                store,
                refs[call["vendor"]],
                called_at=datetime.fromisoformat(call["at"]),
                answered=call["answered"],
                answer_s=call.get("answer_s"),
                rings=call.get("rings"),
                transferred=call.get("transferred", False),
                recording=recording,
                recording_check=checks.get(recording) if recording else None,
                actor=DEMO_ACTOR,
                form_code=form.code if call.get("answers") else None,
                answers=call.get("answers"),
            )

    for vendor, text in plan["transcripts"].items():
        path = recordings_dir / f"{vendor} — transcript.txt"
        path.write_text(text, encoding="utf-8")
        result = check_script(load_transcript(path), default_script(DEMO_COMPANY))
        store.record_run(
            "script",
            path.name,
            [],
            summary=result,
            vendor_id=store.vendor_id(evaluation.name, vendor),
            evaluation_id=evaluation_id,
        )

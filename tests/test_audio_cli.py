"""``callscout audio check`` as a user runs it, and its results reaching the report's quality section."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from callscout import evalfile, pipeline
from callscout.audio import synth
from callscout.store import Store
from tests.test_qa import _cli

CONTRACT_KEYS = {
    "verdict",
    "reasons",
    "duration_s",
    "sample_rate",
    "bandwidth_hz",
    "snr_db",
    "noise_floor_dbfs",
    "clipping_ratio",
    "speech_ratio",
    "background_speech",
}


def _recordings(folder: Path) -> None:
    voice = synth.voice(8.0, 16000, seed=2)
    (folder / "clean.wav").write_bytes(synth.to_wav_bytes(voice, 16000))
    (folder / "clipped.wav").write_bytes(synth.to_wav_bytes(synth.clip(voice), 16000))
    (folder / "page.mp3").write_bytes(b"<html><body>not found</body></html>")


def test_check_json_keys_and_exit_codes(tmp_path: Path) -> None:
    _recordings(tmp_path)
    run = subprocess.run(
        [sys.executable, "-m", "callscout", "audio", "check", "clean.wav", "--output", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    (clean,) = json.loads(run.stdout)
    assert set(clean) >= CONTRACT_KEYS and clean["verdict"] == "good"
    mixed = _cli(
        "--lang", "en", "audio", "check", "clean.wav", "clipped.wav", "page.mp3", "--output", "json", cwd=tmp_path
    )
    assert mixed.returncode == 1  # a poor recording and a broken file are findings
    results = {Path(item["file"]).name: item for item in json.loads(mixed.stdout)}
    assert results["clipped.wav"]["verdict"] == "poor"
    assert results["page.mp3"]["error"].startswith("page.mp3: not audio but a text/HTML page")
    table = _cli("audio", "check", "clean.wav", "page.mp3", cwd=tmp_path)
    assert "хорошо" in table.stdout and "HTML" in table.stdout


def test_checked_recordings_appear_in_the_vendor_quality_section(tmp_path: Path, demo_yaml: str) -> None:
    _recordings(tmp_path)
    (tmp_path / "callscout.yaml").write_text(demo_yaml, encoding="utf-8")
    saved = _cli("audio", "check", "clipped.wav", "--vendor", "Call Mind", cwd=tmp_path)
    assert saved.returncode == 1 and "перегрузка" in saved.stdout
    unknown = _cli("audio", "check", "clean.wav", "--vendor", "Нет Такого", cwd=tmp_path)
    assert unknown.returncode == 1 and "не найден" in unknown.stderr
    store = Store()
    try:
        result = pipeline.run(evalfile.load(tmp_path / "callscout.yaml"), store, tmp_path / "out")
    finally:
        store.close()
    (recording,) = result.document["quality"]["Call Mind"]["recordings"]
    assert recording["name"] == "clipped.wav" and recording["verdict"] == "poor"
    assert result.document["quality"]["ГолосПро"] == {
        "recordings": [],
        "qa_average": None,
        "qa_grades": 0,
        "mystery_shopper": None,
        "quizzes": None,
        "script": None,
        "script_missing": None,
    }

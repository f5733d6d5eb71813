"""Transcription speed and accuracy on CPU with a local faster-whisper model (``make asr-model`` gives
Whisper base; any model folder in ``CALLSCOUT_ASR_MODEL`` works), on:

- the demo's six recordings (synthetic speech-like signals without words: speed, and how much text
  Whisper makes up from sound that is not speech);
- call-centre phrases spoken by espeak-ng in Russian, one by one: word error rate (WER) and which
  of the expected words come out;
- the same phrases as one longer call: ours (our VAD's phrases packed into 30 s windows) against the
  peer in the same run, faster-whisper on the whole array with the same decoding settings: times real
  time, CPU seconds, WER of both; and ours again with float32 weights instead of int8 (``auto``).

Times real time = audio seconds / wall seconds (a stereo call counts its length once, though both
channels are transcribed). The model runs on ``CALLSCOUT_BENCH_ASR_THREADS`` CPU threads (default 1)
on the CPU; with a GPU, set ``CALLSCOUT_BENCH_ASR_DEVICE=cuda``. Longer call: ``CALLSCOUT_BENCH_ASR_SECONDS``
(default 60). Where no model or engine is there, the result says so and nothing runs.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np

from callscout.audio import asr, synth
from callscout.demo.quality import demo_recording

DEFAULT_MODEL = Path(__file__).resolve().parents[1] / "models" / "whisper-base"
DEMO_KINDS = ("clean", "white_noise", "background_voices", "clipped", "narrowband", "stereo")
PHRASES = (
    "Здравствуйте! Интернет-магазин ДомТехника, меня зовут Анна.",
    "Чем могу помочь?",
    "Подскажите, пожалуйста, какой объём загрузки вам нужен?",
    "Могу предложить модель на девять комплектов.",
    "Доставка бесплатная, гарантия три года.",
    "Оформляю ваш заказ, доставка в четверг.",
    "Спасибо за звонок, всего доброго!",
    "До свидания!",
)


def words(text: str) -> list[str]:
    return re.findall(r"[а-яa-z0-9]+", text.lower().replace("ё", "е"))


def word_errors(reference: list[str], hypothesis: list[str]) -> int:
    """Substitutions + deletions + insertions (Levenshtein distance over words)."""
    previous = list(range(len(hypothesis) + 1))
    for index, word in enumerate(reference, 1):
        current = [index]
        for column, heard in enumerate(hypothesis, 1):
            current.append(min(previous[column] + 1, current[-1] + 1, previous[column - 1] + (word != heard)))
        previous = current
    return previous[-1]


def wer(reference: str, hypothesis: str) -> float:
    expected = words(reference)
    return round(word_errors(expected, words(hypothesis)) / max(1, len(expected)), 3)


def _timed(function: Any, *arguments: Any) -> tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*arguments)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def run() -> dict:
    model_path = Path(os.environ.get("CALLSCOUT_ASR_MODEL") or DEFAULT_MODEL)
    threads = int(os.environ.get("CALLSCOUT_BENCH_ASR_THREADS", "1"))
    device = os.environ.get("CALLSCOUT_BENCH_ASR_DEVICE", "cpu")
    seconds = float(os.environ.get("CALLSCOUT_BENCH_ASR_SECONDS", "60"))
    results: dict[str, Any] = {
        "engine": "faster-whisper",
        "model": model_path.name,
        "device": device,
        "cpu_threads": threads,
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "gigaam": {"available": asr.engine_installed("gigaam"), "note": "needs torch and a local checkpoint"},
    }
    if not asr.engine_installed("faster-whisper") or not (model_path / "model.bin").is_file():
        results["available"] = False
        results["reason"] = f"no faster-whisper or no model in {model_path}: run `make asr-model`"
        return results
    recognizer, load_s, _ = _timed(lambda: asr.FasterWhisperRecognizer(model_path, device=device, cpu_threads=threads))
    results["available"] = True
    results["load_s"] = round(load_s, 2)
    results["demo_recordings"] = _demo_recordings(recognizer)
    if shutil.which("espeak-ng") is None:
        results["espeak"] = {"available": False, "reason": "espeak-ng is not installed"}
        return results
    spoken = [synth.spoken(text, asr.ASR_RATE) for text in PHRASES]
    results["phrases"] = _phrases(recognizer, spoken)
    results["long_call"] = _long_call(recognizer, spoken, seconds)
    if device == "cpu":
        # Why compute_type "auto" (int8 on CPU): the same call through a float32 copy of the model.
        float32 = asr.FasterWhisperRecognizer(model_path, device=device, compute_type="float32", cpu_threads=threads)
        results["long_call"]["float32_x_realtime"] = _long_call(float32, spoken, seconds)["ours_x_realtime"]
    return results


def _demo_recordings(recognizer: asr.FasterWhisperRecognizer) -> dict:
    audio_s = wall_s = cpu_s = 0.0
    made_up: dict[str, str] = {}
    for seed, kind in enumerate(DEMO_KINDS, 1):
        samples, rate = demo_recording(kind, seed)
        transcript, wall, cpu = _timed(asr.transcribe, synth.to_wav_bytes(samples, rate), recognizer)
        audio_s += len(samples) / rate
        wall_s += wall
        cpu_s += cpu
        made_up[kind] = transcript.text[:80]
    return {
        "audio_s": round(audio_s, 1),
        "x_realtime": round(audio_s / wall_s, 2),
        "cpu_s": round(cpu_s, 1),
        "text_from_wordless_signals": made_up,
    }


def _phrases(recognizer: asr.FasterWhisperRecognizer, spoken: list[np.ndarray]) -> dict:
    rows, errors, total = [], 0, 0
    for text, samples in zip(PHRASES, spoken, strict=True):
        segments = recognizer.transcribe_samples(samples.astype(np.float32))
        heard = " ".join(segment.text for segment in segments)
        expected, got = words(text), set(words(heard))
        errors += word_errors(expected, words(heard))
        total += len(expected)
        rows.append(
            {
                "said": text,
                "heard": heard,
                "wer": wer(text, heard),
                "words_found": [word for word in expected if word in got],
                "words_missed": [word for word in expected if word not in got],
            }
        )
    return {"wer": round(errors / total, 3), "phrases": rows}


def _long_call(recognizer: asr.FasterWhisperRecognizer, spoken: list[np.ndarray], seconds: float) -> dict:
    """The phrases one after another with pauses, repeated up to ``seconds``; the peer gets the same array."""
    rate = asr.ASR_RATE
    pause = np.zeros(round(0.8 * rate))
    parts, said, length = [], [], 0
    while length < seconds * rate:
        for text, samples in zip(PHRASES, spoken, strict=True):
            parts += [samples, pause]
            said.append(text)
            length += len(samples) + len(pause)
    call = np.concatenate(parts).astype(np.float32)
    audio_s = len(call) / rate
    reference = " ".join(said)
    ours, ours_wall, ours_cpu = _timed(recognizer.transcribe_samples, call)
    peer, peer_wall, peer_cpu = _timed(_peer, recognizer, call)
    return {
        "audio_s": round(audio_s, 1),
        "ours_x_realtime": round(audio_s / ours_wall, 2),
        "peer_x_realtime": round(audio_s / peer_wall, 2),
        "ratio_ours_to_peer_time": round(ours_wall / peer_wall, 3),
        "ours_cpu_s": round(ours_cpu, 1),
        "peer_cpu_s": round(peer_cpu, 1),
        "ours_wer": wer(reference, " ".join(segment.text for segment in ours)),
        "peer_wer": wer(reference, peer),
        "ours_segments": len(ours),
    }


def _peer(recognizer: asr.FasterWhisperRecognizer, call: np.ndarray) -> str:
    """faster-whisper on the whole call, its own 30 s windows, the decoding settings we use."""
    segments, _info = recognizer.model.transcribe(
        call, language="ru", beam_size=1, temperature=0.0, condition_on_previous_text=False, vad_filter=False
    )
    return " ".join(segment.text for segment in segments)


if __name__ == "__main__":
    import json

    print(json.dumps(run(), ensure_ascii=False, indent=2))

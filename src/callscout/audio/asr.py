"""Transcription (optional extra ``callscout[asr]``): one recogniser interface, engines behind it.

Models are never downloaded at run time: the user points ``--model`` (or ``CALLSCOUT_ASR_MODEL``) at
a model folder on disk, e.g. a CTranslate2 conversion of Whisper for faster-whisper or an unpacked
Vosk model. Without one, everything that needs text says so with a clear message; script compliance
still works on transcripts the user brings (JSON or text).

Stereo recordings are transcribed channel by channel, so every segment knows its speaker
(operator on the left channel by default, customer on the right).
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from scipy import signal

from callscout.audio.decode import DEFAULT_LIMITS, AudioLimits, AudioSource
from callscout.errors import DataError, UsageError
from callscout.i18n import tr

ASR_RATE = 16000
# Recognisers get the call in pieces of this many seconds (cuts fall mid-word at most once per piece).
CHUNK_S = 300
ENGINES = ("faster-whisper", "vosk")
SPEAKERS = ("operator", "customer")


@dataclass
class Segment:
    start: float
    end: float
    text: str
    speaker: str | None = None


@dataclass
class Transcript:
    segments: list[Segment]
    engine: str = "text"
    language: str = "ru"
    duration_s: float | None = None
    seconds_spent: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def text(self) -> str:
        return " ".join(segment.text for segment in self.segments)


class Recognizer(Protocol):
    name: str

    def transcribe_samples(self, samples: np.ndarray) -> list[Segment]:
        """16 kHz mono float32 samples -> segments with times in seconds."""


class FasterWhisperRecognizer:
    name = "faster-whisper"

    def __init__(
        self,
        model_path: Path,
        *,
        device: str = "auto",
        compute_type: str = "default",
        language: str = "ru",
        cpu_threads: int = 0,
    ) -> None:
        from faster_whisper import WhisperModel

        self.language = language
        try:
            self.model = WhisperModel(
                str(model_path),
                device=device,
                compute_type=compute_type,
                cpu_threads=cpu_threads,
                local_files_only=True,
            )
        except (RuntimeError, ValueError, OSError) as error:
            raise UsageError(
                tr(
                    "модель faster-whisper в {path} не загружается: {error}",
                    "the faster-whisper model in {path} does not load: {error}",
                    path=model_path,
                    error=error,
                )
            ) from None

    def transcribe_samples(self, samples: np.ndarray) -> list[Segment]:
        segments, _info = self.model.transcribe(
            samples, language=self.language, beam_size=1, condition_on_previous_text=False, vad_filter=False
        )
        return [Segment(round(item.start, 2), round(item.end, 2), item.text.strip()) for item in segments]


class VoskRecognizer:
    name = "vosk"

    def __init__(self, model_path: Path) -> None:
        import vosk

        vosk.SetLogLevel(-1)
        try:
            self.model = vosk.Model(str(model_path))
        except Exception as error:  # noqa: BLE001 - vosk raises a bare Exception for a bad folder
            raise UsageError(
                tr(
                    "модель Vosk в {path} не загружается: {error}",
                    "the Vosk model in {path} does not load: {error}",
                    path=model_path,
                    error=error,
                )
            ) from None

    def transcribe_samples(self, samples: np.ndarray) -> list[Segment]:
        import vosk

        recognizer = vosk.KaldiRecognizer(self.model, ASR_RATE)
        recognizer.SetWords(True)
        pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes()
        results = []
        step = ASR_RATE * 2 * 4
        for start in range(0, len(pcm), step):
            if recognizer.AcceptWaveform(pcm[start : start + step]):
                results.append(json.loads(recognizer.Result()))
        results.append(json.loads(recognizer.FinalResult()))
        segments = []
        for result in results:
            words = result.get("result") or []
            if words and result.get("text"):
                segments.append(Segment(round(words[0]["start"], 2), round(words[-1]["end"], 2), result["text"]))
        return segments


def engine_installed(engine: str) -> bool:
    module = {"faster-whisper": "faster_whisper", "vosk": "vosk"}.get(engine)
    return module is not None and find_spec(module) is not None


def recognizer_from_config(engine: str | None = None, model: str | Path | None = None) -> Recognizer:
    """The configured recogniser, or a UsageError saying exactly what is missing."""
    engine = engine or os.environ.get("CALLSCOUT_ASR_ENGINE") or "faster-whisper"
    model = model or os.environ.get("CALLSCOUT_ASR_MODEL")
    if engine not in ENGINES:
        raise UsageError(
            tr(
                "неизвестный движок распознавания {engine}; есть: {known}",
                "unknown recognition engine {engine}; known: {known}",
                engine=engine,
                known=", ".join(ENGINES),
            )
        )
    if not model:
        raise UsageError(
            tr(
                "распознавание речи не настроено: укажите папку модели (--model или CALLSCOUT_ASR_MODEL). "
                "Модели не скачиваются автоматически",
                "speech recognition is not configured: give a model folder (--model or CALLSCOUT_ASR_MODEL). "
                "Models are never downloaded automatically",
            )
        )
    path = Path(model).expanduser()
    if not path.is_dir():
        raise UsageError(tr("папка модели {path} не найдена", "model folder {path} not found", path=path))
    if not engine_installed(engine):
        raise UsageError(
            tr(
                "движок {engine} не установлен: pip install 'callscout[asr]'",
                "engine {engine} is not installed: pip install 'callscout[asr]'",
                engine=engine,
            )
        )
    if engine == "vosk":
        return VoskRecognizer(path)
    return FasterWhisperRecognizer(path)


def channel_chunks(
    source: bytes | str | Path, name: str | None = None, limits: AudioLimits = DEFAULT_LIMITS
) -> Iterator[tuple[float, list[np.ndarray]]]:
    """(offset in seconds, each channel as 16 kHz float32) for consecutive chunks of ``CHUNK_S``:
    the recognisers get bounded pieces, so memory does not grow with the call's length. A stereo
    recording whose channels are the same is handed over as one channel."""
    with AudioSource(source, name, limits) as audio:
        rate = audio.info.sample_rate
        parts: list[list[np.ndarray]] = [[] for _ in range(audio.info.channels)]
        buffered = 0
        offset = 0.0
        for block in audio.blocks():
            for channel in range(block.shape[1]):
                samples = block[:, channel]
                if rate != ASR_RATE:
                    samples = signal.resample_poly(samples, ASR_RATE, rate)
                parts[channel].append(samples.astype(np.float32))
            buffered += len(parts[0][-1])
            if buffered >= CHUNK_S * ASR_RATE:
                yield offset, _joined(parts)
                offset += buffered / ASR_RATE
                parts, buffered = [[] for _ in parts], 0
        if buffered:
            yield offset, _joined(parts)


def _joined(parts: list[list[np.ndarray]]) -> list[np.ndarray]:
    channels = [np.concatenate(part) for part in parts]
    if len(channels) == 2 and np.allclose(channels[0], channels[1], atol=1e-3):
        return channels[:1]
    return channels


def transcribe(
    source: bytes | str | Path, recognizer: Recognizer, *, name: str | None = None, operator_channel: int = 0
) -> Transcript:
    started = time.perf_counter()
    segments: list[Segment] = []
    duration = 0.0
    for offset, channels in channel_chunks(source, name):
        duration = offset + len(channels[0]) / ASR_RATE
        for index, samples in enumerate(channels):
            speaker = None if len(channels) == 1 else SPEAKERS[0] if index == operator_channel else SPEAKERS[1]
            for segment in recognizer.transcribe_samples(samples):
                segments.append(
                    Segment(round(segment.start + offset, 2), round(segment.end + offset, 2), segment.text, speaker)
                )
    segments.sort(key=lambda segment: segment.start)
    spent = time.perf_counter() - started
    return Transcript(
        segments,
        recognizer.name,
        "ru",
        round(duration, 2),
        round(spent, 2),
        {"real_time_factor": round(duration / spent, 1) if spent > 0 else None},
    )


_TIMED_LINE = re.compile(r"^\s*\[?(?:(\d+):)?(\d{1,2}):(\d{2}(?:\.\d+)?)\]?\s*(?:([^:\s][^:]{0,30}):)?\s*(.*)$")


def load_transcript(path: Path) -> Transcript:
    """A transcript the user brings: our JSON, or text lines like ``[00:12] оператор: Добрый день``."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DataError(
            tr(
                "{path}: не удалось прочитать расшифровку: {error}",
                "{path}: cannot read the transcript: {error}",
                path=path,
                error=error,
            )
        ) from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
            segments = [
                Segment(
                    float(item.get("start", 0)),
                    float(item.get("end", item.get("start", 0))),
                    str(item["text"]),
                    item.get("speaker"),
                )
                for item in data["segments"]
            ]
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise DataError(
                tr(
                    "{path}: ожидается JSON с segments: [{{start, end, text, speaker}}] ({error})",
                    "{path}: expected JSON with segments: [{{start, end, text, speaker}}] ({error})",
                    path=path,
                    error=error,
                )
            ) from None
        return Transcript(segments, str(data.get("engine", "text")))
    segments = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = _TIMED_LINE.match(line)
        if match:
            hours, minutes, seconds, speaker, words = match.groups()
            start = int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
            segments.append(Segment(start, start, words.strip(), _speaker(speaker)))
        else:
            segments.append(Segment(float(number), float(number), line.strip()))
    return Transcript(segments)


def _speaker(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    if label.startswith(("опер", "operator", "agent", "менедж")):
        return "operator"
    if label.startswith(("клиент", "customer", "client", "покуп", "абонент")):
        return "customer"
    return label

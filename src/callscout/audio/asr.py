"""Transcription (optional extra ``callscout[asr]``): one recogniser interface, engines behind it.

Models are never downloaded at run time: the user points ``--model`` (or ``CALLSCOUT_ASR_MODEL``) at
a model folder on disk, e.g. a CTranslate2 conversion of Whisper for faster-whisper, an unpacked
Vosk model, or a folder with a GigaAM checkpoint (``v2_rnnt.ckpt``...). Without one, everything that
needs text says so with a clear message; script compliance still works on transcripts the user
brings (JSON or text).

Stereo recordings are transcribed channel by channel, so every segment knows its speaker
(operator on the left channel by default, customer on the right).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from importlib.util import find_spec
from itertools import pairwise
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import soundfile as sf

from callscout.audio.decode import DEFAULT_LIMITS, AudioLimits, AudioSource
from callscout.audio.measures import FRAME_S, runs_of, speech_frames
from callscout.errors import DataError, UsageError
from callscout.i18n import msg
from callscout.limits import load_json

ASR_RATE = 16000
# Recognisers get the call in pieces of this many seconds (cuts fall mid-word at most once per piece).
CHUNK_S = 300
ENGINES = ("faster-whisper", "vosk", "gigaam")
# The modules each engine needs, and the extra that installs them.
ENGINE_MODULES = {"faster-whisper": ("faster_whisper",), "vosk": ("vosk",), "gigaam": ("gigaam", "torch")}
ENGINE_EXTRAS = {"faster-whisper": "asr", "vosk": "asr-vosk", "gigaam": "asr-gigaam"}
SPEAKERS = ("operator", "customer")
# Whisper hears 30 s windows; phrases closer than the gap share one, so it has context.
WHISPER_PIECE_S = 28.0
WHISPER_JOIN_GAP_S = 2.0
# faster-whisper's own threshold for a failed (repetitive) decoding.
WHISPER_MAX_COMPRESSION = 2.4
# GigaAM refuses pieces over 25 s; ours stay below that with room for the padding.
GIGAAM_PIECE_S = 22.0
# Checkpoints gigaam.load_model finds in its download_root, best first (v1_rnnt also needs its tokenizer).
GIGAAM_CHECKPOINTS = ("v2_rnnt", "v2_ctc", "v1_rnnt", "v1_ctc")
# A pause this long ends a phrase: each phrase becomes one segment with its own time.
PHRASE_GAP_S = 0.6
PIECE_PAD_S = 0.15


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
        # "auto": CTranslate2's fastest type for the device (int8 on CPU: half the time of float32).
        compute_type: str = "auto",
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
            raise UsageError(msg("audio.asr.faster_whisper_model_in_does_not", path=model_path, error=error)) from None

    def transcribe_samples(self, samples: np.ndarray) -> list[Segment]:
        """Whisper is given our VAD's phrases, packed into windows of up to 30 s: on a stereo channel
        that is silent while the other side talks, a whole chunk made it put the words seconds too
        early and invent text in the silence (measured on espeak-ng speech after 5 s of silence)."""
        segments = []
        for start, end in speech_pieces(samples, WHISPER_PIECE_S, join_gap_s=WHISPER_JOIN_GAP_S):
            offset, length = start / ASR_RATE, (end - start) / ASR_RATE
            for item in self._recognise(samples[start:end]):
                text = item.text.strip()
                # Text that compresses this well is Whisper looping ("э, э, э...", "не могу, не могу..."),
                # mostly on sound that is not speech; as words it would match script phrases falsely.
                if text and item.compression_ratio <= WHISPER_MAX_COMPRESSION:
                    segments.append(
                        Segment(round(offset + item.start, 2), round(offset + min(item.end, length), 2), text)
                    )
        return segments

    def _recognise(self, samples: np.ndarray) -> Any:
        # One greedy pass (temperature 0, no fallback): the fallback's re-decodes at higher
        # temperatures cost up to 6x the CPU on hard audio and are where Whisper makes up phrases
        # ("Спасибо за просмотр!") instead of a rough transcript of what was said.
        segments, _info = self.model.transcribe(
            samples,
            language=self.language,
            beam_size=1,
            temperature=0.0,
            condition_on_previous_text=False,
            vad_filter=False,
        )
        return segments


class VoskRecognizer:
    name = "vosk"

    def __init__(self, model_path: Path) -> None:
        import vosk

        vosk.SetLogLevel(-1)
        try:
            self.model = vosk.Model(str(model_path))
        except Exception as error:  # noqa: BLE001 - vosk raises a bare Exception for a bad folder
            raise UsageError(msg("audio.asr.vosk_model_in_does_not_load", path=model_path, error=error)) from None

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


def speech_pieces(
    samples: np.ndarray, max_s: float, rate: int = ASR_RATE, *, join_gap_s: float = 0.0
) -> list[tuple[int, int]]:
    """(start, end) sample indices of the phrases in ``samples``, each at most ``max_s`` long: phrases
    are our VAD's speech runs joined across pauses shorter than ``PHRASE_GAP_S``; a phrase longer than
    ``max_s`` is cut at its quietest frame in the second half of each window, so cuts fall between
    words as far as the signal allows. Consecutive phrases closer than ``join_gap_s`` share a piece
    while it stays within ``max_s``. Long silences are never handed to the recogniser."""
    levels, active = speech_frames(samples, rate)
    if not active.any():
        return []
    gap = round(PHRASE_GAP_S / FRAME_S)
    # Short pauses inside a phrase count as speech, so the phrase stays whole.
    for start, length in runs_of(~active, 1):
        if start > 0 and start + length < len(active) and length < gap:
            active[start : start + length] = True
    frame, pad = round(FRAME_S * rate), round(PIECE_PAD_S * rate)
    window = max(2, int((max_s - 2 * PIECE_PAD_S) / FRAME_S))
    pieces = []
    for start, length in runs_of(active, 1):
        end = start + length
        # Cuts inside a phrase get no padding, so no word is heard twice by the recogniser.
        bounds = [start * frame - pad]
        while end - start > window:
            half = start + max(1, window // 2)
            start = half + int(np.argmin(levels[half : start + window]))
            bounds.append(start * frame)
        bounds.append(end * frame + pad)
        pieces += [(max(0, first), min(len(samples), last)) for first, last in pairwise(bounds)]
    joined: list[tuple[int, int]] = []
    for first, last in pieces:
        if last <= first:
            continue
        if joined and first - joined[-1][1] <= join_gap_s * rate and last - joined[-1][0] <= max_s * rate:
            joined[-1] = (joined[-1][0], last)
        else:
            joined.append((first, last))
    return joined


class GigaAMRecognizer:
    """Sber's GigaAM (``gigaam`` package, PyTorch). Its ``transcribe`` takes one file of at most 25 s
    and gives plain text, so we hand it our VAD's phrases one by one, each a short 16 kHz WAV, and
    every phrase becomes a segment with the phrase's times. Its own long-form mode would need
    pyannote and a Hugging Face token, which we avoid."""

    name = "gigaam"

    def __init__(self, model: Any, model_name: str = "gigaam") -> None:
        self.model = model
        self.model_name = model_name

    @classmethod
    def load(cls, model_path: Path, *, device: str | None = None) -> GigaAMRecognizer:
        model_name = gigaam_checkpoint(model_path)
        import gigaam

        try:
            # The checkpoint is in download_root already, so load_model reads it and fetches nothing.
            model = gigaam.load_model(model_name, device=device, download_root=str(model_path))
        except Exception as error:  # noqa: BLE001 - torch.load and hydra raise many kinds for a bad checkpoint
            raise UsageError(
                msg(
                    "audio.asr.gigaam_model_in_does_not_load",
                    name=model_name,
                    path=model_path,
                    error=f"{type(error).__name__}: {error}",
                )
            ) from None
        return cls(model, model_name)

    def transcribe_samples(self, samples: np.ndarray) -> list[Segment]:
        segments = []
        with tempfile.TemporaryDirectory(prefix="callscout-gigaam-") as folder:
            piece_path = Path(folder) / "piece.wav"
            for start, end in speech_pieces(samples, GIGAAM_PIECE_S):
                sf.write(piece_path, np.clip(samples[start:end], -1, 1), ASR_RATE, subtype="PCM_16")
                text = str(self.model.transcribe(str(piece_path))).strip()
                if text:
                    segments.append(Segment(round(start / ASR_RATE, 2), round(end / ASR_RATE, 2), text))
        return segments


def gigaam_checkpoint(folder: Path) -> str:
    """The name of the best GigaAM ASR checkpoint in ``folder``, or a UsageError listing what was expected."""
    for name in GIGAAM_CHECKPOINTS:
        if (folder / f"{name}.ckpt").is_file() and (
            name != "v1_rnnt" or (folder / "v1_rnnt_tokenizer.model").is_file()
        ):
            return name
    raise UsageError(
        msg(
            "audio.asr.no_gigaam_checkpoint_in_expected_one",
            path=folder,
            files=", ".join(f"{name}.ckpt" for name in GIGAAM_CHECKPOINTS),
        )
    )


def engine_installed(engine: str) -> bool:
    modules = ENGINE_MODULES.get(engine)
    return modules is not None and all(find_spec(module) is not None for module in modules)


def configuration_problem(engine: str | None = None, model: str | Path | None = None) -> str | None:
    """Why transcription cannot run as configured (in the user's language), or None when it can.
    Checks everything short of loading the model, so a page or a report can ask cheaply."""
    try:
        _checked_config(engine, model)
    except UsageError as problem:
        return problem.message
    return None


def engines_status(model: str | Path | None = None) -> list[dict[str, Any]]:
    """Per engine: installed or not (with the extra that installs it), and whether it would run with
    the configured model folder — what `callscout audio engines` shows."""
    configured = os.environ.get("CALLSCOUT_ASR_ENGINE") or "faster-whisper"
    return [
        {
            "engine": engine,
            "selected": engine == configured,
            "installed": engine_installed(engine),
            "install": f"pip install 'callscout[{ENGINE_EXTRAS[engine]}]'",
            "problem": configuration_problem(engine, model),
        }
        for engine in ENGINES
    ]


def recognizer_from_config(engine: str | None = None, model: str | Path | None = None) -> Recognizer:
    """The configured recogniser, or a UsageError saying exactly what is missing."""
    engine, path = _checked_config(engine, model)
    if engine == "vosk":
        return VoskRecognizer(path)
    if engine == "gigaam":
        return GigaAMRecognizer.load(path)
    return FasterWhisperRecognizer(path)


def _checked_config(engine: str | None, model: str | Path | None) -> tuple[str, Path]:
    engine = engine or os.environ.get("CALLSCOUT_ASR_ENGINE") or "faster-whisper"
    model = model or os.environ.get("CALLSCOUT_ASR_MODEL")
    if engine not in ENGINES:
        raise UsageError(msg("audio.asr.unknown_recognition_engine_known", engine=engine, known=", ".join(ENGINES)))
    if not model:
        raise UsageError(msg("audio.asr.speech_recognition_is_not_configured_give"))
    path = Path(model).expanduser()
    if not path.is_dir():
        raise UsageError(msg("audio.asr.model_folder_not_found", path=path))
    if not engine_installed(engine):
        missing = [module for module in ENGINE_MODULES[engine] if find_spec(module) is None]
        raise UsageError(
            msg(
                "audio.asr.engine_is_not_installed_missing_pip",
                engine=engine,
                missing=", ".join(missing),
                extra=ENGINE_EXTRAS[engine],
            )
        )
    if engine == "gigaam":
        gigaam_checkpoint(path)
    if engine == "faster-whisper" and not (path / "model.bin").is_file():
        raise UsageError(msg("audio.asr.no_model_bin_in_whisper_model", path=path))
    return engine, path


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
                    from scipy import signal  # on first use: scipy.signal takes a second to import

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
    # Only the file's name goes into the message: an upload's path is a folder of the server's.
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise DataError(msg("audio.asr.transcript_is_not_utf_8_byte", name=path.name, offset=error.start)) from None
    except OSError as error:
        raise DataError(
            msg("audio.asr.cannot_read_transcript", name=path.name, reason=error.strerror or type(error).__name__)
        ) from None
    if path.suffix.lower() == ".json":
        try:
            data = load_json(text, path.name)  # bounded: depth and number length, the line named
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
            raise DataError(msg("audio.asr.expected_json_with_segments", path=path, error=error)) from None
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

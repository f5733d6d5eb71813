"""Opening untrusted recordings safely: sniff the real format, check the header's claims against
limits before decoding anything, then hand out the samples in blocks so memory stays bounded.

libsndfile (through soundfile) reads WAV, FLAC, Ogg Vorbis/Opus, MP3 and AIFF in-process. MP4/M4A,
raw AAC, AMR and WebM go through an ``ffmpeg`` subprocess with a wall-clock deadline, an address-space
limit and ``-t`` set to the maximum duration, so a hostile file can cost at most that much.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import shutil
import struct
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

from callscout.errors import DataError, UsageError
from callscout.i18n import msg, tr

SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class AudioLimits:
    """What a call recording may be. Anything outside is refused before it is decoded."""

    max_bytes: int = 300 * 1024 * 1024
    max_duration_s: float = 3 * 3600.0
    min_sample_rate: int = 8000
    max_sample_rate: int = 48000
    max_channels: int = 2
    decoder_timeout_s: float = 60.0
    decoder_memory_bytes: int = 1024 * 1024 * 1024
    block_seconds: float = 10.0


DEFAULT_LIMITS = AudioLimits()


@dataclass(frozen=True)
class AudioInfo:
    name: str
    container: str
    sample_rate: int
    channels: int
    frames: int
    size_bytes: int
    decoder: str

    @property
    def duration_s(self) -> float:
        return self.frames / self.sample_rate

    @property
    def lossy(self) -> bool:
        return self.container in LOSSY_CONTAINERS


# Which containers a file extension may hold; anything else under that name is refused as mislabelled.
_EXTENSION_CONTAINERS: dict[str, set[str]] = {
    ".wav": {"wav"},
    ".wave": {"wav"},
    ".mp3": {"mp3"},
    ".ogg": {"ogg", "opus"},
    ".oga": {"ogg", "opus"},
    ".opus": {"opus"},
    ".flac": {"flac"},
    ".m4a": {"mp4"},
    ".mp4": {"mp4"},
    ".aac": {"aac", "mp4"},
    ".aif": {"aiff"},
    ".aiff": {"aiff"},
    ".amr": {"amr"},
    ".webm": {"webm"},
}
LOSSY_CONTAINERS = {"mp3", "ogg", "opus", "mp4", "aac", "amr", "webm"}
_LIBSNDFILE_CONTAINERS = {"wav", "flac", "ogg", "opus", "mp3", "aiff"}
_FFMPEG_CONTAINERS = {"mp4", "aac", "amr", "webm"}


def sniff_container(head: bytes) -> str | None:
    """The container the bytes really are, from their magic numbers (names and headers lie)."""
    if head[:4] in (b"RIFF", b"RF64") and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] == b"OggS":
        return "opus" if b"OpusHead" in head[:128] else "ogg"
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return "aiff"
    if head[4:8] == b"ftyp":
        return "mp4"
    if head[:5] == b"#!AMR":
        return "amr"
    if head[:4] == b"\x1aE\xdf\xa3":
        return "webm"
    if head[:3] == b"ID3":
        return "mp3"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        layer = (head[1] >> 1) & 0b11
        return "aac" if layer == 0 else "mp3"
    return None


def _looks_like_text(head: bytes) -> bool:
    start = head[:512].lstrip().lower()
    return start.startswith((b"<!doctype", b"<html", b"<?xml", b"{", b"<head", b"<body"))


def _refuse(name: str, ru: str, en: str, **values: object) -> DataError:
    return DataError(tr("{name}: " + ru, "{name}: " + en, name=name, **values))


def _check_container(name: str, head: bytes) -> str:
    container = sniff_container(head)
    extension = Path(name.split("?", 1)[0]).suffix.lower()
    if container is None:
        if _looks_like_text(head):
            raise _refuse(
                name,
                "это не аудио, а текст/HTML-страница (ссылка ведёт не на запись?)",
                "not audio but a text/HTML page (does the link point to a recording?)",
            )
        raise _refuse(
            name,
            "неизвестный формат: ожидаются WAV, MP3, OGG/Opus, FLAC, M4A/AAC, AMR или WebM",
            "unknown format: expected WAV, MP3, OGG/Opus, FLAC, M4A/AAC, AMR or WebM",
        )
    allowed = _EXTENSION_CONTAINERS.get(extension)
    if allowed is not None and container not in allowed:
        raise _refuse(
            name,
            "расширение {extension} не соответствует содержимому: внутри {container}. Переименуйте файл",
            "the extension {extension} does not match the content: it is {container}. Rename the file",
            extension=extension,
            container=container.upper(),
        )
    return container


def _check_wav_header(name: str, head: bytes, total_size: int, limits: AudioLimits) -> None:
    """Read a RIFF header ourselves: libsndfile silently accepts a data chunk longer than the file,
    and its messages about absurd headers (8 channels, 4 GHz) do not tell the user what is wrong."""
    if head[:4] != b"RIFF":
        return
    position = 12
    while position + 8 <= len(head):
        chunk_id = head[position : position + 4]
        (chunk_size,) = struct.unpack("<I", head[position + 4 : position + 8])
        if chunk_id == b"fmt " and position + 16 <= len(head):
            channels, rate = struct.unpack("<HI", head[position + 10 : position + 16])
            _check_claims(name, rate, channels, 1, limits)
        if chunk_id == b"data":
            if chunk_size in (0, 0xFFFFFFFF):  # streaming writers leave the size unknown
                return
            available = total_size - (position + 8)
            if chunk_size > available + 1:
                raise _refuse(
                    name,
                    "файл обрезан: заголовок обещает {claimed} байт звука, в файле {available}",
                    "file is truncated: the header promises {claimed} bytes of audio, the file has {available}",
                    claimed=chunk_size,
                    available=max(0, available),
                )
            return
        position += 8 + chunk_size + (chunk_size & 1)
    if position + 8 > total_size:
        raise _refuse(name, "файл обрезан: нет блока данных (data)", "file is truncated: no data chunk")


def _check_claims(name: str, rate: int, channels: int, frames: int, limits: AudioLimits) -> None:
    if channels < 1 or channels > limits.max_channels:
        raise _refuse(
            name,
            "{channels} каналов в заголовке; запись разговора бывает моно или стерео (1-2 канала)",
            "{channels} channels in the header; a call recording is mono or stereo (1-2 channels)",
            channels=channels,
        )
    if not limits.min_sample_rate <= rate <= limits.max_sample_rate:
        raise _refuse(
            name,
            "частота дискретизации {rate} Гц вне допустимого диапазона {low}-{high} Гц",
            "sample rate {rate} Hz is outside the accepted {low}-{high} Hz",
            rate=rate,
            low=limits.min_sample_rate,
            high=limits.max_sample_rate,
        )
    if frames <= 0:
        raise _refuse(name, "в файле нет звука (0 отсчётов)", "the file holds no audio (0 samples)")
    duration = frames / rate
    if duration > limits.max_duration_s:
        raise _refuse(
            name,
            "длительность {hours:.1f} ч больше предела {limit:.1f} ч",
            "duration {hours:.1f} h exceeds the limit of {limit:.1f} h",
            hours=duration / 3600,
            limit=limits.max_duration_s / 3600,
        )


class AudioSource:
    """An opened recording: ``info`` from the checked header, ``blocks()`` yields float32 (frames, channels)."""

    def __init__(self, source: bytes | str | Path, name: str | None = None, limits: AudioLimits = DEFAULT_LIMITS):
        self.limits = limits
        self._data: bytes | None = None
        self._path: Path | None = None
        self._stack = contextlib.ExitStack()
        if isinstance(source, bytes | bytearray | memoryview):
            self._data = bytes(source)
            self.name = name or "<bytes>"
            size = len(self._data)
            head = self._data[:SNIFF_BYTES]
        else:
            self._path = Path(source)
            self.name = name or str(source)
            try:
                size = self._path.stat().st_size
                if size <= limits.max_bytes:
                    with self._path.open("rb") as handle:
                        head = handle.read(SNIFF_BYTES)
            except FileNotFoundError:
                raise _refuse(self.name, "файл не найден", "file not found") from None
            except IsADirectoryError:
                raise _refuse(self.name, "это папка, а не файл записи", "this is a folder, not a recording") from None
            except OSError as error:
                raise _refuse(
                    self.name,
                    "не удалось прочитать файл: {error}",
                    "cannot read the file: {error}",
                    error=error.strerror or error,
                ) from None
        if size == 0:
            raise _refuse(self.name, "файл пустой (0 байт)", "the file is empty (0 bytes)")
        if size > limits.max_bytes:
            raise _refuse(
                self.name,
                "файл {size:.0f} МБ больше предела {limit:.0f} МБ",
                "the file is {size:.0f} MB, over the limit of {limit:.0f} MB",
                size=size / 2**20,
                limit=limits.max_bytes / 2**20,
            )
        container = _check_container(self.name, head)
        _check_wav_header(self.name, head, size, limits)
        if container in _LIBSNDFILE_CONTAINERS:
            self.info = self._open_libsndfile(container, size)
        else:
            self.info = self._open_ffmpeg(container, size)

    # --- libsndfile --------------------------------------------------------------------------

    def _open_libsndfile(self, container: str, size: int) -> AudioInfo:
        try:
            target = io.BytesIO(self._data) if self._data is not None else str(self._path)
            self._sound = self._stack.enter_context(sf.SoundFile(target))
        except (sf.LibsndfileError, RuntimeError, ValueError) as error:
            if container == "mp3" and ffmpeg_available():
                return self._open_ffmpeg(container, size)
            raise _refuse(
                self.name,
                "файл повреждён или обрезан, декодер не смог его открыть ({error})",
                "the file is damaged or truncated; the decoder could not open it ({error})",
                error=_plain_error(error),
            ) from None
        _check_claims(self.name, self._sound.samplerate, self._sound.channels, self._sound.frames, self.limits)
        self._reader = "libsndfile"
        return AudioInfo(
            self.name, container, self._sound.samplerate, self._sound.channels, self._sound.frames, size, "libsndfile"
        )

    def _libsndfile_blocks(self) -> Iterator[np.ndarray]:
        block = max(1, int(self.info.sample_rate * self.limits.block_seconds))
        produced = 0
        while produced < self.info.frames:
            try:
                samples = self._sound.read(min(block, self.info.frames - produced), dtype="float32", always_2d=True)
            except (sf.LibsndfileError, RuntimeError) as error:
                raise _refuse(
                    self.name,
                    "файл повреждён после {seconds:.1f} с звука ({error})",
                    "the file is damaged after {seconds:.1f} s of audio ({error})",
                    seconds=produced / self.info.sample_rate,
                    error=_plain_error(error),
                ) from None
            if len(samples) == 0:
                break
            produced += len(samples)
            yield samples
        # A header that promised much more audio than the stream delivered means a cut-off download.
        if produced < 0.9 * self.info.frames and self.info.frames - produced > self.info.sample_rate:
            raise _refuse(
                self.name,
                "файл обрезан: заголовок обещает {claimed:.1f} с, прочитано {read:.1f} с",
                "file is truncated: the header promises {claimed:.1f} s, only {read:.1f} s could be read",
                claimed=self.info.duration_s,
                read=produced / self.info.sample_rate,
            )

    # --- ffmpeg --------------------------------------------------------------------------------

    def _input_path(self) -> str:
        if self._path is not None:
            return str(self._path)
        directory = self._stack.enter_context(tempfile.TemporaryDirectory(prefix="callscout-audio-"))
        path = Path(directory) / "input"
        path.write_bytes(self._data or b"")
        return str(path)

    def _open_ffmpeg(self, container: str, size: int) -> AudioInfo:
        if not ffmpeg_available():
            raise UsageError(
                msg(
                    "audio.decode.format_needs_ffmpeg_debian_package_ffmpeg",
                    name=self.name,
                    container=container.upper(),
                )
            )
        self._input = self._input_path()
        probe = _run_bounded(
            [
                "ffprobe",
                "-v",
                "error",
                "-select_streams",
                "a:0",
                "-show_entries",
                "stream=sample_rate,channels,duration:format=duration",
                "-of",
                "json",
                self._input,
            ],
            timeout_s=min(30.0, self.limits.decoder_timeout_s),
            memory_bytes=self.limits.decoder_memory_bytes,
        )
        try:
            described = json.loads(probe.decode("utf-8", "replace") or "{}")
            stream = described["streams"][0]
            rate = int(stream["sample_rate"])
            channels = int(stream["channels"])
            duration = float(stream.get("duration") or described.get("format", {}).get("duration") or 0.0)
        except (KeyError, IndexError, ValueError, TypeError):
            raise _refuse(
                self.name,
                "в файле не найдено звуковой дорожки (файл повреждён или обрезан)",
                "no audio stream found in the file (damaged or truncated)",
            ) from None
        frames = int(duration * rate) if duration > 0 else 1
        _check_claims(self.name, rate, channels, frames, self.limits)
        self._reader = "ffmpeg"
        return AudioInfo(self.name, container, rate, channels, frames, size, "ffmpeg")

    def _ffmpeg_blocks(self) -> Iterator[np.ndarray]:
        channels = self.info.channels
        command = [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-i",
            self._input,
            "-map",
            "0:a:0",
            "-t",
            str(self.limits.max_duration_s),
            "-f",
            "f32le",
            "-acodec",
            "pcm_f32le",
            "-ac",
            str(channels),
            "-ar",
            str(self.info.sample_rate),
            "pipe:1",
        ]
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=_limit_memory(self.limits.decoder_memory_bytes),
        )
        # The whole decode (with our analysis of its output) gets a fixed allowance plus 1/20 of the
        # claimed duration; a watchdog kills ffmpeg even while we are blocked reading its pipe.
        allowance = self.limits.decoder_timeout_s + self.info.duration_s / 20
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            process.kill()

        watchdog = threading.Timer(allowance, expire)
        watchdog.daemon = True
        watchdog.start()
        deadline = time.monotonic() + allowance
        block_bytes = int(self.info.sample_rate * self.limits.block_seconds) * channels * 4
        produced = 0
        try:
            assert process.stdout is not None
            pending = b""
            while True:
                chunk = process.stdout.read(block_bytes)
                if expired.is_set() or time.monotonic() > deadline:
                    raise _refuse(
                        self.name,
                        "декодирование заняло больше {limit:.0f} с",
                        "decoding took longer than {limit:.0f} s",
                        limit=allowance,
                    )
                if not chunk:
                    break
                pending += chunk
                usable = len(pending) - len(pending) % (4 * channels)
                if usable:
                    samples = np.frombuffer(pending[:usable], dtype="<f4").reshape(-1, channels)
                    pending = pending[usable:]
                    produced += len(samples)
                    yield samples
            error_text = process.stderr.read(4000).decode("utf-8", "replace").strip() if process.stderr else ""
            if process.wait(timeout=5) != 0 and produced == 0:
                raise _refuse(
                    self.name,
                    "декодер не смог прочитать файл: {error}",
                    "the decoder could not read the file: {error}",
                    error=error_text or "ffmpeg",
                )
            if produced == 0:
                raise _refuse(self.name, "в файле нет звука (0 отсчётов)", "the file holds no audio (0 samples)")
        finally:
            watchdog.cancel()
            if process.poll() is None:
                process.kill()
                process.wait()

    # --- common --------------------------------------------------------------------------------

    def blocks(self) -> Iterator[np.ndarray]:
        return self._libsndfile_blocks() if self._reader == "libsndfile" else self._ffmpeg_blocks()

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> AudioSource:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _plain_error(error: BaseException) -> str:
    """libsndfile's text without the Python object repr it starts with ("Error opening <_io...>: ")."""
    text = str(error)
    return text.split(">: ", 1)[1] if ">: " in text else text


def ffmpeg_available() -> bool:
    return shutil.which("ffmpeg") is not None and shutil.which("ffprobe") is not None


def _limit_memory(limit: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        os.nice(5)

    return apply


def _run_bounded(command: list[str], *, timeout_s: float, memory_bytes: int) -> bytes:
    try:
        completed = subprocess.run(
            command, capture_output=True, timeout=timeout_s, check=False, preexec_fn=_limit_memory(memory_bytes)
        )
    except subprocess.TimeoutExpired:
        raise DataError(msg("audio.decode.probing_file_took_over_s", limit=timeout_s)) from None
    return completed.stdout

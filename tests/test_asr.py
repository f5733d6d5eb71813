"""Transcription engines behind one interface: GigaAM's adapter (phrases cut by our VAD, true times,
speakers per stereo channel, a local checkpoint only), configuration messages, and Whisper base on
real Russian speech where the model was fetched (``make asr-model``).

The GigaAM tests run our adapter against a stand-in for the loaded model: they test our code (what
it hands the model, how it places the text), not GigaAM itself, which needs PyTorch and a checkpoint.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import types
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from callscout.audio import asr, synth
from callscout.audio.asr import (
    ASR_RATE,
    GIGAAM_PIECE_S,
    GigaAMRecognizer,
    configuration_problem,
    engine_installed,
    gigaam_checkpoint,
    recognizer_from_config,
    speech_pieces,
    transcribe,
)
from callscout.errors import UsageError
from tests.test_qa import _cli

WHISPER_BASE = Path(__file__).resolve().parents[1] / "models" / "whisper-base"


def _buzz(seconds: float, rate: int, *, f0_hz: float = 150.0, seed: int = 0) -> np.ndarray:
    """A voiced sound with syllable-rate loudness changes and no pause at all: speech our VAD cannot
    cut at a silence, so the adapter has to cut it by length."""
    t = np.arange(round(seconds * rate)) / rate
    rng = np.random.default_rng(seed)
    harmonics = sum(np.sin(2 * np.pi * f0_hz * k * t + rng.uniform(0, 6.3)) / k for k in range(1, 20))
    return 0.05 * harmonics * (0.6 + 0.4 * np.sin(2 * np.pi * 4.0 * t))


def _place(total_s: float, rate: int, parts: list[tuple[float, np.ndarray]]) -> np.ndarray:
    out = np.zeros(round(total_s * rate))
    for start, samples in parts:
        first = round(start * rate)
        out[first : first + len(samples)] += samples
    return out


class FakeGigaAM:
    """Stands in for ``gigaam.load_model(...)``'s result: ``transcribe(path) -> str`` on a file of at
    most 25 s, as the real one; it says which piece it heard, so the test sees where each text lands."""

    def __init__(self) -> None:
        self.heard: list[tuple[float, float]] = []  # (seconds, RMS) of each file it was given

    def transcribe(self, wav_file: str) -> str:
        samples, rate = sf.read(wav_file)
        assert rate == ASR_RATE and samples.ndim == 1
        if len(samples) > 25 * rate:
            raise ValueError("Too long wav file, use 'transcribe_longform' method.")
        self.heard.append((len(samples) / rate, float(np.sqrt(np.mean(samples**2)))))
        return f" фраза {len(self.heard)} "


def test_speech_pieces_follow_phrases_and_cut_long_speech_without_overlap() -> None:
    rate = ASR_RATE
    phrase = synth.spoken("Добрый день, чем могу помочь?", rate) if shutil.which("espeak-ng") else _buzz(2.0, rate)
    long_speech = _buzz(50.0, rate)
    samples = _place(60.0, rate, [(1.0, phrase), (8.0, long_speech)])
    pieces = speech_pieces(samples, GIGAAM_PIECE_S)
    assert all(end - start <= GIGAAM_PIECE_S * rate for start, end in pieces)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in pairwise(pieces))
    first_start, first_end = pieces[0]
    assert 0.7 * rate <= first_start <= 1.3 * rate and first_end <= 1.0 * rate + len(phrase) + 0.3 * rate
    # The 50 s without a pause: cut into pieces that touch (no padding, no audio heard twice).
    long_pieces = [piece for piece in pieces if piece[0] >= 7 * rate]
    assert len(long_pieces) >= 3
    assert all(a_end == b_start for (_, a_end), (b_start, _) in pairwise(long_pieces))
    assert long_pieces[0][0] <= 8.1 * rate and long_pieces[-1][1] >= 57.9 * rate
    # Silence is never handed over: the gap between the phrase and the long speech, and the end.
    covered = np.zeros(len(samples), bool)
    for start, end in pieces:
        covered[start:end] = True
    assert not covered[round(5.0 * rate) : round(7.5 * rate)].any() and not covered[round(58.5 * rate) :].any()
    assert speech_pieces(np.zeros(rate * 5), GIGAAM_PIECE_S) == []


def test_gigaam_adapter_places_each_phrase_at_its_time_and_speaker(monkeypatch: pytest.MonkeyPatch) -> None:
    # Chunks of 10 s: the second operator phrase is in the second chunk, so its time needs the offset.
    monkeypatch.setattr(asr, "CHUNK_S", 10)
    rate = 8000
    left = _place(20.0, rate, [(1.0, _buzz(2.0, rate, seed=1)), (13.0, _buzz(2.5, rate, seed=2))])
    right = _place(20.0, rate, [(5.0, _buzz(1.5, rate, f0_hz=220.0, seed=3))])
    wav = synth.to_wav_bytes(np.stack([left, right], axis=1), rate)
    model = FakeGigaAM()
    transcript = transcribe(wav, GigaAMRecognizer(model, "v2_rnnt"), name="call.wav")
    assert transcript.engine == "gigaam" and transcript.duration_s == 20.0
    assert [segment.speaker for segment in transcript.segments] == ["operator", "customer", "operator"]
    starts = [segment.start for segment in transcript.segments]
    for start, expected in zip(starts, (1.0, 5.0, 13.0), strict=True):
        assert expected - 0.3 <= start <= expected + 0.1, starts
    assert all(re.fullmatch(r"фраза \d", segment.text) for segment in transcript.segments)  # stripped
    # Each piece was only the phrase (plus a little padding), never the 10 s chunk with its silence.
    assert sorted(round(seconds, 1) for seconds, _ in model.heard) == pytest.approx([1.8, 2.3, 2.8], abs=0.25)
    swapped = transcribe(wav, GigaAMRecognizer(FakeGigaAM()), name="call.wav", operator_channel=1)
    assert [segment.speaker for segment in swapped.segments] == ["customer", "operator", "customer"]


def test_gigaam_gets_long_speech_in_pieces_it_accepts() -> None:
    rate = ASR_RATE
    model = FakeGigaAM()
    samples = _place(70.0, rate, [(2.0, _buzz(65.0, rate))])
    segments = GigaAMRecognizer(model).transcribe_samples(samples.astype(np.float32))
    assert len(model.heard) >= 3 and max(seconds for seconds, _ in model.heard) <= GIGAAM_PIECE_S
    assert sum(seconds for seconds, _ in model.heard) == pytest.approx(65.0, abs=0.5)
    assert [(a.end, b.start) for a, b in pairwise(segments)] == [(a.end, a.end) for a in segments[:-1]]


class FakeWhisper:
    """Stands in for a faster-whisper ``WhisperModel``: two segments per window it is given, times
    relative to the window (the end past it, as Whisper's last timestamp can be), the second one a
    repetition loop as Whisper makes on non-speech."""

    def __init__(self) -> None:
        self.windows: list[float] = []

    def transcribe(self, samples: np.ndarray, **options: object) -> tuple[list[types.SimpleNamespace], None]:
        assert options["language"] == "ru" and options["temperature"] == 0.0 and options["vad_filter"] is False
        self.windows.append(len(samples) / ASR_RATE)
        return [
            types.SimpleNamespace(start=0.2, end=50.0, text=" слова ", compression_ratio=1.3),
            types.SimpleNamespace(start=1.0, end=99.0, text=" э, э, э, э, э, э", compression_ratio=4.0),
        ], None


def test_whisper_gets_phrases_in_windows_and_its_loops_are_dropped() -> None:
    recognizer = asr.FasterWhisperRecognizer.__new__(asr.FasterWhisperRecognizer)
    recognizer.model, recognizer.language = FakeWhisper(), "ru"
    rate = ASR_RATE
    samples = _place(80.0, rate, [(3.0, _buzz(2.0, rate)), (6.0, _buzz(1.0, rate)), (40.0, _buzz(35.0, rate))])
    segments = recognizer.transcribe_samples(samples.astype(np.float32))
    windows = recognizer.model.windows
    # Phrases 1 s apart share a window; 34 s of silence is skipped; 35 s of speech needs two windows.
    assert len(windows) == 3 and windows[0] == pytest.approx(4.3, abs=0.3) and max(windows) <= asr.WHISPER_PIECE_S
    assert [segment.text for segment in segments] == ["слова"] * 3
    assert segments[0].start == pytest.approx(3.05, abs=0.3) and 40.0 <= segments[1].start <= 40.3
    assert segments[0].end <= 7.5 and all(segment.end <= 76.0 for segment in segments)  # within their windows


def test_gigaam_loads_only_a_checkpoint_in_the_given_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"нет контрольной точки GigaAM.*v2_rnnt\.ckpt"):
        GigaAMRecognizer.load(tmp_path)
    (tmp_path / "v1_rnnt.ckpt").write_bytes(b"x")
    with pytest.raises(UsageError, match="нет контрольной точки"):  # v1_rnnt is useless without its tokenizer
        gigaam_checkpoint(tmp_path)
    (tmp_path / "v1_rnnt_tokenizer.model").write_bytes(b"x")
    assert gigaam_checkpoint(tmp_path) == "v1_rnnt"
    (tmp_path / "v2_ctc.ckpt").write_bytes(b"x")
    assert gigaam_checkpoint(tmp_path) == "v2_ctc"

    calls: list[tuple[str, dict]] = []

    def load_model(name: str, **options: object) -> FakeGigaAM:
        calls.append((name, options))
        if options.get("device") == "broken":
            raise RuntimeError("PytorchStreamReader failed reading zip archive")
        return FakeGigaAM()

    monkeypatch.setitem(sys.modules, "gigaam", types.SimpleNamespace(load_model=load_model))
    recognizer = GigaAMRecognizer.load(tmp_path)
    assert isinstance(recognizer.model, FakeGigaAM) and recognizer.model_name == "v2_ctc"
    # download_root is the user's folder, where the checkpoint already is: gigaam fetches nothing.
    assert calls == [("v2_ctc", {"device": None, "download_root": str(tmp_path)})]
    with pytest.raises(UsageError, match=r"модель GigaAM v2_ctc .* не загружается: RuntimeError: PytorchStreamReader"):
        GigaAMRecognizer.load(tmp_path, device="broken")


def test_each_engine_names_what_is_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert "не настроено" in (configuration_problem() or "")
    assert "не найдена" in (configuration_problem("gigaam", tmp_path / "absent") or "")
    if not engine_installed("gigaam"):
        problem = configuration_problem("gigaam", tmp_path) or ""
        assert "pip install 'callscout[asr-gigaam]'" in problem and "gigaam" in problem
        with pytest.raises(UsageError, match=r"asr-gigaam"):
            recognizer_from_config("gigaam", tmp_path)
    if not engine_installed("vosk"):
        assert "callscout[asr-vosk]" in (configuration_problem("vosk", tmp_path) or "")
    monkeypatch.setattr(asr, "engine_installed", lambda engine: True)
    assert "нет контрольной точки GigaAM" in (configuration_problem("gigaam", tmp_path) or "")
    (tmp_path / "v2_rnnt.ckpt").write_bytes(b"x")
    monkeypatch.setenv("CALLSCOUT_ASR_ENGINE", "gigaam")
    monkeypatch.setenv("CALLSCOUT_ASR_MODEL", str(tmp_path))
    assert configuration_problem() is None  # complete, and nothing was loaded to find out


def test_cli_transcribe_with_gigaam_says_what_is_missing(tmp_path: Path) -> None:
    (tmp_path / "call.wav").write_bytes(synth.to_wav_bytes(_buzz(2.0, 8000), 8000))
    (tmp_path / "empty").mkdir()
    result = _cli("audio", "transcribe", "call.wav", "--engine", "gigaam", "--model", "empty", cwd=tmp_path)
    assert result.returncode == 2
    expected = "нет контрольной точки GigaAM" if engine_installed("gigaam") else "callscout[asr-gigaam]"
    assert expected in result.stderr


def test_cli_engines_lists_what_each_engine_lacks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    listed = _cli("audio", "engines", "--output", "json", cwd=tmp_path)
    assert listed.returncode == 1  # the selected engine cannot run: nothing is configured
    rows = {row["engine"]: row for row in json.loads(listed.stdout)}
    assert list(rows) == ["faster-whisper", "vosk", "gigaam"] and rows["faster-whisper"]["selected"]
    assert "не настроено" in rows["gigaam"]["problem"] and rows["gigaam"]["install"].endswith("[asr-gigaam]'")
    (tmp_path / "v2_ctc.ckpt").write_bytes(b"x")
    monkeypatch.setattr(asr, "engine_installed", lambda engine: engine == "gigaam")
    monkeypatch.setenv("CALLSCOUT_ASR_ENGINE", "gigaam")
    ready = _cli("audio", "engines", "--model", str(tmp_path), cwd=tmp_path)
    assert ready.returncode == 0 and "gigaam *" in ready.stdout
    assert "callscout[asr-vosk]" in ready.stdout  # vosk: not installed, and the command that installs it


@pytest.mark.skipif(not engine_installed("faster-whisper"), reason="faster-whisper is not installed")
@pytest.mark.skipif(not (WHISPER_BASE / "model.bin").is_file(), reason="no Whisper model: run `make asr-model`")
@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_whisper_base_transcribes_russian_speech_with_times_and_speakers() -> None:
    """The real engine on real words (espeak-ng's Russian, a hard voice for Whisper base: it gets
    some words wrong, see bench_asr): words it does hear must come at the right time and side."""
    rate = ASR_RATE
    greeting = synth.spoken("Здравствуйте! Чем могу помочь?", rate)
    thanks = synth.spoken("Спасибо за звонок, всего доброго!", rate)
    left = _place(9.0, rate, [(0.5, greeting)])
    right = _place(9.0, rate, [(5.0, thanks)])
    wav = synth.to_wav_bytes(np.stack([left, right], axis=1), rate)
    recognizer = recognizer_from_config("faster-whisper", WHISPER_BASE)
    transcript = transcribe(wav, recognizer, name="call.wav")
    operator = " ".join(s.text for s in transcript.segments if s.speaker == "operator").lower()
    customer = " ".join(s.text for s in transcript.segments if s.speaker == "customer").lower()
    assert "помочь" in operator and "спасибо" in customer, transcript.segments
    first = {side: next(s for s in transcript.segments if s.speaker == side) for side in ("operator", "customer")}
    # Each side's words at their own time: nothing made up in the silence while the other side talks.
    assert 0.0 <= first["operator"].start <= 1.0 and 4.5 <= first["customer"].start <= 5.5, transcript.segments
    assert all(s.start >= 4.5 for s in transcript.segments if s.speaker == "customer")

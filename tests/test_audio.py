"""Call recording measures on generated speech-like audio, decoding of every format, hostile files."""

from __future__ import annotations

import os
import random
import shutil
import struct
import subprocess
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from callscout.audio import AudioLimits, assess_bytes, assess_file, ffmpeg_available, findings_from_assessment, synth
from callscout.audio.measures import wada_table
from callscout.errors import DataError, UsageError
from callscout.i18n import set_language
from callscout.model import Status

RATE = 16000
SECONDS = 15.0


@pytest.fixture(scope="module")
def speech() -> np.ndarray:
    return synth.voice(SECONDS, RATE, seed=11)


def _assess(samples: np.ndarray, rate: int = RATE, name: str = "call.wav") -> dict:
    return assess_bytes(synth.to_wav_bytes(samples, rate), name)


def test_wada_table_reproduces_the_published_curve() -> None:
    table, snrs = wada_table()
    assert np.all(np.diff(table) >= 0)
    # Kim & Stern's table starts at G=0.4097 for -20 dB; our simulation gives the same to 3 decimals.
    assert table[0] == pytest.approx(0.4097, abs=0.002)
    assert snrs[0] == -20 and snrs[-1] == 60


@pytest.mark.parametrize("rate", [8000, 16000])
@pytest.mark.parametrize("snr_db", [0.0, 5.0, 10.0, 15.0, 20.0])
def test_snr_is_within_3_db_of_the_mixed_snr(rate: int, snr_db: float) -> None:
    voice = synth.voice(SECONDS, rate, seed=int(snr_db) + rate // 1000)
    noisy = synth.mix_at_snr(voice, synth.white_noise(SECONDS, rate, seed=5), snr_db)
    result = _assess(noisy, rate)
    assert abs(result["snr_db"] - snr_db) <= 3.0, result["snr_db"]
    assert abs(result["snr_wada_db"] - snr_db) <= 3.0, result["snr_wada_db"]
    if snr_db >= 5.0:  # the pauses are audible: the pause estimate is used, and it is closer still
        assert result["snr_method"] == "pauses" and abs(result["snr_db"] - snr_db) <= 1.5, result["snr_db"]
    assert result["noise_floor_dbfs"] == pytest.approx(synth.rms_dbfs(noisy - voice), abs=1.5)


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_snr_on_espeak_speech_also_above_20_db(tmp_path: Path) -> None:
    """A second kind of speech: Russian from espeak-ng, where WADA alone reads high above 20 dB."""
    spoken = tmp_path / "tts.wav"
    text = "Добрый день! Интернет-магазин ДомТехника, меня зовут Анна. Чем могу помочь? Оформляю ваш заказ."
    subprocess.run(["espeak-ng", "-v", "ru", "-w", str(spoken), text], check=True, timeout=60)
    speech, rate = sf.read(spoken)
    speech = synth.set_level(speech, -26.0)
    for snr_db in (0.0, 10.0, 20.0, 30.0):
        noisy = synth.mix_at_snr(speech, synth.white_noise(len(speech) / rate, rate, seed=3), snr_db)
        assert abs(_assess(noisy, rate)["snr_db"] - snr_db) <= 2.0, snr_db


def test_continuous_speech_falls_back_to_wada() -> None:
    crowd = synth.background_voices(SECONDS, RATE, seed=3, speakers=4, level_dbfs=-24.0)
    result = _assess(synth.mix_at_snr(crowd, synth.white_noise(SECONDS, RATE), 15.0))
    assert result["snr_method"] == "wada" and result["snr_db"] == result["snr_wada_db"]


def test_clean_speech_is_good_with_no_reasons(speech: np.ndarray) -> None:
    result = _assess(speech)
    assert result["verdict"] == "good", result["reasons"]
    assert result["reasons"] == []
    assert result["snr_db"] > 40
    assert result["clipping_ratio"] < 1e-4
    assert not result["background_speech"]
    assert 0.55 < result["speech_ratio"] < 0.95
    assert result["duration_s"] == pytest.approx(SECONDS)
    assert result["bandwidth_hz"] > 6000 and not result["narrowband"]


def test_noise_makes_the_verdict_worse(speech: np.ndarray) -> None:
    noise = synth.white_noise(SECONDS, RATE, seed=3)
    verdicts = {snr: _assess(synth.mix_at_snr(speech, noise, snr))["verdict"] for snr in (5.0, 20.0, 40.0)}
    assert verdicts == {5.0: "poor", 20.0: "acceptable", 40.0: "good"}


def test_clipping_is_detected_and_poor(speech: np.ndarray) -> None:
    result = _assess(synth.clip(speech, gain_db=18.0))
    assert result["clipping_ratio"] > 0.01
    assert result["verdict"] == "poor"
    assert "clipping" in [reason["code"] for reason in result["reasons"]]
    assert _assess(synth.clip(speech, gain_db=-3.0))["clipping_ratio"] < 1e-4  # no overload, no clipping


def test_narrowband_phone_audio_is_detected_also_when_upsampled(speech: np.ndarray) -> None:
    phone = _assess(synth.narrowband(speech, RATE), 8000)
    assert phone["narrowband"] and not phone["upsampled"]
    assert phone["bandwidth_hz"] <= 4000
    for rate in (16000, 44100):
        wide_source = synth.voice(SECONDS, rate, seed=2)
        upsampled = _assess(synth.narrowband(wide_source, rate, output_rate=rate), rate)
        assert upsampled["narrowband"] and upsampled["upsampled"], upsampled["bandwidth_hz"]
        assert upsampled["verdict"] == "good"
        assert "upsampled" in [reason["code"] for reason in upsampled["reasons"]]
        wideband = _assess(wide_source, rate)
        assert not wideband["narrowband"] and wideband["bandwidth_hz"] > 6000


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_background_voices_flagged_at_10_db_not_on_clean_or_noisy_speech(seed: int) -> None:
    voice = synth.voice(SECONDS, RATE, seed=seed, f0_hz=(120.0, 200.0, 160.0)[seed])
    crowd = synth.background_voices(SECONDS, RATE, seed=seed + 40)
    with_voices = _assess(synth.mix_at_snr(voice, crowd, 10.0))
    assert with_voices["background_speech"], with_voices["background_speech_ratio"]
    assert with_voices["verdict"] == "poor"
    assert not _assess(voice)["background_speech"]
    white = synth.white_noise(SECONDS, RATE, seed=seed)
    assert not _assess(synth.mix_at_snr(voice, white, 10.0))["background_speech"]


@pytest.mark.parametrize("seed", [3, 5, 13])
def test_the_quieter_customer_on_a_mono_call_is_not_a_background_voice(seed: int) -> None:
    """On a mono recording the customer speaks in the operator's pauses, often 10 dB quieter: that
    is the other party's turn, not colleagues talking in the room."""
    call = synth.stereo_call(40.0, 8000, seed=seed, bleed_db=None)
    for customer_db in (-6.0, -10.0, -15.0):
        mono = call[:, 0] + call[:, 1] * 10 ** (customer_db / 20)
        result = _assess(mono, 8000)
        assert not result["background_speech"], (customer_db, result["background_speech_ratio"])


def test_stereo_talk_listen_and_overtalk_ignore_echo() -> None:
    turns = _assess(synth.stereo_call(40.0, 8000, bleed_db=-30.0), 8000)
    stereo = turns["stereo"]
    assert stereo["operator_channel"] == "left"
    assert 0.6 < stereo["talk_listen_ratio"] < 1.6
    assert stereo["overtalk_s"] < 0.5  # the echo of each side in the other channel is not overtalk
    assert not turns["background_speech"]  # nor is the customer's bleed a colleague in the background
    overlapping = _assess(synth.stereo_call(40.0, 8000, bleed_db=-30.0, overtalk_s=1.5), 8000)["stereo"]
    assert overlapping["overtalk_s"] > 2.0
    right = assess_bytes(synth.to_wav_bytes(synth.stereo_call(40.0, 8000), 8000), "c.wav", operator_channel=1)
    assert right["stereo"]["operator_talk_s"] == stereo["customer_talk_s"]


def test_dual_mono_is_not_treated_as_two_parties(speech: np.ndarray) -> None:
    result = _assess(np.stack([speech, speech], axis=1))
    assert result["dual_mono"] is True and result["stereo"] is None


@pytest.mark.parametrize(
    ("file_format", "subtype", "name"),
    [
        ("FLAC", None, "a.flac"),
        ("OGG", "VORBIS", "a.ogg"),
        ("OGG", "OPUS", "a.opus"),
        ("MP3", "MPEG_LAYER_III", "a.mp3"),
    ],
)
def test_compressed_formats_decode_to_the_same_verdict(
    speech: np.ndarray, file_format: str, subtype: str | None, name: str
) -> None:
    result = assess_bytes(synth.encode(speech, RATE, file_format, subtype), name)
    assert result["verdict"] == "good", result["reasons"]
    assert result["duration_s"] == pytest.approx(SECONDS, abs=0.1)
    assert result["decoder"] == "libsndfile"


@pytest.mark.skipif(not ffmpeg_available(), reason="ffmpeg is not installed")
def test_m4a_goes_through_bounded_ffmpeg(speech: np.ndarray, tmp_path: Path) -> None:
    source = tmp_path / "a.wav"
    source.write_bytes(synth.to_wav_bytes(speech, RATE))
    target = tmp_path / "call.m4a"
    subprocess.run(["ffmpeg", "-v", "error", "-i", str(source), "-c:a", "aac", "-b:a", "96k", str(target)], check=True)
    result = assess_file(target)
    assert result["decoder"] == "ffmpeg" and result["format"] == "mp4"
    assert result["duration_s"] == pytest.approx(SECONDS, abs=0.2)
    assert result["snr_db"] > 25
    with pytest.raises(DataError, match=r"повреждён|обрезан|не найдено"):
        assess_bytes(target.read_bytes()[:300], "cut.m4a")


# --- hostile files -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def short_wav() -> bytes:
    return synth.to_wav_bytes(synth.voice(2.0, RATE, seed=1), RATE)


def _patched(data: bytes, offset: int, fmt: str, value: int) -> bytes:
    patched = bytearray(data)
    patched[offset : offset + struct.calcsize(fmt)] = struct.pack(fmt, value)
    return bytes(patched)


def _refused(data: bytes, name: str, *patterns: str, limits: AudioLimits | None = None) -> str:
    with pytest.raises(DataError) as caught:
        assess_bytes(data, name, **({"limits": limits} if limits else {}))
    message = str(caught.value)
    assert message.startswith(name + ":"), message
    assert any(pattern in message for pattern in patterns), message
    return message


def test_zero_length_and_text_and_garbage(short_wav: bytes) -> None:
    _refused(b"", "empty.wav", "пустой")
    _refused(b"<!DOCTYPE html><html><body>404</body></html>", "record.mp3", "HTML")
    _refused(random.Random(7).randbytes(4096), "noise.wav", "неизвестный формат")  # seeded: never flaky


def test_missing_files_and_folders(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="не найден"):
        assess_file(tmp_path / "absent.wav")
    with pytest.raises(DataError, match="папка"):
        assess_file(tmp_path)


def test_wrong_extension_is_named(speech: np.ndarray) -> None:
    message = _refused(synth.encode(speech, RATE, "FLAC"), "call.mp3", "расширение .mp3")
    assert "FLAC" in message


def test_truncated_files_say_so(short_wav: bytes, speech: np.ndarray) -> None:
    _refused(short_wav[: len(short_wav) // 2], "half.wav", "обрезан")
    _refused(short_wav[:30], "header.wav", "обрезан")
    flac = synth.encode(speech, RATE, "FLAC")
    _refused(flac[: len(flac) // 2], "half.flac", "повреждён", "обрезан")
    mp3 = synth.encode(speech, RATE, "MP3", "MPEG_LAYER_III")
    _refused(mp3[: len(mp3) // 3], "third.mp3", "обрезан", "повреждён")


def test_ten_hour_header_is_refused_before_decoding(short_wav: bytes, speech: np.ndarray) -> None:
    ten_hours = 10 * 3600 * RATE
    # A WAV whose data chunk claims 10 hours but holds 2 seconds.
    _refused(_patched(short_wav, 40, "<I", ten_hours * 2), "ten_hours.wav", "обрезан")
    # A FLAC whose STREAMINFO claims 10 hours of samples: refused on the header's duration alone.
    flac = bytearray(synth.encode(speech, RATE, "FLAC"))
    (packed,) = struct.unpack(">Q", flac[18:26])
    flac[18:26] = struct.pack(">Q", (packed & ~((1 << 36) - 1)) | ten_hours)
    _refused(bytes(flac), "ten_hours.flac", "длительность 10,0 ч")
    _refused(synth.to_wav_bytes(speech, RATE), "long.wav", "больше предела", limits=AudioLimits(max_duration_s=5))
    _refused(synth.to_wav_bytes(speech, RATE), "big.wav", "МБ", limits=AudioLimits(max_bytes=1000))


def test_absurd_headers_channels_and_rates(short_wav: bytes) -> None:
    _refused(_patched(short_wav, 22, "<H", 8), "eight.wav", "8 каналов")
    _refused(_patched(short_wav, 22, "<H", 0), "none.wav", "0 каналов")
    _refused(_patched(short_wav, 24, "<I", 4_000_000_000), "huge.wav", "4000000000 Гц")
    _refused(_patched(short_wav, 24, "<I", 4000), "low.wav", "4000 Гц")


def test_errors_follow_the_language(short_wav: bytes) -> None:
    set_language("en")
    _refused(b"", "empty.wav", "empty")
    _refused(_patched(short_wav, 22, "<H", 8), "eight.wav", "8 channels")


def test_long_file_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    """20 minutes of 16 kHz audio would be 77 MB as float32 at once; streaming stays far below."""
    chunk = (synth.voice(10.0, RATE, seed=4) * 32767).astype(np.int16)
    path = tmp_path / "long.wav"
    with sf.SoundFile(path, "w", RATE, 1, "PCM_16") as handle:
        for _ in range(120):
            handle.write(chunk)
    tracemalloc.start()
    result = assess_file(path)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result["duration_s"] == pytest.approx(1200.0)
    assert peak < 30 * 2**20, peak


def test_findings_carry_the_verdict_and_reasons(speech: np.ndarray) -> None:
    (clean,) = findings_from_assessment(_assess(speech))
    assert clean.status is Status.PASS
    (clipped,) = findings_from_assessment(_assess(synth.clip(speech)))
    # The reason reads as words (its code stays in the assessment): "перегрузка: ... срезаны на пике".
    assert clipped.status is Status.FAIL and any("перегрузка" in str(item.excerpt) for item in clipped.evidence)
    assert all(item.value != "clipping" for item in clipped.evidence)


def test_missing_decoder_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import callscout.audio.decode as decode

    monkeypatch.setattr(decode, "ffmpeg_available", lambda: False)
    with pytest.raises(UsageError, match="ffmpeg"):
        assess_bytes(b"\x00\x00\x00\x20ftypM4A " + b"\x00" * 200, "call.m4a")


def test_a_hanging_external_decoder_is_killed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ffmpeg that never answers (a decoder bug on a crafted file): the watchdog ends it."""
    tools = tmp_path / "bin"
    tools.mkdir()
    probe = '{"streams": [{"sample_rate": "16000", "channels": 1, "duration": "10.0"}]}'
    (tools / "ffprobe").write_text(f"#!/bin/sh\necho '{probe}'\n")
    (tools / "ffmpeg").write_text("#!/bin/sh\nexec sleep 30\n")
    for tool in tools.iterdir():
        tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(DataError, match="декодирование заняло больше"):
        assess_bytes(b"\x00\x00\x00\x20ftypM4A " + b"\x00" * 200, "call.m4a", limits=AudioLimits(decoder_timeout_s=0.5))


@pytest.mark.parametrize(
    ("file_format", "subtype", "name"),
    [
        ("WAV", "PCM_16", "a.wav"),
        ("FLAC", None, "a.flac"),
        ("MP3", "MPEG_LAYER_III", "a.mp3"),
        ("OGG", "OPUS", "a.opus"),
    ],
)
def test_clipping_is_found_in_lossless_and_lossy_files_and_a_loud_tone_is_not_clipping(
    speech: np.ndarray, file_format: str, subtype: str, name: str
) -> None:
    clipped = assess_bytes(synth.encode(synth.clip(speech), RATE, file_format, subtype), name)
    assert clipped["clipping_ratio"] > 0.005, clipped["clipping_ratio"]
    normalised = speech / np.abs(speech).max() * 0.98
    assert assess_bytes(synth.encode(normalised, RATE, file_format, subtype), name)["clipping_ratio"] < 0.001
    tone = 0.9 * np.sin(2 * np.pi * 440 * np.arange(RATE * 5) / RATE)
    assert assess_bytes(synth.encode(tone, RATE, file_format, subtype), name)["clipping_ratio"] < 0.001


def test_check_recording_for_the_website_audit(speech: np.ndarray, monkeypatch: pytest.MonkeyPatch) -> None:
    from callscout.audio import check_recording

    url = "https://vendor.example/records/call.mp3"
    result, (finding,) = check_recording(synth.encode(speech, RATE, "MP3", "MPEG_LAYER_III"), url)
    assert result is not None and result["verdict"] == "good"
    assert finding.check == "call_recordings" and finding.status is Status.PASS
    result, (finding,) = check_recording(b"<html>moved</html>", url)
    assert result is None and finding.status is Status.FAIL and finding.code == "recording_unreadable"
    import callscout.audio.decode as decode

    monkeypatch.setattr(decode, "ffmpeg_available", lambda: False)
    _, (finding,) = check_recording(b"\x00\x00\x00\x20ftypM4A " + b"\x00" * 200, "https://vendor.example/a.m4a")
    assert finding.status is Status.UNKNOWN


def test_long_silence_in_the_middle_is_reported() -> None:
    gap = np.concatenate([synth.voice(8, RATE, seed=1), np.zeros(RATE * 12), synth.voice(8, RATE, seed=2)])
    result = _assess(gap)
    (silence,) = result["long_silences"]
    assert 7.0 <= silence["start_s"] <= 8.5 and 11.5 <= silence["duration_s"] <= 13.5
    assert result["verdict"] == "acceptable" and "long_silence" in [r["code"] for r in result["reasons"]]


def test_dnsmos_scores_drop_with_noise_when_installed(speech: np.ndarray) -> None:
    from callscout.audio import mos

    if not mos.available():
        result = assess_bytes(synth.to_wav_bytes(speech, RATE), "a.wav", mos=True)
        assert result["mos"]["available"] is False and "callscout[mos]" in result["mos"]["reason"]
        return
    clean = assess_bytes(synth.to_wav_bytes(speech, RATE), "a.wav", mos=True)["mos"]
    noisy_signal = synth.mix_at_snr(speech, synth.white_noise(SECONDS, RATE), 0.0)
    noisy = assess_bytes(synth.to_wav_bytes(noisy_signal, RATE), "b.wav", mos=True)["mos"]
    assert clean["available"] and 1.0 <= clean["dnsmos"]["ovrl"] <= 5.0
    assert noisy["dnsmos"]["bak"] < clean["dnsmos"]["bak"] - 1.0
    assert noisy["dnsmos_personalized"]["ovrl"] < clean["dnsmos_personalized"]["ovrl"]
    assert assess_bytes(synth.to_wav_bytes(speech, RATE), "a.wav")["mos"] is None  # only on request


def test_a_crash_inside_the_check_becomes_a_check_failed_finding(
    speech: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    import callscout.audio as audio

    def broken(*_args: object, **_kwargs: object) -> dict:
        raise FloatingPointError("simulated bug")

    monkeypatch.setattr(audio, "assess_bytes", broken)
    _, (finding,) = audio.check_recording(synth.to_wav_bytes(speech, RATE), "https://vendor.example/a.wav")
    assert finding.status is Status.UNKNOWN and finding.code == "check_failed" and "simulated bug" in finding.message


@pytest.mark.parametrize("seconds", [0.1, 0.25, 0.4])
def test_recordings_shorter_than_the_smoothing_windows_are_judged(speech: np.ndarray, seconds: float) -> None:
    # A site's teaser clip of a fraction of a second once crashed the background-voice measure.
    result = _assess(speech[: int(seconds * RATE)])
    assert result["verdict"] in ("good", "acceptable", "poor") and result["background_speech"] is False

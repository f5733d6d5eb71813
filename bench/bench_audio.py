"""Call recording checks: our streaming ``assess_file`` (all signal measures + webrtcvad) against a
straightforward peer in the same run (read the whole file, loop over frames in Python, webrtcvad on
the mix at the native rate, WADA on the whole array), as times real time on one core (best of 3);
peak memory of both (tracemalloc, a separate pass); DNSMOS speed when ``callscout[mos]`` is installed.

The peer computes less than we do: no per-channel VAD and bleed handling on stereo, no harmonicity
(background voices), no level-binned spectra (bandwidth); on stereo 8 kHz it can be the faster one.

Size: ``CALLSCOUT_BENCH_AUDIO_MINUTES`` (default 5) minutes of generated speech in white noise.
"""

from __future__ import annotations

import os
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf
import webrtcvad
from scipy import signal

from callscout.audio import assess_file, synth
from callscout.audio.measures import _ChannelFrames, _Resampler, wada_snr


def _write(path: Path, minutes: float, rate: int, channels: int) -> None:
    """Tile a 30 s generated clip (different per channel) so generation does not dominate."""
    clips = []
    for channel in range(channels):
        voice = synth.voice(30.0, rate, seed=channel + 1, f0_hz=130.0 + 60 * channel)
        clips.append(synth.mix_at_snr(voice, synth.white_noise(30.0, rate, seed=9 + channel), 20.0))
    clip = np.stack(clips, axis=1)
    repeats = max(1, round(minutes * 2))
    with sf.SoundFile(path, "w", rate, channels, "PCM_16") as handle:
        for _ in range(repeats):
            handle.write(clip)


def _peer(path: Path) -> dict:
    """What one would write first: whole file in memory, a Python loop per 20 ms frame."""
    samples, rate = sf.read(path, dtype="float32", always_2d=True)
    mix = samples.mean(axis=1)
    frame = int(rate * 0.02)
    vad = webrtcvad.Vad(2)
    levels, voiced, spectra = [], [], np.zeros(frame // 2 + 1)
    # webrtcvad takes 8/16/32/48 kHz only: other rates are resampled whole to 16 kHz.
    vad_rate = rate if rate in (8000, 16000, 32000, 48000) else 16000
    vad_input = mix if vad_rate == rate else signal.resample_poly(mix, vad_rate, rate)
    pcm = (np.clip(vad_input, -1, 1) * 32767).astype("<i2")
    vad_frame = int(vad_rate * 0.02)
    for index, start in enumerate(range(0, len(mix) - frame + 1, frame)):
        chunk = mix[start : start + frame]
        levels.append(10 * np.log10(max(float(np.mean(chunk**2)), 1e-12)))
        spectra += np.abs(np.fft.rfft(chunk * np.hanning(frame))) ** 2
        vad_chunk = pcm[index * vad_frame : (index + 1) * vad_frame]
        if len(vad_chunk) == vad_frame:
            voiced.append(vad.is_speech(vad_chunk.tobytes(), vad_rate))
    absolute = np.abs(mix)
    return {
        "snr_db": wada_snr(float(absolute.mean()), float(np.log(np.maximum(absolute, 1e-10)).mean())),
        "noise_floor_dbfs": float(np.percentile(levels, 10)),
        "speech_ratio": float(np.mean(voiced)),
        "clipping_ratio": float(np.mean(absolute >= 0.999)),
    }


def _vad_only(path: Path) -> None:
    """webrtcvad on the 8 kHz stream alone, through the same block reader and resampler."""
    vad = webrtcvad.Vad(2)
    with sf.SoundFile(path) as handle:
        resampler = _Resampler(handle.samplerate)
        track = _ChannelFrames()
        for block in handle.blocks(blocksize=handle.samplerate * 10, dtype="float32", always_2d=True):
            track.add(resampler(block[:, 0]), vad)


def _peak_memory(function: Callable[..., Any], *arguments: Any) -> tuple[int, Any]:
    tracemalloc.start()
    result = function(*arguments)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, result


def _best_time(function: Callable[..., Any], *arguments: Any, repeats: int = 3) -> float:
    """Best of a few runs: the machine is shared, the minimum is the least disturbed measurement."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        function(*arguments)
        best = min(best, time.perf_counter() - started)
    return best


def run() -> dict:
    minutes = float(os.environ.get("CALLSCOUT_BENCH_AUDIO_MINUTES", "5"))
    results: dict = {"audio_minutes": minutes, "cpu_threads_used": 1}
    with tempfile.TemporaryDirectory(prefix="callscout-bench-audio-") as directory:
        for label, rate, channels in (("mono_16k", 16000, 1), ("stereo_8k", 8000, 2), ("mono_44k", 44100, 1)):
            path = Path(directory) / f"{label}.wav"
            _write(path, minutes, rate, channels)
            seconds = minutes * 60
            ours_peak, ours = _peak_memory(assess_file, path)
            peer_peak, peer = _peak_memory(_peer, path)
            ours_s = _best_time(assess_file, path)
            peer_s = _best_time(_peer, path)
            vad_s = _best_time(_vad_only, path)
            results[label] = {
                "ours_x_realtime": round(seconds / ours_s, 1),
                "peer_x_realtime": round(seconds / peer_s, 1),
                "ratio_ours_to_peer_time": round(ours_s / peer_s, 3),
                "vad_only_x_realtime": round(seconds / vad_s, 1),
                "ours_peak_mb": round(ours_peak / 2**20, 1),
                "peer_peak_mb": round(peer_peak / 2**20, 1),
                "ours_snr_db": ours["snr_db"],
                "peer_snr_db": None if peer["snr_db"] is None else round(peer["snr_db"], 1),
                "ours_speech_ratio": ours["speech_ratio"],
                "peer_speech_ratio": round(peer["speech_ratio"], 3),
            }
        results["meets_100x_target"] = all(
            results[label]["ours_x_realtime"] >= 100 for label in ("mono_16k", "stereo_8k", "mono_44k")
        )
        results["dnsmos"] = _dnsmos_speed()
        results["asr"] = _asr_speed(Path(directory) / "mono_16k.wav")
    return results


def _asr_speed(path: Path) -> dict:
    """Transcription speed when a local model is configured (CALLSCOUT_ASR_MODEL, CALLSCOUT_ASR_ENGINE);
    on a GPU machine faster-whisper picks CUDA by itself (device "auto")."""
    from callscout.audio import asr
    from callscout.errors import UsageError

    try:
        recognizer = asr.recognizer_from_config()
    except UsageError as error:
        return {"available": False, "reason": error.message}
    seconds = 60.0
    clip = synth.to_wav_bytes(sf.read(path, frames=int(16000 * seconds))[0], 16000)
    started = time.perf_counter()
    transcript = asr.transcribe(clip, recognizer, name="bench.wav")
    elapsed = time.perf_counter() - started
    return {
        "available": True,
        "engine": recognizer.name,
        "x_realtime": round(seconds / elapsed, 1),
        "segments": len(transcript.segments),
    }


def _dnsmos_speed() -> dict:
    from callscout.audio import mos

    if not mos.available():
        return {"available": False}
    audio = synth.mix_at_snr(synth.voice(90.0, 16000, seed=3), synth.white_noise(90.0, 16000), 15.0)
    mos.dnsmos(audio[: 16000 * 10])  # load the model outside the timing
    started = time.perf_counter()
    scores = mos.dnsmos(audio.astype(np.float32))
    elapsed = time.perf_counter() - started
    return {"available": True, "x_realtime": round(90.0 / elapsed, 1), "scores": scores}


if __name__ == "__main__":
    import json

    print(json.dumps(run(), ensure_ascii=False, indent=2))

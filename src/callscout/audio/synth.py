"""Speech-like test signals made with numpy, for tests, the benchmark and the demo.

Real recordings cannot ship with the project (privacy, size), and espeak-ng is not on every machine,
so the signals are synthesised: a "voice" is a sum of harmonics of a wandering pitch, shaped by
vowel formants that change every syllable, gated into syllables (about 4 per second) and phrases
with pauses between them, plus noise bursts for fricatives. That gives what the measures rely on:
harmonic structure, syllabic modulation, pauses, energy up to 7 kHz for wideband rates and a peaky
amplitude distribution. Everything is deterministic for a given seed.
"""

from __future__ import annotations

import io
import subprocess
from math import gcd

import numpy as np
import soundfile as sf
from scipy import signal

# (F1, F2, F3) of Russian-like vowels /a e i o u y/ in Hz.
_VOWELS = np.array(
    [[750, 1250, 2600], [480, 2000, 2600], [300, 2300, 3000], [500, 900, 2500], [320, 800, 2300], [350, 1500, 2400]],
    dtype=np.float64,
)
_FORMANT_BANDWIDTH_HZ = np.array([90.0, 120.0, 180.0])


def _syllable_plan(duration_s: float, rng: np.random.Generator) -> list[tuple[float, float]]:
    """(start, length) of every syllable: phrases of 4-12 syllables, pauses of 0.25-0.9 s."""
    plan: list[tuple[float, float]] = []
    time = float(rng.uniform(0.1, 0.4))
    while time < duration_s - 0.3:
        for _ in range(int(rng.integers(4, 13))):
            length = float(rng.uniform(0.16, 0.3))
            if time + length > duration_s - 0.05:
                break
            plan.append((time, length))
            time += length + float(rng.uniform(0.0, 0.04))
        time += float(rng.uniform(0.25, 0.9))
    return plan


def voice(
    duration_s: float,
    rate: int = 16000,
    *,
    seed: int = 0,
    f0_hz: float = 130.0,
    level_dbfs: float = -26.0,
    max_frequency_hz: float = 7600.0,
) -> np.ndarray:
    """One speaker talking in phrases; RMS over the whole clip is ``level_dbfs`` (peaks some 22 dB higher)."""
    rng = np.random.default_rng(seed)
    samples = round(duration_s * rate)
    t = np.arange(samples) / rate
    plan = _syllable_plan(duration_s, rng)
    # Pitch wanders slowly and declines over each phrase, like intonation.
    drift = signal.sosfiltfilt(signal.butter(2, 3.0, fs=rate, output="sos"), rng.standard_normal(samples))
    drift = drift / (np.max(np.abs(drift)) + 1e-12)
    f0 = f0_hz * (1.0 + 0.12 * drift + 0.02 * np.sin(2 * np.pi * 5.5 * t))
    phase = 2 * np.pi * np.cumsum(f0) / rate

    envelope = np.zeros(samples)
    fricative_gate = np.zeros(samples)
    # Formant amplitudes are set per syllable and interpolated, so the spectrum changes like vowels do.
    harmonics = int(min(max_frequency_hz, rate / 2 - 200) // (f0_hz * 1.15))
    knot_times = [0.0]
    knot_gains = [np.zeros(harmonics)]
    for start, length in plan:
        first, last = int(start * rate), min(samples, int((start + length) * rate))
        window = np.sin(np.linspace(0, np.pi, last - first)) ** 1.5
        envelope[first:last] = np.maximum(envelope[first:last], window * float(rng.uniform(0.5, 1.0)))
        if rng.random() < 0.35:  # a consonant burst before the vowel
            burst = min(last - first, int(0.06 * rate))
            fricative_gate[first : first + burst] = np.hanning(burst) * float(rng.uniform(0.2, 0.5))
        formants = _VOWELS[int(rng.integers(len(_VOWELS)))] * float(rng.uniform(0.92, 1.08))
        knot_times.append(start + length / 2)
        knot_gains.append(_formant_gains(formants, f0_hz, harmonics))
    knot_times.append(duration_s)
    knot_gains.append(knot_gains[-1])
    gains = np.array(knot_gains)

    speech = np.zeros(samples)
    times = np.asarray(knot_times)
    for k in range(1, harmonics + 1):
        amplitude = np.interp(t, times, gains[:, k - 1])
        # Harmonics whose frequency would pass Nyquist on a high pitch excursion are muted.
        amplitude = np.where(k * f0 < rate / 2 - 100, amplitude, 0.0)
        speech += amplitude * np.sin(k * phase + float(rng.uniform(0, 2 * np.pi)))
    speech *= envelope
    high_band = signal.butter(
        4, [min(2500.0, rate / 2 - 600), min(max_frequency_hz, rate / 2 - 100)], "bandpass", fs=rate, output="sos"
    )
    fricative = signal.sosfilt(high_band, rng.standard_normal(samples)) * fricative_gate
    speech += fricative * 0.6 * np.sqrt(np.mean(speech**2)) / (np.sqrt(np.mean(fricative**2)) + 1e-12)
    return set_level(speech, level_dbfs)


def _formant_gains(formants: np.ndarray, f0_hz: float, harmonics: int) -> np.ndarray:
    frequencies = f0_hz * np.arange(1, harmonics + 1)
    gain = np.zeros(harmonics)
    for centre, bandwidth in zip(formants, _FORMANT_BANDWIDTH_HZ, strict=True):
        gain += 1.0 / (1.0 + ((frequencies - centre) / bandwidth) ** 2)
    tilt = 1.0 / (1.0 + frequencies / 800.0)  # about -6 dB per octave above 800 Hz, as in voiced speech
    return (gain + 0.02) * tilt


def rms_dbfs(samples: np.ndarray) -> float:
    power = float(np.mean(np.square(samples, dtype=np.float64)))
    return 10 * np.log10(power) if power > 0 else -np.inf


def set_level(samples: np.ndarray, level_dbfs: float) -> np.ndarray:
    current = rms_dbfs(samples)
    if not np.isfinite(current):
        return samples
    return samples * 10 ** ((level_dbfs - current) / 20)


def white_noise(duration_s: float, rate: int = 16000, *, seed: int = 1, level_dbfs: float = -40.0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return set_level(rng.standard_normal(round(duration_s * rate)), level_dbfs)


def mix_at_snr(speech: np.ndarray, noise: np.ndarray, snr_db: float) -> np.ndarray:
    """Add ``noise`` scaled so that speech power / noise power over the whole clip is ``snr_db``."""
    noise = noise[: len(speech)]
    speech_power = float(np.mean(speech**2))
    noise_power = float(np.mean(noise**2))
    scale = np.sqrt(speech_power / (noise_power * 10 ** (snr_db / 10)))
    return speech + noise * scale


def background_voices(
    duration_s: float, rate: int = 16000, *, seed: int = 7, speakers: int = 2, level_dbfs: float = -30.0
) -> np.ndarray:
    """Other people talking in the room: several voices of different pitch, at ``level_dbfs`` together."""
    pitches = (185.0, 105.0, 220.0, 150.0)
    crowd = sum(
        voice(duration_s, rate, seed=seed + index * 101, f0_hz=pitches[index % len(pitches)])
        for index in range(speakers)
    )
    return set_level(np.asarray(crowd), level_dbfs)


def clip(samples: np.ndarray, gain_db: float = 18.0, ceiling: float = 0.99) -> np.ndarray:
    """An over-driven recording: amplified by ``gain_db`` and cut flat at ``ceiling``."""
    return np.clip(samples * 10 ** (gain_db / 20), -ceiling, ceiling)


def narrowband(samples: np.ndarray, rate: int, *, output_rate: int | None = None) -> np.ndarray:
    """A phone line: 300-3400 Hz band, carried at 8 kHz; ``output_rate`` upsamples it back (a common trick)."""
    band = signal.butter(6, [300.0, 3400.0], "bandpass", fs=rate, output="sos")
    filtered = signal.sosfiltfilt(band, samples)
    phone = signal.resample_poly(filtered, 8000, rate) if rate != 8000 else filtered
    if output_rate is None or output_rate == 8000:
        return phone
    return signal.resample_poly(phone, output_rate, 8000)


def stereo_call(
    duration_s: float,
    rate: int = 8000,
    *,
    seed: int = 3,
    bleed_db: float | None = -30.0,
    overtalk_s: float = 0.0,
) -> np.ndarray:
    """Operator on the left channel, customer on the right, taking turns; each channel may carry an
    echo of the other ``bleed_db`` below it; ``overtalk_s`` seconds of the customer start early."""
    rng = np.random.default_rng(seed)
    samples = round(duration_s * rate)
    operator_voice = voice(duration_s, rate, seed=seed, f0_hz=200.0)
    customer_voice = voice(duration_s, rate, seed=seed + 1, f0_hz=120.0)
    left = np.zeros(samples)
    right = np.zeros(samples)
    turn = int(rate * 4.0)
    for index, start in enumerate(range(0, samples, turn)):
        stop = min(samples, start + turn)
        if index % 2 == 0:
            left[start:stop] = operator_voice[start:stop]
        else:
            early = min(start, int(overtalk_s * rate))
            right[start - early : stop] = customer_voice[start - early : stop]
    if bleed_db is not None:
        gain = 10 ** (bleed_db / 20)
        delay = int(0.02 * rate)
        left, right = left + gain * np.roll(right, delay), right + gain * np.roll(left, delay)
    noise_left = white_noise(duration_s, rate, seed=int(rng.integers(1000)), level_dbfs=-65.0)
    noise_right = white_noise(duration_s, rate, seed=int(rng.integers(1000)), level_dbfs=-65.0)
    return np.stack([left + noise_left, right + noise_right], axis=1)


def to_wav_bytes(samples: np.ndarray, rate: int, subtype: str = "PCM_16") -> bytes:
    buffer = io.BytesIO()
    sf.write(buffer, np.clip(samples, -1.0, 1.0), rate, format="WAV", subtype=subtype)
    return buffer.getvalue()


def encode(samples: np.ndarray, rate: int, file_format: str, subtype: str | None = None) -> bytes:
    """Any format libsndfile writes (FLAC, OGG, MP3...), for tests of decoding."""
    buffer = io.BytesIO()
    sf.write(buffer, np.clip(samples, -1.0, 1.0), rate, format=file_format, subtype=subtype)
    return buffer.getvalue()


def spoken(text: str, rate: int = 16000, *, words_per_minute: int = 130) -> np.ndarray:
    """Russian speech from espeak-ng (Debian package), resampled to ``rate``: real words for the
    transcription test and benchmark. Raises FileNotFoundError where espeak-ng is missing."""
    wav = subprocess.run(
        ["espeak-ng", "-v", "ru", "-s", str(words_per_minute), "--stdout", text],
        check=True,
        capture_output=True,
        timeout=60,
    ).stdout
    samples, source_rate = sf.read(io.BytesIO(wav), dtype="float64")
    if source_rate != rate:
        divisor = gcd(rate, source_rate)
        samples = signal.resample_poly(samples, rate // divisor, source_rate // divisor)
    return samples

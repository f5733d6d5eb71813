"""Signal measures of a call recording, computed in one streaming pass over blocks of samples.

Per 20 ms frame we keep a handful of numbers (level, voice activity, harmonicity), never the samples,
so memory grows by a few bytes per frame whatever the length. Whole-file statistics (WADA-SNR, the
clipping histogram, level-binned power spectra for the bandwidth) are sums updated block by block.

Voice activity: webrtcvad (the WebRTC GMM detector, C code, ``webrtcvad-wheels``) on a 8 kHz copy of
each channel. It needs no model files, is hundreds of times faster than real time on one core and
is robust on telephone audio; silero-vad would need onnxruntime and a model file shipped elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from math import gcd
from typing import Any

import numpy as np
import webrtcvad

FRAME_S = 0.02
VAD_RATE = 8000
VAD_FRAME = int(VAD_RATE * FRAME_S)
SILENCE_DB = -120.0
MAX_SNR_DB = 60.0
LEVEL_BIN_DB = 3.0
# Telephone audio ends at 3.4-4 kHz; the spectrum's smoothing spreads that edge by a few hundred Hz.
NARROWBAND_HZ = 5000
HARMONIC = 0.45
# Pauses within a turn; longer quiet stretches are the other party's turn or silence.
MAX_PAUSE_S = 1.5
HISTOGRAM_BINS = 2000
# Pitch lags (in 8 kHz samples) for 80-400 Hz voices.
MIN_LAG, MAX_LAG = VAD_RATE // 400, VAD_RATE // 80


@lru_cache(maxsize=1)
def wada_table() -> tuple[np.ndarray, np.ndarray]:
    """WADA-SNR lookup (Kim & Stern, 2008): the statistic G = log(mean|x|) - mean(log|x|) for
    gamma-distributed speech amplitudes (shape 0.4) in Gaussian noise at each SNR, simulated with a
    fixed seed so the table is reproducible (it matches the published one to three decimals)."""
    rng = np.random.default_rng(2008)
    count = 400_000
    speech = rng.gamma(0.4, 1.0, count) * rng.choice([-1.0, 1.0], count)
    noise = rng.standard_normal(count)
    snrs = np.arange(-20.0, 61.0, 1.0)
    ratio = np.mean(speech**2) / np.mean(noise**2)
    statistics = []
    for snr in snrs:
        mixed = np.abs(speech + noise * np.sqrt(ratio / 10 ** (snr / 10)))
        mixed = np.maximum(mixed, 1e-10 * mixed.max())
        statistics.append(np.log(mixed.mean()) - np.log(mixed).mean())
    return np.maximum.accumulate(np.array(statistics)), snrs


def wada_snr(mean_abs: float, mean_log_abs: float) -> float | None:
    if mean_abs <= 0:
        return None
    statistic = float(np.log(mean_abs) - mean_log_abs)
    table, snrs = wada_table()
    return float(np.interp(statistic, table, snrs))


def pause_snr(levels: np.ndarray, voiced: np.ndarray) -> float | None:
    """SNR over the whole recording from its pauses: the quietest 15% of frames give the noise
    power, all frames the total. Exact for steady noise when the call has pauses (within a dB from
    0 to 30 dB on synthetic and espeak-ng speech, where WADA reads 5-19 dB high above 20 dB).
    None when webrtcvad hears speech in more than 90% of the frames (continuous speech, or noise so
    strong it sounds like speech): WADA-SNR, which is at its best at low SNR, is used then."""
    if levels.size < 50 or float(np.mean(~voiced)) < 0.10:
        return None
    power = 10 ** (levels / 10)
    noise = float(power[levels <= np.percentile(levels, 15)].mean())
    if noise <= 10 ** (SILENCE_DB / 10) * 1.01:
        return MAX_SNR_DB
    snr = 10 * np.log10(max(float(power.mean()) - noise, 1e-30) / noise)
    return float(np.clip(snr, -20.0, MAX_SNR_DB))


def _db(power: np.ndarray | float) -> np.ndarray:
    return 10 * np.log10(np.maximum(power, 10 ** (SILENCE_DB / 10)))


class _Resampler:
    """Streams one channel down to 8 kHz; block edges of ``resample_poly`` only blur a millisecond."""

    def __init__(self, rate: int) -> None:
        divisor = gcd(VAD_RATE, rate)
        self.up, self.down = VAD_RATE // divisor, rate // divisor

    def __call__(self, samples: np.ndarray) -> np.ndarray:
        if self.up == self.down:
            return samples
        from scipy import signal  # on first use: scipy.signal takes a second to import

        return signal.resample_poly(samples, self.up, self.down).astype(np.float32)


@dataclass
class _ChannelFrames:
    """8 kHz per-frame track of one channel: level, VAD decision, harmonicity."""

    carry: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    previous: np.ndarray = field(default_factory=lambda: np.zeros(VAD_FRAME, dtype=np.float32))
    levels: list[np.ndarray] = field(default_factory=list)
    voiced: list[np.ndarray] = field(default_factory=list)
    harmonicity: list[np.ndarray] = field(default_factory=list)

    def add(self, samples: np.ndarray, vad: webrtcvad.Vad) -> None:
        stream = np.concatenate([self.carry, samples])
        count = len(stream) // VAD_FRAME
        self.carry = stream[count * VAD_FRAME :]
        if count == 0:
            return
        frames = stream[: count * VAD_FRAME].reshape(count, VAD_FRAME)
        self.levels.append(_db(np.mean(frames.astype(np.float64) ** 2, axis=1)))
        pcm = (np.clip(frames, -1.0, 1.0) * 32767).astype("<i2")
        self.voiced.append(np.fromiter((vad.is_speech(row.tobytes(), VAD_RATE) for row in pcm), bool, count))
        # Harmonicity over 40 ms windows (this frame and the one before) so an 80 Hz pitch fits twice.
        windows = np.concatenate([np.vstack([self.previous, frames[:-1]]), frames], axis=1).astype(np.float64)
        self.previous = frames[-1].copy()
        self.harmonicity.append(_harmonicity(windows))

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if not self.levels:
            return np.zeros(0), np.zeros(0, bool), np.zeros(0)
        return np.concatenate(self.levels), np.concatenate(self.voiced), np.concatenate(self.harmonicity)


def _harmonicity(windows: np.ndarray) -> np.ndarray:
    """Peak of the normalised autocorrelation at pitch lags: ~0.9 for a voice, ~0.2 for noise."""
    windows = windows - windows.mean(axis=1, keepdims=True)
    size = windows.shape[1]
    spectrum = np.fft.rfft(windows, 2 * size, axis=1)
    correlation = np.fft.irfft(np.abs(spectrum) ** 2, axis=1)[:, : MAX_LAG + 1]
    energy = correlation[:, :1]
    lags = np.arange(MIN_LAG, MAX_LAG + 1)
    # Unbiased: a lag of L only overlaps size-L samples.
    normalised = correlation[:, MIN_LAG:] / np.maximum(energy, 1e-20) * (size / (size - lags))
    return np.where(energy[:, 0] > 1e-12, normalised.max(axis=1), 0.0)


class SignalAnalyzer:
    """Feed blocks of (frames, channels) float32 samples, then call ``result()``."""

    def __init__(self, sample_rate: int, channels: int, *, lossy: bool = False) -> None:
        self.rate = sample_rate
        self.lossy = lossy
        self.channels = channels
        self.frame = max(1, round(sample_rate * FRAME_S))
        self.fft_size = 1 << (self.frame - 1).bit_length()
        self._vad = webrtcvad.Vad(2)
        self._carry = np.zeros((0, channels), dtype=np.float32)
        self._resamplers = [_Resampler(sample_rate) for _ in range(channels)]
        self._tracks = [_ChannelFrames() for _ in range(channels)]
        self._levels: list[np.ndarray] = []
        self._window = np.hanning(self.frame)
        bins = int(-SILENCE_DB / LEVEL_BIN_DB) + 1
        self._spectra = np.zeros((bins, self.fft_size // 2 + 1))
        self._spectra_frames = np.zeros(bins, dtype=np.int64)
        # WADA sums per channel and, last, for the mix: on stereo the operator's own channel is judged.
        self._sum_abs = np.zeros(channels + 1)
        self._sum_log_abs = np.zeros(channels + 1)
        self._histogram = np.zeros(HISTOGRAM_BINS + 1, dtype=np.int64)
        self._flat_histogram = np.zeros(HISTOGRAM_BINS + 1, dtype=np.int64)
        self._last = np.full(channels, np.nan, dtype=np.float32)
        self._samples = 0
        self._cross = np.zeros(3)  # sum(l*r), sum(l*l), sum(r*r): dual-mono detection

    def add(self, block: np.ndarray) -> None:
        if block.ndim == 1:
            block = block[:, None]
        self._samples += len(block)
        magnitude = np.abs(block)
        bins = np.minimum((magnitude * HISTOGRAM_BINS).astype(np.int64), HISTOGRAM_BINS)
        self._histogram += np.bincount(bins.ravel(), minlength=HISTOGRAM_BINS + 1)
        # A clipped top is flat: the sample equals the one before it. A loud tone or vowel near its
        # peak still changes from sample to sample, so it is not mistaken for clipping.
        flat = np.zeros_like(block, dtype=bool)
        flat[1:] = block[1:] == block[:-1]
        flat[0] = block[0] == self._last
        self._last = block[-1].copy()
        self._flat_histogram += np.bincount(bins[flat], minlength=HISTOGRAM_BINS + 1)
        mix = block.mean(axis=1, dtype=np.float64)
        absolute = np.abs(mix)
        self._sum_abs[-1] += absolute.sum()
        self._sum_log_abs[-1] += np.log(np.maximum(absolute, 1e-10)).sum()
        if self.channels > 1:
            per_channel = np.abs(block)
            self._sum_abs[:-1] += per_channel.sum(axis=0)
            self._sum_log_abs[:-1] += np.log(np.maximum(per_channel, 1e-10)).sum(axis=0)
        if self.channels == 2:
            left, right = block[:, 0].astype(np.float64), block[:, 1].astype(np.float64)
            self._cross += (float(left @ right), float(left @ left), float(right @ right))
        for channel in range(self.channels):
            self._tracks[channel].add(self._resamplers[channel](block[:, channel]), self._vad)
        self._add_frames(mix)

    def _add_frames(self, mix: np.ndarray) -> None:
        stream = np.concatenate([self._carry[:, 0] if self._carry.size else np.zeros(0), mix])
        count = len(stream) // self.frame
        self._carry = stream[count * self.frame :, None]
        if count == 0:
            return
        frames = stream[: count * self.frame].reshape(count, self.frame)
        levels = _db(np.mean(frames**2, axis=1))
        self._levels.append(levels)
        power = np.abs(np.fft.rfft(frames * self._window, self.fft_size, axis=1)) ** 2
        level_bins = np.clip((-levels / LEVEL_BIN_DB).astype(int), 0, len(self._spectra_frames) - 1)
        for level_bin in np.unique(level_bins):
            chosen = level_bins == level_bin
            self._spectra[level_bin] += power[chosen].sum(axis=0)
            self._spectra_frames[level_bin] += int(chosen.sum())

    # --- results ---------------------------------------------------------------------------------

    def result(self, *, operator_channel: int = 0, long_silence_s: float = 5.0) -> dict[str, Any]:
        levels = np.concatenate(self._levels) if self._levels else np.zeros(0)
        tracks = [track.arrays() for track in self._tracks]
        frame_count = min([len(levels), *(len(track[0]) for track in tracks)])
        levels = levels[:frame_count]
        tracks = [(lv[:frame_count], vd[:frame_count], hm[:frame_count]) for lv, vd, hm in tracks]
        dual_mono = self._is_dual_mono()
        active = self._activity(tracks, dual_mono)
        speech_any = np.logical_or.reduce(active) if active else np.zeros(frame_count, bool)

        noise_floor = float(np.percentile(levels, 10)) if frame_count else SILENCE_DB
        speech_levels = levels[speech_any]
        speech_level = float(np.percentile(speech_levels, 95)) if speech_levels.size else None
        count = max(1, self._samples)
        stereo = self.channels == 2 and not dual_mono
        judged = operator_channel if stereo else self.channels
        wada = wada_snr(float(self._sum_abs[judged]) / count, float(self._sum_log_abs[judged]) / count)
        # webrtcvad's own decision (without our floor rule) finds pauses only where there really are some.
        pauses = pause_snr(tracks[operator_channel][0] if stereo else levels, tracks[judged % len(tracks)][1])
        snr = pauses if pauses is not None else wada
        bandwidth = self._bandwidth(speech_level)
        background = self._background_speech(tracks, active, operator_channel)
        silences = runs_of(~speech_any, round(long_silence_s / FRAME_S))
        return {
            "duration_s": round(self._samples / self.rate, 3),
            "sample_rate": self.rate,
            "channels": self.channels,
            "bandwidth_hz": bandwidth,
            "narrowband": bandwidth is not None and bandwidth <= NARROWBAND_HZ,
            "upsampled": bandwidth is not None and bandwidth <= NARROWBAND_HZ and self.rate > 8000,
            "snr_db": None if snr is None else round(snr, 1),
            "snr_method": "pauses" if pauses is not None else "wada",
            "snr_wada_db": None if wada is None else round(wada, 1),
            "noise_floor_dbfs": round(max(noise_floor, SILENCE_DB), 1),
            "speech_level_dbfs": None if speech_level is None else round(speech_level, 1),
            "clipping_ratio": round(self._clipping_ratio(), 6),
            "peak_dbfs": round(float(_db(self._peak() ** 2)), 1),
            "speech_ratio": round(float(speech_any.mean()), 3) if frame_count else 0.0,
            "background_speech": background["flagged"],
            "background_speech_ratio": background["ratio"],
            "background_speech_s": background["seconds"],
            "long_silences": [
                {"start_s": round(start * FRAME_S, 2), "duration_s": round(length * FRAME_S, 2)}
                for start, length in silences[:20]
            ],
            "longest_silence_s": round(max((length for _, length in silences), default=0) * FRAME_S, 2),
            "stereo": self._stereo(active, operator_channel) if self.channels == 2 and not dual_mono else None,
            "dual_mono": dual_mono if self.channels == 2 else None,
        }

    def _is_dual_mono(self) -> bool:
        if self.channels != 2:
            return False
        cross, left, right = self._cross
        if left <= 0 or right <= 0:
            return left <= 0 and right <= 0
        return bool(cross / np.sqrt(left * right) > 0.98)

    def _activity(self, tracks: list[tuple[np.ndarray, np.ndarray, np.ndarray]], dual_mono: bool) -> list[np.ndarray]:
        """Frames where each channel's own speaker talks: VAD, not far below that speaker's usual level,
        and on stereo not just an echo of the other channel (bleed is 15 dB or more below it, relatively)."""
        if dual_mono:
            tracks = tracks[:1]
        active, relative = [], []
        for levels, voiced, _ in tracks:
            own = _own_level(levels, voiced)
            active.append(_own_speech(levels, voiced, own))
            relative.append(levels - own)
        if len(active) == 2:
            both = active[0] & active[1]
            difference = relative[0] - relative[1]
            active[1] = active[1] & ~(both & (difference > 15.0))
            active[0] = active[0] & ~(both & (difference < -15.0))
        return active

    def _bandwidth(self, speech_level: float | None) -> int | None:
        """Highest frequency the recording channel carries in loud (speech) frames, within 45 dB of
        the speech band's peak: a phone line cuts everything, noise included, above ~3.4-4 kHz, and
        that stays visible when 8 kHz audio was resampled to 16/44.1 kHz and the header says wideband."""
        if speech_level is None or not self._spectra_frames.any():
            return None
        bin_levels = -np.arange(len(self._spectra_frames)) * LEVEL_BIN_DB
        loud = (bin_levels >= speech_level - 12.0) & (self._spectra_frames > 0)
        if not loud.any():
            return None
        speech = self._spectra[loud].sum(axis=0) / self._spectra_frames[loud].sum()
        frequencies = np.fft.rfftfreq(self.fft_size, 1 / self.rate)
        # Smooth over ~250 Hz so single harmonics or notches do not decide.
        width = max(1, round(250 / (frequencies[1] - frequencies[0])))
        speech = np.convolve(speech, np.ones(width) / width, mode="same")
        reference = speech[(frequencies >= 300) & (frequencies <= 3400)].max()
        present = (speech > reference * 10 ** (-45 / 10)) & (frequencies >= 300)
        if not present.any():
            return None
        return int(float(frequencies[np.nonzero(present)[0].max()]) // 50 * 50)

    def _background_speech(
        self, tracks: list[tuple[np.ndarray, np.ndarray, np.ndarray]], active: list[np.ndarray], operator: int
    ) -> dict[str, Any]:
        """Speech-like (harmonic) energy in the quiet frames between the main speaker's phrases.

        Quiet frames lie 10 dB or more below the speaker's loud level and 0.15 s away from loud frames
        (syllable tails are not other people), inside the operator's turns: a quiet stretch longer
        than MAX_PAUSE_S is the customer's turn on a mono recording (a phone voice is often 10 dB
        quieter) or plain silence, whereas colleagues in the room talk through the operator's short
        pauses too. On stereo, frames where the other channel talks are left
        out as well: that is bleed of the customer, not a colleague."""
        channel = operator if operator < len(tracks) else 0
        levels, _, harmonicity = tracks[channel]
        if levels.size == 0:
            return {"flagged": False, "ratio": 0.0, "seconds": 0.0}
        voiced_levels = levels[active[min(channel, len(active) - 1)]] if active else levels
        loud_level = float(np.percentile(voiced_levels, 95)) if voiced_levels.size else float(levels.max())
        loud = levels >= loud_level - 10.0
        # "full" and a centred slice: mode="same" returns the kernel's length for recordings shorter
        # than the kernel (under 15 frames), which then does not line up with the frames.
        near_loud = np.convolve(loud.astype(float), np.ones(15), mode="full")[7 : 7 + loud.size] > 0
        # The operator's turn: their syllable peaks (6 dB from the top) and the pauses between them
        # shorter than MAX_PAUSE_S. A customer 10 dB quieter on a mono recording never reaches it.
        in_turn = levels >= loud_level - 4.0
        longest_pause = round(MAX_PAUSE_S / FRAME_S)
        for start, length in runs_of(~in_turn, 1):
            if length < longest_pause and start > 0 and start + length < len(levels):
                in_turn[start : start + length] = True
        quiet = ~near_loud & in_turn
        if len(active) == 2:
            quiet &= ~active[1 - channel]
        # Audible (within 40 dB of the speaker) and voiced; steady noise has no pitch, silence no level.
        speech_like = quiet & (harmonicity >= HARMONIC) & (levels >= loud_level - 40.0)
        quiet_count = int(quiet.sum())
        ratio = float(speech_like.sum()) / quiet_count if quiet_count else 0.0
        seconds = float(speech_like.sum()) * FRAME_S
        return {
            "flagged": bool(ratio >= 0.3 and seconds >= 0.5),
            "ratio": round(ratio, 3),
            "seconds": round(seconds, 2),
        }

    def _stereo(self, active: list[np.ndarray], operator: int) -> dict[str, Any]:
        operator_active, customer_active = active[operator], active[1 - operator]
        operator_talk = float(operator_active.sum()) * FRAME_S
        customer_talk = float(customer_active.sum()) * FRAME_S
        overtalk = float((operator_active & customer_active).sum()) * FRAME_S
        talk = float((operator_active | customer_active).sum()) * FRAME_S
        return {
            "operator_channel": "left" if operator == 0 else "right",
            "operator_talk_s": round(operator_talk, 2),
            "customer_talk_s": round(customer_talk, 2),
            "talk_listen_ratio": round(operator_talk / customer_talk, 2) if customer_talk > 0 else None,
            "operator_talk_share": round(operator_talk / (operator_talk + customer_talk), 3) if talk > 0 else None,
            "overtalk_s": round(overtalk, 2),
            "overtalk_ratio": round(overtalk / talk, 3) if talk > 0 else 0.0,
        }

    def _peak(self) -> float:
        nonzero = np.nonzero(self._histogram)[0]
        return float(nonzero.max()) / HISTOGRAM_BINS if nonzero.size else 0.0

    def _clipping_ratio(self) -> float:
        """Share of clipped samples. Lossless audio: samples that sit flat on the recording's peak
        (within 0.1% of full scale); unclipped speech touches its peak a handful of times, clipped
        speech thousands of times. Lossy codecs (MP3, Vorbis, Opus, AAC) smear a flat top into
        ripples that overshoot full scale when decoded, so there samples at or over 99% of full scale count."""
        total = int(self._histogram.sum())
        if self.lossy:
            return float(self._histogram[int(HISTOGRAM_BINS * 0.99) :].sum()) / total if total else 0.0
        nonzero = np.nonzero(self._histogram)[0]
        if total == 0 or nonzero.size == 0 or nonzero.max() < HISTOGRAM_BINS // 4:
            return 0.0
        top = int(nonzero.max())
        return float(self._flat_histogram[max(0, top - 2) :].sum()) / total


def _own_level(levels: np.ndarray, voiced: np.ndarray) -> float:
    return float(np.percentile(levels[voiced], 95)) if voiced.any() else SILENCE_DB


def _own_speech(levels: np.ndarray, voiced: np.ndarray, own: float) -> np.ndarray:
    # webrtcvad calls steady noise speech; real speech stands out of the channel's floor.
    floor = float(np.percentile(levels, 10)) if levels.size else SILENCE_DB
    return voiced & (levels >= own - 30.0) & (levels >= floor + 6.0)


def speech_frames(samples: np.ndarray, rate: int) -> tuple[np.ndarray, np.ndarray]:
    """(level in dBFS, speech or not) per ``FRAME_S`` frame of one channel, by the same rule the
    quality measures use: the recognisers that need short pieces are cut where this finds pauses."""
    track = _ChannelFrames()
    track.add(_Resampler(rate)(samples.astype(np.float32)), webrtcvad.Vad(2))
    levels, voiced, _ = track.arrays()
    return levels, _own_speech(levels, voiced, _own_level(levels, voiced))


def runs_of(mask: np.ndarray, minimum: int) -> list[tuple[int, int]]:
    """(start, length) of every run of True at least ``minimum`` long."""
    if mask.size == 0:
        return []
    padded = np.concatenate([[False], mask, [False]])
    changes = np.flatnonzero(np.diff(padded.astype(np.int8)))
    starts, ends = changes[::2], changes[1::2]
    return [(int(s), int(e - s)) for s, e in zip(starts, ends, strict=True) if e - s >= minimum]

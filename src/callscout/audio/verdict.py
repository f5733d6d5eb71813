"""good / acceptable / poor for a recording, with the reasons, against thresholds that differ for
narrowband (telephone, up to ~4 kHz) and wideband audio: a phone line is not a fault in itself,
but the same noise is more disturbing on a band that already lost half of the speech cues."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from callscout.i18n import format_number, msg

VERDICTS = ("good", "acceptable", "poor")


@dataclass(frozen=True)
class Thresholds:
    snr_good_db: float
    snr_poor_db: float
    noise_floor_acceptable_dbfs: float
    noise_floor_poor_dbfs: float
    clipping_acceptable: float = 0.001
    clipping_poor: float = 0.01
    speech_ratio_acceptable: float = 0.35
    speech_ratio_poor: float = 0.15
    long_silence_acceptable_s: float = 10.0
    min_duration_s: float = 3.0


WIDEBAND = Thresholds(
    snr_good_db=25.0, snr_poor_db=15.0, noise_floor_acceptable_dbfs=-55.0, noise_floor_poor_dbfs=-40.0
)
NARROWBAND = Thresholds(
    snr_good_db=20.0, snr_poor_db=12.0, noise_floor_acceptable_dbfs=-50.0, noise_floor_poor_dbfs=-38.0
)


def _reason(code: str, level: str, message: str) -> dict[str, str]:
    return {"code": code, "level": level, "message": message}


def judge(measures: dict[str, Any]) -> tuple[str, list[dict[str, str]]]:
    """The verdict is the worst level among the reasons; a recording with no reason is good."""
    limits = NARROWBAND if measures.get("narrowband") else WIDEBAND
    band = msg("audio.verdict.narrowband") if measures.get("narrowband") else msg("audio.verdict.wideband")
    reasons: list[dict[str, str]] = []
    duration = measures["duration_s"]
    if duration < limits.min_duration_s:
        reasons.append(
            _reason(
                "too_short",
                "poor",
                msg("audio.verdict.shorter_than_s_cannot_be_judged", s=limits.min_duration_s),
            )
        )
    snr = measures.get("snr_db")
    if snr is not None and snr < limits.snr_good_db:
        level = "poor" if snr < limits.snr_poor_db else "acceptable"
        reasons.append(
            _reason(
                "noisy",
                level,
                msg(
                    "audio.verdict.noise_snr_db_for_audio_good",
                    snr=format_number(snr, 1),
                    band=band,
                    good=limits.snr_good_db,
                    poor=limits.snr_poor_db,
                ),
            )
        )
    floor = measures.get("noise_floor_dbfs")
    if floor is not None and floor > limits.noise_floor_acceptable_dbfs:
        level = "poor" if floor > limits.noise_floor_poor_dbfs else "acceptable"
        reasons.append(
            _reason(
                "noise_floor",
                level,
                msg("audio.verdict.high_background_level_in_pauses_dbfs", floor=format_number(floor, 1)),
            )
        )
    clipping = measures.get("clipping_ratio") or 0.0
    if clipping > limits.clipping_acceptable:
        level = "poor" if clipping > limits.clipping_poor else "acceptable"
        reasons.append(
            _reason(
                "clipping",
                level,
                msg("audio.verdict.clipping_of_samples_cut_flat_at", pct=format_number(clipping * 100, 2)),
            )
        )
    if measures.get("background_speech"):
        reasons.append(
            _reason(
                "background_speech",
                "poor",
                msg("audio.verdict.other_people_s_voices_in_background", s=measures.get("background_speech_s") or 0.0),
            )
        )
    speech_ratio = measures.get("speech_ratio") or 0.0
    if duration >= limits.min_duration_s and speech_ratio < limits.speech_ratio_acceptable:
        level = "poor" if speech_ratio < limits.speech_ratio_poor else "acceptable"
        reasons.append(
            _reason(
                "little_speech",
                level,
                msg("audio.verdict.little_speech_of_time", pct=speech_ratio * 100),
            )
        )
    longest = measures.get("longest_silence_s") or 0.0
    if longest >= limits.long_silence_acceptable_s:
        reasons.append(_reason("long_silence", "acceptable", msg("audio.verdict.long_silence_of_s", s=longest)))
    stereo = measures.get("stereo")
    if stereo and (stereo.get("overtalk_ratio") or 0.0) > 0.15:
        reasons.append(
            _reason(
                "overtalk",
                "acceptable",
                msg("audio.verdict.parties_talk_over_each_other_of", pct=stereo["overtalk_ratio"] * 100),
            )
        )
    if measures.get("upsampled"):
        reasons.append(
            _reason(
                "upsampled",
                "good",
                msg(
                    "audio.verdict.phone_band_audio_up_to_hz",
                    hz=measures.get("bandwidth_hz"),
                    rate=measures.get("sample_rate"),
                ),
            )
        )
    elif measures.get("narrowband"):
        reasons.append(
            _reason(
                "narrowband",
                "good",
                msg("audio.verdict.narrow_telephone_band_up_to_hz", hz=measures.get("bandwidth_hz")),
            )
        )
    worst = max((VERDICTS.index(reason["level"]) for reason in reasons), default=0)
    return VERDICTS[worst], reasons

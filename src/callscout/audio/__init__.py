"""Call recordings: safe decoding, signal measures, a quality verdict; optional DNSMOS and transcription.

``assess_file(path)`` and ``assess_bytes(data, name)`` are the entry points of every shell (CLI,
web audit, pipeline). Both return the same JSON-ready dict; bad input raises ``DataError`` with
a message in the user's language that names the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from callscout.audio.decode import DEFAULT_LIMITS, AudioLimits, AudioSource, ffmpeg_available
from callscout.audio.measures import SignalAnalyzer
from callscout.audio.verdict import judge

__all__ = ["DEFAULT_LIMITS", "AudioLimits", "assess", "assess_bytes", "assess_file", "ffmpeg_available"]


def assess(
    source: bytes | str | Path,
    name: str | None = None,
    *,
    limits: AudioLimits = DEFAULT_LIMITS,
    operator_channel: int = 0,
    mos: bool = False,
) -> dict[str, Any]:
    with AudioSource(source, name, limits) as audio:
        analyzer = SignalAnalyzer(audio.info.sample_rate, audio.info.channels)
        mos_input = None
        if mos:
            from callscout.audio.mos import MosCollector

            mos_input = MosCollector(audio.info.sample_rate)
        for block in audio.blocks():
            analyzer.add(block)
            if mos_input is not None:
                mos_input.add(block)
        measures = analyzer.result(operator_channel=operator_channel)
        info = audio.info
    verdict, reasons = judge(measures)
    return {
        "file": info.name,
        "format": info.container,
        "decoder": info.decoder,
        "size_bytes": info.size_bytes,
        "verdict": verdict,
        "reasons": reasons,
        **measures,
        "mos": mos_input.scores() if mos_input is not None else None,
    }


def assess_file(path: str | Path, **options: Any) -> dict[str, Any]:
    return assess(Path(path), str(path), **options)


def assess_bytes(data: bytes, name: str, **options: Any) -> dict[str, Any]:
    """For recordings already downloaded (the website audit's ``call_recordings`` check)."""
    return assess(data, name, **options)

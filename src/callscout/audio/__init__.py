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
from callscout.errors import DataError, UsageError
from callscout.i18n import join, msg
from callscout.model import Evidence, Finding, Severity, Status
from callscout.store import Store

__all__ = [
    "DEFAULT_LIMITS",
    "AudioLimits",
    "assess",
    "assess_bytes",
    "assess_file",
    "check_recording",
    "ffmpeg_available",
    "findings_from_assessment",
    "record_assessment",
    "verdict_label",
]


def assess(
    source: bytes | str | Path,
    name: str | None = None,
    *,
    limits: AudioLimits = DEFAULT_LIMITS,
    operator_channel: int = 0,
    mos: bool = False,
) -> dict[str, Any]:
    with AudioSource(source, name, limits) as audio:
        analyzer = SignalAnalyzer(audio.info.sample_rate, audio.info.channels, lossy=audio.info.lossy)
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


def findings_from_assessment(result: dict[str, Any], check: str = "audio_quality") -> list[Finding]:
    """One finding per recording: the verdict as status, each reason as evidence with its measure."""
    status = {"good": Status.PASS, "acceptable": Status.WARN, "poor": Status.FAIL}[result["verdict"]]
    severity = {"good": Severity.INFO, "acceptable": Severity.LOW, "poor": Severity.MEDIUM}[result["verdict"]]
    reasons = [reason for reason in result["reasons"] if reason["level"] != "good"]
    summary = join("; ", [reason["message"] for reason in reasons]) or msg("audio.good_recording_quality")
    return [
        Finding(
            check=check,
            status=status,
            severity=severity,
            code=f"recording_{result['verdict']}",
            message=msg("audio.text", file=result["file"], verdict=verdict_label(result["verdict"]), summary=summary),
            # The reason's message is the evidence; its code ("noisy") is for machines and stays in the JSON.
            evidence=[Evidence(url=result["file"], excerpt=reason["message"]) for reason in result["reasons"]]
            or [Evidence(url=result["file"], value=verdict_label(result["verdict"]))],
        )
    ]


def check_recording(
    data: bytes, name: str, *, check: str = "call_recordings"
) -> tuple[dict[str, Any] | None, list[Finding]]:
    """For the website audit: a downloaded recording -> its assessment and findings. A file that is
    not a readable recording is a finding too (the vendor links to something broken); a missing
    decoder (ffmpeg) leaves the verdict unknown rather than failing the vendor."""
    try:
        result = assess_bytes(data, name)
    except (DataError, UsageError) as error:
        broken = isinstance(error, DataError)
        return None, [
            Finding(
                check=check,
                status=Status.FAIL if broken else Status.UNKNOWN,
                severity=Severity.MEDIUM if broken else Severity.LOW,
                code="recording_unreadable" if broken else "recording_not_decoded",
                message=error.message,
                evidence=[
                    Evidence(
                        url=name,
                        value=msg("audio.unreadable") if broken else msg("audio.no_decoder"),
                    )
                ],
            )
        ]
    except Exception as error:  # noqa: BLE001 - a crashing check becomes a finding and the audit goes on
        return None, [Finding.check_failed(check, error, url=name)]
    return result, findings_from_assessment(result, check)


def record_assessment(
    store: Store, result: dict[str, Any], target: str, *, vendor_id: int | None, evaluation_id: int | None = None
) -> int:
    """Keep a recording's check as a run of kind ``audio``: the ``quality`` stage shows the latest
    check of each target (file path or URL) per vendor."""
    return store.record_run(
        "audio",
        target,
        findings_from_assessment(result),
        summary=result,
        vendor_id=vendor_id,
        evaluation_id=evaluation_id,
    )


def verdict_label(verdict: str) -> str:
    return {"good": msg("audio.good"), "acceptable": msg("audio.acceptable"), "poor": msg("audio.poor")}[verdict]

"""Check 6: recordings of operators' calls published on the site, with size and duration.

Recordings are downloaded through the crawler's bounded ``fetch_resource``; each downloaded file is
handed to every function in ``RECORDING_ANALYZERS``. The first is the audio core's quality verdict
(noise, other voices, clipping, bandwidth): its findings are this check's, its verdict goes into the
recording's facts, and the whole assessment into ``facts["recording_assessments"]`` so that saving
the audit can keep it where the recordings' quality report reads it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from callscout.i18n import msg
from callscout.model import Evidence, Finding, Severity, Status
from callscout.web_audit.base import Check, Page, SiteContext, register
from callscout.web_audit.evidence import finding
from callscout.web_audit.sections import links_of, pages_of
from callscout.web_audit.urls import url_path

AUDIO_EXTENSIONS = (".mp3", ".wav", ".ogg", ".oga", ".opus", ".m4a", ".aac", ".flac", ".webm")
# Hosted players whose embeds carry a call recording without a file link of their own.
PLAYER_HOSTS = re.compile(
    r"soundcloud\.com|music\.yandex|vk\.com/audio|audiomack|mixcloud|podster|castbox|youtube", re.I
)
_AUDIO_ATTRIBUTE = re.compile(
    r"""(?:data-(?:src|audio|file|url|track)|src|href)\s*=\s*["']([^"'<>]{1,500}\.(?:mp3|wav|ogg|oga|opus|m4a|aac|flac)(?:\?[^"'<>]{0,500})?)["']""",
    re.IGNORECASE,
)
# Every attribute above names a file with one of these extensions: a page without one is skipped at
# once (the attribute scan costs ~60 times more than this search for a literal full stop).
_AUDIO_FILE_HINT = re.compile(r"\.(?:mp3|wav|ogg|oga|opus|m4a|aac|flac)", re.IGNORECASE)
MAX_RECORDINGS = 20
MAX_HTML = 2_000_000


@dataclass
class Recording:
    url: str
    page_url: str
    label: str
    bytes: int | None = None
    duration_s: float | None = None
    sample_rate: int | None = None
    channels: int | None = None
    error: str | None = None  # the download failed
    unmeasured: str | None = None  # downloaded, but the audio format could not be read
    data: bytes | None = None  # the downloaded file, for analyzers; never part of the facts
    verdict: str | None = None  # good | acceptable | poor, set by the quality analyzer
    assessment: dict[str, Any] | None = None  # the audio core's full result, for the store

    def as_fact(self) -> dict:
        return {"url": self.url, "bytes": self.bytes, "duration_s": self.duration_s, "verdict": self.verdict}


def judge_quality(recording: Recording, site: SiteContext) -> list[Finding]:
    """The audio core's verdict on one downloaded recording, as findings of this check."""
    from callscout.audio import check_recording  # numpy and the store: only when a site has recordings

    result, findings = check_recording(recording.data or b"", recording.url)
    if result is not None:
        recording.verdict, recording.assessment = result["verdict"], result
    return findings


# analyzer(recording, site) -> findings, for every downloaded recording.
RECORDING_ANALYZERS: list[Callable[[Recording, SiteContext], list[Finding]]] = [judge_quality]


def _is_audio_url(url: str) -> bool:
    return url_path(url).lower().endswith(AUDIO_EXTENSIONS)


def find_recordings(site: SiteContext) -> list[Recording]:
    """Audio on the site: <audio>/<source>, links to audio files, players' data attributes and embeds."""
    found: dict[str, Recording] = {}
    for page in site.ok_pages():
        for link in page.links:
            if (
                link.tag in ("audio", "source")
                or _is_audio_url(link.url)
                or (link.tag in ("iframe", "embed") and PLAYER_HOSTS.search(link.url))
            ):
                found.setdefault(link.url, Recording(url=link.url, page_url=page.url, label=link.text))
        html = page.html[:MAX_HTML] if page.html else ""
        if _AUDIO_FILE_HINT.search(html):
            for match in _AUDIO_ATTRIBUTE.finditer(html):
                try:
                    url = urljoin(page.url, match.group(1).strip())
                except ValueError:
                    continue
                found.setdefault(url, Recording(url=url, page_url=page.url, label=""))
        if len(found) >= MAX_RECORDINGS:
            break
    for page in site.pages:
        # Audio files the crawler fetched as pages of their own.
        if _is_audio_url(page.url) or (page.content_type or "").startswith("audio/"):
            found.setdefault(page.url, Recording(url=page.url, page_url=page.url, label=""))
    return list(found.values())[:MAX_RECORDINGS]


def measure(recording: Recording, resource: Page) -> None:
    if not resource.ok:
        recording.error = resource.error or f"HTTP {resource.status_code}"
        return
    recording.bytes = len(resource.body)
    # Analyzers get the bytes even when libsndfile cannot read them: they may have other decoders.
    recording.data = resource.body
    import soundfile

    try:
        info = soundfile.info(io.BytesIO(resource.body))
    except (RuntimeError, TypeError, ValueError, soundfile.LibsndfileError) as error:
        recording.unmeasured = str(error)[:120]
        return
    recording.duration_s = round(float(info.duration), 2)
    recording.sample_rate = int(info.samplerate)
    recording.channels = int(info.channels)


@register
class CallRecordingsCheck(Check):
    """Recordings of operators' conversations published on the site, each with size and duration.

    Why it matters: recordings let you hear the operators before you sign: the article asks for clean
    sound, a clear voice, no noise or colleagues' voices in the background, and no signs of staged
    calls. A center that publishes none gives you nothing to judge its work by.

    How to fix: publish several real (anonymised, with the customers' consent) recordings of typical
    calls as audio files with a player, each a minute or two, recorded from the production system.
    """

    code = "call_recordings"
    order = 10
    title_ru = "Записи разговоров операторов"
    title_en = "Call recordings"
    uses_downloads = True
    criterion = (
        "Записи разговоров операторов с клиентами: записи должны быть качественными, а речь оператора — "
        "четкой; на заднем фоне не должно быть шума и голосов других работников"
    )

    def run(self, site: SiteContext) -> list[Finding]:
        recordings = find_recordings(site)
        if not recordings:
            site.facts["recordings"] = []
            section = pages_of(site, "recordings") or [page for page, _, _ in links_of(site, "recordings")]
            return [
                finding(
                    self,
                    Status.WARN,
                    Severity.MEDIUM,
                    "missing",
                    msg("web_audit.checks.call_recordings.site_publishes_no_call_recordings"),
                    [Evidence(url=section[0].url if section else site.root_url)],
                )
            ]
        for recording in recordings:
            if site.fetch_resource is not None and not (recording.label == "" and PLAYER_HOSTS.search(recording.url)):
                try:
                    measure(recording, site.fetch_resource(recording.url))
                except Exception as error:  # noqa: BLE001 - one bad download must not hide the others
                    recording.error = f"{type(error).__name__}: {error}"[:200]
        judged = {recording.url: self._analyze(recording, site) for recording in recordings}
        findings = [self._listing(recordings, site)]
        for recording in recordings:
            if recording.error:
                findings.append(
                    finding(
                        self,
                        Status.WARN,
                        Severity.LOW,
                        "recording_unreachable",
                        msg("web_audit.checks.call_recordings.recording_cannot_be_downloaded", error=recording.error),
                        [Evidence(url=recording.url, excerpt=recording.page_url)],
                    )
                )
            # An analyzer that judged the file (or found it broken) has said more than "unreadable".
            if recording.unmeasured and not judged[recording.url]:
                findings.append(
                    finding(
                        self,
                        Status.UNKNOWN,
                        Severity.INFO,
                        "recording_unmeasured",
                        msg(
                            "web_audit.checks.call_recordings.recording_s_format_could_not_be",
                            error=recording.unmeasured,
                        ),
                        [Evidence(url=recording.url, excerpt=recording.page_url, value=recording.bytes)],
                    )
                )
            findings.extend(judged[recording.url])
        site.facts["recordings"] = [recording.as_fact() for recording in recordings]
        site.facts["recording_assessments"] = {
            recording.url: recording.assessment for recording in recordings if recording.assessment is not None
        }
        return findings

    def _analyze(self, recording: Recording, site: SiteContext) -> list[Finding]:
        findings: list[Finding] = []
        if recording.data is not None:
            for analyzer in RECORDING_ANALYZERS:
                try:
                    findings.extend(analyzer(recording, site))
                except Exception as error:  # noqa: BLE001 - a broken analyzer must not hide the listing
                    findings.append(Finding.check_failed(self.code, error, url=recording.url))
        recording.data = None  # the bytes are not kept after the analyzers ran
        if recording.duration_s is None and recording.assessment is not None:
            # Decoded by the audio core (ffmpeg: mp3, m4a...) where libsndfile could not read it.
            duration = recording.assessment.get("duration_s")
            recording.duration_s = round(float(duration), 2) if duration is not None else None
            recording.sample_rate = recording.assessment.get("sample_rate")
            recording.channels = recording.assessment.get("channels")
            recording.unmeasured = None
        return findings

    def _listing(self, recordings: list[Recording], site: SiteContext) -> Finding:
        evidence = [
            Evidence(
                url=recording.url,
                excerpt=msg(
                    "web_audit.checks.call_recordings.bytes_s",
                    size=recording.bytes if recording.bytes is not None else "?",
                    duration=recording.duration_s if recording.duration_s is not None else "?",
                ),
                value=recording.duration_s,
            )
            for recording in recordings
        ]
        measured = sum(1 for recording in recordings if recording.duration_s is not None)
        note = "" if site.fetch_resource is not None else msg("web_audit.checks.call_recordings.not_downloaded")
        return finding(
            self,
            Status.PASS,
            Severity.INFO,
            "found",
            msg("web_audit.checks.call_recordings.call_recordings_measured", n=len(recordings), m=measured, note=note),
            evidence,
        )

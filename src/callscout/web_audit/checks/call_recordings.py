"""Check 6: recordings of operators' calls published on the site, with size and duration.

Recordings are downloaded through the crawler's bounded ``fetch_resource``; each downloaded file is
handed to every function in ``RECORDING_ANALYZERS``, the hook where the audio-quality verdict of the
recordings work (noise, other voices, clarity) adds its findings.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin

import soundfile

from callscout.i18n import tr
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
    r"""(?:data-(?:src|audio|file|url|track)|src|href)\s*=\s*["']([^"'<>]{1,500}\.(?:mp3|wav|ogg|oga|opus|m4a|aac|flac)(?:\?[^"'<>]*)?)["']""",
    re.IGNORECASE,
)
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
    error: str | None = None
    data: bytes | None = None  # the downloaded file, for analyzers; never part of the facts

    def as_fact(self) -> dict:
        return {"url": self.url, "bytes": self.bytes, "duration_s": self.duration_s}


# The recordings issue's audio-quality verdict plugs in here: analyzer(recording, site) -> findings.
RECORDING_ANALYZERS: list[Callable[[Recording, SiteContext], list[Finding]]] = []


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
        if page.html:
            for match in _AUDIO_ATTRIBUTE.finditer(page.html[:MAX_HTML]):
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
    recording.data = resource.body
    recording.bytes = len(resource.body)
    try:
        info = soundfile.info(io.BytesIO(resource.body))
    except (RuntimeError, TypeError, ValueError, soundfile.LibsndfileError) as error:
        recording.error = tr("формат не распознан: {error}", "format not recognised: {error}", error=str(error)[:120])
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
    title_ru = "Записи разговоров операторов"
    title_en = "Call recordings"
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
                    tr("Записей разговоров на сайте нет", "The site publishes no call recordings"),
                    [Evidence(url=section[0].url if section else site.root_url)],
                )
            ]
        for recording in recordings:
            if site.fetch_resource is not None and not (recording.label == "" and PLAYER_HOSTS.search(recording.url)):
                try:
                    measure(recording, site.fetch_resource(recording.url))
                except Exception as error:  # noqa: BLE001 - one bad download must not hide the others
                    recording.error = f"{type(error).__name__}: {error}"[:200]
        site.facts["recordings"] = [recording.as_fact() for recording in recordings]
        findings = [self._listing(recordings, site)]
        for recording in recordings:
            if recording.error:
                findings.append(
                    finding(
                        self,
                        Status.WARN,
                        Severity.LOW,
                        "recording_unreadable",
                        tr(
                            "Запись не загружена или не читается: {error}",
                            "Recording could not be downloaded or read: {error}",
                            error=recording.error,
                        ),
                        [Evidence(url=recording.url, excerpt=recording.page_url)],
                    )
                )
            elif recording.data is not None:
                for analyzer in RECORDING_ANALYZERS:
                    findings.extend(analyzer(recording, site))
            recording.data = None  # the bytes are not kept after the analyzers ran
        return findings

    def _listing(self, recordings: list[Recording], site: SiteContext) -> Finding:
        evidence = [
            Evidence(
                url=recording.url,
                excerpt=tr(
                    "{size} байт, {duration} с",
                    "{size} bytes, {duration} s",
                    size=recording.bytes if recording.bytes is not None else "?",
                    duration=recording.duration_s if recording.duration_s is not None else "?",
                ),
                value=recording.duration_s,
            )
            for recording in recordings
        ]
        measured = sum(1 for recording in recordings if recording.duration_s is not None)
        note = "" if site.fetch_resource is not None else tr(" (не загружались)", " (not downloaded)")
        return finding(
            self,
            Status.PASS,
            Severity.INFO,
            "found",
            tr(
                "Записей разговоров: {n}, измерено: {m}{note}",
                "Call recordings: {n}, measured: {m}{note}",
                n=len(recordings),
                m=measured,
                note=note,
            ),
            evidence,
        )

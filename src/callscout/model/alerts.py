"""Live control settings of an evaluation (``alerts:`` in its file): alert rules, where notices go, the
followers ``callscout serve`` runs and the morning digest. Thresholds left out come from the vendor's SLA
(else the buyer's needs) and the schedule."""

from __future__ import annotations

from pydantic import Field, field_validator

from callscout.model.common import Share, StrictModel


class FollowerSource(StrictModel):
    """A PBX feed ``callscout serve`` follows for a vendor: a queue_log path or ``ami://USER:PASS@HOST:5038``."""

    vendor: str = Field(min_length=1, max_length=200)
    source: str = Field(min_length=1, max_length=1000)
    format: str = "asterisk_queue_log"


class AlertSettings(StrictModel):
    notify: list[str] = Field(
        default_factory=list, max_length=20, description="Apprise URLs: mailto://, tgram://, json://, ..."
    )
    service_level_below: Share | None = Field(default=None, description="Last 30 min; default: the SLA's percent")
    abandon_rate_above: Share | None = Field(default=None, description="Last 30 min; default: the SLA's limit")
    min_calls: int = Field(default=10, ge=1, le=10_000, description="Calls in 30 min before the rates are judged")
    wait_longer_than_s: float | None = Field(default=180, gt=0, le=24 * 3600)
    no_calls_min: float | None = Field(default=15, gt=0, le=24 * 60, description="In working hours only")
    ingestion_silent_min: float | None = Field(default=10, gt=0, le=7 * 24 * 60)
    quiet_min: float = Field(default=30, ge=0, le=24 * 60, description="No repeat notice of a rule within it")
    followers: list[FollowerSource] = Field(default_factory=list, max_length=50)
    digest_at: str | None = Field(default="08:00", description="Local time of the morning digest; null: none")

    @field_validator("digest_at")
    @classmethod
    def _time_of_day(cls, value: str | None) -> str | None:
        if value is None:
            return None
        hours, _, minutes = value.partition(":")
        if not (hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60):
            raise ValueError("use HH:MM, e.g. 08:00")
        return f"{int(hours):02d}:{int(minutes):02d}"

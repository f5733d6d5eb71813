"""Findings: the common currency of every check in CallScout.

A finding always says which check produced it, how it came out and, above all, the evidence a
person can open to verify it. ``unknown`` is a status of its own: a check that could not decide
never passes silently and never counts as zero.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from callscout.i18n import Msg, msg

# The params key that names a finding's catalogue text where it is not ``<check>.<code>`` (present.findings).
TEXT_KEY = "_text"


class Status(StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    UNKNOWN = "unknown"

    def label(self) -> str:
        from callscout.present.messages import label

        return label("status", self)


class Severity(StrEnum):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)

    def label(self) -> str:
        from callscout.present.messages import label

        return label("severity", self)


class Evidence(BaseModel):
    """Where a person can see for themselves: a page, the words on it, the value we read."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = None
    excerpt: str | None = Field(default=None, description="The words on the page, shortened")
    value: str | int | float | bool | None = None


class Cause(StrEnum):
    """Whose the finding is: the vendor's (its site, its register entry) or our check's (it could not look)."""

    VENDOR = "vendor"
    CHECK = "check"

    def label(self) -> str:
        from callscout.present.messages import label

        return label("cause", self)


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    check: str = Field(description="Code of the check that produced this finding")
    status: Status
    severity: Severity = Severity.INFO
    message: str = Field(
        description="The text in the language of the run (kept for readers of older documents); a finding with a "
        "catalogue code is shown from code and params in the reader's language instead (present.findings)"
    )
    code: str | None = Field(default=None, description="Specific code of the finding within its check")
    params: dict[str, str | int | float | bool | None] = Field(
        default_factory=dict,
        description="Values of the finding's message (machine values: shares, roubles, seconds, ISO days)",
    )
    evidence: list[Evidence] = Field(default_factory=list)
    cause: Cause | None = Field(
        default=None,
        description="vendor: about the vendor; check: we could not look (DNS, timeout...). Unknown is always check",
    )

    @model_validator(mode="before")
    @classmethod
    def _keep_the_text_key(cls, data: Any) -> Any:
        # A message written from the catalogue (``i18n.msg``) keeps its key and values, so that the finding is shown
        # in the reader's language later, whatever language the run used.
        if isinstance(data, dict) and isinstance(data.get("message"), Msg) and not data.get("params"):
            data = {**data, "message": str(data["message"]), "params": coded(data["message"])}
        return data

    @model_validator(mode="after")
    def _cause_follows_status(self) -> Finding:
        # "We could not look" is never the vendor's fault, and a verdict on the vendor always is its own.
        cause = Cause.CHECK if self.status is Status.UNKNOWN else Cause.VENDOR
        if self.cause != cause:
            object.__setattr__(self, "cause", cause)
        return self

    @classmethod
    def check_failed(cls, check: str, error: BaseException, url: str | None = None) -> Finding:
        """A crashed check must not stop the run: it becomes an ``unknown`` finding saying why."""
        reason = f"{type(error).__name__}: {error}"[:500]
        return cls(
            check=check,
            status=Status.UNKNOWN,
            severity=Severity.MEDIUM,
            code="check_failed",
            params={"reason": reason},
            message=msg("model.findings.check_failed") + reason,
            evidence=[Evidence(url=url, value=reason)],
        )


def coded(text: str) -> dict[str, str | int | float | bool | None] | None:
    """A catalogue text as the store keeps it: its key (``TEXT_KEY``) and its values as JSON scalars, so that
    ``present.findings.stored_text`` shows it again in any reader's language; None for a plain text."""
    if not isinstance(text, Msg):
        return None
    return {**_scalars(text.params), TEXT_KEY: text.key}


def _scalars(values: dict[str, object], prefix: str = "") -> dict[str, str | int | float | bool | None]:
    """Values as the store keeps them (JSON scalars): a day as ISO, anything else as the text it was shown as. A
    catalogue text among the values (``msg`` inside ``msg``) keeps its key as ``_text.<name>`` and its own values as
    ``<name>.<value>``, so that it too is shown in the reader's words (present.findings)."""
    kept: dict[str, str | int | float | bool | None] = {}
    for name, value in values.items():
        path = f"{prefix}{name}"
        if isinstance(value, Msg):
            kept[path] = str(value)
            kept[f"{TEXT_KEY}.{path}"] = value.key
            kept.update(_scalars(value.params, f"{path}."))
        elif value is None or isinstance(value, str | int | float | bool):
            kept[path] = value
        elif isinstance(value, date | datetime):
            kept[path] = value.isoformat()
        else:
            kept[path] = str(value)
    return kept


def worst_status(findings: list[Finding]) -> Status:
    """Overall status of a set of findings: fail beats unknown beats warn beats pass."""
    order = [Status.FAIL, Status.UNKNOWN, Status.WARN, Status.PASS]
    present = {finding.status for finding in findings}
    for status in order:
        if status in present:
            return status
    return Status.UNKNOWN

"""Findings: the common currency of every check in CallScout.

A finding always says which check produced it, how it came out and, above all, the evidence a
person can open to verify it. ``unknown`` is a status of its own: a check that could not decide
never passes silently and never counts as zero.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from callscout.i18n import pick


class Status(StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    UNKNOWN = "unknown"

    def label(self) -> str:
        return {
            Status.PASS: pick("норма", "pass"),
            Status.WARN: pick("внимание", "warning"),
            Status.FAIL: pick("проблема", "fail"),
            Status.UNKNOWN: pick("неизвестно", "unknown"),
        }[self]


class Severity(StrEnum):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


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
        return {
            Cause.VENDOR: pick("у вендора", "the vendor's"),
            Cause.CHECK: pick("проверка не состоялась", "the check could not run"),
        }[self]


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    check: str = Field(description="Code of the check that produced this finding")
    status: Status
    severity: Severity = Severity.INFO
    message: str
    code: str | None = Field(default=None, description="Specific code of the finding within its check")
    evidence: list[Evidence] = Field(default_factory=list)
    cause: Cause | None = Field(
        default=None,
        description="vendor: about the vendor; check: we could not look (DNS, timeout...). Unknown is always check",
    )

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
            message=pick("проверка не выполнена: ", "check failed: ") + reason,
            evidence=[Evidence(url=url, value=reason)],
        )


def worst_status(findings: list[Finding]) -> Status:
    """Overall status of a set of findings: fail beats unknown beats warn beats pass."""
    order = [Status.FAIL, Status.UNKNOWN, Status.WARN, Status.PASS]
    present = {finding.status for finding in findings}
    for status in order:
        if status in present:
            return status
    return Status.UNKNOWN

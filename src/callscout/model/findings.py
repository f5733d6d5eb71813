"""Findings: the common currency of every check in CallScout.

A finding always says which check produced it, how it came out and, above all, the evidence a
person can open to verify it. ``unknown`` is a status of its own: a check that could not decide
never passes silently and never counts as zero.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

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


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    check: str = Field(description="Code of the check that produced this finding")
    status: Status
    severity: Severity = Severity.INFO
    message: str
    code: str | None = Field(default=None, description="Specific code of the finding within its check")
    evidence: list[Evidence] = Field(default_factory=list)

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

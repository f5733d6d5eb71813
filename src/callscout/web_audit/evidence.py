"""Small helpers the checks share to build findings with evidence a person can open."""

from __future__ import annotations

from callscout.model import Evidence, Finding, Severity, Status
from callscout.web_audit.base import Check

EXCERPT_CHARS = 160


def excerpt(text: str, start: int | None = None, end: int | None = None, width: int = 60) -> str:
    """The words around ``text[start:end]`` on one line, shortened to ``EXCERPT_CHARS``."""
    if start is None:
        snippet = text[:EXCERPT_CHARS]
    else:
        end = start if end is None else end
        snippet = text[max(0, start - width) : end + width]
    return " ".join(snippet.split())[:EXCERPT_CHARS]


def finding(
    check: type[Check] | Check,
    status: Status,
    severity: Severity,
    code: str,
    message: str,
    evidence: list[Evidence] | None = None,
) -> Finding:
    return Finding(
        check=check.code, status=status, severity=severity, code=code, message=message, evidence=evidence or []
    )

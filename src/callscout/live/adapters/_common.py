"""What the adapters share."""

from __future__ import annotations


def _present(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return None if value in ("", "NONE") else value

"""A finding in the reader's language: from its catalogue code and params where it has them (converted checks:
``calls.sla``, a crashed check), else the text it was stored with (checks not converted yet, older documents)."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from callscout.model.findings import TEXT_KEY
from callscout.present.messages import has, message


def finding_key(check: str | None, code: str | None) -> str | None:
    """The catalogue key of a finding: ``<check>.<code>`` (``calls.sla.sla_met``) or the bare code where the
    same code is used by many checks (``check_failed``)."""
    if not code:
        return None
    for key in (f"{check}.{code}" if check else None, code):
        if key and has(key):
            return key
    return None


def finding_text(finding: Any, *, language: str | None = None) -> str:
    """``finding`` is a ``Finding`` or its JSON form (the report document, the store)."""
    get = finding.get if isinstance(finding, dict) else lambda name, default=None: getattr(finding, name, default)
    params = dict(get("params") or {})
    key = params.pop(TEXT_KEY, None) or finding_key(get("check"), get("code"))
    if key is not None and not has(key):
        key = None
    stored = get("message") or ""
    if key is None:
        return str(stored)
    params = _values(params, "", language)
    try:
        return message(key, language=language, **params)
    except (KeyError, IndexError, ValueError):
        return str(stored)  # params of another version of the catalogue: the stored text is still right


def stored_text(text: str, params: dict[str, Any] | None, *, language: str | None = None) -> str:
    """A text kept as its words and its coded form (``model.findings.coded``: a job's error, say) in the reader's
    language; the words as they were where it has no code (a library's message, a row older than the codes)."""
    return finding_text({"message": text, "params": params or {}}, language=language)


def _values(params: dict[str, Any], prefix: str, language: str | None) -> dict[str, Any]:
    """The values of the text at ``prefix`` (``""``: the finding's own), a catalogue text among them rendered in
    the reader's language from its key and its own values (model.findings keeps them flattened)."""
    values: dict[str, Any] = {}
    for path, value in params.items():
        name = path[len(prefix) :]
        if not path.startswith(prefix) or "." in name or path.startswith(TEXT_KEY):
            continue
        inner = params.get(f"{TEXT_KEY}.{path}")
        if isinstance(inner, str) and has(inner):
            with suppress(KeyError, IndexError, ValueError):  # else the stored text of the part stays
                value = message(inner, language=language, **_values(params, f"{path}.", language))
        values[name] = value
    return values

"""A finding in the reader's language: from its catalogue code and params where it has them (converted checks:
``calls.sla``, a crashed check), else the text it was stored with (checks not converted yet, older documents)."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from callscout.i18n import Msg
from callscout.model.findings import TEXT_KEY, KeyedText, keyed_params, revive, unflattened
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
    return _keyed(str(get("message") or ""), key, params, language)


def said(value: Any, *, language: str | None = None) -> str:
    """A text of the result document in the reader's language: a kept catalogue text (``KeyedText``, its JSON form
    ``{"text", "params"}``, a ``Msg``) from its key and values; a plain string (data, an older document) as it
    is; ``None`` as an empty text."""
    if value is None:
        return ""
    if isinstance(value, Msg):
        value = {"text": str(value), "params": keyed_params(value)}
    if isinstance(value, KeyedText):
        value = {"text": value.text, "params": value.params}
    if isinstance(value, dict) and set(value) == {"text", "params"}:
        params = dict(value["params"] or {})
        return _keyed(str(value["text"]), params.pop(TEXT_KEY, None), params, language)
    return str(value)


def _keyed(stored: str, key: Any, params: dict[str, Any], language: str | None) -> str:
    if not isinstance(key, str) or not has(key):
        return stored
    try:
        return message(key, language=language, **{k: _rendered(v, language) for k, v in unflattened(params).items()})
    except (KeyError, IndexError, ValueError):
        return stored  # params of another version of the catalogue: the stored text is still right


def coded_text(text: str, params: dict[str, Any] | None, *, language: str | None = None) -> str:
    """A text kept as its words and its coded form (``model.findings.coded``: a job's error, say) in the reader's
    language; the words as they were where it has no code (a library's message, a row older than the codes)."""
    return finding_text({"message": text, "params": params or {}}, language=language)


def _rendered(value: Any, language: str | None) -> Any:
    """A value of a text: a catalogue text among them (``Msg``) rendered in the reader's language from its key and
    its own values; where its key is not in this catalogue, the stored text of the part stays."""
    if isinstance(value, Msg) and has(value.key):
        with suppress(KeyError, IndexError, ValueError):
            return message(value.key, language=language, **{k: _rendered(v, language) for k, v in value.params.items()})
    return value


def stored_text(finding: Any) -> str:
    """A stored finding's text as a catalogue text again (``Msg``) where it has a key, so that the core can quote it
    in another text (a red flag, a question) and the edge still shows both in the reader's language."""
    get = finding.get if isinstance(finding, dict) else lambda name, default=None: getattr(finding, name, default)
    params = dict(get("params") or {})
    stored = str(get("message") or "")
    if TEXT_KEY not in params:
        key = finding_key(get("check"), get("code"))
        if key is None:
            return stored
        params[TEXT_KEY] = key
    text: str = revive(stored, params)  # a ``Msg`` (``str()`` of it would drop the key)
    return text

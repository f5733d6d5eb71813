"""Findings: the common currency of every check in CallScout.

A finding always says which check produced it, how it came out and, above all, the evidence a
person can open to verify it. ``unknown`` is a status of its own: a check that could not decide
never passes silently and never counts as zero.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    WrapValidator,
    model_validator,
)

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
    # Said (defined below, read when the model is built): the page's own words stay a string; a text of ours
    # («108344 байт, 6,77 с») keeps its catalogue key, shown in the reader's language.
    excerpt: Said | None = Field(default=None, description="The words on the page, shortened")
    value: SaidScalar = None


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
            text: Msg = data["message"]
            data = {**data, "message": str(text), "params": keyed_params(text)}
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
    ``present.findings.coded_text`` shows it again in any reader's language; None for a plain text."""
    return keyed_params(text) if isinstance(text, Msg) else None


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


Scalar = str | int | float | bool | None


def keyed_params(text: Msg) -> dict[str, Scalar]:
    """A catalogue text's key and values as the store keeps them: the values flattened (``_scalars``) and the key
    under ``_text``. A finding's ``params`` and a ``KeyedText``'s are this one form, rendered by present.findings."""
    return {**_scalars(text.params), TEXT_KEY: text.key}


class KeyedText(BaseModel):
    """A text of the result document kept as its catalogue key and values (``params``, the form a finding keeps),
    so that the edge shows it in the reader's language (``present.findings.said``); ``text`` is the run's
    language, for readers of the JSON that do not render."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The text in the language of the run")
    params: dict[str, Scalar] = Field(
        description="The catalogue key (`_text`) and the values of the text, flattened as a finding's params"
    )

    def __str__(self) -> str:
        return self.text


def keep_the_key(value: Any) -> Any:
    """A catalogue text (``Msg``) as JSON keeps it (``{"text", "params"}``, ``KeyedText``'s form); anything else as
    it is. For the untyped parts of the document and the store's summaries; typed fields are ``Said``."""
    return {"text": str(value), "params": keyed_params(value)} if isinstance(value, Msg) else value


def _said(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    # In Python a kept text is a ``Msg`` (a ``str`` for every reader of the model); read back from JSON it is one
    # again. The plain validation would make a ``Msg`` a bare ``str`` and drop its key.
    if isinstance(value, Msg):
        return value
    if isinstance(value, KeyedText) or (isinstance(value, dict) and set(value) == {"text", "params"}):
        return revive(value)
    return handler(value)


_KEYED_SCHEMA = {"anyOf": [{"type": "string"}, KeyedText.model_json_schema()]}
_KEYED_OR_SCALAR_SCHEMA = {
    "anyOf": [{"type": ["string", "integer", "number", "boolean", "null"]}, KeyedText.model_json_schema()]
}

# A text field of the result document: a catalogue text (``msg``) is kept with its key and values, in the JSON as
# ``{"text", "params"}`` (``KeyedText``) and in Python as a ``Msg``; a plain string (the vendors' own words, a
# document written before texts kept keys) stays a plain string.
Said = Annotated[
    str,
    WrapValidator(_said),
    PlainSerializer(keep_the_key, when_used="json"),
    WithJsonSchema(_KEYED_SCHEMA),
]


def revive(text: Any, params: Mapping[str, Any] | None = None) -> Any:
    """A stored text made a catalogue text again (``Msg``) from its flattened key and values, so that the core can
    quote it inside another text and keep both keys: ``text`` is a string with ``params`` (a finding's message), or
    a ``KeyedText`` / its JSON form. Anything without a key is returned as it is."""
    if isinstance(text, KeyedText):
        text, params = text.text, text.params
    elif isinstance(text, dict) and set(text) == {"text", "params"}:
        text, params = text["text"], text["params"]
    key = (params or {}).get(TEXT_KEY)
    if not isinstance(text, str) or isinstance(text, Msg) or not isinstance(key, str):
        return text
    return Msg(text, key, unflattened(params or {}))


def unflattened(params: Mapping[str, Any], prefix: str = "") -> dict[str, object]:
    """The values of the text at ``prefix`` (``""``: the text's own) from their flattened form (``_scalars``): a
    catalogue text among them is a ``Msg`` again, with its own values."""
    values: dict[str, object] = {}
    for path, value in params.items():
        name = path[len(prefix) :]
        if not path.startswith(prefix) or "." in name or path.startswith(TEXT_KEY):
            continue
        inner = params.get(f"{TEXT_KEY}.{path}")
        if isinstance(inner, str) and isinstance(value, str):
            value = Msg(value, inner, unflattened(params, f"{path}."))
        values[name] = value
    return values


# An evidence value: a number, a truth value, the page's words, or a text of ours kept with its key.
SaidScalar = Annotated[
    str | int | float | bool | None,
    WrapValidator(_said),
    PlainSerializer(keep_the_key, when_used="json"),
    WithJsonSchema(_KEYED_OR_SCALAR_SCHEMA),
]


Evidence.model_rebuild()
Finding.model_rebuild()


def worst_status(findings: list[Finding]) -> Status:
    """Overall status of a set of findings: fail beats unknown beats warn beats pass."""
    order = [Status.FAIL, Status.UNKNOWN, Status.WARN, Status.PASS]
    present = {finding.status for finding in findings}
    for status in order:
        if status in present:
            return status
    return Status.UNKNOWN

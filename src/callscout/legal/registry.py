"""The state register (ЕГРЮЛ/ЕГРИП) as a registry provider sees it.

A provider turns an ИНН or ОГРН into a ``RegistryRecord``: status, registration date, names with
the legal form, director, legal address, main activity (ОКВЭД) and branches. The first provider is
DaData's ``findById/party``; others (the tax service's own extract, Kontur.Focus) plug in through
``RegistryProvider``. A missing key or a failing service is an ``unknown`` lookup with the reason,
never a failure of the vendor; answers are cached in the store with their date.
"""

from __future__ import annotations

import json
import os
from abc import ABC, abstractmethod
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

import httpx
from dadata.sync import SuggestClient
from pydantic import BaseModel, ConfigDict

from callscout.errors import DataError, connect_reason
from callscout.i18n import msg
from callscout.legal import cache
from callscout.limits import check_json_shape
from callscout.store import Store

TOKEN_VARIABLE = "CALLSCOUT_DADATA_TOKEN"
URL_VARIABLE = "CALLSCOUT_DADATA_URL"
MAX_RESPONSE_BYTES = 2 * 1024 * 1024

EntityStatus = Literal["ACTIVE", "LIQUIDATING", "LIQUIDATED", "BANKRUPT", "REORGANIZING"]
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "ACTIVE": ("действующая", "active"),
    "LIQUIDATING": ("ликвидируется", "being liquidated"),
    "LIQUIDATED": ("ликвидирована", "liquidated"),
    "BANKRUPT": ("банкротство", "bankrupt"),
    "REORGANIZING": ("в процессе реорганизации", "reorganizing"),
}
CALL_CENTER_OKVED = "82.20"


def status_label(status: str | None) -> str:
    """The register's status code (``LIQUIDATED``) in the user's words."""
    if status in STATUS_LABELS:
        return msg(f"entity_status.{status}")
    return status or msg("status.unknown")


def status_text(status: str | None, liquidation_date: object = None) -> str:
    """The status in words with the liquidation date, when the register gives one: what evidence shows."""
    if not liquidation_date:
        return status_label(status)
    return msg("legal.registry.on_according_to_register", status=status_label(status), date=liquidation_date)


class RegistryError(Exception):
    """The registry could not answer; the message is for the user."""


class Director(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    post: str | None = None
    since: date | None = None


class RegistryRecord(BaseModel):
    """One legal entity or entrepreneur as the register knows it."""

    model_config = ConfigDict(extra="forbid")

    inn: str | None = None
    ogrn: str | None = None
    kpp: str | None = None
    entity_type: Literal["legal", "individual"] = "legal"
    status: str | None = None
    registration_date: date | None = None
    liquidation_date: date | None = None
    legal_form: str | None = None
    legal_form_full: str | None = None
    full_name: str | None = None
    short_name: str | None = None
    full_name_with_form: str | None = None
    short_name_with_form: str | None = None
    director: Director | None = None
    address: str | None = None
    address_region: str | None = None
    address_region_iso: str | None = None
    okved: str | None = None
    okved_name: str | None = None
    okveds: list[str] = []
    branch_count: int | None = None
    employee_count: int | None = None
    source: str = "dadata"

    @property
    def is_active(self) -> bool:
        return self.status == "ACTIVE"

    def status_label(self) -> str:
        return status_label(self.status)

    def status_text(self) -> str:
        return status_text(self.status, self.liquidation_date)

    def age_years(self, today: date) -> float | None:
        if self.registration_date is None:
            return None
        return round(max((today - self.registration_date).days, 0) / 365.25, 2)


class RegistryLookup(BaseModel):
    query: str
    source: str
    status: Literal["found", "not_found", "unknown"]
    record: RegistryRecord | None = None
    reason: str | None = None
    fetched_at: datetime | None = None
    from_cache: bool = False


class RegistryProvider(ABC):
    """A source of register records. ``fetch`` returns the provider's raw JSON, cached as is."""

    name: str

    def unavailable_reason(self) -> str | None:
        """Why the provider cannot be asked at all (no key...), or ``None`` when it can."""
        return None

    @abstractmethod
    def fetch(self, query: str) -> dict[str, Any]:
        """Raw answer for an ИНН or ОГРН; raises ``RegistryError`` with a user-facing reason."""

    @abstractmethod
    def parse(self, raw: dict[str, Any], query: str) -> RegistryRecord | None:
        """The record in a raw answer, ``None`` when the register has no such entity."""


# --- DaData ---------------------------------------------------------------------------------------


class _BoundedSuggestClient(SuggestClient):
    """DaData's own client with a base URL of our choice and a cap on the answer size."""

    def __init__(self, token: str, base_url: str, timeout: float) -> None:
        super(SuggestClient, self).__init__(base_url=base_url, token=token, timeout=timeout)  # type: ignore[arg-type]

    def _post(self, url: str, data: Any) -> Any:
        with self._client.stream("POST", url, json=data) as response:
            response.raise_for_status()
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > MAX_RESPONSE_BYTES:
                    raise RegistryError(
                        msg("legal.registry.registry_s_answer_exceeds_bytes_stopped", limit=MAX_RESPONSE_BYTES)
                    )
        text = bytes(body).decode("utf-8", "replace")
        try:
            check_json_shape(text, msg("legal.registry.registry_s_answer"))
        except DataError as error:  # a hostile or broken answer: nesting or numbers beyond the limits
            raise RegistryError(error.message) from None
        return json.loads(text)


def _from_millis(value: Any) -> date | None:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    try:
        return datetime.fromtimestamp(value / 1000, UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


class DadataProvider(RegistryProvider):
    """DaData ``findById/party`` (``Dadata.find_by_id("party", inn)``): the head office of the entity."""

    name = "dadata"

    def __init__(self, token: str | None = None, *, base_url: str | None = None, timeout_s: float = 10.0) -> None:
        self.token = token if token is not None else os.environ.get(TOKEN_VARIABLE, "").strip() or None
        self.base_url = base_url or os.environ.get(URL_VARIABLE) or SuggestClient.BASE_URL
        self.timeout_s = timeout_s

    def unavailable_reason(self) -> str | None:
        if not self.token:
            return msg("legal.registry.no_dadata_key_sign_up_at", variable=TOKEN_VARIABLE)
        return None

    def fetch(self, query: str) -> dict[str, Any]:
        if not self.token:
            raise RegistryError(self.unavailable_reason() or "")
        try:
            with _BoundedSuggestClient(self.token, self.base_url, self.timeout_s) as client:
                # No branch_type filter: entrepreneurs have none, and the head office is picked from the answer.
                suggestions = client.find_by_id("party", query, count=20)
        except httpx.HTTPStatusError as error:
            code = error.response.status_code
            if code in (401, 403):
                message = msg("legal.registry.dadata_refused_key_http", code=code)
            elif code == 429:
                message = msg("legal.registry.dadata_request_limit_exceeded")
            else:
                message = msg("legal.registry.dadata_answered_http", code=code)
            raise RegistryError(message) from None
        except httpx.TimeoutException:
            raise RegistryError(msg("legal.registry.dadata_did_not_answer_within_s", s=self.timeout_s)) from None
        except httpx.HTTPError as error:
            raise RegistryError(msg("legal.registry.dadata_is_unreachable", error=connect_reason(str(error)))) from None
        except (ValueError, KeyError, TypeError) as error:
            raise RegistryError(msg("legal.registry.unreadable_dadata_answer_2", error=error)) from None
        if not isinstance(suggestions, list):
            raise RegistryError(msg("legal.registry.unreadable_dadata_answer"))
        return {"suggestions": suggestions}

    def parse(self, raw: dict[str, Any], query: str) -> RegistryRecord | None:
        suggestions = [item for item in raw.get("suggestions") or [] if isinstance(item, dict)]
        if not suggestions:
            return None
        # findById can return branches too; the head office is what the site's requisites name.
        chosen = next(
            (item for item in suggestions if (item.get("data") or {}).get("branch_type") in ("MAIN", None)),
            suggestions[0],
        )
        return parse_dadata_party(chosen)


def parse_dadata_party(suggestion: dict[str, Any]) -> RegistryRecord:
    """One suggestion of DaData's documented ``party`` format as our record."""
    data = suggestion.get("data") or {}
    state = data.get("state") or {}
    opf = data.get("opf") or {}
    name = data.get("name") or {}
    address = data.get("address") or {}
    address_data = address.get("data") or {}
    entity_type: Literal["legal", "individual"] = "individual" if data.get("type") == "INDIVIDUAL" else "legal"
    director = None
    management = data.get("management") or {}
    if _text(management.get("name")):
        director = Director(
            name=management["name"].strip(),
            post=_text(management.get("post")),
            since=_from_millis(management.get("start_date")),
        )
    elif entity_type == "individual":
        fio = data.get("fio") or {}
        full = " ".join(part for part in (fio.get("surname"), fio.get("name"), fio.get("patronymic")) if part)
        if full or _text(name.get("full")):
            director = Director(name=full or name["full"].strip(), post="Индивидуальный предприниматель")
    okveds = []
    okved_name = None
    for item in data.get("okveds") or []:
        if isinstance(item, dict) and _text(item.get("code")):
            okveds.append(item["code"].strip())
            if item.get("main"):
                okved_name = _text(item.get("name"))
    status = _text(state.get("status"))
    branch_count = data.get("branch_count")
    employees = data.get("employee_count")
    return RegistryRecord(
        inn=_text(data.get("inn")),
        ogrn=_text(data.get("ogrn")),
        kpp=_text(data.get("kpp")),
        entity_type=entity_type,
        status=status.upper() if status else None,
        registration_date=_from_millis(state.get("registration_date")) or _from_millis(data.get("ogrn_date")),
        liquidation_date=_from_millis(state.get("liquidation_date")),
        legal_form=_text(opf.get("short")),
        legal_form_full=_text(opf.get("full")),
        full_name=_text(name.get("full")),
        short_name=_text(name.get("short")),
        full_name_with_form=_text(name.get("full_with_opf")),
        short_name_with_form=_text(name.get("short_with_opf")) or _text(suggestion.get("value")),
        director=director,
        address=_text(address.get("value")) or _text(address.get("unrestricted_value")),
        address_region=_text(address_data.get("region_with_type")),
        address_region_iso=_text(address_data.get("region_iso_code")),
        okved=_text(data.get("okved")),
        okved_name=okved_name,
        okveds=okveds,
        branch_count=branch_count if isinstance(branch_count, int) and not isinstance(branch_count, bool) else None,
        employee_count=employees if isinstance(employees, int) and not isinstance(employees, bool) else None,
    )


# --- lookups with the cache -------------------------------------------------------------------------


def lookup(
    query: str,
    provider: RegistryProvider,
    *,
    store: Store | None = None,
    max_age: timedelta | None = cache.DEFAULT_MAX_AGE,
    network: bool = True,
) -> RegistryLookup:
    """The entity for an ИНН/ОГРН: from the cache when fresh, else from the provider (if ``network``).

    Never raises for the provider's trouble: the lookup is ``unknown`` with the reason.
    """
    source = f"registry:{provider.name}"
    if store is not None:
        cached = cache.load(store, source, query, max_age)
        if cached is not None:
            raw, fetched_at = cached
            return _result(query, provider, raw, fetched_at, from_cache=True)
    if not network:
        return RegistryLookup(
            query=query,
            source=provider.name,
            status="unknown",
            reason=msg("legal.registry.network_checks_are_off_and_cache"),
        )
    reason = provider.unavailable_reason()
    if reason:
        return RegistryLookup(query=query, source=provider.name, status="unknown", reason=reason)
    try:
        raw = provider.fetch(query)
    except RegistryError as error:
        return RegistryLookup(query=query, source=provider.name, status="unknown", reason=str(error))
    fetched_at = datetime.now(UTC)
    if store is not None:
        cache.save(store, source, query, raw, fetched_at)
    return _result(query, provider, raw, fetched_at, from_cache=False)


def _result(
    query: str, provider: RegistryProvider, raw: dict[str, Any], fetched_at: datetime, *, from_cache: bool
) -> RegistryLookup:
    try:
        record = provider.parse(raw, query)
    except (ValueError, TypeError, AttributeError) as error:
        return RegistryLookup(
            query=query,
            source=provider.name,
            status="unknown",
            reason=msg("legal.registry.unreadable_registry_answer", error=error),
            fetched_at=fetched_at,
        )
    return RegistryLookup(
        query=query,
        source=provider.name,
        status="found" if record else "not_found",
        record=record,
        fetched_at=fetched_at,
        from_cache=from_cache,
    )

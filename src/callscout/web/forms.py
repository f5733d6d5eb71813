"""Reading the cabinet's HTML forms, and its one way of answering a form.

Every field is read here: blank is ``None``, a number takes a decimal comma as Russian users type it, and a
value that cannot be read is a DataError naming the field, in the user's language, which the page shows.
``submit`` is the pattern of every form route: do the change and redirect (303, so a reload does not post
again), or show the same page again with the problem and status 400, having changed nothing.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Awaitable, Callable, Mapping
from datetime import date, datetime
from typing import Any

from fastapi.responses import RedirectResponse
from starlette.datastructures import UploadFile
from starlette.responses import Response

from callscout.errors import CallScoutError, DataError
from callscout.i18n import msg, tr

Fields = Mapping[str, Any]  # a FormData, or a request's query parameters


def text(form: Fields, name: str) -> str | None:
    """The field's text, stripped; ``None`` when absent, blank or a file."""
    value = form.get(name)
    if value is None or isinstance(value, UploadFile):
        return None
    return str(value).strip() or None


def checkbox(form: Fields, name: str) -> bool:
    return form.get(name) == "on"


def number(
    form: Fields,
    name: str,
    kind: type[int] | type[float] = float,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    required: bool = False,
) -> Any:
    """The field as a number (``kind``), ``None`` when blank unless ``required``; «4,5» reads as 4.5."""
    value = text(form, name)
    if value is None:
        if required:
            raise DataError(msg("web.forms.number_is_needed", field=name))
        return None
    try:
        parsed = kind(value.replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except ValueError:
        parsed = None
    if parsed is None or (isinstance(parsed, float) and not math.isfinite(parsed)):
        raise DataError(msg("web.forms.number_is_needed_not", field=name, value=value[:40]))
    if (minimum is not None and parsed < minimum) or (maximum is not None and parsed > maximum):
        low = "−∞" if minimum is None else f"{minimum:g}"
        high = "∞" if maximum is None else f"{maximum:g}"
        raise DataError(msg("web.forms.number_from_to_expected_got", field=name, low=low, high=high, value=value[:40]))
    return parsed


def positive_int_or(value: str | None, default: int) -> int:
    """A page number from the address: anything unreadable falls back to ``default`` (never an error page)."""
    try:
        return max(1, int(value or default))
    except ValueError:
        return default


def parse_date(value: str | None) -> date | None:
    """An ``<input type=date>`` value (ISO), ``None`` when blank."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DataError(msg("web.forms.date_use_yyyy_mm_dd", value=value)) from None


def parse_datetime(value: str | None, missing: tuple[str, str]) -> datetime:
    """An ``<input type=datetime-local>`` value; ``missing`` (ru, en) says what to fill in when blank."""
    if not value:
        raise DataError(tr(*missing))
    from callscout.qa.service import parse_call_time

    return parse_call_time(value)


async def submit(
    action: Callable[[], Awaitable[str] | str],
    show_again: Callable[[CallScoutError], Awaitable[Response] | Response],
) -> Response:
    """The form pattern: ``action`` does the change and returns where to go next (303 there); a problem it
    raises (a CallScoutError, nothing stored) goes to ``show_again``, which renders the page with the
    error, answered with status 400."""
    try:
        target = action()
        if inspect.isawaitable(target):
            target = await target
    except CallScoutError as error:
        response = show_again(error)
        if inspect.isawaitable(response):
            response = await response
        response.status_code = 400
        return response
    return RedirectResponse(str(target), status_code=303)

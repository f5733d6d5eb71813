"""ИНН (taxpayer number): 10 digits for organisations, 12 for individuals and entrepreneurs.

>>> validate('7707083893')
'7707083893'
"""

from __future__ import annotations

from callscout.legal.ids.errors import (
    InvalidNumber,
    checksum_error,
    compact_text,
    looks_like_placeholder,
    placeholder_error,
    require_digits,
)
from callscout.legal.ids.regions import region_name

NUMBER_TYPE = "ИНН"
_WEIGHTS_10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_WEIGHTS_12_FIRST = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_WEIGHTS_12_SECOND = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def compact(number: str) -> str:
    return compact_text(number, NUMBER_TYPE)


def _weighted(digits: str, weights: tuple[int, ...]) -> str:
    return str(sum(weight * int(digit) for weight, digit in zip(weights, digits, strict=False)) % 11 % 10)


def calc_check_digits(number: str) -> str:
    """The check digit(s) for the first 9 (organisation) or 10 (individual) digits."""
    if len(number) == 9:
        return _weighted(number, _WEIGHTS_10)
    first = _weighted(number[:10], _WEIGHTS_12_FIRST)
    return first + _weighted(number[:10] + first, _WEIGHTS_12_SECOND)


def validate(number: str) -> str:
    number = compact(number)
    require_digits(number, NUMBER_TYPE, (10, 12))
    body = number[:9] if len(number) == 10 else number[:10]
    if number[len(body) :] != calc_check_digits(body):
        raise checksum_error(NUMBER_TYPE, number)
    # The serial part after the 4-digit tax office code can never be all zeros in a real number.
    if looks_like_placeholder(body) or set(body[4:]) == {"0"}:
        raise placeholder_error(NUMBER_TYPE, number)
    return number


def is_valid(number: str) -> bool:
    try:
        return bool(validate(number))
    except InvalidNumber:
        return False


def format(number: str) -> str:  # the python-stdnum API name
    return compact(number)


def kind(number: str) -> str:
    """'organisation' for 10 digits, 'individual' for 12 (a person or an entrepreneur)."""
    return "organisation" if len(validate(number)) == 10 else "individual"


def region(number: str) -> str | None:
    """Name of the region whose tax office issued the number."""
    return region_name(validate(number)[:2])

"""КПП (tax registration reason code): 9 characters, NNNN PP NNN.

Four digits of the tax office, two characters of the reason (digits, or capital Latin letters
since 2013), three digits of the record. There is no checksum, so the format and placeholders are
all that can be checked offline.
"""

from __future__ import annotations

import re

from callscout.i18n import msg
from callscout.legal.ids.errors import (
    InvalidFormat,
    InvalidLength,
    InvalidNumber,
    compact_text,
    looks_like_placeholder,
    placeholder_error,
)
from callscout.legal.ids.regions import region_name

NUMBER_TYPE = "КПП"
_PATTERN = re.compile(r"[0-9]{4}[0-9A-Z]{2}[0-9]{3}")


def compact(number: str) -> str:
    return compact_text(number, NUMBER_TYPE, keep_letters=True)


def validate(number: str) -> str:
    number = compact(number)
    if len(number) != 9:
        raise InvalidLength(
            NUMBER_TYPE,
            msg("legal.ids.kpp.must_have_9_characters_not", kind=NUMBER_TYPE, n=len(number)),
        )
    if not _PATTERN.fullmatch(number):
        raise InvalidFormat(
            NUMBER_TYPE,
            msg("legal.ids.kpp.format_is_nnnnppnnn_p_is_digit", kind=NUMBER_TYPE, value=number),
        )
    if number[:4] == "0000" or number[6:] == "000" or (number.isdigit() and looks_like_placeholder(number)):
        raise placeholder_error(NUMBER_TYPE, number)
    return number


def is_valid(number: str) -> bool:
    try:
        return bool(validate(number))
    except InvalidNumber:
        return False


def format(number: str) -> str:  # the python-stdnum API name
    return compact(number)


def reason(number: str) -> str:
    """The two-character reason code (01: the organisation at its address, 43: a branch...)."""
    return validate(number)[4:6]


def region(number: str) -> str | None:
    return region_name(validate(number)[:2])

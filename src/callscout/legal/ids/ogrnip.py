"""ОГРНИП (primary state registration number of an individual entrepreneur): 15 digits.

Sign 3 (4 marks a ГРНИП, a change record), two digits of the year, two of the region, nine of the
record, one check digit: the first 14 digits mod 13, then mod 10. python-stdnum compares the last
digit with the bare mod-13 remainder, so it rejects the real numbers whose remainder is 10–12.
"""

from __future__ import annotations

from callscout.i18n import msg
from callscout.legal.ids.errors import (
    InvalidComponent,
    InvalidNumber,
    checksum_error,
    compact_text,
    looks_like_placeholder,
    placeholder_error,
    require_digits,
)
from callscout.legal.ids.ogrn import RegistrationInfo, check_year
from callscout.legal.ids.regions import region_name

NUMBER_TYPE = "ОГРНИП"
FIRST_OGRNIP_YEAR = 2004  # the register of entrepreneurs (ЕГРИП) started on 1 January 2004


def compact(number: str) -> str:
    return compact_text(number, NUMBER_TYPE)


def calc_check_digit(number: str) -> str:
    return str(int(number[:14]) % 13 % 10)


def validate(number: str) -> str:
    number = compact(number)
    require_digits(number, NUMBER_TYPE, (15,))
    if number[0] == "4":
        raise InvalidComponent(
            NUMBER_TYPE,
            msg("legal.ids.ogrnip.this_is_number_of_change_record", value=number),
        )
    if number[0] != "3":
        raise InvalidComponent(
            NUMBER_TYPE,
            msg("legal.ids.ogrnip.starts_with_3_not", value=number, sign=number[0]),
        )
    if number[14] != calc_check_digit(number):
        raise checksum_error(NUMBER_TYPE, number)
    if looks_like_placeholder(number[3:14]) or set(number[5:14]) == {"0"}:
        raise placeholder_error(NUMBER_TYPE, number)
    check_year(number, NUMBER_TYPE, FIRST_OGRNIP_YEAR)
    return number


def is_valid(number: str) -> bool:
    try:
        return bool(validate(number))
    except InvalidNumber:
        return False


def format(number: str) -> str:  # the python-stdnum API name
    return compact(number)


def info(number: str) -> RegistrationInfo:
    number = validate(number)
    return RegistrationInfo(
        number=number,
        year=2000 + int(number[1:3]),
        region_code=number[3:5],
        region=region_name(number[3:5]),
        tax_office=None,
    )

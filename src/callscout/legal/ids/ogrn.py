"""ОГРН (primary state registration number of a legal entity): 13 digits.

Structure: sign (1 or 5 for an ОГРН), two digits of the registration year, two of the region,
two of the tax office, five of the record, one check digit (first 12 digits mod 11, mod 10).
A 13-digit number beginning with 2, 4, 6, 7, 8 or 9 is a ГРН — the number of a later change
record in the register — which sites sometimes print by mistake; it does not identify a company.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
from callscout.legal.ids.regions import region_name

NUMBER_TYPE = "ОГРН"
OGRN_SIGNS = "15"
GRN_SIGNS = "246789"
FIRST_OGRN_YEAR = 2002  # the register (ЕГРЮЛ) started on 1 July 2002


@dataclass(frozen=True)
class RegistrationInfo:
    number: str
    year: int
    region_code: str
    region: str | None
    tax_office: str | None  # ОГРНИП has no tax office digits


def compact(number: str) -> str:
    return compact_text(number, NUMBER_TYPE)


def calc_check_digit(number: str) -> str:
    return str(int(number[:12]) % 11 % 10)


def check_year(number: str, number_type: str, first_year: int) -> int:
    """Registration year from digits 2–3; a year before the register or in the future is impossible."""
    year = 2000 + int(number[1:3])
    if not first_year <= year <= date.today().year:
        raise InvalidComponent(
            number_type,
            msg("legal.ids.ogrn.impossible_registration_year", kind=number_type, value=number, year=year),
        )
    return year


def validate(number: str) -> str:
    number = compact(number)
    require_digits(number, NUMBER_TYPE, (13,))
    if number[0] in GRN_SIGNS:
        raise InvalidComponent(
            NUMBER_TYPE,
            msg("legal.ids.ogrn.this_is_number_of_change_record", value=number),
        )
    if number[0] not in OGRN_SIGNS:
        raise InvalidComponent(
            NUMBER_TYPE,
            msg("legal.ids.ogrn.starts_with_1_or_5_not", value=number, sign=number[0]),
        )
    if number[12] != calc_check_digit(number):
        raise checksum_error(NUMBER_TYPE, number)
    if looks_like_placeholder(number[3:12]) or set(number[7:12]) == {"0"}:
        raise placeholder_error(NUMBER_TYPE, number)
    check_year(number, NUMBER_TYPE, FIRST_OGRN_YEAR)
    return number


def is_valid(number: str) -> bool:
    try:
        return bool(validate(number))
    except InvalidNumber:
        return False


def format(number: str) -> str:  # the python-stdnum API name
    return compact(number)


def info(number: str) -> RegistrationInfo:
    """Registration year and region decoded from a valid ОГРН."""
    number = validate(number)
    return RegistrationInfo(
        number=number,
        year=2000 + int(number[1:3]),
        region_code=number[3:5],
        region=region_name(number[3:5]),
        tax_office=number[3:7],
    )

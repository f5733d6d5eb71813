"""Errors and helpers shared by the identifier modules.

The errors subclass python-stdnum's exceptions so code written for stdnum (``except
ValidationError``) keeps working, and carry a message in the user's language naming the number
type, so a check can show it as is.
"""

from __future__ import annotations

import itertools

from stdnum import exceptions as stdnum_exceptions

from callscout.i18n import msg

# No identifier is longer than 15 digits; anything far longer is junk and is refused before any
# per-character work, so a megabyte of text costs nothing.
MAX_INPUT_CHARS = 64
_SEPARATORS = " -.\u00a0\u2009\u202f\t"


class InvalidNumber(stdnum_exceptions.ValidationError):
    """A number that is not a valid identifier of its type; ``str()`` is the user's message."""

    def __init__(self, number_type: str, message: str) -> None:
        super().__init__(message)
        self.number_type = number_type
        self.message = message


class InvalidFormat(InvalidNumber, stdnum_exceptions.InvalidFormat):
    """Wrong characters (or not a string at all)."""


class InvalidLength(InvalidNumber, stdnum_exceptions.InvalidLength):
    """Wrong number of digits."""


class InvalidChecksum(InvalidNumber, stdnum_exceptions.InvalidChecksum):
    """The check digit(s) do not match."""


class InvalidComponent(InvalidNumber, stdnum_exceptions.InvalidComponent):
    """A part of the number is impossible (a ГРН instead of an ОГРН, a future year...)."""


class PlaceholderNumber(InvalidNumber, stdnum_exceptions.InvalidComponent):
    """A filler such as 0000000000 or 1234567890: the checksum may pass, the number is not real."""


def compact_text(number: object, number_type: str, *, keep_letters: bool = False) -> str:
    """Strip separators; refuse non-strings and absurdly long input with a clear error."""
    if not isinstance(number, str):
        raise InvalidFormat(
            number_type,
            msg("legal.ids.errors.expected_string_got", kind=number_type, got=type(number).__name__),
        )
    if len(number) > MAX_INPUT_CHARS:
        raise InvalidLength(
            number_type,
            msg("legal.ids.errors.value_too_long_characters", kind=number_type, n=len(number)),
        )
    compacted = "".join(char for char in number.strip() if char not in _SEPARATORS)
    return compacted.upper() if keep_letters else compacted


def require_digits(number: str, number_type: str, lengths: tuple[int, ...]) -> None:
    # str.isdigit() accepts Arabic-Indic and other Unicode digits; identifiers are ASCII only.
    if not number or not all("0" <= char <= "9" for char in number):
        raise InvalidFormat(
            number_type,
            msg("legal.ids.errors.only_digits_allowed_got", kind=number_type, value=number[:20]),
        )
    if len(number) not in lengths:
        expected = " / ".join(str(length) for length in lengths)
        raise InvalidLength(
            number_type,
            msg("legal.ids.errors.must_have_digits_not", kind=number_type, expected=expected, n=len(number)),
        )


def checksum_error(number_type: str, number: str) -> InvalidChecksum:
    return InvalidChecksum(
        number_type,
        msg("legal.ids.errors.wrong_check_digit", kind=number_type, value=number),
    )


def looks_like_placeholder(body: str) -> bool:
    """A filler: one digit repeated, or a run such as 1234567890 / 9876543210."""
    if len(set(body)) == 1:
        return True
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(body)}
    return steps in ({1}, {9})


def placeholder_error(number_type: str, number: str) -> PlaceholderNumber:
    return PlaceholderNumber(
        number_type,
        msg("legal.ids.errors.looks_like_placeholder_not_real_number", kind=number_type, value=number),
    )

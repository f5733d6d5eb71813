"""Russian company identifiers, one module per number type, each with the python-stdnum API.

Every module offers ``compact``, ``validate`` (returns the compact number or raises an
``InvalidNumber`` subclass with a Russian/English message), ``is_valid`` and ``format``.
Unlike python-stdnum these modules also refuse placeholders (all-zero and similar numbers whose
checksum happens to pass), ГРН record numbers offered as an ОГРН, and accept ОГРНИП whose mod-13
remainder is 10–12.
"""

from callscout.legal.ids import inn, kpp, ogrn, ogrnip
from callscout.legal.ids.errors import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    InvalidNumber,
    PlaceholderNumber,
)

__all__ = [
    "InvalidChecksum",
    "InvalidComponent",
    "InvalidFormat",
    "InvalidLength",
    "InvalidNumber",
    "PlaceholderNumber",
    "inn",
    "kpp",
    "ogrn",
    "ogrnip",
]

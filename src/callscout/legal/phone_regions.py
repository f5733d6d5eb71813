"""Which region a Russian landline number belongs to, by its 3-digit area (ABC) zone.

Landline numbers keep the zone of the region they are installed in, so a published landline in
another region than the legal address means an office (or a forwarded virtual number) elsewhere.
Mobile (9xx) and toll-free (8-800) numbers say nothing about the region and are not mapped.
"""

from __future__ import annotations

import phonenumbers
from phonenumbers import PhoneNumberType

from callscout.i18n import current_language

# ABC zone -> ISO 3166-2:RU region code, as DaData gives it in ``address.data.region_iso_code``.
ZONE_REGIONS: dict[str, str] = {
    "301": "RU-BU", "302": "RU-ZAB", "336": "RU-BA", "341": "RU-UD", "342": "RU-PER", "343": "RU-SVE",
    "345": "RU-TYU", "346": "RU-KHM", "347": "RU-BA", "349": "RU-YAN", "351": "RU-CHE", "352": "RU-KGN",
    "353": "RU-ORE", "381": "RU-OMS", "382": "RU-TOM", "383": "RU-NVS", "384": "RU-KEM", "385": "RU-ALT",
    "388": "RU-AL", "390": "RU-KK", "391": "RU-KYA", "394": "RU-TY", "395": "RU-IRK", "401": "RU-KGD",
    "411": "RU-SA", "413": "RU-MAG", "415": "RU-KAM", "416": "RU-AMU", "421": "RU-KHA", "423": "RU-PRI",
    "424": "RU-SAK", "426": "RU-YEV", "427": "RU-CHU", "471": "RU-KRS", "472": "RU-BEL", "473": "RU-VOR",
    "474": "RU-LIP", "475": "RU-TAM", "481": "RU-SMO", "482": "RU-TVE", "483": "RU-BRY", "484": "RU-KLU",
    "485": "RU-YAR", "486": "RU-ORL", "487": "RU-TUL", "491": "RU-RYA", "492": "RU-VLA", "493": "RU-IVA",
    "494": "RU-KOS", "495": "RU-MOW", "496": "RU-MOS", "498": "RU-MOS", "499": "RU-MOW", "811": "RU-PSK",
    "812": "RU-SPE", "813": "RU-LEN", "814": "RU-KR", "815": "RU-MUR", "816": "RU-NGR", "817": "RU-VLG",
    "818": "RU-ARK", "820": "RU-VLG", "821": "RU-KO", "831": "RU-NIZ", "833": "RU-KIR", "834": "RU-MO",
    "835": "RU-CU", "836": "RU-ME", "841": "RU-PNZ", "842": "RU-ULY", "843": "RU-TA", "844": "RU-VGG",
    "845": "RU-SAR", "846": "RU-SAM", "847": "RU-KL", "848": "RU-SAM", "851": "RU-AST", "855": "RU-TA",
    "861": "RU-KDA", "862": "RU-KDA", "863": "RU-ROS", "865": "RU-STA", "866": "RU-KB", "867": "RU-SE",
    "871": "RU-CE", "872": "RU-DA", "873": "RU-IN", "877": "RU-AD", "878": "RU-KC", "879": "RU-STA",
}  # fmt: skip

# A city and the region around it form one labour market: offices there are "near".
AGGLOMERATIONS: tuple[frozenset[str], ...] = (
    frozenset({"RU-MOW", "RU-MOS"}),
    frozenset({"RU-SPE", "RU-LEN"}),
)


def landline_region(phone: str) -> tuple[str, str] | None:
    """``(iso_region, place name)`` of a Russian landline, or ``None`` (mobile, 8-800, foreign, junk)."""
    if not phone or len(phone) > 64:
        return None
    try:
        number = phonenumbers.parse(phone, "RU")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 7 or phonenumbers.number_type(number) != PhoneNumberType.FIXED_LINE:
        return None
    region = ZONE_REGIONS.get(phonenumbers.national_significant_number(number)[:3])
    if region is None:
        return None
    from phonenumbers import geocoder  # its data take half a second to load: only when a place is asked

    place = geocoder.description_for_number(number, current_language()) or region
    return region, place


def regions_near(first: str, second: str) -> bool:
    if first == second:
        return True
    return any(first in group and second in group for group in AGGLOMERATIONS)

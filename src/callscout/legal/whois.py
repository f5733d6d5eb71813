"""Domain age from whois: a bounded port-43 client and a parser of the registries' raw answers.

The seed article tells the buyer to check how long the vendor's site has existed "with the whois
service". Russian domains (.ru, .su, .рф) are answered by the TCI server, whose records also carry
the owner organisation and its ИНН (``taxpayer-id``) — a second, independent source for the
cross-checks. Other zones go to their registry's server; unknown zones are asked of IANA first.

Whois answers are untrusted text from the network: the answer size, the connect and read time and
the number of referrals are bounded, and a failure is an ``unknown`` result with its reason.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import idna

from callscout.errors import connect_reason
from callscout.i18n import msg

WHOIS_PORT = 43
TCI_SERVER = "whois.tcinet.ru"
IANA_SERVER = "whois.iana.org"

# Zone -> registry whois server. Zones keyed in punycode (the .рф zone is xn--p1ai).
ZONE_SERVERS: dict[str, str] = {
    "ru": TCI_SERVER,
    "su": TCI_SERVER,
    "xn--p1ai": TCI_SERVER,
    "com": "whois.verisign-grs.com",
    "net": "whois.verisign-grs.com",
    "org": "whois.publicinterestregistry.org",
    "info": "whois.nic.info",
    "biz": "whois.nic.biz",
    "io": "whois.nic.io",
    "me": "whois.nic.me",
    "pro": "whois.nic.pro",
    "online": "whois.nic.online",
    "site": "whois.nic.site",
    "store": "whois.nic.store",
    "moscow": "whois.nic.moscow",
    "xn--80adxhks": "whois.nic.xn--80adxhks",  # .москва
    "kz": "whois.nic.kz",
    "xn--80ao21a": "whois.nic.kz",  # .қаз
    "by": "whois.cctld.by",
    "ua": "whois.ua",
    "uz": "whois.cctld.uz",
    "kg": "whois.kg",
    "am": "whois.amnic.net",
    "ge": "whois.nic.ge",
    "de": "whois.denic.de",
    "uk": "whois.nic.uk",
    "eu": "whois.eu",
    "fr": "whois.nic.fr",
    "nl": "whois.domain-registry.nl",
}

# Second-level zones sold like top-level ones: the registrable name is one label longer.
SECOND_LEVEL_ZONES = frozenset(
    {
        "msk.ru", "spb.ru", "com.ru", "net.ru", "org.ru", "pp.ru", "msk.su", "spb.su",
        "co.uk", "org.uk", "com.ua", "kiev.ua", "org.ua", "com.kz", "org.kz", "com.by",
    }
)  # fmt: skip

MAX_ANSWER_BYTES = 64 * 1024
DEFAULT_TIMEOUT_S = 10.0


class WhoisError(Exception):
    """A lookup that could not produce an answer; the message is for the user."""


@dataclass
class WhoisRecord:
    """What the raw answer says, parsed. ``None`` fields were not in the answer."""

    domain: str
    found: bool
    created: date | None = None
    expires: date | None = None
    updated: date | None = None
    registrar: str | None = None
    org: str | None = None
    taxpayer_id: str | None = None
    states: list[str] = field(default_factory=list)
    name_servers: list[str] = field(default_factory=list)
    registrant_country: str | None = None
    format: str = "generic"

    def age_years(self, today: date) -> float | None:
        if self.created is None:
            return None
        return round(max((today - self.created).days, 0) / 365.25, 2)

    def to_dict(self) -> dict[str, object]:
        return {
            "domain": self.domain,
            "found": self.found,
            "created": self.created.isoformat() if self.created else None,
            "expires": self.expires.isoformat() if self.expires else None,
            "updated": self.updated.isoformat() if self.updated else None,
            "registrar": self.registrar,
            "org": self.org,
            "taxpayer_id": self.taxpayer_id,
            "states": self.states,
            "name_servers": self.name_servers,
            "registrant_country": self.registrant_country,
            "format": self.format,
        }


@dataclass
class WhoisLookup:
    """The outcome of one lookup: a parsed record, or ``unknown`` with the reason."""

    domain: str
    status: str  # "found" | "not_found" | "unknown"
    record: WhoisRecord | None = None
    server: str | None = None
    raw: str | None = None
    reason: str | None = None
    fetched_at: datetime | None = None
    from_cache: bool = False


# --- domain names ---------------------------------------------------------------------------------


def registrable_domain(url_or_host: str) -> str:
    """The name a registry knows, in punycode: ``https://www.Пример.рф/a`` -> ``xn--e1afmkfd.xn--p1ai``.

    Raises ``ValueError`` with a user-facing message for something that is not a domain name.
    """
    text = (url_or_host or "").strip()
    if "://" in text:
        text = text.split("://", 1)[1]
    host = text.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    host = host.rsplit("@", 1)[-1]
    if host.startswith("["):
        raise ValueError(msg("legal.whois.ip_address_not_domain", host=host))
    host = host.split(":", 1)[0].strip(".").lower()
    if not host or len(host) > 253:
        raise ValueError(msg("legal.whois.empty_or_too_long_domain_name"))
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        raise ValueError(msg("legal.whois.ip_address_not_domain", host=host))
    try:
        ascii_host = idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError as error:
        raise ValueError(msg("legal.whois.invalid_domain_name", host=host, error=error)) from None
    labels = ascii_host.split(".")
    if len(labels) < 2:
        raise ValueError(msg("legal.whois.no_domain_zone", host=host))
    if labels[0] == "www" and len(labels) > 2:
        labels = labels[1:]
    keep = 3 if ".".join(labels[-2:]) in SECOND_LEVEL_ZONES and len(labels) >= 3 else 2
    return ".".join(labels[-keep:])


def zone_of(domain: str) -> str:
    return domain.rsplit(".", 1)[-1]


def display_domain(domain: str) -> str:
    """The punycode name as people write it (``xn--p1ai`` -> ``рф``), for messages."""
    try:
        return idna.decode(domain)
    except idna.IDNAError:
        return domain


# --- the port-43 client ----------------------------------------------------------------------------


def _is_public(host: str, port: int) -> bool:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return True  # resolution errors surface at connect time with a clearer message
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if address.is_private or address.is_loopback or address.is_link_local or address.is_multicast:
            return False
    return True


class WhoisClient:
    """Asks the zone's whois server over TCP port 43, bounded in time, size and referrals.

    ``servers`` overrides the zone table (``"*"`` answers every zone): tests and the offline demo
    point it at a server on 127.0.0.1, which also needs ``allow_private_network``.
    """

    def __init__(
        self,
        *,
        servers: dict[str, str] | None = None,
        port: int = WHOIS_PORT,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        max_bytes: int = MAX_ANSWER_BYTES,
        allow_private_network: bool = False,
        iana_server: str | None = IANA_SERVER,
    ) -> None:
        self.servers = servers
        self.iana_server = iana_server
        self.port = port
        self.timeout_s = timeout_s
        self.max_bytes = max_bytes
        self.allow_private_network = allow_private_network

    def server_for(self, domain: str) -> str | None:
        zone = zone_of(domain)
        if self.servers is not None:
            return self.servers.get(zone) or self.servers.get("*")
        return ZONE_SERVERS.get(zone)

    def query(self, server: str, text: str) -> str:
        """One request/answer exchange; raises ``WhoisError`` with a user-facing reason."""
        host, port = server, self.port
        if ":" in server:
            host, port_text = server.rsplit(":", 1)
            if not port_text.isdigit() or not 0 < int(port_text) < 65536:
                raise WhoisError(msg("legal.whois.invalid_whois_server_address", server=server))
            port = int(port_text)
        if not self.allow_private_network and not _is_public(host, port):
            raise WhoisError(msg("legal.whois.whois_server_is_on_private_network", server=server))
        deadline = time.monotonic() + self.timeout_s
        chunks: list[bytes] = []
        received = 0
        try:
            with socket.create_connection((host, port), timeout=self.timeout_s) as connection:
                connection.sendall(text.encode("ascii") + b"\r\n")
                while received < self.max_bytes:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise TimeoutError
                    connection.settimeout(remaining)
                    chunk = connection.recv(min(65536, self.max_bytes - received))
                    if not chunk:
                        break
                    chunks.append(chunk)
                    received += len(chunk)
        except TimeoutError:
            raise WhoisError(
                msg("legal.whois.whois_server_did_not_answer_within", server=server, seconds=self.timeout_s)
            ) from None
        except OSError as error:
            raise WhoisError(
                msg(
                    "legal.whois.whois_server_is_unreachable",
                    server=server,
                    error=connect_reason(f"{error.strerror or ''} {error}"),
                )
            ) from None
        body = b"".join(chunks)
        if not body.strip():
            raise WhoisError(msg("legal.whois.whois_server_sent_empty_answer", server=server))
        # Answers past the bound are cut, not refused: the dates come in the first lines.
        return decode_answer(body)

    def _server_from_iana(self, domain: str) -> str | None:
        """IANA's record of the zone names its whois server (one referral, never followed further)."""
        if self.iana_server is None:
            return None
        answer = self.query(self.iana_server, zone_of(domain))
        match = re.search(r"^(?:refer|whois):\s*(\S+)", answer, re.MULTILINE | re.IGNORECASE)
        return match.group(1) if match else None

    def lookup(self, url_or_host: str) -> WhoisLookup:
        """Never raises for network trouble: it gives ``unknown`` with the reason instead."""
        try:
            domain = registrable_domain(url_or_host)
        except ValueError as error:
            return WhoisLookup(domain=url_or_host, status="unknown", reason=str(error))
        fetched_at = datetime.now(UTC)
        try:
            server = self.server_for(domain) or self._server_from_iana(domain)
            if server is None:
                return WhoisLookup(
                    domain=domain,
                    status="unknown",
                    reason=msg("legal.whois.no_whois_server_known_for_zone", zone=display_domain(zone_of(domain))),
                )
            raw = self.query(server, domain)
        except WhoisError as error:
            return WhoisLookup(domain=domain, status="unknown", reason=str(error), fetched_at=fetched_at)
        record = parse_whois(raw, domain)
        return WhoisLookup(
            domain=domain,
            status="found" if record.found else "not_found",
            record=record,
            server=server,
            raw=raw,
            fetched_at=fetched_at,
        )


def decode_answer(body: bytes) -> str:
    """Registries answer in UTF-8 today; older Russian and Ukrainian servers in windows-1251 or KOI8-R."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    cyrillic = re.compile(r"[а-яё]", re.IGNORECASE)
    best = body.decode("cp1251", errors="replace")
    koi = body.decode("koi8-r", errors="replace")
    # Lowercase letters dominate real text; the wrong code page turns most of them into capitals.
    if sum(ch.islower() for ch in cyrillic.findall(koi)) > sum(ch.islower() for ch in cyrillic.findall(best)):
        best = koi
    return best


# --- the parser ---------------------------------------------------------------------------------

# Keys as the registries write them, lower-cased, mapped to our fields.
_KEYS: dict[str, str] = {
    # TCI (.ru, .su, .рф)
    "created": "created",
    "paid-till": "expires",
    "free-date": "free_date",
    "state": "state",
    "org": "org",
    "taxpayer-id": "taxpayer_id",
    "registrar": "registrar",
    "nserver": "nserver",
    # ICANN gTLD format (.com, .org, new gTLDs)
    "creation date": "created",
    "registry expiry date": "expires",
    "registrar registration expiration date": "expires",
    "updated date": "updated",
    "domain status": "state",
    "name server": "nserver",
    "registrant organization": "org",
    "registrant country": "country",
    # older and national formats
    "created on": "created",
    "creation-date": "created",
    "registered": "created",
    "registered on": "created",
    "registration date": "created",
    "registration time": "created",
    "domain created": "created",
    "domain registered": "created",
    "record created": "created",
    "created date": "created",
    "expiration date": "expires",
    "expiry date": "expires",
    "expires": "expires",
    "expires on": "expires",
    "expiration time": "expires",
    "paid-till date": "expires",
    "last updated": "updated",
    "last modified": "updated",
    "last-update": "updated",
    "modified": "updated",
    "changed": "updated",
    "updated": "updated",
    "status": "state",
    "registrar name": "registrar",
    "sponsoring registrar": "registrar",
    "current registar": "registrar",
    "current registrar": "registrar",
    "nameserver": "nserver",
    "nameservers": "nserver",
    "nserver name": "nserver",
    "primary server": "nserver",
    "secondary server": "nserver",
    "name servers": "nserver",
    "organization name": "org",
    "registrant": "org",
    "country": "country",
    "country code": "country",
}

_NOT_FOUND = re.compile(
    r"no entries found|no match for|not found|no data found|no matching record|object does not exist"
    r"|status:\s*(?:free|available)|is available for|nothing found",
    re.IGNORECASE,
)
_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9 ._/-]{0,60}?)\s*(?:\.{2,})?\s*:\s*(.*?)\s*$")
_MONTHS = {
    m: i
    for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)
}
_ISO_DATE = re.compile(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})")
_DMY = re.compile(r"\b(\d{1,2})[-./](\d{1,2})[-./](\d{4})\b")
_NAMED_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?[- ]([A-Za-z]{3})[A-Za-z]*[- ,]+(\d{4})\b")
_MONTH_FIRST = re.compile(r"\b([A-Za-z]{3})[A-Za-z]*\.? (\d{1,2}),? (?:\d{1,2}:\d{2}:\d{2} )?(?:[A-Z]{3,4} )?(\d{4})\b")
_MAX_PARSE_CHARS = 256 * 1024


def parse_date(text: str) -> date | None:
    """Whois dates in the formats registries use; ``None`` for anything else (never raises)."""
    text = text.strip()
    candidates: list[tuple[int, int, int]] = []
    if match := _ISO_DATE.search(text):
        candidates.append((int(match.group(1)), int(match.group(2)), int(match.group(3))))
    elif match := _DMY.search(text):
        candidates.append((int(match.group(3)), int(match.group(2)), int(match.group(1))))
    elif match := _NAMED_MONTH.search(text):
        month = _MONTHS.get(match.group(2).lower())
        if month:
            candidates.append((int(match.group(3)), month, int(match.group(1))))
    elif match := _MONTH_FIRST.search(text):
        month = _MONTHS.get(match.group(1).lower())
        if month:
            candidates.append((int(match.group(3)), month, int(match.group(2))))
    for year, month, day in candidates:
        if 1985 <= year <= 2200:
            try:
                return date(year, month, day)
            except ValueError:
                return None
    return None


def _detect_format(text: str) -> str:
    lowered = text[:4000].lower()
    if "tci whois" in lowered or "source:        tci" in lowered or re.search(r"^paid-till:", lowered, re.M):
        return "tci"
    if "registry domain id:" in lowered or "creation date:" in lowered:
        return "icann"
    if "nominet" in lowered:
        return "nominet"
    if "denic" in lowered:
        return "denic"
    return "generic"


def _nominet_blocks(lines: list[str]) -> dict[str, list[str]]:
    """Nominet (.uk) puts values on the lines below an indented ``Label:`` heading, up to a blank line."""
    values: dict[str, list[str]] = {}
    for index, line in enumerate(lines):
        heading = line.strip().lower()
        if heading.endswith(":") and heading[:-1] in ("registrar", "registrant", "name servers"):
            block = []
            for following in lines[index + 1 : index + 20]:
                if not following.strip():
                    break
                block.append(following.strip())
            values[heading[:-1]] = block
    return values


def parse_whois(text: str, domain: str = "") -> WhoisRecord:
    """Parse a raw whois answer of any zone we know. Never raises on malformed input."""
    text = (text or "")[:_MAX_PARSE_CHARS]
    record = WhoisRecord(domain=domain, found=True, format=_detect_format(text))
    lines = text.splitlines()
    fields: dict[str, list[str]] = {}
    for line in lines:
        if line.lstrip().startswith(("%", "#", ">>>")):
            continue
        match = _LINE.match(line)
        if not match:
            continue
        key = " ".join(match.group(1).lower().split())
        target = _KEYS.get(key)
        if key == "state" and record.format != "tci":
            target = None  # a province elsewhere (.kz), the domain's state only in TCI answers
        value = match.group(2).strip()
        if target and value:
            fields.setdefault(target, []).append(value)

    nominet = _nominet_blocks(lines) if record.format == "nominet" else {}
    if (not fields and not nominet) or (_NOT_FOUND.search(text[:2000]) and "created" not in fields):
        record.found = False
        return record

    def first(name: str) -> str | None:
        values = fields.get(name)
        return values[0] if values else None

    record.created = _first_date(fields.get("created"))
    record.expires = _first_date(fields.get("expires"))
    record.updated = _first_date(fields.get("updated"))
    record.registrar = first("registrar") or next(iter(nominet.get("registrar", [])), None)
    if record.registrar:
        record.registrar = record.registrar.split("[Tag =")[0].strip()
    record.org = first("org") or next(iter(nominet.get("registrant", [])), None)
    taxpayer = first("taxpayer_id")
    if taxpayer and re.fullmatch(r"\d{10}|\d{12}", taxpayer.strip()):
        record.taxpayer_id = taxpayer.strip()
    for value in fields.get("state", []):
        for part in re.split(r",\s*", value):
            state = part.split(" ", 1)[0].strip() if ("http" in part or " - " in part) else part.strip()
            if state and state not in record.states:
                record.states.append(state)
    for value in fields.get("nserver", []) + nominet.get("name servers", []):
        server = value.split()[0].rstrip(".").lower()
        if server and server not in record.name_servers:
            record.name_servers.append(server)
    record.registrant_country = first("country")
    return record


def _first_date(values: list[str] | None) -> date | None:
    for value in values or []:
        parsed = parse_date(value)
        if parsed is not None:
            return parsed
    return None

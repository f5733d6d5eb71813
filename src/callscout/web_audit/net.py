"""Bounded, safe HTTP for the website audit.

Vendor sites are untrusted. Every connection goes through ``GuardedBackend``: the host name is
resolved here, every resolved address is checked, and the socket is opened to the checked address
itself, so a DNS answer cannot change between the check and the connection (DNS rebinding). Every
response is read as a stream with a byte cap that counts decoded bytes, with our own bounded
gzip/deflate decoder (httpx's decoder inflates a whole chunk at once, which a bomb turns into
hundreds of megabytes), and every request, redirects included, runs under one deadline.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
import zlib
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from callscout import __version__
from callscout.web_audit.parse import ascii_host

USER_AGENT = (
    f"CallScout/{__version__} (vendor website audit for a call-center buyer; +https://pypi.org/project/callscout/)"
)
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
# A ratio this high between decoded and transferred bytes is no honest page: it is a compression bomb.
BOMB_RATIO = 100
_READ_STEP = 64 * 1024


RedirectPolicy = Callable[[str], Awaitable[str | None]]


async def follow_any(_url: str) -> str | None:
    return None


class AddressRefused(OSError):
    """A host resolved to an address the audit must not reach without the user's explicit consent."""

    def __init__(self, host: str, address: str, reason: str) -> None:
        super().__init__(f"{host} -> {address} ({reason})")
        self.host = host
        self.address = address
        self.reason = reason


def address_problem(address: str) -> str | None:
    """Why this IP address is not on the public internet, or None when it is."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        # An IPv4 address wrapped in IPv6 reaches the IPv4 host: judge the inner one.
        inner = ip.ipv4_mapped or ip.sixtofour
        if inner is not None:
            ip = inner
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_private:
        return "private"
    if ip.is_reserved or not ip.is_global:
        return "reserved"
    return None


def parse_host_overrides(entries: Iterable[str] | Mapping[str, str]) -> dict[str, tuple[str, int]]:
    """``host=addr:port`` (or a mapping host -> ``addr:port``), like curl's ``--resolve``."""
    pairs = entries.items() if isinstance(entries, Mapping) else (_split_override(entry) for entry in entries)
    result: dict[str, tuple[str, int]] = {}
    for host, target in pairs:
        address, _, port = target.strip().rpartition(":")
        if not address or not port.isdigit():
            raise ValueError(f"host override {host}={target}: expected ADDRESS:PORT")
        ipaddress.ip_address(address.strip("[]"))
        result[ascii_host(host)] = (address.strip("[]"), int(port))
    return result


def _split_override(entry: str) -> tuple[str, str]:
    host, separator, target = entry.partition("=")
    if not separator:
        raise ValueError(f"host override {entry!r}: expected HOST=ADDRESS:PORT")
    return host, target


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves, checks every address, then connects to the checked address (never re-resolving).

    Addresses from the override map are trusted: the user (or the demo) named them explicitly.
    """

    def __init__(self, *, allow_private_network: bool, overrides: Mapping[str, tuple[str, int]]) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._allow_private = allow_private_network
        self._overrides = {ascii_host(host): target for host, target in overrides.items()}

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        override = self._overrides.get(ascii_host(host))
        if override is not None:
            addresses = [override[0]]
            port = override[1]
        else:
            addresses = await self._resolve(host, port)
        last_error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last_error = error
        raise last_error or httpcore.ConnectError(f"no address for {host}")

    async def _resolve(self, host: str, port: int) -> list[str]:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as error:
            raise httpcore.ConnectError(f"cannot resolve {host}: {error.strerror}") from error
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        if not self._allow_private:
            # Every address must be public: a name that resolves to both a public and a private
            # address is exactly how rebinding attacks reach internal services.
            for address in addresses:
                reason = address_problem(address)
                if reason is not None:
                    raise AddressRefused(host, address, reason)
        return addresses

    async def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not used by the audit")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


@cache
def _ssl_context(verify: bool, trusted_ca: str | None = None) -> ssl.SSLContext:
    # Loading the CA bundle takes tens of milliseconds; one context per process serves every site.
    context = httpx.create_ssl_context(verify=verify, trust_env=False)
    if verify and trusted_ca is not None:
        # One more authority beside the system's (the demo's own CA for its local sites): every
        # other site is still judged by the public ones, so its certificate errors stay findings.
        context.load_verify_locations(cafile=trusted_ca)
    return context


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport with its connection pool rebuilt on the guarded backend.

    httpx does not take a network backend as an argument; replacing ``_pool`` keeps every other
    behaviour of the stock transport (request/response mapping, exceptions) instead of copying it.
    """

    def __init__(
        self,
        *,
        verify: bool,
        allow_private_network: bool,
        overrides: Mapping[str, tuple[str, int]],
        max_connections: int,
        trusted_ca: str | None = None,
    ) -> None:
        ssl_context = _ssl_context(verify, trusted_ca)
        super().__init__(verify=ssl_context, trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            keepalive_expiry=5.0,
            network_backend=GuardedBackend(allow_private_network=allow_private_network, overrides=overrides),
        )


@dataclass
class FetchError:
    """Why a fetch produced no usable body; ``code`` is stable, ``detail`` is for people."""

    code: str
    detail: str


@dataclass
class RawResponse:
    url: str
    status_code: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    redirects: list[str] = field(default_factory=list)
    error: FetchError | None = None
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def content_type(self) -> str | None:
        value = self.headers.get("content-type")
        return value.split(";", 1)[0].strip().lower() if value else None

    @property
    def header_charset(self) -> str | None:
        value = self.headers.get("content-type", "")
        for part in value.split(";")[1:]:
            name, _, charset = part.partition("=")
            if name.strip().lower() == "charset" and charset.strip():
                return charset.strip().strip("\"'").lower()
        return None


class BoundedDecoder:
    """gzip/deflate decoding that never produces more than the caller asks for in one step."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        # 47 = 32 + 15: accept both gzip and zlib headers; raw deflate is tried if that fails.
        self._decompressor = zlib.decompressobj(47) if encoding else None
        self._raw_deflate_tried = False

    def decode(self, data: bytes, limit: int) -> tuple[bytes, int]:
        """Decoded bytes (at most ``limit + 1``) and how many input bytes were left undecoded."""
        if self._decompressor is None:
            return data, 0
        output = bytearray()
        pending = data
        while pending and len(output) <= limit:
            try:
                chunk = self._decompressor.decompress(pending, limit + 1 - len(output))
            except zlib.error:
                if self.encoding == "deflate" and not self._raw_deflate_tried and not output:
                    self._raw_deflate_tried = True
                    self._decompressor = zlib.decompressobj(-15)
                    continue
                raise
            output += chunk
            if self._decompressor.unconsumed_tail:
                pending = self._decompressor.unconsumed_tail
            elif self._decompressor.eof and self._decompressor.unused_data:
                # Concatenated gzip members are legal and each needs a fresh decompressor.
                pending = self._decompressor.unused_data
                self._decompressor = zlib.decompressobj(47)
            else:
                pending = b""
        return bytes(output), len(pending)


class SafeFetcher:
    """One site's HTTP: safe connections, bounded bodies, redirects under a policy."""

    def __init__(
        self,
        *,
        allow_private_network: bool = False,
        overrides: Mapping[str, tuple[str, int]] | None = None,
        request_timeout: float = 15.0,
        connect_timeout: float = 10.0,
        max_redirects: int = 5,
        max_connections: int = 4,
        user_agent: str = USER_AGENT,
        tolerate_bad_certificate: bool = True,
        trusted_ca: Path | str | None = None,
    ) -> None:
        self.request_timeout = request_timeout
        self.max_redirects = max_redirects
        self.tolerate_bad_certificate = tolerate_bad_certificate
        self.tls: dict[str, Any] = {}
        self._overrides = dict(overrides or {})
        self._allow_private = allow_private_network
        self._max_connections = max_connections
        self._trusted_ca = str(trusted_ca) if trusted_ca is not None else None
        self._timeout = httpx.Timeout(request_timeout, connect=connect_timeout)
        self._headers = {
            "User-Agent": user_agent,
            "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.5",
            "Accept-Language": "ru,en;q=0.7",
            # Only what BoundedDecoder can inflate under a cap.
            "Accept-Encoding": "gzip, deflate",
        }
        self._verified = self._client(verify=True)
        self._unverified: httpx.AsyncClient | None = None
        self._bad_certificate_hosts: set[str] = set()

    def _client(self, *, verify: bool) -> httpx.AsyncClient:
        transport = GuardedTransport(
            verify=verify,
            allow_private_network=self._allow_private,
            overrides=self._overrides,
            max_connections=self._max_connections,
            trusted_ca=self._trusted_ca,
        )
        return httpx.AsyncClient(
            transport=transport, headers=self._headers, timeout=self._timeout, follow_redirects=False, trust_env=False
        )

    async def aclose(self) -> None:
        await self._verified.aclose()
        if self._unverified is not None:
            await self._unverified.aclose()

    async def fetch(self, url: str, *, max_bytes: int, may_follow: RedirectPolicy) -> RawResponse:
        """GET ``url`` following at most ``max_redirects`` redirects that ``may_follow`` allows.

        ``may_follow(target)`` returns None to follow, or the code of the refusal.
        """
        chain: list[str] = []
        current = url
        try:
            async with asyncio.timeout(self.request_timeout):
                for _hop in range(self.max_redirects + 1):
                    response = await self._get(current, max_bytes)
                    location = response.headers.get("location")
                    if response.status_code not in REDIRECT_CODES or not location or response.error is not None:
                        response.redirects = chain
                        return response
                    target = urljoin(current, location.strip()).split("#", 1)[0]
                    chain.append(current)
                    if target in chain or target == current:
                        return _failed(url, chain, "redirect_loop", " -> ".join([*chain, target]))
                    if urlsplit(target).scheme not in ("http", "https"):
                        return _failed(url, chain, "redirect_refused", target)
                    refusal = await may_follow(target)
                    if refusal is not None:
                        return _failed(url, chain, refusal, target)
                    current = target
                return _failed(url, chain, "too_many_redirects", " -> ".join(chain))
        except TimeoutError:
            return _failed(url, chain, "timeout", f"{self.request_timeout:g} s")

    async def _get(self, url: str, max_bytes: int) -> RawResponse:
        host = (urlsplit(url).hostname or "").lower()
        client = self._verified
        if host in self._bad_certificate_hosts and self._unverified is not None:
            client = self._unverified
        try:
            return await self._stream(client, url, max_bytes)
        except AddressRefused as error:
            return _failed(url, [], "private_address", str(error))
        except httpx.ConnectError as error:
            problem = certificate_problem(error)
            if problem is not None and url.startswith("https:"):
                self.tls.setdefault(host, {"certificate_valid": False, "error": str(error)[:300], "problem": problem})
                if self.tolerate_bad_certificate:
                    # The buyer still needs the audit of a site with a broken certificate; the
                    # certificate itself becomes a finding of its own (site_basics).
                    self._bad_certificate_hosts.add(host)
                    if self._unverified is None:
                        self._unverified = self._client(verify=False)
                    return await self._stream(self._unverified, url, max_bytes)
                return _failed(url, [], "tls_error", str(error))
            return _failed(url, [], "connect_error", str(error) or type(error).__name__)
        except httpx.TimeoutException as error:
            return _failed(url, [], "timeout", type(error).__name__)
        except httpx.InvalidURL as error:
            return _failed(url, [], "invalid_url", str(error))
        except (httpx.HTTPError, httpcore.ProtocolError, ssl.SSLError, OSError, ValueError) as error:
            # Garbage instead of HTTP, resets mid-body, bad chunking: the site is at fault, we go on.
            return _failed(url, [], "protocol_error", f"{type(error).__name__}: {error}"[:300])

    async def _stream(self, client: httpx.AsyncClient, url: str, max_bytes: int) -> RawResponse:
        async with client.stream("GET", url) as response:
            headers = {key.lower(): value for key, value in response.headers.items()}
            result = RawResponse(url=url, status_code=response.status_code, headers=headers)
            if url.startswith("https:"):
                host = (urlsplit(url).hostname or "").lower()
                details = self.tls.setdefault(host, {"certificate_valid": True, "error": None})
                if "not_after" not in details:
                    # The first response over a connection to this host (also the tolerant retry
                    # after a failed verification) tells when the certificate expires.
                    details.update(_peer_certificate(response))
            if response.status_code in REDIRECT_CODES:
                return result
            declared = headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes and not headers.get("content-encoding"):
                result.error = FetchError("too_large", f"Content-Length {declared} > {max_bytes}")
                return result
            encoding = headers.get("content-encoding", "").strip().lower()
            if encoding in ("identity", ""):
                encoding = ""
            elif encoding == "x-gzip":
                encoding = "gzip"
            elif encoding not in ("gzip", "deflate"):
                result.error = FetchError("unsupported_encoding", encoding)
                return result
            decoder = BoundedDecoder(encoding)
            body = bytearray()
            raw_total = 0
            try:
                async for raw in response.aiter_raw(_READ_STEP):
                    raw_total += len(raw)
                    decoded, left_over = decoder.decode(raw, max_bytes - len(body))
                    body += decoded
                    if len(body) > max_bytes or left_over:
                        ratio = len(body) / max(raw_total - left_over, 1)
                        code = "decompression_bomb" if encoding and ratio >= BOMB_RATIO else "too_large"
                        result.error = FetchError(
                            code, f"> {max_bytes} bytes after {raw_total} transferred ({encoding or 'identity'})"
                        )
                        return result
            except zlib.error as error:
                result.error = FetchError("bad_compression", str(error))
                return result
            result.body = bytes(body)
            return result


def _failed(url: str, chain: list[str], code: str, detail: str) -> RawResponse:
    return RawResponse(url=url, redirects=list(chain), error=FetchError(code, detail))


# OpenSSL's X509_V_ERR_* codes a buyer can act on; anything else is "untrusted".
_VERIFY_PROBLEMS = {
    9: "not_yet_valid",
    10: "expired",
    18: "self_signed",
    19: "self_signed",
    23: "revoked",
    62: "hostname_mismatch",
}


def certificate_problem(error: BaseException) -> str | None:
    """Why certificate verification failed (``expired``, ``hostname_mismatch``, ``self_signed``,
    ``untrusted``...), or None when the error is not about the certificate."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return _VERIFY_PROBLEMS.get(seen.verify_code, "untrusted")
        if "CERTIFICATE_VERIFY_FAILED" in str(seen):
            text = str(seen)
            if "expired" in text:
                return "expired"
            if "Hostname mismatch" in text or "IP address mismatch" in text:
                return "hostname_mismatch"
            return "self_signed" if "self-signed" in text or "self signed" in text else "untrusted"
        seen = seen.__cause__ or seen.__context__
    return None


def _peer_certificate(response: httpx.Response) -> dict[str, str]:
    """Expiry and issuer of the certificate the connection presented (empty when unknown)."""
    stream = response.extensions.get("network_stream")
    ssl_object = stream.get_extra_info("ssl_object") if stream is not None else None
    if ssl_object is None:
        return {}
    certificate = ssl_object.getpeercert()
    if not certificate:
        # An unverified connection (the tolerant retry): the standard library decodes nothing, so
        # the expiry comes from the certificate's own bytes.
        expires = der_not_after(ssl_object.getpeercert(binary_form=True) or b"")
        return {"not_after": expires.date().isoformat()} if expires is not None else {}
    details: dict[str, str] = {}
    if certificate.get("notAfter"):
        expires = datetime.fromtimestamp(ssl.cert_time_to_seconds(str(certificate["notAfter"])), UTC)
        details["not_after"] = expires.date().isoformat()
    issuer = [f"{name}={value}" for part in certificate.get("issuer", ()) for name, value in part]
    if issuer:
        details["issuer"] = ", ".join(issuer)
    return details


def der_not_after(der: bytes) -> datetime | None:
    """The notAfter time of a DER X.509 certificate, or None when the bytes are not one.

    Certificate = SEQUENCE { tbsCertificate = SEQUENCE { [0] version OPTIONAL, serialNumber,
    signature, issuer, validity = SEQUENCE { notBefore, notAfter }, ... }, ... } (RFC 5280).
    """
    try:
        _tag, certificate, _end = _der_item(der, 0)
        _tag, position, _end = _der_item(der, certificate)  # tbsCertificate
        tag, _start, end = _der_item(der, position)
        if tag == 0xA0:  # the explicit version is optional
            position = end
        for _field in ("serialNumber", "signature", "issuer"):
            _tag, _start, position = _der_item(der, position)
        tag, validity, _end = _der_item(der, position)
        _tag, _start, position = _der_item(der, validity)  # notBefore
        tag, start, end = _der_item(der, position)
        text = der[start:end].decode("ascii")
    except (IndexError, ValueError):
        return None
    formats = {0x17: "%y%m%d%H%M%SZ", 0x18: "%Y%m%d%H%M%SZ"}  # UTCTime, GeneralizedTime
    if tag not in formats:
        return None
    try:
        return datetime.strptime(text, formats[tag]).replace(tzinfo=UTC)
    except ValueError:
        return None


def _der_item(data: bytes, position: int) -> tuple[int, int, int]:
    """(tag, start of content, end of content) of the DER item at ``position``."""
    tag, length = data[position], data[position + 1]
    start = position + 2
    if length & 0x80:
        size = length & 0x7F
        if not 0 < size <= 4:
            raise ValueError("unsupported DER length")
        length = int.from_bytes(data[start : start + size], "big")
        start += size
    end = start + length
    if end > len(data):
        raise ValueError("truncated DER item")
    return tag, start, end

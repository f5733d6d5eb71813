"""A throwaway certificate authority for the local site server (the demo and the tests).

The demo's well-run vendors must look well run: their sites are served over HTTPS with
certificates this module issues, and the crawler trusts the CA only when its options name the
CA file (``CrawlOptions.trusted_ca``). The certificates are made with the ``openssl`` command
(Debian package openssl), each with its own validity window, so tests can also serve an expired
certificate or one issued for another host and check what the audit says about it.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from callscout.errors import UsageError
from callscout.i18n import msg

_OPENSSL_TIMEOUT_S = 30
# ECDSA P-256 keys take milliseconds to make; RSA keys would take a good part of a second each.
_KEY_OPTIONS = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
# `openssl ca` is the one openssl 3.0 command that takes explicit start and end dates (an expired
# certificate for the tests); it wants a database and a policy, kept here beside the CA.
_CONFIG = """\
[ca]
default_ca = local
[local]
database = {folder}/index.txt
new_certs_dir = {folder}/issued
rand_serial = yes
default_md = sha256
policy = any_name
unique_subject = no
copy_extensions = none
[any_name]
commonName = supplied
[req]
distinguished_name = subject
prompt = no
[subject]
CN = {name}
[authority]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
"""
_SITE_EXTENSIONS = """\
[site]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = {names}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""


@dataclass(frozen=True)
class Certificate:
    """A site certificate and its private key, as PEM files."""

    certificate: Path
    key: Path


class LocalCA:
    """A certificate authority in ``folder``: ``ca.pem`` is what a client must trust."""

    def __init__(self, folder: Path, name: str = "CallScout demo CA", valid_days: int = 30) -> None:
        self.folder = Path(folder)
        (self.folder / "issued").mkdir(parents=True, exist_ok=True)
        (self.folder / "index.txt").touch()
        self.certificate = self.folder / "ca.pem"
        self._key = self.folder / "ca.key"
        self._config = self.folder / "openssl.cnf"
        self._config.write_text(_CONFIG.format(folder=self.folder, name=_config_value(name)), encoding="utf-8")
        self._issued = 0
        _openssl(
            "req",
            "-x509",
            "-config",
            str(self._config),
            "-extensions",
            "authority",
            *_KEY_OPTIONS,
            "-keyout",
            str(self._key),
            "-out",
            str(self.certificate),
            "-days",
            str(valid_days),
        )

    def issue(
        self,
        hosts: Iterable[str],
        *,
        not_before: datetime | None = None,
        not_after: datetime | None = None,
    ) -> Certificate:
        """A server certificate for ``hosts`` (the first is its common name), valid 90 days by default."""
        names = [host.lower() for host in hosts]
        if not names:
            raise ValueError("a certificate needs at least one host name")
        start = not_before or datetime.now(UTC) - timedelta(hours=1)
        end = not_after or start + timedelta(days=90)
        self._issued += 1
        stem = self.folder / f"site-{self._issued}"
        extensions = stem.with_suffix(".ext")
        extensions.write_text(
            _SITE_EXTENSIONS.format(names=", ".join(f"DNS:{_config_value(name)}" for name in names)), encoding="utf-8"
        )
        certificate, key, request = stem.with_suffix(".pem"), stem.with_suffix(".key"), stem.with_suffix(".csr")
        _openssl(
            "req",
            "-new",
            "-config",
            str(self._config),
            "-subj",
            f"/CN={names[0]}",
            *_KEY_OPTIONS,
            "-keyout",
            str(key),
            "-out",
            str(request),
        )
        _openssl(
            "ca",
            "-batch",
            "-notext",
            "-config",
            str(self._config),
            "-cert",
            str(self.certificate),
            "-keyfile",
            str(self._key),
            "-extfile",
            str(extensions),
            "-extensions",
            "site",
            "-startdate",
            _asn1_time(start),
            "-enddate",
            _asn1_time(end),
            "-in",
            str(request),
            "-out",
            str(certificate),
        )
        return Certificate(certificate=certificate, key=key)


def site_certificates(ca: LocalCA, hosts: Iterable[str]) -> dict[str, Certificate]:
    """One certificate per site, valid for its name with and without ``www.``, keyed by both names."""
    certificates: dict[str, Certificate] = {}
    for host in sorted({host.lower().removeprefix("www.") for host in hosts if host}):
        certificate = ca.issue([host, f"www.{host}"])
        certificates[host] = certificates[f"www.{host}"] = certificate
    return certificates


def _openssl(*arguments: str) -> None:
    executable = shutil.which("openssl")
    if executable is None:
        raise UsageError(msg("web_audit.localtls.openssl_program_package_openssl_is_missing"))
    completed = subprocess.run(
        [executable, *arguments], capture_output=True, text=True, timeout=_OPENSSL_TIMEOUT_S, check=False
    )
    if completed.returncode != 0:
        raise UsageError(
            msg("web_audit.localtls.openssl_failed", command=arguments[0]),
            details=completed.stderr.strip().splitlines()[-5:],
        )


def _asn1_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%d%H%M%SZ")


def _config_value(text: str) -> str:
    # Host names and the CA name come from our own code, but a stray character must not rewrite the config.
    if any(character in text for character in "\n\r$,=[]#\"'\\"):
        raise ValueError(f"not usable in a certificate: {text!r}")
    return text

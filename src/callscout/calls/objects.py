"""The call store's Parquet files on an S3-compatible object store, where a cluster can read them.

``CALLSCOUT_CALLS_URL=s3://bucket/prefix`` puts the layout (``v<vendor id>/calls-<token>.parquet``, the
manifest in the SQL store) under that prefix; ``CALLSCOUT_S3_ENDPOINT`` (or botocore's own
``AWS_ENDPOINT_URL``) names a server other than AWS (MinIO, Ceph, Yandex Object Storage), credentials come
from the usual AWS variables or files. An import still stages and checks its rows on local disk; its files
are uploaded under ``tmp/<token>/`` and copied into place only while the manifest row commits, so a reader,
which only reads what the manifest lists, never sees a half-imported file. DuckDB reads the objects
through s3fs registered as an fsspec filesystem: no DuckDB extension is installed or downloaded.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from callscout.errors import UsageError
from callscout.i18n import msg

# Objects under tmp/ older than this belong to an import that died: nothing in flight takes so long.
STALE_AFTER = timedelta(hours=6)


def calls_url() -> str | None:
    return os.environ.get("CALLSCOUT_CALLS_URL") or None


@dataclass
class ObjectStore:
    bucket: str
    prefix: str
    fs: Any

    @classmethod
    def from_url(cls, url: str) -> ObjectStore:
        parts = urlsplit(url)
        if parts.scheme not in ("s3", "s3a") or not parts.netloc:
            raise UsageError(msg("calls.objects.callscout_calls_url_expected_s3_bucket", url=url))
        try:
            import s3fs
        except ImportError as error:
            raise UsageError(msg("calls.objects.callscout_calls_url_s3_needs_s3fs")) from error
        endpoint = os.environ.get("CALLSCOUT_S3_ENDPOINT") or os.environ.get("AWS_ENDPOINT_URL")
        # No listing cache: another machine's import must be visible to the next read here.
        fs = s3fs.S3FileSystem(endpoint_url=endpoint, use_listings_cache=False, skip_instance_cache=True)
        return cls(parts.netloc, parts.path.strip("/"), fs)

    def key(self, relative: str) -> str:
        return "/".join(part for part in (self.bucket, self.prefix, relative) if part)

    def url(self, relative: str, scheme: str = "s3") -> str:
        return f"{scheme}://{self.key(relative)}"

    def root(self, scheme: str = "s3") -> str:
        return f"{scheme}://{self.key('')}".rstrip("/")

    def put(self, local: Path, relative: str) -> None:
        self.fs.put_file(str(local), self.key(relative))

    def copy(self, source: str, target: str) -> None:
        self.fs.cp_file(self.key(source), self.key(target))  # copy() would read [ ] in a key as a glob

    def remove(self, relatives: list[str]) -> None:
        for relative in relatives:
            try:
                self.fs.rm_file(self.key(relative))
            except FileNotFoundError:
                continue

    def listing(self, under: str = "") -> dict[str, datetime]:
        """Every object under the prefix (under ``under`` in it): relative key -> last modified (UTC)."""
        base = self.key("")
        folder = self.key(under)
        found: dict[str, datetime] = {}
        try:
            details = self.fs.find(folder, detail=True)
        except FileNotFoundError:
            return found
        for key, info in details.items():
            modified = info.get("LastModified") or datetime.now(UTC)
            found[key.removeprefix(base).lstrip("/")] = modified
        return found

    def stale(self, modified: datetime) -> bool:
        return datetime.now(UTC) - modified.astimezone(UTC) > STALE_AFTER

    def register(self, connection: Any) -> None:
        """Let DuckDB read s3:// through this filesystem (and never try to download httpfs for it)."""
        connection.execute("SET autoinstall_known_extensions = false")
        connection.execute("SET autoload_known_extensions = false")
        if "s3" not in connection.list_filesystems():
            connection.register_filesystem(self.fs)

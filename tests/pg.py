"""A throwaway PostgreSQL server for tests, started with initdb/pg_ctl when they are installed."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _postgres_bin() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def unavailable_reason() -> str | None:
    if _postgres_bin() is None:
        return "PostgreSQL server binaries (initdb, pg_ctl) are not installed"
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        return "psycopg2 is not installed"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser: initdb refuses root"
    return None


@contextmanager
def temporary_postgres() -> Iterator[str]:
    """Yield a SQLAlchemy URL of a fresh server on 127.0.0.1; the server and its files go afterwards."""
    binaries = _postgres_bin()
    assert binaries is not None
    directory = Path(tempfile.mkdtemp(prefix="callscout-pg-"))
    data = directory / "data"
    port = _free_port()
    prefix: list[str] = []
    if os.geteuid() == 0:
        # initdb refuses to run as root; the Debian package's postgres user owns the cluster instead.
        shutil.chown(directory, "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]

    def run(*arguments: str) -> None:
        subprocess.run([*prefix, *arguments], check=True, capture_output=True, timeout=120)

    run(str(binaries / "initdb"), "-D", str(data), "-U", "callscout", "--auth=trust", "-E", "UTF8")
    options = f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off"
    run(str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(directory / "log"), "start")
    try:
        yield f"postgresql+psycopg2://callscout@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(directory, ignore_errors=True)

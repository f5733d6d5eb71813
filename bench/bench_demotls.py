"""What HTTPS costs the demo: the six demo sites crawled over TLS (demo CA, SNI) against the same
sites over plain HTTP, in the same process, plus the time to make the throwaway CA and certificates.

The crawl runs without checks (the checks' cost does not change with the scheme) and the site
server runs in this process, so the CPU figures count both sides of every connection. The peer is
the plain-HTTP crawl; ``tls_over_plain`` is the ratio to watch (the demo's ~15 s barely moves
while it stays small, since the crawl is well under a second of it).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from callscout import evalfile
from callscout.demo import demo_evaluation_path, demo_sites, demo_sites_path
from callscout.web_audit.audit import audit_sites
from callscout.web_audit.crawler import CrawlOptions
from callscout.web_audit.localtls import LocalCA, site_certificates
from callscout.web_audit.siteserver import SiteServer

ROUNDS = 5


def _best(action: Callable[[], object]) -> tuple[float, float]:
    """Best wall and CPU seconds of ROUNDS runs."""
    walls, cpus = [], []
    for _ in range(ROUNDS):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def run() -> dict:
    evaluation = evalfile.load(demo_evaluation_path())
    https_urls = [vendor.website or "" for vendor in evaluation.vendors]
    plain_urls = [url.replace("https://", "http://") for url in https_urls]
    pages: dict[str, int] = {}

    def crawl(urls: list[str], options: CrawlOptions, label: str) -> None:
        audits = audit_sites(urls, options, checks=[])
        pages[label] = sum(audit.pages_fetched for audit in audits)

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        authority = LocalCA(Path(folder))
        site_certificates(authority, [url.split("/")[2] for url in https_urls if url.startswith("https:")])
        setup_s = time.perf_counter() - started
    with SiteServer(demo_sites_path()) as server:
        plain_options = CrawlOptions(host_overrides=server.overrides)
        plain_wall, plain_cpu = _best(lambda: crawl(plain_urls, plain_options, "plain"))
    with demo_sites(evaluation) as sites:
        tls_options = sites.crawl_options()
        tls_wall, tls_cpu = _best(lambda: crawl(https_urls, tls_options, "tls"))
    return {
        "sites": len(https_urls),
        "https_sites": sum(url.startswith("https:") for url in https_urls),
        "pages_plain": pages["plain"],
        "pages_tls": pages["tls"],
        "ca_and_certificates_s": round(setup_s, 3),
        "crawl_plain_wall_s": round(plain_wall, 3),
        "crawl_tls_wall_s": round(tls_wall, 3),
        "crawl_plain_cpu_s": round(plain_cpu, 3),
        "crawl_tls_cpu_s": round(tls_cpu, 3),
        "tls_over_plain_wall": round(tls_wall / plain_wall, 2),
        "tls_over_plain_cpu": round(tls_cpu / plain_cpu, 2),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }

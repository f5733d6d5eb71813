"""``callscout demo``: the whole pipeline on bundled, fictional data, with no network."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from importlib.resources import as_file, files
from pathlib import Path
from urllib.parse import urlsplit

from callscout import evalfile, pipeline
from callscout.demo.quality import seed_quality
from callscout.legal.demo import demo_legal_services
from callscout.model import Evaluation
from callscout.pipeline import PipelineResult
from callscout.store import Store
from callscout.web_audit.crawler import CrawlOptions
from callscout.web_audit.localtls import LocalCA, site_certificates
from callscout.web_audit.siteserver import SiteServer


def demo_evaluation_path() -> Path:
    with as_file(files("callscout.demo").joinpath("data/evaluation.yaml")) as path:
        return Path(path)


def demo_sites_path() -> Path:
    with as_file(files("callscout.demo").joinpath("sites")) as path:
        return Path(path)


@dataclass(frozen=True)
class DemoSites:
    """The running demo site server: where each vendor host points and which CA to trust."""

    server: SiteServer
    overrides: dict[str, tuple[str, int]]
    trusted_ca: Path

    def crawl_options(self) -> CrawlOptions:
        return CrawlOptions(host_overrides=self.overrides, trusted_ca=self.trusted_ca)


@contextmanager
def demo_sites(evaluation: Evaluation) -> Iterator[DemoSites]:
    """Serve the demo vendors' sites on 127.0.0.1 under their own names.

    Every vendor host maps to the local server (a missing site answers 404), so the demo never goes
    online. Vendors whose website is an https:// address get a certificate from a throwaway CA made
    for this run (deleted afterwards), the others plain HTTP only: the evaluation file says which
    vendor runs its site properly, as it would for real vendors.
    """
    websites = [urlsplit(vendor.website) for vendor in evaluation.vendors if vendor.website]
    hosts = {parts.hostname or "" for parts in websites} - {""}
    https_hosts = {parts.hostname or "" for parts in websites if parts.scheme == "https"} - {""}
    with tempfile.TemporaryDirectory(prefix="callscout-demo-ca-") as folder:
        authority = LocalCA(Path(folder))
        certificates = site_certificates(authority, https_hosts)
        with SiteServer(demo_sites_path(), certificates=certificates) as server:
            overrides = {**{host: ("127.0.0.1", server.port) for host in hosts}, **server.overrides}
            yield DemoSites(server, overrides, authority.certificate)


# The demo's story is told as of one day: its sites' news, its companies' and domains' ages are counted to it, so
# the demo's figures are the same whenever it runs (tests/snapshots/demo_figures.json was taken on this day).
DEMO_DAY = date(2026, 12, 7)


def run_demo(out_dir: Path, report_formats: list[str] | None = None) -> PipelineResult:
    """``report_formats``: None for the default files (no PDF), see ``report.render.DEFAULT_FORMATS``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    evaluation = evalfile.load(demo_evaluation_path())
    # The demo keeps its own database beside its report so it never mixes with the user's evaluations.
    store = Store(f"sqlite:///{(out_dir / 'callscout-demo.db').resolve()}")
    # The vendors' websites are served from the package on 127.0.0.1 (demo_sites); the registry and
    # whois answers come from local fake servers for the same reason: the demo never goes online.
    try:
        seed_quality(store, evaluation, out_dir)
        with demo_sites(evaluation) as sites, demo_legal_services(store, today=DEMO_DAY) as legal_services:
            # The same switch as ``callscout evaluate --online``, pointed at the local servers.
            options = pipeline.online_options(crawl=sites.crawl_options(), legal_services=legal_services)
            options = replace(options.with_formats(report_formats), today=DEMO_DAY)
            return pipeline.run(evaluation, store, out_dir, source_path=str(demo_evaluation_path()), options=options)
    finally:
        store.close()

"""``callscout demo``: the whole pipeline on bundled, fictional data, with no network."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path
from urllib.parse import urlsplit

from callscout import evalfile, pipeline
from callscout.demo.quality import seed_quality
from callscout.legal.demo import demo_legal_services
from callscout.pipeline import PipelineResult
from callscout.store import Store
from callscout.web_audit.crawler import CrawlOptions
from callscout.web_audit.siteserver import SiteServer
from callscout.web_audit.stage import CRAWL_OPTIONS, NETWORK_OPTION


def demo_evaluation_path() -> Path:
    with as_file(files("callscout.demo").joinpath("data/evaluation.yaml")) as path:
        return Path(path)


def demo_sites_path() -> Path:
    with as_file(files("callscout.demo").joinpath("sites")) as path:
        return Path(path)


def run_demo(out_dir: Path) -> PipelineResult:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    evaluation = evalfile.load(demo_evaluation_path())
    # The demo keeps its own database beside its report so it never mixes with the user's evaluations.
    store = Store(f"sqlite:///{(out_dir / 'callscout-demo.db').resolve()}")
    # The vendors' websites are served from the package on 127.0.0.1 under their own names: every
    # vendor host maps to the local server (a missing site answers 404), so the demo never goes online.
    # The registry and whois answers come from local fake servers for the same reason.
    try:
        seed_quality(store, evaluation, out_dir)
        with SiteServer(demo_sites_path()) as server, demo_legal_services(store) as legal_services:
            hosts = {urlsplit(vendor.website).hostname or "" for vendor in evaluation.vendors if vendor.website}
            overrides = {**{host: ("127.0.0.1", server.port) for host in hosts}, **server.overrides}
            options = {
                NETWORK_OPTION: True,
                CRAWL_OPTIONS: CrawlOptions(host_overrides=overrides),
                "legal_services": legal_services,
            }
            return pipeline.run(evaluation, store, out_dir, source_path=str(demo_evaluation_path()), options=options)
    finally:
        store.close()

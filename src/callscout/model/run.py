"""What one run of the pipeline is given: the evaluation, where it keeps things, and its options.

Every stage is a function ``(RunContext, inputs) -> section``; it reads what it needs from here and never
imports the pipeline that calls it. The options are typed: one ``online`` switch for every check that may
reach the network (site audits, register, whois), the day the legal checks count ages from, the report
formats, and the services that tests and the demo point at local servers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from callscout.legal.check import LegalServices
    from callscout.legal.crosscheck import LegalThresholds
    from callscout.model.evaluation import Evaluation
    from callscout.store import Store
    from callscout.web_audit.crawler import CrawlOptions


@dataclass(frozen=True)
class RunOptions:
    """How a run goes. The defaults are a run from the command line without ``--online``: the site and legal
    checks answer from the store, and what was never checked is unknown."""

    # Site audits crawl, the register and whois are asked. Off: the store's latest answers, or "unknown".
    online: bool = False
    # The day ages (company, domain) are counted to; None: the day of the run.
    today: date | None = None
    # Report files to write (see report.render.REPORT_FORMATS); None: the defaults (no PDF).
    formats: tuple[str, ...] | None = None
    # Where the site audits go (host overrides, a trusted CA); None: the crawler's defaults.
    crawl: CrawlOptions | None = None
    # The register and whois to ask (the demo's local servers, a test's); None: the real ones when online.
    legal_services: LegalServices | None = None
    # Age thresholds of the legal cross-checks; None: the services' own.
    legal_thresholds: LegalThresholds | None = None

    def with_formats(self, formats: Iterable[str] | None) -> RunOptions:
        return replace(self, formats=tuple(formats) if formats is not None else None)

    def as_json(self) -> dict[str, Any]:
        """What the run was asked to do, kept with its result document (the services themselves are objects
        of this process: only whether they were given is kept)."""
        return {
            "online": self.online,
            "today": self.today.isoformat() if self.today is not None else None,
            "formats": list(self.formats) if self.formats is not None else None,
            "crawl": self.crawl is not None,
            "legal_services": self.legal_services is not None,
            "legal_thresholds": self.legal_thresholds is not None,
        }


@dataclass(frozen=True)
class RunContext:
    """One run: the evaluation with its id in the store, the report folder and the options."""

    evaluation: Evaluation
    evaluation_id: int
    store: Store
    out_dir: Path
    options: RunOptions = field(default_factory=RunOptions)
    # The evaluation file's folder: relative paths in it (call logs) are read from here.
    base_dir: Path = field(default_factory=Path.cwd)

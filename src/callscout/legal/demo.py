"""The offline demo's registry and whois: local fake servers loaded with the six demo vendors.

Dates in the data are written as ``@date:YYYY-MM-DD`` or ``@days_ago:N`` (whois: ``{days_ago:N}``)
so the demo's young company and young domain stay young whenever the demo is run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from importlib.resources import files
from typing import Any

from callscout.legal.check import LegalServices
from callscout.legal.fakes import FakeRegistryServer, FakeWhoisServer
from callscout.legal.registry import DadataProvider
from callscout.legal.whois import WhoisClient
from callscout.store import Store

DEMO_TOKEN = "callscout-demo"


def _millis(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp() * 1000)


def _resolve(value: Any, today: date) -> Any:
    if isinstance(value, dict):
        return {key: _resolve(item, today) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolve(item, today) for item in value]
    if isinstance(value, str) and value.startswith("@date:"):
        return _millis(date.fromisoformat(value.removeprefix("@date:")))
    if isinstance(value, str) and value.startswith("@days_ago:"):
        return _millis(today - timedelta(days=int(value.removeprefix("@days_ago:"))))
    return value


def demo_registry_records(today: date) -> dict[str, list[dict[str, Any]]]:
    data = json.loads(files("callscout.demo").joinpath("data/legal/registry.json").read_text("utf-8"))
    return _resolve(data["records"], today)


def demo_whois_answers(today: date) -> dict[str, str]:
    answers = {}
    for entry in files("callscout.demo").joinpath("data/legal/whois").iterdir():
        if not entry.name.endswith(".txt"):
            continue
        text = entry.read_text("utf-8").replace("{today}", today.isoformat())
        text = re.sub(
            r"\{days_ago:(\d+)\}", lambda match: (today - timedelta(days=int(match.group(1)))).isoformat(), text
        )
        answers[entry.name.removesuffix(".txt")] = text
    return answers


@contextmanager
def demo_legal_services(store: Store | None = None, today: date | None = None) -> Iterator[LegalServices]:
    """Fake registry and whois servers on 127.0.0.1 for as long as the demo runs."""
    today = today or datetime.now(UTC).date()
    with (
        FakeRegistryServer(demo_registry_records(today), token=DEMO_TOKEN) as registry,
        FakeWhoisServer(demo_whois_answers(today)) as whois,
    ):
        yield LegalServices(
            registry=DadataProvider(DEMO_TOKEN, base_url=registry.base_url, timeout_s=5),
            whois=WhoisClient(servers={"*": whois.address}, allow_private_network=True, timeout_s=5),
            store=store,
            network=True,
            max_age=timedelta(0),  # the demo always asks its servers, so its data can change between versions
        )

"""Legal checks: whois parsing speed against a plain ``key: value`` split (the peer), and the
end-to-end check of the six demo vendors over loopback servers, cold against a warm store cache."""

from __future__ import annotations

import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench.bench_evalfile import _best_of
from callscout import evalfile
from callscout.demo import demo_evaluation_path
from callscout.legal.check import verify_vendor
from callscout.legal.claims import VendorFacts
from callscout.legal.demo import demo_legal_services
from callscout.legal.whois import parse_whois
from callscout.store import Store

ANSWERS = Path(__file__).resolve().parents[1] / "tests" / "data" / "whois"


def _plain_split(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if ":" in line:
            key, value = line.split(":", 1)
            fields.setdefault(key.strip().lower(), value.strip())
    return fields


def run() -> dict:
    texts = [path.read_text(encoding="utf-8") for path in sorted(ANSWERS.glob("*.txt"))]
    ours = _best_of(lambda: [parse_whois(text) for text in texts])
    peer = _best_of(lambda: [_plain_split(text) for text in texts])

    evaluation = evalfile.load(demo_evaluation_path())
    vendors = [
        VendorFacts(vendor.name, vendor.inn, vendor.website, list(vendor.contacts.phones))
        for vendor in evaluation.vendors
    ]
    today = date(2026, 11, 27)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{Path(folder) / 'bench.db'}")
        try:
            with demo_legal_services(store, today=today) as services:
                started = time.perf_counter()
                for facts in vendors:
                    verify_vendor(facts, services, today=today)
                cold = time.perf_counter() - started
                services.network = False
                services.max_age = timedelta(days=1)
                started = time.perf_counter()
                for facts in vendors:
                    verify_vendor(facts, services, today=today)
                warm = time.perf_counter() - started
        finally:
            store.close()
    return {
        "whois_answers": len(texts),
        "whois_parse_all_ms": round(ours * 1000, 3),
        "peer_plain_split_all_ms": round(peer * 1000, 3),
        "ratio_parse_to_plain_split": round(ours / peer, 2),
        "vendors": len(vendors),
        "check_cold_loopback_ms_per_vendor": round(cold / len(vendors) * 1000, 2),
        "check_warm_cache_ms_per_vendor": round(warm / len(vendors) * 1000, 2),
        "ratio_cold_to_warm": round(cold / warm, 2),
    }

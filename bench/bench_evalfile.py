"""Evaluation file loading: our loader (duplicate keys refused, line numbers kept for errors)
against the plain peer ``yaml.safe_load`` + pydantic validation, on the bundled demo evaluation."""

from __future__ import annotations

import time

import yaml

from callscout import evalfile
from callscout.demo import demo_evaluation_path
from callscout.model import Evaluation


def _best_of(function, repeats: int = 5, number: int = 20) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for _ in range(number):
            function()
        best = min(best, (time.perf_counter() - started) / number)
    return best


def run() -> dict:
    text = demo_evaluation_path().read_text(encoding="utf-8")
    ours = _best_of(lambda: evalfile.parse_text(text))
    peer = _best_of(lambda: Evaluation.model_validate(yaml.safe_load(text)))
    return {
        "ours_ms": round(ours * 1000, 3),
        "peer_plain_safe_load_ms": round(peer * 1000, 3),
        "ratio_ours_to_peer": round(ours / peer, 3),
    }

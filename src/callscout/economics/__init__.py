"""Offer economics and staffing: Erlang C/A, week plans per schedule, pricing of every charge model,
the in-house alternative. ``economics_section`` is what the pipeline, CLI and web app call."""

from __future__ import annotations

import importlib
from typing import Any

# Names resolved on first use (PEP 562), so that `callscout staffing` does not pay for
# pricing, analysis and the models before it needs them.
_EXPORTS = {
    "EconomicsModel": "analysis",
    "economics_section": "analysis",
    "Workload": "demand",
    "workload_from_call_log": "demand",
    "workload_from_csv": "demand",
    "workload_from_needs": "demand",
    "ServiceTarget": "erlang",
    "erlang_a_metrics": "erlang",
    "erlang_c_metrics": "erlang",
    "required_agents": "erlang",
    "StaffingOptions": "staffing",
    "plan_week": "staffing",
    "staff_interval": "staffing",
}


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)


__all__ = sorted(_EXPORTS)

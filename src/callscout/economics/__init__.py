"""Offer economics and staffing: Erlang C/A, week plans per schedule, pricing of every charge model,
the in-house alternative. ``economics_section`` is what the pipeline, CLI and web app call."""

from callscout.economics.analysis import EconomicsModel, economics_section
from callscout.economics.demand import Workload, workload_from_call_log, workload_from_csv, workload_from_needs
from callscout.economics.erlang import ServiceTarget, erlang_a_metrics, erlang_c_metrics, required_agents
from callscout.economics.staffing import StaffingOptions, plan_week, staff_interval

__all__ = [
    "EconomicsModel",
    "ServiceTarget",
    "StaffingOptions",
    "Workload",
    "economics_section",
    "erlang_a_metrics",
    "erlang_c_metrics",
    "plan_week",
    "required_agents",
    "staff_interval",
    "workload_from_call_log",
    "workload_from_csv",
    "workload_from_needs",
]

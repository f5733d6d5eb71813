from __future__ import annotations

import csv
import statistics

import pytest

from callscout.economics.demand import workload_for_needs
from callscout.model import Needs
from tests.calls_helpers import BANK


def test_history_path_accepts_a_real_call_log() -> None:
    """The Anonymous Bank log (a real call center) read through the call-log importers into a week."""
    log = BANK
    needs = Needs(calls_per_month=1000, after_call_work_s=20, call_profile={"preset": None, "history_path": str(log)})
    workload = workload_for_needs(needs)
    with log.open(encoding="utf-8") as handle:
        served = [
            int(row["ser_time"])
            for row in csv.DictReader(handle, delimiter="\t")
            if row["outcome"] == "AGENT" and int(row["ser_time"]) > 0
        ]
    assert workload.talk_s == pytest.approx(statistics.mean(served))
    assert workload.after_call_work_s == 20
    hourly = workload.hourly()
    friday, saturday = hourly[4 * 24 : 5 * 24], hourly[5 * 24 : 6 * 24]
    # The center worked Friday until 14:00 and Saturday from about 20:00 (data README).
    assert sum(friday[15:]) < 0.01 * sum(friday) and sum(saturday[:19]) < 0.01 * sum(saturday)
    assert workload.calls_per_week > 5000

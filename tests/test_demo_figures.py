"""The demo's figures equal the snapshot taken before the result-document redesign (issue 18).

A figure may change only where an issue changed its definition; the commit updating the snapshot says which."""

from __future__ import annotations

import json

from tests.conftest import DemoRun
from tests.demo_figures import SNAPSHOT, demo_figures, differences


def test_demo_figures_equal_the_snapshot(demo_run: DemoRun) -> None:
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    actual = json.loads(json.dumps(demo_figures(demo_run.document)))
    found = differences(expected, actual)
    assert not found, "\n".join(found[:40])


def test_the_comparison_sees_a_changed_figure() -> None:
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    changed = json.loads(json.dumps(expected))
    winner = changed["scoring"]["winner"]
    changed["scoring"]["vendors"][winner]["total"] *= 1 + 1e-6
    changed["scoring"]["vendors"][winner]["rank"] += 1
    found = differences(expected, changed)
    assert len(found) == 2 and all(winner in line for line in found)
    assert differences(expected, json.loads(json.dumps(expected))) == []

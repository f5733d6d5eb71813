"""The documented commands of docs/calls.md, reports.md, architecture.md, security.md and workers.md
(tests/docs_commands.py runs them; one file per share of the work, so
that `make test`'s workers, --dist loadfile, run them side by side)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.docs_commands import DocPart, parts_of, run_part

PARTS = [
    part
    for name in ("calls.md", "reports.md", "architecture.md", "security.md", "workers.md")
    for part in parts_of(name)
]


@pytest.mark.slow  # the documented commands as subprocesses
@pytest.mark.parametrize("part", PARTS, ids=str)
def test_documented_commands_run(
    part: DocPart, docs_template: Path, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    run_part(part, docs_template, request, tmp_path)

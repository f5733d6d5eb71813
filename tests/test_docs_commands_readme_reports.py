"""The documented commands of the README's evaluation, RFP, demo and users (tests/docs_commands.py runs them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.docs_commands import DocPart, parts_of, run_part

PARTS = parts_of("README.md")[2:]


@pytest.mark.slow  # the documented commands as subprocesses
@pytest.mark.parametrize("part", PARTS, ids=str)
def test_documented_commands_run(
    part: DocPart, docs_template: Path, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    run_part(part, docs_template, request, tmp_path)

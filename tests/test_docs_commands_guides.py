"""The documented commands of docs/*.md, one test per document (tests/docs_commands.py runs them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.docs_commands import DOCS, DocPart, parts_of, run_part

GUIDES = [part for path in DOCS if path.name != "README.md" for part in parts_of(path.name)]


@pytest.mark.slow  # the documented commands as subprocesses
@pytest.mark.parametrize("part", GUIDES, ids=str)
def test_documented_commands_run(
    part: DocPart, docs_template: Path, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    run_part(part, docs_template, request, tmp_path)

"""The documented commands of the README's calls, recordings and QA (tests/docs_commands.py runs them)."""

from __future__ import annotations

from tests.docs_commands import documented_commands_test, parts_of

PARTS = parts_of("README.md")[1:2]


test_documented_commands_run = documented_commands_test(PARTS)

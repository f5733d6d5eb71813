"""The documented commands of the README's evaluation, RFP, demo and users (tests/docs_commands.py runs them)."""

from __future__ import annotations

from tests.docs_commands import documented_commands_test, parts_of

PARTS = parts_of("README.md")[2:]


test_documented_commands_run = documented_commands_test(PARTS)

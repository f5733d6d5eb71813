"""The documented commands of docs/live.md and docs/scale.md (Spark)
(tests/docs_commands.py runs them; one file per share of the work, so
that `make test`'s workers, --dist loadfile, run them side by side)."""

from __future__ import annotations

from tests.docs_commands import documented_commands_test, parts_of

PARTS = [part for name in ("live.md", "scale.md") for part in parts_of(name)]


test_documented_commands_run = documented_commands_test(PARTS)

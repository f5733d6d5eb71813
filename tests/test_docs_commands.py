"""Every command line shown in README.md and docs/*.md runs, as a user would type it (the runner and its rules:
tests/docs_commands.py). The README's first part is here; its other parts and the other documents are in
test_docs_commands_*.py: one file each, so that `make test`'s workers (--dist loadfile) run them side by side."""

from __future__ import annotations

import pytest

from tests.docs_commands import (
    DOCS,
    all_parts,
    commands_of,
    demo_as_documented,
    documented_commands_test,
    expand,
    markers,
    parts_of,
)

PARTS = parts_of("README.md")[:1]
# The files that run the other parts (each its own unit of `make test`'s --dist loadfile).
PART_FILES = ("readme_calls", "readme_reports", "guides", "quality", "live")


test_documented_commands_run = documented_commands_test(PARTS)


def test_every_documented_command_is_extracted_and_every_marker_matches() -> None:
    commands = [command for path in DOCS for command in commands_of(path)]
    assert len(commands) > 40  # the extraction itself works
    for kind, listed in markers().items():
        for command in listed:
            assert any(item.text.startswith(command) for item in commands), f"stale doctest {kind} marker: {command}"
    # Every part of every document runs in exactly one test file (a new document needs a place).
    import importlib

    listed = [str(part) for part in PARTS]
    for name in PART_FILES:
        listed += [str(part) for part in importlib.import_module(f"tests.test_docs_commands_{name}").PARTS]
    assert sorted(listed) == sorted(str(part) for part in all_parts())
    # Every command belongs to exactly one part that runs it.
    for command in commands:
        owners = [
            part for part in all_parts() if part.doc == command.doc and part.first_line <= command.line < part.last_line
        ]
        assert len(owners) == 1, command
    full_demo = "callscout demo --out demo-out --output json --formats html,json,xlsx,pdf"
    assert demo_as_documented(full_demo) == "demo-out"
    assert demo_as_documented("callscout demo --out demo-out") is None


@pytest.mark.parametrize(
    ("text", "full", "expected"),
    [
        ("callscout vendor list [--output json]", False, "callscout vendor list"),
        ("callscout vendor list [--output json]", True, "callscout vendor list --output json"),
        ("callscout calls kpi [--by hour|day|agent]", True, "callscout calls kpi --by hour"),
        (
            "callscout calls reconcile REPORT.csv|xlsx --vendor V",
            False,
            "callscout calls reconcile report.xlsx --vendor ГолосПро",
        ),
    ],
)
def test_placeholders_and_optional_parts(text: str, full: bool, expected: str) -> None:
    assert expand(text, full) == expected

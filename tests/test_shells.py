"""The shells (web cabinet, CLI) hold no business logic and no database access: they read input, call the
core and render. These rules are checked on the source, so a new route or command cannot slip past them."""

from __future__ import annotations

import ast
from pathlib import Path

import callscout

PACKAGE = Path(callscout.__file__).parent
SHELLS = [*sorted((PACKAGE / "web").glob("*.py")), *sorted((PACKAGE / "cli").glob("*.py"))]


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def test_shells_open_no_database_sessions() -> None:
    """store.py is the only place that talks to the database (with the core services over it): a shell
    neither imports SQLAlchemy nor opens a session or a connection of the store's engine."""
    offences = []
    for path in SHELLS:
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                offences += [f"{path.name}: imports {name}" for name in names if name.split(".")[0] == "sqlalchemy"]
            elif isinstance(node, ast.Attribute) and node.attr in ("session", "engine"):
                offences.append(f"{path.name}:{node.lineno}: .{node.attr}")
    assert offences == []


def test_the_cabinet_reads_forms_with_one_helper() -> None:
    """web.forms is the one form reader: no route module keeps its own copy of a field reader."""
    copies = [
        f"{path.name}: {node.name}"
        for path in SHELLS
        if path.parent.name == "web" and path.name != "forms.py"
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name in ("_text", "_number", "_date", "_when", "_number_or", "parse_date", "_field", "_checkbox")
    ]
    assert copies == []

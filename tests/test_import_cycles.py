"""No import cycles in src/: the core reads one way (inputs -> checks and models -> result -> presentation).

The imports are read with ``ast`` (nothing is imported). Module-level imports (those that run when the module is
loaded; ``if TYPE_CHECKING:`` blocks excluded) must form no cycle at all. Imports inside functions are allowed
to close a loop (they run on first use), and are reported separately so that the count does not creep up."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "callscout"
# Loops closed only by imports inside functions: one when the test was written (web_audit.base discovers the
# checks package, whose checks import base), with room for the other registries built the same way.
FUNCTION_LEVEL_CYCLE_LIMIT = 4


def _module_name(path: Path, source: Path) -> str:
    parts = list(path.relative_to(source).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules(source: Path) -> dict[str, Path]:
    return {_module_name(path, source): path for path in (source / PACKAGE).rglob("*.py")}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    """The project module an import names (``a.b.c`` may be a module or a name in ``a.b``)."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool, known: dict[str, Path]) -> set[str]:
    found: set[str] = set()
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = module if is_package else module.rpartition(".")[0]
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{base}" if base else package
        # "from a import b" imports a, and a.b too where b is a module.
        names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
    for name in names:
        if name.split(".")[0] == PACKAGE and (target := _resolve(name, known)) and target != module:
            found.add(target)
    return found


def import_graph(source: Path = SOURCE) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Module-level and function-level imports of every module under src/callscout."""
    known = _modules(source)
    module_level: dict[str, set[str]] = {name: set() for name in known}
    function_level: dict[str, set[str]] = {name: set() for name in known}
    for module, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"

        def visit(node: ast.AST, in_function: bool, module: str = module, is_package: bool = is_package) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.If) and _is_type_checking(child):
                    for other in child.orelse:
                        visit(other, in_function)
                    continue
                if isinstance(child, ast.Import | ast.ImportFrom):
                    graph = function_level if in_function else module_level
                    graph[module] |= _targets(child, module, is_package, known)
                    continue
                nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
                visit(child, nested)

        visit(tree, False)
    return module_level, function_level


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def connect(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def test_no_module_level_import_cycle() -> None:
    module_level, _ = import_graph()
    found = cycles(module_level)
    assert not found, "module-level import cycles:\n" + "\n".join(" -> ".join(component) for component in found)


def test_function_level_cycles_stay_few() -> None:
    """Lazy imports may close a loop (they run on first use); their number must not grow."""
    module_level, function_level = import_graph()
    combined = {name: module_level[name] | function_level[name] for name in module_level}
    found = cycles(combined)
    assert len(found) <= FUNCTION_LEVEL_CYCLE_LIMIT, found


def test_the_walker_sees_a_cycle(tmp_path: Path) -> None:
    """The check can fail: two modules importing each other at module level form one cycle; a function-level
    import or one under TYPE_CHECKING does not."""
    package = tmp_path / PACKAGE
    package.mkdir()
    files = {
        "__init__.py": "",
        "a.py": "from callscout import b\n",
        "b.py": "from . import a\n",
        "c.py": "from callscout.d import thing\n",
        "d.py": "def thing():\n    from callscout import c\n",
        "e.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import callscout.f\n",
        "f.py": "import callscout.e\n",
    }
    for name, text in files.items():
        (package / name).write_text(text, encoding="utf-8")
    module_level, function_level = import_graph(tmp_path)
    assert cycles(module_level) == [["callscout.a", "callscout.b"]]
    assert "callscout.c" in function_level["callscout.d"] and "callscout.c" not in module_level["callscout.d"]
    combined = {name: module_level[name] | function_level[name] for name in module_level}
    assert sorted(cycles(combined)) == [["callscout.a", "callscout.b"], ["callscout.c", "callscout.d"]]
    module_level, _ = import_graph()
    # pipeline.py imports the stages; the stages import model/run.py, never the pipeline.
    assert "callscout.calls.stage" in module_level["callscout.pipeline"]
    assert not any("callscout.pipeline" in module_level[name] for name in module_level if name.endswith(".stage"))

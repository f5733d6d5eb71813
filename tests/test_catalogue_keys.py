"""Every text the code can show comes from the catalogue, and the catalogue holds nothing the code does not use.

Read from the source, not from a run: a key written in any module or template resolves; each registered part
(site checks, legal checks, call-log formats, criteria) writes every finding it can emit from a catalogue key,
never from a text of its own, and names itself in both languages; the number of inline ``tr(ru, en)`` pairs
left in the code can only go down.
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import callscout
from callscout.present.messages import all_messages, has
from tests.leftovers import RUSSIAN_TERMS

SOURCE = Path(callscout.__file__).parent
# Helpers that build a finding from a code and a message (the message is their `message` argument).
FINDING_BUILDERS = {"finding": 4, "legal_finding": 3, "crawl_finding": 3, "Finding": None}
# Inline pairs (``tr``/``pick`` of two texts) left in the code when this was pinned: it may only go down.
INLINE_PAIRS_LEFT = 71
# The same in the cabinet's and the report's templates (``t("ru", "en")``): the ones left are built from expressions.
TEMPLATE_PAIRS_LEFT = 10


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _constant_keys(node: ast.expr) -> list[str]:
    """The literal keys of ``msg(<key>)``: a constant, or each branch of ``a if c else b``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _constant_keys(node.body) + _constant_keys(node.orelse)
    return []


def _msg_names(tree: ast.Module) -> set[str]:
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "callscout.i18n"
        for alias in node.names
        if alias.name == "msg"
    }


def _keys_in(tree: ast.Module) -> list[tuple[int, str]]:
    names = _msg_names(tree)
    return [
        (node.lineno, key)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names and node.args
        for key in _constant_keys(node.args[0])
    ]


def _python_files() -> list[Path]:
    return sorted(path for path in SOURCE.rglob("*.py") if "present/texts" not in path.as_posix())


def _template_keys() -> list[tuple[str, str]]:
    found = []
    templates = [path for path in SOURCE.rglob("*") if "templates" in path.parts and path.suffix in (".html", ".j2")]
    for path in sorted(templates):
        found += [(path.name, key) for key in re.findall(r"""\bmsg\(\s*["']([\w.]+)["']""", path.read_text("utf-8"))]
    return found


def test_every_key_the_code_writes_is_in_the_catalogue() -> None:
    missing = [
        f"{path.relative_to(SOURCE)}:{line}: {key}"
        for path in _python_files()
        for line, key in _keys_in(_tree(path))
        if not has(key)
    ]
    missing += [f"{name}: {key}" for name, key in _template_keys() if not has(key)]
    assert not missing, "\n".join(missing)


def test_every_moved_text_of_the_catalogue_is_used() -> None:
    """A text moved out of the code (``present/texts``) that no module names any more is a dead entry."""
    from callscout.present import texts
    from callscout.registry import package_modules

    used = {key for path in _python_files() for _, key in _keys_in(_tree(path))} | {k for _, k in _template_keys()}
    dead = sorted(key for module in package_modules(texts.__name__) for key in module.MESSAGES if key not in used)
    assert not dead, "\n".join(dead)


def _is_keyed(node: ast.expr, names: set[str]) -> bool:
    """A catalogue text: ``msg(...)``, either branch of a choice of them, or one joined to another text
    (``i18n.Msg + str`` keeps both parts' keys); a variable is built elsewhere, where its keys are checked."""
    if isinstance(node, ast.Name):
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id in names or node.func.id == "join"
    if isinstance(node, ast.IfExp):
        return _is_keyed(node.body, names) and _is_keyed(node.orelse, names)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _is_keyed(node.left, names) or _is_keyed(node.right, names)
    return False


def _finding_problems(module_file: Path) -> list[str]:
    """Findings a module builds from a text of its own (a literal, an f-string, a joined text) rather than a key."""
    tree = _tree(module_file)
    names = _msg_names(tree)
    problems = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FINDING_BUILDERS):
            continue
        position = FINDING_BUILDERS[node.func.id]
        message = next((keyword.value for keyword in node.keywords if keyword.arg == "message"), None)
        if message is None and position is not None and len(node.args) > position:
            message = node.args[position]
        if message is None or isinstance(message, ast.Name):
            continue  # built elsewhere in the module (a variable): its msg() call is checked as a key above
        if not _is_keyed(message, names):
            problems.append(f"{module_file.relative_to(SOURCE)}:{node.lineno}: {ast.unparse(message)[:90]}")
    return problems


def _has_cyrillic(text: str) -> bool:
    return any(word.lower() not in RUSSIAN_TERMS for word in re.findall(r"[А-Яа-яЁё]+", text))


def test_every_registered_part_emits_its_findings_from_the_catalogue() -> None:
    from callscout.calls.formats import LOG_FORMATS
    from callscout.legal.checks import REGISTRY as LEGAL_CHECKS
    from callscout.scoring import extractors
    from callscout.scoring.criteria import catalogue
    from callscout.web_audit.base import REGISTRY as SITE_CHECKS

    files: set[Path] = set()
    problems: list[str] = []
    for check in SITE_CHECKS.values():
        files.add(Path(inspect.getfile(check)))
        if not (check.title_ru.strip() and check.title_en.strip()) or _has_cyrillic(check.title_en):
            problems.append(f"site check {check.code}: a title in each language")
    for legal in LEGAL_CHECKS.values():
        files.add(Path(inspect.getfile(legal)))
    for log_format in LOG_FORMATS.values():
        files.add(Path(inspect.getfile(type(log_format) if not inspect.ismodule(log_format) else log_format)))
    files.add(Path(inspect.getfile(extractors)))
    files |= {SOURCE / "web_audit" / "crawler.py", SOURCE / "legal" / "checks" / "_common.py"}
    assert len(SITE_CHECKS) >= 8 and len(LEGAL_CHECKS) >= 8 and len(LOG_FORMATS) >= 8
    for path in sorted(files):
        problems += _finding_problems(path)
        problems += [
            f"{path.relative_to(SOURCE)}:{line}: no text for {key}"
            for line, key in _keys_in(_tree(path))
            if not has(key)
        ]
    for criterion in catalogue():
        for what, ru, en in (("name", criterion.name_ru, criterion.name_en),):
            if not (ru.strip() and en.strip()) or _has_cyrillic(en):
                problems.append(f"criterion {criterion.id}: {what} in each language")
    assert not problems, "\n".join(problems)


def test_the_inline_pairs_left_can_only_go_down() -> None:
    """``tr(ru, en)`` and ``pick(ru, en)`` written at the place of use: each one is a text the catalogue's
    completeness test cannot see. The ones left read data tables (``tr(*LABELS[code])``)."""
    count = 0
    for path in _python_files():
        if path.name == "i18n.py":
            continue
        tree = _tree(path)
        names = {
            alias.asname or alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "callscout.i18n"
            for alias in node.names
            if alias.name in ("tr", "pick")
        }
        count += sum(
            1
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names
        )
    assert count <= INLINE_PAIRS_LEFT, f"{count} inline pairs, more than the {INLINE_PAIRS_LEFT} pinned"
    templates = [path for path in SOURCE.rglob("*") if "templates" in path.parts and path.suffix in (".html", ".j2")]
    in_templates = sum(len(re.findall(r"\bt\(", path.read_text("utf-8"))) for path in templates)
    assert in_templates <= TEMPLATE_PAIRS_LEFT, f"{in_templates} pairs in templates, pinned {TEMPLATE_PAIRS_LEFT}"
    assert len(all_messages()) > 1000

"""Move inline text pairs into the message catalogue: ``tr("ru", "en", **values)`` and ``pick("ru", "en")`` (f-strings
included) become ``msg("<package>.<module>.<name>", **values)``, their texts an entry of
``src/callscout/present/texts/<package>.py``.

Why a script: the pairs were moved mechanically (about a thousand of them), and a branch that still writes pairs (or
moves code that holds them) is brought in line by running it again after a merge. A pair already in the catalogue
keeps its key, wherever the code moved, so a second run adds nothing and leaves no dead entry.

    python scripts/catalogue_codemod.py [src/callscout/<path prefix> ...]
    ruff check --fix --select F401,I src/callscout && ruff format <changed files> src/callscout/present/texts

Pairs it cannot move (a text read from a data table, ``tr(*LABELS[code])``) are listed and left as they are.
"""

from __future__ import annotations

import ast
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "src" / "callscout"
TEXTS = ROOT / "present" / "texts"
NOT_CONVERTED = {"i18n.py", "present/messages.py"}


def slug(english: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", re.sub(r"\{[^}]*\}", " ", english).lower())
    words = [word for word in words if word not in {"the", "a", "an"}] or ["text"]
    name = "_".join(words[:6])[:48].strip("_")
    return "n" + name if name[0].isdigit() else name


def literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return '"' + escaped.replace("\r", "\\r") + '"'


def wrapped(text: str, indent: int, width: int = 116) -> str:
    """A string literal, split into implicitly joined pieces when it is longer than a line."""
    room = width - indent - 3
    if len(literal(text)) <= room:
        return literal(text)
    pieces: list[str] = []
    current = ""
    for token in re.split(r"(?<= )", text):
        if current and len(literal(current + token)) > room:
            pieces.append(current)
            current = token
        else:
            current += token
    pieces.append(current)
    pad = " " * indent
    return "(\n" + "".join(f"{pad}    {literal(piece)}\n" for piece in pieces) + f"{pad})"


def catalogue_pairs() -> tuple[dict[tuple[str, str], list[str]], set[str]]:
    """Every pair already in the catalogue with its keys, and every key taken."""
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    keys: set[str] = set()
    for module in sorted(TEXTS.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.AnnAssign | ast.Assign) and isinstance(node.value, ast.Dict):
                for key, pair in ast.literal_eval(node.value).items():
                    pairs[tuple(pair)].append(key)
                    keys.add(key)
    keys |= set(re.findall(r'^    "([^"]+)": ', (ROOT / "present" / "messages.py").read_text("utf-8"), flags=re.M))
    return pairs, keys


Pairs = dict[tuple[str, str], list[str]]


def key_for(
    pair: tuple[str, str],
    prefix: str,
    area: str,
    pairs: Pairs,
    keys: set[str],
    new: dict[str, dict[str, tuple[str, str]]],
) -> str:
    """A pair already in the catalogue keeps its key (the module's own where it has one); a new one gets
    ``<prefix>.<words of its English text>`` and becomes an entry of ``present/texts/<area>.py``."""
    known = pairs.get(pair) or []
    key = next((item for item in known if item.startswith(prefix + ".")), known[0] if known else None)
    if key is None:
        base = f"{prefix}.{slug(pair[1])}"
        key, number = base, 2
        while key in keys:
            key, number = f"{base}_{number}", number + 1
        keys.add(key)
        pairs[pair] = [key]
        new[area][key] = pair
    return key


def escaped_braces(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def template_of(node: ast.expr, names: dict[str, str]) -> str | None:
    """The catalogue text of one side of a pair: a constant, or an f-string whose values become named fields."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return escaped_braces(node.value)
    if not isinstance(node, ast.JoinedStr):
        return None
    text = ""
    for part in node.values:
        if isinstance(part, ast.Constant):
            text += escaped_braces(part.value)
            continue
        if not isinstance(part, ast.FormattedValue):
            return None
        source = ast.unparse(part.value)
        if source not in names:
            if isinstance(part.value, ast.Name):
                base = part.value.id
            else:
                base = re.sub(r"\W+", "_", source).strip("_")[:30] or "value"
            base = "v" + base if base[0].isdigit() else base
            name, number = base, 2
            while name in names.values():
                name, number = f"{base}_{number}", number + 1
            names[source] = name
        field = names[source]
        if part.conversion != -1:
            field += "!" + chr(part.conversion)
        if part.format_spec is not None:
            if not all(isinstance(piece, ast.Constant) for piece in part.format_spec.values):
                return None
            field += ":" + "".join(piece.value for piece in part.format_spec.values)  # type: ignore[attr-defined]
        text += "{" + field + "}"
    return text


def fields(template: str) -> set[str]:
    return set(re.findall(r"\{(\w+)", template.replace("{{", "")))


def convert(
    path: Path,
    pairs: dict[tuple[str, str], list[str]],
    keys: set[str],
    new: dict[str, dict[str, tuple[str, str]]],
    skipped: list[str],
) -> tuple[int, bool]:
    """Convert the outermost pairs of one module; (how many, whether nested pairs are left for another pass)."""
    relative = path.relative_to(ROOT).as_posix()
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    imported = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "callscout.i18n"
        for alias in node.names
    }
    if not {"tr", "pick"} & imported:
        return 0, False
    module_key = relative[:-3].replace("/", ".").removesuffix(".__init__")
    area = relative.split("/")[0] if "/" in relative else "core"
    binds_msg = any(
        isinstance(node, ast.Name) and node.id == "msg" and isinstance(node.ctx, ast.Store) for node in ast.walk(tree)
    )
    function = "say" if binds_msg else "msg"
    in_fstring = {id(inner) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for inner in ast.walk(node)}
    data = source.encode()
    offsets = [0]
    for line in data.splitlines(keepends=True):
        offsets.append(offsets[-1] + len(line))

    def span(node: ast.AST) -> tuple[int, int]:
        start = offsets[node.lineno - 1] + node.col_offset  # type: ignore[attr-defined]
        return start, offsets[node.end_lineno - 1] + node.end_col_offset  # type: ignore[attr-defined]

    def text_of(node: ast.AST) -> str:
        start, end = span(node)
        return data[start:end].decode()

    edits: list[tuple[int, int, bytes]] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("tr", "pick")):
            continue
        if node.func.id not in imported:
            continue
        kind, args, keywords = node.func.id, node.args, node.keywords
        where = f"{relative}:{node.lineno}"
        if len(args) < 2 or (kind == "tr" and len(args) > 2) or (kind == "pick" and len(args) > 3):
            skipped.append(f"{where}: not two texts")
            continue
        names: dict[str, str] = {}
        ru, en = template_of(args[0], names), template_of(args[1], names)
        if ru is None or en is None or fields(ru) != fields(en):
            skipped.append(f"{where}: not two texts")
            continue
        fstrings = bool(names)
        if fstrings and keywords:
            skipped.append(f"{where}: f-strings and values")
            continue
        if kind == "tr" and keywords and not fstrings:
            if any(keyword.arg == "language" for keyword in keywords):
                skipped.append(f"{where}: a value named language")
                continue
            ru, en = args[0].value, args[1].value  # type: ignore[attr-defined]  # tr() formats: braces are fields
        pair = (ru, en)
        key = key_for(pair, module_key, area, pairs, keys, new)
        quote = "'" if id(node) in in_fstring else '"'
        parts = [quote + key + quote]
        parts += [f"{name}={source_text}" for source_text, name in names.items()]
        parts += [
            f"{keyword.arg}={text_of(keyword.value)}" if keyword.arg else f"**{text_of(keyword.value)}"
            for keyword in (keywords if kind == "tr" else [])
        ]
        if kind == "pick":
            if len(args) == 3:
                parts.append(f"language={text_of(args[2])}")
            parts += [f"{keyword.arg}={text_of(keyword.value)}" for keyword in keywords]
        start, end = span(node)
        edits.append((start, end, f"{function}({', '.join(parts)})".encode()))
    edits.sort()
    outermost: list[tuple[int, int, bytes]] = []
    nested = False
    for edit in edits:
        if outermost and edit[0] < outermost[-1][1]:
            nested = True  # inside a value of the outer pair: the next pass converts it in the rewritten text
            continue
        outermost.append(edit)
    if not outermost:
        return 0, False
    for start, end, replacement in reversed(outermost):
        data = data[:start] + replacement + data[end:]
    text = data.decode()
    name = "msg" if function == "msg" else "msg as say"
    pattern = r"^(\s*)from callscout\.i18n import ([^\n(]+)$"
    text = re.sub(
        pattern,
        lambda match: (
            match.group(1) + "from callscout.i18n import " + ", ".join(sorted(set(match.group(2).split(", ")) | {name}))
        ),
        text,
        count=1,
        flags=re.M,
    )
    if not nested:
        used = {node.id for node in ast.walk(ast.parse(text)) if isinstance(node, ast.Name)}
        unused = {"tr", "pick"} - used  # ruff leaves a package's __init__ imports alone: drop them here
        text = re.sub(
            pattern,
            lambda match: (
                match.group(1)
                + "from callscout.i18n import "
                + ", ".join(sorted(set(match.group(2).split(", ")) - unused))
            ),
            text,
            count=1,
            flags=re.M,
        )
    path.write_text(text, encoding="utf-8")
    return len(outermost), nested


def write_entries(new: dict[str, dict[str, tuple[str, str]]]) -> None:
    for area, entries in new.items():
        if not entries:
            continue
        target = TEXTS / f"{area}.py"
        body = "".join(
            f"    {literal(key)}: (\n        {wrapped(ru, 8)},\n        {wrapped(en, 8)},\n    ),\n"
            for key, (ru, en) in entries.items()
        )
        if target.exists():
            target.write_text(target.read_text("utf-8").rstrip().removesuffix("}") + body + "}\n", encoding="utf-8")
        else:
            what = "the project's root modules" if area == "core" else f"callscout.{area}"
            target.write_text(
                f'"""Texts of {what}: key -> (Russian, English), as the inline pairs were formatted."""\n\n'
                "from __future__ import annotations\n\nMESSAGES: dict[str, tuple[str, str]] = {\n" + body + "}\n",
                encoding="utf-8",
            )
        entries.clear()


def main(prefixes: list[str]) -> None:
    pairs, keys = catalogue_pairs()
    skipped: list[str] = []
    total = 0
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative in NOT_CONVERTED or relative.startswith("present/texts/"):
            continue
        if prefixes and not any(relative.startswith(prefix.removeprefix("src/callscout/")) for prefix in prefixes):
            continue
        new: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
        for _ in range(5):
            count, nested = convert(path, pairs, keys, new, skipped)
            total += count
            if not nested:
                break
        write_entries(new)
    print(f"moved {total} pairs into the catalogue; left {len(skipped)}:")
    for line in sorted(set(skipped)):
        print("  ", line)


if __name__ == "__main__":
    main(sys.argv[1:])

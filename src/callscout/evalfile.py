"""Reading, checking and writing evaluation files (YAML).

Errors name the exact place in the file: the path (``vendors[2].offers[0].charges[0].rate``) and the
line, in the user's language, and all problems are reported at once rather than the first only.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from callscout.errors import DataError
from callscout.i18n import msg, tr
from callscout.limits import LIMIT_TEXTS, limit
from callscout.model import PAYMENT_MODELS, Evaluation
from callscout.model.common import PERCENT_KEYS

MAX_FILE_BYTES = 5 * 1024 * 1024

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class Problem:
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.path or msg("evalfile.whole_file")
        if self.line is not None:
            where = msg("evalfile.line", line=self.line, where=where)
        return msg("evalfile.problem", where=where, message=self.message)  # a coded text: the edge may re-render it


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys (YAML would silently keep the last one) and stays within
    the parser limits: nesting depth (PyYAML composes recursively: RecursionError), the size of the tree
    once aliases are expanded ("billion laughs") and the length of integers (a traceback past 4300 digits)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0
        self._anchor_sizes: dict[str, int] = {}
        self._max_depth = limit("MAX_NESTING_DEPTH")
        self._max_nodes = limit("MAX_YAML_NODES")

    def _count(self, nodes: int, mark: yaml.Mark | None) -> None:
        self._nodes += nodes
        if self._nodes > self._max_nodes:
            raise yaml.composer.ComposerError(
                None,
                None,
                msg("evalfile.more_than_items_with_aliases_expanded", limit=self._max_nodes),
                mark,
            )

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            self._count(self._anchor_sizes.get(event.anchor or "", 1), event.start_mark)
            return super().compose_node(parent, index)
        self._depth += 1
        if self._depth > self._max_depth:
            raise yaml.composer.ComposerError(
                None,
                None,
                tr(*LIMIT_TEXTS["MAX_NESTING_DEPTH"], limit=self._max_depth),
                event.start_mark,
            )
        before = self._nodes
        self._count(1, event.start_mark)
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        anchor = getattr(event, "anchor", None)
        if anchor:
            self._anchor_sizes[anchor] = self._nodes - before
        return node


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, yaml.Node] = {}
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                msg("evalfile.duplicate_key", key=key),
                key_node.start_mark,
            )
        seen[key] = key_node
    return loader.construct_mapping(node, deep=deep)


def _construct_bounded_int(loader: _UniqueKeyLoader, node: yaml.ScalarNode) -> int:
    digits = sum(character.isdigit() for character in str(node.value))
    max_digits = limit("MAX_INTEGER_DIGITS")
    if digits > max_digits:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            tr(*LIMIT_TEXTS["MAX_INTEGER_DIGITS"], limit=max_digits),
            node.start_mark,
        )
    return loader.construct_yaml_int(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:int", _construct_bounded_int)


def load_yaml_text(text: str, source: str) -> Any:
    """Plain YAML data (no model) within the parser limits; errors raise a DataError naming the line."""
    try:
        loader = _UniqueKeyLoader(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise DataError(
            msg("evalfile.line_2", source=source, line=mark.line + 1 if mark else "?", reason=error.problem or error)
        ) from None
    except yaml.YAMLError as error:
        raise DataError(msg("evalfile.yaml_error", source=source, reason=error)) from None


def format_location(location: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    previous: int | str | None = None
    for item in location:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif isinstance(previous, int) and item in PAYMENT_MODELS:
            # pydantic puts the discriminator's value into the path of a tagged union; users never wrote it
            pass
        elif item.startswith(("function-", "union[")) or item in ("[key]",):
            pass
        else:
            parts.append(("." if parts else "") + item)
        previous = item
    return "".join(parts)


def _line_of(root: yaml.Node | None, location: tuple[int | str, ...]) -> int | None:
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for item in location:
        if isinstance(node, yaml.MappingNode):
            match = next((value for key, value in node.value if key.value == item), None)
            if match is None:
                if isinstance(item, str) and item not in PAYMENT_MODELS:
                    key_match = next((key for key, _ in node.value if key.value == item), None)
                    return key_match.start_mark.line + 1 if key_match is not None else line
                continue
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(item, int):
            if item >= len(node.value):
                return line
            node = node.value[item]
        else:
            continue
        line = node.start_mark.line + 1
    return line


def _plain(value: object) -> object:
    """``0.0`` reads as ``0`` to a person."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# Pydantic speaks English; our users read Russian first: the common error kinds in both languages (a label table
# of the catalogue, «pydantic_error.<kind>», its values rendered the reader's way).
PYDANTIC_TEXTS: dict[str, tuple[str, str]] = {
    "missing": ("обязательное поле не заполнено", "required field is missing"),
    "extra_forbidden": ("неизвестное поле (опечатка?)", "unknown field (a typo?)"),
    "greater_than": ("должно быть > {gt}", "must be > {gt}"),
    "greater_than_equal": ("должно быть >= {ge}", "must be >= {ge}"),
    "less_than": ("должно быть < {lt}", "must be < {lt}"),
    "less_than_equal": ("должно быть <= {le}", "must be <= {le}"),
    "int_parsing": ("нужно целое число", "must be a whole number"),
    "int_from_float": ("нужно целое число", "must be a whole number"),
    "int_type": ("нужно целое число", "must be a whole number"),
    "float_parsing": ("нужно число", "must be a number"),
    "float_type": ("нужно число", "must be a number"),
    "bool_parsing": ("нужно да/нет (true/false)", "must be true or false"),
    "bool_type": ("нужно да/нет (true/false)", "must be true or false"),
    "string_type": ("нужна строка", "must be a string"),
    "string_too_short": ("не может быть пустым", "must not be empty"),
    "string_too_long": ("слишком длинная строка (не больше {max_length})", "too long (at most {max_length})"),
    "too_short": ("нужно не меньше {min_length} элементов", "needs at least {min_length} items"),
    "too_long": ("нужно не больше {max_length} элементов", "needs at most {max_length} items"),
    "list_type": ("нужен список", "must be a list"),
    "dict_type": ("нужен словарь (ключ: значение)", "must be a mapping (key: value)"),
    "model_type": ("нужен словарь (ключ: значение)", "must be a mapping (key: value)"),
    "model_attributes_type": ("нужен словарь (ключ: значение)", "must be a mapping (key: value)"),
    "literal_error": ("допустимые значения: {expected}", "allowed values: {expected}"),
    "enum": ("допустимые значения: {expected}", "allowed values: {expected}"),
    "union_tag_invalid": (
        "неизвестная модель оплаты {tag}; допустимые: {expected_tags}",
        "unknown payment model {tag}; allowed: {expected_tags}",
    ),
    "union_tag_not_found": (
        "укажите модель оплаты (model: ...)",
        "state the payment model (model: ...)",
    ),
    "datetime_parsing": (
        "нужна дата и время, например 2026-11-20T10:00",
        "must be a date-time, e.g. 2026-11-20T10:00",
    ),
    "datetime_from_date_parsing": (
        "нужна дата и время, например 2026-11-20T10:00",
        "must be a date-time, e.g. 2026-11-20T10:00",
    ),
    "datetime_type": (
        "нужна дата и время, например 2026-11-20T10:00",
        "must be a date-time, e.g. 2026-11-20T10:00",
    ),
}


def _problem_text(error: dict[str, Any]) -> str:
    """Pydantic speaks English; our users read Russian first. Translate the common error kinds."""
    kind = error["type"]
    ctx = error.get("ctx", {})
    english = error["msg"]
    if kind == "value_error":
        reason = str(ctx.get("error", english))
        return msg("evalfile.invalid_value", reason=reason)
    if kind in PYDANTIC_TEXTS:
        try:
            return msg(f"pydantic_error.{kind}", **{key: _plain(value) for key, value in ctx.items()})
        except (KeyError, IndexError):
            return english
    return english


def problems_from_validation(error: ValidationError, root: yaml.Node | None = None) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        location = tuple(item["loc"])
        problems.append(Problem(format_location(location), _problem_text(item), _line_of(root, location)))
    return problems


class EvaluationFileWarning(UserWarning):
    """Something in the file was read, but not as the format writes it (the CLI prints it, the web shows it)."""


# Every ratio of the evaluation file is a share of 1 (model.common.PERCENT_KEYS says why). These fields hold
# one; a number above 1 in them can only be a percent (a share never exceeds 1), so it is read as one, with
# a warning, rather than refused.
SHARE_KEYS = frozenset(
    {
        "share",
        "service_level_share",
        "max_abandon_rate",
        "order_conversion",
        "margin_share",
        "reach_rate",
        "payroll_tax_share",
        "callback_share",
        "service_level_below",
        "abandon_rate_above",
    }
)


def _number_text(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def normalise_ratios(data: Any, root: yaml.Node | None = None) -> list[Problem]:
    """Bring the other convention (percents) to shares in place; one warning per field, naming it."""
    found: list[Problem] = []

    def walk(node: Any, location: tuple[int | str, ...]) -> None:
        if isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, (*location, index))
            return
        if not isinstance(node, dict):
            return
        for key in list(node):
            value = node[key]
            place = (*location, key)
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            if key in PERCENT_KEYS and numeric:
                share_key = PERCENT_KEYS[key]
                found.append(
                    Problem(
                        format_location(place),
                        msg(
                            "evalfile.percent_read_as_evaluation_file_writes",
                            value=_number_text(value),
                            share=share_key,
                            converted=f"{value / 100:g}",
                        ),
                        _line_of(root, place),
                    )
                )
            elif key in SHARE_KEYS and numeric and 1 < value <= 100:
                node[key] = round(value / 100, 12)
                found.append(
                    Problem(
                        format_location(place),
                        msg(
                            "evalfile.is_above_1_read_as_share", value=_number_text(value), converted=f"{value / 100:g}"
                        ),
                        _line_of(root, place),
                    )
                )
            else:
                walk(value, place)

    walk(data, ())
    return found


EVALUATION_SHAPE = (
    "файл должен описывать оценку (словарь с полями name, needs, vendors)",
    "the file must describe an evaluation (a mapping with name, needs, vendors)",
)


def parse_model_text(
    text: str,
    model: type[ModelT],
    shape: tuple[str, str],
    source: str | None = None,
    *,
    notes: list[Problem] | None = None,
) -> tuple[ModelT | None, list[Problem]]:
    """Parse YAML text into ``model``, or return every problem found; ``shape`` (ru, en) says what a
    file of this kind must be when it is not a mapping at all. What was read, but not as the format writes it
    (a percent where a share belongs), goes into ``notes`` when the caller shows it itself (the cabinet), else
    it is an ``EvaluationFileWarning`` (the CLI prints those)."""
    try:
        # One parse gives both the node tree (for line numbers) and the data built from it.
        loader = _UniqueKeyLoader(text)
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        reason = error.problem or str(error)
        return None, [Problem("", msg("evalfile.yaml_syntax_error", reason=reason), line)]
    except yaml.YAMLError as error:
        return None, [Problem("", msg("evalfile.yaml_error_2", reason=error))]
    if not isinstance(data, dict):
        return None, [Problem("", tr(*shape))]
    if model is Evaluation:
        for warning in normalise_ratios(data, root):
            if notes is not None:
                notes.append(warning)
                continue
            where = f"{source}: " if source else ""
            warnings.warn(EvaluationFileWarning(f"{where}{warning}"), stacklevel=2)
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        return None, problems_from_validation(error, root)


class InvalidEvaluation(DataError):
    """The evaluation about to be stored breaks its own rules: nothing was written."""


class StoredEvaluationInvalid(DataError):
    """An evaluation in the store no longer passes validation (written by an older version or by hand).

    It carries the stored document, so the cabinet can still offer it as YAML to fix and load back."""

    def __init__(self, evaluation_id: int, name: str, document: dict[str, Any], problems: list[Problem]) -> None:
        super().__init__(
            msg("evalfile.evaluation_in_store_fails_validation_problem", name=name, count=len(problems)),
            details=[str(problem) for problem in problems],
        )
        self.evaluation_id = evaluation_id
        self.name = name
        self.document = document
        self.problems = problems


def validated_document(evaluation: Evaluation) -> dict[str, Any]:
    """The evaluation as stored (JSON-ready), checked as a whole first: ``model_copy(update=...)`` and
    field assignment skip pydantic's validators, so every write goes through here and nothing invalid
    reaches the store, whichever shell (web, CLI) made the change."""
    document = evaluation.model_dump(mode="json")
    try:
        Evaluation.model_validate(document)
    except ValidationError as error:
        problems = problems_from_validation(error)
        raise InvalidEvaluation(
            msg("evalfile.evaluation_not_saved_problem_s", name=evaluation.name, count=len(problems)),
            details=[str(problem) for problem in problems],
        ) from None
    return document


def stored_evaluation(evaluation_id: int, name: str, document: dict[str, Any]) -> Evaluation:
    """Rebuild a stored evaluation; a document that no longer validates raises StoredEvaluationInvalid."""
    try:
        return Evaluation.model_validate(document)
    except ValidationError as error:
        raise StoredEvaluationInvalid(evaluation_id, name, document, problems_from_validation(error)) from None


def stored_problems(document: dict[str, Any]) -> list[Problem]:
    """What is wrong with a stored document (empty when it validates)."""
    try:
        Evaluation.model_validate(document)
    except ValidationError as error:
        return problems_from_validation(error)
    return []


def dump_document(document: dict[str, Any]) -> str:
    """A stored document as YAML as it is, even when it does not validate (so the user can fix it)."""
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)


def parse_text(
    text: str, source: str = "<text>", *, notes: list[Problem] | None = None
) -> tuple[Evaluation | None, list[Problem]]:
    """Parse YAML text into an Evaluation, or return every problem found (``notes``: see ``parse_model_text``)."""
    return parse_model_text(text, Evaluation, EVALUATION_SHAPE, None if source == "<text>" else source, notes=notes)


def load_model(path: str | Path, model: type[ModelT], shape: tuple[str, str]) -> ModelT:
    """Load a YAML definition file or raise a DataError listing every problem with its place."""
    path = Path(path)
    if not path.exists():
        raise DataError(msg("evalfile.file_not_found", path=path))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise DataError(msg("evalfile.larger_than_5_mb_not_callscout", path=path))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise DataError(msg("evalfile.not_utf_8_byte", path=path, pos=error.start)) from None
    loaded, problems = parse_model_text(text, model, shape, str(path))
    if loaded is None:
        raise DataError(
            msg("evalfile.problem_s_found", path=path, count=len(problems)),
            details=[str(problem) for problem in problems],
        )
    return loaded


def load(path: str | Path) -> Evaluation:
    """Load an evaluation file or raise a DataError listing every problem with its place."""
    return load_model(path, Evaluation, EVALUATION_SHAPE)


def dump(evaluation: Evaluation) -> str:
    data = evaluation.model_dump(mode="json", exclude_defaults=True, exclude_none=True)
    data = {"version": evaluation.version, **data}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _same_scalar(old: object, new: object) -> bool:
    """``80`` in the file and ``80.0`` from the model are the same value; so are a YAML timestamp and its
    ISO text. Booleans are not numbers here."""
    if isinstance(old, bool) or isinstance(new, bool):
        return bool(old == new and type(old) is type(new))
    if isinstance(old, int | float) and isinstance(new, int | float):
        return float(old) == float(new)
    if hasattr(old, "isoformat") and isinstance(new, str):
        return _same_scalar(old.isoformat(), new) or str(old).replace(" ", "T") == new
    return bool(old == new)


def _item_key(item: object) -> object:
    """List items that are named (vendors, offers) are matched by name, so removing the second vendor
    keeps the third one's comments; other items by position."""
    if isinstance(item, dict):
        return item.get("name")
    return None


def _merge(old: Any, new: Any, trimmed: Any) -> Any:
    """``new`` (the full document) written over ``old`` (the file as read, with its comments): unchanged
    values keep their spelling, keys the user wrote stay even when equal to a default, keys the file
    lacks are added only when they differ from the default (``trimmed`` is the dump without defaults)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(old, CommentedMap) and isinstance(new, dict):
        trimmed = trimmed if isinstance(trimmed, dict) else {}
        for key in list(old):
            share_key = PERCENT_KEYS.get(str(key))
            if share_key and share_key in new and share_key not in old:
                # An older file's percent becomes the share in its place, its comment kept.
                position, comment = list(old).index(key), old.ca.items.pop(key, None)
                del old[key]
                old.insert(position, share_key, new[share_key])
                if comment is not None:
                    old.ca.items[share_key] = comment
        for key in list(old):
            if key not in new or new[key] is None:
                del old[key]
            else:
                old[key] = _merge(old[key], new[key], trimmed.get(key))
        position = 0
        for key in new:
            if key in old:
                position = list(old).index(key) + 1
            elif key in trimmed:
                old.insert(position, key, trimmed[key])
                position += 1
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        trimmed = trimmed if isinstance(trimmed, list) and len(trimmed) == len(new) else new
        by_key = {_item_key(item): item for item in old if _item_key(item) is not None}
        result = CommentedSeq()
        for index, (value, short) in enumerate(zip(new, trimmed, strict=True)):
            key = _item_key(value)
            if key is not None and key in by_key:
                previous = by_key[key]
            elif key is None and index < len(old) and _item_key(old[index]) is None:
                previous = old[index]
            else:
                result.append(short)
                continue
            result.append(_merge(previous, value, short))
        # The comments and flow style of the list stay with it: refill it in place.
        old.clear()
        old.extend(result)
        return old
    if isinstance(old, dict | list) or isinstance(new, dict | list):
        return trimmed if trimmed is not None else new
    return old if _same_scalar(old, new) else new


def _round_trip_text(evaluation: Evaluation, path: Path) -> str | None:
    """The existing file rewritten with the evaluation's values, its comments, order and spelling kept;
    None when there is no readable file to keep (then the plain dump is written)."""
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        text = path.read_text(encoding="utf-8")
        # The same parser limits as every read: the file was written by a person and may be hostile.
        load_yaml_text(text, str(path))
        yaml_rt = YAML(typ="rt")
        yaml_rt.preserve_quotes = True
        # Lines are never re-wrapped: a rewritten file differs from the old one only where values changed.
        yaml_rt.width = 4096
        yaml_rt.indent(mapping=2, sequence=4, offset=2)
        document = yaml_rt.load(text)
    except (OSError, UnicodeDecodeError, DataError, YAMLError):
        return None
    if not isinstance(document, dict):
        return None
    full = {"version": evaluation.version, **evaluation.model_dump(mode="json")}
    trimmed = {"version": evaluation.version, **evaluation.model_dump(mode="json", exclude_defaults=True)}
    _merge(document, full, trimmed)
    stream = io.StringIO()
    yaml_rt.dump(document, stream)
    return stream.getvalue()


def save(evaluation: Evaluation, path: str | Path) -> None:
    """Write atomically: a crash mid-write must not leave half a file in place of the user's work.
    Validated as a whole first, like every write to the store: an invalid evaluation is not written.
    An existing file is rewritten in place (ruamel.yaml round-trip): the user's comments, key order and
    values equal to a default survive ``vendor add`` and every other command that saves the file."""
    validated_document(evaluation)
    path = Path(path)
    text = _round_trip_text(evaluation, path) if path.exists() else None
    if text is None:
        text = dump(evaluation)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def _russian_descriptions() -> dict[str, str]:
    from importlib.resources import files

    text = files("callscout.model").joinpath("schema_descriptions.ru.yaml").read_text(encoding="utf-8")
    return {str(key): str(value) for key, value in yaml.safe_load(text).items()}


def _describe(node: dict[str, Any], name: str, russian: dict[str, str]) -> None:
    """Russian first, then the model's English (editors show the description to Russian users)."""

    def both(key: str, english: str | None) -> str | None:
        ru = russian.get(key)
        if ru is None:
            return english
        return f"{ru} / {english}" if english else ru

    described = both(name, node.get("description"))
    if described:
        node["description"] = described
    for field, spec in node.get("properties", {}).items():
        described = both(f"{name}.{field}", spec.get("description"))
        if described:
            spec["description"] = described


def json_schema() -> dict[str, Any]:
    schema = Evaluation.model_json_schema()
    russian = _russian_descriptions()
    _describe(schema, "Evaluation", russian)
    for name, definition in schema.get("$defs", {}).items():
        _describe(definition, name, russian)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://callscout.example/schemas/evaluation.schema.json"
    schema["title"] = "Оценка колл-центров CallScout / CallScout evaluation"
    return schema


def json_schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2)

"""Bounds on everything untrusted: one place for the values docs/security.md lists.

Each value can be overridden by an environment variable of the same name with the ``CALLSCOUT_`` prefix
(read when used, not at import), so an operator can raise a cap without a new release.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

from callscout.errors import DataError
from callscout.i18n import msg, tr

DEFAULTS: dict[str, int] = {
    # Parsers (YAML evaluation/QA files, JSON transcripts and registry answers).
    "MAX_NESTING_DEPTH": 64,
    "MAX_INTEGER_DIGITS": 100,
    "MAX_YAML_NODES": 200_000,
    # Call-log imports and uploads: what a compressed file may expand to, and how many rows it may hold.
    "MAX_DECOMPRESSED_BYTES": 2 * 1024**3,
    # Twice the month the import is built and benchmarked for (10 M calls in one file, under 1 GiB of memory).
    "MAX_IMPORT_ROWS": 20_000_000,
    # Sign-in throttling: failures allowed per account and per client address inside the window, then a lock.
    "LOGIN_ACCOUNT_FAILURES": 5,
    "LOGIN_ADDRESS_FAILURES": 20,
    "LOGIN_WINDOW_S": 15 * 60,
    "LOGIN_LOCK_S": 5 * 60,
}


def limit(name: str) -> int:
    """The limit ``name`` (see ``DEFAULTS``), or its ``CALLSCOUT_<name>`` override when that is a positive integer."""
    configured = os.environ.get(f"CALLSCOUT_{name}", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return DEFAULTS[name]


# A JSON token the depth/number scan cares about: a string (skipped whole), a bracket, a newline, a number.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]|\n|-?\d+')


def check_json_shape(text: str, source: str) -> None:
    """Refuse JSON nested deeper than MAX_NESTING_DEPTH or holding an integer longer than MAX_INTEGER_DIGITS,
    naming the line: Python's parser would otherwise fail with RecursionError or a traceback."""
    max_depth = limit("MAX_NESTING_DEPTH")
    max_digits = limit("MAX_INTEGER_DIGITS")
    depth = 0
    line = 1
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first == "\n":
            line += 1
        elif first in "[{":
            depth += 1
            if depth > max_depth:
                raise DataError(limit_message("MAX_NESTING_DEPTH", source, line, max_depth))
        elif first in "]}":
            depth -= 1
        elif first != '"' and len(token.lstrip("-")) > max_digits:
            raise DataError(limit_message("MAX_INTEGER_DIGITS", source, line, max_digits))


def load_json(text: str | bytes, source: str) -> Any:
    """``json.loads`` within the parser limits; syntax errors name the line too."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    check_json_shape(text, source)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise DataError(msg("limits.line_json_error", source=source, line=error.lineno, reason=error.msg)) from None


# What each parser limit says when it stops a file: (ru, en), with {limit}.
LIMIT_TEXTS = {
    "MAX_NESTING_DEPTH": ("вложенность глубже {limit} уровней", "nested deeper than {limit} levels"),
    "MAX_INTEGER_DIGITS": ("число длиннее {limit} цифр", "a number longer than {limit} digits"),
}


def limit_message(name: str, source: str, line: int, value: int) -> str:
    ru, en = LIMIT_TEXTS[name]
    return tr("{source}: строка {line}: " + ru, "{source}: line {line}: " + en, source=source, line=line, limit=value)

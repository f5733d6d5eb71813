"""One way to find the pluggable parts of CallScout: site checks, call-log formats, legal checks, PBX presets.

The python-stdnum shape: a package holds one module per part, every module follows the same small protocol,
and the package is walked (never listed by hand), so a new part is a new module and nothing else. Modules
whose name starts with ``_`` are the package's shared helpers and are not walked.

Nothing is imported before the first lookup: a ``Registry`` walks its package when it is first read.
Parts are ordered by their ``ORDER``/``order`` attribute when they have one, then by module name and
their place in the module, so the order is stable and readable from the parts themselves.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import ModuleType
from typing import Any, TypeVar

T = TypeVar("T")


def package_modules(package: str) -> tuple[ModuleType, ...]:
    """Every public module of ``package`` (not ``_helpers``, not sub-packages), imported, by name."""
    root = importlib.import_module(package)
    names = sorted(
        info.name for info in pkgutil.iter_modules(root.__path__) if not info.name.startswith("_") and not info.ispkg
    )
    return tuple(importlib.import_module(f"{package}.{name}") for name in names)


def require(module: ModuleType, names: Iterable[str], what: str) -> ModuleType:
    """The module itself, when it has every attribute of the protocol; else a TypeError naming the missing ones."""
    missing = [name for name in names if not hasattr(module, name)]
    if missing:
        raise TypeError(f"{what} {module.__name__} lacks {', '.join(missing)}")
    return module


def classes_in(base: type[T], key: str = "code") -> Callable[[ModuleType], list[type[T]]]:
    """A collector of the concrete subclasses of ``base`` a module defines (those that set ``key`` themselves),
    in the order they are written."""

    def collect(module: ModuleType) -> list[type[T]]:
        # A module's globals keep the order the classes were defined in.
        return [
            value
            for value in vars(module).values()
            if inspect.isclass(value)
            and issubclass(value, base)
            and value is not base
            and value.__module__ == module.__name__
            and key in vars(value)
        ]

    return collect


class Registry(Mapping[str, T]):
    """The parts of one package by key, found on first use.

    ``collect`` turns one module into its parts (a module, its classes, an object built from it); ``key``
    names a part; ``order`` (default: the part's ``ORDER`` or ``order`` attribute, else 0) sorts them.
    Two parts with one key are an error: the second would silently hide the first.
    """

    def __init__(
        self,
        package: str,
        collect: Callable[[ModuleType], Iterable[T]],
        key: Callable[[T], str],
        order: Callable[[T], Any] | None = None,
    ) -> None:
        self.package = package
        self._collect = collect
        self._key = key
        self._order = order or _declared_order
        self._parts: dict[str, T] | None = None
        # The audit walks the checks' package in a background thread while it crawls: one walk, whoever asks.
        self._walk_lock = threading.RLock()

    def loaded(self) -> dict[str, T]:
        """The parts by key, in order (walking the package on first use). Tests may add or replace parts
        in this dict (``monkeypatch.setitem``) to run a deliberately broken one."""
        parts = self._parts
        if parts is None:
            with self._walk_lock:
                if self._parts is None:
                    self._parts = self._walk()
                parts = self._parts
        return parts

    def _walk(self) -> dict[str, T]:
        parts: list[T] = []
        for module in package_modules(self.package):
            parts.extend(self._collect(module))
        ordered = sorted(enumerate(parts), key=lambda item: (self._order(item[1]), item[0]))
        found: dict[str, T] = {}
        for _, part in ordered:
            name = self._key(part)
            if name in found and found[name] is not part:
                raise ValueError(f"{self.package}: two parts named {name}")
            found[name] = part
        return found

    def __getitem__(self, name: str) -> T:
        return self.loaded()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.loaded())

    def __len__(self) -> int:
        return len(self.loaded())

    def __repr__(self) -> str:
        return f"Registry({self.package!r})"


def _declared_order(part: object) -> Any:
    for name in ("ORDER", "order"):
        value = getattr(part, name, None)
        if isinstance(value, int | float):
            return value
    return 0

"""Lazy package exports: ``package.name`` imports the module that defines it on first use.

Keeps ``import geo`` (and the command line's start-up) cheap while letting users write
``geo.where(...)`` without knowing which module holds it.

A name exported from a submodule *of the same name* (``geo.zones.where`` the function,
from ``geo/zones/where.py``) needs care: when that submodule is imported, Python sets the
package attribute to the module, which would hide the function. The package's module
object therefore gets a class whose ``__setattr__`` keeps the exported object in that
case, so the submodule can still be imported by its full name (``from geo.zones.where
import WhereAnswer``) and nothing has to be imported eagerly.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from collections.abc import Callable
from typing import Any


class _LazyPackage(types.ModuleType):
    """A package module that never lets a submodule shadow the export of the same name."""

    _lazy_exports: dict[str, str]

    def __setattr__(self, name: str, value: Any) -> None:
        exports = self.__dict__.get("_lazy_exports", {})
        if (isinstance(value, types.ModuleType) and exports.get(name) == value.__name__
                and value.__name__ == f"{self.__name__}.{name}" and hasattr(value, name)):
            value = getattr(value, name)
        super().__setattr__(name, value)


def lazy_exports(package: str, exports: dict[str, str],
                 namespace: dict[str, Any]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return ``(__getattr__, __dir__)`` for ``package`` given ``{name: module}``."""
    module_obj = sys.modules[package]
    module_obj.__class__ = _LazyPackage
    namespace["_lazy_exports"] = exports

    def __getattr__(name: str) -> Any:  # noqa: N807 - module-level protocol
        module = exports.get(name)
        if module is None:
            # a subpackage or submodule by attribute (``geo.flight.event_tracks`` after a
            # bare ``import geo``), imported on first use like the exports
            if not name.startswith("_") and importlib.util.find_spec(f"{package}.{name}"):
                return importlib.import_module(f"{package}.{name}")
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:  # noqa: N807
        return sorted(set(namespace) | set(exports))

    return __getattr__, __dir__

"""Lazy package exports: ``package.name`` imports the module that defines it on first use.

Keeps ``import geo`` (and the command line's start-up) cheap while letting users write
``geo.where(...)`` without knowing which module holds it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_exports(package: str, exports: dict[str, str],
                 namespace: dict[str, Any]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return ``(__getattr__, __dir__)`` for ``package`` given ``{name: module}``.

    A name exported from a submodule *of the same name* (``geo.flight.reach`` from
    ``geo/flight/reach.py``) is bound at once: importing that submodule later would
    otherwise set the package attribute to the module and hide the function.
    """

    def __getattr__(name: str) -> Any:  # noqa: N807 - module-level protocol
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:  # noqa: N807
        return sorted(set(namespace) | set(exports))

    for name, module in exports.items():
        if module == f"{package}.{name}":
            __getattr__(name)
    return __getattr__, __dir__

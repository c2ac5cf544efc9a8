"""The public surface: every package's lazy exports, its TYPE_CHECKING block and its literal
``__all__`` name the same objects, every name resolves, and every error is a
LaunchmapError defined in geo/errors.py."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

import geo
import geo.errors

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["geo", "geo.zones", "geo.flight", "layers"]


def _package_tables(package: str) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """(_EXPORTS, {name: module} of the TYPE_CHECKING imports, __all__) read from source."""
    path = ROOT / package.replace(".", "/") / "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    exports: dict[str, str] = {}
    checked: dict[str, str] = {}
    all_names: list[str] | None = None
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            target = node.targets[0].id
            if target == "_EXPORTS":
                exports = ast.literal_eval(node.value)
            elif target == "__all__":
                assert isinstance(node.value, ast.List), f"{package}.__all__ must be a literal list"
                all_names = ast.literal_eval(node.value)
        elif isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for imp in node.body:
                assert isinstance(imp, ast.ImportFrom), f"{package}: only imports under TYPE_CHECKING"
                for alias in imp.names:
                    checked[alias.asname or alias.name] = imp.module
    assert all_names is not None, f"{package} has no literal __all__"
    return exports, checked, all_names


@pytest.mark.parametrize("package", PACKAGES)
def test_exports_type_checking_and_all_agree(package):
    exports, checked, all_names = _package_tables(package)
    assert exports, f"{package} exports nothing"
    assert checked == exports, f"{package}: TYPE_CHECKING block and _EXPORTS differ"
    assert sorted(all_names) == sorted(exports), f"{package}: __all__ and _EXPORTS differ"
    assert len(set(all_names)) == len(all_names)


@pytest.mark.parametrize("package", PACKAGES)
def test_every_export_resolves_to_its_module(package):
    mod = importlib.import_module(package)
    exports, _, _ = _package_tables(package)
    for name, module in exports.items():
        obj = getattr(mod, name)
        assert obj is getattr(importlib.import_module(module), name), f"{package}.{name}"
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert obj.__module__ == module, f"{package}.{name} is defined in {obj.__module__}"
    assert set(exports) <= set(dir(mod))


def test_submodule_import_does_not_shadow_the_function():
    from geo.zones.where import WhereAnswer  # imports the submodule by its full name

    assert callable(geo.zones.where) and not inspect.ismodule(geo.zones.where)
    assert callable(geo.flight.reach) and not inspect.ismodule(geo.flight.reach)
    assert WhereAnswer is geo.WhereAnswer


def _error_classes() -> list[type]:
    return [obj for obj in vars(geo.errors).values()
            if inspect.isclass(obj) and issubclass(obj, BaseException)]


def test_every_error_lives_in_geo_errors_under_launchmap_error():
    classes = _error_classes()
    assert len(classes) >= 12
    for cls in classes:
        assert cls.__module__ == "geo.errors"
        assert issubclass(cls, geo.LaunchmapError), cls
        assert getattr(geo, cls.__name__) is cls, f"geo.{cls.__name__} is not exported"
    assert sorted(geo.errors.__all__) == sorted([c.__name__ for c in classes] + ["RowError"])


def test_no_error_class_is_defined_outside_geo_errors():
    offenders = []
    for path in [*ROOT.joinpath("geo").rglob("*.py"), *ROOT.joinpath("layers").rglob("*.py")]:
        if path.name == "errors.py" and path.parent.name == "geo":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                    getattr(b, "id", getattr(b, "attr", "")).endswith(("Error", "Exception"))
                    for b in node.bases):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert not offenders, offenders


def test_subpackages_resolve_by_attribute_after_a_bare_import():
    import subprocess
    import sys

    code = ("import geo, sys; geo.flight.event_tracks; geo.zones.where; "
            "print(callable(geo.flight.event_tracks), 'geo.flight' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.split()
    assert out == ["True", "True"]
    with pytest.raises(AttributeError, match="no attribute 'nosuch'"):
        geo.nosuch  # noqa: B018

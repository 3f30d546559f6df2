"""The public API: every advertised name exists, and importing the package stays cheap."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import textwrap

import pytest

BACKENDS = ("lxml", "pdfminer")


def test_public_modules_are_found(public_modules: list[str]) -> None:
    """Module discovery sees the package and its public subpackages, and skips private modules."""
    assert "govinfo_report" in public_modules
    assert "govinfo_report.errors" in public_modules
    assert "govinfo_report.model" in public_modules
    assert "govinfo_report.model.labels" in public_modules
    assert not [name for name in public_modules if "._" in name]


def test_every_name_in_all_imports(public_module: str) -> None:
    """Each name a public module lists in ``__all__`` can be imported from it, without duplicates."""
    module = importlib.import_module(public_module)
    names = getattr(module, "__all__", None)
    if names is None:
        # Only a package with nothing to export yet may lack __all__.
        assert not [name for name in vars(module) if not name.startswith("_")], public_module
        return
    assert isinstance(names, (list, tuple)), f"{public_module}.__all__ must be a list or tuple"
    assert len(set(names)) == len(names), f"duplicates in {public_module}.__all__"
    for name in names:
        assert isinstance(name, str)
        assert hasattr(module, name), f"{public_module}.__all__ names {name!r}, which does not exist"
        namespace: dict[str, object] = {}
        exec(f"from {public_module} import {name}", namespace)  # noqa: S102 -- the statement users write
        assert namespace[name] is getattr(module, name)


def _imported_after(code: str) -> list[str]:
    """Run ``code`` in a fresh interpreter and return the backend modules it imported."""
    script = textwrap.dedent(
        f"""
        import json, sys
        {code}
        print(json.dumps(sorted(
            name for name in sys.modules if name.split(".")[0] in {BACKENDS!r}
        )))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env=None,
    )
    imported = json.loads(result.stdout.strip().splitlines()[-1])
    assert isinstance(imported, list)
    return [str(name) for name in imported]


def test_import_does_not_load_backends() -> None:
    """``import govinfo_report`` imports neither lxml nor pdfminer (parsers load them on first use)."""
    assert _imported_after("import govinfo_report") == []


def test_dir_does_not_load_backends() -> None:
    """Listing the package's names (as completion does) does not load the backends either."""
    assert _imported_after("import govinfo_report; dir(govinfo_report)") == []


@pytest.mark.parametrize("backend", ["lxml", "pdfminer"])
def test_backend_check_can_fail(backend: str) -> None:
    """The subprocess check above does see a backend once something imports it."""
    assert _imported_after(f"import {backend}") != []


def test_top_level_names_survive_submodule_imports(public_modules: list[str]) -> None:
    """Each top-level name gives the same object on every access, and never a module.

    Importing a submodule binds it as an attribute of its package; a top-level function with the
    same name as a submodule (``govinfo_report.validate``) must not be replaced by the module,
    whether the submodule is imported before, by or after the first access.
    """
    script = textwrap.dedent(
        f"""
        import importlib, json, types
        import govinfo_report
        names = [name for name in govinfo_report.__all__ if name != "__version__"]
        problems = []
        for name in names:
            first, second = getattr(govinfo_report, name), getattr(govinfo_report, name)
            if first is not second:
                problems.append(name + ": differs between accesses")
        for module in {public_modules!r}:
            importlib.import_module(module)
        for name in names:
            if isinstance(getattr(govinfo_report, name), types.ModuleType):
                problems.append(name + ": is a module")
        print(json.dumps(problems))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []

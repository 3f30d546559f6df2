"""Old module names kept as aliases that warn, for code written against earlier releases."""

from __future__ import annotations

import types
import warnings
from importlib import import_module
from typing import Any

__all__ = ["moved_module"]


def moved_module(old: str, new: str) -> types.ModuleType:
    """Return a module named ``old`` whose attributes are those of ``new``, each with a DeprecationWarning."""
    module = types.ModuleType(old, f"Deprecated alias of :mod:`{new}`.")

    def __getattr__(name: str) -> Any:  # noqa: N807 - a module's attribute hook
        if name.startswith("__"):
            raise AttributeError(name)
        target = getattr(import_module(new), name)
        warnings.warn(f"{old}.{name} is deprecated; use {new}.{name}", DeprecationWarning, stacklevel=2)
        return target

    module.__getattr__ = __getattr__  # type: ignore[method-assign]
    return module

"""The installed distribution's version, read once on demand."""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _distribution_version

__all__ = ["backends", "version"]


@cache
def version() -> str:
    """Return the version of the installed ``govinfo-report`` distribution."""
    try:
        return _distribution_version("govinfo-report")
    except PackageNotFoundError:  # running from a source tree without installation
        return "0+unknown"


@cache
def backends(names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Return ``(name, version)`` of the installed distributions ``names`` (``"unknown"`` when absent)."""
    found = []
    for name in names:
        try:
            found.append((name, _distribution_version(name)))
        except PackageNotFoundError:
            found.append((name, "unknown"))
    return tuple(found)

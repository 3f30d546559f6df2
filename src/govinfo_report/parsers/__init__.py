"""Deprecated: the entry points moved to :mod:`govinfo_report`, the readers to :mod:`govinfo_report.readers`.

.. deprecated:: 0.2.0
   Use :func:`govinfo_report.parse`, :func:`govinfo_report.parse_bytes`,
   :func:`govinfo_report.parse_path`, :func:`govinfo_report.readers.read_document`
   and :func:`govinfo_report.readers.detect_format`.
"""

from __future__ import annotations

import warnings
from importlib import import_module
from typing import Any

__all__: list[str] = []

_MOVED = {
    "Format": ("govinfo_report.document", "Format"),
    "detect_format": ("govinfo_report.readers", "detect_format"),
    "parse": ("govinfo_report", "parse"),
    "parse_bytes": ("govinfo_report", "parse_bytes"),
    "parse_document": ("govinfo_report.readers", "read_document"),
    "parse_path": ("govinfo_report", "parse_path"),
}


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _MOVED[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    warnings.warn(
        f"govinfo_report.parsers.{name} is deprecated; use {module}.{attribute}",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(import_module(module), attribute)

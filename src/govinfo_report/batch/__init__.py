"""Parse many reports in parallel, one :class:`Outcome` per input.

:func:`parse_many` runs the parser over a process pool and yields an
:class:`Outcome` for every input as soon as it is ready: the report and its
validation findings, or an :class:`ErrorInfo` saying why there is none.
The package is in layers: the records (:mod:`govinfo_report.batch.outcome`),
finding input files (:func:`iter_sources`, which reports what it leaves out as
:class:`Skipped` records) and the worker pool.

Example:
    >>> from govinfo_report.batch import parse_many
    >>> from govinfo_report.examples import example_bytes
    >>> [outcome] = parse_many([("example.txt", example_bytes())], workers=1, validate=False)
    >>> outcome.ok, outcome.report.year
    (True, 2020)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govinfo_report.batch._sources import DEFAULT_SUFFIXES, input_suffixes, iter_sources
from govinfo_report.batch.outcome import (
    NOT_A_REPORT_SUFFIX,
    WORKER_CRASHED,
    ErrorInfo,
    Outcome,
    Skipped,
    Source,
)

__all__ = [
    "DEFAULT_SUFFIXES",
    "NOT_A_REPORT_SUFFIX",
    "WORKER_CRASHED",
    "ErrorInfo",
    "Outcome",
    "Skipped",
    "Source",
    "input_suffixes",
    "iter_sources",
    "parse_many",
]


if TYPE_CHECKING:
    from govinfo_report.batch._pool import parse_many


def __getattr__(name: str) -> Any:
    # The pool loads on first use, so that importing the records (as the serializers do) stays light.
    if name == "parse_many":
        from govinfo_report.batch._pool import parse_many  # noqa: PLC0415

        return parse_many
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return list(__all__)

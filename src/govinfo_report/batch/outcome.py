"""The records a batch run yields: one :class:`Outcome` per input, an :class:`ErrorInfo` when it failed.

This module is the low layer of :mod:`govinfo_report.batch`: serializers import
it without the worker pool.
"""

from __future__ import annotations

import os
from typing import Final, Literal

import attrs

from govinfo_report.errors import ParseError, SourceLocation
from govinfo_report.model import Report
from govinfo_report.validation import Finding

__all__ = ["NOT_A_REPORT_SUFFIX", "WORKER_CRASHED", "ErrorInfo", "Outcome", "Skipped", "Source"]

Source = str | os.PathLike[str] | tuple[str, bytes]
"""One input of :func:`~govinfo_report.batch.parse_many`: a file path, or a ``(name, contents)`` pair."""

WORKER_CRASHED: Final = "WorkerCrashed"
"""The :attr:`ErrorInfo.type` of an input whose worker process died while parsing it."""


NOT_A_REPORT_SUFFIX: Final = "not a report suffix"
"""The :attr:`Skipped.reason` of a file in a folder whose name does not end like a report's."""


@attrs.frozen(kw_only=True)
class Skipped:
    """A path a batch run found but does not parse, and why.

    Attributes:
        path: The path as found (a folder's entry, or as given).
        reason: Why it is left out: not a regular file (a FIFO, a device, a
            socket), a suffix that is not a report's, a hidden name, a
            symbolic link loop, the same file or folder met again, or an error
            while looking at it.
    """

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@attrs.frozen(kw_only=True)
class ErrorInfo:
    """Why an input gave no report: a plain, picklable record of the error.

    Attributes:
        type: The exception's class name (``"StructureError"``,
            ``"FileNotFoundError"``, ...), ``"LimitExceededError"`` for an input
            that hit the time limit, or :data:`~govinfo_report.batch.outcome.WORKER_CRASHED` when the worker
            process died.
        message: What went wrong, without the location.
        location: Where in the input it went wrong, when known.
    """

    type: str
    message: str
    location: SourceLocation | None = None

    @classmethod
    def from_exception(cls, error: BaseException) -> ErrorInfo:
        """Describe ``error``; a :class:`~govinfo_report.ParseError` keeps its location."""
        if isinstance(error, ParseError):
            return cls(type=type(error).__name__, message=error.message, location=error.location)
        return cls(type=type(error).__name__, message=str(error) or type(error).__name__)

    def __str__(self) -> str:
        where = self.location.describe() if self.location is not None else ""
        return f"{self.type}: {self.message}" + (f" ({where})" if where else "")


@attrs.frozen(kw_only=True)
class Outcome:
    """The result of parsing one input of a batch.

    Attributes:
        source: The input's path as given, or the name of a ``(name, bytes)`` pair.
        sha256: Hex SHA-256 of the input bytes; ``None`` when they could not be read.
        report: The parsed report, or ``None`` when parsing failed.
        findings: Validation findings of the report (empty when validation was
            not requested or parsing failed).
        error: Why there is no report, or ``None``.  When validation itself
            fails, ``report`` is kept and ``error`` says what went wrong.
        seconds: Time spent reading, parsing and validating the input.
    """

    source: str
    sha256: str | None = None
    report: Report | None = None
    findings: tuple[Finding, ...] = ()
    error: ErrorInfo | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether the input was parsed (and validated, if requested) without error."""
        return self.error is None and self.report is not None

    @property
    def status(self) -> Literal["complete", "partial", "failed"]:
        """Whether the input gave a complete report, a partial one or none.

        ``"complete"`` when every cell of the report's tables was read, ``"partial"`` when
        some were not (see :attr:`Report.completeness <govinfo_report.Report.completeness>`),
        ``"failed"`` when there is no report or it could not be validated.

        .. versionadded:: 0.2
        """
        if not self.ok or self.report is None:
            return "failed"
        return "complete" if self.report.completeness.complete else "partial"

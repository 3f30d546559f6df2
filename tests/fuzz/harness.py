"""Run one fuzz case and judge its outcome; count the outcomes of the session.

The allowed outcomes of parsing any input are a :class:`~govinfo_report.Report`
(which :func:`~govinfo_report.validation.validate` and the JSON export then
accept) or a :class:`~govinfo_report.errors.GovInfoReportError` with a message;
a :class:`~govinfo_report.errors.ParseError` must carry a location.  Anything
else fails the case: another exception, a case that runs past
:data:`SECONDS` (a hang, stopped by an alarm the library cannot catch), or a
process whose peak memory passes :data:`PEAK_MIB`.
"""

from __future__ import annotations

import resource
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

from hypothesis import settings

from govinfo_report import parse_bytes, to_json
from govinfo_report._deadline import alarm
from govinfo_report.errors import GovInfoReportError, ParseError
from govinfo_report.readers import PdfBackend
from govinfo_report.validation import validate

SECONDS = {"text": 20.0, "html": 20.0, "docx": 20.0, "pdf": 60.0, "markdown": 20.0}
"""Bound on one case, per format: far above the slowest clean corpus file (1.6 s), so only a hang trips it."""

PEAK_MIB = 2048
"""Bound on the test process's peak resident memory after any case."""

OUTCOMES: Counter[tuple[str, str]] = Counter()
"""``(format, outcome)`` counts of the session: ``Report`` or the exception class name."""


class Hang(BaseException):
    """A case ran past its bound (a ``BaseException``, so no ``except Exception`` can hide it)."""


def fuzzing() -> bool:
    """Whether the ``fuzz`` Hypothesis profile is active (``HYPOTHESIS_PROFILE=fuzz``)."""
    return settings.get_current_profile_name() == "fuzz"


@contextmanager
def bounded(seconds: float) -> Iterator[None]:
    """Raise :class:`Hang` in the block after ``seconds`` (main thread, POSIX; else unbounded)."""

    def expire() -> NoReturn:
        raise Hang(f"the case ran longer than {seconds:g} s")

    with alarm(seconds, expire):
        yield


def _peak_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def check(data: bytes, *, format: str, source: str, pdf_backend: PdfBackend | None = None) -> str:
    """Parse, validate and export ``data``; fail unless the outcome is allowed; return the outcome.

    Args:
        data: The (mutated) input.
        format: The format the input started as, for the statistics (detection runs on the bytes).
        source: The input's name.
        pdf_backend: The PDF backend (``None``: the default).
    """
    started = time.perf_counter()
    failure: GovInfoReportError | None = None
    with bounded(SECONDS[format]):
        try:
            report = parse_bytes(data, source=source, pdf_backend=pdf_backend)
        except GovInfoReportError as error:
            failure = error
        else:
            findings = validate(report)
            assert all(finding.rule_id for finding in findings)
            assert to_json(report)
    if failure is None:
        outcome = "Report"
    else:
        outcome = type(failure).__name__
        assert str(failure).strip(), f"{outcome} without a message"
        if isinstance(failure, ParseError):
            assert failure.location is not None, f"{outcome} without a location: {failure}"
            assert failure.location.source == source, f"{outcome} names another source: {failure}"
    elapsed = time.perf_counter() - started
    assert elapsed <= SECONDS[format], f"{elapsed:.1f} s"
    peak = _peak_mib()
    assert peak <= PEAK_MIB, f"peak memory {peak:.0f} MiB after this case"
    OUTCOMES[format, outcome] += 1
    return outcome

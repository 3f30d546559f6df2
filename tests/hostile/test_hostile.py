"""Every hostile input ends with an allowed outcome within its time and memory bounds.

The cases, their bounds and their allowed outcomes are in
:mod:`tests.hostile.cases`; ``docs/robustness.md`` lists them.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from tests.hostile.cases import CASES, Hostile
from tests.hostile.runner import run

from govinfo_report.readers import PDF_BACKENDS


def _variants(case: Hostile) -> list[Hostile]:
    """The case, and for a PDF one each backend's version of it."""
    if case.format != "pdf":
        return [case]
    return [
        dataclasses.replace(case, pdf_backend=backend, outcomes=case.pdfium_outcomes, match=None)
        if backend == "pdfium" and case.pdfium_outcomes is not None
        else dataclasses.replace(case, pdf_backend=backend)
        for backend in PDF_BACKENDS
    ]


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            variant,
            id=variant.name + (f"-{variant.pdf_backend}" if variant.pdf_backend else ""),
            marks=(pytest.mark.slow,) if case.slow else (),
        )
        for case in CASES
        for variant in _variants(case)
    ],
)
def test_hostile_input_is_bounded(case: Hostile, tmp_path: Path) -> None:
    """The parse ends with an allowed outcome, within the case's time and memory bounds."""
    result = run(case, tmp_path)
    assert result.outcome in case.outcomes, f"{result.outcome}: {result.message}"
    if case.match is not None and result.outcome != "Report":
        assert re.search(case.match, result.message), result.message
    assert not result.problems, result.problems
    assert result.seconds <= case.seconds, f"took {result.seconds:.2f} s, bound {case.seconds:g} s"
    assert result.mib <= case.mib, f"peak memory grew {result.mib:.0f} MiB, bound {case.mib:g} MiB"

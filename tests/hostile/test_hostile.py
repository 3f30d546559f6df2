"""Every hostile input ends with an allowed outcome within its time and memory bounds.

The cases, their bounds and their allowed outcomes are in
:mod:`tests.hostile.cases`; ``docs/robustness.md`` lists them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.hostile.cases import CASES, Hostile
from tests.hostile.runner import run


@pytest.mark.parametrize(
    "case",
    [pytest.param(case, id=case.name, marks=(pytest.mark.slow,) if case.slow else ()) for case in CASES],
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

"""How many cases each fuzz test runs: a quick set in every test run, the full set in the fuzz session.

Every fuzz test exists twice: a *quick* variant in the default run, and a
*full* variant marked ``slow`` that ``nox -s fuzz`` (``-m "slow or
hypothesis"``, ``HYPOTHESIS_PROFILE=fuzz``) selects.  The full variant runs
the ``fuzz`` counts under the ``fuzz`` profile, and ten times the quick count
otherwise (``pytest -m slow`` on its own).

The counts are per corpus input; :func:`planned` totals them for the
robustness table in ``docs/robustness.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from tests.conftest import corpus_cases
from tests.fuzz.cells import eligible
from tests.fuzz.harness import fuzzing


@dataclass(frozen=True)
class Budget:
    """Cases per corpus input for one fuzz test and format."""

    quick: int
    fuzz: int


MUTATED: dict[str, Budget] = {
    "text": Budget(quick=3, fuzz=1000),
    "html": Budget(quick=12, fuzz=4000),
    "docx": Budget(quick=8, fuzz=3000),
    "pdf": Budget(quick=3, fuzz=1500),
    "markdown": Budget(quick=3, fuzz=1000),
}
"""Mutated corpus inputs (:mod:`tests.fuzz.test_mutated_corpus`), per input of each format."""

CHANGED_CELL: dict[str, Budget] = {
    "text": Budget(quick=3, fuzz=200),
    "html": Budget(quick=8, fuzz=800),
    "docx": Budget(quick=5, fuzz=500),
}
"""One table cell changed in a clean input (:mod:`tests.fuzz.test_changed_cell`), per input."""

SIZES = (
    pytest.param("quick", id="quick"),
    pytest.param("full", id="full", marks=pytest.mark.slow),
)
"""Parametrize a fuzz test with these to get its quick and its full (``slow``) variant."""


def examples(budget: Budget, size: str) -> int:
    """The number of cases for ``size`` (``quick`` or ``full``) under the active profile."""
    if size == "quick":
        return budget.quick
    return budget.fuzz if fuzzing() else 10 * budget.quick


def inputs(format: str, *, changed_cell: bool = False) -> int:
    """How many corpus inputs of ``format`` a fuzz test runs on."""
    cases = corpus_cases((format,))
    if changed_cell:
        cases = [case for case in cases if eligible(case)]
    return len(cases)


def planned() -> dict[str, dict[str, tuple[int, int]]]:
    """``{test: {format: (quick cases, fuzz cases)}}`` over all corpus inputs."""
    plan: dict[str, dict[str, tuple[int, int]]] = {"mutated": {}, "changed_cell": {}}
    for format, budget in MUTATED.items():
        n = inputs(format)
        plan["mutated"][format] = (n * budget.quick, n * budget.fuzz)
    for format, budget in CHANGED_CELL.items():
        n = inputs(format, changed_cell=True)
        plan["changed_cell"][format] = (n * budget.quick, n * budget.fuzz)
    return plan
